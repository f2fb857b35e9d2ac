//! Compiled only under #[cfg(test)], from its parent module.
use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("config.toml")).map_err(|e| e.to_string())
}

#[test]
fn an_empty_file_means_every_default() {
    assert_eq!(parse(""), Ok(Config::default()));
}

#[test]
fn a_bad_time_range_names_file_line_and_key() {
    let err = parse("[business]\nname = \"Shop\"\n[hours]\nmon = [\"09:00-25:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:4: hours.mon[0]: \"09:00-25:00\" is not a time range"), "{err}");
}

#[test]
fn unknown_keys_are_refused_with_their_line() {
    let err = parse("[away]\nenabled = true\ncolour = 3\n").unwrap_err();
    assert!(err.starts_with("config.toml:3: "), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn a_bad_zone_and_a_bad_duration_are_named() {
    let err = parse("[hours]\ntimezone = \"Mars/Olympus\"\n").unwrap_err();
    assert!(err.starts_with("config.toml:2: hours.timezone: "), "{err}");
    let err = parse("[away]\ncooldown = \"soon\"\n").unwrap_err();
    assert_eq!(
        err,
        "config.toml:2: away.cooldown: \"soon\" is not a duration (like \"90s\", \"5m\", \"24h\", \"2d\")"
    );
}

#[test]
fn syntax_errors_give_a_line() {
    let err = parse("[hours\n").unwrap_err();
    assert!(err.starts_with("config.toml:1: "), "{err}");
}

#[test]
fn phones_in_recipient_lists_are_stored_as_digits() {
    let c = parse("[away]\nrecipients = \"only\"\nphones = [\"+49 151 1234567\"]\n").unwrap();
    assert_eq!(c.away.phones, vec!["491511234567".to_string()]);
    assert!(parse("[greeting]\nphones = [\"call me\"]\n").is_err());
}

#[test]
fn the_example_config_parses_and_sets_every_section() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let config = Config::parse(&text, &path).unwrap();
    for section in [
        "[business]",
        "[hours]",
        "[away]",
        "[greeting]",
        "[transport]",
        "[transport.demo]",
        "[transport.cloud]",
        "[ui]",
        "[ui.keys]",
        "[consent]",
        "[broadcast]",
        "[events]",
        "[[hooks]]",
    ] {
        assert!(text.contains(section), "config.example.toml lacks {section}");
    }
    assert_eq!(config.hours.timezone, chrono_tz::Tz::Europe__Berlin);
}

#[test]
fn overlapping_ranges_name_the_day_and_its_line() {
    let err =
        parse("[hours]\nmon = [\"09:00-18:00\"]\ntue = [\"09:00-12:00\", \"11:00-14:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:3: hours.tue: "), "{err}");
    assert!(err.contains("overlaps"), "{err}");
}

#[test]
fn a_bad_closed_date_is_named() {
    let err = parse("[hours]\nclosed_dates = [\"2026-02-30\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:2: hours.closed_dates"), "{err}");
}

#[test]
fn an_empty_range_names_its_day_and_line() {
    let err = parse("[hours]\nmon = [\"09:00-18:00\"]\nwed = [\"09:00-09:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:3: hours.wed: "), "{err}");
    assert!(err.contains("is empty"), "{err}");
}

#[test]
fn an_evening_running_into_the_next_mornings_hours_names_the_later_day() {
    // An end before the start is a range across midnight, fine on its own; but "18:00-10:00"
    // still runs into Tuesday's 09:00 opening.
    let err = parse("[hours]\nmon = [\"18:00-10:00\"]\ntue = [\"09:00-17:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:3: hours.tue: "), "{err}");
    assert!(err.contains("overlaps \"18:00-10:00\" on Monday"), "{err}");
}

#[test]
fn sunday_night_running_into_monday_morning_names_monday() {
    let err = parse("[hours]\nmon = [\"01:00-05:00\"]\nsun = [\"22:00-02:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:2: hours.mon: "), "{err}");
}

#[test]
fn midnight_written_24_00_is_only_an_end() {
    let err = parse("[hours]\nfri = [\"24:00-08:00\"]\n").unwrap_err();
    assert!(err.starts_with("config.toml:2: hours.fri[0]: "), "{err}");
    assert!(parse("[hours]\nfri = [\"18:00-24:00\"]\nsat = [\"00:00-02:00\"]\n").is_ok());
}

#[test]
fn webhook_connections_must_be_at_least_one() {
    let err = parse("[transport.cloud]\nmax_connections = 0\n").unwrap_err();
    assert_eq!(err, "config.toml:2: transport.cloud.max_connections: 0 is not between 1 and 65536");
    assert_eq!(
        parse("[transport.cloud]\nmax_connections = 16\n").map(|c| c.transport.cloud.max_connections),
        Ok(16)
    );
}

#[test]
fn hooks_parse_with_their_filters() {
    let config = Config::parse(
        "[events]\nkeep = \"30d\"\n[[hooks]]\nname = \"crm\"\non = [\"message.in\", \"chat.label\"]\n\
         labels = [\"VIP\"]\norigins = [\"customer\"]\ncommand = \"cat >> /tmp/x\"\n",
        Path::new("config.toml"),
    )
    .unwrap();
    assert_eq!(config.events.keep, chrono::TimeDelta::days(30));
    let hook = &config.hooks[0];
    assert_eq!(hook.on, [crate::events::EventKind::MessageIn, crate::events::EventKind::ChatLabel]);
    assert_eq!(hook.origins, [crate::model::Origin::Customer]);
}

#[test]
fn an_unknown_event_kind_or_filter_names_its_line() {
    let hook = |body: &str| {
        parse(&format!(
            "[[hooks]]\nname = \"a\"\non = [\"chat.label\"]\ncommand = \"true\"\n[[hooks]]\nname = \"b\"\n{body}"
        ))
    };
    let err = hook("on = [\"message.in\", \"message.inn\"]\ncommand = \"true\"\n").unwrap_err();
    assert!(err.starts_with("config.toml:7:"), "{err}");
    assert!(err.contains("unknown event kind \"message.inn\""), "{err}");
    let err = hook("on = [\"message.in\"]\nfilter = 3\ncommand = \"true\"\n").unwrap_err();
    assert!(err.contains("config.toml:") && err.contains("filter"), "{err}");
    let err = hook("on = [\"message.in\"]\norigins = [\"robot\"]\ncommand = \"true\"\n").unwrap_err();
    assert!(err.starts_with("config.toml:8:") && err.contains("unknown origin"), "{err}");
    let err = hook("on = [\"message.in\"]\nurl = \"https://x.example\"\n").unwrap_err();
    assert!(err.contains("secret_env"), "{err}");
}
