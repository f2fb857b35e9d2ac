//! What a broadcast does for each recipient, and when each copy may go out. Pure: the store
//! passes in consent, windows and the last message times; the clock is a parameter.
//!
//! - Opted-out contacts are never sent to; with `require_opt_in`, neither are unknown ones.
//! - With the Cloud API (`window`), free-form text only reaches customers inside their 24-hour
//!   customer service window; the others get the template when one is given, else are skipped.
//! - Copies are paced: at most one per `interval_ms` across all broadcasts, and never two to the
//!   same recipient within `recipient_gap_ms` (the Cloud API refuses faster pairs).

use crate::consent::ConsentState;
use crate::transport::cloud::window;

/// A WhatsApp Business broadcast list holds at most this many contacts.
pub const MAX_RECIPIENTS: usize = 256;

/// Why a member got no copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    OptedOut,
    NoConsent,
    OutsideWindow,
}

impl SkipReason {
    pub const ALL: [SkipReason; 3] = [SkipReason::OptedOut, SkipReason::NoConsent, SkipReason::OutsideWindow];

    /// The text stored in SQLite and printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::OptedOut => "opted_out",
            SkipReason::NoConsent => "no_consent",
            SkipReason::OutsideWindow => "outside_window",
        }
    }

    /// What the operator reads.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::OptedOut => "opted out",
            SkipReason::NoConsent => "consent unknown (require_opt_in is on)",
            SkipReason::OutsideWindow => "outside the 24-hour window and no template given",
        }
    }

    pub fn parse(text: &str) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// What one member gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Text,
    Template,
    Skip(SkipReason),
}

/// The rules of one sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub require_opt_in: bool,
    /// The customer service window applies (the Cloud API transport).
    pub window: bool,
    pub has_text: bool,
    pub has_template: bool,
}

/// One member as the store sees them at the moment of sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub consent: ConsentState,
    pub last_inbound_at: Option<i64>,
    /// When the last message to them went (or is due to go) out.
    pub last_outbound_at: Option<i64>,
}

/// What `member` gets under `rules` at `now`.
pub fn decide(rules: &Rules, member: &Member, now: i64) -> Delivery {
    match member.consent {
        ConsentState::OptedOut => return Delivery::Skip(SkipReason::OptedOut),
        ConsentState::Unknown if rules.require_opt_in => return Delivery::Skip(SkipReason::NoConsent),
        _ => {}
    }
    let window_open = !rules.window || window::remaining(member.last_inbound_at, now).is_some();
    if rules.has_text && window_open {
        Delivery::Text
    } else if rules.has_template {
        Delivery::Template
    } else {
        Delivery::Skip(SkipReason::OutsideWindow)
    }
}

/// How fast copies go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    pub interval_ms: i64,
    pub recipient_gap_ms: i64,
}

/// When each copy is due: `last_outbound[i]` is recipient i's last message time. Copies start at
/// `start`, one per interval, each no sooner than its recipient's gap allows; a recipient who
/// must wait does not hold up the others. The result is in the order of `last_outbound`.
pub fn schedule(start: i64, last_outbound: &[Option<i64>], pacing: Pacing) -> Vec<i64> {
    let earliest: Vec<i64> = last_outbound
        .iter()
        .map(|last| last.map_or(start, |t| start.max(t.saturating_add(pacing.recipient_gap_ms))))
        .collect();
    let mut order: Vec<usize> = (0..earliest.len()).collect();
    order.sort_by_key(|&i| (earliest[i], i));
    let mut due = vec![start; earliest.len()];
    let mut previous: Option<i64> = None;
    for i in order {
        let slot = previous.map_or(earliest[i], |p| earliest[i].max(p.saturating_add(pacing.interval_ms)));
        due[i] = slot;
        previous = Some(slot);
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACING: Pacing = Pacing { interval_ms: 50, recipient_gap_ms: 6000 };

    fn member(consent: ConsentState, last_inbound_at: Option<i64>) -> Member {
        Member { consent, last_inbound_at, last_outbound_at: None }
    }

    #[test]
    fn opted_out_members_are_skipped_whatever_the_message() {
        let rules = Rules { require_opt_in: false, window: false, has_text: true, has_template: true };
        let out = member(ConsentState::OptedOut, Some(0));
        assert_eq!(decide(&rules, &out, 1), Delivery::Skip(SkipReason::OptedOut));
        assert_eq!(decide(&rules, &member(ConsentState::Unknown, None), 1), Delivery::Text);
        let strict = Rules { require_opt_in: true, ..rules };
        assert_eq!(
            decide(&strict, &member(ConsentState::Unknown, None), 1),
            Delivery::Skip(SkipReason::NoConsent)
        );
        assert_eq!(decide(&strict, &member(ConsentState::OptedIn, None), 1), Delivery::Text);
    }

    #[test]
    fn with_the_window_text_goes_inside_it_and_the_template_or_nothing_outside() {
        let day = window::WINDOW_MS;
        let text_only = Rules { require_opt_in: false, window: true, has_text: true, has_template: false };
        let inside = member(ConsentState::OptedIn, Some(day));
        let outside = member(ConsentState::OptedIn, Some(0));
        assert_eq!(decide(&text_only, &inside, day + 1), Delivery::Text);
        assert_eq!(decide(&text_only, &outside, day + 1), Delivery::Skip(SkipReason::OutsideWindow));
        let both = Rules { has_template: true, ..text_only };
        assert_eq!(decide(&both, &outside, day + 1), Delivery::Template);
        let template_only = Rules { has_text: false, ..both };
        assert_eq!(decide(&template_only, &inside, day + 1), Delivery::Template);
    }

    #[test]
    fn copies_go_out_one_interval_apart() {
        assert_eq!(schedule(1000, &[None, None, None], PACING), vec![1000, 1050, 1100]);
    }

    #[test]
    fn a_recipient_written_to_recently_waits_out_the_gap_without_holding_up_others() {
        let due = schedule(10_000, &[Some(9_000), None, None], PACING);
        assert_eq!(due, vec![15_000, 10_000, 10_050]);
    }

    #[test]
    fn recipients_who_must_wait_are_still_spaced_by_the_interval() {
        let due = schedule(0, &[Some(100), Some(100), Some(100)], PACING);
        assert_eq!(due, vec![6100, 6150, 6200]);
    }
}
