//! Behaviour of the whole parser beyond single layouts.
//! Compiled only under #[cfg(test)], from its parent module.

use super::*;

fn bodies(export: &Export) -> Vec<(Option<&str>, &str)> {
    export.messages.iter().map(|m| (m.author.as_deref(), m.body.as_str())).collect()
}

#[test]
fn continuation_lines_that_look_like_another_layout_stay_in_the_body() {
    let text = "12/03/2024, 14:05 - Ana: Order list:\n\
                13/03/2024 pickup\n\
                [14/03/2024, 10:00:00] Bob: pasted from an iPhone\n\
                \n\
                thanks\n\
                13/03/2024, 09:30 - Shop: Got it\n";
    let e = parse(text).unwrap();
    assert_eq!(
        bodies(&e),
        [
            (
                Some("Ana"),
                "Order list:\n13/03/2024 pickup\n[14/03/2024, 10:00:00] Bob: pasted from an iPhone\n\nthanks"
            ),
            (Some("Shop"), "Got it"),
        ]
    );
    assert_eq!(e.messages.iter().map(|m| m.line).collect::<Vec<_>>(), [1, 6]);
}

#[test]
fn a_header_with_an_impossible_date_is_text_of_the_message_before() {
    let e = parse("12/03/2024, 14:05 - Ana: hi\n31/02/2024, 10:00 - Ana: no such day\n").unwrap();
    assert_eq!(bodies(&e), [(Some("Ana"), "hi\n31/02/2024, 10:00 - Ana: no such day")]);
}

#[test]
fn lines_before_the_first_message_are_reported_with_their_numbers() {
    let text = "\u{FEFF}\nExported by a tool\n\n12/03/2024, 14:05 - Ana: a\n13/03/2024, 14:05 - Ana: b\n";
    let e = parse(text).unwrap();
    assert_eq!(
        e.skipped,
        [SkippedLine { line: 2, text: "Exported by a tool".into(), reason: SkipReason::BeforeFirstMessage }]
    );
    assert_eq!(e.messages.len(), 2);
    assert_eq!(e.messages[0].line, 4);
}

#[test]
fn random_bytes_and_prose_are_not_exports() {
    let bytes: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(matches!(parse_bytes(&bytes), Err(ParseError::NotText { .. })));
    assert_eq!(parse(""), Err(ParseError::NotAnExport));
    assert_eq!(parse("Dear Sir,\nplease find attached.\n"), Err(ParseError::NotAnExport));
    let quoting = "Notes from the meeting\nWe said:\nsee below\n12/03/2024, 14:05 - Ana: hi\n";
    assert_eq!(parse(quoting), Err(ParseError::NotAnExport));
    let lossy = String::from_utf8_lossy(&bytes);
    assert_eq!(parse(&lossy), Err(ParseError::NotAnExport));
}

#[test]
fn android_system_lines_have_no_author() {
    let text = "11/01/2023, 16:13 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n\
                11/01/2023, 16:14 - Dmitry created group \"Shop: regulars\"\n\
                11/01/2023, 16:15 - You were added\n\
                11/01/2023, 16:21 - +7 995 920-79-00 joined using this group's invite link\n\
                11/01/2023, 16:22 - +7 995 920-79-00 changed their phone number to a new number. Tap to message or add the new number.\n\
                11/01/2023, 16:26 - Dmitry: Hello all\n";
    let e = parse(text).unwrap();
    let kinds: Vec<(Kind, bool)> = e.messages.iter().map(|m| (m.kind, m.author.is_some())).collect();
    assert_eq!(kinds[..5], [(Kind::System, false); 5]);
    assert_eq!(kinds[5], (Kind::Text, true));
    assert_eq!(e.messages[1].body, "Dmitry created group \"Shop: regulars\"");
}

#[test]
fn ios_notices_drop_the_chat_name_as_author() {
    let text = "[12/03/2024, 14:05:09] Shop Group: \u{200E}Ana added Ben\n\
                [12/03/2024, 14:05:10] Shop Group: \u{200E}Missed voice call\n\
                [12/03/2024, 14:06:00] Ana: \u{200E}This message was deleted.\n";
    let e = parse(text).unwrap();
    let got: Vec<(Kind, Option<&str>, &str, bool)> =
        e.messages.iter().map(|m| (m.kind, m.author.as_deref(), m.body.as_str(), m.flags.deleted)).collect();
    assert_eq!(
        got,
        [
            (Kind::System, None, "Ana added Ben", false),
            (Kind::System, Some("Shop Group"), "Missed voice call", false),
            (Kind::Text, Some("Ana"), "This message was deleted.", true),
        ]
    );
    assert!(e.messages[1].call.is_some_and(|c| c.missed));
    let e = parse("[12/03/2024, 14:05:09] Ana:  two spaces, no mark\n").unwrap();
    assert_eq!(e.messages[0].kind, Kind::Text);
    assert_eq!(e.messages[0].body, "two spaces, no mark");
}

#[test]
fn media_edits_polls_and_locations_are_recognised_in_a_file() {
    let text = "12/03/2024, 14:05 - Ana: <Medien ausgeschlossen>\n\
                12/03/2024, 14:06 - Ana: IMG-20240312-WA0001.jpg (file attached)\nthe blue one\n\
                12/03/2024, 14:07 - Shop: Ready at 5 <This message was edited>\n\
                12/03/2024, 14:08 - Shop: POLL:\nOpen Sunday?\nOPTION: Yes (1 vote)\n\
                12/03/2024, 14:09 - Ana: location: https://maps.google.com/?q=52.52,13.40\n";
    let e = parse(text).unwrap();
    let got: Vec<(Kind, &str, Option<&str>, Flags)> =
        e.messages.iter().map(|m| (m.kind, m.body.as_str(), m.attachment.as_deref(), m.flags)).collect();
    let omitted = Flags { media_omitted: true, ..Flags::default() };
    let edited = Flags { edited: true, ..Flags::default() };
    let plain = Flags::default();
    assert_eq!(
        got,
        [
            (Kind::Document, "", None, omitted),
            (Kind::Image, "the blue one", Some("IMG-20240312-WA0001.jpg"), plain),
            (Kind::Text, "Ready at 5", None, edited),
            (Kind::Interactive, "POLL:\nOpen Sunday?\nOPTION: Yes (1 vote)", None, plain),
            (Kind::Location, "location: https://maps.google.com/?q=52.52,13.40", None, plain),
        ]
    );
}

#[test]
fn a_colon_without_a_space_is_no_author() {
    let e = parse("[01/20/19 11:23] John Doe:.\n[01/21/19 11:23] John Doe: x\n").unwrap();
    assert_eq!(bodies(&e), [(None, "John Doe:."), (Some("John Doe"), "x")]);
    assert_eq!(e.messages[0].kind, Kind::System);
}

#[test]
fn bodies_keep_colons_after_the_author() {
    let e = parse("10/06/20, 15:55 - John-John Doe: Lorem ipsum : dolor: sit\n").unwrap();
    assert_eq!(bodies(&e), [(Some("John-John Doe"), "Lorem ipsum : dolor: sit")]);
}

#[test]
fn layout_and_skip_reason_print_for_reports() {
    let e = parse("12/03/2024, 14:05 - Ana: hi\n").unwrap();
    assert_eq!(e.layout.to_string(), "Android, dd/mm/yyyy, 24-hour");
    let ios = parse("[3/12/24, 2:05:09\u{202F}PM] Ana: hi\n").unwrap();
    assert_eq!(ios.layout.to_string(), "iOS, mm/dd/yy, 12-hour with seconds");
    let ymd = parse("2024-03-12 14:05 - Ana: hi\n").unwrap();
    assert_eq!(ymd.layout.to_string(), "Android, yyyy-mm-dd, 24-hour");
    let json = serde_json::to_string(&e.layout).unwrap();
    assert_eq!(
        json,
        r#"{"platform":"android","date_order":"DMY","clock":"24h","date_separator":"/","seconds":false,"time_first":false}"#
    );
    assert_eq!(SkipReason::BeforeFirstMessage.to_string(), "before the first message");
}
