//! The values `{{placeholders}}` expand to for one chat: who the customer is, who the business is,
//! and today's hours. Shared by the composer's quick replies and the automatic messages.

use chrono::{DateTime, Utc};

use crate::config::BusinessConfig;
use crate::hours::Schedule;
use crate::quick_reply::{PlaceholderValues, expand};

/// What a chat knows about its customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer<'a> {
    pub saved_name: Option<&'a str>,
    /// The first name saved with it on the phone (WhatsApp Business app contacts).
    pub saved_first_name: Option<&'a str>,
    pub profile_name: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// Fills every placeholder value for a customer at instant `now`.
pub fn values_for(
    customer: &Customer<'_>,
    business: &BusinessConfig,
    schedule: &Schedule,
    now: DateTime<Utc>,
) -> PlaceholderValues {
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    PlaceholderValues {
        saved_name: customer.saved_name.and_then(text),
        saved_first_name: customer.saved_first_name.and_then(text),
        profile_name: customer.profile_name.and_then(text),
        phone: customer.phone.and_then(text),
        business_name: text(&business.name),
        business_website: text(&business.website),
        hours_today: Some(schedule.today_label(now)),
        hours_next_open: schedule.describe_next_open_in(now, business.language),
    }
}

/// Expands a template for a customer; placeholders with no value and no fallback stay as written.
pub fn render(template: &str, values: &PlaceholderValues) -> String {
    expand(template, &|key| values.get(key)).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greeting_names_the_customer_and_the_business() {
        let business = BusinessConfig { name: "Lopez Flowers".into(), ..BusinessConfig::default() };
        let customer = Customer { profile_name: Some("Maria Lopez"), ..Customer::default() };
        let now = DateTime::from_timestamp_millis(1_768_478_400_000).unwrap_or_default();
        let values = values_for(&customer, &business, &Schedule::default(), now);
        let text = render(
            "Hello {{first_name|there}}, welcome to {{business.name}}! Today: {{hours.today}}",
            &values,
        );
        assert_eq!(text, "Hello Maria, welcome to Lopez Flowers! Today: 09:00-18:00");
    }

    #[test]
    fn the_next_opening_is_in_the_business_language() {
        let business = BusinessConfig { language: crate::hours::Language::Es, ..BusinessConfig::default() };
        // Saturday 2026-01-17 12:00 UTC: the default schedule opens again on Monday.
        let now = DateTime::from_timestamp_millis(1_768_651_200_000).unwrap_or_default();
        let values = values_for(&Customer::default(), &business, &Schedule::default(), now);
        assert_eq!(render("Abrimos el {{hours.next_open}}", &values), "Abrimos el lunes 09:00");
    }
}
