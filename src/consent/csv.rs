//! Just enough CSV (RFC 4180) for a contact list exported from a spreadsheet: comma separated,
//! fields in double quotes may hold commas, newlines and doubled quotes; CRLF or LF; a UTF-8 BOM.

/// One record and the line of the file where it starts (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A file that is not CSV, with the line where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Splits `text` into records; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader =
        Reader { records: Vec::new(), fields: Vec::new(), field: String::new(), line: 1, start: 1 };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if reader.field.is_empty() => reader.quoted(&mut chars)?,
            ',' => reader.end_field(),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                reader.end_record();
                reader.line += 1;
                reader.start = reader.line;
            }
            c => reader.field.push(c),
        }
    }
    reader.end_record();
    Ok(reader.records)
}

struct Reader {
    records: Vec<Record>,
    fields: Vec<String>,
    field: String,
    /// The line being read, and the line the current record started on.
    line: usize,
    start: usize,
}

impl Reader {
    /// Reads a quoted field up to its closing quote, which must end the field.
    fn quoted(&mut self, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<(), CsvError> {
        let opened = self.line;
        loop {
            match chars.next() {
                None => {
                    return Err(CsvError { line: opened, message: "a quoted field is never closed".into() });
                }
                Some('"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    self.field.push('"');
                }
                Some('"') => break,
                Some(c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    self.field.push(c);
                }
            }
        }
        match chars.peek() {
            None | Some(',' | '\n' | '\r') => Ok(()),
            Some(c) => Err(CsvError {
                line: self.line,
                message: format!("{c:?} after a closing quote (a quote inside a field is written \"\")"),
            }),
        }
    }

    fn end_field(&mut self) {
        self.fields.push(std::mem::take(&mut self.field));
    }

    fn end_record(&mut self) {
        if self.fields.is_empty() && self.field.trim().is_empty() {
            self.field.clear();
            return;
        }
        self.end_field();
        let fields = std::mem::take(&mut self.fields);
        self.records.push(Record { line: self.start, fields });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(usize, Vec<String>)> {
        parse(text).unwrap().into_iter().map(|r| (r.line, r.fields)).collect()
    }

    fn owned(line: usize, fields: &[&str]) -> (usize, Vec<String>) {
        (line, fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_newlines_and_keep_line_numbers() {
        let text =
            "\u{feff}phone,name\r\n+34 600,\"Lopez, Ana \"\"la jefa\"\"\"\n\n34601,\"two\nlines\"\n34602,x\n";
        assert_eq!(
            fields(text),
            vec![
                owned(1, &["phone", "name"]),
                owned(2, &["+34 600", "Lopez, Ana \"la jefa\""]),
                owned(4, &["34601", "two\nlines"]),
                owned(6, &["34602", "x"]),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened_on() {
        assert_eq!(parse("a,b\n1,\"open\n2,3\n").unwrap_err().line, 2);
        assert_eq!(parse("1,\"x\"y\n").unwrap_err().line, 1);
    }

    #[test]
    fn empty_fields_are_kept() {
        assert_eq!(fields("34600,,opted_in,\n"), vec![owned(1, &["34600", "", "opted_in", ""])]);
    }
}
