//! One small export per layout phones write, with what must come out of the store: the UTC
//! time (read in Europe/Berlin, +01:00 in March 2024), direction and body of every message.
//! "Shop" is the business (`--me Shop`); everyone else is the customer.

pub struct Case {
    pub name: &'static str,
    pub text: &'static str,
    /// (RFC 3339 UTC, "in" | "out", body)
    pub want: &'static [(&'static str, &'static str, &'static str)],
}

const T1: &str = "2024-03-12T13:05:00.000Z";
const T2: &str = "2024-03-13T08:30:00.000Z";

pub const CASES: &[Case] = &[
    Case {
        name: "android 24h day-first",
        text: "12/03/2024, 14:05 - Ana: Hola\n13/03/2024, 09:30 - Shop: Buenos días\n",
        want: &[(T1, "in", "Hola"), (T2, "out", "Buenos días")],
    },
    Case {
        name: "android 12h month-first, 2-digit year",
        text: "3/12/24, 2:05 PM - Ana: hi\n3/13/24, 9:30 AM - Shop: hello\n",
        want: &[(T1, "in", "hi"), (T2, "out", "hello")],
    },
    Case {
        name: "year-first with dashes and no comma",
        text: "2024-03-12 14:05 - Ana: hej\n2024-03-13 09:30 - Shop: hallå\n",
        want: &[(T1, "in", "hej"), (T2, "out", "hallå")],
    },
    Case {
        name: "iOS dots with seconds",
        text: "[12.03.24, 14:05:09] Ana: Hallo\n[13.03.24, 09:30:00] Shop: Guten Tag\n",
        want: &[("2024-03-12T13:05:09.000Z", "in", "Hallo"), (T2, "out", "Guten Tag")],
    },
    Case {
        name: "iOS 12h month-first",
        text: "[3/12/24, 2:05:00 PM] Ana: hi\n[3/13/24, 9:30:00 AM] Shop: hello\n",
        want: &[(T1, "in", "hi"), (T2, "out", "hello")],
    },
    Case {
        name: "iOS year-first, Japanese",
        text: "[2024/03/12 14:05:00] 太郎: こんにちは\n[2024/03/13 9:30:00] Shop: いらっしゃいませ\n",
        want: &[(T1, "in", "こんにちは"), (T2, "out", "いらっしゃいませ")],
    },
    Case {
        name: "Spanish a. m./p. m. with no-break spaces",
        text: "12/3/24, 2:05\u{a0}p.\u{a0}m. - Ana: Hola\n13/3/24, 9:30\u{a0}a.\u{a0}m. - Shop: ¿Qué tal?\n",
        want: &[(T1, "in", "Hola"), (T2, "out", "¿Qué tal?")],
    },
    Case {
        name: "iOS narrow no-break space before PM",
        text: "[3/12/24, 2:05:00\u{202F}PM] Ana: hi\n[3/13/24, 9:30:00\u{202F}AM] Shop: morning\n",
        want: &[(T1, "in", "hi"), (T2, "out", "morning")],
    },
    Case {
        name: "Arabic-Indic digits with م/ص and RLM marks",
        text: "١٢\u{200F}/٣\u{200F}/٢٠٢٤، ٢:٠٥ م - أحمد: مرحبا\n١٣\u{200F}/٣\u{200F}/٢٠٢٤، ٩:٣٠ ص - Shop: أهلا\n",
        want: &[(T1, "in", "مرحبا"), (T2, "out", "أهلا")],
    },
    Case {
        name: "Persian digits, solar hijri",
        text: "۱۴۰۲/۱۲/۲۲, ۱۴:۰۵ - علی: سلام\n۱۴۰۲/۱۲/۲۳, ۰۹:۳۰ - Shop: درود\n",
        want: &[(T1, "in", "سلام"), (T2, "out", "درود")],
    },
    Case {
        name: "French à between date and time",
        text: "12/03/2024 à 14:05 - Ana: Bonjour\n13/03/2024 à 09:30 - Shop: Salut\n",
        want: &[(T1, "in", "Bonjour"), (T2, "out", "Salut")],
    },
    Case {
        name: "Finnish klo with a dotted time",
        text: "12.3.2024 klo 14.05 - Aino: Moi\n13.3.2024 klo 9.30 - Shop: Hei\n",
        want: &[(T1, "in", "Moi"), (T2, "out", "Hei")],
    },
    Case {
        name: "German without a comma, 2-digit year",
        text: "12.03.24 14:05 - Anna: Hallo\n13.03.24 09:30 - Shop: Moin\n",
        want: &[(T1, "in", "Hallo"), (T2, "out", "Moin")],
    },
    Case {
        name: "time before date",
        text: "14:05, 12/03/2024 - Ana: hi\n09:30, 13/03/2024 - Shop: hello\n",
        want: &[(T1, "in", "hi"), (T2, "out", "hello")],
    },
    Case {
        name: "old iOS with a colon after the seconds",
        text: "12/03/2024, 14:05:00: Ana: hi\n13/03/2024, 09:30:00: Shop: hello\n",
        want: &[(T1, "in", "hi"), (T2, "out", "hello")],
    },
    Case {
        name: "CRLF, a BOM on its own line, a multi-line body",
        text: "\u{FEFF}\r\n12/03/2024, 14:05 - Ana: line one\r\n13/03/2024 pickup\r\n13/03/2024, 09:30 - Shop: ok\r\n",
        want: &[(T1, "in", "line one\n13/03/2024 pickup"), (T2, "out", "ok")],
    },
    Case {
        name: "Korean 오후/오전 before the time",
        text: "2024. 3. 12. 오후 2:05 - 민수: 안녕하세요\n2024. 3. 13. 오전 9:30 - Shop: 네\n",
        want: &[(T1, "in", "안녕하세요"), (T2, "out", "네")],
    },
    Case {
        name: "Thai Buddhist-era years",
        text: "[12/3/2567 BE, 14:05:00] Ana: hi\n[13/3/2567 BE, 09:30:00] Shop: hello\n",
        want: &[(T1, "in", "hi"), (T2, "out", "hello")],
    },
    Case {
        name: "iOS encryption notice under the business's name, image omitted, LRM marks",
        text: "[12/03/2024, 14:04:00] Shop: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n\
               \u{200E}[12/03/2024, 14:05:00] Ana: \u{200E}image omitted\n\
               [13/03/2024, 09:30:00] Shop: \u{200E}This message was deleted\n",
        want: &[
            (
                "2024-03-12T13:04:00.000Z",
                "in",
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
            ),
            (T1, "in", ""),
            (T2, "out", "This message was deleted"),
        ],
    },
];
