//! Key parsing, defaults, overrides and conflicts.

use super::*;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn every_default_key_parses() {
    for (_, action, keys) in DEFAULTS {
        for k in *keys {
            assert!(Key::parse(k).is_some(), "{action:?}: {k}");
        }
    }
    assert_eq!(Keymap::default().bindings.len(), DEFAULTS.iter().map(|d| d.2.len()).sum::<usize>());
}

#[test]
fn vim_keys_and_arrows_both_move() {
    let map = Keymap::default();
    assert_eq!(
        map.action(Context::List, &key(KeyCode::Char('j'), KeyModifiers::NONE)),
        Some(Action::SelectNext)
    );
    assert_eq!(map.action(Context::List, &key(KeyCode::Down, KeyModifiers::NONE)), Some(Action::SelectNext));
    assert_eq!(
        map.action(Context::List, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::SelectLast)
    );
    assert_eq!(map.action(Context::Composer, &key(KeyCode::Enter, KeyModifiers::ALT)), Some(Action::Newline));
    assert_eq!(map.action(Context::Composer, &key(KeyCode::Char('j'), KeyModifiers::NONE)), None);
}

#[test]
fn config_overrides_replace_an_actions_keys() {
    let mut o = BTreeMap::new();
    o.insert("select-next".to_string(), KeyList::Many(vec!["h".into(), "ctrl-n".into()]));
    let map = Keymap::new(&o).unwrap();
    assert_eq!(
        map.action(Context::List, &key(KeyCode::Char('h'), KeyModifiers::NONE)),
        Some(Action::SelectNext)
    );
    assert_eq!(
        map.action(Context::List, &key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Action::SelectNext)
    );
    assert_eq!(map.action(Context::List, &key(KeyCode::Char('j'), KeyModifiers::NONE)), None);
}

#[test]
fn unknown_actions_and_keys_are_refused() {
    let mut o = BTreeMap::new();
    o.insert("fly".to_string(), KeyList::One("x".into()));
    assert_eq!(Keymap::new(&o).unwrap_err().0, "fly");
    let mut o = BTreeMap::new();
    o.insert("quit".to_string(), KeyList::One("ctrl-".into()));
    assert!(Keymap::new(&o).is_err());
}

#[test]
fn two_actions_on_one_key_are_refused_naming_both() {
    let mut o = BTreeMap::new();
    o.insert("select-next".to_string(), KeyList::One("e".into()));
    let (key, message) = Keymap::new(&o).unwrap_err();
    assert_eq!(key, "select-next");
    assert_eq!(
        message,
        "\"e\" is bound to both select-next and mark-done in the chat list; give one of them another key"
    );
    // Moving mark-done off "e" first makes it free.
    o.insert("mark-done".to_string(), KeyList::One("x".into()));
    assert!(Keymap::new(&o).is_ok());
}

#[test]
fn help_lists_every_context() {
    let help = Keymap::default().help();
    assert_eq!(help.len(), 4);
    assert!(help[0].1.iter().any(|(k, h)| k == "q" && *h == "quit wabi"));
}
