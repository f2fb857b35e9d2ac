//! `wabi contacts`: names, consent (list, show, opt-in, opt-out, import) and data requests
//! (export, erase; see `contact_data.rs`).

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use super::{CliError, Context, print_json, rfc3339};
use crate::consent::ConsentState;
use crate::sanitize::one_line;
use crate::store::{ConsentChange, ConsentRecord, ContactConsent, ContactKey, Store, now_ms};

#[derive(Debug, Subcommand)]
pub enum ContactsCmd {
    /// Save (or with "" clear) the operator's name for a contact
    Save {
        /// Phone number
        phone: String,
        /// The name
        name: String,
    },
    /// Keep a private note on a contact (never sent; "" clears it); `contacts show` prints it
    Note {
        /// Phone number or WhatsApp user id
        phone: String,
        /// The note
        text: String,
    },
    /// List contacts with their consent to broadcasts
    List {
        /// Print JSON: [{phone, user_id, name, consent, consent_at, source, by}]
        #[arg(long)]
        json: bool,
    },
    /// A contact's consent, its history, and the broadcast lists it is on
    Show {
        /// Phone number or WhatsApp user id
        phone: String,
        /// Print JSON: {phone, user_id, name, profile_name, saved_name, consent, history, lists}
        #[arg(long)]
        json: bool,
    },
    /// Record that a contact agreed to receive broadcasts
    OptIn {
        phone: String,
        /// How the consent was given ("web form", "replied YES", "paper form at the shop")
        #[arg(long, value_name = "TEXT")]
        source: String,
        /// Who records it
        #[arg(long, value_name = "NAME", default_value = "operator")]
        by: String,
    },
    /// Record that a contact does not want broadcasts (they are never sent one)
    OptOut {
        phone: String,
        /// How they asked
        #[arg(long, value_name = "TEXT", default_value = "asked the operator")]
        source: String,
        /// Who records it
        #[arg(long, value_name = "NAME", default_value = "operator")]
        by: String,
    },
    /// Add or update contacts from a CSV file: phone,name,consent,source (a header line is optional);
    /// every row is checked first, and one bad row imports nothing
    Import { file: PathBuf },
    /// Print everything wabi holds about a contact as JSON (a data access request)
    Export { phone: String },
    /// Delete everything wabi holds about a contact, leaving no copy in the store file
    Erase {
        phone: String,
        /// Really delete (without it, prints what would be deleted and exits 2)
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(ctx: &Context, cmd: &ContactsCmd) -> Result<(), CliError> {
    match cmd {
        ContactsCmd::Save { phone, name } => {
            let key = ContactKey::parse(phone)?;
            ctx.store()?.save_contact_name(&key, name)?;
            crate::outln!("saved {name:?} for {key}");
            Ok(())
        }
        ContactsCmd::Note { phone, text } => {
            let key = ContactKey::parse(phone)?;
            let mut store = ctx.store()?;
            let chat = store.require_chat(&key)?;
            store.set_note(chat, text.trim())?;
            crate::outln!("{} the note on {key}", if text.trim().is_empty() { "cleared" } else { "saved" });
            Ok(())
        }
        ContactsCmd::List { json } => list(&ctx.store()?, *json),
        ContactsCmd::Show { phone, json } => show(&ctx.store()?, &ContactKey::parse(phone)?, *json),
        ContactsCmd::OptIn { phone, source, by } => set(ctx, phone, ConsentState::OptedIn, source, by),
        ContactsCmd::OptOut { phone, source, by } => set(ctx, phone, ConsentState::OptedOut, source, by),
        ContactsCmd::Import { file } => import(ctx, file),
        ContactsCmd::Export { phone } => super::contact_data::export(ctx, phone),
        ContactsCmd::Erase { phone, yes } => super::contact_data::erase(ctx, phone, *yes),
    }
}

fn set(ctx: &Context, phone: &str, state: ConsentState, source: &str, by: &str) -> Result<(), CliError> {
    let key = ContactKey::parse(phone)?;
    if source.trim().is_empty() || by.trim().is_empty() {
        return Err(CliError::bad("--source and --by must not be empty"));
    }
    let change = ConsentChange { state, at: now_ms(), source, by };
    if ctx.store()?.set_consent(&key, &change)? {
        crate::outln!("{key} is {state} now ({})", one_line(source.trim()));
    } else {
        crate::outln!("{key} is {state} already (no change)");
    }
    Ok(())
}

fn import(ctx: &Context, file: &std::path::Path) -> Result<(), CliError> {
    let text =
        std::fs::read_to_string(file).map_err(|e| CliError::bad(format!("{}: {e}", file.display())))?;
    let rows = crate::consent::import::parse_rows(&text)
        .map_err(|e| CliError::bad(format!("{}: {e}; nothing imported", file.display())))?;
    let report = ctx.store()?.import_contacts(&rows, now_ms())?;
    crate::outln!(
        "imported {} rows: {} new contacts, {} consent changes",
        report.rows,
        report.created,
        report.consent_changed
    );
    for (line, key) in &report.kept_opted_out {
        crate::outln!(
            "line {line}: {key} stays opted out (they asked by message; use `wabi contacts opt-in`)"
        );
    }
    Ok(())
}

/// A contact's consent as the JSON of `list` and `show`.
#[derive(Serialize)]
struct ContactJson<'a> {
    phone: Option<&'a str>,
    user_id: Option<&'a str>,
    name: String,
    consent: ConsentState,
    consent_at: Option<String>,
    source: Option<&'a str>,
    by: Option<&'a str>,
}

impl<'a> ContactJson<'a> {
    fn new(c: &'a ContactConsent) -> ContactJson<'a> {
        ContactJson {
            phone: c.contact.phone.as_deref(),
            user_id: c.contact.user_id.as_deref(),
            name: c.contact.display_name(),
            consent: c.state(),
            consent_at: c.consent.as_ref().map(|r| rfc3339(r.at)),
            source: c.consent.as_ref().map(|r| r.source.as_str()),
            by: c.consent.as_ref().map(|r| r.by.as_str()),
        }
    }
}

fn list(store: &Store, json: bool) -> Result<(), CliError> {
    let contacts = store.contacts_with_consent()?;
    if json {
        return print_json(&contacts.iter().map(ContactJson::new).collect::<Vec<_>>());
    }
    for c in &contacts {
        let key = c
            .contact
            .phone
            .as_deref()
            .map_or_else(|| c.contact.user_id.clone().unwrap_or_default(), crate::phone::display_phone);
        let key = one_line(&key);
        let since = c.consent.as_ref().map(describe).unwrap_or_default();
        let line = format!("{key:<18} {:<24} {:<10} {since}", one_line(&c.contact.display_name()), c.state());
        crate::outln!("{}", line.trim_end());
    }
    Ok(())
}

/// "2026-11-21T10:03:00.000Z, web form, by operator".
fn describe(r: &ConsentRecord) -> String {
    format!("{}, {}, by {}", rfc3339(r.at), one_line(&r.source), one_line(&r.by))
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    contact: ContactJson<'a>,
    profile_name: Option<&'a str>,
    saved_name: Option<&'a str>,
    history: Vec<HistoryJson<'a>>,
    lists: Vec<String>,
}

/// One consent change in JSON.
#[derive(Serialize)]
pub struct HistoryJson<'a> {
    pub state: ConsentState,
    pub at: String,
    pub source: &'a str,
    pub by: &'a str,
    pub message_id: Option<i64>,
}

impl<'a> HistoryJson<'a> {
    pub fn new(r: &'a ConsentRecord) -> HistoryJson<'a> {
        HistoryJson {
            state: r.state,
            at: rfc3339(r.at),
            source: &r.source,
            by: &r.by,
            message_id: r.message_id,
        }
    }
}

fn show(store: &Store, key: &ContactKey, json: bool) -> Result<(), CliError> {
    let c = store.require_contact(key)?;
    let history = store.consent_history(c.contact.id)?;
    let lists = store.lists_of_contact(c.contact.id)?;
    if json {
        return print_json(&ShowJson {
            contact: ContactJson::new(&c),
            profile_name: c.contact.profile_name.as_deref(),
            saved_name: c.contact.saved_name.as_deref(),
            history: history.iter().map(HistoryJson::new).collect(),
            lists,
        });
    }
    crate::outln!("{} ({key})", one_line(&c.contact.display_name()));
    match &c.consent {
        Some(r) => crate::outln!("consent: {} since {}", r.state, describe(r)),
        None => crate::outln!("consent: unknown (never recorded)"),
    }
    for r in &history {
        crate::outln!("  {:<10} {}", r.state, describe(r));
    }
    if !lists.is_empty() {
        let names: Vec<String> = lists.iter().map(|l| one_line(l)).collect();
        crate::outln!("broadcast lists: {}", names.join(", "));
    }
    if let Some(chat) = store.chat_id(key)? {
        let note = store.note(chat)?;
        if !note.is_empty() {
            crate::outln!("note: {}", one_line(&note));
        }
    }
    Ok(())
}
