//! The customer's number from an export's file name ("WhatsApp Chat with +49 151 2345678.txt").

use super::chars::{digit_value, is_mark};

/// E.164 numbers have at most 15 digits; fewer than 7 is a name with a number in it.
const DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// The digits of the phone number that ends an export's file name, as in
/// `WhatsApp Chat with +49 151 2345678.txt` → `491512345678` or
/// `WhatsApp Chat - +1 (555) 123-4567.zip` → `15551234567`. `None` when the name ends in a
/// person's name (or anything that is not 7 to 15 digits of a number). Folders, a `.txt` or
/// `.zip` extension and a browser's ` (1)` copy suffix are ignored.
pub fn phone_from_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = strip_copy_suffix(strip_extension(base));
    let tail_start =
        stem.char_indices().rev().take_while(|&(_, c)| is_phone_char(c)).last().map(|(i, _)| i)?;
    let before = stem.get(..tail_start)?.chars().next_back();
    let tail = stem.get(tail_start..)?;
    // "Shop24 555 1234": the digits run on from a word, so they are part of a name.
    let glued =
        before.is_some_and(char::is_alphanumeric) && tail.chars().next().is_some_and(char::is_alphanumeric);
    if glued {
        return None;
    }
    let digits: String =
        tail.chars().filter_map(digit_value).filter_map(|d| char::from_digit(d, 10)).collect();
    DIGITS.contains(&digits.len()).then_some(digits)
}

fn strip_extension(base: &str) -> &str {
    match base.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("zip") => stem,
        _ => base,
    }
}

/// "… (1)" as browsers name a second download of the same file.
fn strip_copy_suffix(stem: &str) -> &str {
    let Some(open) = stem.strip_suffix(')').and_then(|s| s.rfind(" (")) else {
        return stem;
    };
    let inner = stem.get(open + 2..stem.len() - 1).unwrap_or("");
    if (1..=2).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit()) {
        stem.get(..open).unwrap_or(stem)
    } else {
        stem
    }
}

fn is_phone_char(c: char) -> bool {
    digit_value(c).is_some()
        || matches!(c, '+' | '(' | ')' | '-' | '.' | ' ' | '\u{A0}' | '\u{202F}')
        || is_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_at_the_end_of_export_names_are_found() {
        let cases = [
            ("WhatsApp Chat with +49 151 2345678.txt", "491512345678"),
            ("WhatsApp Chat - +1 (555) 123-4567.zip", "15551234567"),
            ("/tmp/exports/WhatsApp Chat with +49 151 2345678 (1).txt", "491512345678"),
            ("WhatsApp-Chat mit \u{202A}+49\u{A0}151\u{A0}2345678\u{202C}.txt", "491512345678"),
            ("Chat de WhatsApp con +34 612 34 56 78.txt", "34612345678"),
        ];
        for (name, phone) in cases {
            assert_eq!(phone_from_file_name(name).as_deref(), Some(phone), "{name}");
        }
    }

    #[test]
    fn names_of_people_give_no_number() {
        for name in [
            "WhatsApp Chat with John Doe.txt",
            "WhatsApp Chat with Shop 2024.txt",
            "WhatsApp Chat with Shop24 555 1234.txt",
            "_chat.txt",
            "",
        ] {
            assert_eq!(phone_from_file_name(name), None, "{name}");
        }
    }
}
