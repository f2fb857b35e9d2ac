//! The config loader: random text, every documented key with values of every shape, and
//! mutations of the example config.

use std::path::Path;

use proptest::prelude::*;
use wabi::config::Config;

use crate::runs;

/// `section.key` pairs of the example config, which documents every key.
fn example_keys() -> Vec<(String, String)> {
    let text = include_str!("../../config.example.toml");
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim_matches(['[', ']']).to_string();
        } else if let Some((key, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
            keys.push((section.clone(), key.trim().to_string()));
        }
    }
    keys
}

/// A TOML value of any shape a user might write by mistake.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"09:00-18:00\"",
            "\"25:00-26:00\"",
            "\"18:00-09:00\"",
            "[\"09:00-13:00\", \"12:00-14:00\"]",
            "\"5m\"",
            "\"-1s\"",
            "\"99999999999999d\"",
            "\"0s\"",
            "\"Europe/Madrid\"",
            "\"Mars/Olympus\"",
            "\"always\"",
            "\"cloud\"",
            "\"demo\"",
            "\"\"",
            "[]",
            "{}",
            "true",
            "0",
            "-1",
            "1e400",
            "9223372036854775807",
            "18446744073709551616",
            "[\"2026-02-30\"]",
            "[\"ctrl-alt-shift-x\"]",
            "\"{{first_name|}}\"",
            "\"{{\"",
            "[\"STOP\", \"\"]",
            "\"\\u001b]52;c;x\\u0007\"",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
    ]
}

fn config_file() -> impl Strategy<Value = String> {
    let keys = example_keys();
    prop::collection::vec((prop::sample::select(keys), toml_value()), 0..12).prop_map(|pairs| {
        let mut text = String::new();
        for ((section, key), value) in pairs {
            let header =
                if section == "templates" { "[[templates]]".to_string() } else { format!("[{section}]") };
            text.push_str(&format!("{header}\n{key} = {value}\n"));
        }
        text
    })
}

fn load(text: &str) {
    if let Err(e) = Config::parse(text, Path::new("config.toml")) {
        let message = e.to_string();
        assert!(message.starts_with("config.toml"), "{message}");
    }
}

proptest! {
    #![proptest_config(runs(1500))]

    #[test]
    fn config_loader_survives_any_text(text in "\\PC{0,200}") {
        load(&text);
    }

    #[test]
    fn config_loader_survives_every_key_with_values_of_every_shape(text in config_file()) {
        load(&text);
    }

    #[test]
    fn config_loader_survives_mutations_of_the_example(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), any::<bool>()), 1..8),
    ) {
        let mut text: Vec<char> = include_str!("../../config.example.toml").chars().collect();
        for (at, c, insert) in edits {
            let i = at.index(text.len() + 1);
            if insert || i == text.len() { text.insert(i, c) } else { text[i] = c }
        }
        load(&text.into_iter().collect::<String>());
    }
}
