use super::*;

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR";
const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00";
const MP4: &[u8] = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2";
const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj";
const MP3: &[u8] = b"ID3\x04\x00\x00\x00\x00\x00\x00";

/// The first Ogg page of a stream whose first packet is `packet`.
fn ogg(packet: &[u8]) -> Vec<u8> {
    let mut page = b"OggS\x00\x02".to_vec();
    page.extend_from_slice(&[0; 20]);
    page.extend_from_slice(&[1, 19]);
    page.extend_from_slice(packet);
    page
}

fn kind_and_mime(head: &[u8], name: &str) -> (Kind, String) {
    let t = classify(head, name).expect("classified");
    (t.kind, t.mime)
}

#[test]
fn the_type_comes_from_the_bytes_not_the_name() {
    assert_eq!(kind_and_mime(JPEG, "photo.jpg"), (Kind::Image, "image/jpeg".into()));
    assert_eq!(kind_and_mime(JPEG, "invoice.pdf"), (Kind::Image, "image/jpeg".into()));
    assert_eq!(kind_and_mime(PNG, "x"), (Kind::Image, "image/png".into()));
    assert_eq!(kind_and_mime(PDF, "photo.jpg"), (Kind::Document, "application/pdf".into()));
    assert_eq!(kind_and_mime(WEBP, "s.webp"), (Kind::Sticker, "image/webp".into()));
    assert_eq!(kind_and_mime(MP4, "clip.mp4"), (Kind::Video, "video/mp4".into()));
    assert_eq!(kind_and_mime(MP3, "song.mp3"), (Kind::Audio, "audio/mpeg".into()));
    let three_gp = b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x02\x00isom";
    assert_eq!(kind_and_mime(three_gp, "clip.3gp"), (Kind::Video, "video/3gpp".into()));
    let m4a = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom";
    assert_eq!(kind_and_mime(m4a, "voice.m4a"), (Kind::Audio, "audio/mp4".into()));
}

#[test]
fn ogg_opus_is_a_voice_note_and_other_ogg_is_refused() {
    let opus = ogg(b"OpusHead\x01\x01\x38\x01");
    assert_eq!(kind_and_mime(&opus, "note.ogg"), (Kind::Audio, "audio/ogg".into()));
    assert!(is_voice(Kind::Audio, "audio/ogg"));
    assert!(!is_voice(Kind::Audio, "audio/mpeg"));
    assert!(classify(&ogg(b"\x01vorbis\x00\x00\x00\x00"), "song.ogg").is_none());
}

#[test]
fn anything_else_is_a_document_named_by_its_extension() {
    assert_eq!(kind_and_mime(b"hello, world\n", "notes.txt"), (Kind::Document, "text/plain".into()));
    assert_eq!(kind_and_mime(b"\x00\x01\x02", "blob"), (Kind::Document, "application/octet-stream".into()));
    let gif = b"GIF89a\x01\x00\x01\x00";
    assert_eq!(kind_and_mime(gif, "a.gif"), (Kind::Document, "image/gif".into()));
}

#[test]
fn limits_are_the_cloud_apis_and_named_in_the_refusal() {
    let image = FileType { kind: Kind::Image, mime: "image/jpeg".into() };
    assert!(check_size(Path::new("a.jpg"), &image, 5 * MB).is_ok());
    let e = check_size(Path::new("a.jpg"), &image, 5 * MB + 1).unwrap_err();
    assert_eq!(e.to_string(), "a.jpg: image of 5.0 MB is over WhatsApp's limit of 5 MB for images");
    let sticker = FileType { kind: Kind::Sticker, mime: "image/webp".into() };
    assert!(
        check_size(Path::new("s.webp"), &sticker, 600 * 1024).unwrap_err().to_string().contains("500 KB")
    );
    assert_eq!(limit(&FileType { kind: Kind::Audio, mime: String::new() }).0, 16 * MB);
    assert_eq!(limit(&FileType { kind: Kind::Document, mime: String::new() }).0, 100 * MB);
}

#[test]
fn prepare_copies_under_the_hash_and_refuses_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("bouquet.jpg");
    std::fs::write(&src, JPEG).unwrap();
    let media = prepare(&src, &dir.path().join("media")).unwrap();
    assert_eq!((media.kind, media.mime.as_str(), media.size), (Kind::Image, "image/jpeg", JPEG.len() as u64));
    assert_eq!(media.filename, "bouquet.jpg");
    // The hash as coreutils computes it, where it is installed.
    if let Ok(out) = std::process::Command::new("sha256sum").arg(&src).output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(Some(media.sha256.as_str()), text.split_whitespace().next());
    }
    assert_eq!(std::fs::read(&media.path).unwrap(), JPEG);
    assert!(media.path.starts_with(dir.path().join("media/out")));
    // Changing the original afterwards does not touch the copy.
    std::fs::write(&src, b"changed").unwrap();
    assert_eq!(std::fs::read(&media.path).unwrap(), JPEG);

    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(prepare(&empty, dir.path()), Err(AttachError::Empty(_))));
    assert!(matches!(prepare(&dir.path().join("nope"), dir.path()), Err(AttachError::Missing(_))));
    assert!(matches!(prepare(dir.path(), dir.path()), Err(AttachError::NotAFile(_))));
    let big = dir.path().join("big.jpg");
    let mut bytes = JPEG.to_vec();
    bytes.resize(6 * 1024 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let e = prepare(&big, dir.path()).unwrap_err();
    assert!(e.is_bad_input() && e.to_string().contains("limit of 5 MB"), "{e}");
}
