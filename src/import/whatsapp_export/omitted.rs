//! iOS's placeholders for media left out of an export, per language, and the words they end
//! (or, in right-to-left and some other languages, start) with.

use super::chars::split_last_word;
use crate::model::Kind;

/// iOS's placeholders for media left out of the export, with the kind each names. A file name
/// may come before them (`Report.pdf • 2 pages document omitted`).
pub(super) const OMITTED: &[(&str, Kind)] = &[
    ("image omitted", Kind::Image),
    ("video omitted", Kind::Video),
    ("audio omitted", Kind::Audio),
    ("sticker omitted", Kind::Sticker),
    ("document omitted", Kind::Document),
    ("GIF omitted", Kind::Video),
    ("Contact card omitted", Kind::Contacts),
    ("Bild weggelassen", Kind::Image),
    ("Video weggelassen", Kind::Video),
    ("Audio weggelassen", Kind::Audio),
    ("Sticker weggelassen", Kind::Sticker),
    ("Dokument weggelassen", Kind::Document),
    ("GIF weggelassen", Kind::Video),
    ("Kontaktkarte ausgelassen", Kind::Contacts),
    ("imagen omitida", Kind::Image),
    ("video omitido", Kind::Video),
    ("audio omitido", Kind::Audio),
    ("sticker omitido", Kind::Sticker),
    ("documento omitido", Kind::Document),
    ("GIF omitido", Kind::Video),
    ("Tarjeta de contacto omitida", Kind::Contacts),
    ("image absente", Kind::Image),
    ("vidéo absente", Kind::Video),
    ("audio omis", Kind::Audio),
    ("sticker omis", Kind::Sticker),
    ("document omis", Kind::Document),
    ("document manquant", Kind::Document),
    ("GIF retiré", Kind::Video),
    ("Fiche contact manquante", Kind::Contacts),
    ("imagem ocultada", Kind::Image),
    ("imagem não revelada", Kind::Image),
    ("vídeo omitido", Kind::Video),
    ("vídeo não revelado", Kind::Video),
    ("áudio ocultado", Kind::Audio),
    ("figurinha omitida", Kind::Sticker),
    ("sticker não revelado", Kind::Sticker),
    ("documento não revelado", Kind::Document),
    ("GIF não revelada", Kind::Video),
    ("Cartão do contato omitido", Kind::Contacts),
    ("immagine omessa", Kind::Image),
    ("video omesso", Kind::Video),
    ("audio omesso", Kind::Audio),
    ("sticker omesso", Kind::Sticker),
    ("sticker non incluso", Kind::Sticker),
    ("documento omesso", Kind::Document),
    ("GIF omessa", Kind::Video),
    ("GIF esclusa", Kind::Video),
    ("Scheda contatto omessa", Kind::Contacts),
    ("afbeelding weggelaten", Kind::Image),
    ("video weggelaten", Kind::Video),
    ("audio weggelaten", Kind::Audio),
    ("sticker weggelaten", Kind::Sticker),
    ("document weggelaten", Kind::Document),
    ("GIF weggelaten", Kind::Video),
    ("Visitekaartje weggelaten", Kind::Contacts),
    // Russian
    ("изображение отсутствует", Kind::Image),
    ("видео отсутствует", Kind::Video),
    ("аудиофайл отсутствует", Kind::Audio),
    ("аудио отсутствует", Kind::Audio),
    ("стикер отсутствует", Kind::Sticker),
    ("документ отсутствует", Kind::Document),
    ("GIF отсутствует", Kind::Video),
    ("Карточка контакта отсутствует", Kind::Contacts),
    ("изображение пропущено", Kind::Image),
    ("видео пропущено", Kind::Video),
    // Ukrainian
    ("зображення пропущено", Kind::Image),
    ("відео пропущено", Kind::Video),
    ("аудіо пропущено", Kind::Audio),
    ("стікер пропущено", Kind::Sticker),
    ("документ пропущено", Kind::Document),
    ("GIF пропущено", Kind::Video),
    ("картку контакту пропущено", Kind::Contacts),
    ("зображення відсутнє", Kind::Image),
    ("відео відсутнє", Kind::Video),
    // Czech
    ("obrázek vynechán", Kind::Image),
    ("video vynecháno", Kind::Video),
    ("zvuk vynechán", Kind::Audio),
    ("audio vynecháno", Kind::Audio),
    ("nálepka vynechána", Kind::Sticker),
    ("dokument vynechán", Kind::Document),
    ("GIF vynechán", Kind::Video),
    ("kontaktní karta vynechána", Kind::Contacts),
    // Hindi
    ("छवि छोड़ी गई", Kind::Image),
    ("इमेज छोड़ी गई", Kind::Image),
    ("वीडियो छोड़ा गया", Kind::Video),
    ("ऑडियो छोड़ा गया", Kind::Audio),
    ("स्टिकर छोड़ा गया", Kind::Sticker),
    ("दस्तावेज़ छोड़ा गया", Kind::Document),
    ("GIF छोड़ा गया", Kind::Video),
    ("संपर्क कार्ड छोड़ा गया", Kind::Contacts),
    // Japanese
    ("画像を省略しました", Kind::Image),
    ("画像は省略されました", Kind::Image),
    ("動画を省略しました", Kind::Video),
    ("ビデオは省略されました", Kind::Video),
    ("音声を省略しました", Kind::Audio),
    ("オーディオは省略されました", Kind::Audio),
    ("スタンプを省略しました", Kind::Sticker),
    ("スタンプは省略されました", Kind::Sticker),
    ("書類を省略しました", Kind::Document),
    ("書類は省略されました", Kind::Document),
    ("GIFを省略しました", Kind::Video),
    ("連絡先カードを省略しました", Kind::Contacts),
    // Thai
    ("รูปภาพถูกละไว้", Kind::Image),
    ("วิดีโอถูกละไว้", Kind::Video),
    ("เสียงถูกละไว้", Kind::Audio),
    ("สติกเกอร์ถูกละไว้", Kind::Sticker),
    ("เอกสารถูกละไว้", Kind::Document),
    ("GIF ถูกละไว้", Kind::Video),
    // Indonesian
    ("gambar tidak disertakan", Kind::Image),
    ("video tidak disertakan", Kind::Video),
    ("audio tidak disertakan", Kind::Audio),
    ("stiker tidak disertakan", Kind::Sticker),
    ("dokumen tidak disertakan", Kind::Document),
    ("GIF tidak disertakan", Kind::Video),
    ("kartu kontak tidak disertakan", Kind::Contacts),
    // Vietnamese
    ("hình ảnh bị bỏ qua", Kind::Image),
    ("video bị bỏ qua", Kind::Video),
    ("âm thanh bị bỏ qua", Kind::Audio),
    ("nhãn dán bị bỏ qua", Kind::Sticker),
    ("tài liệu bị bỏ qua", Kind::Document),
    ("GIF bị bỏ qua", Kind::Video),
    ("đã bỏ qua hình ảnh", Kind::Image),
    ("đã bỏ qua video", Kind::Video),
    ("đã bỏ qua âm thanh", Kind::Audio),
    ("đã bỏ qua nhãn dán", Kind::Sticker),
    ("đã bỏ qua tài liệu", Kind::Document),
    // Arabic
    ("تم استبعاد الصورة", Kind::Image),
    ("تم استبعاد الفيديو", Kind::Video),
    ("تم استبعاد الصوت", Kind::Audio),
    ("تم استبعاد الملصق", Kind::Sticker),
    ("تم استبعاد المستند", Kind::Document),
    ("تم استبعاد صورة GIF", Kind::Video),
    ("تم استبعاد بطاقة جهة الاتصال", Kind::Contacts),
    ("الصورة محذوفة", Kind::Image),
    ("الفيديو محذوف", Kind::Video),
    ("الصوت محذوف", Kind::Audio),
    ("الملصق محذوف", Kind::Sticker),
    ("المستند محذوف", Kind::Document),
    // Hebrew
    ("התמונה הושמטה", Kind::Image),
    ("הסרטון הושמט", Kind::Video),
    ("השמע הושמט", Kind::Audio),
    ("קובץ השמע הושמט", Kind::Audio),
    ("המדבקה הושמטה", Kind::Sticker),
    ("המסמך הושמט", Kind::Document),
    ("ה-GIF הושמט", Kind::Video),
    ("כרטיס איש הקשר הושמט", Kind::Contacts),
    // European Portuguese
    ("imagem omitida", Kind::Image),
    ("áudio omitido", Kind::Audio),
    ("autocolante omitido", Kind::Sticker),
    ("Cartão de contacto omitido", Kind::Contacts),
];

/// Endings of placeholders in languages written without spaces.
const UNSPACED_ENDINGS: &[&str] =
    &["省略しました", "省略されました", "含まれていません", "ถูกละไว้", "ถูกละเว้น"];

/// Whether `word` is one that some [`OMITTED`] phrase ends (or, in right-to-left and some other
/// languages, starts) with: a filter asked of every message, and the generic rule for
/// placeholders the table lacks (`<Video note omitted>`). A `matches!` compiles to a dispatch on
/// the length: far cheaper than a list.
pub(super) fn is_omission_word(word: &str) -> bool {
    matches!(
        word,
        "omitted"
            | "weggelassen"
            | "ausgelassen"
            | "omitida"
            | "omitido"
            | "absente"
            | "omis"
            | "manquant"
            | "manquante"
            | "retiré"
            | "ocultada"
            | "ocultado"
            | "revelada"
            | "revelado"
            | "omessa"
            | "omesso"
            | "omessi"
            | "incluso"
            | "esclusa"
            | "weggelaten"
            | "ausgeschlossen"
            | "omitidos"
            | "oculta"
            | "отсутствует"
            | "пропущено"
            | "пропущен"
            | "пропущена"
            | "відсутнє"
            | "vynechán"
            | "vynechána"
            | "vynecháno"
            | "vynechány"
            | "गई"
            | "गया"
            | "disertakan"
            | "qua"
            | "đã"
            | "استبعاد"
            | "محذوفة"
            | "محذوف"
            | "הושמט"
            | "הושמטה"
            | "נכללה"
            | "медиафайлов"
            | "медіафайлів"
            | "dahil"
    )
}

/// Whether a line ends or starts like a placeholder of some language (a filter: the table
/// decides).
pub(super) fn may_be_omitted(line: &str) -> bool {
    let (_, last) = split_last_word(line);
    if is_omission_word(last) {
        return true;
    }
    // The phrases whose omission word comes first (Arabic, Vietnamese) start with a non-ASCII
    // letter, those written without spaces (Japanese, Thai) end with one: one byte each decides
    // for nearly every message.
    let bytes = line.as_bytes();
    if bytes.first().is_none_or(|&b| b < 0x80) && bytes.last().is_none_or(|&b| b < 0x80) {
        return false;
    }
    let word_end = |from: usize| {
        line.as_bytes()
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b' '))
            .map_or(line.len(), |i| from + i)
    };
    let first_end = word_end(0);
    let second = line.get(first_end + 1..word_end(first_end + 1)).unwrap_or("");
    is_omission_word(line.get(..first_end).unwrap_or(""))
        || is_omission_word(second)
        || UNSPACED_ENDINGS.iter().any(|e| line.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_omitted_phrase_passes_the_filter() {
        for (phrase, _) in OMITTED {
            assert!(may_be_omitted(phrase), "{phrase}");
        }
    }
}
