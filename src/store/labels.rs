//! Labels: named, coloured, ordered tags on chats (WhatsApp Business labels).

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, now_ms};

/// The fixed palette of 20 named label colours, with RGB and a 16-colour fallback (ANSI index).
pub const PALETTE: [(&str, (u8, u8, u8), u8); 20] = [
    ("red", (0xef, 0x44, 0x44), 9),
    ("orange", (0xf9, 0x73, 0x16), 3),
    ("amber", (0xf5, 0x9e, 0x0b), 11),
    ("yellow", (0xea, 0xb3, 0x08), 11),
    ("lime", (0x84, 0xcc, 0x16), 10),
    ("green", (0x22, 0xc5, 0x5e), 2),
    ("emerald", (0x10, 0xb9, 0x81), 10),
    ("teal", (0x14, 0xb8, 0xa6), 6),
    ("cyan", (0x06, 0xb6, 0xd4), 14),
    ("sky", (0x0e, 0xa5, 0xe9), 12),
    ("blue", (0x3b, 0x82, 0xf6), 4),
    ("indigo", (0x63, 0x66, 0xf1), 12),
    ("violet", (0x8b, 0x5c, 0xf6), 5),
    ("purple", (0xa8, 0x55, 0xf7), 5),
    ("fuchsia", (0xd9, 0x46, 0xef), 13),
    ("pink", (0xec, 0x48, 0x99), 13),
    ("rose", (0xf4, 0x3f, 0x5e), 1),
    ("brown", (0x92, 0x40, 0x0e), 3),
    ("gray", (0x9c, 0xa3, 0xaf), 7),
    ("slate", (0x64, 0x74, 0x8b), 8),
];

/// A colour name from [`PALETTE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelColor(pub usize);

impl LabelColor {
    /// Parses a palette name (case-insensitive); the error lists the names.
    pub fn parse(name: &str) -> Result<LabelColor> {
        let wanted = name.trim().to_ascii_lowercase();
        PALETTE.iter().position(|(n, _, _)| *n == wanted).map(LabelColor).ok_or_else(|| {
            let names: Vec<&str> = PALETTE.iter().map(|p| p.0).collect();
            StoreError::Invalid(format!("{name:?} is not a label colour (one of: {})", names.join(", ")))
        })
    }

    pub fn name(self) -> &'static str {
        PALETTE.get(self.0).map_or("gray", |p| p.0)
    }

    pub fn rgb(self) -> (u8, u8, u8) {
        PALETTE.get(self.0).map_or((0x9c, 0xa3, 0xaf), |p| p.1)
    }

    pub fn ansi16(self) -> u8 {
        PALETTE.get(self.0).map_or(7, |p| p.2)
    }
}

/// A label and how many chats carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub id: i64,
    pub name: String,
    pub color: LabelColor,
    pub position: i64,
    pub chats: i64,
}

fn validate_name(name: &str) -> Result<&str> {
    let name = name.trim();
    let len = name.chars().count();
    if !(1..=60).contains(&len) {
        return Err(StoreError::Invalid(format!("label name {name:?} must be 1 to 60 characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!("label name {name:?} has control characters")));
    }
    Ok(name)
}

impl Store {
    /// Every label in order, with its chat count.
    pub fn labels(&self) -> Result<Vec<Label>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.id, l.name, l.color, l.position,
                    (SELECT count(*) FROM chat_labels cl WHERE cl.label_id = l.id)
             FROM labels l ORDER BY l.position, l.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let color: String = r.get(2)?;
            Ok(Label {
                id: r.get(0)?,
                name: r.get(1)?,
                color: LabelColor::parse(&color).unwrap_or(LabelColor(18)),
                position: r.get(3)?,
                chats: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The label with this name (case-insensitive).
    pub fn label_by_name(&self, name: &str) -> Result<Label> {
        self.labels()?
            .into_iter()
            .find(|l| l.name.to_lowercase() == name.trim().to_lowercase())
            .ok_or_else(|| StoreError::NotFound(format!("no label named {:?}", name.trim())))
    }

    /// Adds a label at the end of the order.
    pub fn add_label(&mut self, name: &str, color: LabelColor) -> Result<i64> {
        let name = validate_name(name)?;
        if self.label_by_name(name).is_ok() {
            return Err(StoreError::Invalid(format!("a label named {name:?} exists already")));
        }
        self.conn.execute(
            "INSERT INTO labels (name, color, position, created_at)
             VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM labels), ?3)",
            params![name, color.name(), now_ms()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Renames a label; the new name must be free.
    pub fn rename_label(&mut self, old: &str, new: &str) -> Result<()> {
        let label = self.label_by_name(old)?;
        self.set_label_name(label.id, new)
    }

    /// Gives the label with this id a new name (free among the others, case-insensitive).
    pub fn set_label_name(&mut self, id: i64, new: &str) -> Result<()> {
        let new = validate_name(new)?;
        if self.label_by_name(new).is_ok_and(|other| other.id != id) {
            return Err(StoreError::Invalid(format!("a label named {new:?} exists already")));
        }
        self.conn.execute("UPDATE labels SET name = ?2 WHERE id = ?1", params![id, new])?;
        Ok(())
    }

    /// Gives a label another palette colour.
    pub fn recolor_label(&mut self, name: &str, color: LabelColor) -> Result<()> {
        let label = self.label_by_name(name)?;
        self.set_label_color(label.id, color)
    }

    /// Gives the label with this id another palette colour.
    pub fn set_label_color(&mut self, id: i64, color: LabelColor) -> Result<()> {
        self.conn.execute("UPDATE labels SET color = ?2 WHERE id = ?1", params![id, color.name()])?;
        Ok(())
    }

    /// Moves a label one place up (`-1`) or down (`1`) in the order.
    pub fn move_label(&mut self, id: i64, delta: isize) -> Result<()> {
        let mut order: Vec<i64> = self.labels()?.iter().map(|l| l.id).collect();
        let Some(at) = order.iter().position(|l| *l == id) else {
            return Err(StoreError::NotFound(format!("no label with id {id}")));
        };
        match at.checked_add_signed(delta).filter(|i| *i < order.len()) {
            Some(other) => order.swap(at, other),
            None => return Ok(()),
        }
        let tx = self.conn.transaction()?;
        for (position, label_id) in (1_i64..).zip(&order) {
            tx.execute("UPDATE labels SET position = ?2 WHERE id = ?1", params![label_id, position])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes a label and its assignments.
    pub fn remove_label(&mut self, name: &str) -> Result<()> {
        let label = self.label_by_name(name)?;
        self.delete_label(label.id)
    }

    /// Deletes the label with this id and its assignments.
    pub fn delete_label(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM labels WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Puts a label on a chat (no-op if it is there). Returns whether it changed anything.
    pub fn assign_label(&mut self, chat_id: i64, label_id: i64) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO chat_labels (label_id, chat_id, assigned_at) VALUES (?1, ?2, ?3)",
            params![label_id, chat_id, now_ms()],
        )?;
        Ok(n == 1)
    }

    /// Takes a label off a chat. Returns whether it was there.
    pub fn unassign_label(&mut self, chat_id: i64, label_id: i64) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM chat_labels WHERE label_id = ?1 AND chat_id = ?2",
            params![label_id, chat_id],
        )?;
        Ok(n == 1)
    }

    /// The label of an id, if it exists.
    pub fn label(&self, id: i64) -> Result<Option<Label>> {
        Ok(self.labels()?.into_iter().find(|l| l.id == id))
    }
}

impl Store {
    /// Label names of a chat, in label order (for JSON output).
    pub fn chat_label_names(&self, chat_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.name FROM chat_labels cl JOIN labels l ON l.id = cl.label_id
             WHERE cl.chat_id = ?1 ORDER BY l.position, l.id",
        )?;
        let rows = stmt.query_map([chat_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// Whether a label exists under this id (cheap check used by the filter).
    pub fn label_exists(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row("SELECT 1 FROM labels WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
    }
}
