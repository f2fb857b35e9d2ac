//! From nothing to a running shop, on the real binary: `wabi init`, completions checked in a real
//! bash, the man page, and the systemd unit checked by `systemd-analyze` (when installed).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as Std;

use common::{Sandbox, snapshot};
use predicates::prelude::*;

const SHOP: &str = "Lopez Flowers\nEurope/Madrid\nmon-fri 9-18, sat 10-14\nno\ncloud\n1098765\nes\n";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Whether `program` can be run here (tests that need it skip otherwise, saying so).
fn have(program: &str) -> bool {
    let found = Std::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: {program} is not installed");
    }
    found
}

#[test]
fn init_writes_the_commented_starter_at_the_default_path_mode_0600_and_check_config_passes() {
    let s = Sandbox::new();
    s.wabi().arg("init").assert().success().stdout(predicate::str::contains("wrote "));
    let path = s.path("xdg-config/wabi/config.toml");
    assert_eq!(mode(&path), 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, include_str!("../config.example.toml"), "the example, built into the binary");
    s.wabi().arg("check-config").assert().success().stdout(predicate::str::contains(": ok"));
}

#[test]
fn init_never_overwrites_and_force_keeps_a_backup() {
    let s = Sandbox::new();
    let path = s.config("# mine\n[business]\nname = \"Mine\"\n");
    let before = snapshot(&path);
    s.wabi()
        .arg("--config")
        .arg(&path)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml exists; wabi init leaves it as it is"))
        .stderr(predicate::str::is_match("^wabi: [^\n]*\n$").unwrap());
    assert_eq!(snapshot(&path), before);
    assert!(!s.path("config.toml.bak").exists());
    s.wabi().arg("--config").arg(&path).args(["init", "--force"]).assert().success();
    assert_eq!(snapshot(&s.path("config.toml.bak")), before, "the old file is kept");
    assert_eq!(mode(&s.path("config.toml.bak")), 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), include_str!("../config.example.toml"));
}

#[test]
fn interactive_init_reads_the_answers_from_stdin_and_check_config_accepts_them() {
    let s = Sandbox::new();
    let path = s.path("shop/config.toml");
    s.wabi()
        .arg("--config")
        .arg(&path)
        .args(["init", "--interactive"])
        .write_stdin(SHOP)
        .assert()
        .success()
        .stdout(predicate::str::contains("read as: mon-fri 09:00-18:00, sat 10:00-14:00"));
    assert_eq!(mode(&path), 0o600);
    s.wabi()
        .arg("check-config")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("business: Lopez Flowers"))
        .stdout(predicate::str::contains("time zone: Europe/Madrid"))
        .stdout(predicate::str::contains("away message: off"));
    let config = wabi::config::Config::load(&path, true).unwrap();
    assert_eq!(config.business.language.code(), "es");
    assert_eq!(config.transport.cloud.phone_number_id, "1098765");
    assert!(config.hours.sun.is_empty());
}

#[test]
fn bad_input_is_one_line_exit_2_and_nothing_written() {
    let s = Sandbox::new();
    let path = s.path("new/config.toml");
    let init = |path: &Path, stdin: &str, extra: &[&str]| {
        let mut cmd = s.wabi();
        cmd.arg("--config").arg(path).arg("init").args(extra).write_stdin(stdin.to_string());
        cmd.assert().code(2).stderr(predicate::str::is_match("^wabi: [^\n]*\n$").unwrap())
    };
    init(&path, "Shop\n\nmon-fri 9-25\n", &["--interactive"])
        .stderr(predicate::str::contains("\"9-25\" is not a time range"));
    init(&path, "Shop\n\nmonday to friday 9-18\n", &["--interactive"])
        .stderr(predicate::str::contains("\"to\" is neither days"));
    assert!(!s.path("new").exists(), "not even the folder");
    // A folder that cannot be created: its parent is a file.
    std::fs::write(s.path("file"), "x").unwrap();
    init(&s.path("file/config.toml"), "", &[]).stderr(predicate::str::contains("file is not a folder"));
    assert!(std::fs::read_dir(s.dir.path()).unwrap().count() == 1, "only the file");
    s.wabi()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("'tcsh'"))
        .stderr(predicate::str::is_match("^wabi: [^\n]*\n$").unwrap());
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    if !have("bash") {
        return;
    }
    let s = Sandbox::new();
    let out = s.wabi().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = s.path("wabi.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // As bash calls a completion function: the words, the cursor word, then the function.
    let complete = |words: &str, cword: usize| {
        let program = format!(
            "source \"$1\" && complete -p wabi >/dev/null && COMP_WORDS=({words}) && COMP_CWORD={cword} \
             && _wabi wabi \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\" \
             && printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = Std::new("bash")
            .args(["--norc", "--noprofile", "-c", &program, "_"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(complete("wabi in", 1), ["init", "inject"]);
    assert!(complete("wabi ''", 1).iter().any(|w| w == "serve"));
    assert_eq!(complete("wabi init --f", 2), ["--force"]);
    assert!(complete("wabi completions ''", 2).contains(&"fish".to_string()));
}

#[test]
fn zsh_and_fish_scripts_name_the_commands() {
    let s = Sandbox::new();
    for (shell, marker) in [("zsh", "#compdef wabi"), ("fish", "complete -c wabi")] {
        let out = s.wabi().args(["completions", shell]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success() && text.contains(marker) && text.contains("init"), "{shell}: {text}");
    }
}

#[test]
fn the_man_page_is_roff_with_commands_files_and_exit_codes() {
    let s = Sandbox::new();
    let out = s.wabi().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.lines().any(|l| l.starts_with(".TH wabi 1 ")), "{page}");
    let sections: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
    for wanted in
        [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH FILES", ".SH EXIT STATUS"]
    {
        assert!(sections.contains(&wanted), "{wanted} missing from {sections:?}");
    }
    for command in ["init", "serve", "completions"] {
        assert!(page.contains(&format!("wabi\\-{command}(1)")) || page.contains(command), "{command}");
    }
    if have("groff") {
        let path = s.path("wabi.1");
        std::fs::write(&path, &page).unwrap();
        let out = Std::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&path).output().unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn the_systemd_unit_restarts_on_failure_reads_the_secrets_and_passes_systemd_analyze() {
    let unit_path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/wabi.service");
    let unit = std::fs::read_to_string(unit_path).unwrap();
    for line in [
        "After=network-online.target",
        "EnvironmentFile=%h/.config/wabi/env",
        "ExecStart=%h/.cargo/bin/wabi serve --env-file %h/.config/wabi/env",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "Restart=on-failure",
        "WantedBy=default.target",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line} missing");
    }
    if !have("systemd-analyze") {
        return;
    }
    // A home as `cargo install` leaves it: the binary in ~/.cargo/bin, the page on MANPATH.
    let s = Sandbox::new();
    let home = s.dir.path();
    for dir in [".cargo/bin", ".config/wabi", "run", "man/man1"] {
        std::fs::create_dir_all(home.join(dir)).unwrap();
    }
    std::fs::set_permissions(home.join("run"), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("wabi"), home.join(".cargo/bin/wabi")).unwrap();
    std::fs::write(home.join(".config/wabi/env"), "WABI_ACCESS_TOKEN=x\n").unwrap();
    let page = s.wabi().arg("man").output().unwrap().stdout;
    std::fs::write(home.join("man/man1/wabi.1"), page).unwrap();
    let mut verify = Std::new("systemd-analyze");
    verify.args(["--user", "verify", unit_path]).env("HOME", home).env("XDG_RUNTIME_DIR", home.join("run"));
    if have("man") {
        verify.env("MANPATH", home.join("man"));
    } else {
        verify.arg("--man=no");
    }
    let out = verify.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "systemd-analyze verify: {stderr}");
}
