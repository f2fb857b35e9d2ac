//! Inbound media, downloaded on demand: GET /{media-id} (with the token) names a short-lived url,
//! GET that url (with the token again) gives the bytes, saved under the media folder and recorded
//! on the message. The TUI's `o` key and `wabi media fetch` both call [`fetch`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Secret, graph};
use crate::config::CloudConfig;
use crate::store::{Store, StoreError};

/// WhatsApp media is at most 100 MB (documents); anything larger is refused.
const MEDIA_LIMIT: u64 = 100 * 1024 * 1024;
const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);

/// Why an attachment could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("message {0} has no attachment to download")]
    NoMedia(i64),
    #[error("media download: {0}")]
    Http(String),
    #[error("media download refused: {0}")]
    Refused(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Setup(#[from] super::CloudError),
}

impl MediaError {
    /// Bad input from a user (exit 2) rather than a runtime failure (exit 1).
    pub fn is_bad_input(&self) -> bool {
        match self {
            MediaError::NoMedia(_) => true,
            MediaError::Store(e) => e.is_bad_input(),
            MediaError::Setup(e) => e.is_bad_input(),
            _ => false,
        }
    }
}

/// `<data dir>/wabi/media`, where attachments are saved.
pub fn media_dir() -> PathBuf {
    crate::config::paths::data_dir().join("media")
}

/// [`fetch`] with the access token from the environment and the media folder: what the TUI's `o`
/// key calls before opening the file. It blocks on the network (up to two minutes for a large
/// file), so call it off the UI thread.
pub fn fetch_for(config: &crate::config::Config, store: &mut Store, id: i64) -> Result<PathBuf, MediaError> {
    let cloud = &config.transport.cloud;
    let token = super::access_token(cloud)?;
    fetch(store, cloud, &token, id, &media_dir())
}

/// The local file of message `id`'s attachment, downloading it into `dir` unless it is there
/// already. The file name is the message id and a safe version of the attachment's name.
pub fn fetch(
    store: &mut Store,
    config: &CloudConfig,
    token: &Secret,
    id: i64,
    dir: &Path,
) -> Result<PathBuf, MediaError> {
    let media = store.media_ref(id)?.ok_or(MediaError::NoMedia(id))?;
    if let Some(path) = media.path.as_deref().map(PathBuf::from) {
        if path.is_file() {
            return Ok(path);
        }
    }
    if media.media_id.is_empty() {
        return Err(MediaError::NoMedia(id));
    }
    // Stored before ids were checked on the way in, or written by another program.
    if !graph::is_object_id(&media.media_id) {
        return Err(MediaError::Refused(format!(
            "the attachment's media id {:?} is not a Graph API id",
            crate::sanitize::one_line(&media.media_id)
        )));
    }
    let agent = super::sender::agent(MEDIA_TIMEOUT);
    let info_url = graph::media_info_url(&config.graph_url, &config.api_version, &media.media_id);
    let info = get(&agent, &info_url, token, 64 * 1024)?;
    let (url, mime) = graph::media_url_from(&info)
        .ok_or_else(|| MediaError::Refused("Meta's answer names no download url".into()))?;
    // The token goes with the download, so never over plain http unless the Graph url is (tests).
    if !url.starts_with("https://") && !config.graph_url.starts_with("http://") {
        return Err(MediaError::Refused(format!("not an https url: {url}")));
    }
    let bytes = get(&agent, &url, token, MEDIA_LIMIT)?;
    let name = file_name(id, media.filename.as_deref(), media.mime.as_deref().unwrap_or(&mime));
    let path = dir.join(name);
    save(&path, &bytes)?;
    store.set_media_path(id, &path.to_string_lossy())?;
    Ok(path)
}

fn get(agent: &ureq::Agent, url: &str, token: &Secret, limit: u64) -> Result<Vec<u8>, MediaError> {
    let mut response = agent
        .get(url)
        .header("Authorization", &format!("Bearer {}", token.expose()))
        .call()
        .map_err(|e| MediaError::Http(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| MediaError::Http(e.to_string()))?;
    if !(200..300).contains(&status) {
        let start: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        return Err(MediaError::Refused(format!("HTTP {status}: {start}")));
    }
    Ok(body)
}

/// Writes through a temporary file so a half download never looks complete.
fn save(path: &Path, bytes: &[u8]) -> Result<(), MediaError> {
    let io = |source| MediaError::Io { path: path.to_path_buf(), source };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// `<id>-<name>` with only safe characters; without a name, `<id>.<extension of the mime type>`.
fn file_name(id: i64, filename: Option<&str>, mime: &str) -> String {
    let safe: String = filename
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() || "._-".contains(c) { c } else { '_' })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        let ext = mime
            .split(['/', ';'])
            .nth(1)
            .map(|s| s.trim().trim_start_matches("x-"))
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or("bin");
        format!("{id}.{ext}")
    } else {
        format!("{id}-{safe}")
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_are_safe_and_keep_the_extension() {
        assert_eq!(file_name(7, Some("menu.pdf"), "application/pdf"), "7-menu.pdf");
        assert_eq!(file_name(7, Some("../../etc/passwd"), "text/plain"), "7-_.._etc_passwd");
        assert_eq!(file_name(7, None, "image/jpeg"), "7.jpeg");
        assert_eq!(file_name(7, None, "audio/ogg; codecs=opus"), "7.ogg");
        assert_eq!(file_name(7, Some(""), "weird"), "7.bin");
    }
}
