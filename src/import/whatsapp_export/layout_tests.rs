//! One test per layout phones write: exact times, authors and bodies.
//! Compiled only under #[cfg(test)], from its parent module.

use super::*;

/// Parses `text` and checks every message's time, author and body, in order.
fn expect(text: &str, want: &[(&str, Option<&str>, &str)]) -> Export {
    let export = parse(text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
    let got: Vec<(String, Option<&str>, &str)> = export
        .messages
        .iter()
        .map(|m| (m.at.format("%Y-%m-%d %H:%M:%S").to_string(), m.author.as_deref(), m.body.as_str()))
        .collect();
    let want: Vec<(String, Option<&str>, &str)> =
        want.iter().map(|&(at, author, body)| (at.to_string(), author, body)).collect();
    assert_eq!(got, want, "layout {}", export.layout);
    assert!(export.skipped.is_empty(), "{:?}", export.skipped);
    export
}

#[test]
fn android_24h_day_first() {
    let e = expect(
        "12/03/2024, 14:05 - Ana: Hola\n13/03/2024, 09:30 - Shop: Buenos días\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "Hola"), ("2024-03-13 09:30:00", Some("Shop"), "Buenos días")],
    );
    assert_eq!(
        (e.layout.platform, e.layout.date_order, e.layout.clock),
        (Platform::Android, DateOrder::Dmy, Clock::H24)
    );
}

#[test]
fn android_12h_month_first() {
    let e = expect(
        "3/12/24, 2:05 PM - Ana: hi\n3/13/24, 12:30 AM - Shop: hello\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "hi"), ("2024-03-13 00:30:00", Some("Shop"), "hello")],
    );
    assert_eq!((e.layout.date_order, e.layout.clock), (DateOrder::Mdy, Clock::H12));
}

#[test]
fn android_year_first_with_dashes_and_no_comma() {
    let e = expect(
        "2024-03-12 14:05 - Ana: hej\n2024-03-13 09:30 - Shop: hallå\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "hej"), ("2024-03-13 09:30:00", Some("Shop"), "hallå")],
    );
    assert_eq!((e.layout.date_order, e.layout.date_separator), (DateOrder::Ymd, '-'));
}

#[test]
fn ios_24h_day_first_with_dots_and_seconds() {
    let e = expect(
        "[12.03.24, 14:05:09] Ana: Hallo\n[13.03.24, 09:30:00] Shop: Guten Tag\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "Hallo"), ("2024-03-13 09:30:00", Some("Shop"), "Guten Tag")],
    );
    assert_eq!((e.layout.platform, e.layout.seconds), (Platform::Ios, true));
}

#[test]
fn ios_12h_month_first() {
    expect(
        "[3/12/24, 2:05:09 PM] Ana: hi\n[3/13/24, 11:59:59 AM] Shop: hello\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "hi"), ("2024-03-13 11:59:59", Some("Shop"), "hello")],
    );
}

#[test]
fn ios_12h_day_first_with_lowercase_pm() {
    let e = expect(
        "[12/3/24, 2:05:09 pm] Ana: hi\n[13/3/24, 12:00:00 pm] Shop: noon\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "hi"), ("2024-03-13 12:00:00", Some("Shop"), "noon")],
    );
    assert_eq!(
        (e.layout.platform, e.layout.date_order, e.layout.clock),
        (Platform::Ios, DateOrder::Dmy, Clock::H12)
    );
}

#[test]
fn ios_year_first() {
    let e = expect(
        "[2024/03/12 14:05:09] 太郎: こんにちは\n[2024/03/13 9:30:00] Shop: いらっしゃいませ\n",
        &[
            ("2024-03-12 14:05:09", Some("太郎"), "こんにちは"),
            ("2024-03-13 09:30:00", Some("Shop"), "いらっしゃいませ"),
        ],
    );
    assert_eq!(e.layout.date_order, DateOrder::Ymd);
}

#[test]
fn spanish_a_m_p_m_with_no_break_spaces() {
    expect(
        "12/3/24, 2:05\u{a0}p.\u{a0}m. - Ana: Hola\n13/3/24, 12:10\u{a0}a.\u{a0}m. - Shop: ¿Qué tal?\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "Hola"), ("2024-03-13 00:10:00", Some("Shop"), "¿Qué tal?")],
    );
}

#[test]
fn ios_narrow_no_break_space_before_pm() {
    expect(
        "[3/12/24, 2:05:09\u{202F}PM] Ana: hi\n[3/13/24, 8:00:00\u{202F}AM] Shop: morning\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "hi"), ("2024-03-13 08:00:00", Some("Shop"), "morning")],
    );
}

#[test]
fn arabic_digits_with_arabic_am_pm() {
    let text =
        "١٢\u{200F}/٣\u{200F}/٢٠٢٤، ٢:٠٥ م - أحمد: مرحبا\n١٣\u{200F}/٣\u{200F}/٢٠٢٤، ٩:٣٠ ص - Shop: أهلا\n";
    let e = expect(
        text,
        &[("2024-03-12 14:05:00", Some("أحمد"), "مرحبا"), ("2024-03-13 09:30:00", Some("Shop"), "أهلا")],
    );
    assert_eq!((e.layout.date_order, e.layout.clock), (DateOrder::Dmy, Clock::H12));
}

#[test]
fn persian_digits_in_the_solar_hijri_calendar() {
    expect(
        "۱۴۰۲/۱۲/۲۲, ۱۴:۰۵ - علی: سلام\n۱۴۰۳/۰۱/۰۱, ۰۹:۳۰ - Shop: نوروز مبارک\n",
        &[("2024-03-12 14:05:00", Some("علی"), "سلام"), ("2024-03-20 09:30:00", Some("Shop"), "نوروز مبارک")],
    );
}

#[test]
fn persian_digits_with_gregorian_dates() {
    expect(
        "۱۲/۰۳/۲۰۲۴, ۱۴:۰۵ - علی: سلام\n۱۳/۰۳/۲۰۲۴, ۰۹:۳۰ - Shop: درود\n",
        &[("2024-03-12 14:05:00", Some("علی"), "سلام"), ("2024-03-13 09:30:00", Some("Shop"), "درود")],
    );
}

#[test]
fn french_a_between_date_and_time() {
    expect(
        "12/03/2024 à 14:05 - Ana: Bonjour\n13/03/2024 à 09:30 - Shop: Salut\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "Bonjour"), ("2024-03-13 09:30:00", Some("Shop"), "Salut")],
    );
}

#[test]
fn finnish_klo_with_dotted_time() {
    expect(
        "12.3.2024 klo 14.05 - Aino: Moi\n13.3.2024 klo 9.30 - Shop: Hei\n",
        &[("2024-03-12 14:05:00", Some("Aino"), "Moi"), ("2024-03-13 09:30:00", Some("Shop"), "Hei")],
    );
}

#[test]
fn german_android_without_comma_and_two_digit_year() {
    expect(
        "12.03.24 14:05 - Anna: Hallo\n13.03.24 09:30 - Shop: Moin\n",
        &[("2024-03-12 14:05:00", Some("Anna"), "Hallo"), ("2024-03-13 09:30:00", Some("Shop"), "Moin")],
    );
}

#[test]
fn time_before_date() {
    let e = expect(
        "14:05, 12/03/2024 - Ana: hi\n09:30, 13/03/2024 - Shop: hello\n",
        &[("2024-03-12 14:05:00", Some("Ana"), "hi"), ("2024-03-13 09:30:00", Some("Shop"), "hello")],
    );
    assert!(e.layout.time_first);
}

#[test]
fn old_ios_colon_after_seconds() {
    expect(
        "12/03/2024, 14:05:09: Ana: hi\n13/03/2024, 09:30:00: Shop: hello\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "hi"), ("2024-03-13 09:30:00", Some("Shop"), "hello")],
    );
}

#[test]
fn crlf_line_ends_and_a_bom() {
    expect(
        "\u{FEFF}12/03/2024, 14:05 - Ana: line one\r\nline two\r\n13/03/2024, 09:30 - Shop: ok\r\n",
        &[
            ("2024-03-12 14:05:00", Some("Ana"), "line one\nline two"),
            ("2024-03-13 09:30:00", Some("Shop"), "ok"),
        ],
    );
}

#[test]
fn bom_on_its_own_line_before_the_first_message() {
    expect("\u{FEFF}\r\n12/03/2024, 14:05 - Ana: hi\r\n", &[("2024-03-12 14:05:00", Some("Ana"), "hi")]);
}

#[test]
fn korean_meridiem_before_the_time() {
    let e = expect(
        "2024. 3. 12. 오후 2:05 - 민수: 안녕하세요\n2024. 3. 13. 오전 9:30 - Shop: 네\n",
        &[("2024-03-12 14:05:00", Some("민수"), "안녕하세요"), ("2024-03-13 09:30:00", Some("Shop"), "네")],
    );
    assert_eq!((e.layout.date_order, e.layout.clock), (DateOrder::Ymd, Clock::H12));
}

#[test]
fn thai_buddhist_era_years() {
    expect(
        "[12/3/2567 BE, 14:05:09] Ana: hi\n[13/3/2567 BE, 09:30:00] Shop: hello\n",
        &[("2024-03-12 14:05:09", Some("Ana"), "hi"), ("2024-03-13 09:30:00", Some("Shop"), "hello")],
    );
}

#[test]
fn ios_marks_before_the_bracket_and_the_body() {
    let text = "[12/03/2024, 14:05:09] Shop: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n\
                \u{200E}[12/03/2024, 14:06:00] Ana: \u{200E}image omitted\n\
                [13/03/2024, 09:30:00] \u{202A}+49\u{a0}151\u{a0}2345678\u{202C}: hi\n";
    let e = expect(
        text,
        &[
            (
                "2024-03-12 14:05:09",
                None,
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
            ),
            ("2024-03-12 14:06:00", Some("Ana"), ""),
            ("2024-03-13 09:30:00", Some("+49 151 2345678"), "hi"),
        ],
    );
    let kinds: Vec<Kind> = e.messages.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [Kind::System, Kind::Image, Kind::Text]);
}

#[test]
fn old_ios_12h_with_a_colon_after_the_time() {
    let e = expect(
        "7/1/16, 4:56:55 PM: Sophia H. created this group\n\
         7/1/16, 5:13:36 PM: Sophia H.: So hier mal die Gruppe\n\
         9/10/16, 8:37:21 PM: Philip P.: <image omitted>\n",
        &[
            ("2016-07-01 16:56:55", None, "Sophia H. created this group"),
            ("2016-07-01 17:13:36", Some("Sophia H."), "So hier mal die Gruppe"),
            ("2016-09-10 20:37:21", Some("Philip P."), ""),
        ],
    );
    let kinds: Vec<Kind> = e.messages.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [Kind::System, Kind::Text, Kind::Image]);
}
