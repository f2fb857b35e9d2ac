//! `wabi stats`: per-label figures over a range, as a table, JSON or CSV; `--verify` recomputes
//! the tallies from the messages.

use super::{CliError, Context, print_json};
use crate::cli::StatsArgs;
use crate::stats::{DayRange, Figures, to_csv};

pub fn run(ctx: &Context, args: &StatsArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let range =
        DayRange::parse(&args.range, chrono::Utc::now(), config.hours.timezone).map_err(CliError::bad)?;
    let store = ctx.store()?;
    if args.verify {
        let diffs = store.verify_tallies()?;
        if diffs.is_empty() {
            println!("tallies match the messages");
            return Ok(());
        }
        for d in diffs.iter().take(50) {
            println!("{d}");
        }
        return Err(CliError::failed(format!(
            "{} differences between the tallies and the messages",
            diffs.len()
        )));
    }
    let label = args.label.as_deref().map(|name| store.label_by_name(name)).transpose()?.map(|l| l.id);
    let report = store.stats(&range, label)?;
    if args.json {
        return print_json(&report);
    }
    if args.csv {
        print!("{}", to_csv(&report));
        return Ok(());
    }
    let from = report.range.from.as_deref().unwrap_or("the first day");
    let to = report.range.to.as_deref().unwrap_or("today");
    println!("{from} .. {to}\n");
    println!(
        "{:<22} {:>6} {:>5} {:>8} {:>6} {:>5} {:>8} {:>9} {:>6} {:>6} {:>6} {:>8}",
        "",
        "chats",
        "new",
        "received",
        "sent",
        "away",
        "greeting",
        "delivered",
        "read",
        "failed",
        "read%",
        "1st resp"
    );
    row("Total", &report.total);
    row("Unlabelled", &report.unlabelled);
    for l in &report.labels {
        row(&crate::sanitize::one_line(&l.label), &l.figures);
    }
    Ok(())
}

fn row(name: &str, f: &Figures) {
    let rate = f.read_rate.map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0));
    let first = f.first_response_median_s.map_or("-".to_string(), human_seconds);
    println!(
        "{:<22} {:>6} {:>5} {:>8} {:>6} {:>5} {:>8} {:>9} {:>6} {:>6} {:>6} {:>8}",
        crate::tui::wrap::truncate(name, 22),
        f.chats,
        f.new_chats,
        f.received,
        f.sent,
        f.away_sent,
        f.greeting_sent,
        f.delivered,
        f.read,
        f.failed,
        rate,
        first
    );
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
