//! What `wabi import` tells: per file, counts by kind, what went in, and every line it skipped.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::CliError;
use crate::import::whatsapp_export::{Export, SkippedLine};
use crate::model::Kind;
use crate::sanitize::one_line;

/// Counts of what the messages were read as, besides their kinds.
#[derive(Debug, Default, Serialize)]
struct ReadAs {
    /// Messages by an author (the business's or the customer's).
    authored: usize,
    /// WhatsApp's notices (encryption, security code, number changes).
    notices: usize,
    calls: usize,
    deleted: usize,
    edited: usize,
    /// Media the phone left out of the export.
    media_omitted: usize,
}

/// One file's report; `--json` prints a list of these.
#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    file: String,
    /// The layout the file was read in ("Android, dd/mm/yyyy, 24-hour").
    layout: String,
    /// The customer's number, digits only.
    phone: &'a str,
    /// The customer's name as the export writes it.
    customer: Option<&'a str>,
    messages: usize,
    by_kind: BTreeMap<&'static str, usize>,
    /// Every line of the file, placed: `lines` = `before_first` + `in_messages`.
    lines: usize,
    /// Lines before the first message: the non-blank ones are in `skipped`.
    before_first: usize,
    /// Lines read into messages (headers and continuation lines).
    in_messages: usize,
    /// What the messages were read as beyond their kind.
    read_as: ReadAs,
    /// Lines of messages longer than WhatsApp's 65,536 characters, stored cut to them.
    cut: Vec<usize>,
    /// Null in a dry run, which reads no store.
    inserted: Option<usize>,
    duplicates: Option<usize>,
    /// Attachments the archive carries for its messages (copied, or to be copied in a dry run).
    media: usize,
    dry_run: bool,
    skipped: &'a [SkippedLine],
}

impl<'a> FileReport<'a> {
    pub fn new(path: &Path, export: &'a Export, phone: &'a str, customer: Option<&'a str>) -> FileReport<'a> {
        // Counted by the kind's place in Kind::ALL (its declaration order): a map lookup per
        // message shows in a big import.
        let mut counts = vec![0usize; Kind::ALL.len()];
        for m in &export.messages {
            if let Some(n) = counts.get_mut(m.kind as usize) {
                *n += 1;
            }
        }
        let by_kind =
            Kind::ALL.iter().zip(counts).filter(|&(_, n)| n > 0).map(|(k, n)| (k.as_str(), n)).collect();
        let mut read_as = ReadAs::default();
        let mut cut = Vec::new();
        for m in &export.messages {
            read_as.authored += usize::from(m.author.is_some() && m.call.is_none());
            read_as.notices += usize::from(m.author.is_none() && m.call.is_none());
            read_as.calls += usize::from(m.call.is_some());
            read_as.deleted += usize::from(m.flags.deleted);
            read_as.edited += usize::from(m.flags.edited);
            read_as.media_omitted += usize::from(m.flags.media_omitted);
            if m.flags.cut {
                cut.push(m.line);
            }
        }
        let before_first = export.messages.first().map_or(export.lines, |m| m.line - 1);
        FileReport {
            file: path.display().to_string(),
            layout: export.layout.to_string(),
            phone,
            customer,
            messages: export.messages.len(),
            by_kind,
            lines: export.lines,
            before_first,
            in_messages: export.lines - before_first,
            read_as,
            cut,
            inserted: None,
            duplicates: None,
            media: 0,
            dry_run: false,
            skipped: &export.skipped,
        }
    }

    pub fn media(mut self, count: usize) -> Self {
        self.media = count;
        self
    }

    /// A dry run: read and checked, nothing written.
    pub fn dry_run(mut self) -> Self {
        self.dry_run = true;
        self
    }

    pub fn stored(mut self, inserted: usize, duplicates: usize) -> Self {
        self.inserted = Some(inserted);
        self.duplicates = Some(duplicates);
        self
    }

    fn print_lines(&self) {
        let customer = self.customer.map(|c| format!(" ({})", one_line(c))).unwrap_or_default();
        crate::outln!("{}: chat with +{}{customer}", one_line(&self.file), self.phone);
        crate::outln!("  layout: {}", one_line(&self.layout));
        let kinds: Vec<String> = self.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        crate::outln!("  {} messages: {}", self.messages, kinds.join(", "));
        let r = &self.read_as;
        crate::outln!(
            "  read as: {} authored, {} notices, {} calls; {} deleted, {} edited, {} media left out of the export",
            r.authored,
            r.notices,
            r.calls,
            r.deleted,
            r.edited,
            r.media_omitted
        );
        crate::outln!(
            "  {} lines: {} in messages, {} before the first message ({} skipped, the rest blank)",
            self.lines,
            self.in_messages,
            self.before_first,
            self.skipped.len()
        );
        match (self.inserted, self.duplicates) {
            (Some(inserted), Some(duplicates)) => {
                crate::outln!(
                    "  stored {inserted} new, {duplicates} already there, {} attachments",
                    self.media
                )
            }
            _ => crate::outln!("  dry run: nothing stored ({} attachments in the archive)", self.media),
        }
        for s in self.skipped {
            crate::outln!("  skipped line {}: {} ({})", s.line, one_line(&s.text), s.reason);
        }
        for line in &self.cut {
            crate::outln!(
                "  cut line {line}: the message is longer than 65,536 characters and was stored cut to them"
            );
        }
    }
}

pub fn print(reports: &[FileReport<'_>], json: bool) -> Result<(), CliError> {
    if json {
        let text = serde_json::to_string_pretty(reports).map_err(|e| CliError::failed(e.to_string()))?;
        crate::outln!("{text}");
    } else {
        reports.iter().for_each(FileReport::print_lines);
    }
    Ok(())
}
