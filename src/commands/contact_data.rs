//! `wabi contacts export` and `wabi contacts erase`: a person's data on request (GDPR access and
//! erasure).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::contacts::HistoryJson;
use super::{CliError, Context, print_json, rfc3339};
use crate::consent::ConsentState;
use crate::store::{ContactKey, EraseCounts, HeldAutomation, HeldBroadcast, HeldMessage};

#[derive(Serialize)]
struct Export<'a> {
    exported_at: String,
    profile: Profile<'a>,
    consent: ConsentState,
    consent_history: Vec<HistoryJson<'a>>,
    labels: Vec<String>,
    broadcast_lists: Vec<String>,
    broadcasts: &'a [HeldBroadcast],
    automatic_messages: &'a [HeldAutomation],
    media_paths: Vec<&'a str>,
    messages: &'a [HeldMessage],
}

#[derive(Serialize)]
struct Profile<'a> {
    phone: Option<&'a str>,
    user_id: Option<&'a str>,
    profile_name: Option<&'a str>,
    saved_name: Option<&'a str>,
    first_seen: String,
    /// WhatsApp username, when the customer has one.
    username: Option<String>,
    /// When blocked on WhatsApp.
    blocked_at: Option<String>,
}

/// Prints everything wabi holds about the contact as one JSON document.
pub fn export(ctx: &Context, phone: &str) -> Result<(), CliError> {
    let key = ContactKey::parse(phone)?;
    let store = ctx.store()?;
    let c = store.require_contact(&key)?;
    let chat = store.chat_id(&key)?;
    let history = store.consent_history(c.contact.id)?;
    let messages = match chat {
        Some(id) => store.held_messages(id)?,
        None => Vec::new(),
    };
    let automation = match chat {
        Some(id) => store.held_automation(id)?,
        None => Vec::new(),
    };
    let broadcasts = store.held_broadcasts(c.contact.id)?;
    let account = match chat {
        Some(id) => store.chat_account_info(id)?,
        None => (None, None),
    };
    print_json(&Export {
        exported_at: rfc3339(crate::store::now_ms()),
        profile: Profile {
            phone: c.contact.phone.as_deref(),
            user_id: c.contact.user_id.as_deref(),
            profile_name: c.contact.profile_name.as_deref(),
            saved_name: c.contact.saved_name.as_deref(),
            first_seen: rfc3339(store.contact_created_at(c.contact.id)?),
            username: account.1,
            blocked_at: account.0.map(rfc3339),
        },
        consent: c.state(),
        consent_history: history.iter().map(HistoryJson::new).collect(),
        labels: match chat {
            Some(id) => store.chat_label_names(id)?,
            None => Vec::new(),
        },
        broadcast_lists: store.lists_of_contact(c.contact.id)?,
        broadcasts: &broadcasts,
        automatic_messages: &automation,
        media_paths: messages.iter().filter_map(|m| m.media_path.as_deref()).collect(),
        messages: &messages,
    })
}

/// Deletes the contact and everything linked to it; without `yes` only says what that would be.
pub fn erase(ctx: &Context, phone: &str, yes: bool) -> Result<(), CliError> {
    let key = ContactKey::parse(phone)?;
    let mut store = ctx.store()?;
    let c = store.require_contact(&key)?;
    let counts = store.erase_counts(c.contact.id)?;
    let what = describe(&counts);
    if !yes {
        return Err(CliError::bad(format!("erasing {key} would delete {what}; add --yes to do it")));
    }
    let log_emptied = store.erase_contact(c.contact.id)?;
    let (removed, kept) = remove_media(&counts.media_files, &media_dir());
    crate::outln!("erased {key}: {what}");
    if removed > 0 {
        crate::outln!("deleted {removed} media files");
    }
    for (path, why) in &kept {
        let safe = crate::sanitize::one_line;
        crate::errln!("wabi: left {} in place: {}", safe(&path.display().to_string()), safe(why));
    }
    if !log_emptied {
        crate::errln!(
            "wabi: another process has the store open, so its write-ahead log ({}-wal) may still hold \
             old pages until that process closes; run `wabi contacts erase` again afterwards to be sure",
            crate::sanitize::one_line(&store.path().map(|p| p.display().to_string()).unwrap_or_default())
        );
    }
    if kept.is_empty() { Ok(()) } else { Err(CliError::failed("some media files were not deleted")) }
}

/// "12 messages, 1 media file, 2 labels, …" — what the operator confirms.
fn describe(c: &EraseCounts) -> String {
    let parts = [
        (c.messages, "message", "messages"),
        (i64::try_from(c.media_files.len()).unwrap_or(i64::MAX), "media file", "media files"),
        (c.labels, "label link", "label links"),
        (c.lists, "broadcast list membership", "broadcast list memberships"),
        (c.broadcasts, "broadcast record", "broadcast records"),
        (c.consent_changes, "consent record", "consent records"),
        (c.automation, "automation log entry", "automation log entries"),
    ];
    let mut out: Vec<String> =
        parts.iter().map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many })).collect();
    out.push("the contact and its chat".into());
    out.join(", ")
}

/// Where `wabi media fetch` saves attachments; only files inside it are wabi's to delete.
fn media_dir() -> PathBuf {
    crate::transport::cloud::media::media_dir()
}

/// Deletes the media files wabi saved; files elsewhere (an import's folder) belong to the
/// operator and are named instead. Returns how many were deleted and what was left, and why.
fn remove_media(paths: &[String], dir: &Path) -> (usize, Vec<(PathBuf, String)>) {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut removed = 0;
    let mut kept = Vec::new();
    for path in paths.iter().map(PathBuf::from) {
        let Ok(real) = path.canonicalize() else {
            continue; // already gone
        };
        if !real.starts_with(&dir) {
            kept.push((path, format!("outside wabi's media folder {}", dir.display())));
            continue;
        }
        match std::fs::remove_file(&real) {
            Ok(()) => {
                removed += 1;
                remove_empty_parents(&real, &dir);
            }
            Err(e) => kept.push((path, e.to_string())),
        }
    }
    (removed, kept)
}

/// An import keeps a chat's attachments in a folder named after the phone number: once empty,
/// it goes too. Folders that still hold files stay (remove_dir refuses them).
fn remove_empty_parents(file: &Path, dir: &Path) {
    let mut parent = file.parent();
    while let Some(p) = parent.filter(|p| p.starts_with(dir) && *p != dir) {
        if std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
}
