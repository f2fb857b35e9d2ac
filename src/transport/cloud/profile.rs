//! The business profile: `GET /{phone_number_id}/whatsapp_business_profile` and POST of the same
//! fields from `[business]`, checked against Meta's limits before anything is sent.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::api::{Graph, GraphError};
use crate::config::{BusinessConfig, HoursConfig};

mod hours;
pub use hours::hours_text;

pub const FIELDS: &str = "about,address,description,email,websites,vertical,profile_picture_url";
/// Meta's limits, in characters.
pub const ABOUT_MAX: usize = 139;
pub const DESCRIPTION_MAX: usize = 512;
pub const ADDRESS_MAX: usize = 256;
pub const EMAIL_MAX: usize = 128;
pub const WEBSITES_MAX: usize = 2;
pub const WEBSITE_MAX: usize = 256;
/// Meta's list of business categories (`vertical`).
pub const VERTICALS: &[&str] = &[
    "UNDEFINED",
    "OTHER",
    "AUTO",
    "BEAUTY",
    "APPAREL",
    "EDU",
    "ENTERTAIN",
    "EVENT_PLAN",
    "FINANCE",
    "GROCERY",
    "GOVT",
    "HOTEL",
    "HEALTH",
    "NONPROFIT",
    "PROF_SERVICES",
    "RETAIL",
    "TRAVEL",
    "RESTAURANT",
    "NOT_A_BIZ",
    "ALCOHOL",
    "ONLINE_GAMBLING",
    "PHYSICAL_GAMBLING",
    "OTC_DRUGS",
    "MATRIMONY_SERVICE",
];

/// The profile as Meta shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub about: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub websites: Vec<String>,
    pub vertical: Option<String>,
    pub profile_picture_url: Option<String>,
}

/// Reads the profile.
pub fn show(graph: &Graph, phone_number_id: &str) -> Result<Profile, GraphError> {
    let call = "GET /{phone_number_id}/whatsapp_business_profile";
    let answer =
        graph.get(call, &format!("{phone_number_id}/whatsapp_business_profile"), &[("fields", FIELDS)])?;
    let p = answer.pointer("/data/0").unwrap_or(&answer);
    let text = |k: &str| p.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from);
    Ok(Profile {
        about: text("about"),
        address: text("address"),
        description: text("description"),
        email: text("email"),
        websites: p
            .get("websites")
            .and_then(Value::as_array)
            .map(|w| w.iter().filter_map(Value::as_str).map(String::from).collect())
            .unwrap_or_default(),
        vertical: text("vertical"),
        profile_picture_url: text("profile_picture_url"),
    })
}

/// The profile's description: `[business] description`, then the opening hours on a line of their
/// own (`[business] hours`, else generated from `[hours]` in `[business] language`; `hours = "-"`
/// leaves them out).
pub fn description(business: &BusinessConfig, hours: &HoursConfig) -> String {
    let line = match business.hours.trim() {
        "-" => None,
        "" => hours_text(hours, business.language.code()),
        text => Some(text.to_string()),
    };
    match (business.description.trim(), line) {
        ("", Some(h)) => h,
        (d, Some(h)) => format!("{d}\n{h}"),
        (d, None) => d.to_string(),
    }
}

/// The POST body for `business` (its description with the hours, see [`description`]): only the
/// fields it fills, each checked against Meta's limits (the error names the key and the limit).
/// `picture_handle` comes from a resumable upload.
pub fn push_body(
    business: &BusinessConfig,
    hours: &HoursConfig,
    picture_handle: Option<&str>,
) -> Result<Value, String> {
    let description = description(business, hours);
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    let mut field = |key: &str, value: &str, max: usize| -> Result<(), String> {
        let value = value.trim();
        let n = value.chars().count();
        if n > max {
            return Err(format!("business.{key} is {n} characters; WhatsApp allows at most {max}"));
        }
        if !value.is_empty() {
            body.insert(key.into(), value.into());
        }
        Ok(())
    };
    field("about", &business.about, ABOUT_MAX)?;
    field("description", &description, DESCRIPTION_MAX)?;
    field("address", &business.address, ADDRESS_MAX)?;
    field("email", &business.email, EMAIL_MAX)?;
    let websites: Vec<&str> = business
        .websites
        .iter()
        .map(|w| w.trim())
        .chain(std::iter::once(business.website.trim()))
        .filter(|w| !w.is_empty())
        .fold(Vec::new(), |mut all, w| {
            if !all.contains(&w) {
                all.push(w);
            }
            all
        });
    if websites.len() > WEBSITES_MAX {
        return Err(format!(
            "business.websites has {} sites (with business.website); WhatsApp allows at most {WEBSITES_MAX}",
            websites.len()
        ));
    }
    for w in &websites {
        if !(w.starts_with("http://") || w.starts_with("https://")) {
            return Err(format!("business.websites: {w:?} must start with http:// or https://"));
        }
        if w.chars().count() > WEBSITE_MAX {
            return Err(format!("business.websites: a site is longer than {WEBSITE_MAX} characters"));
        }
    }
    if !websites.is_empty() {
        body.insert("websites".into(), json!(websites));
    }
    let vertical = business.vertical.trim().to_ascii_uppercase();
    if !vertical.is_empty() {
        if !VERTICALS.contains(&vertical.as_str()) {
            return Err(format!(
                "business.vertical {vertical:?} is not one of Meta's: {}",
                VERTICALS.join(", ")
            ));
        }
        body.insert("vertical".into(), vertical.into());
    }
    if let Some(h) = picture_handle {
        body.insert("profile_picture_handle".into(), h.into());
    }
    if body.len() == 1 {
        return Err("[business] has nothing for the profile: set about, description, address, email, websites or vertical".into());
    }
    Ok(Value::Object(body))
}

/// POSTs a body made by [`push_body`].
pub fn push(graph: &Graph, phone_number_id: &str, body: &Value) -> Result<(), GraphError> {
    let call = "POST /{phone_number_id}/whatsapp_business_profile";
    graph.post(call, &format!("{phone_number_id}/whatsapp_business_profile"), body).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_hours() -> HoursConfig {
        HoursConfig {
            mon: vec![],
            tue: vec![],
            wed: vec![],
            thu: vec![],
            fri: vec![],
            ..HoursConfig::default()
        }
    }

    #[test]
    fn the_description_ends_with_the_hours_in_the_business_language() {
        let b = BusinessConfig {
            description: "Ramos y plantas.".into(),
            language: crate::hours::Language::Es,
            ..business()
        };
        assert_eq!(
            description(&b, &HoursConfig::default()),
            "Ramos y plantas.\nHorario: Lun–Vie 09:00-18:00"
        );
        let own = BusinessConfig { hours: "Siempre abierto".into(), ..b.clone() };
        assert_eq!(description(&own, &HoursConfig::default()), "Ramos y plantas.\nSiempre abierto");
        let none = BusinessConfig { hours: "-".into(), ..b };
        assert_eq!(description(&none, &HoursConfig::default()), "Ramos y plantas.");
    }

    fn business() -> BusinessConfig {
        BusinessConfig {
            about: "Fresh flowers every day".into(),
            website: "https://flores.example".into(),
            vertical: "retail".into(),
            ..BusinessConfig::default()
        }
    }

    #[test]
    fn body_holds_the_filled_fields_only() {
        let body = push_body(&business(), &no_hours(), Some("4::aGFuZGxl")).unwrap();
        let expected = json!({"messaging_product": "whatsapp", "about": "Fresh flowers every day",
            "websites": ["https://flores.example"], "vertical": "RETAIL", "profile_picture_handle": "4::aGFuZGxl"});
        assert_eq!(body, expected);
    }

    #[test]
    fn limits_are_checked_and_named() {
        let long = BusinessConfig { about: "é".repeat(140), ..business() };
        assert_eq!(
            push_body(&long, &no_hours(), None).unwrap_err(),
            "business.about is 140 characters; WhatsApp allows at most 139"
        );
        let exact = BusinessConfig { about: "é".repeat(139), ..business() };
        assert!(push_body(&exact, &no_hours(), None).is_ok());
        let sites = BusinessConfig {
            websites: vec!["https://a.example".into(), "https://b.example".into()],
            ..business()
        };
        assert!(push_body(&sites, &no_hours(), None).unwrap_err().contains("at most 2"));
        let vertical = BusinessConfig { vertical: "FLOWERS".into(), ..business() };
        assert!(push_body(&vertical, &no_hours(), None).unwrap_err().contains("not one of Meta's"));
        let ftp = BusinessConfig { website: "ftp://x".into(), ..business() };
        assert!(push_body(&ftp, &no_hours(), None).unwrap_err().contains("http"));
        let description = BusinessConfig { description: "x".repeat(513), ..business() };
        assert!(push_body(&description, &no_hours(), None).unwrap_err().contains("at most 512"));
        let empty = BusinessConfig { name: "Shop".into(), ..BusinessConfig::default() };
        assert!(push_body(&empty, &no_hours(), None).unwrap_err().contains("nothing for the profile"));
    }
}
