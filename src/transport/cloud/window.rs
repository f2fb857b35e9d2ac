//! The customer service window: free-form messages are allowed only within 24 hours of the
//! customer's last inbound message; outside it only approved templates go out. Pure.

/// The window's length in milliseconds.
pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// Milliseconds left in the window at `now`, or None when it is closed (or never opened: the
/// customer has not written yet).
pub fn remaining(last_inbound_at: Option<i64>, now: i64) -> Option<i64> {
    let left = last_inbound_at?.saturating_add(WINDOW_MS) - now;
    (left > 0).then_some(left)
}

/// The refusal a free-form message outside the window gets.
pub const CLOSED: &str = "outside the 24-hour customer service window; use --template";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_open_for_24_hours_after_the_last_inbound_message() {
        assert_eq!(remaining(Some(0), 1000), Some(WINDOW_MS - 1000));
        assert_eq!(remaining(Some(0), WINDOW_MS - 1), Some(1));
        assert_eq!(remaining(Some(0), WINDOW_MS), None);
    }

    #[test]
    fn a_customer_who_never_wrote_has_no_window() {
        assert_eq!(remaining(None, 0), None);
    }
}
