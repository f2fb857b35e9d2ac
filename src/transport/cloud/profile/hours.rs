//! The opening hours as one line of text for the business profile, generated from `[hours]` in the
//! business's language: `Mon–Fri 09:00-13:00, 14:00-18:00 · Sat 10:00-14:00`. Days with the same
//! hours in a row are joined; closed days are left out.

use crate::config::HoursConfig;

/// Short weekday names, Monday first, and the word before the hours, per language.
fn words(language: &str) -> ([&'static str; 7], &'static str) {
    match language.split(['_', '-']).next().unwrap_or_default().to_ascii_lowercase().as_str() {
        "es" => (["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"], "Horario"),
        "de" => (["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], "Öffnungszeiten"),
        "fr" => (["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"], "Horaires"),
        "pt" => (["Seg", "Ter", "Qua", "Qui", "Sex", "Sáb", "Dom"], "Horário"),
        "it" => (["Lun", "Mar", "Mer", "Gio", "Ven", "Sab", "Dom"], "Orari"),
        _ => (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "Hours"),
    }
}

/// `Hours: Mon–Fri 09:00-18:00 · Sat 10:00-14:00` (in `language`), or None when always closed.
pub fn hours_text(hours: &HoursConfig, language: &str) -> Option<String> {
    let (days, title) = words(language);
    let week = [&hours.mon, &hours.tue, &hours.wed, &hours.thu, &hours.fri, &hours.sat, &hours.sun];
    let texts: Vec<String> =
        week.iter().map(|d| d.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")).collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && texts[j + 1] == texts[i] {
            j += 1;
        }
        if !texts[i].is_empty() {
            let span = if i == j { days[i].to_string() } else { format!("{}–{}", days[i], days[j]) };
            parts.push(format!("{span} {}", texts[i]));
        }
        i = j + 1;
    }
    (!parts.is_empty()).then(|| format!("{title}: {}", parts.join(" · ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_with_the_same_hours_are_joined_and_closed_days_left_out() {
        let mut h = HoursConfig { sat: vec!["10:00-14:00".parse().unwrap()], ..HoursConfig::default() };
        assert_eq!(hours_text(&h, "en").as_deref(), Some("Hours: Mon–Fri 09:00-18:00 · Sat 10:00-14:00"));
        h.wed = vec!["09:00-13:00".parse().unwrap(), "16:00-20:00".parse().unwrap()];
        assert_eq!(
            hours_text(&h, "es_ES").as_deref(),
            Some(
                "Horario: Lun–Mar 09:00-18:00 · Mié 09:00-13:00, 16:00-20:00 · Jue–Vie 09:00-18:00 · Sáb 10:00-14:00"
            )
        );
        let closed = HoursConfig { mon: vec![], tue: vec![], wed: vec![], thu: vec![], fri: vec![], ..h };
        assert_eq!(hours_text(&HoursConfig { sat: vec![], ..closed }, "de"), None);
    }
}
