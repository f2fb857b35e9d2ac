//! `wabi events`: the event log on stdout, in order, one line per event; `--follow` keeps
//! streaming. A reader that goes away (a closed pipe) ends it quietly.

use std::io::{BufWriter, ErrorKind, Write};
use std::time::Duration;

use super::{CliError, Context, rfc3339};
use crate::cli::EventsArgs;
use crate::events::{Clock, Cursor, json_line, summary};
use crate::store::Store;

/// How often `--follow` looks for new events: well inside the promised second.
const FOLLOW_POLL: Duration = Duration::from_millis(100);

pub fn events(ctx: &Context, args: &EventsArgs) -> Result<(), CliError> {
    let since = args.since.as_deref().map(Cursor::parse).transpose().map_err(CliError::bad)?;
    let store = ctx.store()?;
    let store_id = store.store_id()?;
    let last = store.last_event_seq()?;
    let after = match &since {
        Some(cursor) => start_after(&store, cursor, &store_id, last)?,
        None if args.follow => last,
        None => 0,
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut printer = Printer { json: args.json, store_id, clock: Clock::default() };
    match stream(&store, &mut out, &mut printer, after, args.follow) {
        Err(Stop::Closed) => Ok(()),
        Err(Stop::Failed(e)) => Err(e),
        Ok(()) => Ok(()),
    }
}

/// The seq to read after for `cursor`, refusing one of another store or from the future, and
/// saying so on stderr when events after it were pruned.
fn start_after(store: &Store, cursor: &Cursor, store_id: &str, last: i64) -> Result<i64, CliError> {
    let seq = cursor.seq_in(store_id).map_err(CliError::bad)?;
    if seq > last {
        return Err(CliError::bad(format!(
            "cursor {cursor} is ahead of this store's newest event ({store_id}:{last}); was the store restored from a copy?"
        )));
    }
    if seq > 0 {
        if let Some((oldest, _)) = store.event_bounds()? {
            if oldest > seq + 1 {
                crate::errln!(
                    "wabi events: events after {cursor} up to {store_id}:{} are no longer kept ([events] keep); continuing with {store_id}:{oldest}",
                    oldest - 1
                );
            }
        }
    }
    Ok(seq)
}

/// Why streaming ended early.
enum Stop {
    /// The reader closed the pipe: not an error.
    Closed,
    Failed(CliError),
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == ErrorKind::BrokenPipe { Stop::Closed } else { Stop::Failed(e.into()) }
    }
}

impl From<crate::store::StoreError> for Stop {
    fn from(e: crate::store::StoreError) -> Self {
        Stop::Failed(e.into())
    }
}

struct Printer {
    json: bool,
    store_id: String,
    clock: Clock,
}

impl Printer {
    fn line(
        &mut self,
        out: &mut impl Write,
        seq: i64,
        at: i64,
        kind: &str,
        data: &str,
    ) -> std::io::Result<()> {
        if self.json {
            json_line(out, &mut self.clock, &self.store_id, seq, at, kind, data)
        } else {
            let cursor = format!("{}:{seq}", self.store_id);
            writeln!(out, "{cursor}  {}  {kind:<15}  {}", rfc3339(at), summary(kind, data))
        }
    }
}

fn stream(
    store: &Store,
    out: &mut impl Write,
    printer: &mut Printer,
    mut after: i64,
    follow: bool,
) -> Result<(), Stop> {
    loop {
        let (last, _) = store.scan_events(after, u64::MAX, |seq, at, kind, data| {
            printer.line(out, seq, at, kind, data).map(|()| true)
        })??;
        after = last;
        out.flush()?;
        if !follow {
            return Ok(());
        }
        let version = store.data_version()?;
        while store.data_version()? == version {
            if reader_gone() {
                return Err(Stop::Closed);
            }
            std::thread::sleep(FOLLOW_POLL);
        }
    }
}

/// Whether stdout is a pipe or socket whose reader has gone (poll reports an error or hang-up
/// on it), so a waiting `--follow` ends without another event to write.
fn reader_gone() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let stdout = std::io::stdout();
    let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
    let zero = rustix::event::Timespec { tv_sec: 0, tv_nsec: 0 };
    match poll(&mut fds, Some(&zero)) {
        Ok(n) if n > 0 => fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP),
        _ => false,
    }
}
