//! What messages cost: billable messages (Meta's `pricing` on their statuses) by category and by
//! origin, turned into money with `[pricing]` prices when the config gives them; and the chats
//! click-to-WhatsApp ads brought.

use std::collections::BTreeMap;

use serde::Serialize;

/// The categories a shop mostly pays for, as CSV columns (others count in the total and JSON).
pub const CSV_CATEGORIES: [&str; 4] = ["service", "utility", "marketing", "authentication"];

/// Billable messages of a group over a range.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Billing {
    /// Outbound messages Meta reported billable.
    pub total: i64,
    /// By Meta's category: service, utility, marketing, authentication, …
    pub by_category: BTreeMap<String, i64>,
    /// By who sent them: operator, api, away, greeting, broadcast, template (a template the
    /// operator or a script sent), phone.
    pub by_origin: BTreeMap<String, i64>,
    /// The counts times `[pricing]` prices per category, when the config gives prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

impl Billing {
    pub fn add(&mut self, category: &str, origin: &str, n: i64) {
        self.total += n;
        *self.by_category.entry(category.to_string()).or_default() += n;
        *self.by_origin.entry(origin.to_string()).or_default() += n;
    }

    /// Sets `cost` from prices per category; a category without a price costs nothing. No
    /// prices: no cost (counts only).
    pub fn price(&mut self, prices: &BTreeMap<String, f64>) {
        if prices.is_empty() {
            self.cost = None;
            return;
        }
        let cost: f64 =
            self.by_category.iter().map(|(c, n)| prices.get(c).copied().unwrap_or(0.0) * *n as f64).sum();
        self.cost = Some((cost * 100.0).round() / 100.0);
    }

    /// The CSV cells: total, then each of [`CSV_CATEGORIES`], then the cost (empty without prices).
    pub fn csv_cells(&self) -> String {
        let mut out = self.total.to_string();
        for c in CSV_CATEGORIES {
            out.push_str(&format!(",{}", self.by_category.get(c).copied().unwrap_or(0)));
        }
        out.push(',');
        if let Some(cost) = self.cost {
            out.push_str(&format!("{cost:.2}"));
        }
        out
    }
}

/// The CSV header cells matching [`Billing::csv_cells`].
pub fn csv_header() -> String {
    let mut out = String::from("billable");
    for c in CSV_CATEGORIES {
        out.push_str(&format!(",billable_{c}"));
    }
    out.push_str(",cost");
    out
}

/// Chats a click-to-WhatsApp ad (or post) started within the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdChats {
    /// Meta's ad or post id (`referral.source_id`), or its url when it has no id.
    pub ad: String,
    pub headline: Option<String>,
    pub source_url: Option<String>,
    pub chats: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_prices_turn_them_into_money() {
        let mut b = Billing::default();
        b.add("marketing", "broadcast", 3);
        b.add("utility", "template", 2);
        b.add("marketing", "away", 1);
        assert_eq!((b.total, b.by_category["marketing"], b.by_origin["broadcast"]), (6, 4, 3));
        b.price(&BTreeMap::new());
        assert_eq!(b.cost, None);
        b.price(&BTreeMap::from([("marketing".to_string(), 0.0615), ("utility".to_string(), 0.02)]));
        assert_eq!(b.cost, Some(0.29));
        assert_eq!(b.csv_cells(), "6,0,2,4,0,0.29");
        assert_eq!(
            csv_header(),
            "billable,billable_service,billable_utility,billable_marketing,billable_authentication,cost"
        );
    }
}
