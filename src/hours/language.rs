//! The language customers read the business's words in (`[business] language`): day and month
//! names in `{{hours.next_open}}`. English unless configured.

use chrono::{Datelike, NaiveDateTime, Weekday};
use serde::Deserialize;

/// A language wabi can name days and months in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Es,
    Pt,
    Fr,
    De,
    It,
    Zh,
    Ar,
}

const DAYS: [[&str; 7]; 8] = [
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
];

const MONTHS: [[&str; 12]; 8] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
];

impl Language {
    fn index(self) -> usize {
        self as usize
    }

    /// The code written in the config: "en", "es"…
    pub fn code(self) -> &'static str {
        ["en", "es", "pt", "fr", "de", "it", "zh", "ar"][self.index()]
    }

    /// The weekday's full name.
    pub fn day(self, d: Weekday) -> &'static str {
        DAYS[self.index()][d.num_days_from_monday() as usize]
    }

    /// A local time as customers write it: the weekday and time, and with `with_date` the date
    /// too ("Monday 5 January 09:00", "lunes 5 de enero 09:00", "1月5日 星期一 09:00").
    pub fn when(self, t: NaiveDateTime, with_date: bool) -> String {
        let day = self.day(t.weekday());
        let time = t.format("%H:%M");
        if !with_date {
            return format!("{day} {time}");
        }
        let (n, month) = (t.day(), MONTHS[self.index()][t.month0() as usize]);
        match self {
            Language::En | Language::Fr | Language::It | Language::Ar => format!("{day} {n} {month} {time}"),
            Language::Es | Language::Pt => format!("{day} {n} de {month} {time}"),
            Language::De => format!("{day}, {n}. {month} {time}"),
            Language::Zh => format!("{month}{n}日 {day} {time}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn monday_in_every_language_with_and_without_the_date() {
        let monday = at("2026-01-05 09:00");
        let expected = [
            (Language::En, "Monday 09:00", "Monday 5 January 09:00"),
            (Language::Es, "lunes 09:00", "lunes 5 de enero 09:00"),
            (Language::Pt, "segunda-feira 09:00", "segunda-feira 5 de janeiro 09:00"),
            (Language::Fr, "lundi 09:00", "lundi 5 janvier 09:00"),
            (Language::De, "Montag 09:00", "Montag, 5. Januar 09:00"),
            (Language::It, "lunedì 09:00", "lunedì 5 gennaio 09:00"),
            (Language::Zh, "星期一 09:00", "1月5日 星期一 09:00"),
            (Language::Ar, "الاثنين 09:00", "الاثنين 5 يناير 09:00"),
        ];
        for (lang, short, long) in expected {
            assert_eq!(lang.when(monday, false), short, "{lang:?}");
            assert_eq!(lang.when(monday, true), long, "{lang:?}");
        }
    }

    #[test]
    fn sunday_is_the_last_day() {
        assert_eq!(Language::Es.day(Weekday::Sun), "domingo");
        assert_eq!(Language::De.day(Weekday::Sun), "Sonntag");
    }
}
