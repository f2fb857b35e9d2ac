//! Authors, each stored once: a chat has a handful of authors and up to hundreds of thousands
//! of messages, and one small allocation per message was a tenth of the time of parsing a big
//! export.

use std::collections::HashSet;
use std::sync::Arc;

use super::chars::{is_mark, is_space, trim_marks};

/// The author of messages whose name the export leaves empty (only an invisible mark).
pub const NO_NAME: &str = "(no name)";

#[derive(Default)]
pub(super) struct Authors {
    /// The two latest names: a chat mostly alternates between two people.
    recent: [Option<Arc<str>>; 2],
    all: HashSet<Arc<str>>,
}

impl Authors {
    /// The author without invisible marks, with no-break spaces as plain spaces, shared with
    /// every other message by the same author.
    /// An author whose name is only an invisible mark is [`NO_NAME`].
    pub(super) fn get(&mut self, raw: &str) -> Arc<str> {
        let name = trim_marks(raw);
        if name.is_ascii() {
            return self.intern(if name.is_empty() { NO_NAME } else { name });
        }
        let cleaned: String =
            name.chars().filter(|&c| !is_mark(c)).map(|c| if is_space(c) { ' ' } else { c }).collect();
        self.intern(if cleaned.is_empty() { NO_NAME } else { &cleaned })
    }

    fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(hit) = self.recent.iter().flatten().find(|a| ***a == *name) {
            return Arc::clone(hit);
        }
        let shared = match self.all.get(name) {
            Some(known) => Arc::clone(known),
            None => {
                let new: Arc<str> = Arc::from(name);
                self.all.insert(Arc::clone(&new));
                new
            }
        };
        self.recent[1] = self.recent[0].replace(Arc::clone(&shared));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_author_is_one_shared_name_however_often_and_however_marked() {
        let mut authors = Authors::default();
        let first = authors.get("Ana");
        for raw in ["Bob", "Ana", "\u{200E}Ana", "Cleo", "Bob", "Ana"] {
            let got = authors.get(raw);
            if &*got == "Ana" {
                assert!(Arc::ptr_eq(&got, &first));
            }
        }
        assert_eq!(&*authors.get("\u{202A}+49\u{a0}151\u{202C}"), "+49 151");
        assert_eq!(authors.all.len(), 4);
        assert_eq!(&*authors.get("\u{200E}"), NO_NAME);
    }
}
