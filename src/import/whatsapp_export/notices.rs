//! WhatsApp's own notices: which texts are notices at all (iOS writes them with the chat's name
//! as author, after a U+200E mark), and which of them only a group chat has. Calls are in
//! `calls.rs`.
//!
//! A marked iOS line is a notice only when it matches one of these; anything else keeps its
//! author (media and "deleted" placeholders in languages the tables lack are still the
//! author's messages).

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
    "disappearing messages",
    "Disappearing messages",
    "disappearing message timer",
    "security code changed",
    "Sicherheitsnummer",
    "código de seguridad",
    "code de sécurité",
    "código de segurança",
    "codice di sicurezza",
    "beveiligingscode",
    "код безопасности",
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
}
