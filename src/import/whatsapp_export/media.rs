//! Media in exports: Android's `<Media omitted>` and `IMG-….jpg (file attached)`, iOS's
//! `image omitted` (once `<image omitted>`) and `<attached: 00000012-PHOTO-….jpg>`, in their
//! translations.

use super::chars::{is_mark, is_space, split_last_word, trim_marks};
use super::omitted::{OMITTED, is_omission_word, may_be_omitted};
use super::phrases::{FILE_ATTACHED, MEDIA_OMITTED};
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
        // Placeholders the tables lack (`<Video note omitted>`, `<Média vynechány>`): a short
        // text ending in an omission word of some language.
        let (_, last) = split_last_word(inner);
        if inner.chars().count() <= 60 && !inner.contains('<') && is_omission_word(trim_marks(last)) {
            return Some(Media { kind: kind_of_words(inner), attachment: None, omitted: true });
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
    // A note the table lacks (`Alex.vcf (soubor byl přiložen)`) still marks an attachment when
    // the name has an extension phones give their files.
    let known = FILE_ATTACHED.contains(inner)
        || (inner.split(' ').count() <= 4
            && !inner.contains(['(', ')', ',', '.'])
            && !inner.bytes().any(|b| b.is_ascii_digit())
            && has_known_extension(name));
    (known && looks_like_file(name)).then(|| Media {
        kind: kind_of_file(name),
        attachment: Some(name.to_string()),
        omitted: false,
    })
}

/// `image omitted`, `Bild weggelassen`, `Report.pdf • 2 pages document omitted`.
fn omitted(line: &str) -> Option<Media> {
    if !may_be_omitted(line) {
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
        let before = trim_marks(before);
        let named = trim_marks(before.split('•').next().unwrap_or(""));
        let attachment = match named {
            "" => None,
            name if looks_like_file(name) => Some(name.to_string()),
            // A document without an extension: `Untitled • 9 pages document omitted`.
            _ if before.contains('•') => None,
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

/// The kind a placeholder's words name (`<View once voice message omitted>` is audio); a
/// document when they name none.
fn kind_of_words(text: &str) -> Kind {
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["voice", "audio", "sprach", "голос", "аудио"]) {
        Kind::Audio
    } else if has(&["video", "видео", "відео"]) {
        Kind::Video
    } else if has(&["image", "photo", "bild", "foto", "изображ"]) {
        Kind::Image
    } else if has(&["sticker", "стикер"]) {
        Kind::Sticker
    } else {
        Kind::Document
    }
}

const OTHER_EXT: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "zip", "rar", "apk", "vcf", "webp",
    "odt",
];

/// Whether the name ends in an extension of a file phones attach.
fn has_known_extension(name: &str) -> bool {
    let Some((_, ext)) = name.rsplit_once('.') else {
        return false;
    };
    [IMAGE_EXT, VIDEO_EXT, AUDIO_EXT, OTHER_EXT]
        .iter()
        .any(|list| list.iter().any(|e| e.eq_ignore_ascii_case(ext)))
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
    fn placeholders_the_tables_lack_are_media_by_rule() {
        assert_eq!(media("<Média vynechány>"), Some((Kind::Document, None, true)));
        assert_eq!(media("<View once voice message omitted>"), Some((Kind::Audio, None, true)));
        assert_eq!(media("<Video note omitted>"), Some((Kind::Video, None, true)));
        assert_eq!(
            media("Alex.vcf (soubor byl přiložen)"),
            Some((Kind::Contacts, Some("Alex.vcf".into()), false))
        );
        assert_eq!(
            media("\u{200E}Untitled • \u{200E}9 pages \u{200E}document omitted"),
            Some((Kind::Document, None, true))
        );
        assert_eq!(media("\u{200E}изображение отсутствует"), Some((Kind::Image, None, true)));
        assert_eq!(media("画像を省略しました"), Some((Kind::Image, None, true)));
        assert_eq!(media("تم استبعاد الصورة"), Some((Kind::Image, None, true)));
        assert_eq!(media("gambar tidak disertakan"), Some((Kind::Image, None, true)));
        assert_eq!(media("autocolante omitido"), Some((Kind::Sticker, None, true)));
    }

    #[test]
    fn ordinary_text_is_not_media() {
        for line in [
            "I think the image omitted",
            "see <b>",
            "call me (file attached)",
            "hello",
            "<3",
            "notes.pdf (see page 2, the second paragraph)",
            "<I think they omitted it on purpose but who knows really, it was a long long meeting and nobody omitted>",
        ] {
            assert_eq!(media(line), None, "{line}");
        }
    }
}
