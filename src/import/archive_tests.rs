//! Compiled only under #[cfg(test)], from its parent module.
use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;

/// Writes a zip of (name, bytes) entries, deflated, and returns its path.
fn zip_file(dir: &Path, file: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(file);
    let mut zip = ZipWriter::new(File::create(&path).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

const CHAT: &[u8] = b"12/03/2024, 14:05 - Ana: IMG-20240312-WA0001.jpg (file attached)\n";

#[test]
fn a_text_file_is_read_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    std::fs::write(&path, CHAT).unwrap();
    let source = Source::open(&path).unwrap();
    assert_eq!(&*source.text, CHAT);
    assert_eq!(source.text_name, None);
}

#[test]
fn a_big_text_file_is_mapped_with_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    let big = CHAT.repeat(Text::MAP_FROM / CHAT.len() + 1);
    std::fs::write(&path, &big).unwrap();
    let source = Source::open(&path).unwrap();
    assert!(matches!(source.text, Text::Mapped(_)));
    assert_eq!(&*source.text, big.as_slice());
}

#[test]
fn a_zip_gives_its_chat_text_and_copies_attachments_once() {
    let dir = tempfile::tempdir().unwrap();
    let photo: &[u8] = b"\xff\xd8 not really a jpeg";
    let path = zip_file(
        dir.path(),
        "export.zip",
        &[("WhatsApp Chat with Ana.txt", CHAT), ("IMG-20240312-WA0001.jpg", photo)],
    );
    let mut source = Source::open(&path).unwrap();
    assert_eq!(&*source.text, CHAT);
    assert_eq!(source.text_name.as_deref(), Some("WhatsApp Chat with Ana.txt"));
    assert!(source.has_attachment("IMG-20240312-WA0001.jpg"));
    let media = dir.path().join("media");
    let wanted: BTreeSet<&str> = ["IMG-20240312-WA0001.jpg", "not-in-the-zip.jpg"].into();
    let copied = source.copy_attachments(&wanted, &media).unwrap();
    let to = media.join("IMG-20240312-WA0001.jpg");
    assert_eq!(copied.len(), 1);
    assert_eq!(copied["IMG-20240312-WA0001.jpg"], to.to_string_lossy());
    assert_eq!(std::fs::read(&to).unwrap(), photo);
    assert_eq!(source.copy_attachments(&wanted, &media).unwrap(), copied);
}

#[test]
fn ios_chat_text_is_found_among_text_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let path = zip_file(dir.path(), "x.zip", &[("notes.txt", b"a note"), ("_chat.txt", CHAT)]);
    assert_eq!(&*Source::open(&path).unwrap().text, CHAT);
}

#[test]
fn two_text_files_and_no_chat_name_is_an_error_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = zip_file(dir.path(), "x.zip", &[("a.txt", CHAT), ("b.txt", CHAT)]);
    let err = Source::open(&path).err().unwrap();
    assert!(err.to_string().contains("a.txt, b.txt"), "{err}");
    assert!(err.is_bad_input());
}

#[test]
fn entries_that_climb_out_of_the_folder_are_never_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let path = zip_file(dir.path(), "x.zip", &[("_chat.txt", CHAT), ("../../evil.jpg", b"x")]);
    let source = Source::open(&path).unwrap();
    assert!(!source.has_attachment("evil.jpg"));
}

#[test]
fn a_broken_zip_and_a_missing_file_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 and then nothing a zip needs").unwrap();
    let err = Source::open(&broken).err().unwrap();
    assert!(matches!(err, ArchiveError::BadZip { .. }) && err.is_bad_input(), "{err}");
    let err = Source::open(&dir.path().join("absent.txt")).err().unwrap();
    assert!(matches!(err, ArchiveError::Unreadable { .. }) && err.is_bad_input());
    assert!(err.to_string().contains("absent.txt"));
}
