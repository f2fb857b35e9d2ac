//! Helpers shared by the integration tests: a temporary store and the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temporary directory with a store path and an (absent) config in it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("wabi.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a config file and returns its path.
    pub fn config(&self, text: &str) -> PathBuf {
        let path = self.path("config.toml");
        std::fs::write(&path, text).expect("write config");
        path
    }

    /// The real `wabi` binary, pointed at this sandbox's store, with no config file.
    pub fn wabi(&self) -> Command {
        Command::from_std(self.wabi_process())
    }

    /// [`Sandbox::wabi`] as a std Command, for a child left running (`wabi serve`).
    pub fn wabi_process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("wabi"));
        cmd.env_remove("WABI_CONFIG")
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("HOME", self.dir.path())
            .env("WABI_DB", self.db());
        cmd
    }

    /// Runs wabi with args and parses its stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.wabi().args(args).output().expect("run");
        assert!(out.status.success(), "wabi {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON output")
    }
}

/// Bytes of a file, to check that a failed command changed nothing.
pub fn snapshot(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}
