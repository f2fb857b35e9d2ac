//! The composer's text: a string and a cursor (byte offset on a char boundary). Pure editing.

/// A message being written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    text: String,
    cursor: usize,
}

impl Draft {
    /// A draft with the cursor at the end.
    pub fn new(text: &str) -> Draft {
        Draft { text: text.to_string(), cursor: text.len() }
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
        self.text = text;
        self.cursor = self.floor(cursor.min(self.text.len()));
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        if let Some(prev) = self.prev_boundary() {
            self.text.replace_range(prev..self.cursor, "");
            self.cursor = prev;
        }
    }

    pub fn delete(&mut self) {
        if let Some(next) = self.next_boundary() {
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
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
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

#[cfg(test)]
mod tests {
    use super::*;

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
