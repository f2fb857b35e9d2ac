//! What a message row carries about other messages: the message it quotes (inbound `context.id`
//! or our `reply_to`) and the reactions to it, the customer's and ours, read with the row.

use rusqlite::Row;

use crate::model::{Direction, Kind};

/// The message a message quotes (or, for a reaction, the message it reacts to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted message in the store; `None` when the store does not have it.
    pub message: Option<QuotedMessage>,
}

/// The quoted message, as much of it as a quote shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedMessage {
    pub id: i64,
    pub direction: Direction,
    pub kind: Kind,
    pub body: String,
}

/// A reaction shown under a message: the newest one by each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// `In` is the customer's, `Out` ours.
    pub direction: Direction,
    pub emoji: String,
}

/// The columns after the message's own (the quoted row is `q`, the message `m`).
pub(super) const COLUMNS: &str = "q.id, q.direction, q.kind, q.body,
    (SELECT group_concat(r.direction || ' ' || r.body, char(31)) FROM
        (SELECT direction, body FROM messages r WHERE r.reply_to = m.external_id AND r.kind = 'reaction'
         ORDER BY r.at, r.id) r)";

/// The join that brings the quoted row.
pub(super) const JOIN: &str = "messages m LEFT JOIN messages q ON q.external_id = m.reply_to";

/// Reads [`COLUMNS`], which start at column `at`. `reply_to` is the message's own.
pub(super) fn read(
    r: &Row<'_>,
    at: usize,
    reply_to: Option<&str>,
) -> rusqlite::Result<(Option<Quote>, Vec<Reaction>)> {
    let quote = match (reply_to, r.get::<_, Option<i64>>(at)?) {
        (None, _) => None,
        (Some(_), None) => Some(Quote { message: None }),
        (Some(_), Some(id)) => Some(Quote {
            message: Some(QuotedMessage {
                id,
                direction: super::messages::parse_col(r, at + 1)?,
                kind: super::messages::parse_col(r, at + 2)?,
                body: r.get(at + 3)?,
            }),
        }),
    };
    let all: Option<String> = r.get(at + 4)?;
    Ok((quote, newest_by_side(all.as_deref().unwrap_or(""))))
}

/// "in 👍\x1fout ❤️\x1fin 😮" (oldest first) → the newest of each side that is not a removal.
fn newest_by_side(all: &str) -> Vec<Reaction> {
    let mut newest: [Option<&str>; 2] = [None, None];
    for item in all.split('\x1f') {
        let Some((side, emoji)) = item.split_once(' ') else { continue };
        match side {
            "in" => newest[0] = Some(emoji),
            "out" => newest[1] = Some(emoji),
            _ => {}
        }
    }
    [(Direction::In, newest[0]), (Direction::Out, newest[1])]
        .into_iter()
        .filter_map(|(direction, emoji)| {
            emoji.filter(|e| !e.is_empty()).map(|e| Reaction { direction, emoji: e.to_string() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_reaction_of_each_side_counts_and_empty_removes() {
        let r = newest_by_side("in 👍\x1fout ❤️\x1fin 😮");
        assert_eq!(
            r,
            vec![
                Reaction { direction: Direction::In, emoji: "😮".into() },
                Reaction { direction: Direction::Out, emoji: "❤️".into() }
            ]
        );
        assert_eq!(newest_by_side("out ❤️\x1fout "), vec![]);
        assert_eq!(newest_by_side(""), vec![]);
    }
}
