//! One event as a line: NDJSON for programs, a short sentence for people.

use std::io::Write;

use serde_json::Value;

use crate::sanitize::one_line;

/// Writes `{"cursor":"STORE:SEQ","kind":KIND,"at":TIME,...data}` and a newline. `data` is the
/// stored JSON object; `kind` and the store id are plain words (checked when they were made), so
/// they need no escaping. `clock` remembers the last second formatted.
pub fn json_line(
    out: &mut impl Write,
    clock: &mut Clock,
    store: &str,
    seq: i64,
    at: i64,
    kind: &str,
    data: &str,
) -> std::io::Result<()> {
    write!(out, "{{\"cursor\":\"{store}:{seq}\",\"kind\":\"{kind}\",\"at\":\"")?;
    clock.write(out, at)?;
    out.write_all(b"\"")?;
    let rest = data.trim_start().strip_prefix('{').unwrap_or("}");
    if !rest.trim_start().starts_with('}') {
        out.write_all(b",")?;
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b"\n")
}

/// RFC 3339 UTC with milliseconds, as the rest of the CLI prints times, formatting the date and
/// time of day only when the second changes (a million events share few seconds).
#[derive(Debug, Default)]
pub struct Clock {
    second: Option<i64>,
    prefix: String,
}

impl Clock {
    pub fn write(&mut self, out: &mut impl Write, at: i64) -> std::io::Result<()> {
        let (second, millis) = (at.div_euclid(1000), at.rem_euclid(1000));
        if self.second != Some(second) {
            let time = chrono::DateTime::from_timestamp(second, 0).unwrap_or_default();
            self.prefix = time.format("%Y-%m-%dT%H:%M:%S").to_string();
            self.second = Some(second);
        }
        write!(out, "{}.{millis:03}Z", self.prefix)
    }
}

/// A one-line description of an event for a person reading the terminal; customer text is made
/// safe to print.
pub fn summary(kind: &str, data: &str) -> String {
    let v: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    let text = |v: &Value| v.as_str().map(one_line).unwrap_or_default();
    let who = |v: &Value| {
        let phone = v["phone"].as_str().map(crate::phone::display_phone);
        let key = phone.or_else(|| v["user_id"].as_str().map(one_line)).unwrap_or_default();
        match v["name"].as_str() {
            Some(name) if !name.is_empty() => format!("{key} {}", one_line(name)),
            _ => key,
        }
    };
    let short = |s: String| {
        if s.chars().count() > 80 { s.chars().take(79).chain(['…']).collect() } else { s }
    };
    let chat = &v["chat"];
    let message = &v["message"];
    match kind {
        "message.in" => format!("{}: {}", who(chat), short(text(&message["body"]))),
        "message.out" => {
            format!("to {} ({}): {}", who(chat), text(&message["origin"]), short(text(&message["body"])))
        }
        "message.status" => format!(
            "to {}: message {} {}{}",
            who(chat),
            message["id"],
            text(&message["status"]),
            message["error"]["reason"].as_str().map(|r| format!(" ({})", one_line(r))).unwrap_or_default()
        ),
        "chat.label" => format!("{}: label {} {}", who(chat), text(&v["label"]), text(&v["change"])),
        "chat.status" => format!("{}: {} (was {})", who(chat), text(&v["status"]), text(&v["was"])),
        "contact.consent" => format!(
            "{}: {} ({}, by {})",
            who(&v["contact"]),
            text(&v["state"]),
            text(&v["source"]),
            text(&v["by"])
        ),
        "broadcast.done" => {
            let b = &v["broadcast"];
            format!(
                "broadcast {} to {}: {} sent, {} failed, {} skipped",
                b["id"],
                text(&b["list"]),
                b["sent"],
                b["failed"],
                b["skipped"]
            )
        }
        _ => short(one_line(data)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_json_object_with_cursor_kind_and_time_first() {
        let mut out = Vec::new();
        let mut clock = Clock::default();
        json_line(&mut out, &mut clock, "ab12", 7, 1_764_944_400_123, "chat.status", r#"{"status":"done"}"#)
            .unwrap();
        json_line(&mut out, &mut clock, "ab12", 8, 1_764_944_400_999, "x.y", "{}").unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["cursor"], "ab12:7");
        assert_eq!(lines[0]["kind"], "chat.status");
        assert_eq!(lines[0]["at"], "2025-12-05T14:20:00.123Z");
        assert_eq!(lines[0]["status"], "done");
        assert_eq!(lines[1]["at"], "2025-12-05T14:20:00.999Z");
        assert_eq!(lines[1].as_object().unwrap().len(), 3);
    }

    #[test]
    fn customer_text_in_a_summary_cannot_drive_the_terminal() {
        let data =
            r#"{"chat":{"phone":"34612345678","name":"M\u001b]0;x\u0007"},"message":{"body":"hi\u001b[2J"}}"#;
        let s = summary("message.in", data);
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
        assert!(s.starts_with("+34612345678 M"), "{s}");
    }
}
