//! Outbound media: POST /{phone_number_id}/media as multipart/form-data with the fields
//! `messaging_product`, `type` (the mime type) and `file`; Meta answers `{"id": "<media id>"}`,
//! which a message then names. The file is streamed from disk (up to 100 MB), never held whole.
//!
//! [`upload_media`] is the one call for anything that sends by media id (the outbox's
//! attachments, template headers).

use std::io::{Cursor, Read};
use std::path::Path;
use std::time::Duration;

use super::{Secret, graph};
use crate::config::CloudConfig;

/// An upload of up to 100 MB may take a while on a slow line.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);
/// Meta's answer to an upload is a few dozen bytes.
const ANSWER_LIMIT: u64 = 64 * 1024;

/// What one upload POST returned: status, `Retry-After`, body.
pub(super) type Answer = (u16, Option<String>, Vec<u8>);

/// Why an upload did not give a media id.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error("media upload: {0}")]
    Network(String),
    /// Meta refused it; the reason is Meta's.
    #[error("media upload refused: {0}")]
    Refused(String),
}

/// Uploads the file at `path` (of type `mime`, sent under the name `filename`) to `config`'s phone
/// number and returns the media id. Blocks on the network: call it off the UI thread.
pub fn upload_media(
    config: &CloudConfig,
    token: &Secret,
    path: &Path,
    mime: &str,
    filename: &str,
) -> Result<String, UploadError> {
    let agent = super::sender::agent(UPLOAD_TIMEOUT);
    let url = graph::media_upload_url(&config.graph_url, &config.api_version, &config.phone_number_id);
    let (status, _, body) = post_file(&agent, &url, token, path, mime, filename)?;
    match graph::parse_upload_response(status, &body) {
        graph::SendResult::Sent { wamid } => Ok(wamid),
        graph::SendResult::Failed { reason, .. }
        | graph::SendResult::Retry { reason, .. }
        | graph::SendResult::AuthExpired { reason, .. } => Err(UploadError::Refused(reason)),
    }
}

/// The agent the sender uses for uploads (a longer deadline than for messages).
pub(super) fn upload_agent() -> ureq::Agent {
    super::sender::agent(UPLOAD_TIMEOUT)
}

/// POSTs the multipart form; any HTTP status comes back as an answer to read.
pub(super) fn post_file(
    agent: &ureq::Agent,
    url: &str,
    token: &Secret,
    path: &Path,
    mime: &str,
    filename: &str,
) -> Result<Answer, UploadError> {
    let file_err = |source| UploadError::File { path: path.display().to_string(), source };
    let file = std::fs::File::open(path).map_err(file_err)?;
    let size = file.metadata().map_err(file_err)?.len();
    let boundary = format!("wabi-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let (head, tail) = form(&boundary, mime, filename);
    let length = head.len() as u64 + size + tail.len() as u64;
    // The length is announced up front; a file that changed size since would be cut or padded
    // by the server's reading, so the copy in the media folder is what is sent (never the original).
    let mut body = Cursor::new(head).chain(file.take(size)).chain(Cursor::new(tail));
    let mut response = agent
        .post(url)
        .header("Authorization", &format!("Bearer {}", token.expose()))
        .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
        .header("Content-Length", &length.to_string())
        .send(ureq::SendBody::from_reader(&mut body))
        .map_err(|e| UploadError::Network(e.to_string()))?;
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(String::from);
    let status = response.status().as_u16();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_vec()
        .map_err(|e| UploadError::Network(e.to_string()))?;
    Ok((status, retry_after, bytes))
}

/// The form's text before the file's bytes and after them.
fn form(boundary: &str, mime: &str, filename: &str) -> (Vec<u8>, Vec<u8>) {
    let field = |name: &str, value: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let mime = header_safe(mime);
    let mut head = field("messaging_product", "whatsapp");
    head.push_str(&field("type", &mime));
    head.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {mime}\r\n\r\n",
        header_safe(filename).replace('"', "'")
    ));
    (head.into_bytes(), format!("\r\n--{boundary}--\r\n").into_bytes())
}

/// Printable ASCII only, so a file's name can never break the form's headers.
fn header_safe(text: &str) -> String {
    let safe: String = text.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    if safe.trim().is_empty() { "file".to_string() } else { safe }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_product_type_and_file() {
        let (head, tail) = form("B", "image/jpeg", "ramo \"rosa\"\r\n.jpg");
        let head = String::from_utf8(head).unwrap();
        assert_eq!(
            head,
            "--B\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n\
             --B\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage/jpeg\r\n\
             --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ramo 'rosa'__.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n"
        );
        assert_eq!(tail, b"\r\n--B--\r\n");
        assert_eq!(header_safe("фото.jpg"), "____.jpg");
    }
}
