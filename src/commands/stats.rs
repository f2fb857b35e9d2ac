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
            crate::outln!("tallies match the messages");
            return Ok(());
        }
        for d in diffs.iter().take(50) {
            crate::outln!("{}", crate::sanitize::one_line(d));
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
        crate::out!("{}", to_csv(&report));
        return Ok(());
    }
    let from = report.range.from.as_deref().unwrap_or("the first day");
    let to = report.range.to.as_deref().unwrap_or("today");
    crate::outln!("{from} .. {to}\n");
    crate::outln!("{}", crate::stats::table_header());
    row("Total", &report.total);
    row("Unlabelled", &report.unlabelled);
    for l in &report.labels {
        row(&l.label, &l.figures);
    }
    Ok(())
}

fn row(name: &str, f: &Figures) {
    crate::outln!("{}", crate::stats::table_row(name, f));
}
