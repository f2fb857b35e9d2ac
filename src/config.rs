//! The configuration file: TOML into typed, validated [`Config`]. Every key is optional.
//!
//! Errors name the file, the line and the key: `config.toml:3: hours.mon: "09:00-25:00" is not a
//! time range`. `config.example.toml` documents every key and a test parses it.

mod account;
mod consent;
pub mod duration;
mod hooks;
mod sections;
pub mod starter;
mod transport;

use std::path::{Path, PathBuf};

pub use account::PricingConfig;
pub use consent::{BroadcastConfig, ConsentConfig};
pub use hooks::{EventsConfig, HookConfig};
pub use sections::*;
pub use transport::{CloudConfig, DemoConfig, TransportConfig, TransportKind};

/// A configuration that could not be read, parsed or validated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    fn render(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        out.push_str(": ");
        if let Some(key) = self.key.as_deref().filter(|k| !k.is_empty() && *k != ".") {
            out.push_str(key);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }
}

impl Config {
    /// Reads `path`; a missing file means defaults unless `must_exist` (the user named it).
    pub fn load(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok(Config::default()),
            Err(e) => {
                Err(ConfigError { file: path.to_path_buf(), line: None, key: None, message: e.to_string() })
            }
        }
    }

    /// Parses and validates TOML text; `file` is only used in error messages.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        let error = |line, key, message| ConfigError { file: file.to_path_buf(), line, key, message };
        let de = toml::Deserializer::parse(text)
            .map_err(|e| error(e.span().map(|s| line_of(text, s.start)), None, e.message().to_string()))?;
        let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            error(inner.span().map(|s| line_of(text, s.start)), Some(key), inner.message().to_string())
        })?;
        config.validate().map_err(|(section, key, message)| {
            error(key_line(text, section, key), Some(format!("{section}.{key}")), message)
        })?;
        HookConfig::validate_all(&config.hooks).map_err(|(i, key, message)| {
            error(entry_key_line(text, "hooks", i, key), Some(format!("hooks[{i}].{key}")), message)
        })?;
        Ok(config)
    }

    /// Cross-key checks that a single value's parser cannot make. Errors are (section, key, message).
    fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        self.hours.validate()?;
        self.away.validate()?;
        self.greeting.validate()?;
        TemplateConfig::validate_all(&self.templates)?;
        self.consent.validate()?;
        self.broadcast.validate()?;
        self.pricing.validate()?;
        self.transport.cloud.validate()?;
        self.events.validate()?;
        Ok(())
    }
}

impl ConfigError {
    /// An error about `section.key` found after parsing (the key bindings), with the line of
    /// `path` that sets it when the file says.
    pub fn at_key(path: &Path, section: &str, key: &str, message: String) -> ConfigError {
        let line = std::fs::read_to_string(path).ok().and_then(|text| key_line(&text, section, key));
        ConfigError { file: path.to_path_buf(), line, key: Some(format!("{section}.{key}")), message }
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `key` is set inside `[section]`, or the section header, or nothing.
fn key_line(text: &str, section: &str, key: &str) -> Option<usize> {
    let header = format!("[{section}]");
    let mut in_section = false;
    let mut header_line = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            // `[[templates]]` entries count as the section too (the first one is reported).
            in_section = trimmed == header || trimmed.strip_prefix('[') == Some(&format!("{header}]"));
            if in_section {
                header_line = Some(i + 1);
            }
        } else if in_section && trimmed.split('=').next().map(str::trim) == Some(key) {
            return Some(i + 1);
        }
    }
    header_line
}

/// The line where `key` is set in the `index`-th `[[section]]` entry, or that entry's header.
fn entry_key_line(text: &str, section: &str, index: usize, key: &str) -> Option<usize> {
    let header = format!("[[{section}]]");
    let mut seen = 0;
    let mut header_line = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if header_line.is_some() {
                break;
            }
            if trimmed == header {
                if seen == index {
                    header_line = Some(i + 1);
                }
                seen += 1;
            }
        } else if header_line.is_some() && trimmed.split('=').next().map(str::trim) == Some(key) {
            return Some(i + 1);
        }
    }
    header_line
}

/// Where wabi looks for files (DESIGN.md, "Paths and configuration").
pub mod paths {
    use std::path::PathBuf;

    fn dirs() -> Option<directories::ProjectDirs> {
        directories::ProjectDirs::from("", "", "wabi")
    }

    /// `<config dir>/wabi/config.toml`.
    pub fn default_config() -> PathBuf {
        dirs().map_or_else(|| PathBuf::from("wabi-config.toml"), |d| d.config_dir().join("config.toml"))
    }

    /// `<data dir>/wabi/wabi.db`.
    pub fn default_db() -> PathBuf {
        data_dir().join("wabi.db")
    }

    /// `<data dir>/wabi`.
    pub fn data_dir() -> PathBuf {
        dirs().map_or_else(|| PathBuf::from("."), |d| d.data_dir().to_path_buf())
    }

    /// `<state or data dir>/wabi/wabi.log`.
    pub fn log_file() -> PathBuf {
        dirs()
            .map(|d| d.state_dir().unwrap_or(d.data_dir()).join("wabi.log"))
            .unwrap_or_else(|| PathBuf::from("wabi.log"))
    }
}

#[cfg(test)]
mod tests;
