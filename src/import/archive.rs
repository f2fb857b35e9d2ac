//! An export as the phone hands it over: a chat text file, or a .zip with the text and the
//! media. Reading only; copying the attachments out is [`Source::copy_attachments`].

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read};
use std::ops::Deref;
use std::path::{Path, PathBuf};

use zip::ZipArchive;
use zip::result::ZipError;

/// Why an export file could not be read, or its media not copied.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: cannot read it ({source})", .path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{}: not a readable zip archive ({source})", .path.display())]
    BadZip { path: PathBuf, source: ZipError },
    #[error("{}: no chat text in the archive (no .txt file in it)", .path.display())]
    NoChatText { path: PathBuf },
    #[error(
        "{}: which .txt is the chat? the archive holds {} and none is _chat.txt or a \"WhatsApp Chat\" file",
        .path.display(), .names.join(", ")
    )]
    WhichText { path: PathBuf, names: Vec<String> },
    #[error("{}: cannot copy {name} to {} ({source})", .path.display(), .to.display())]
    Copy { path: PathBuf, name: String, to: PathBuf, source: io::Error },
    #[error("{}: {what} is {} MiB, more than wabi reads ({} MiB)", .path.display(), .size >> 20, .limit >> 20)]
    TooBig { path: PathBuf, what: String, size: u64, limit: u64 },
    #[error(
        "{}: {name} would inflate from {compressed} to {inflated} bytes ({}x): refused as a zip bomb",
        .path.display(), .inflated / (*.compressed).max(1)
    )]
    Bomb { path: PathBuf, name: String, compressed: u64, inflated: u64 },
}

/// The largest chat text read: 512 MiB is over five million messages, more than any phone
/// exports (WhatsApp caps an export at 100,000 messages with media, 40,000 without).
pub const MAX_TEXT: u64 = 512 << 20;
/// The largest attachment copied: WhatsApp's own limit for a document is 2 GB.
pub const MAX_ATTACHMENT: u64 = 2 << 30;
/// Deflate inflates at most about 1,032 times; chat text compresses some 5-10 times and media
/// hardly at all. An entry that claims more than this many times its compressed size, and more
/// than [`BOMB_FROM`] bytes, is a zip bomb.
pub const MAX_RATIO: u64 = 200;
pub const BOMB_FROM: u64 = 16 << 20;

impl ArchiveError {
    /// Bad input (exit 2) rather than a failure writing the media folder (exit 1). A copy that
    /// fails on the archive's side (a damaged entry, a wrong checksum) is bad input.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ArchiveError::Copy { source, .. } => {
                matches!(source.kind(), io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof)
            }
            _ => true,
        }
    }
}

/// One export file opened: its chat text, and for a .zip the attachments beside it.
pub struct Source {
    pub path: PathBuf,
    /// The chat text's bytes, not yet checked to be UTF-8.
    pub text: Text,
    /// The chat text's own name inside a .zip (`WhatsApp Chat with +49….txt`).
    pub text_name: Option<String>,
    archive: Option<ZipArchive<File>>,
    /// Attachments by file name → index in the archive.
    attachments: HashMap<String, usize>,
}

/// A chat text's bytes: read into memory, or, for a big plain file, mapped from it.
pub enum Text {
    Read(Vec<u8>),
    /// A text file of [`Text::MAP_FROM`] bytes or more. Mapping saves copying it and the kernel
    /// zeroing fresh memory for the copy: a seventh of a 200,000-message dry run. The price, as
    /// for every program that maps its input (ripgrep does the same): another program truncating
    /// the file while it is read kills the process (SIGBUS), and one rewriting it in place can
    /// change bytes after they were checked to be UTF-8, which Rust leaves undefined. wabi does
    /// not guard against another program changing an export during the second its import
    /// takes: the phone writes an export once. A killed import never commits, so the store stays
    /// as it was.
    Mapped(memmap2::Mmap),
}

impl Text {
    /// Below this a read is as fast as a mapping.
    pub const MAP_FROM: usize = 1 << 20;

    /// The file mapped, when it is big enough and the system maps it (pipes and some special
    /// files cannot be mapped; they are read instead).
    fn map(file: &File, size: usize) -> Option<Text> {
        if size < Text::MAP_FROM {
            return None;
        }
        // SAFETY: the map is read-only and lives as long as the bytes borrowed from it. Another
        // process changing the file meanwhile is the hazard described at [`Text::Mapped`]: a
        // truncation ends the process (SIGBUS) rather than reading freed memory.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::MmapOptions::new().len(size).populate().map(file) };
        map.ok().map(Text::Mapped)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Read(Vec::new())
    }
}

impl Deref for Text {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Text::Read(bytes) => bytes,
            Text::Mapped(map) => map,
        }
    }
}

impl Source {
    /// Opens `path`: a zip archive (told by its first bytes, not its name) or a chat text.
    pub fn open(path: &Path) -> Result<Source, ArchiveError> {
        let unreadable = |source| ArchiveError::Unreadable { path: path.to_path_buf(), source };
        let mut file = File::open(path).map_err(unreadable)?;
        let mut magic = [0u8; 4];
        let n = read_up_to(&mut file, &mut magic).map_err(unreadable)?;
        if magic.get(..n) == Some(b"PK\x03\x04".as_slice())
            || magic.get(..n) == Some(b"PK\x05\x06".as_slice())
        {
            return Source::open_zip(path, file);
        }
        let len = file.metadata().map_or(0, |m| m.len());
        if len > MAX_TEXT {
            return Err(too_big(path, "the chat text".into(), len, MAX_TEXT));
        }
        let size = usize::try_from(len).unwrap_or(0);
        let text = match Text::map(&file, size) {
            Some(mapped) => mapped,
            None => {
                // Sized up front: growing a 13 MB buffer by doubling costs more than parsing it.
                let mut text = Vec::with_capacity(size.max(n) + 1);
                text.extend_from_slice(magic.get(..n).unwrap_or_default());
                file.read_to_end(&mut text).map_err(unreadable)?;
                Text::Read(text)
            }
        };
        Ok(Source {
            path: path.to_path_buf(),
            text,
            text_name: None,
            archive: None,
            attachments: HashMap::new(),
        })
    }

    fn open_zip(path: &Path, file: File) -> Result<Source, ArchiveError> {
        let bad = |source| ArchiveError::BadZip { path: path.to_path_buf(), source };
        let mut archive = ZipArchive::new(file).map_err(bad)?;
        let mut files: Vec<(String, usize)> = Vec::new();
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(bad)?;
            // enclosed_name refuses absolute paths and `..`: nothing is ever written outside the
            // media folder whatever the archive says.
            let name = entry.enclosed_name().and_then(|p| p.file_name()?.to_str().map(str::to_string));
            if let Some(name) = name.filter(|_| !entry.is_dir()) {
                // Checked before anything is read or copied: a bomb costs no memory and no disk.
                let (inflated, compressed) = (entry.size(), entry.compressed_size());
                if inflated > BOMB_FROM && inflated / compressed.max(1) > MAX_RATIO {
                    return Err(ArchiveError::Bomb { path: path.to_path_buf(), name, compressed, inflated });
                }
                files.push((name, i));
            }
        }
        let (text_name, text_index) = chat_text(path, &files)?;
        let text = {
            let mut entry = archive.by_index(text_index).map_err(bad)?;
            let declared = entry.size();
            if declared > MAX_TEXT {
                return Err(too_big(path, text_name, declared, MAX_TEXT));
            }
            // The declared size may lie: the read stops one byte past the limit whatever it says.
            let mut text = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
            (&mut entry).take(MAX_TEXT + 1).read_to_end(&mut text).map_err(|e| bad(e.into()))?;
            if text.len() as u64 > MAX_TEXT {
                return Err(too_big(path, text_name, text.len() as u64, MAX_TEXT));
            }
            text
        };
        let text = Text::Read(text);
        let mut attachments = HashMap::with_capacity(files.len());
        for (name, i) in files.into_iter().filter(|&(_, i)| i != text_index) {
            attachments.entry(name).or_insert(i);
        }
        Ok(Source {
            path: path.to_path_buf(),
            text,
            text_name: Some(text_name),
            archive: Some(archive),
            attachments,
        })
    }

    /// Whether the archive carries an attachment of that name.
    pub fn has_attachment(&self, name: &str) -> bool {
        self.attachments.contains_key(name)
    }

    /// Copies the named attachments that the archive carries into `dir` (created if needed)
    /// and returns where each went. A file already there with the same size is taken as the
    /// copy of an earlier import and left alone.
    pub fn copy_attachments(
        &mut self,
        names: &BTreeSet<&str>,
        dir: &Path,
    ) -> Result<HashMap<String, String>, ArchiveError> {
        let mut copied = HashMap::new();
        let Some(archive) = self.archive.as_mut() else {
            return Ok(copied);
        };
        for &name in names {
            let Some(&index) = self.attachments.get(name) else {
                continue;
            };
            let to = dir.join(name);
            let path = &self.path;
            let copy_error = |source| ArchiveError::Copy {
                path: path.clone(),
                name: name.to_string(),
                to: to.clone(),
                source,
            };
            let mut entry = archive
                .by_index(index)
                .map_err(|source| ArchiveError::BadZip { path: path.clone(), source })?;
            if entry.size() > MAX_ATTACHMENT {
                return Err(too_big(path, name.to_string(), entry.size(), MAX_ATTACHMENT));
            }
            let same_size = std::fs::metadata(&to).is_ok_and(|m| m.is_file() && m.len() == entry.size());
            if !same_size {
                std::fs::create_dir_all(dir).map_err(copy_error)?;
                write_atomically(&mut entry, &to, MAX_ATTACHMENT).map_err(copy_error)?;
            }
            copied.insert(name.to_string(), to.to_string_lossy().into_owned());
        }
        Ok(copied)
    }
}

/// The archive's chat text: the one .txt, else `_chat.txt` (iOS), else the one named like
/// Android's "WhatsApp Chat with …" in any language (they all say WhatsApp).
fn chat_text(path: &Path, files: &[(String, usize)]) -> Result<(String, usize), ArchiveError> {
    let texts: Vec<&(String, usize)> =
        files.iter().filter(|(n, _)| n.to_lowercase().ends_with(".txt")).collect();
    let pick = match texts.as_slice() {
        [] => return Err(ArchiveError::NoChatText { path: path.to_path_buf() }),
        [one] => Some(*one),
        _ => texts.iter().find(|(n, _)| n == "_chat.txt").copied().or_else(|| {
            let named: Vec<_> = texts.iter().filter(|(n, _)| n.to_lowercase().contains("whatsapp")).collect();
            if let [one] = named.as_slice() { Some(**one) } else { None }
        }),
    };
    pick.cloned().ok_or_else(|| ArchiveError::WhichText {
        path: path.to_path_buf(),
        names: texts.iter().map(|(n, _)| n.clone()).collect(),
    })
}

fn too_big(path: &Path, what: String, size: u64, limit: u64) -> ArchiveError {
    ArchiveError::TooBig { path: path.to_path_buf(), what, size, limit }
}

/// Writes through a temporary name and renames, so a failed copy never leaves half a file
/// that a later import would take for a finished one. More than `limit` bytes (an entry whose
/// declared size lied) fail the copy as bad data.
fn write_atomically(from: &mut impl Read, to: &Path, limit: u64) -> io::Result<()> {
    let mut tmp = to.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let result = File::create(&tmp).and_then(|mut out| {
        let written = io::copy(&mut from.take(limit + 1), &mut out)?;
        if written > limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("larger than {} MiB", limit >> 20),
            ));
        }
        out.sync_all()
    });
    match result.and_then(|()| std::fs::rename(&tmp, to)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Reads until `buf` is full or the file ends; returns how many bytes came.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
#[path = "archive_tests.rs"]
mod tests;
