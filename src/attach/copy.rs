//! Copying an attachment into the media folder: one pass that hashes while it copies, into a
//! temporary file that becomes `<media dir>/out/<sha256>.<ext>` only when complete. The same file
//! attached twice is kept once.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{AttachError, HEAD_LEN, MAX_SIZE, OutboundMedia, check_size, classify};

/// Reads `path`, checks WhatsApp would take it, and copies it into `media_dir/out`. Slow for big
/// files (it reads them whole): call it off the UI thread.
pub fn prepare(path: &Path, media_dir: &Path) -> Result<OutboundMedia, AttachError> {
    let source = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => AttachError::Missing(path.to_path_buf()),
        _ => AttachError::Io { path: path.to_path_buf(), source: e },
    };
    let meta = std::fs::metadata(path).map_err(source)?;
    if !meta.is_file() {
        return Err(AttachError::NotAFile(path.to_path_buf()));
    }
    if meta.len() == 0 {
        return Err(AttachError::Empty(path.to_path_buf()));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // The biggest limit first, so a 2 GB file is refused without being read.
    let document = super::FileType { kind: crate::model::Kind::Document, mime: String::new() };
    check_size(path, &document, meta.len())?;
    let mut file = std::fs::File::open(path).map_err(source)?;
    let mut head = vec![0; HEAD_LEN];
    let got = read_up_to(&mut file, &mut head).map_err(source)?;
    head.truncate(got);
    let file_type = classify(&head, &name).ok_or_else(|| AttachError::NotOpus(path.to_path_buf()))?;
    check_size(path, &file_type, meta.len())?;

    let dir = media_dir.join("out");
    let copy_err = |e| AttachError::Copy { dir: dir.clone(), source: e };
    std::fs::create_dir_all(&dir).map_err(copy_err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(copy_err)?;
    let mut hasher = Sha256::new();
    hasher.update(&head);
    tmp.write_all(&head).map_err(copy_err)?;
    let mut size = head.len() as u64;
    let mut buf = vec![0; 256 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(source)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        // The file grew while being read: the checks above no longer hold.
        if size > MAX_SIZE {
            check_size(path, &file_type, size)?;
        }
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(copy_err)?;
    }
    check_size(path, &file_type, size)?;
    if size == 0 {
        return Err(AttachError::Empty(path.to_path_buf()));
    }
    let sha256 = hex::encode(hasher.finalize());
    let target: PathBuf = dir.join(format!("{sha256}.{}", extension(&file_type.mime, &name)));
    tmp.persist(&target).map_err(|e| copy_err(e.error))?;
    Ok(OutboundMedia {
        kind: file_type.kind,
        mime: file_type.mime,
        path: target,
        filename: name,
        size,
        sha256,
    })
}

/// Fills `buf` as far as the file allows; returns how many bytes were read.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The copy's extension: the original's when it is short and plain, else one from the mime type.
fn extension(mime: &str, name: &str) -> String {
    let original = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match original {
        Some(e) if !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()) => e,
        _ => mime
            .split('/')
            .nth(1)
            .filter(|s| s.len() <= 8 && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or("bin")
            .to_string(),
    }
}
