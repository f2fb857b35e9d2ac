//! The starter config `wabi init` writes: `config.example.toml`, built into the binary, with the
//! answers of `wabi init --interactive` put in place of the example's values (comments kept).

use chrono_tz::Tz;

use super::TransportKind;
use crate::hours::TimeRange;

/// `config.example.toml` as it was when this binary was built.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// The languages automatic messages' day names can be in.
pub const LANGUAGES: [&str; 8] = ["en", "es", "pt", "fr", "de", "it", "zh", "ar"];

/// What `wabi init --interactive` asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub business_name: String,
    pub timezone: Tz,
    /// Monday first.
    pub week: [Vec<TimeRange>; 7],
    pub away: bool,
    pub transport: TransportKind,
    /// With the cloud transport: the number's id from Meta's dashboard ("" to fill in later).
    pub phone_number_id: String,
    pub language: String,
}

/// The text to write: the example, or the example with `answers` in it.
pub fn starter(answers: Option<&Answers>) -> String {
    let Some(a) = answers else {
        return EXAMPLE.to_string();
    };
    let string = |s: &str| toml::Value::String(s.to_string());
    let mut text = EXAMPLE.to_string();
    text = set(&text, "business", "name", string(&a.business_name));
    text = set(&text, "business", "language", string(&a.language));
    text = set(&text, "hours", "timezone", string(a.timezone.name()));
    for (day, ranges) in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().zip(&a.week) {
        let list = ranges.iter().map(|r| string(&r.to_string())).collect();
        text = set(&text, "hours", day, toml::Value::Array(list));
    }
    // The example's holidays are the example's; the owner adds their own.
    text = set(&text, "hours", "closed_dates", toml::Value::Array(Vec::new()));
    text = set(&text, "away", "enabled", toml::Value::Boolean(a.away));
    let kind = match a.transport {
        TransportKind::None => "none",
        TransportKind::Demo => "demo",
        TransportKind::Cloud => "cloud",
    };
    text = set(&text, "transport", "kind", string(kind));
    if a.transport == TransportKind::Cloud {
        text = set(&text, "transport.cloud", "phone_number_id", string(&a.phone_number_id));
    }
    text
}

/// `text` with `key = value` in `[section]`: the key's line replaced (a trailing comment after
/// two spaces is kept), or, when the section lacks the key, a line added under its header, or,
/// when the file lacks the section, the section added at the end.
pub fn set(text: &str, section: &str, key: &str, value: toml::Value) -> String {
    let header = format!("[{section}]");
    let assignment = format!("{key} = {value}");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut header_at = None;
    let mut in_section = false;
    for (i, line) in lines.iter_mut().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_section = trimmed == header;
            if in_section {
                header_at = Some(i);
            }
            continue;
        }
        if in_section && trimmed.split('=').next().map(str::trim) == Some(key) && trimmed.contains('=') {
            let comment = line.rfind("  # ").map(|at| line[at..].to_string()).unwrap_or_default();
            let width = assignment.chars().count();
            *line = if comment.is_empty() {
                assignment
            } else {
                // Keep the example's column for the comment when the value fits before it.
                let column = line.rfind("  # ").map(|at| line[..at].chars().count()).unwrap_or(0);
                format!("{assignment}{}{}", " ".repeat(column.saturating_sub(width)), comment)
            };
            return lines.join("\n") + "\n";
        }
    }
    match header_at {
        Some(at) => lines.insert(at + 1, assignment),
        None => {
            lines.push(String::new());
            lines.push(header);
            lines.push(assignment);
        }
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::hours::words::parse_week;

    fn answers() -> Answers {
        Answers {
            business_name: "Paula's \"Green\" Shop # 1".into(),
            timezone: "America/Mexico_City".parse().unwrap(),
            week: parse_week("mon-fri 9-18, sat 10-14").unwrap(),
            away: false,
            transport: TransportKind::Cloud,
            phone_number_id: "1098765".into(),
            language: "es".into(),
        }
    }

    #[test]
    fn the_example_is_the_default_starter_and_parses() {
        assert_eq!(starter(None), EXAMPLE);
        Config::parse(&starter(None), Path::new("starter.toml")).unwrap();
    }

    #[test]
    fn answers_land_in_their_keys_and_the_result_parses() {
        let text = starter(Some(&answers()));
        let config = Config::parse(&text, Path::new("starter.toml")).unwrap();
        assert_eq!(config.business.name, "Paula's \"Green\" Shop # 1");
        assert_eq!(config.business.language.code(), "es");
        assert_eq!(config.business.email, "hola@example.com", "other keys keep the example's values");
        assert_eq!(config.hours.timezone.name(), "America/Mexico_City");
        let mon: Vec<String> = config.hours.mon.iter().map(ToString::to_string).collect();
        assert_eq!(mon, ["09:00-18:00"]);
        assert!(config.hours.sun.is_empty() && config.hours.closed_dates.is_empty());
        assert!(!config.away.enabled);
        assert!(config.greeting.enabled, "the greeting keeps the example's value");
        assert_eq!(config.transport.kind, TransportKind::Cloud);
        assert_eq!(config.transport.cloud.phone_number_id, "1098765");
    }

    #[test]
    fn comments_of_replaced_lines_are_kept() {
        let text = starter(Some(&answers()));
        // toml writes a name holding both quotes as a multi-line string, read back as one line.
        assert!(text.contains("Shop # 1\"\"\"  # default \"My Business\"\n"), "{text}");
        assert!(text.contains("# Each day is a list of \"HH:MM-HH:MM\" ranges"));
        let short = set(
            "[business]\nname = \"A\"              # default \"My Business\"\n",
            "business",
            "name",
            "B".into(),
        );
        assert_eq!(short, "[business]\nname = \"B\"              # default \"My Business\"\n");
    }

    #[test]
    fn a_missing_key_or_section_is_added() {
        let text = set("[business]\nname = \"A\"\n[hours]\n", "hours", "sun", toml::Value::Array(Vec::new()));
        assert_eq!(text, "[business]\nname = \"A\"\n[hours]\nsun = []\n");
        let text = set("[business]\n", "away", "enabled", toml::Value::Boolean(true));
        assert_eq!(text, "[business]\n\n[away]\nenabled = true\n");
        // A key of the same name in another section is left alone.
        let text = set("[greeting]\nenabled = true\n[away]\n", "away", "enabled", false.into());
        assert_eq!(text, "[greeting]\nenabled = true\n[away]\nenabled = false\n");
    }

    #[test]
    fn every_language_is_accepted_by_the_config() {
        for language in LANGUAGES {
            let a = Answers { language: language.into(), ..answers() };
            let config = Config::parse(&starter(Some(&a)), Path::new("x.toml")).unwrap();
            assert_eq!(config.business.language.code(), language);
        }
    }
}
