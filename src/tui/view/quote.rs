//! What a message bubble shows about other messages: the quote above its text (who wrote the
//! quoted message and its first line), and the reactions to it in a row under it. A reaction
//! whose message is in the store is drawn only there, never as a bubble of its own; one whose
//! message the store lacks stays a bubble that says so.

use crate::model::{Direction, Kind};
use crate::sanitize::one_line;
use crate::store::MessageRow;
use crate::tui::wrap::width;

/// A reaction drawn under the message it reacts to rather than as a bubble.
pub fn hidden(m: &MessageRow) -> bool {
    m.kind == Kind::Reaction && m.quote.as_ref().is_some_and(|q| q.message.is_some())
}

/// The body of a reaction to a message the store does not have.
pub fn orphan_reaction(m: &MessageRow) -> String {
    let who = if m.direction == Direction::Out { "you" } else { "reacted" };
    let emoji = one_line(&m.body);
    if m.direction == Direction::Out {
        format!("{emoji} ({who}) to a message not in the store")
    } else {
        format!("{emoji} {who} to a message not in the store")
    }
}

/// "↪ Maria: Friday or Saturday?" above a reply, cut to `max` cells; `customer` names the
/// customer. `None` when the message quotes nothing (reactions show no quote).
pub fn quote_line(m: &MessageRow, customer: &str, max: usize) -> Option<String> {
    if m.kind == Kind::Reaction {
        return None;
    }
    let quote = m.quote.as_ref()?;
    let text = match &quote.message {
        Some(q) => {
            let author = if q.direction == Direction::Out { "You" } else { customer };
            let first = q.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let first = if first.is_empty() { format!("[{}]", q.kind) } else { first.to_string() };
            format!("↪ {}: {}", one_line(author), one_line(&first))
        }
        None => "↪ a message not in the store".to_string(),
    };
    Some(cut(&text, max))
}

/// The row of reactions under a message: the customer's emoji, then ours marked "you".
pub fn reaction_line(m: &MessageRow) -> Option<String> {
    if m.reactions.is_empty() {
        return None;
    }
    let parts: Vec<String> = m
        .reactions
        .iter()
        .map(|r| match r.direction {
            Direction::In => one_line(&r.emoji),
            Direction::Out => format!("{} you", one_line(&r.emoji)),
        })
        .collect();
    Some(parts.join("  "))
}

/// What the composer's title adds for the next send: the quoted message and the attached files.
pub fn outgoing_title(o: &crate::tui::app::Outgoing) -> String {
    let mut parts = Vec::new();
    if let Some((_, _, preview)) = &o.reply_to {
        parts.push(cut(&format!("↪ {}", one_line(preview)), 40));
    }
    for f in &o.files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        parts.push(format!("📎 {}", one_line(&name)));
    }
    if parts.is_empty() { String::new() } else { format!(" {} ", parts.join(" · ")) }
}

/// Lines a message takes besides its text and time: its quote and its reactions.
pub fn extra_lines(m: &MessageRow) -> usize {
    usize::from(m.quote.is_some() && m.kind != Kind::Reaction) + usize::from(!m.reactions.is_empty())
}

/// `text` cut to `max` cells, with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
