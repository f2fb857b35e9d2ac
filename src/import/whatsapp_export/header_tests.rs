//! Compiled only under #[cfg(test)], from header.rs.
use super::super::template::Template;
use super::*;

#[test]
fn android_header_is_read_with_its_fields_in_written_order() {
    let h = scan("12/03/2024, 14:05 - Ana: hi").unwrap();
    assert_eq!(h.fields, [12, 3, 2024]);
    assert_eq!((h.hour, h.minute, h.second), (14, 5, 0));
    assert_eq!(h.shape.frame, Frame::Dash);
    assert_eq!(&"12/03/2024, 14:05 - Ana: hi"[h.rest..], "Ana: hi");
}

#[test]
fn ios_header_with_marks_seconds_and_narrow_space_before_pm_is_read() {
    let line = "\u{200E}[3/12/24, 2:05:09\u{202F}PM] Ana: hi";
    let h = scan(line).unwrap();
    assert_eq!(h.fields, [3, 12, 24]);
    assert_eq!((h.hour, h.minute, h.second), (2, 5, 9));
    assert_eq!(h.meridiem, Some(Meridiem::Pm));
    assert!(h.upper_latin && h.shape.seconds && h.shape.twelve_hour);
    assert_eq!(h.shape.frame, Frame::Bracket);
    assert_eq!(&line[h.rest..], "Ana: hi");
}

#[test]
fn words_between_date_and_time_belong_to_the_shape() {
    let a = scan("12/03/2024 à 14:05 - Ana: hi").unwrap();
    let b = scan("12/03/2024, 14:05 - Ana: hi").unwrap();
    let c = scan("13/03/2024 à 09:00 - Ana: hi").unwrap();
    assert_ne!(a.shape, b.shape);
    assert_eq!(a.shape, c.shape);
}

#[test]
fn meridiem_before_the_time_does_not_change_the_shape() {
    let am = scan("2024. 3. 12. 오전 2:05 - 민수: 안녕").unwrap();
    let pm = scan("2024. 3. 12. 오후 2:05 - 민수: 안녕").unwrap();
    assert_eq!(am.shape, pm.shape);
    assert_eq!(pm.meridiem, Some(Meridiem::Pm));
    assert!(pm.shape.meridiem_first && pm.shape.long_first);
}

#[test]
fn time_before_date_is_read() {
    let h = scan("14:05, 12/03/2024 - Ana: hi").unwrap();
    assert!(h.shape.time_first);
    assert_eq!(h.fields, [12, 3, 2024]);
    assert_eq!(h.hour, 14);
}

#[test]
fn the_template_reads_lines_as_the_full_scan_does() {
    let mut t = Template::default();
    for line in [
        "[3/12/24, 2:05:09\u{202F}PM] Ana: hi",
        "[3/12/24, 2:06:10\u{202F}PM] Ana: hi",
        "[3/12/24, 2:06:10\u{202F}AM] Ana: hi",
        "[3/12/24, 2:06:61\u{202F}AM] Ana: hi",
        "[3/12/24, 2:06:10\u{202F}AM]  Ana: hi",
        "[3/12/24, 2:66:10\u{202F}AM] Ana: hi",
        "12/03/2024, 14:05 - Ana: hi",
        "12/03/2024, 25:05 - Ana: hi",
        "12/03/2024, 14:05 -\u{200E} Ana: hi",
        "12/03/2024, 14:05 - ",
        "14:05, 12/03/2024 - Ana: hi",
        "15:06, 13/04/2025 - Ana: hi",
        "۱۴۰۲/۱۲/۲۰، ۱۴:۰۵ - Ana: hi",
        "۱۴۰۲/۱۲/۲۱، ۱۴:۰۶ - Ana: hi",
    ] {
        assert_eq!(t.scan(line), scan(line), "{line:?}");
    }
}

#[test]
fn lines_that_are_not_headers_are_rejected() {
    for line in [
        "hello",
        "12/03/2024 was a good day",
        "12/03/2024, 14:05 meeting",
        "14:05 - Ana",
        "[12/03/2024, 14:05:01]Ana",
        "12/03/2024, 14:65 - Ana: hi",
        "",
    ] {
        assert_eq!(scan(line), None, "{line:?}");
    }
}

#[test]
fn the_template_rejects_what_the_full_scan_rejects_byte_by_byte() {
    // A template learnt from `base`, then lines that differ from it in one byte of some 8-byte
    // word: each must read as the full scan reads it.
    let cases: [(&str, &[&str]); 2] = [
        (
            "12/03/2024, 14:05 - Ana: hi",
            &[
                "12/03/2024, 14:05 - ",
                "12/03/2024, 14:05 -",
                "12/03/2024, 14:05",
                "12/03/2024; 14:05 - Ana: hi",
                "12/03/2024, 14:05 + Ana: hi",
                "12/03/2024, 1::05 - Ana: hi",
                "12/03/2024, 1/:05 - Ana: hi",
                "12/03/2024, 1 :05 - Ana: hi",
                "12/03/2024, 1A:05 - Ana: hi",
                "12/03/2024, 1\u{0661}:05 - Ana: hi",
                "12/03/2024, 14:0\u{0665} - Ana: hi",
                "1/03/2024,  14:05 - Ana: hi",
                "12/0:/2024, 14:05 - Ana: hi",
                "12/03/2024, 14:05 -  Ana: hi",
                "12/03/2024, 14:05 -\tAna: hi",
                "12/03/2024, 14:05 -\u{200E}Ana: hi",
                "99/99/9999, 23:59 - Ana: hi",
                "00/00/0000, 00:00 - Ana: hi",
                "12/03/2024, 24:00 - Ana: hi",
                "12/03/2024, 25:00 - Ana: hi",
            ],
        ),
        (
            // A long header: marks around every field.
            "\u{200E}[\u{200E}12/03/2024,\u{200E} 14:05:09\u{200E}] Ana: hi",
            &[
                "\u{200E}[\u{200E}13/03/2024,\u{200E} 15:06:10\u{200E}] Ana: hi",
                "\u{200E}[\u{200E}13/03/2024,\u{200E} 15:06:1:\u{200E}] Ana: hi",
                "\u{200E}[\u{200E}13/03/2024,\u{200E} 15:06:60\u{200E}] Ana: hi",
                "\u{200E}[\u{200E}13/03/2024,\u{200E} 15:06:61\u{200E}] Ana: hi",
                "\u{200E}[\u{200E}13/03/2024,\u{200F} 15:06:10\u{200E}] Ana: hi",
            ],
        ),
    ];
    for (base, lines) in cases {
        for line in lines {
            let mut t = Template::default();
            assert_eq!(t.scan(base), scan(base), "{base:?}");
            assert_eq!(t.scan(line), scan(line), "{line:?} after {base:?}");
        }
    }
}
