//! Meta's resumable upload (`POST /{app_id}/uploads`, then the bytes to the upload session), for
//! the business profile picture: an upload cut short asks the session how far it got
//! (`GET /{upload_id}` → `file_offset`) and sends the rest. The answer's handle `h` is what
//! `profile_picture_handle` takes.

use std::path::Path;

use serde_json::Value;

use super::api::{Graph, GraphError};

/// Tries per upload: the first, then resumes after a connection lost mid-way.
const ATTEMPTS: usize = 3;
/// Meta's profile pictures are JPEG or PNG; 5 MB is far above what a profile needs.
const PICTURE_LIMIT: u64 = 5 * 1024 * 1024;

/// Why a picture was not uploaded.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is not one to upload (exit 2).
    #[error("{0}")]
    Bad(String),
    #[error(transparent)]
    Graph(#[from] GraphError),
}

/// The MIME type of a profile picture by its extension, or why it is refused.
pub fn picture_type(path: &Path) -> Result<&'static str, String> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("jpg" | "jpeg") => Ok("image/jpeg"),
        Some("png") => Ok("image/png"),
        _ => Err(format!("{}: a profile picture is a .jpg or .png file", path.display())),
    }
}

/// Reads and uploads `path`; returns the handle.
pub fn upload_picture(graph: &Graph, app_id: &str, path: &Path) -> Result<String, UploadError> {
    let mime = picture_type(path).map_err(UploadError::Bad)?;
    let size =
        std::fs::metadata(path).map_err(|e| UploadError::Bad(format!("{}: {e}", path.display())))?.len();
    if size == 0 || size > PICTURE_LIMIT {
        return Err(UploadError::Bad(format!(
            "{}: {size} bytes; a profile picture is 1 byte to 5 MB",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| UploadError::Bad(format!("{}: {e}", path.display())))?;
    let name: String = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("picture")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    Ok(upload(graph, app_id, &name, mime, &bytes)?)
}

/// Starts a session for `bytes` and sends them, resuming where the session says after a
/// connection lost mid-way.
pub fn upload(
    graph: &Graph,
    app_id: &str,
    name: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<String, GraphError> {
    let start = format!("{app_id}/uploads?file_name={name}&file_length={}&file_type={mime}", bytes.len());
    let session = graph.post("POST /{app_id}/uploads", &start, &Value::Null)?;
    let Some(id) = session.get("id").and_then(Value::as_str).filter(|i| !i.is_empty()) else {
        return Err(GraphError {
            call: "POST /{app_id}/uploads".into(),
            message: "the answer names no upload session".into(),
            code: None,
            status: Some(200),
        });
    };
    let call = "POST /{upload_id}";
    let mut offset = 0usize;
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let rest = bytes.get(offset..).unwrap_or_default();
        match graph.post_bytes(call, id, &[("file_offset", offset.to_string())], rest) {
            Ok(answer) => match answer.get("h").and_then(Value::as_str) {
                Some(h) if !h.is_empty() => return Ok(h.to_string()),
                _ => {
                    return Err(GraphError {
                        call: call.into(),
                        message: "the answer has no file handle".into(),
                        code: None,
                        status: Some(200),
                    });
                }
            },
            // Meta answered with an error: resuming would not change its mind.
            Err(e) if e.status.is_some() => return Err(e),
            Err(e) => {
                tracing::warn!("upload cut short, resuming: {e}");
                last = Some(e);
                let state = graph.get_oauth("GET /{upload_id}", id)?;
                offset = state
                    .get("file_offset")
                    .and_then(|o| o.as_u64().or_else(|| o.as_str().and_then(|s| s.parse().ok())))
                    .and_then(|o| usize::try_from(o).ok())
                    .filter(|o| *o <= bytes.len())
                    .unwrap_or(0);
            }
        }
    }
    Err(last.unwrap_or_else(|| GraphError {
        call: call.into(),
        message: "upload did not finish".into(),
        code: None,
        status: None,
    }))
}
