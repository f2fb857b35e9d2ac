//! Files the operator sends: what each one is, read from its bytes (the `infer` crate's magic
//! numbers, with the name's extension only to tell document formats apart), and whether the Cloud
//! API takes it. A file that can go is copied into the media folder under its SHA-256, so later
//! changes to the original do not matter and the outbox row names a file wabi owns ([`prepare`]).
//!
//! The limits are the Cloud API's: image (jpeg, png) 5 MB, video (mp4, 3gpp) 16 MB, audio (aac,
//! amr, mp3, m4a, ogg/opus) 16 MB, sticker (webp) 500 KB, document (anything else) 100 MB. An
//! ogg/opus file goes as a voice note.

mod copy;

use std::path::{Path, PathBuf};

use crate::model::Kind;

pub use copy::prepare;

const MB: u64 = 1024 * 1024;

/// How many bytes of a file are read to tell its type.
pub const HEAD_LEN: usize = 8192;

/// An attachment ready to queue: wabi's own copy and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundMedia {
    pub kind: Kind,
    /// The mime type the Cloud API is told.
    pub mime: String,
    /// wabi's copy, under the media folder.
    pub path: PathBuf,
    /// The original file's name (documents are sent with it).
    pub filename: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
}

impl OutboundMedia {
    /// An ogg/opus audio file: sent as a voice note.
    pub fn is_voice(&self) -> bool {
        is_voice(self.kind, &self.mime)
    }
}

/// Whether an attachment of this kind and mime type is a voice note.
pub fn is_voice(kind: Kind, mime: &str) -> bool {
    kind == Kind::Audio && mime == "audio/ogg"
}

/// Whether the Cloud API shows a caption with this kind (audio and stickers have none).
pub fn takes_caption(kind: Kind) -> bool {
    matches!(kind, Kind::Image | Kind::Video | Kind::Document)
}

/// Why a file cannot be sent. Every message names the file; limits are named too.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("{0}: no such file")]
    Missing(PathBuf),
    #[error("{0}: not a regular file")]
    NotAFile(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}: the file is empty")]
    Empty(PathBuf),
    #[error("{path}: {what} of {size} is over WhatsApp's limit of {limit} for {what}s")]
    TooBig { path: PathBuf, what: &'static str, size: String, limit: String },
    #[error("{0}: ogg audio other than opus cannot be sent (WhatsApp takes opus voice notes only)")]
    NotOpus(PathBuf),
    #[error("cannot copy into the media folder {dir}: {source}")]
    Copy { dir: PathBuf, source: std::io::Error },
}

impl AttachError {
    /// Whether the operator's input is at fault (a missing file, a type or size WhatsApp refuses)
    /// rather than the machine (a failed copy into the media folder).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, AttachError::Copy { .. })
    }
}

/// What a file is, as the Cloud API sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileType {
    pub kind: Kind,
    pub mime: String,
}

/// Tells a file's type from its first bytes (`head`, up to [`HEAD_LEN`]); `name` only picks
/// among document formats that share a container. Media types WhatsApp does not take as media
/// (gif, mov, wav…) go as documents. `None` only for ogg that is not opus, which cannot go.
pub fn classify(head: &[u8], name: &str) -> Option<FileType> {
    let media = |kind, mime: &str| Some(FileType { kind, mime: mime.to_string() });
    if is_3gpp(head) {
        return media(Kind::Video, "video/3gpp");
    }
    match infer::get(head).map(|t| t.mime_type()) {
        Some(m @ ("image/jpeg" | "image/png")) => media(Kind::Image, m),
        Some("image/webp") => media(Kind::Sticker, "image/webp"),
        Some(m @ ("video/mp4" | "video/3gpp")) => media(Kind::Video, m),
        Some(m @ ("audio/aac" | "audio/amr" | "audio/mpeg")) => media(Kind::Audio, m),
        Some("audio/m4a" | "audio/x-m4a") => media(Kind::Audio, "audio/mp4"),
        // infer tells opus (an "OpusHead" first packet) from other ogg.
        Some("audio/opus") => media(Kind::Audio, "audio/ogg"),
        Some("audio/ogg") => None,
        other => media(Kind::Document, &document_mime(other, name)),
    }
}

/// A 3GPP file: an ISO media file whose brand starts "3gp" or "3g2" (infer has no matcher for it).
fn is_3gpp(head: &[u8]) -> bool {
    head.get(4..8) == Some(b"ftyp") && matches!(head.get(8..11), Some(b"3gp" | b"3g2"))
}

/// A document's mime type: what the bytes say, refined by the extension where the bytes are a
/// generic container (Office files are zips) or plain text, else `application/octet-stream`.
fn document_mime(detected: Option<&str>, name: &str) -> String {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let by_ext = match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    };
    match detected {
        Some("application/zip" | "application/x-ole-storage") | None => by_ext.to_string(),
        Some(m) => m.to_string(),
    }
}

/// The most a file of this type may weigh, and what the limit is called.
pub fn limit(t: &FileType) -> (u64, &'static str) {
    match t.kind {
        Kind::Image => (5 * MB, "image"),
        Kind::Video => (16 * MB, "video"),
        Kind::Audio => (16 * MB, "audio file"),
        Kind::Sticker => (500 * 1024, "sticker"),
        _ => (100 * MB, "document"),
    }
}

/// The largest file of any type (documents): bigger ones are refused before being read.
pub const MAX_SIZE: u64 = 100 * MB;

/// "5 MB", "500 KB", "1.2 MB": sizes as people read them (1 MB = 1,048,576 bytes).
pub fn human_size(bytes: u64) -> String {
    // Precision is not at stake: these are sizes for people to read.
    #[allow(clippy::cast_precision_loss)]
    let (mb, kb) = (bytes as f64 / MB as f64, bytes as f64 / 1024.0);
    if bytes >= MB {
        if bytes % MB == 0 { format!("{} MB", bytes / MB) } else { format!("{mb:.1} MB") }
    } else if bytes >= 1024 {
        format!("{kb:.0} KB")
    } else {
        format!("{bytes} bytes")
    }
}

/// Refuses a file of type `t` and `size` bytes when it is over its limit.
pub fn check_size(path: &Path, t: &FileType, size: u64) -> Result<(), AttachError> {
    let (max, what) = limit(t);
    if size > max {
        return Err(AttachError::TooBig {
            path: path.to_path_buf(),
            what,
            size: human_size(size),
            limit: human_size(max),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
