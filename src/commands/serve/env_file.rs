//! `wabi serve --env-file FILE`: the secrets' variables read from a file as systemd reads an
//! `EnvironmentFile=` (the same file the unit names), so a SIGHUP can pick up a new access token
//! that the process environment, fixed at start, cannot carry.
//!
//! The format is systemd's: `NAME=value` lines; blank lines and lines starting with `#` or `;`
//! are ignored; whitespace around the name and an unquoted value is dropped; a value in single
//! quotes is taken as written, one in double quotes with `\"`, `\\`, `\$` and `` \` `` unescaped;
//! a line without `=` is ignored (as systemd does). Values are never printed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the secrets' variables are looked up: the file first, then the environment.
#[derive(Default)]
pub struct SecretSource {
    file: Option<PathBuf>,
    values: HashMap<String, String>,
}

impl SecretSource {
    /// Reads `file` (if any). An unreadable file is an error naming it (never its content).
    pub fn read(file: Option<&Path>) -> Result<SecretSource, String> {
        let Some(path) = file else {
            return Ok(SecretSource::default());
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("--env-file {}: {e}", path.display()))?;
        Ok(SecretSource { file: Some(path.to_path_buf()), values: parse(&text) })
    }

    /// The value of variable `name`: from the file, else from the environment.
    pub fn get(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned().or_else(|| std::env::var(name).ok())
    }

    /// The file it was read from.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// The variables of an environment file.
fn parse(text: &str) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        values.insert(name.to_string(), unquote(value.trim()));
    }
    values
}

fn unquote(value: &str) -> String {
    let quoted = |q: char| value.len() >= 2 && value.starts_with(q) && value.ends_with(q);
    if quoted('\'') {
        return value[1..value.len() - 1].to_string();
    }
    if !quoted('"') {
        return value.to_string();
    }
    let mut out = String::new();
    let mut chars = value[1..value.len() - 1].chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('"' | '\\' | '$' | '`'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_systemd_style_assignments() {
        let values = parse(
            "# secrets for wabi\n; also a comment\n\nWABI_ACCESS_TOKEN=EAAG123\n  WABI_APP_SECRET = 'a b$c'  \n\
             WABI_VERIFY_TOKEN=\"say \\\"hi\\\" \\\\ \\$x\"\nnot an assignment\nbad name=1\nEMPTY=\n",
        );
        assert_eq!(values["WABI_ACCESS_TOKEN"], "EAAG123");
        assert_eq!(values["WABI_APP_SECRET"], "a b$c");
        assert_eq!(values["WABI_VERIFY_TOKEN"], "say \"hi\" \\ $x");
        assert_eq!(values["EMPTY"], "");
        assert_eq!(values.len(), 4, "{:?}", values.keys());
    }

    #[test]
    fn the_file_wins_over_the_environment_and_a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("env");
        std::fs::write(&file, "PATH=from-the-file\n").unwrap();
        let source = SecretSource::read(Some(&file)).unwrap();
        assert_eq!(source.get("PATH").as_deref(), Some("from-the-file"));
        assert!(source.get("HOME").is_some(), "other variables come from the environment");
        let missing = dir.path().join("nope");
        let e = SecretSource::read(Some(&missing)).err().unwrap();
        assert!(e.starts_with(&format!("--env-file {}: ", missing.display())), "{e}");
    }
}
