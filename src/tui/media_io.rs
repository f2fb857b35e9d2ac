//! The composer's and the message cursor's commands performed against the store, for the run loop:
//! replies, reactions, attachments (checked and copied off the UI thread by the real terminal's
//! shell, at once in tests) and the clipboard.

use std::path::Path;

use super::app::{FilesJob, MediaCmd, Msg};
use super::run::Shell;
use crate::model::Origin;
use crate::store::{NewOutbound, Store, StoreError};

/// Runs `cmd`; `media_dir` is where attachments are copied.
pub fn perform(
    store: &mut Store,
    media_dir: &Path,
    cmd: MediaCmd,
    shell: &mut dyn Shell,
) -> Result<Vec<Msg>, StoreError> {
    match cmd {
        MediaCmd::Reply { chat_id, body, reply_to } => {
            let outbound = NewOutbound { chat_id, body, origin: Origin::Operator, reply_to: Some(reply_to) };
            store.queue_outbound(&outbound)?;
        }
        MediaCmd::React { chat_id, target, emoji } => {
            store.queue_reaction(chat_id, &target, &emoji, Origin::Operator)?;
        }
        MediaCmd::SendFiles(job) => match shell.send_files(job) {
            Some(job) => {
                if let Err(e) = send_files(store, media_dir, &job) {
                    return Ok(vec![Msg::Failed(e), Msg::StoreChanged]);
                }
            }
            // Another thread does it and reports back.
            None => return Ok(Vec::new()),
        },
        MediaCmd::Copy(text) => {
            shell.copy(&text);
            return Ok(Vec::new());
        }
        MediaCmd::LoadCard(chat_id) => {
            return Ok(vec![Msg::ContactCard(Box::new(store.contact_card(chat_id)?))]);
        }
        MediaCmd::SaveCard { chat_id, name, note } => {
            let contact = store.chat_contact(chat_id)?;
            let key = match (contact.phone, contact.user_id) {
                (Some(p), _) => crate::store::ContactKey::Phone(p),
                (None, u) => crate::store::ContactKey::UserId(u.unwrap_or_default()),
            };
            store.save_contact_name(&key, &name)?;
            store.set_note(chat_id, &note)?;
            return Ok(vec![Msg::StoreChanged]);
        }
        MediaCmd::Forward { id, phone } => {
            let chat_id = store.ensure_chat(&crate::store::ContactKey::Phone(phone))?;
            let m = store.find_message(&id.to_string())?;
            let file = store.media_ref(id)?.and_then(|r| r.path).map(std::path::PathBuf::from);
            match file.filter(|p| p.is_file()) {
                // The file goes through the same checks and copy as an attachment, off the UI thread.
                Some(path) => {
                    // An inbound file without a caption has its name or "[image]" as body.
                    let placeholder = m.body.starts_with('[') && m.body.ends_with(']');
                    let caption = if placeholder || m.media_filename.as_ref() == Some(&m.body) {
                        String::new()
                    } else {
                        m.body
                    };
                    let job = FilesJob { chat_id, files: vec![path], caption, reply_to: None };
                    return perform(store, media_dir, MediaCmd::SendFiles(job), shell);
                }
                None if m.media_filename.is_some() || is_media(m.kind) => {
                    return Ok(vec![Msg::Failed(
                        "open the attachment first (o), so wabi has the file".into(),
                    )]);
                }
                None => drop(store.queue_outbound(&NewOutbound {
                    chat_id,
                    body: m.body,
                    origin: Origin::Operator,
                    reply_to: None,
                })?),
            }
        }
        MediaCmd::Save { id, to } => {
            let file = store.media_ref(id)?.and_then(|r| r.path).map(std::path::PathBuf::from);
            let Some(from) = file.filter(|p| p.is_file()) else {
                return Ok(vec![Msg::Failed("open the attachment first (o), so wabi has the file".into())]);
            };
            let name = store.message(id)?.and_then(|m| m.media_filename);
            let job: super::app::Job = Box::new(move || save(&from, &to, name.as_deref()));
            return Ok(shell.background(job).map(|job| vec![job()]).unwrap_or_default());
        }
        MediaCmd::NewChat(phone) => {
            let id = store.ensure_chat(&crate::store::ContactKey::Phone(phone))?;
            return Ok(vec![Msg::NewChat(store.chat(id)?), Msg::StoreChanged]);
        }
    }
    shell.wake_worker();
    Ok(vec![Msg::StoreChanged])
}

/// Copies `from` to `to` (into it, under the attachment's name, when `to` is a folder); never
/// over an existing file.
fn save(from: &Path, to: &Path, name: Option<&str>) -> Msg {
    let target = if to.is_dir() {
        let name =
            name.map(str::to_string).or_else(|| from.file_name().map(|n| n.to_string_lossy().into_owned()));
        to.join(crate::sanitize::one_line(&name.unwrap_or_else(|| "attachment".into())).replace('/', "_"))
    } else {
        to.to_path_buf()
    };
    if target.exists() {
        return Msg::Failed(format!("{} exists already: give another name", target.display()));
    }
    match std::fs::copy(from, &target) {
        Ok(_) => Msg::Saved(target.display().to_string()),
        Err(e) => Msg::Failed(format!("{}: {e}", target.display())),
    }
}

fn is_media(kind: crate::model::Kind) -> bool {
    use crate::model::Kind;
    matches!(kind, Kind::Image | Kind::Video | Kind::Audio | Kind::Document | Kind::Sticker)
}

/// Checks and copies every file, then queues them, the caption on the first (the text of the
/// draft, sent as a message of its own when the first file shows no caption). A file that
/// cannot go stops the job before anything is queued; the error is one line naming it.
pub fn send_files(store: &mut Store, media_dir: &Path, job: &FilesJob) -> Result<(), String> {
    let prepared = job
        .files
        .iter()
        .map(|path| crate::attach::prepare(path, media_dir).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let caption = job.caption.trim();
    let captioned = prepared.first().is_some_and(|m| crate::attach::takes_caption(m.kind));
    let reply_to = job.reply_to.as_deref();
    let result = (|| {
        if !captioned && !caption.is_empty() {
            let text = NewOutbound {
                chat_id: job.chat_id,
                body: caption.to_string(),
                origin: Origin::Operator,
                reply_to: reply_to.map(String::from),
            };
            store.queue_outbound(&text)?;
        }
        for (i, media) in prepared.iter().enumerate() {
            let caption = if i == 0 && captioned { caption } else { "" };
            store.queue_media(job.chat_id, media, caption, Origin::Operator, reply_to)?;
        }
        Ok::<(), StoreError>(())
    })();
    result.map_err(|e| e.to_string())
}
