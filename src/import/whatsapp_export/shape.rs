//! The form of a header, apart from its numbers: what every header of one file shares.

/// How the timestamp is closed off from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    /// `[…] ` — iOS.
    Bracket,
    /// `… - ` — Android.
    Dash,
    /// `…: ` — old iOS.
    Colon,
}

/// Everything about a header's form that is the same on every header of one file. Lines that
/// look like a date but differ in shape from the file's headers are message text. Shapes are
/// compared on every line, so equality is one comparison of a packed key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub frame: Frame,
    pub time_first: bool,
    pub date_sep: u8,
    pub time_sep: u8,
    pub seconds: bool,
    pub twelve_hour: bool,
    pub meridiem_first: bool,
    /// The first date field has three or more digits: a year-first date.
    pub long_first: bool,
    /// The last date field has three or more digits: a four-digit year at the end.
    pub long_last: bool,
    /// A hash of the visible characters between date and time (`,`, `à`, `klo`, `BE,`).
    pub connector: u32,
    /// Filled in by [`Shape::keyed`]; build a shape with `key: 0` and call it.
    pub key: u64,
}

impl Shape {
    /// Fills in the key that equality compares.
    pub(super) fn keyed(mut self) -> Self {
        let flags = [
            self.time_first,
            self.seconds,
            self.twelve_hour,
            self.meridiem_first,
            self.long_first,
            self.long_last,
        ]
        .iter()
        .fold(self.frame as u64, |k, &f| k << 1 | u64::from(f));
        self.key = flags << 48
            | u64::from(self.date_sep) << 40
            | u64::from(self.time_sep) << 32
            | u64::from(self.connector);
        self
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Shape {}
