//! Hook failures in the status bar: read from the store, whichever process runs the hooks.

use super::*;

#[test]
fn the_status_bar_says_when_hooks_fail_and_nothing_when_they_do_not() {
    let mut h = Harness::demo(140, 30);
    assert!(!h.screen().contains("hooks:"));
    h.session
        .store
        .conn()
        .execute(
            "INSERT INTO hook_state (name, cursor, failures, failing_since, last_error) VALUES ('crm', 0, 3, 1, 'HTTP 500')",
            [],
        )
        .unwrap();
    h.send(Msg::StoreChanged);
    let screen = h.screen();
    assert!(screen.contains("worker: active │ hooks: 1 failing │"), "{screen}");
}
