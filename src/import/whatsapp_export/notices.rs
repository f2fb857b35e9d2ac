//! WhatsApp's own notices: which texts are notices at all (iOS writes them with the chat's name
//! as author, after a U+200E mark), which of them only a group chat has, and calls.
//!
//! A marked iOS line is a notice only when it matches one of these; anything else keeps its
//! author (media and "deleted" placeholders in languages the tables lack are still the
//! author's messages).

use serde::Serialize;

use super::chars::{is_mark, trim_marks};
use super::phrases::SYSTEM_WITH_AUTHOR;

/// Texts that only a group chat's notices contain, in the languages the tables know. Each is
/// matched anywhere in a notice; a leading `^` anchors it at the start, a trailing `$` at the
/// end.
const GROUP: &[&str] = &[
    // English
    " created group ",
    " created this group",
    "^You created group ",
    " added ",
    " removed ",
    " left$",
    " changed the subject ",
    " changed the group name",
    " changed this group's icon",
    " deleted this group's icon",
    " changed the group description",
    " changed this group's settings",
    " joined using this group's invite link",
    "^You were added",
    "^You're now an admin",
    "^You joined using this group",
    "^Messages to this group are now secured",
    "^Messages and calls in this group",
    " is no longer an admin",
    " now an admin$",
    // German
    " hat die Gruppe ",
    " hat dich hinzugefügt",
    " hinzugefügt$",
    " entfernt$",
    " hat die Gruppe verlassen",
    " hat den Betreff ",
    " hat das Gruppenbild ",
    " hat die Gruppenbeschreibung ",
    "^Du wurdest hinzugefügt",
    "^Nachrichten in dieser Gruppe",
    // Spanish
    " creó el grupo",
    " creó este grupo",
    " añadió a ",
    " agregó a ",
    " eliminó a ",
    " salió del grupo",
    " salió$",
    " cambió el asunto",
    " cambió el nombre del grupo",
    " cambió el ícono de este grupo",
    " cambió el icono de este grupo",
    " cambió la descripción del grupo",
    " se unió usando el enlace de invitación",
    "^Te añadió ",
    "^Te agregó ",
    "^Los mensajes de este grupo",
    "^Los mensajes en este grupo",
    // French
    " a créé le groupe",
    " a créé ce groupe",
    " a ajouté ",
    " a retiré ",
    " est parti$",
    " est partie$",
    " a quitté le groupe",
    " a modifié le sujet",
    " a changé le sujet",
    " a changé l'icône de ce groupe",
    " a modifié l'icône de ce groupe",
    " a modifié la description du groupe",
    " a rejoint ce groupe",
    "^Vous avez été ajouté",
    "^Les messages envoyés dans ce groupe",
    // Portuguese
    " criou o grupo",
    " criou este grupo",
    " adicionou ",
    " removeu ",
    " saiu$",
    " mudou o assunto",
    " alterou o assunto",
    " mudou o nome do grupo",
    " mudou a imagem deste grupo",
    " alterou a imagem deste grupo",
    " mudou a descrição do grupo",
    " alterou a descrição do grupo",
    " entrou usando o link de convite",
    "^Você foi adicionado",
    "^Foi adicionado",
    "^As mensagens deste grupo",
    // Italian
    " ha creato il gruppo",
    " ha creato questo gruppo",
    " ha aggiunto ",
    " ha rimosso ",
    " è uscito$",
    " è uscita$",
    " ha abbandonato",
    " ha cambiato l'oggetto",
    " ha modificato l'oggetto",
    " ha cambiato l'immagine di questo gruppo",
    " ha cambiato la descrizione del gruppo",
    "^Sei stato aggiunto",
    "^I messaggi inviati a questo gruppo",
    // Dutch
    " heeft groep ",
    " heeft de groep ",
    " heeft deze groep aangemaakt",
    " toegevoegd$",
    " verwijderd$",
    " heeft de groep verlaten",
    " is vertrokken",
    " heeft het onderwerp ",
    " wijzigde het onderwerp",
    " heeft de groepsafbeelding ",
    " heeft de groepsbeschrijving ",
    "^Je bent toegevoegd",
    // Russian and Ukrainian
    " создал(-а) группу",
    " создал группу",
    " создала группу",
    " добавил(-а) ",
    " добавил ",
    " добавила ",
    " удалил(-а) ",
    " вышел(-а)",
    " вышел$",
    " вышла$",
    " изменил(-а) тему",
    " изменил(-а) название группы",
    " изменил(-а) изображение этой группы",
    " изменил(-а) описание группы",
    "^Вас добавили",
    " створив(-ла) групу",
    " додав(-ла) ",
    " видалив(-ла) ",
    " вийшов(-ла)",
    " змінив(-ла) тему",
    // Turkish
    " grubunu oluşturdu",
    " grubu oluşturdu",
    " ekledi$",
    " çıkardı$",
    " ayrıldı$",
    " konuyu ",
    " grup simgesini ",
    " grup açıklamasını ",
    // Indonesian
    " membuat grup ",
    " menambahkan ",
    " mengeluarkan ",
    " keluar$",
    " mengubah subjek ",
    " mengubah nama grup",
    " mengubah ikon grup ini",
    " mengubah deskripsi grup",
    "^Anda ditambahkan",
    // Czech
    " vytvořil(a) skupinu",
    " přidal(a) ",
    " odebral(a) ",
    " opustil(a) skupinu",
    " změnil(a) předmět",
    // Vietnamese
    " đã tạo nhóm",
    " đã thêm ",
    " đã xóa ",
    " đã rời khỏi nhóm",
    " đã rời$",
    " đã đổi chủ đề",
    // Arabic and Hebrew
    " أنشأ المجموعة",
    " أنشأ مجموعة",
    " أضاف ",
    " أزال ",
    " غادر",
    " غيّر الموضوع",
    " יצר/ה את הקבוצה",
    " יצר את הקבוצה",
    " הוסיף/ה ",
    " הסיר/ה ",
    " יצא/ה",
    // Hindi
    " ने समूह बनाया",
    " ने जोड़ा",
    " ने हटाया",
    " ने समूह छोड़ दिया",
    " समूह छोड़ दिया",
    // Japanese, Chinese, Thai
    "がグループ",
    "を追加しました",
    "を削除しました",
    "が退出しました",
    "创建了群组",
    "添加了",
    "已退出",
    "สร้างกลุ่ม",
    "เพิ่ม ",
    "ออกจากกลุ่ม",
];

/// Other notices WhatsApp writes into a one-to-one chat, matched at the start.
const OTHER: &[&str] = &[
    "Your security code with ",
    "You blocked this contact",
    "You unblocked this contact",
    "This chat is with a business account",
    "This business ",
    "This chat is now ",
    "changed their phone number",
    "turned on disappearing messages",
    "turned off disappearing messages",
    "You turned on disappearing messages",
    "You turned off disappearing messages",
    "Waiting for this message",
    "Tap to ",
];

/// Whether a (single-line) text is one of WhatsApp's notices in some language.
pub(super) fn is_notice(text: &str) -> bool {
    SYSTEM_WITH_AUTHOR.starts(text) || is_group_notice(text) || OTHER.iter().any(|p| text.contains(p))
}

/// Whether a notice is one that only a group chat has.
pub fn is_group_notice(text: &str) -> bool {
    let text = trim_marks(text.lines().next().unwrap_or(""));
    // Names may carry marks (`‎Ana added ‎+49 151…`): compare without them.
    let owned;
    let text = if text.chars().any(is_mark) {
        owned = text.chars().filter(|&c| !is_mark(c)).collect::<String>();
        owned.as_str()
    } else {
        text
    };
    GROUP.iter().any(|p| {
        let (start, p) = p.strip_prefix('^').map_or((false, *p), |p| (true, p));
        let (end, p) = p.strip_suffix('$').map_or((false, p), |p| (true, p));
        match (start, end) {
            (true, _) => text.starts_with(p),
            (_, true) => text.ends_with(p),
            _ => text.contains(p),
        }
    })
}

/// A call, as WhatsApp notes it in the chat: `Missed voice call`, `Voice call, 3 min`,
/// `Llamada perdida`. The message's author is who called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Call {
    pub video: bool,
    pub missed: bool,
    /// The length written after a call that was answered (`3 min` is 180).
    pub seconds: Option<u32>,
}

/// Call phrases: (start of the text, video, missed). Longest first where one starts another.
const CALLS: &[(&str, bool, bool)] = &[
    ("Missed group voice call", false, true),
    ("Missed group video call", true, true),
    ("Missed voice call", false, true),
    ("Missed video call", true, true),
    ("Group voice call", false, false),
    ("Group video call", true, false),
    ("Voice call", false, false),
    ("Video call", true, false),
    ("Verpasster Sprachanruf", false, true),
    ("Verpasster Videoanruf", true, true),
    ("Sprachanruf", false, false),
    ("Videoanruf", true, false),
    ("Llamada de voz perdida", false, true),
    ("Videollamada perdida", true, true),
    ("Llamada perdida", false, true),
    ("Llamada de voz", false, false),
    ("Videollamada", true, false),
    ("Appel vocal manqué", false, true),
    ("Appel vidéo manqué", true, true),
    ("Appel vocal", false, false),
    ("Appel vidéo", true, false),
    ("Chamada de voz perdida", false, true),
    ("Chamada de vídeo perdida", true, true),
    ("Chamada perdida", false, true),
    ("Chamada de voz", false, false),
    ("Chamada de vídeo", true, false),
    ("Chiamata vocale persa", false, true),
    ("Videochiamata persa", true, true),
    ("Chiamata vocale", false, false),
    ("Videochiamata", true, false),
    ("Gemiste spraakoproep", false, true),
    ("Gemiste video-oproep", true, true),
    ("Spraakoproep", false, false),
    ("Video-oproep", true, false),
    ("Пропущенный аудиозвонок", false, true),
    ("Пропущенный видеозвонок", true, true),
    ("Аудиозвонок", false, false),
    ("Видеозвонок", true, false),
    ("Cevapsız sesli arama", false, true),
    ("Cevapsız görüntülü arama", true, true),
    ("Panggilan suara tak terjawab", false, true),
    ("Panggilan video tak terjawab", true, true),
    ("Panggilan suara", false, false),
    ("Panggilan video", true, false),
];

/// The call a one-line text notes, if it is a call notice.
pub(super) fn call(text: &str) -> Option<Call> {
    let first = *text.as_bytes().first()?;
    // Every call phrase starts with a capital letter or a Cyrillic one.
    if !(first.is_ascii_uppercase() || first >= 0x80) || text.len() > 80 {
        return None;
    }
    let &(phrase, video, missed) = CALLS.iter().find(|(p, _, _)| {
        text.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
            && text
                .get(p.len()..)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([',', ' ', '\u{200E}']))
    })?;
    let rest: String = text.get(phrase.len()..)?.chars().filter(|&c| !is_mark(c)).collect();
    let rest = rest.trim_start_matches([',', ' ']);
    // After the phrase comes a duration, "No answer", "Tap to call back" or nothing; a longer
    // text is someone's message that starts with the words.
    if rest.split_whitespace().count() > 6 {
        return None;
    }
    Some(Call { video, missed, seconds: duration(rest) })
}

/// `3 min`, `1 hr 5 min`, `45 sec`, `3 Min.`, `12 мин`: seconds, or `None` when no number is
/// written.
fn duration(text: &str) -> Option<u32> {
    let mut total: Option<u32> = None;
    let mut words = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u32>() else { continue };
        // The unit is the rest of the word (`3min`) or the next word.
        let unit_inline = word.get(digits.len()..).unwrap_or("");
        let unit = if unit_inline.is_empty() { words.next().unwrap_or("") } else { unit_inline };
        let unit = unit.trim_end_matches('.').to_lowercase();
        let scale = match unit.as_str() {
            u if u.starts_with('h') || u.starts_with("std") || u.starts_with('ч') || u == "jam" => 3600,
            u if u.starts_with("mi") || u.starts_with("мин") || u.starts_with("dk") => 60,
            _ => 1,
        };
        total = Some(total.unwrap_or(0).saturating_add(n.saturating_mul(scale)));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_notices_are_told_in_many_languages() {
        for text in [
            "Ana added Ben",
            "‎Ana added ‎+49 151 2345678",
            "Ben left",
            "Dmitry created group \"Shop: regulars\"",
            "Ana changed the subject from \"A: b\" to \"C\"",
            "Messages to this group are now secured with end-to-end encryption.",
            "Ana hat Ben hinzugefügt",
            "Ana añadió a Ben",
            "Ana a ajouté Ben",
            "Ana adicionou Ben",
            "Ana ha aggiunto Ben",
            "Ana heeft Ben toegevoegd",
            "Анна добавил(-а) Бена",
            "You were added",
        ] {
            assert!(is_group_notice(text), "{text}");
            assert!(is_notice(text), "{text}");
        }
        for text in [
            "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
            "Your security code with Ana changed. Tap to learn more.",
            "Ana changed their phone number to a new number.",
            "I left the keys at the shop",
            "the left one",
        ] {
            assert!(!is_group_notice(text), "{text}");
        }
    }

    #[test]
    fn typed_text_is_not_a_notice() {
        for text in ["name@example.org", "+49 151 2345678", "изображение отсутствует", "hello"]
        {
            assert!(!is_notice(text), "{text}");
        }
    }

    #[test]
    fn calls_are_read_with_kind_outcome_and_length() {
        let voice = |missed, seconds| Some(Call { video: false, missed, seconds });
        assert_eq!(call("Missed voice call"), voice(true, None));
        assert_eq!(call("Missed voice call, \u{200E}Tap to call back"), voice(true, None));
        assert_eq!(call("Voice call, \u{200E}3 min"), voice(false, Some(180)));
        assert_eq!(call("Voice call, 1 hr 5 min"), voice(false, Some(3900)));
        assert_eq!(call("Video call, 45 sec").map(|c| (c.video, c.seconds)), Some((true, Some(45))));
        assert_eq!(call("Llamada perdida"), voice(true, None));
        assert_eq!(call("Sprachanruf, 3 Min."), voice(false, Some(180)));
        assert_eq!(call("Voice calls are cheaper than visiting, so call me whenever you like"), None);
        assert_eq!(call("Voicemail"), None);
    }
}
