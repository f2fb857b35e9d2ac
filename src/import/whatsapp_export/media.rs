//! Media in exports: Android's `<Media omitted>` and `IMG-….jpg (file attached)`, iOS's
//! `image omitted` (once `<image omitted>`) and `<attached: 00000012-PHOTO-….jpg>`, in their
//! translations.

use super::chars::{is_mark, is_space, split_last_word, trim_marks};
use super::phrases::{FILE_ATTACHED, MEDIA_OMITTED, OMITTED, is_omission_word};
use crate::model::Kind;

/// A media message's first line, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Media {
    pub kind: Kind,
    /// The file name, when the export names one.
    pub attachment: Option<String>,
    /// The file was left out of the export (`<Media omitted>`, `image omitted`).
    pub omitted: bool,
}

/// The media a message's first line announces, if it announces one.
pub(super) fn detect(first_line: &str) -> Option<Media> {
    let line = trim_marks(first_line);
    if line.ends_with('>') {
        if let Some(media) = angled(line) {
            return Some(media);
        }
    }
    if line.ends_with(')') {
        if let Some(media) = file_attached(line) {
            return Some(media);
        }
    }
    omitted(line)
}

/// `<Media omitted>`, `<attached: 00000012-PHOTO-….jpg>`, `Report.pdf • 2 pages <attached: …>`.
fn angled(line: &str) -> Option<Media> {
    let open = line.rfind('<')?;
    let prefix = trim_marks(line.get(..open)?);
    let inner = trim_marks(line.get(open + 1..line.len() - 1)?);
    if prefix.is_empty() {
        if MEDIA_OMITTED.contains(inner) {
            return Some(Media { kind: Kind::Document, attachment: None, omitted: true });
        }
        // Older iOS exports wrote `<image omitted>`.
        if let Some(media) = omitted(inner) {
            return Some(media);
        }
    }
    let (label, name) = inner.split_once(':')?;
    let name = trim_marks(name);
    (label.chars().count() <= 30 && looks_like_file(name)).then(|| Media {
        kind: kind_of_file(name),
        attachment: Some(name.to_string()),
        omitted: false,
    })
}

/// `IMG-20240101-WA0001.jpg (file attached)`.
fn file_attached(line: &str) -> Option<Media> {
    let open = line.rfind('(')?;
    let inner = trim_marks(line.get(open + 1..line.len() - 1)?);
    let name = trim_marks(line.get(..open)?);
    (FILE_ATTACHED.contains(inner) && looks_like_file(name)).then(|| Media {
        kind: kind_of_file(name),
        attachment: Some(name.to_string()),
        omitted: false,
    })
}

/// `image omitted`, `Bild weggelassen`, `Report.pdf • 2 pages document omitted`.
fn omitted(line: &str) -> Option<Media> {
    let (_, last_word) = split_last_word(line);
    if !is_omission_word(trim_marks(last_word)) {
        return None;
    }
    OMITTED.iter().find_map(|&(phrase, kind)| {
        let start = line.len().checked_sub(phrase.len())?;
        let tail = line.get(start..)?;
        let before = line.get(..start)?;
        let word_start = before.chars().next_back().is_none_or(|c| is_space(c) || is_mark(c));
        if !(word_start && tail.eq_ignore_ascii_case(phrase)) {
            return None;
        }
        // iOS puts the document's name and page count before the phrase.
        let named = trim_marks(trim_marks(before).split('•').next().unwrap_or(""));
        let attachment = match named {
            "" => None,
            name if looks_like_file(name) => Some(name.to_string()),
            _ => return None,
        };
        Some(Media { kind, attachment, omitted: true })
    })
}

/// A name ending in a short extension, like `00000012-PHOTO-2024-01-02-10-11-12.jpg`.
pub(super) fn looks_like_file(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && name.len() <= 255
        && !name.contains(['\n', '<', '>'])
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

const IMAGE_EXT: &[&str] = &["jpg", "jpeg", "png", "heic", "heif", "gif", "bmp"];
const VIDEO_EXT: &[&str] = &["mp4", "mov", "3gp", "mkv", "avi", "webm", "m4v"];
const AUDIO_EXT: &[&str] = &["opus", "ogg", "oga", "m4a", "mp3", "aac", "amr", "wav"];

/// The kind of message a file makes: from iOS's `-PHOTO-` style tags, else its extension.
pub(super) fn kind_of_file(name: &str) -> Kind {
    const TAGS: &[(&str, Kind)] = &[
        ("-PHOTO-", Kind::Image),
        ("-VIDEO-", Kind::Video),
        ("-AUDIO-", Kind::Audio),
        ("-STICKER-", Kind::Sticker),
        ("-GIF-", Kind::Video),
    ];
    if let Some(&(_, kind)) = TAGS.iter().find(|(tag, _)| name.contains(tag)) {
        return kind;
    }
    let ext = name.rsplit('.').next().unwrap_or("");
    let is = |list: &[&str]| list.iter().any(|e| e.eq_ignore_ascii_case(ext));
    if is(IMAGE_EXT) {
        Kind::Image
    } else if is(VIDEO_EXT) {
        Kind::Video
    } else if is(AUDIO_EXT) {
        Kind::Audio
    } else if ext.eq_ignore_ascii_case("webp") {
        Kind::Sticker
    } else if ext.eq_ignore_ascii_case("vcf") {
        Kind::Contacts
    } else {
        Kind::Document
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(line: &str) -> Option<(Kind, Option<String>, bool)> {
        detect(line).map(|m| (m.kind, m.attachment, m.omitted))
    }

    #[test]
    fn android_media_omitted_in_translations_is_untyped_omitted_media() {
        for line in [
            "<Media omitted>",
            "<Medien ausgeschlossen>",
            "<Multimedia omitido>",
            "<Médias omis>",
            "<Mídia oculta>",
            "<Media omessi>",
        ] {
            assert_eq!(media(line), Some((Kind::Document, None, true)), "{line}");
        }
    }

    #[test]
    fn ios_omitted_media_names_its_kind_and_sometimes_its_file() {
        assert_eq!(media("\u{200E}image omitted"), Some((Kind::Image, None, true)));
        assert_eq!(media("imagen omitida"), Some((Kind::Image, None, true)));
        assert_eq!(media("Bild weggelassen"), Some((Kind::Image, None, true)));
        assert_eq!(media("sticker omitted"), Some((Kind::Sticker, None, true)));
        assert_eq!(media("GIF omitted"), Some((Kind::Video, None, true)));
        assert_eq!(media("<image omitted>"), Some((Kind::Image, None, true)));
        assert_eq!(media("Contact card omitted"), Some((Kind::Contacts, None, true)));
        assert_eq!(
            media("Resume.pdf • 2 pages \u{200E}document omitted"),
            Some((Kind::Document, Some("Resume.pdf".into()), true))
        );
    }

    #[test]
    fn attached_files_keep_their_names_and_kinds() {
        assert_eq!(
            media("\u{200E}<attached: 00000012-PHOTO-2024-01-02-10-11-12.jpg>"),
            Some((Kind::Image, Some("00000012-PHOTO-2024-01-02-10-11-12.jpg".into()), false))
        );
        assert_eq!(
            media("Some file.txt <attached: 00000046-Some file.txt>"),
            Some((Kind::Document, Some("00000046-Some file.txt".into()), false))
        );
        assert_eq!(
            media("IMG-20240101-WA0001.jpg (file attached)"),
            Some((Kind::Image, Some("IMG-20240101-WA0001.jpg".into()), false))
        );
        assert_eq!(
            media("PTT-20240101-WA0002.opus (Datei angehängt)"),
            Some((Kind::Audio, Some("PTT-20240101-WA0002.opus".into()), false))
        );
        assert_eq!(media("STK-20240101-WA0003.webp (file attached)").map(|m| m.0), Some(Kind::Sticker));
        assert_eq!(media("<attached: 00000042-Ana.vcf>").map(|m| m.0), Some(Kind::Contacts));
    }

    #[test]
    fn ordinary_text_is_not_media() {
        for line in ["I think the image omitted", "see <b>", "call me (file attached)", "hello", "<3"] {
            assert_eq!(media(line), None, "{line}");
        }
    }
}
