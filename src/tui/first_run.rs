//! What the inbox says on an empty store: the one next step that fits the situation (no config
//! yet, no way to reach customers yet, or waiting for the first message), the demo, where the
//! config is, and how to see the keys.

use crate::config::TransportKind;

/// The situation the first-run screen speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    /// The config file exists.
    pub config_exists: bool,
    /// The transport the config names.
    pub transport: TransportKind,
}

/// The lines of the first-run hint (without "No chats yet.", which the view adds). `config` is
/// the config path as shown (home as `~`).
pub fn hint(config: &str, situation: Situation) -> String {
    let next = if !situation.config_exists {
        "Set up your shop:              wabi init --interactive"
    } else {
        match situation.transport {
            TransportKind::None => "Connect your WhatsApp number:  see README § WhatsApp Cloud API",
            TransportKind::Demo => "Wait a moment:                 simulated customers write soon",
            TransportKind::Cloud => "Receive messages:              keep wabi serve running",
        }
    };
    let marker = if situation.config_exists { "" } else { " (not created yet)" };
    [
        next.to_string(),
        "Try the demo:                  wabi --demo".to_string(),
        String::new(),
        format!("Config: {config}{marker}"),
        "Keys:   ? shows them all".to_string(),
    ]
    .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "~/.config/wabi/config.toml";

    fn first_line(config_exists: bool, transport: TransportKind) -> String {
        hint(PATH, Situation { config_exists, transport }).lines().next().unwrap_or_default().to_string()
    }

    #[test]
    fn without_a_config_the_step_is_init_and_the_path_is_marked() {
        let text = hint(PATH, Situation { config_exists: false, transport: TransportKind::None });
        assert!(text.starts_with("Set up your shop:              wabi init"), "{text}");
        assert!(text.contains("Config: ~/.config/wabi/config.toml (not created yet)"), "{text}");
        assert!(text.contains("wabi --demo"));
        assert!(!text.contains("inject"), "a developer tool is no first step");
    }

    #[test]
    fn with_a_config_the_step_follows_the_transport() {
        assert!(first_line(true, TransportKind::None).contains("README § WhatsApp Cloud API"));
        assert!(first_line(true, TransportKind::Demo).contains("simulated customers"));
        assert!(first_line(true, TransportKind::Cloud).contains("wabi serve"));
        let text = hint(PATH, Situation { config_exists: true, transport: TransportKind::Cloud });
        assert!(text.contains("Config: ~/.config/wabi/config.toml\n"), "{text}");
    }

    #[test]
    fn every_line_fits_a_60_column_pane() {
        for exists in [false, true] {
            for transport in [TransportKind::None, TransportKind::Demo, TransportKind::Cloud] {
                for line in hint(PATH, Situation { config_exists: exists, transport }).lines() {
                    assert!(line.chars().count() <= 62, "{line:?}");
                }
            }
        }
    }
}
