//! `wabi send --template NAME --csv FILE`: one template message per row of a file, paced like a
//! broadcast, consent respected. The whole file is checked before anything is queued.

use std::collections::HashMap;
use std::path::Path;

use super::{CliError, Context};
use crate::broadcast::Pacing;
use crate::config::{Config, TemplateConfig};
use crate::consent::csv::{self, Record};
use crate::phone::{display_phone, parse_phone};
use crate::store::{BroadcastPlan, ContactKey, OutboundTemplate, now_ms};

/// The rows of a checked file: recipient, filled template, and the line each came from.
struct Rows {
    rows: Vec<(ContactKey, OutboundTemplate)>,
    lines: Vec<usize>,
}

pub fn send_csv(ctx: &Context, config: &Config, name: &str, file: &Path) -> Result<(), CliError> {
    let mut store = ctx.store()?;
    // Meta's synced templates first, then [[templates]]; the file's columns are its parameters.
    let list = crate::templates::catalogue(store.templates()?, &config.templates);
    let found = crate::templates::find(&list, name).map_err(CliError::bad)?;
    let names = if found.param_names.is_empty() { found.params.clone() } else { found.param_names.clone() };
    let spec = &TemplateConfig {
        name: found.name.clone(),
        language: found.language.clone(),
        params: names,
        text: String::new(),
    };
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::bad(format!("{}: {e}", file.display())))?;
    let mut checked = check(&text, spec).map_err(|e| CliError::bad(format!("{}:{e}", file.display())))?;
    // Approved, no media header: filled as the customer reads it (the same rules as `wabi send`).
    for (i, (_, t)) in checked.rows.iter_mut().enumerate() {
        *t = found
            .outbound(&t.params, None, &[])
            .map_err(|e| CliError::bad(format!("{}:{}: {e}", file.display(), checked.lines[i])))?;
    }
    let plan = BroadcastPlan {
        text: None,
        template: None,
        require_opt_in: config.broadcast.require_opt_in,
        window: false,
        pacing: Pacing {
            interval_ms: config.broadcast.interval_ms(),
            recipient_gap_ms: config.broadcast.recipient_gap.num_milliseconds(),
        },
        now: now_ms(),
        placeholders: Default::default(),
    };
    let source =
        file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let report = store.send_notifications(&source, &checked.rows, &plan)?;
    crate::outln!(
        "queued {} message(s) with template {} from {} (broadcast {}, {} a second)",
        report.queued,
        spec.name,
        file.display(),
        report.broadcast_id,
        config.broadcast.per_second
    );
    if !report.skipped.is_empty() {
        crate::outln!("skipped {}:", report.skipped.len());
    }
    for (i, reason) in &report.skipped {
        let phone = match &checked.rows[*i].0 {
            ContactKey::Phone(p) => display_phone(p),
            ContactKey::UserId(u) => u.clone(),
        };
        crate::outln!("  line {}: {phone}: {}", checked.lines[*i], reason.as_str());
    }
    Ok(())
}

/// Reads every row, or says which line is wrong first (as "LINE: what", for "FILE:" before it).
fn check(text: &str, spec: &TemplateConfig) -> Result<Rows, String> {
    let records = csv::parse(text).map_err(|e| format!("{}: {}", e.line, e.message))?;
    let Some(first) = records.first() else {
        return Err("1: the file has no rows".into());
    };
    let header = first.fields.first().is_none_or(|f| parse_phone(f).is_err());
    let columns = if header { by_name(first, spec)? } else { (1..=spec.params.len()).collect() };
    let body = if header { &records[1..] } else { &records[..] };
    if body.is_empty() {
        return Err(format!("{}: the file has a header and no rows", first.line));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Rows { rows: Vec::with_capacity(body.len()), lines: Vec::with_capacity(body.len()) };
    for record in body {
        let line = record.line;
        if !header && record.fields.len() != spec.params.len() + 1 {
            let wanted =
                std::iter::once("phone".to_string()).chain(spec.params.iter().cloned()).collect::<Vec<_>>();
            return Err(format!(
                "{line}: {} column(s); the template {:?} needs {}: {}",
                record.fields.len(),
                spec.name,
                wanted.len(),
                wanted.join(", ")
            ));
        }
        let phone_text = record.fields.first().map_or("", |f| f.trim());
        let phone = parse_phone(phone_text).map_err(|e| format!("{line}: {e}"))?;
        if let Some(earlier) = seen.insert(phone.clone(), line) {
            return Err(format!("{line}: {} is already on line {earlier}", display_phone(&phone)));
        }
        let mut params = Vec::with_capacity(columns.len());
        for (param, &col) in spec.params.iter().zip(&columns) {
            let value = record.fields.get(col).map_or("", |v| v.trim());
            if value.is_empty() {
                return Err(format!("{line}: the parameter {param:?} (column {}) is empty", col + 1));
            }
            params.push(value.to_string());
        }
        let template = OutboundTemplate {
            name: spec.name.clone(),
            language: spec.language.clone(),
            params,
            ..Default::default()
        };
        out.rows.push((ContactKey::Phone(phone), template));
        out.lines.push(line);
    }
    Ok(out)
}

/// Each template parameter's column in a header line, by name (case and spaces around ignored);
/// the first column is the phone.
fn by_name(header: &Record, spec: &TemplateConfig) -> Result<Vec<usize>, String> {
    let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_lowercase()).collect();
    spec.params
        .iter()
        .enumerate()
        .map(|(i, param)| {
            let wanted = param.trim().to_lowercase();
            names.iter().skip(1).position(|n| *n == wanted).map(|p| p + 1).or_else(|| {
                // A header of positions ("phone,1,2") names parameters by number.
                names.iter().skip(1).position(|n| *n == (i + 1).to_string()).map(|p| p + 1)
            })
        })
        .zip(&spec.params)
        .map(|(col, param)| {
            col.ok_or_else(|| {
                format!(
                    "{}: no column for the template's parameter {param:?} (the header has: {})",
                    header.line,
                    header.fields.join(", ")
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> TemplateConfig {
        TemplateConfig {
            name: "pickup".into(),
            language: "en_US".into(),
            params: vec!["name".into(), "time".into()],
            text: String::new(),
        }
    }

    #[test]
    fn a_header_maps_parameters_by_name_in_any_order() {
        let rows = check("Phone,time,name,order\n+34 600 111 001,10:30,Ana,77\n", &spec()).unwrap();
        assert_eq!(rows.rows[0].1.params, ["Ana", "10:30"]);
        assert_eq!(rows.lines, [2]);
    }

    #[test]
    fn without_a_header_parameters_go_by_position() {
        let rows = check("34600111001,Ana,10:30\n34600111002,\"Li, Wei\",11:00\n", &spec()).unwrap();
        assert_eq!(rows.rows[1].1.params, ["Li, Wei", "11:00"]);
        assert_eq!(rows.rows[1].0, ContactKey::Phone("34600111002".into()));
    }

    #[test]
    fn the_first_bad_line_is_named() {
        let err = check("phone,name,time\n34600111001,Ana,10:30\nabc,Bo,11:00\n", &spec()).err().unwrap();
        assert!(err.starts_with("3: "), "{err}");
        let err = check("phone,name\n34600111001,Ana\n", &spec()).err().unwrap();
        assert!(err.starts_with("1: no column for the template's parameter \"time\""), "{err}");
        let err = check("34600111001,Ana,10:30\n34600111002,Bo\n", &spec()).err().unwrap();
        assert!(err.starts_with("2: 2 column(s)"), "{err}");
        let err = check("34600111001,Ana,10:30\n+34 600 111 001,Bo,11:00\n", &spec()).err().unwrap();
        assert!(err.starts_with("2: ") && err.contains("already on line 1"), "{err}");
        let err = check("34600111001,Ana,\n", &spec()).err().unwrap();
        assert!(err.contains("\"time\"") && err.contains("empty"), "{err}");
    }
}
