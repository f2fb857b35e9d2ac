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
    let mut report = store.stats(&range, label)?;
    report.price(&config.pricing.prices());
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
    billing_lines(&report, &config.pricing.currency);
    Ok(())
}

/// Billable messages per group (when any) and chats per ad, under the table.
fn billing_lines(report: &crate::stats::Report, currency: &str) {
    let groups = [("Total", &report.total), ("Unlabelled", &report.unlabelled)]
        .into_iter()
        .chain(report.labels.iter().map(|l| (l.label.as_str(), &l.figures)));
    let mut header = false;
    for (name, f) in groups.filter(|(_, f)| f.billable.total > 0) {
        if !header {
            crate::outln!("\nbillable messages");
            header = true;
        }
        let b = &f.billable;
        let join = |m: &std::collections::BTreeMap<String, i64>| {
            m.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
        };
        let cost = b.cost.map(|c| format!(" · cost {c:.2} {currency}")).unwrap_or_default();
        crate::outln!(
            "{:<20} {} ({}; by origin: {}){cost}",
            crate::sanitize::one_line(name),
            b.total,
            join(&b.by_category),
            join(&b.by_origin)
        );
    }
    if !report.ads.is_empty() {
        crate::outln!("\nchats from ads");
        for ad in &report.ads {
            let headline = ad
                .headline
                .as_deref()
                .map(|h| format!(" {:?}", crate::sanitize::one_line(h)))
                .unwrap_or_default();
            crate::outln!("{:<20} {}{headline}", crate::sanitize::one_line(&ad.ad), ad.chats);
        }
    }
}

fn row(name: &str, f: &Figures) {
    crate::outln!("{}", crate::stats::table_row(name, f));
}
