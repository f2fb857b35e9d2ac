//! The fixed texts WhatsApp writes into exports, in English, German, Spanish, French,
//! Portuguese, Italian and Dutch, Russian, Ukrainian, Czech, Hindi, Japanese, Thai, Indonesian,
//! Vietnamese, Arabic and Hebrew (and a few more). Compared ignoring ASCII case. iOS's media
//! placeholders are in `omitted.rs`.

/// Android's placeholder for media left out of the export, without its `<` `>`.
pub(super) const MEDIA_OMITTED: Phrases = Phrases::new(&[
    "Media omitted",
    "Medien ausgeschlossen",
    "Medien weggelassen",
    "Multimedia omitido",
    "Archivo omitido",
    "Médias omis",
    "Fichier omis",
    "Mídia oculta",
    "Mídia omitida",
    "Arquivo de mídia oculto",
    "Ficheiro não revelado",
    "Media omessi",
    "Media omesso",
    "Media weggelaten",
    "Без медиафайлов",
    "Medya dahil edilmedi",
    "Media tidak disertakan",
    "تم استبعاد الوسائط",
    "Média vynechána",
    "Média vynechány",
    "Медіафайли пропущено",
    "Без медіафайлів",
    "मीडिया के बिना",
    "मीडिया छोड़ा गया",
    "メディアなし",
    "メディアは含まれていません",
    "ไม่รวมสื่อ",
    "สื่อถูกละไว้",
    "Tập tin phương tiện bị bỏ qua",
    "Media bị bỏ qua",
    "המדיה לא נכללה",
    "מדיה הושמטה",
    "Multimédia omitido",
    "Ficheiro multimédia omitido",
]);

/// Android's note after an attached file's name, without its parentheses.
pub(super) const FILE_ATTACHED: Phrases = Phrases::new(&[
    "file attached",
    "Datei angehängt",
    "archivo adjunto",
    "archivo adjuntado",
    "fichier joint",
    "arquivo anexado",
    "ficheiro anexado",
    "file allegato",
    "bestand bijgevoegd",
    "файл добавлен",
    "dosya ekli",
    "file terlampir",
    "الملف مرفق",
    "soubor byl přiložen",
    "soubor připojen",
    "файл прикреплен",
    "файл додано",
    "फ़ाइल संलग्न है",
    "ファイル添付",
    "ไฟล์แนบ",
    "tệp đính kèm",
    "קובץ מצורף",
]);

/// A deleted message's whole text, without a final full stop.
pub(super) const DELETED: Phrases = Phrases::new(&[
    "This message was deleted",
    "You deleted this message",
    "This message was deleted by an admin",
    "You deleted this message as admin",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Este mensaje fue eliminado",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Esta mensagem foi apagada",
    "Você apagou esta mensagem",
    "Apagou esta mensagem",
    "Mensagem apagada",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Dit bericht is verwijderd",
    "U hebt dit bericht verwijderd",
    "Данное сообщение удалено",
    "Вы удалили данное сообщение",
    "Bu mesaj silindi",
    "Bu mesajı sildiniz",
    "Pesan ini dihapus",
    "Anda menghapus pesan ini",
    "Pesan ini telah dihapus",
    "Это сообщение удалено",
    "Вы удалили это сообщение",
    "Це повідомлення видалено",
    "Ви видалили це повідомлення",
    "Tato zpráva byla smazána",
    "Tuto zprávu jste smazali",
    "Smazali jste tuto zprávu",
    "यह संदेश हटा दिया गया था",
    "यह संदेश हटाया गया",
    "आपने यह संदेश हटा दिया",
    "आपने यह संदेश हटाया",
    "このメッセージは削除されました",
    "メッセージを削除しました",
    "このメッセージを削除しました",
    "ข้อความนี้ถูกลบแล้ว",
    "คุณลบข้อความนี้แล้ว",
    "Tin nhắn này đã bị xóa",
    "Tin nhắn này đã bị thu hồi",
    "Bạn đã xóa tin nhắn này",
    "تم حذف هذه الرسالة",
    "لقد حذفت هذه الرسالة",
    "حذفت هذه الرسالة",
    "ההודעה נמחקה",
    "הודעה זו נמחקה",
    "מחקת את ההודעה הזו",
    "מחקת הודעה זו",
    "Esta mensagem foi eliminada",
    "Eliminou esta mensagem",
]);

/// The note appended to an edited message, without its `<` `>` and final full stop.
pub(super) const EDITED: Phrases = Phrases::new(&[
    "This message was edited",
    "Diese Nachricht wurde bearbeitet",
    "Se editó este mensaje",
    "Ce message a été modifié",
    "Esta mensagem foi editada",
    "Questo messaggio è stato modificato",
    "Dit bericht is bewerkt",
]);

/// Starts of system texts written with an author (iOS puts the chat's name there).
pub(super) const SYSTEM_WITH_AUTHOR: Prefixes = Prefixes::new(&[
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured with end-to-end encryption",
    "Messages you send to this chat and calls are now secured with end-to-end encryption",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
    "Los mensajes y las llamadas están cifrados de extremo a extremo",
    "Les messages et les appels sont chiffrés de bout en bout",
    "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "As mensagens e chamadas são encriptadas ponto a ponto",
    "I messaggi e le chiamate sono crittografati end-to-end",
    "Berichten en gesprekken worden end-to-end versleuteld",
    "Your security code with ",
    "Deine Sicherheitsnummer für ",
    "Cambió tu código de seguridad con ",
    "Votre code de sécurité avec ",
    "Seu código de segurança com ",
    "Il tuo codice di sicurezza con ",
    "Missed voice call",
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Verpasster Sprachanruf",
    "Verpasster Videoanruf",
    "Llamada de voz perdida",
    "Videollamada perdida",
    "Appel vocal manqué",
    "Appel vidéo manqué",
    "Chamada de voz perdida",
    "Chamada de vídeo perdida",
    "Chiamata vocale persa",
    "Videochiamata persa",
    "Waiting for this message",
    "You were added",
    "You're now an admin",
    "You joined using this group's invite link",
]);

/// The first line of a poll.
pub(super) const POLL: Phrases = Phrases::new(&[
    "POLL:",
    "UMFRAGE:",
    "ENCUESTA:",
    "SONDAGE :",
    "SONDAGE:",
    "ENQUETE:",
    "SONDAGGIO:",
    "PEILING:",
]);

/// A live location's whole text.
pub(super) const LIVE_LOCATION: Phrases = Phrases::new(&[
    "live location shared",
    "Live-Standort wird geteilt",
    "ubicación en tiempo real compartida",
    "Localisation en direct partagée",
    "localização atual compartilhada",
    "posizione attuale condivisa",
    "live locatie gedeeld",
]);

/// Links that make a message a shared location (`location: https://maps.google.com/?q=…`).
pub(super) const LOCATION_LINKS: Prefixes = Prefixes::new(&[
    "https://maps.google.com/",
    "http://maps.google.com/",
    "https://www.google.com/maps",
    "https://maps.apple.com/",
    "https://foursquare.com/",
]);

/// A set of fixed texts, compared ignoring ASCII case. Checked against nearly every message,
/// so a 256-bit filter over (length, first byte) rejects almost all texts without comparing.
pub(super) struct Phrases {
    list: &'static [&'static str],
    filter: [u64; 4],
}

/// The filter bit of a text of `len` bytes starting with `first`.
const fn slot(len: usize, first: u8) -> usize {
    (len.wrapping_mul(31) ^ (first.to_ascii_lowercase() as usize).wrapping_mul(7)) & 255
}

impl Phrases {
    /// Panics at compile time on an empty phrase.
    pub(super) const fn new(list: &'static [&'static str]) -> Self {
        let mut filter = [0u64; 4];
        let mut i = 0;
        while i < list.len() {
            let s = slot(list[i].len(), list[i].as_bytes()[0]);
            filter[s / 64] |= 1 << (s % 64);
            i += 1;
        }
        Phrases { list, filter }
    }

    /// Whether `text` is one of the phrases, ignoring ASCII case.
    pub(super) fn contains(&self, text: &str) -> bool {
        let Some(&first) = text.as_bytes().first() else {
            return false;
        };
        let s = slot(text.len(), first);
        let maybe = self.filter.get(s / 64).is_some_and(|w| w & (1 << (s % 64)) != 0);
        maybe && self.list.iter().any(|p| p.len() == text.len() && p.eq_ignore_ascii_case(text))
    }
}

/// A set of fixed starts of texts, compared case-sensitively. A 256-bit filter over the first
/// two bytes rejects almost every text without comparing.
pub(super) struct Prefixes {
    list: &'static [&'static str],
    filter: [u64; 4],
}

/// The filter bit of a text starting with `a`, `b`.
const fn pair_slot(a: u8, b: u8) -> usize {
    ((a as usize).wrapping_mul(31) ^ (b as usize).wrapping_mul(7)) & 255
}

impl Prefixes {
    /// Panics at compile time on a prefix shorter than two bytes.
    pub(super) const fn new(list: &'static [&'static str]) -> Self {
        let mut filter = [0u64; 4];
        let mut i = 0;
        while i < list.len() {
            let bytes = list[i].as_bytes();
            let s = pair_slot(bytes[0], bytes[1]);
            filter[s / 64] |= 1 << (s % 64);
            i += 1;
        }
        Prefixes { list, filter }
    }

    /// Whether `text` starts with one of the prefixes.
    pub(super) fn starts(&self, text: &str) -> bool {
        let [a, b, ..] = *text.as_bytes() else {
            return false;
        };
        let s = pair_slot(a, b);
        let maybe = self.filter.get(s / 64).is_some_and(|w| w & (1 << (s % 64)) != 0);
        maybe && self.list.iter().any(|p| text.starts_with(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_ignoring_ascii_case_only() {
        assert!(DELETED.contains("this MESSAGE was deleted"));
        assert!(!DELETED.contains("This message was deleted!"));
        assert!(!DELETED.contains(""));
    }

    #[test]
    fn the_filter_never_hides_a_phrase() {
        for set in [&MEDIA_OMITTED, &FILE_ATTACHED, &DELETED, &EDITED, &POLL, &LIVE_LOCATION] {
            for phrase in set.list {
                assert!(set.contains(phrase), "{phrase}");
                assert!(set.contains(&phrase.to_ascii_uppercase()), "{phrase}");
            }
        }
    }
}
