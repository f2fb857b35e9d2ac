//! Fuzzing on stable Rust: the three parsers that read what others wrote (a phone's chat export,
//! Meta's webhook POSTs, the operator's config file) fed random bytes and strings, and inputs
//! built to get past their first checks (headers in every layout with digits out of range,
//! webhook envelopes whose every field may have any JSON type, config files of the real keys with
//! values of every shape), plus mutations of valid inputs. None may panic, and what they accept
//! must keep the promises the rest of wabi relies on.
//!
//! Bounded: a few seconds each in `cargo test`. `WABI_FUZZ_CASES=100000 cargo test --release
//! --test fuzz` runs longer. A crash found is fixed and its input kept as a named test in the
//! target's file.

mod config;
mod export;
mod webhook;

use proptest::test_runner::{Config as RunConfig, FileFailurePersistence};
use wabi::store::Store;

/// Cases per property: `WABI_FUZZ_CASES`, else what runs in a few seconds in a debug build.
pub fn runs(default: u32) -> RunConfig {
    let cases = std::env::var("WABI_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    RunConfig {
        cases,
        // A failure found is kept as a named test in its target's file, not in a file of seeds.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..RunConfig::default()
    }
}

thread_local! {
    /// One store per test thread: every export and POST the parsers accept goes into it.
    pub static STORE: std::cell::RefCell<Option<Store>> = std::cell::RefCell::new(Store::open_in_memory().ok());
}
