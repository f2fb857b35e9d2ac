//! `[pricing]`: what each billable message costs the shop, per Meta's category, in the shop's
//! currency; statistics turn billable counts into money with it. Without it, counts only.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct PricingConfig {
    /// Shown beside the cost ("EUR", "€").
    pub currency: String,
    pub service: Option<f64>,
    pub utility: Option<f64>,
    pub marketing: Option<f64>,
    pub authentication: Option<f64>,
}

impl PricingConfig {
    /// Category → price, for the categories given.
    pub fn prices(&self) -> BTreeMap<String, f64> {
        [
            ("service", self.service),
            ("utility", self.utility),
            ("marketing", self.marketing),
            ("authentication", self.authentication),
        ]
        .into_iter()
        .filter_map(|(c, p)| p.map(|p| (c.to_string(), p)))
        .collect()
    }

    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        for (key, price) in [
            ("service", self.service),
            ("utility", self.utility),
            ("marketing", self.marketing),
            ("authentication", self.authentication),
        ] {
            if price.is_some_and(|p| !p.is_finite() || p < 0.0) {
                return Err(("pricing", key, "a price is a number of 0 or more".into()));
            }
        }
        Ok(())
    }
}
