//! `{{placeholders}}` in quick reply texts: `{{name}}`, `{{ name }}`, `{{first_name|there}}`,
//! `{{business.name}}`. Everything between `{{` and the next `}}` on the same line is a placeholder;
//! an unclosed `{{` is plain text.

use std::ops::Range;

/// A quick reply text with its placeholders filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub text: String,
    /// Byte ranges in `text` of placeholders left as typed (e.g. `{{first_name}}`) because they
    /// resolved to nothing and had no fallback. The composer highlights them and asks before sending.
    pub unresolved: Vec<Range<usize>>,
}

/// Fills each placeholder with `lookup(key)` (the key trimmed, as written: dotted keys such as
/// `business.name` are passed whole). A value that is empty or only whitespace counts as nothing;
/// then the fallback after `|` (trimmed, may be empty) is used, else the placeholder stays as typed
/// and its range is reported. Values are inserted as-is and never expanded again.
pub fn expand(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let mut text = String::with_capacity(template.len());
    let mut unresolved = Vec::new();
    let mut copied = 0;
    for found in Placeholders::new(template) {
        text.push_str(template.get(copied..found.range.start).unwrap_or_default());
        let value = lookup(found.key).filter(|v| !v.trim().is_empty());
        match value.or_else(|| found.fallback.map(str::to_string)) {
            Some(value) => text.push_str(&value),
            None => {
                let start = text.len();
                text.push_str(template.get(found.range.clone()).unwrap_or_default());
                unresolved.push(start..text.len());
            }
        }
        copied = found.range.end;
    }
    text.push_str(template.get(copied..).unwrap_or_default());
    Expansion { text, unresolved }
}

/// Byte ranges of every `{{…}}` still in a draft: after [`expand`], these are the placeholders that
/// found no value, so the composer can highlight them and confirm before sending.
pub fn unresolved_placeholders(draft: &str) -> Vec<Range<usize>> {
    Placeholders::new(draft).map(|found| found.range).collect()
}

struct Placeholder<'a> {
    /// From the first `{` to the last `}`.
    range: Range<usize>,
    key: &'a str,
    fallback: Option<&'a str>,
}

/// Walks the placeholders of a text left to right.
struct Placeholders<'a> {
    text: &'a str,
    from: usize,
}

impl<'a> Placeholders<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, from: 0 }
    }
}

impl<'a> Iterator for Placeholders<'a> {
    type Item = Placeholder<'a>;

    fn next(&mut self) -> Option<Placeholder<'a>> {
        loop {
            let rest = self.text.get(self.from..)?;
            let close = rest.find("}}")?;
            let head = rest.get(..close)?;
            // The `{{` nearest the `}}` opens it, so `{{{name}}` is `{` then `{{name}}`.
            let Some(open) = head.rfind("{{") else {
                self.from += close + 2;
                continue;
            };
            let inner = head.get(open + 2..)?;
            if let Some(newline) = inner.rfind('\n') {
                // A `{{` whose `}}` is on a later line is text; look again after the line break.
                self.from += open + 2 + newline + 1;
                continue;
            }
            let start = self.from + open;
            self.from += close + 2;
            let (key, fallback) = match inner.split_once('|') {
                Some((key, fallback)) => (key.trim(), Some(fallback.trim())),
                None => (inner.trim(), None),
            };
            return Some(Placeholder { range: start..self.from, key, fallback });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maria(key: &str) -> Option<String> {
        match key {
            "first_name" => Some("Maria".into()),
            "name" => Some("Maria Lopez".into()),
            "business.name" => Some("Casa Sol".into()),
            "hours.today" => Some("09:00-18:00".into()),
            "hours.next_open" => Some("Mon 09:00".into()),
            "blank" => Some(" ".into()),
            "empty" => Some(String::new()),
            _ => None,
        }
    }

    fn nobody(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn thanks_template_greets_maria_by_first_name() {
        let out = expand("Thank you {{first_name|friend}}, we got your order!", &maria);
        assert_eq!(out.text, "Thank you Maria, we got your order!");
        assert!(out.unresolved.is_empty());
    }

    #[test]
    fn fallback_is_used_when_the_name_is_unknown() {
        let out = expand("Thank you {{first_name|friend}}!", &nobody);
        assert_eq!(out.text, "Thank you friend!");
        assert!(out.unresolved.is_empty());
    }

    #[test]
    fn fallback_is_trimmed_and_keeps_inner_spaces() {
        let out = expand("Hi {{ first_name | dear friend }}.", &nobody);
        assert_eq!(out.text, "Hi dear friend.");
        assert_eq!(expand("Hi{{first_name|}}!", &nobody).text, "Hi!");
    }

    #[test]
    fn spaces_around_the_key_are_ignored() {
        assert_eq!(expand("{{ name }}", &maria).text, "Maria Lopez");
    }

    #[test]
    fn dotted_keys_resolve() {
        let out = expand("{{business.name}}: {{hours.today}}, next {{hours.next_open}}", &maria);
        assert_eq!(out.text, "Casa Sol: 09:00-18:00, next Mon 09:00");
    }

    #[test]
    fn unresolved_placeholder_stays_and_its_range_is_reported() {
        let out = expand("Hé {{first_name}}, call {{phone}}", &nobody);
        assert_eq!(out.text, "Hé {{first_name}}, call {{phone}}");
        let shown: Vec<&str> = out.unresolved.iter().map(|r| &out.text[r.clone()]).collect();
        assert_eq!(shown, ["{{first_name}}", "{{phone}}"]);
    }

    #[test]
    fn empty_or_blank_value_counts_as_nothing() {
        assert_eq!(expand("{{empty|x}}{{blank|y}}", &maria).text, "xy");
        let out = expand("a {{empty}}", &maria);
        assert_eq!(out.unresolved, vec![2..11]);
    }

    #[test]
    fn unknown_key_uses_the_fallback_or_stays() {
        assert_eq!(expand("{{nope|ok}}", &maria).text, "ok");
        let out = expand("{{}} {{first name}}", &maria);
        assert_eq!(out.text, "{{}} {{first name}}");
        assert_eq!(out.unresolved.len(), 2);
    }

    #[test]
    fn unclosed_braces_are_literal() {
        let out = expand("a {{name and {{ b } }", &maria);
        assert_eq!(out.text, "a {{name and {{ b } }");
        assert!(out.unresolved.is_empty());
        assert_eq!(expand("}} {{name}} {{", &maria).text, "}} Maria Lopez {{");
    }

    #[test]
    fn extra_braces_stay_around_the_value() {
        assert_eq!(expand("{{{name}}}", &maria).text, "{Maria Lopez}");
    }

    #[test]
    fn placeholder_never_spans_lines() {
        let out = expand("{{name\n}} {{name}}", &maria);
        assert_eq!(out.text, "{{name\n}} Maria Lopez");
        assert!(out.unresolved.is_empty());
    }

    #[test]
    fn values_are_not_expanded_again() {
        let sneaky = |_: &str| Some("{{phone}}".to_string());
        let out = expand("Hi {{name}}", &sneaky);
        assert_eq!(out.text, "Hi {{phone}}");
        assert!(out.unresolved.is_empty());
    }

    #[test]
    fn leftover_placeholders_are_found_in_a_draft() {
        let draft = "Hola {{first_name}}, 😀 {{ x | y }} {{ open";
        let found: Vec<&str> = unresolved_placeholders(draft).into_iter().map(|r| &draft[r]).collect();
        assert_eq!(found, ["{{first_name}}", "{{ x | y }}"]);
        assert!(unresolved_placeholders("no braces {here}").is_empty());
    }
}
