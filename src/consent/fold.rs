//! Case and accent folding for comparing a customer's one-word message with the stop words.
//!
//! Not full Unicode normalisation (no table of every decomposition): lowercase, then the Latin
//! letters with diacritics that European customers type mapped to their base letters. Other
//! scripts (退订, СТОП) are compared as they are after lowercasing.

/// `text` lowercased with Latin accents removed: "ARRÊT" and "arret" fold to the same string.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    out
}

/// The base letter(s) of a lowercase Latin letter with a diacritic (or a ligature).
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_and_latin_accents_fold_away() {
        assert_eq!(fold("ARRÊT"), "arret");
        assert_eq!(fold("StÓp"), "stop");
        assert_eq!(fold("Désabonnement"), "desabonnement");
        assert_eq!(fold("ZAŻÓŁĆ"), "zazolc");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn other_scripts_are_kept_as_written_but_lowercased() {
        assert_eq!(fold("退订"), "退订");
        assert_eq!(fold("СТОП"), "стоп");
    }
}
