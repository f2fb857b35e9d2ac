//! The WhatsApp Cloud API transport: a webhook server receives messages and statuses
//! ([`server`]), the worker sends through the Graph API ([`sender`]), inbound media is downloaded on
//! demand ([`media`]), outbound media is uploaded before it is sent ([`upload`]). Pure parts — signatures, payload parsing, request bodies, response
//! classification — are in [`signature`], [`webhook`], [`inbound`] and [`graph`].
//!
//! Secrets (access token, app secret, verify token) come only from the environment variables the
//! config names; [`Secret`] never prints its value.

pub mod api;
pub mod block;
pub mod coexist;
pub mod graph;
pub mod inbound;
pub mod media;
pub mod profile;
pub mod resumable;
pub mod sender;
pub mod server;
pub mod signature;
pub mod smb_app_data;
pub mod templates;
pub mod upload;
pub mod webhook;
pub mod window;

use crate::config::CloudConfig;

pub use sender::CloudTransport;
pub use server::{Limits, WebhookSecrets, WebhookServer};
pub use upload::{UploadError, upload_media};

/// What can go wrong setting up the cloud transport. Messages name variables, never values.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    #[error("environment variable {var} (transport.cloud.{key}) is not set")]
    MissingSecret { var: String, key: &'static str },
    #[error("transport.cloud.phone_number_id is empty: set it to your number's id from Meta")]
    MissingPhoneNumberId,
    #[error("transport.cloud.webhook_path {0:?} must start with / and hold only letters, digits, / . _ -")]
    WebhookPath(String),
    #[error("cannot listen on {listen}: {source}")]
    Bind { listen: String, source: std::io::Error },
    #[error("webhook server: {0}")]
    Runtime(std::io::Error),
}

impl CloudError {
    /// A configuration problem (exit 2) rather than a runtime failure (exit 1).
    pub fn is_bad_input(&self) -> bool {
        match self {
            CloudError::MissingSecret { .. }
            | CloudError::MissingPhoneNumberId
            | CloudError::WebhookPath(_) => true,
            // "listen" that is not an address is a config mistake; a port in use is not.
            CloudError::Bind { source, .. } => source.kind() == std::io::ErrorKind::InvalidInput,
            CloudError::Runtime(_) => false,
        }
    }
}

/// Looks up the value of an environment variable by name.
pub type SecretLookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A secret from the environment. Debug shows `***`; only [`Secret::expose`] gives the value.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that must send or check it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Reads the variable named `var` (the config's `key`); unset or empty is an error naming it.
    pub fn from_env(var: &str, key: &'static str) -> Result<Secret, CloudError> {
        Secret::from_source(var, key, &|name| std::env::var(name).ok())
    }

    /// As [`Secret::from_env`], with the variables looked up in `source` (`wabi serve --env-file`).
    pub fn from_source(
        var: &str,
        key: &'static str,
        source: &SecretLookup<'_>,
    ) -> Result<Secret, CloudError> {
        match source(var) {
            Some(value) if !value.trim().is_empty() => Ok(Secret(value.trim().to_string())),
            _ => Err(CloudError::MissingSecret { var: var.to_string(), key }),
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The access token, which sending and media downloads need.
pub fn access_token(config: &CloudConfig) -> Result<Secret, CloudError> {
    Secret::from_env(&config.access_token_env, "access_token_env")
}

/// The app secret and verify token, which only the webhook server needs.
pub fn webhook_secrets(config: &CloudConfig) -> Result<WebhookSecrets, CloudError> {
    webhook_secrets_from(config, &|name| std::env::var(name).ok())
}

/// As [`webhook_secrets`], with the variables looked up in `source`.
pub fn webhook_secrets_from(
    config: &CloudConfig,
    source: &SecretLookup<'_>,
) -> Result<WebhookSecrets, CloudError> {
    Ok(WebhookSecrets {
        app_secret: Secret::from_source(&config.app_secret_env, "app_secret_env", source)?,
        verify_token: Secret::from_source(&config.verify_token_env, "verify_token_env", source)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_never_shows_the_value() {
        assert_eq!(format!("{:?}", Secret::new("EAAG-token")), "***");
    }

    #[test]
    fn missing_secret_names_the_variable_and_the_key() {
        let e = Secret::from_env("WABI_TEST_SURELY_UNSET_VAR", "app_secret_env").unwrap_err();
        assert_eq!(
            e.to_string(),
            "environment variable WABI_TEST_SURELY_UNSET_VAR (transport.cloud.app_secret_env) is not set"
        );
        assert!(e.is_bad_input());
    }
}
