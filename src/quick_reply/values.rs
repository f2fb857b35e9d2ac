//! The values placeholders are filled with, gathered by the caller for one chat.

/// What a quick reply's placeholders can say about the chat and the business. The caller fills the
/// fields it knows; a missing or blank field makes its placeholder use its fallback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceholderValues {
    /// The name the operator saved for the contact; preferred over the profile name.
    pub saved_name: Option<String>,
    /// The first name saved with it, when the phone's contacts gave one; else `first_name` is the
    /// name's first word.
    pub saved_first_name: Option<String>,
    /// The name the customer set in their WhatsApp profile.
    pub profile_name: Option<String>,
    /// The contact's number in any layout (e.g. the wa_id `5215512345678`).
    pub phone: Option<String>,
    pub business_name: Option<String>,
    pub business_website: Option<String>,
    /// Today's business hours as shown to customers, e.g. `09:00-18:00` or `closed`.
    pub hours_today: Option<String>,
    /// When the business opens next, e.g. `Mon 09:00`.
    pub hours_next_open: Option<String>,
}

impl PlaceholderValues {
    /// The value of a placeholder key (ASCII case-insensitive): `name`, `first_name`, `phone`,
    /// `business.name`, `business.website`, `hours.today`, `hours.next_open`. Unknown keys and
    /// blank values give `None`. Use as the lookup of `expand`: `&|key| values.get(key)`.
    pub fn get(&self, key: &str) -> Option<String> {
        let value = match key.to_ascii_lowercase().as_str() {
            "name" => self.name(),
            "first_name" => match (filled(&self.saved_name), filled(&self.saved_first_name)) {
                (Some(_), Some(first)) => Some(first),
                _ => self.name().and_then(|n| n.split_whitespace().next()),
            },
            "phone" => return self.phone(),
            "business.name" => filled(&self.business_name),
            "business.website" => filled(&self.business_website),
            "hours.today" => filled(&self.hours_today),
            "hours.next_open" => filled(&self.hours_next_open),
            _ => None,
        };
        value.map(str::to_string)
    }

    /// The saved name if it has any text, else the profile name; trimmed.
    fn name(&self) -> Option<&str> {
        filled(&self.saved_name).or_else(|| filled(&self.profile_name))
    }

    /// The phone's digits after a `+`, whatever separators it was given with.
    fn phone(&self) -> Option<String> {
        let digits: String = filled(&self.phone)?.chars().filter(char::is_ascii_digit).collect();
        (!digits.is_empty()).then(|| format!("+{digits}"))
    }
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quick_reply::expand;

    fn maria() -> PlaceholderValues {
        PlaceholderValues {
            profile_name: Some("  Maria Lopez ".into()),
            phone: Some("52 1 55-1234-5678".into()),
            business_name: Some("Casa Sol".into()),
            hours_today: Some("closed".into()),
            ..PlaceholderValues::default()
        }
    }

    #[test]
    fn first_name_is_the_first_word_of_the_name() {
        let values = maria();
        assert_eq!(values.get("first_name").as_deref(), Some("Maria"));
        assert_eq!(values.get("name").as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn a_first_name_saved_on_the_phone_wins_over_the_first_word() {
        let mut values = maria();
        values.saved_name = Some("María José García".into());
        values.saved_first_name = Some("María José".into());
        assert_eq!(values.get("first_name").as_deref(), Some("María José"));
        values.saved_name = None;
        assert_eq!(
            values.get("first_name").as_deref(),
            Some("Maria"),
            "only with the name it was saved with"
        );
    }

    #[test]
    fn saved_name_wins_over_the_profile_name_unless_blank() {
        let mut values = maria();
        values.saved_name = Some("Doña Mari".into());
        assert_eq!(values.get("first_name").as_deref(), Some("Doña"));
        values.saved_name = Some("  ".into());
        assert_eq!(values.get("name").as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn phone_is_its_digits_after_a_plus() {
        assert_eq!(maria().get("phone").as_deref(), Some("+5215512345678"));
        let values = PlaceholderValues { phone: Some("n/a".into()), ..PlaceholderValues::default() };
        assert_eq!(values.get("phone"), None);
    }

    #[test]
    fn keys_are_case_insensitive_and_unknown_keys_give_none() {
        let values = maria();
        assert_eq!(values.get("Business.Name").as_deref(), Some("Casa Sol"));
        assert_eq!(values.get("hours.today").as_deref(), Some("closed"));
        assert_eq!(values.get("business.website"), None);
        assert_eq!(values.get("email"), None);
    }

    #[test]
    fn issue_example_expands_for_maria_lopez() {
        let values = maria();
        let out = expand("Thank you {{first_name|friend}}, we got your order!", &|key| values.get(key));
        assert_eq!(out.text, "Thank you Maria, we got your order!");
    }

    #[test]
    fn fallback_is_used_when_the_contact_has_no_name() {
        let values = PlaceholderValues::default();
        let out = expand("Thank you {{first_name|friend}}!", &|key| values.get(key));
        assert_eq!(out.text, "Thank you friend!");
    }
}
