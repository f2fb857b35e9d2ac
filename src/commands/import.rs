//! `wabi import`: chat exports into the store, one transaction per file.
//!
//! Every file is read, parsed and checked (authors, phone) before anything is written, so bad
//! input exits 2 with the store as it was. Then the attachments are copied, then each file's
//! rows go in through one transaction; a re-import finds every message already stored.

mod report;

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::Path;

use chrono_tz::Tz;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CliError, Context};
use crate::cli::ImportArgs;
use crate::config::paths;
use crate::import::archive::{ArchiveError, Source};
use crate::import::rows::{Ids, Sides, calls, row_iter};
use crate::import::whatsapp_export::{
    Export, NO_NAME, Options, parse_static_bytes_opts, phone_from_file_name,
};
use crate::phone::parse_phone;
use crate::store::{ContactKey, HistoryChat, Store};
use report::FileReport;

/// Files with fewer messages import too fast for a progress bar to mean anything.
const PROGRESS_FROM: usize = 5_000;

/// One export, read and checked, not yet stored.
struct Plan {
    source: Source,
    /// Borrows the file's text, which lives as long as the process.
    export: Export,
    sides: Sides,
    /// The customer's number, digits only.
    phone: String,
}

pub fn import(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let tz = match args.tz.as_deref() {
        Some(zone) => zone.parse::<Tz>().map_err(|_| {
            CliError::bad(format!("--tz {zone:?} is not a time zone (an IANA name like Europe/Berlin)"))
        })?,
        None => config.hours.timezone,
    };
    let me = if args.me.is_empty() { vec![config.business.name.clone()] } else { args.me.clone() };
    let phone = args.phone.as_deref().map(parse_phone).transpose()?;
    let mut plans = args
        .files
        .iter()
        .map(|path| Plan::read(path, phone.as_deref(), &me, Options { year: args.year }))
        .collect::<Result<Vec<_>, _>>()?;
    let reports = if args.dry_run {
        plans.iter().map(Plan::dry_run).collect()
    } else {
        let mut store = ctx.store()?;
        // Every archive is copied out before any row goes in: a damaged entry stops the import
        // with the store untouched. Copies are idempotent, so a retry finds them in place.
        let media_root = paths::data_dir().join("media");
        let media =
            plans.iter_mut().map(|plan| plan.copy_media(&media_root)).collect::<Result<Vec<_>, _>>()?;
        let bars = !args.json && std::io::stderr().is_terminal();
        let mut reports = Vec::with_capacity(plans.len());
        for (plan, media) in plans.iter().zip(&media) {
            reports.push(plan.store(&mut store, tz, media, bars)?);
        }
        reports
    };
    report::print(&reports, args.json)?;
    drop(reports);
    // The process ends here: freeing every message one by one (and the whole text) only costs
    // time, a twentieth of a dry run's.
    std::mem::forget(plans);
    Ok(())
}

impl Plan {
    /// Reads, parses and checks one file; every error names it.
    fn read(path: &Path, phone: Option<&str>, me: &[String], options: Options) -> Result<Plan, CliError> {
        let mut source = Source::open(path).map_err(archive_error)?;
        let named = |e: &dyn std::fmt::Display| CliError::bad(format!("{}: {e}", path.display()));
        // The messages borrow their bodies from the text (copying each was a good part of the
        // time of a big import), so it is kept to the end of the process, like the plans.
        let text: &'static [u8] = Box::leak(Box::new(std::mem::take(&mut source.text)));
        let export = parse_static_bytes_opts(text, options).map_err(|e| named(&e))?;
        let sides = Sides::of(&export, me).map_err(|e| named(&e))?;
        let phone = match phone {
            Some(p) => p.to_string(),
            None => phone_of(&source).map_err(|e| named(&e))?,
        };
        Ok(Plan { source, export, sides, phone })
    }

    fn attachments(&self) -> BTreeSet<&str> {
        self.export
            .messages
            .iter()
            .filter(|m| !m.flags.media_omitted)
            .filter_map(|m| m.attachment.as_deref())
            .filter(|name| self.source.has_attachment(name))
            .collect()
    }

    fn copy_media(&mut self, media_root: &Path) -> Result<HashMap<String, String>, CliError> {
        let names: BTreeSet<String> = self.attachments().into_iter().map(str::to_string).collect();
        if names.is_empty() {
            return Ok(HashMap::new());
        }
        let names: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        // One folder per chat: phones reuse names like IMG-20240101-WA0001.jpg in every chat.
        self.source.copy_attachments(&names, &media_root.join(&self.phone)).map_err(archive_error)
    }

    fn dry_run(&self) -> FileReport<'_> {
        FileReport::new(&self.source.path, &self.export, &self.phone, self.sides.customer.as_deref())
            .media(self.attachments().len())
            .dry_run()
    }

    fn store(
        &self,
        store: &mut Store,
        tz: Tz,
        media: &HashMap<String, String>,
        bars: bool,
    ) -> Result<FileReport<'_>, CliError> {
        let ids = Ids::of(&self.export, &self.phone);
        let media_path = |name: &str| media.get(name).map(String::as_str);
        let mut rows = row_iter(&self.export, &self.sides, &ids, tz, &media_path);
        // An unsaved contact's author is their number, or nothing: no name worth keeping.
        let name = self.sides.customer.clone().filter(|c| parse_phone(c).is_err() && c != NO_NAME);
        let chat = HistoryChat { key: ContactKey::Phone(self.phone.clone()), name };
        let calls = calls(&self.export, &self.sides, &ids);
        let total = self.export.messages.len();
        let bar = progress_bar(bars && total >= PROGRESS_FROM, total, &self.source.path);
        let outcome =
            store.import_history_iter(&chat, &mut rows, &calls, &mut |n| bar.set_position(n as u64))?;
        bar.finish_and_clear();
        Ok(FileReport::new(&self.source.path, &self.export, &self.phone, self.sides.customer.as_deref())
            .media(media.len())
            .stored(outcome.inserted, outcome.duplicates))
    }
}

/// The customer's number from the file's name, or from the chat text's name inside a .zip.
fn phone_of(source: &Source) -> Result<String, String> {
    let file_name = source.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let digits = phone_from_file_name(&file_name)
        .or_else(|| source.text_name.as_deref().and_then(phone_from_file_name));
    let Some(digits) = digits else {
        return Err("no phone number in the file name: give the customer's number with --phone".into());
    };
    parse_phone(&digits).map_err(|e| format!("the number in the file name is not usable ({e}): give --phone"))
}

fn archive_error(e: ArchiveError) -> CliError {
    if e.is_bad_input() { CliError::bad(e.to_string()) } else { CliError::failed(e.to_string()) }
}

/// A bar on stderr while a big file goes into the store; a hidden one otherwise.
fn progress_bar(show: bool, len: usize, path: &Path) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("[{bar:30}] {pos}/{len} messages, {eta} left  {wide_msg}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let name = path.file_name().map(|n| crate::sanitize::one_line(&n.to_string_lossy())).unwrap_or_default();
    bar.set_style(style);
    bar.set_message(format!("importing {name}"));
    bar
}
