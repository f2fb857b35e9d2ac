//! Rows of a contacts CSV file (phone, name, consent, source), checked before anything is written:
//! the first bad row is an error naming its line, and then nothing at all is imported.

use std::collections::HashMap;

use super::ConsentState;
use super::csv::{self, Record};
use crate::store::ContactKey;

/// One checked row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub key: ContactKey,
    /// Saved as the operator's name for the contact; None leaves the name as it is.
    pub name: Option<String>,
    /// None (an empty cell or "unknown") leaves the consent as it is.
    pub consent: Option<ConsentState>,
    /// How the consent was given; "import" when the cell is empty.
    pub source: String,
}

/// A row that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

/// The columns, in order; a first line naming them is a header and skipped.
pub const COLUMNS: [&str; 4] = ["phone", "name", "consent", "source"];

/// Checks every row of a CSV text.
pub fn parse_rows(text: &str) -> Result<Vec<ImportRow>, ImportError> {
    let records = csv::parse(text).map_err(|e| ImportError { line: e.line, message: e.message })?;
    let mut rows = Vec::with_capacity(records.len());
    let mut seen: HashMap<ContactKey, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        if i == 0 && is_header(record) {
            continue;
        }
        let row = parse_row(record)?;
        if let Some(first) = seen.insert(row.key.clone(), row.line) {
            return Err(ImportError {
                line: row.line,
                message: format!("{} is already on line {first}", row.key),
            });
        }
        rows.push(row);
    }
    Ok(rows)
}

fn is_header(record: &Record) -> bool {
    record.fields.first().is_some_and(|f| f.trim().eq_ignore_ascii_case("phone"))
}

fn parse_row(record: &Record) -> Result<ImportRow, ImportError> {
    let bad = |message: String| ImportError { line: record.line, message };
    if record.fields.len() > COLUMNS.len() {
        return Err(bad(format!(
            "{} columns; the file has {} ({})",
            record.fields.len(),
            COLUMNS.len(),
            COLUMNS.join(", ")
        )));
    }
    let cell = |i: usize| record.fields.get(i).map_or("", |f| f.trim());
    if cell(0).is_empty() {
        return Err(bad("no phone number".into()));
    }
    // Only numbers: a list from a spreadsheet or web form never holds WhatsApp user ids.
    let key = ContactKey::Phone(crate::phone::parse_phone(cell(0)).map_err(|e| bad(e.to_string()))?);
    let name = Some(cell(1)).filter(|n| !n.is_empty()).map(str::to_string);
    if name.as_deref().is_some_and(|n| n.chars().any(char::is_control)) {
        return Err(bad("the name has a line break or control character".into()));
    }
    let consent = match cell(2) {
        "" => None,
        text => match text.parse::<ConsentState>().map_err(|e| bad(e.to_string()))? {
            ConsentState::Unknown => None,
            state => Some(state),
        },
    };
    let source = Some(cell(3)).filter(|s| !s.is_empty()).unwrap_or("import").to_string();
    Ok(ImportRow { line: record.line, key, name, consent, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_skipped_and_empty_cells_leave_things_as_they_are() {
        let rows =
            parse_rows("phone,name,consent,source\n+34 600 111 222,Ana,opted_in,web form\n34600111333\n")
                .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].key, ContactKey::Phone("34600111222".into()));
        assert_eq!(rows[0].consent, Some(ConsentState::OptedIn));
        assert_eq!(rows[0].source, "web form");
        assert_eq!(
            (rows[1].line, &rows[1].name, rows[1].consent, rows[1].source.as_str()),
            (3, &None, None, "import")
        );
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let err = parse_rows("34600111222,Ana,opted_in\n34600111333,Bo,maybe\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("maybe"), "{err}");
        assert_eq!(parse_rows("34600111222\nnot a phone!\n").unwrap_err().line, 2);
        assert_eq!(parse_rows("34600111222\nUS.1349120865\n").unwrap_err().line, 2);
        assert_eq!(parse_rows("34600111222,a,opted_in,x,extra\n").unwrap_err().line, 1);
    }

    #[test]
    fn a_phone_twice_names_both_lines() {
        let err = parse_rows("34600111222\n+34 600 111 222\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: +34600111222 is already on line 1");
    }
}
