//! Compiled only under #[cfg(test)], from its parent module.
use std::collections::BTreeSet;

use super::*;
use crate::import::whatsapp_export::parse;
use crate::model::Kind;

const CHAT: &str = "12/03/2024, 14:05 - Ana: Hola\n\
                    12/03/2024, 14:05 - Corner Shop: Buenos días\n\
                    12/03/2024, 14:05 - Ana: ok\n\
                    12/03/2024, 14:05 - Ana: ok\n\
                    12/03/2024, 14:06 - Ana changed their phone number to a new number.\n";

fn me(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn no_media<'a>(_: &str) -> Option<&'a str> {
    None
}

#[test]
fn the_business_author_is_outbound_and_everyone_else_inbound() {
    let export = parse(CHAT).unwrap();
    let sides = Sides::of(&export, &me(&["corner shop"])).unwrap();
    assert_eq!(sides.customer.as_deref(), Some("Ana"));
    let rows = rows(&export, &sides, "491512345678", Tz::UTC, &no_media);
    let directions: Vec<Direction> = rows.iter().map(|r| r.direction).collect();
    use Direction::{In, Out};
    assert_eq!(directions, [In, Out, In, In, In]);
    assert_eq!(rows[1].status, Some(OUTBOUND_STATUS));
    assert_eq!(rows[0].status, None);
    assert_eq!(rows[4].kind, Kind::System);
}

#[test]
fn identical_messages_in_one_minute_get_distinct_ids_that_a_second_parse_repeats() {
    let export = parse(CHAT).unwrap();
    let sides = Sides::of(&export, &me(&["Corner Shop"])).unwrap();
    let ids = |e: &Export| -> Vec<String> {
        rows(e, &sides, "491512345678", Tz::UTC, &no_media).into_iter().map(|r| r.external_id).collect()
    };
    let first = ids(&export);
    let distinct: BTreeSet<&String> = first.iter().collect();
    assert_eq!(distinct.len(), first.len());
    assert!(first[0].starts_with("import:491512345678:"));
    assert_eq!(first[3], format!("{}-1", first[2]));
    assert_eq!(ids(&parse(CHAT).unwrap()), first);
}

#[test]
fn an_export_cut_mid_minute_keeps_the_ids_of_the_messages_it_still_has() {
    let full = parse(CHAT).unwrap();
    let cut_text: String = CHAT.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let cut = parse(&cut_text).unwrap();
    let sides = Sides::of(&full, &me(&["Corner Shop"])).unwrap();
    let full_ids: Vec<String> =
        rows(&full, &sides, "1", Tz::UTC, &no_media).into_iter().map(|r| r.external_id).collect();
    let cut_ids: Vec<String> =
        rows(&cut, &sides, "1", Tz::UTC, &no_media).into_iter().map(|r| r.external_id).collect();
    assert_eq!(cut_ids, full_ids[1..]);
}

#[test]
fn the_zone_changes_times_but_not_ids() {
    let export = parse(CHAT).unwrap();
    let sides = Sides::of(&export, &me(&["Corner Shop"])).unwrap();
    let utc = rows(&export, &sides, "1", Tz::UTC, &no_media);
    let berlin = rows(&export, &sides, "1", chrono_tz::Europe::Berlin, &no_media);
    assert_eq!(utc[0].at - berlin[0].at, 3_600_000);
    assert_eq!(utc[0].external_id, berlin[0].external_id);
}

#[test]
fn two_authors_without_the_business_among_them_ask_for_me() {
    let export = parse(CHAT).unwrap();
    let err = Sides::of(&export, &me(&["My Business"])).unwrap_err();
    assert_eq!(err, AuthorError::WhoIsMe { authors: me(&["Ana", "Corner Shop"]) });
    assert!(err.to_string().contains("--me"));
}

#[test]
fn a_group_is_refused_naming_the_authors_unless_all_but_one_are_the_business() {
    let text = format!("{CHAT}12/03/2024, 14:07 - Bea: hi all\n");
    let export = parse(&text).unwrap();
    let err = Sides::of(&export, &me(&["Corner Shop"])).unwrap_err();
    assert_eq!(err, AuthorError::Group { others: me(&["Ana", "Bea"]) });
    let sides = Sides::of(&export, &me(&["Corner Shop", "Bea"])).unwrap();
    assert_eq!(sides.customer.as_deref(), Some("Ana"));
}

#[test]
fn a_chat_where_only_the_customer_wrote_needs_no_me() {
    let export = parse("12/03/2024, 14:05 - Ana: anyone there?\n").unwrap();
    let sides = Sides::of(&export, &me(&["Corner Shop"])).unwrap();
    assert_eq!(sides.customer.as_deref(), Some("Ana"));
}

#[test]
fn attachments_link_to_their_copy_unless_the_export_left_them_out() {
    let text = "[12/03/2024, 14:05:00] Ana: <attached: 00000012-PHOTO-2024-03-12-14-05-00.jpg>\n\
                [12/03/2024, 14:06:00] Ana: image omitted\n";
    let export = parse(text).unwrap();
    let sides = Sides::of(&export, &[]).unwrap();
    let copied = |name: &str| (name == "00000012-PHOTO-2024-03-12-14-05-00.jpg").then_some("/media/x.jpg");
    let rows = rows(&export, &sides, "1", Tz::UTC, &copied);
    assert_eq!(rows[0].media_filename, Some("00000012-PHOTO-2024-03-12-14-05-00.jpg"));
    assert_eq!(rows[0].media_path, Some("/media/x.jpg"));
    assert_eq!(rows[1].media_path, None);
}

#[test]
fn fnv_matches_the_published_test_vectors() {
    let hash = |s: &str| {
        let mut h = Fnv::new();
        h.write(s.as_bytes());
        h.finish()
    };
    assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
}
