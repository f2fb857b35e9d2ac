//! Where a `/query` is being typed in a draft, and how an expansion replaces it.

/// An open `/` trigger: the operator is typing a quick reply shortcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// Byte offset of the `/` in the draft.
    pub start: usize,
    /// The text between the `/` and the cursor; never contains whitespace, may be empty.
    pub query: String,
}

/// Finds the trigger the cursor (a byte offset) is in. A `/` opens one at the start of the draft or
/// right after whitespace, and it stays open while the text up to the cursor has no whitespace or
/// further `/`. A `/` inside a word or URL (`and/or`, `https://x/y`, `a//b`) never opens one.
/// A cursor past the end counts as the end; one inside a character gives `None`.
pub fn trigger(draft: &str, cursor: usize) -> Option<Trigger> {
    let before = draft.get(..cursor.min(draft.len()))?;
    let mut back = before.char_indices().rev();
    let start = loop {
        let (at, c) = back.next()?;
        if c == '/' {
            break at;
        }
        if c.is_whitespace() {
            return None;
        }
    };
    // What precedes the `/` decides: nothing or whitespace opens, anything else is a word or URL.
    let opens = back.next().is_none_or(|(_, c)| c.is_whitespace());
    let query = before.get(start + '/'.len_utf8()..)?;
    opens.then(|| Trigger { start, query: query.to_string() })
}

/// Replaces the trigger's `/query` (from its `/` up to `cursor`) with `expansion` and returns the new
/// draft with the cursor just after the inserted text. Text after the cursor is kept, so several quick
/// replies can go into one message. If the trigger no longer fits the draft (the draft changed since
/// it was found), the draft is returned unchanged with the cursor clamped to its length.
pub fn apply(draft: &str, trigger: &Trigger, cursor: usize, expansion: &str) -> (String, usize) {
    let cursor = cursor.min(draft.len());
    let (Some(head), Some(typed), Some(tail)) =
        (draft.get(..trigger.start), draft.get(trigger.start..cursor), draft.get(cursor..))
    else {
        return (draft.to_string(), cursor);
    };
    if typed.strip_prefix('/') != Some(trigger.query.as_str()) {
        return (draft.to_string(), cursor);
    }
    let mut out = String::with_capacity(head.len() + expansion.len() + tail.len());
    out.push_str(head);
    out.push_str(expansion);
    out.push_str(tail);
    (out, head.len() + expansion.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_at_end(draft: &str) -> Option<String> {
        trigger(draft, draft.len()).map(|t| t.query)
    }

    #[test]
    fn slash_at_the_start_of_the_draft_triggers() {
        assert_eq!(trigger("/tnk", 4), Some(Trigger { start: 0, query: "tnk".into() }));
    }

    #[test]
    fn slash_after_any_whitespace_triggers() {
        assert_eq!(query_at_end("Open: /hou").as_deref(), Some("hou"));
        assert_eq!(query_at_end("hi\n/th").as_deref(), Some("th"));
        assert_eq!(query_at_end("hi\t/th").as_deref(), Some("th"));
        assert_eq!(query_at_end("hi\u{a0}/th").as_deref(), Some("th"));
        assert_eq!(trigger("Open: /hou", 10).map(|t| t.start), Some(6));
    }

    #[test]
    fn bare_slash_opens_with_an_empty_query() {
        assert_eq!(query_at_end("/").as_deref(), Some(""));
        assert_eq!(query_at_end("ok /").as_deref(), Some(""));
    }

    #[test]
    fn slash_inside_a_word_never_triggers() {
        assert_eq!(query_at_end("and/or"), None);
        assert_eq!(query_at_end("and/hours"), None);
        assert_eq!(query_at_end("50/50"), None);
    }

    #[test]
    fn slash_in_a_url_never_triggers() {
        assert_eq!(query_at_end("see https://x/y"), None);
        assert_eq!(query_at_end("see https:/"), None);
        assert_eq!(query_at_end("see https://"), None);
    }

    #[test]
    fn doubled_or_nested_slashes_never_trigger() {
        assert_eq!(query_at_end("a//b"), None);
        assert_eq!(query_at_end("//b"), None);
        assert_eq!(query_at_end("/usr/bin"), None);
    }

    #[test]
    fn typing_a_space_closes_the_trigger() {
        assert_eq!(query_at_end("/thanks "), None);
        assert_eq!(query_at_end("/thanks a"), None);
    }

    #[test]
    fn query_stops_at_the_cursor() {
        assert_eq!(trigger("/thanks", 3).map(|t| t.query).as_deref(), Some("th"));
        assert_eq!(trigger("/thanks", 0), None);
        assert_eq!(trigger("x /th y", 5).map(|t| t.query).as_deref(), Some("th"));
    }

    #[test]
    fn cursor_past_the_end_is_clamped() {
        assert_eq!(trigger("/th", 99).map(|t| t.query).as_deref(), Some("th"));
    }

    #[test]
    fn unicode_query_is_kept_whole() {
        let draft = "¡Hola! /grâce😀";
        assert_eq!(query_at_end(draft).as_deref(), Some("grâce😀"));
        assert_eq!(query_at_end("日本/語"), None);
    }

    #[test]
    fn cursor_inside_a_character_gives_none() {
        let draft = "/é";
        assert_eq!(trigger(draft, 2), None);
        assert!(trigger(draft, 3).is_some());
    }

    #[test]
    fn no_offset_panics() {
        let draft = "a /é😀 b//c\u{202e}/ /\u{301}x";
        for cursor in 0..draft.len() + 3 {
            if let Some(t) = trigger(draft, cursor) {
                assert!(!t.query.contains(char::is_whitespace));
                let _ = apply(draft, &t, cursor, "X");
            }
        }
    }

    #[test]
    fn expansion_replaces_the_slash_query_at_the_cursor() {
        let t = trigger("Open: /hou", 10).unwrap();
        let (draft, cursor) = apply("Open: /hou", &t, 10, "We are open 9-18");
        assert_eq!(draft, "Open: We are open 9-18");
        assert_eq!(cursor, draft.len());
    }

    #[test]
    fn text_after_the_cursor_is_kept() {
        let t = trigger("/th and more", 3).unwrap();
        let (draft, cursor) = apply("/th and more", &t, 3, "Thanks!");
        assert_eq!(draft, "Thanks! and more");
        assert_eq!(cursor, "Thanks!".len());
    }

    #[test]
    fn several_quick_replies_go_into_one_message() {
        let t = trigger("/hi", 3).unwrap();
        let (draft, cursor) = apply("/hi", &t, 3, "Hello María.");
        let draft = format!("{draft} /hou");
        let cursor = cursor + " /hou".len();
        let t = trigger(&draft, cursor).unwrap();
        let (draft, cursor) = apply(&draft, &t, cursor, "We are open.");
        assert_eq!(draft, "Hello María. We are open.");
        assert_eq!(cursor, draft.len());
    }

    #[test]
    fn stale_trigger_leaves_the_draft_unchanged() {
        let t = trigger("/hou", 4).unwrap();
        assert_eq!(apply("/hx", &t, 3, "X"), ("/hx".to_string(), 3));
        assert_eq!(apply("", &t, 4, "X"), (String::new(), 0));
        assert_eq!(apply("/é", &t, 2, "X"), ("/é".to_string(), 2));
    }
}
