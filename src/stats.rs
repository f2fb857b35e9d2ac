//! Statistics: ranges of business days, the report the CLI prints and the TUI draws, and the
//! arithmetic on it. Pure: the store sums the tallies, this shapes them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

mod billing;
pub use billing::{AdChats, Billing};

/// A range of business days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The ranges `wabi stats --range` and the TUI offer.
pub const NAMED_RANGES: [&str; 5] = ["today", "7d", "30d", "90d", "all"];

impl DayRange {
    /// Reads "today", "7d", "30d", "90d", "all" or "YYYY-MM-DD..YYYY-MM-DD" relative to `now` in `tz`.
    pub fn parse(text: &str, now: DateTime<Utc>, tz: Tz) -> Result<DayRange, String> {
        let today = now.with_timezone(&tz).date_naive();
        let back = |days: i64| DayRange { from: today - Duration::days(days - 1), to: today };
        match text.trim() {
            "today" => Ok(back(1)),
            "7d" => Ok(back(7)),
            "30d" => Ok(back(30)),
            "90d" => Ok(back(90)),
            "all" => Ok(DayRange { from: NaiveDate::MIN, to: NaiveDate::MAX }),
            other => {
                let bad = || {
                    format!(
                        "{other:?} is not a range: use today, 7d, 30d, 90d, all or 2026-01-01..2026-01-31"
                    )
                };
                let (a, b) = other.split_once("..").ok_or_else(bad)?;
                let from = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| bad())?;
                let to = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| bad())?;
                if from > to {
                    return Err(format!("{other:?} ends before it starts"));
                }
                Ok(DayRange { from, to })
            }
        }
    }

    /// The ends as the store's day strings.
    pub fn bounds(&self) -> (String, String) {
        let clamp = |d: NaiveDate| {
            d.clamp(
                NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(d),
                NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(d),
            )
        };
        (clamp(self.from).format("%Y-%m-%d").to_string(), clamp(self.to).format("%Y-%m-%d").to_string())
    }
}

/// The counters of a group of chats over a range.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Chats in the group now (for a label: the chats that carry it).
    pub chats: i64,
    /// Chats whose first message falls in the range.
    pub new_chats: i64,
    /// Received, sent (yours, away, greeting), delivered, read and failed: the tallies summed.
    #[serde(flatten)]
    pub counts: Counters,
    /// read / all outbound; None without outbound.
    pub read_rate: Option<f64>,
    pub first_response_median_s: Option<i64>,
    pub first_response_p90_s: Option<i64>,
    pub days: Vec<DayFigures>,
    /// Billable messages by category and origin (Cloud API statuses' `pricing`).
    pub billable: Box<Billing>,
}

/// One day of a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayFigures {
    pub day: String,
    pub received: i64,
    pub sent: i64,
}

/// One label's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelFigures {
    pub label: String,
    pub color: &'static str,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The range as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RangeJson {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Everything `wabi stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub range: RangeJson,
    pub total: Figures,
    pub unlabelled: Figures,
    pub labels: Vec<LabelFigures>,
    /// Chats started from click-to-WhatsApp ads, most first.
    pub ads: Vec<AdChats>,
}

impl Report {
    /// Puts prices per category (`[pricing]`) on every group's billable counts.
    pub fn price(&mut self, prices: &std::collections::BTreeMap<String, f64>) {
        self.total.billable.price(prices);
        self.unlabelled.billable.price(prices);
        for l in &mut self.labels {
            l.figures.billable.price(prices);
        }
    }
}

/// The counters one tally row (or a sum of them) holds, in the store's column order. Outbound
/// `sent` is the operator's, scripts', imports' and broadcasts'; `delivered`, `read` and `failed`
/// count outbound messages (automatic ones included) by their status now, on the day they were sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    pub received: i64,
    pub sent: i64,
    pub away_sent: i64,
    pub greeting_sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub failed: i64,
}

impl Counters {
    pub fn add(&mut self, o: &Counters) {
        self.received += o.received;
        self.sent += o.sent;
        self.away_sent += o.away_sent;
        self.greeting_sent += o.greeting_sent;
        self.delivered += o.delivered;
        self.read += o.read;
        self.failed += o.failed;
    }
}

impl Figures {
    /// Figures from per-day counters (in day order), response times in seconds and chat counts.
    pub fn from_days(
        days: &[(String, Counters)],
        mut responses: Vec<i64>,
        chats: i64,
        new_chats: i64,
    ) -> Figures {
        let mut sum = Counters::default();
        for (_, c) in days {
            sum.add(c);
        }
        responses.sort_unstable();
        let outbound = sum.sent + sum.away_sent + sum.greeting_sent;
        Figures {
            chats,
            new_chats,
            counts: sum,
            read_rate: (outbound > 0).then(|| sum.read as f64 / outbound as f64),
            first_response_median_s: percentile(&responses, 50),
            first_response_p90_s: percentile(&responses, 90),
            days: days
                .iter()
                .map(|(day, c)| DayFigures { day: day.clone(), received: c.received, sent: c.sent })
                .collect(),
            billable: Box::default(),
        }
    }
}

/// The column titles of [`table_row`].
pub fn table_header() -> String {
    format!(
        "{:<20} {:>6} {:>5} {:>8} {:>6} {:>5} {:>5} {:>9} {:>6} {:>6} {:>6} {:>7}",
        "",
        "chats",
        "new",
        "received",
        "sent",
        "away",
        "greet",
        "delivered",
        "read",
        "failed",
        "read%",
        "1st rsp"
    )
}

/// One line of the figures table, as `wabi stats` prints it and the `s` view draws it.
pub fn table_row(name: &str, f: &Figures) -> String {
    let rate = f.read_rate.map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0));
    let first = f.first_response_median_s.map_or("-".to_string(), human_seconds);
    let widths = [6, 5, 8, 6, 5, 5, 9, 6, 6];
    let counts: String = f.columns().iter().zip(widths).map(|(n, w)| format!(" {n:>w$}")).collect();
    format!(
        "{:<20}{counts} {rate:>6} {first:>7}",
        crate::tui::wrap::truncate(&crate::sanitize::one_line(name), 20)
    )
}

impl Figures {
    /// The whole-number columns of the table and the CSV, in their order: chats, new chats,
    /// received, sent, away, greeting, delivered, read, failed.
    fn columns(&self) -> [i64; 9] {
        let c = &self.counts;
        [
            self.chats,
            self.new_chats,
            c.received,
            c.sent,
            c.away_sent,
            c.greeting_sent,
            c.delivered,
            c.read,
            c.failed,
        ]
    }
}

/// "45s", "12m", "3h", "2d".
pub fn human_seconds(s: i64) -> String {
    match s {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// CSV of a report: one line per group (total, unlabelled, each label).
pub fn to_csv(report: &Report) -> String {
    let mut out = format!(
        "group,chats,new_chats,received,sent,away_sent,greeting_sent,delivered,read,failed,read_rate,first_response_median_s,first_response_p90_s,{}\n",
        billing::csv_header()
    );
    let mut line = |name: &str, f: &Figures| {
        // CSV lands on terminals as often as in spreadsheets: no control sequences either way.
        let name = crate::sanitize::one_line(name);
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let quoted = if name.contains([',', '"', '\n']) {
            format!("\"{}\"", name.replace('"', "\"\""))
        } else {
            name.to_string()
        };
        let counts: String = f.columns().iter().map(|n| format!("{n},")).collect();
        out.push_str(&format!(
            "{quoted},{counts}{},{},{},{}\n",
            f.read_rate.map(|r| format!("{r:.3}")).unwrap_or_default(),
            opt(f.first_response_median_s),
            opt(f.first_response_p90_s),
            f.billable.csv_cells(),
        ));
    };
    line("total", &report.total);
    line("unlabelled", &report.unlabelled);
    for l in &report.labels {
        line(&format!("label:{}", l.label), &l.figures);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T23:30:00Z").map(|d| d.with_timezone(&Utc)).unwrap()
    }

    #[test]
    fn named_ranges_end_today_in_the_business_zone() {
        let berlin = DayRange::parse("7d", now(), chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(
            berlin.bounds(),
            ("2026-03-05".to_string(), "2026-03-11".to_string()),
            "23:30 UTC is the 11th in Berlin"
        );
        let utc = DayRange::parse("today", now(), Tz::UTC).unwrap();
        assert_eq!(utc.bounds(), ("2026-03-10".to_string(), "2026-03-10".to_string()));
        assert_eq!(DayRange::parse("all", now(), Tz::UTC).unwrap().bounds().0, "0001-01-01");
    }

    #[test]
    fn explicit_ranges_are_checked() {
        assert!(DayRange::parse("2026-01-01..2026-01-31", now(), Tz::UTC).is_ok());
        assert!(
            DayRange::parse("2026-02-01..2026-01-31", now(), Tz::UTC).unwrap_err().contains("ends before")
        );
        assert!(DayRange::parse("last week", now(), Tz::UTC).is_err());
        assert!(DayRange::parse("2026-02-30..2026-03-01", now(), Tz::UTC).is_err());
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(percentile(&v, 50), Some(50));
        assert_eq!(percentile(&v, 90), Some(90));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn figures_sum_days_and_rate_reads_over_all_outbound() {
        let day = |d: &str, received, sent, read| {
            (d.to_string(), Counters { received, sent, read, away_sent: 1, ..Counters::default() })
        };
        let f = Figures::from_days(
            &[day("2026-03-01", 3, 1, 1), day("2026-03-02", 2, 2, 2)],
            vec![60, 30, 90],
            4,
            1,
        );
        assert_eq!((f.counts.received, f.counts.sent, f.counts.away_sent, f.counts.read), (5, 3, 2, 3));
        assert_eq!(f.read_rate, Some(0.6));
        assert_eq!(f.first_response_median_s, Some(60));
        assert_eq!(f.days.len(), 2);
    }
}
