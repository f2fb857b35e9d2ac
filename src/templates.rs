//! Message templates: Meta's (synced into the store by `wabi templates sync` and kept current by
//! the `message_template_status_update` webhook) and the config's `[[templates]]` (offline, demo).
//! Pure: reading Meta's JSON, the `{{n}}` / `{{name}}` parameters of a body, filling them in, and
//! turning a choice into the [`OutboundTemplate`] the outbox sends.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::TemplateConfig;
use crate::store::{HeaderMedia, OutboundTemplate};

/// The status a template must have to be sent.
pub const APPROVED: &str = "APPROVED";

/// A template wabi can offer: from Meta, or from `[[templates]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    pub language: String,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED… (config templates count as APPROVED).
    pub status: String,
    /// MARKETING, UTILITY, AUTHENTICATION ('' when unknown).
    pub category: String,
    /// Why Meta rejected, paused or disabled it.
    pub reason: Option<String>,
    /// The body with its `{{1}}` or `{{name}}` parameters ('' for a config template without text).
    pub body: String,
    /// What each body parameter is, in order: an example from Meta, or the config's description.
    pub params: Vec<String>,
    /// The parameters' names for a template with named parameters (empty: positional).
    pub param_names: Vec<String>,
    /// IMAGE, VIDEO or DOCUMENT when the header is a media file to send along.
    pub media_header: Option<String>,
    /// URL buttons whose url takes a parameter: (button index, url with `{{1}}`).
    pub url_buttons: Vec<(u32, String)>,
    /// Synced from Meta (false: `[[templates]]` in the config).
    pub from_meta: bool,
}

impl Template {
    /// A `[[templates]]` entry: approved by definition, its parameters described by the config.
    pub fn from_config(t: &TemplateConfig) -> Template {
        Template {
            name: t.name.clone(),
            language: t.language.clone(),
            status: APPROVED.into(),
            category: String::new(),
            reason: None,
            body: t.text.clone(),
            params: t.params.clone(),
            param_names: Vec::new(),
            media_header: None,
            url_buttons: Vec::new(),
            from_meta: false,
        }
    }

    /// One entry of Meta's `GET /{waba_id}/message_templates` `data`, or why it cannot be used
    /// (no name, language, status or body text).
    pub fn from_meta(v: &Value) -> Result<Template, String> {
        let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let name = text("name").ok_or("a template without a name")?.to_string();
        let bad = |what: &str| format!("template {name:?}: {what}");
        let language = text("language").ok_or_else(|| bad("no language"))?.to_string();
        let status = text("status").ok_or_else(|| bad("no status"))?.to_ascii_uppercase();
        let components = v.get("components").and_then(Value::as_array).ok_or_else(|| bad("no components"))?;
        let of_type = |t: &str| {
            components
                .iter()
                .find(|c| c.get("type").and_then(Value::as_str).is_some_and(|x| x.eq_ignore_ascii_case(t)))
        };
        let body_part = of_type("BODY").ok_or_else(|| bad("no BODY component"))?;
        let body = body_part.get("text").and_then(Value::as_str).ok_or_else(|| bad("a BODY without text"))?;
        let named = text("parameter_format").is_some_and(|f| f.eq_ignore_ascii_case("NAMED"));
        let placeholders = placeholders(body);
        let (params, param_names) = if named {
            let examples = body_part.pointer("/example/body_text_named_params").and_then(Value::as_array);
            let example = |n: &str| {
                examples
                    .into_iter()
                    .flatten()
                    .find(|e| e.get("param_name").and_then(Value::as_str) == Some(n))
                    .and_then(|e| e.get("example"))
                    .and_then(Value::as_str)
            };
            let params = placeholders.iter().map(|n| describe(n, example(n))).collect();
            (params, placeholders)
        } else {
            let count = positional_count(&placeholders)
                .ok_or_else(|| bad("a body mixing {{1}} and named parameters"))?;
            let examples = body_part.pointer("/example/body_text/0").and_then(Value::as_array);
            let example = |i: usize| examples.and_then(|e| e.get(i)).and_then(Value::as_str);
            ((0..count).map(|i| describe(&(i + 1).to_string(), example(i))).collect(), Vec::new())
        };
        let media_header = of_type("HEADER")
            .and_then(|h| h.get("format"))
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase)
            .filter(|f| matches!(f.as_str(), "IMAGE" | "VIDEO" | "DOCUMENT"));
        let buttons = of_type("BUTTONS").and_then(|b| b.get("buttons")).and_then(Value::as_array);
        let url_buttons = buttons
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, b)| {
                b.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("URL"))
            })
            .filter_map(|(i, b)| {
                let url = b.get("url").and_then(Value::as_str)?;
                (!placeholders_of(url).is_empty())
                    .then(|| (u32::try_from(i).unwrap_or(u32::MAX), url.to_string()))
            })
            .collect();
        Ok(Template {
            name,
            language,
            status,
            category: text("category").unwrap_or_default().to_ascii_uppercase(),
            reason: text("rejected_reason").filter(|r| !r.eq_ignore_ascii_case("NONE")).map(String::from),
            body: body.to_string(),
            params,
            param_names,
            media_header,
            url_buttons,
            from_meta: true,
        })
    }

    pub fn is_approved(&self) -> bool {
        self.status == APPROVED
    }

    /// Why it cannot be sent, when it is not approved: `template "x" is REJECTED (reason)`.
    pub fn refusal(&self) -> Option<String> {
        if self.is_approved() {
            return None;
        }
        let reason = self.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
        Some(format!(
            "template {:?} ({}) is {}{reason} at Meta: only approved templates can be sent",
            self.name, self.language, self.status
        ))
    }

    /// The body with `values` in place of its parameters.
    pub fn fill(&self, values: &[String]) -> String {
        fill(&self.body, &self.param_names, values)
    }

    /// The outbox's template: approved, exactly one value per parameter, a link for a media
    /// header and a value for each URL button that takes one. Errors are for the operator.
    pub fn outbound(
        &self,
        values: &[String],
        header_link: Option<&str>,
        button_values: &[String],
    ) -> Result<OutboundTemplate, String> {
        if let Some(refusal) = self.refusal() {
            return Err(refusal);
        }
        if values.len() != self.params.len() {
            let names =
                if self.params.is_empty() { String::new() } else { format!(": {}", self.params.join(", ")) };
            return Err(format!(
                "template {:?} takes {} --param value(s){names}; got {}",
                self.name,
                self.params.len(),
                values.len()
            ));
        }
        if let Some(i) = values.iter().position(|p| p.trim().is_empty()) {
            return Err(format!("--param {} is empty", i + 1));
        }
        let header = match (&self.media_header, header_link.map(str::trim).filter(|l| !l.is_empty())) {
            (Some(format), Some(link)) if link.starts_with("https://") || link.starts_with("http://") => {
                Some(Box::new(HeaderMedia { format: format.to_ascii_lowercase(), link: link.to_string() }))
            }
            (Some(_), Some(link)) => return Err(format!("--header-link {link:?} is not an http(s) link")),
            (Some(format), None) => {
                return Err(format!(
                    "template {:?} has a {format} header: give its link with --header-link URL",
                    self.name
                ));
            }
            (None, Some(_)) => return Err(format!("template {:?} has no media header", self.name)),
            (None, None) => None,
        };
        if button_values.len() != self.url_buttons.len() {
            return Err(format!(
                "template {:?} has {} URL button(s) taking a value (--button); got {}",
                self.name,
                self.url_buttons.len(),
                button_values.len()
            ));
        }
        Ok(OutboundTemplate {
            name: self.name.clone(),
            language: self.language.clone(),
            params: values.to_vec(),
            param_names: self.param_names.clone(),
            text: (!self.body.trim().is_empty()).then(|| self.fill(values)),
            header,
            buttons: self.url_buttons.iter().map(|(i, _)| *i).zip(button_values.iter().cloned()).collect(),
        })
    }
}

/// Every template wabi can offer: Meta's synced ones, then the `[[templates]]` of the config whose
/// name and language Meta's list does not have (so the config still works offline and in the demo).
pub fn catalogue(synced: Vec<Template>, config: &[TemplateConfig]) -> Vec<Template> {
    let mut out = synced;
    for c in config {
        if !out.iter().any(|t| t.name == c.name && t.language == c.language) {
            out.push(Template::from_config(c));
        }
    }
    out
}

/// The template called `name` (an approved one first when it exists in several languages), or a
/// line for the operator naming the templates there are.
pub fn find<'a>(list: &'a [Template], name: &str) -> Result<&'a Template, String> {
    let mut named = list.iter().filter(|t| t.name == name);
    let first = named.clone().next();
    match named.find(|t| t.is_approved()).or(first) {
        Some(t) => Ok(t),
        None => {
            let mut known: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
            known.dedup();
            let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            Err(format!(
                "no template {name:?} from Meta (wabi templates sync) or in [[templates]] of the config (known: {known})"
            ))
        }
    }
}

/// "what it is (e.g. example)" for asking the operator.
fn describe(name: &str, example: Option<&str>) -> String {
    match example.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => format!("{{{{{name}}}}} e.g. {e}"),
        None => format!("{{{{{name}}}}}"),
    }
}

/// The distinct parameters of a text in order of first appearance: `["1", "2"]` or `["first_name"]`.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in placeholders_of(text) {
        if !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    }
    out
}

fn placeholders_of(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(inner);
        }
        rest = &after[end + 2..];
    }
    out
}

/// How many positional parameters (the highest `{{n}}`), or None when some are named.
fn positional_count(names: &[String]) -> Option<usize> {
    names.iter().try_fold(0, |max, n| n.parse::<usize>().ok().map(|n| max.max(n)))
}

/// `text` with `{{n}}` replaced by `values[n-1]` (or `{{name}}` by the value of the name's position
/// in `names`); placeholders without a value stay as they are.
pub fn fill(text: &str, names: &[String], values: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = after[..end].trim();
        let index = if names.is_empty() {
            inner.parse::<usize>().ok().and_then(|n| n.checked_sub(1))
        } else {
            names.iter().position(|n| n == inner)
        };
        match index.and_then(|i| values.get(i)) {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..start + end + 4]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
