//! One export per failure class of the import issue (#19), written in the shapes real phones
//! write: what each line must be read as.

use super::*;

fn read(text: &str) -> Vec<(Kind, Option<String>, String)> {
    let e = parse(text).unwrap();
    e.messages.iter().map(|m| (m.kind, m.author.as_deref().map(str::to_string), m.body.to_string())).collect()
}

fn authored(author: &str, kind: Kind, body: &str) -> (Kind, Option<String>, String) {
    (kind, Some(author.to_string()), body.to_string())
}

#[test]
fn class_1_authors_with_balanced_quotes_are_authors() {
    let text = "2018/07/25, 10:22 - Maria \"Mary\" López: see you\n\
                2018/07/25, 10:23 - Ana changed the subject from \"A: b\" to \"Shop\"\n\
                2018/07/25, 10:24 - Jo «Shop» Ltd: ok\n";
    let got = read(text);
    assert_eq!(got[0], authored("Maria \"Mary\" López", Kind::Text, "see you"));
    assert_eq!(got[1].0, Kind::System);
    assert_eq!(got[1].1, None);
    assert_eq!(got[2], authored("Jo «Shop» Ltd", Kind::Text, "ok"));
}

#[test]
fn class_2_an_author_that_is_only_a_mark_is_no_name() {
    let text = "25/01/22, 9:32 am - \u{200E}: Good luck\n25/01/22, 9:33 am - Shop: Thanks\n";
    let got = read(text);
    assert_eq!(got[0], authored(NO_NAME, Kind::Text, "Good luck"));
}

#[test]
fn class_3_marked_ios_placeholders_keep_their_author_in_any_language() {
    let text = "[02/08/2022, 11:20:54] Иван: \u{200E}изображение отсутствует\n\
                [02/08/2022, 11:20:55] Іван: \u{200E}зображення пропущено\n\
                [02/08/2022, 11:20:56] Jan: \u{200E}obrázek vynechán\n\
                [02/08/2022, 11:20:57] 太郎: \u{200E}画像を省略しました\n\
                [02/08/2022, 11:20:58] Budi: \u{200E}gambar tidak disertakan\n\
                [02/08/2022, 11:20:59] أحمد: \u{200E}تم استبعاد الصورة\n\
                [02/08/2022, 11:21:00] Ana: \u{200E}Untitled • \u{200E}9 pages \u{200E}document omitted\n\
                [02/08/2022, 11:21:01] Иван: \u{200E}Это сообщение удалено\n\
                [02/08/2022, 11:21:02] Nam: \u{200E}some placeholder no table knows\n\
                [02/08/2022, 11:21:03] Shop Chat: \u{200E}Messages and calls are end-to-end encrypted.\n";
    let e = parse(text).unwrap();
    let got: Vec<(Kind, Option<&str>)> = e.messages.iter().map(|m| (m.kind, m.author.as_deref())).collect();
    assert_eq!(
        got,
        [
            (Kind::Image, Some("Иван")),
            (Kind::Image, Some("Іван")),
            (Kind::Image, Some("Jan")),
            (Kind::Image, Some("太郎")),
            (Kind::Image, Some("Budi")),
            (Kind::Image, Some("أحمد")),
            (Kind::Document, Some("Ana")),
            (Kind::Text, Some("Иван")),
            (Kind::Text, Some("Nam")),
            (Kind::System, None),
        ]
    );
    assert!(e.messages[7].flags.deleted);
}

#[test]
fn class_4_android_placeholders_and_attachments_by_rule() {
    let text = "12/03/2024, 14:05 - Jan: <Média vynechány>\n\
                12/03/2024, 14:06 - Jan: Alex.vcf (soubor byl přiložen)\n\
                12/03/2024, 14:07 - Ana: <View once voice message omitted>\n\
                12/03/2024, 14:08 - Ana: <Video note omitted>\n";
    let e = parse(text).unwrap();
    let got: Vec<(Kind, Option<&str>, bool)> =
        e.messages.iter().map(|m| (m.kind, m.attachment.as_deref(), m.flags.media_omitted)).collect();
    assert_eq!(
        got,
        [
            (Kind::Document, None, true),
            (Kind::Contacts, Some("Alex.vcf"), false),
            (Kind::Audio, None, true),
            (Kind::Video, None, true),
        ]
    );
}

#[test]
fn class_5_direction_marks_around_typed_text_are_trimmed_not_notices() {
    let text = "[02/08/2022, 11:20:54] Abc: \u{200F}\u{202A}name@example.org\u{202C}\u{200F}\n\
                [02/08/2022, 11:20:55] Abc: \u{202A}+49 151 2345678\u{202C}\n";
    assert_eq!(
        read(text),
        [authored("Abc", Kind::Text, "name@example.org"), authored("Abc", Kind::Text, "+49 151 2345678")]
    );
}

#[test]
fn class_6_group_notices_prove_a_group_in_any_language() {
    for (notice, line) in [
        ("12/03/2024, 14:05 - Ana added Ben\n", "Ana added Ben"),
        ("12/03/2024, 14:05 - Ana hat Ben hinzugefügt\n", "Ana hat Ben hinzugefügt"),
        ("12/03/2024, 14:05 - Ana creó el grupo \"Tienda\"\n", "Ana creó el grupo \"Tienda\""),
        ("12/03/2024, 14:05 - You were added\n", "You were added"),
    ] {
        let text = format!("{notice}12/03/2024, 14:06 - Ana: hola\n12/03/2024, 14:07 - Shop: hi\n");
        let e = parse(&text).unwrap();
        assert_eq!(e.group_notice, Some(Notice { line: 1, text: line.into() }), "{notice}");
    }
    let ios = "[12/03/2024, 14:05:09] Shop Friends: \u{200E}Ana left\n[12/03/2024, 14:06:00] Ana: hi\n";
    assert_eq!(parse(ios).unwrap().group_notice.map(|n| n.text), Some("Ana left".into()));
    let one_to_one = "12/03/2024, 14:05 - Messages and calls are end-to-end encrypted.\n\
                      12/03/2024, 14:06 - Ana: I left the keys\n";
    assert_eq!(parse(one_to_one).unwrap().group_notice, None);
}

#[test]
fn class_8_calls_keep_caller_and_length_and_empty_lines_merge_into_media() {
    let text = "[12/03/2024, 14:05:09] Ana: \u{200E}Missed voice call\n\
                [12/03/2024, 14:06:00] Shop: \u{200E}Voice call, \u{200E}3 min\n\
                [12/03/2024, 14:07:00] Ana:\n\
                [12/03/2024, 14:07:00] Ana: \u{200E}<attached: 00000012-PHOTO-2024-03-12-14-07-00.jpg>\n\
                [12/03/2024, 14:08:00] Ana:\n";
    let e = parse(text).unwrap();
    let got: Vec<(Kind, Option<&str>, Option<Call>)> =
        e.messages.iter().map(|m| (m.kind, m.author.as_deref(), m.call)).collect();
    assert_eq!(
        got,
        [
            (Kind::System, Some("Ana"), Some(Call { video: false, missed: true, seconds: None })),
            (Kind::System, Some("Shop"), Some(Call { video: false, missed: false, seconds: Some(180) })),
            (Kind::Image, Some("Ana"), None),
            // An empty line with no media after it stays a message.
            (Kind::Text, Some("Ana"), None),
        ]
    );
    let android = parse("12/03/2024, 14:05 - Ana: Llamada perdida\n").unwrap();
    assert!(android.messages[0].call.is_some_and(|c| c.missed));
}

#[test]
fn class_7_japanese_era_years_and_year_less_layouts() {
    let e = parse("[3/18/R4, 14:56:01] 太郎: こんにちは\n[3/19/R4, 9:00:00] Shop: はい\n[4/30/H31, 9:00:00] 太郎: 平成\n")
        .unwrap();
    let at: Vec<String> = e.messages.iter().map(|m| m.at.to_string()).collect();
    assert_eq!(at, ["2022-03-18 14:56:01", "2022-03-19 09:00:00", "2019-04-30 09:00:00"]);

    let year = Options { year: Some(2013) };
    let month_first = "Dec 30, 8:11 PM - Ana: hi\nJan 2, 9:00 AM - Shop: happy new year\n";
    assert!(matches!(parse(month_first), Err(ParseError::NeedsYear { line: 1, .. })));
    let e = parse_opts(month_first, year).unwrap();
    let at: Vec<String> = e.messages.iter().map(|m| m.at.to_string()).collect();
    assert_eq!(at, ["2013-12-30 20:11:00", "2014-01-02 09:00:00"]);
    assert_eq!(e.layout.to_string(), "Android, mmm dd (no year), 12-hour");

    let time_first = "19:23, 28 Aug 2013 - Ana: hola\n19:24, 28 Aug 2013 - Shop: hi\n";
    let e = parse(time_first).unwrap();
    assert_eq!(e.messages[1].at.to_string(), "2013-08-28 19:24:00");
    assert_eq!(e.messages[1].author.as_deref(), Some("Shop"));

    let day_first = "18 Mar 12:14 - Ana: hallo\n2 Apr 08:00 - Shop: ja\n";
    let e = parse_opts(day_first, Options { year: Some(2014) }).unwrap();
    let at: Vec<String> = e.messages.iter().map(|m| m.at.to_string()).collect();
    assert_eq!(at, ["2014-03-18 12:14:00", "2014-04-02 08:00:00"]);
}
