//! Which quick replies match what was typed after `/`, best first.

mod query;

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::QuickReply;
use query::Query;

/// Text matches scoring below this are letters strewn along a long token such as a URL.
const MIN_TEXT_SCORE: i64 = 1;

/// One quick reply that matches a query, with what to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Position of the quick reply in the slice given to [`Ranker::rank`].
    pub index: usize,
    /// The query matched the shortcut (always true for an empty query); otherwise only the text.
    pub on_shortcut: bool,
    /// Fuzzy score of the match that counted; higher is better, 0 for an empty query.
    pub score: i64,
    /// Char indices (not bytes) in the shortcut to highlight; empty unless `on_shortcut`.
    pub shortcut_hits: Vec<usize>,
    /// Char indices (not bytes) in the text to highlight, all within its best matching word;
    /// empty when `on_shortcut`.
    pub text_hits: Vec<usize>,
}

/// Ranks quick replies; build one and keep it, since the matcher allocates its buffers once.
pub struct Ranker {
    matcher: SkimMatcherV2,
}

impl Default for Ranker {
    fn default() -> Self {
        Self::new()
    }
}

impl Ranker {
    pub fn new() -> Self {
        Self { matcher: SkimMatcherV2::default().ignore_case() }
    }

    /// The quick replies matching `query`, best first: shortcut matches above text-only matches,
    /// then by score, then most used, then shortcut alphabetically. Matching is fuzzy (skim) and
    /// ignores case. The shortcut matches when it holds the query's chars in order; the text
    /// matches when one of its whitespace-separated words does, so `/tnk` finds "thanks" but not
    /// any long text that happens to hold a t, then an n, then a k.
    /// An empty query returns every quick reply, most used first.
    pub fn rank(&self, items: &[QuickReply], query: &str) -> Vec<Ranked> {
        let query = Query::new(query);
        let mut found: Vec<(&QuickReply, Ranked)> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| Some((item, self.rank_one(index, item, &query)?)))
            .collect();
        // `best_first` ends on the index, a total order, so an unstable sort gives the same result.
        found.sort_unstable_by(|(a_item, a), (b_item, b)| best_first(a_item, a, b_item, b));
        found.into_iter().map(|(_, ranked)| ranked).collect()
    }

    fn rank_one(&self, index: usize, item: &QuickReply, query: &Query) -> Option<Ranked> {
        let ranked = |on_shortcut, score, shortcut_hits, text_hits| Ranked {
            index,
            on_shortcut,
            score,
            shortcut_hits,
            text_hits,
        };
        if query.is_empty() {
            return Some(ranked(true, 0, Vec::new(), Vec::new()));
        }
        if query.may_match(&item.shortcut) {
            if let Some((score, hits)) = self.fuzzy(&item.shortcut, query) {
                return Some(ranked(true, score, hits, Vec::new()));
            }
        }
        let (score, hits) = self.best_word(&item.text, query)?;
        (score >= MIN_TEXT_SCORE).then(|| ranked(false, score, Vec::new(), hits))
    }

    /// The best-scoring word of `text`, with its hits as char indices in the whole text.
    fn best_word(&self, text: &str, query: &Query) -> Option<(i64, Vec<usize>)> {
        let mut best: Option<(i64, Vec<usize>, usize)> = None;
        for span in query.matching_words(text) {
            let Some((score, hits)) = text.get(span.clone()).and_then(|w| self.fuzzy(w, query)) else {
                continue;
            };
            if best.as_ref().is_none_or(|(top, _, _)| score > *top) {
                best = Some((score, hits, span.start));
            }
        }
        let (score, hits, start) = best?;
        let offset = text.get(..start)?.chars().count();
        Some((score, hits.into_iter().map(|hit| hit + offset).collect()))
    }

    /// The matcher's verdict; callers first rule out what cannot match, which is much cheaper.
    fn fuzzy(&self, choice: &str, query: &Query) -> Option<(i64, Vec<usize>)> {
        self.matcher.fuzzy_indices(&query.prepare(choice), &query.text)
    }
}

/// Shorthand for `Ranker::new().rank(items, query)`; a caller ranking on every key press should keep
/// a [`Ranker`] instead.
pub fn rank(items: &[QuickReply], query: &str) -> Vec<Ranked> {
    Ranker::new().rank(items, query)
}

fn best_first(a_item: &QuickReply, a: &Ranked, b_item: &QuickReply, b: &Ranked) -> Ordering {
    b.on_shortcut
        .cmp(&a.on_shortcut)
        .then(b.score.cmp(&a.score))
        .then(b_item.uses.cmp(&a_item.uses))
        .then_with(|| a_item.shortcut.cmp(&b_item.shortcut))
        .then(a.index.cmp(&b.index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qr(shortcut: &str, text: &str, uses: i64) -> QuickReply {
        QuickReply { id: 0, shortcut: shortcut.into(), text: text.into(), uses, last_used_at: None }
    }

    fn shortcuts(items: &[QuickReply], query: &str) -> Vec<String> {
        rank(items, query).iter().map(|r| items[r.index].shortcut.clone()).collect()
    }

    fn issue_items() -> Vec<QuickReply> {
        vec![
            qr("hours", "We are open Mon-Fri 09:00-18:00.", 3),
            qr("thanks", "Thank you {{first_name|friend}}, we got your order!", 1),
        ]
    }

    #[test]
    fn tnk_offers_thanks_first() {
        let items = issue_items();
        let ranked = rank(&items, "tnk");
        assert_eq!(items[ranked[0].index].shortcut, "thanks");
        assert!(ranked[0].on_shortcut);
        assert_eq!(ranked[0].shortcut_hits, vec![0, 3, 4]);
    }

    #[test]
    fn shortcut_matches_rank_above_text_matches() {
        // "open" matches the text of `hours` exactly, but only loosely the shortcut `o-p-e-n-x`.
        let items = vec![qr("hours", "open", 50), qr("oxpxexnx", "something else", 0)];
        let ranked = rank(&items, "open");
        assert_eq!(shortcuts(&items, "open"), ["oxpxexnx", "hours"]);
        assert!(ranked[0].on_shortcut && !ranked[1].on_shortcut);
        assert!(ranked[1].score > ranked[0].score);
        assert_eq!(ranked[1].text_hits, vec![0, 1, 2, 3]);
    }

    #[test]
    fn equal_scores_go_to_the_most_used_then_alphabetical() {
        let items = vec![qr("hours-b", "x", 1), qr("hours-a", "x", 1), qr("hours-c", "x", 9)];
        assert_eq!(shortcuts(&items, "hours"), ["hours-c", "hours-a", "hours-b"]);
    }

    #[test]
    fn empty_query_lists_all_most_used_first() {
        let items = vec![qr("b", "x", 1), qr("a", "y", 1), qr("c", "z", 5)];
        let ranked = rank(&items, "");
        assert_eq!(shortcuts(&items, ""), ["c", "a", "b"]);
        assert!(ranked.iter().all(|r| r.on_shortcut && r.shortcut_hits.is_empty()));
    }

    #[test]
    fn no_match_gives_nothing() {
        assert!(rank(&issue_items(), "zzz").is_empty());
        assert!(rank(&[], "a").is_empty());
    }

    #[test]
    fn matching_ignores_case() {
        let items = issue_items();
        assert_eq!(shortcuts(&items, "TNK")[0], "thanks");
        let ranked = rank(&[qr("x", "ORDER", 0)], "order");
        assert_eq!(ranked[0].text_hits, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn non_ascii_letters_match_regardless_of_case() {
        let ranked = rank(&[qr("x", "École ÑANDÚ", 0)], "éc");
        assert_eq!(ranked[0].text_hits, vec![0, 1]);
        assert_eq!(rank(&[qr("x", "ñandú", 0)], "ÑANDÚ").len(), 1);
    }

    #[test]
    fn hits_are_char_indices_not_bytes() {
        let ranked = rank(&[qr("x", "¡Gracias! 😀 pedido", 0)], "ped");
        assert_eq!(ranked[0].text_hits, vec![12, 13, 14]);
    }

    #[test]
    fn text_matches_within_one_word_only() {
        assert!(rank(&[qr("zz", "take note kindly", 0)], "tnk").is_empty());
        let ranked = rank(&[qr("zz", "many thanks", 0)], "tnk");
        assert_eq!(ranked[0].text_hits, vec![5, 8, 9]);
    }

    #[test]
    fn letters_scattered_over_a_long_token_are_not_offered() {
        let text = format!("t{}n{}k", "x".repeat(60), "y".repeat(60));
        assert!(rank(&[qr("zz", &text, 0)], "tnk").is_empty());
    }

    #[test]
    fn ranker_can_be_reused_across_queries() {
        let ranker = Ranker::new();
        let items = issue_items();
        assert_eq!(ranker.rank(&items, "hou")[0].index, 0);
        assert_eq!(ranker.rank(&items, "tha")[0].index, 1);
    }
}
