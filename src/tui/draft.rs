//! The composer's text: a string and a cursor (byte offset on a char boundary). Pure editing.

/// A message being written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    text: String,
    cursor: usize,
    /// Earlier (text, cursor) states for undo, newest last; a run of typed characters is one step.
    undo: Vec<(String, usize)>,
    /// The last change was typing a character (so the next one joins its undo step).
    typing: bool,
}

/// How many undo steps a draft keeps.
const UNDO_STEPS: usize = 100;

impl Draft {
    /// A draft with the cursor at the end.
    pub fn new(text: &str) -> Draft {
        Draft { text: text.to_string(), cursor: text.len(), undo: Vec::new(), typing: false }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Replaces everything, cursor at `cursor` (clamped to a boundary).
    pub fn set(&mut self, text: String, cursor: usize) {
        self.remember(false);
        self.text = text;
        self.cursor = self.floor(cursor.min(self.text.len()));
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.undo.clear();
    }

    pub fn insert(&mut self, s: &str) {
        let one_char = s.chars().count() == 1 && !s.contains(char::is_whitespace);
        self.remember(one_char);
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        if let Some(prev) = self.prev_boundary() {
            self.remember(false);
            self.text.replace_range(prev..self.cursor, "");
            self.cursor = prev;
        }
    }

    pub fn delete(&mut self) {
        if let Some(next) = self.next_boundary() {
            self.remember(false);
            self.text.replace_range(self.cursor..next, "");
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.prev_boundary().unwrap_or(self.cursor);
    }

    pub fn right(&mut self) {
        self.cursor = self.next_boundary().unwrap_or(self.cursor);
    }

    /// To the start of the current line.
    pub fn home(&mut self) {
        self.cursor = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
    }

    /// To the end of the current line.
    pub fn end(&mut self) {
        self.cursor = self.text[self.cursor..].find('\n').map_or(self.text.len(), |i| self.cursor + i);
    }

    /// Deletes the word before the cursor (Ctrl-W).
    pub fn delete_word(&mut self) {
        let start = self.word_start();
        self.cut(start, self.cursor);
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    pub fn delete_to_line_start(&mut self) {
        let start = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
        self.cut(start, self.cursor);
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    pub fn delete_to_line_end(&mut self) {
        let end = self.text[self.cursor..].find('\n').map_or(self.text.len(), |i| self.cursor + i);
        self.cut(self.cursor, end);
    }

    /// To the start of the word before the cursor (Ctrl-←, Alt-b).
    pub fn word_left(&mut self) {
        self.cursor = self.word_start();
    }

    /// To the end of the word after the cursor (Ctrl-→, Alt-f).
    pub fn word_right(&mut self) {
        let rest = &self.text[self.cursor..];
        let skip = rest.len() - rest.trim_start().len();
        let word = rest[skip..].find(char::is_whitespace).unwrap_or(rest.len() - skip);
        self.cursor += skip + word;
    }

    /// To the line above (↑), at the same column as near as it has; false on the first line.
    pub fn up(&mut self) -> bool {
        let start = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
        let Some(prev_end) = start.checked_sub(1) else {
            return false;
        };
        let column = self.text[start..self.cursor].chars().count();
        let prev_start = self.text[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        self.cursor = column_in(&self.text, prev_start, prev_end, column);
        true
    }

    /// To the line below (↓), at the same column as near as it has; false on the last line.
    pub fn down(&mut self) -> bool {
        let start = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
        let Some(end) = self.text[self.cursor..].find('\n').map(|i| self.cursor + i) else {
            return false;
        };
        let column = self.text[start..self.cursor].chars().count();
        let next_end = self.text[end + 1..].find('\n').map_or(self.text.len(), |i| end + 1 + i);
        self.cursor = column_in(&self.text, end + 1, next_end, column);
        true
    }

    /// Takes back the last change (Ctrl-Z, Ctrl-_); false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some((text, cursor)) = self.undo.pop() else {
            return false;
        };
        self.text = text;
        self.cursor = cursor;
        self.typing = false;
        true
    }

    /// Keeps the state before a change; typed characters in a row share one step.
    fn remember(&mut self, typing: bool) {
        if !(typing && self.typing) {
            if self.undo.len() == UNDO_STEPS {
                self.undo.remove(0);
            }
            self.undo.push((self.text.clone(), self.cursor));
        }
        self.typing = typing;
    }

    fn cut(&mut self, start: usize, end: usize) {
        if start < end {
            self.remember(false);
            self.text.replace_range(start..end, "");
            self.cursor = start;
        }
    }

    fn word_start(&self) -> usize {
        let trimmed = self.text[..self.cursor].trim_end();
        trimmed
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8))
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.text[..self.cursor].char_indices().next_back().map(|(i, _)| i)
    }

    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..].chars().next().map(|c| self.cursor + c.len_utf8())
    }

    fn floor(&self, mut i: usize) -> usize {
        while i > 0 && !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// The byte offset of `column` characters into the line `start..end` (its end if shorter).
fn column_in(text: &str, start: usize, end: usize, column: usize) -> usize {
    text[start..end].char_indices().nth(column).map_or(end, |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_u_and_ctrl_k_cut_the_line_around_the_cursor_and_undo_brings_it_back() {
        let mut d = Draft::new("first\nhola qué tal");
        d.word_left();
        d.delete_to_line_end();
        assert_eq!(d.text(), "first\nhola qué ");
        d.delete_to_line_start();
        assert_eq!(d.text(), "first\n");
        assert!(d.undo());
        assert_eq!(d.text(), "first\nhola qué ");
        assert!(d.undo());
        assert_eq!(d.text(), "first\nhola qué tal");
        assert!(!d.undo());
    }

    #[test]
    fn typed_letters_undo_as_one_word() {
        let mut d = Draft::default();
        for c in ["h", "i", " ", "y", "o", "u"] {
            d.insert(c);
        }
        assert!(d.undo());
        assert_eq!(d.text(), "hi ");
        d.undo();
        d.undo();
        assert_eq!(d.text(), "");
    }

    #[test]
    fn word_moves_and_lines_up_and_down_keep_the_column() {
        let mut d = Draft::new("año nuevo\nfeliz\nvida larga");
        d.word_left();
        assert_eq!(&d.text()[d.cursor()..], "larga");
        d.word_left();
        d.word_right();
        assert_eq!(&d.text()[d.cursor()..], " larga");
        assert!(d.up());
        assert_eq!(&d.text()[d.cursor()..], "z\nvida larga", "the same column on the line above");
        d.end();
        assert!(d.down());
        assert_eq!(&d.text()[d.cursor()..], "larga");
        d.up();
        d.home();
        d.right();
        assert!(d.up());
        assert_eq!(&d.text()[d.cursor()..], "ño nuevo\nfeliz\nvida larga");
        assert!(!d.up());
        assert!(d.down() && d.down());
        assert!(!d.down());
    }

    #[test]
    fn editing_respects_multibyte_characters() {
        let mut d = Draft::new("héllo 你好");
        d.backspace();
        assert_eq!(d.text(), "héllo 你");
        d.home();
        d.right();
        d.right();
        d.delete();
        assert_eq!(d.text(), "hélo 你");
        d.insert("ℓ");
        assert_eq!(d.text(), "héℓlo 你");
    }

    #[test]
    fn home_and_end_work_per_line() {
        let mut d = Draft::new("one\ntwo");
        d.home();
        assert_eq!(d.cursor(), 4);
        d.insert(">");
        d.end();
        assert_eq!(d.cursor(), d.text().len());
        assert_eq!(d.text(), "one\n>two");
    }

    #[test]
    fn ctrl_w_deletes_the_previous_word() {
        let mut d = Draft::new("see you tomorrow ");
        d.delete_word();
        assert_eq!(d.text(), "see you ");
    }

    #[test]
    fn set_clamps_a_cursor_inside_a_character() {
        let mut d = Draft::default();
        d.set("你".into(), 1);
        assert_eq!(d.cursor(), 0);
    }
}
