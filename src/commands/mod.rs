//! What each subcommand does. `main` parses, then calls [`run`]; errors come back as one line and
//! an exit code (2 bad input or config, 1 runtime failure).

pub mod away;
mod backup;
mod block;
pub mod broadcast;
mod chats;
pub mod cloud;
mod contact_data;
pub mod contacts;
mod docs;
mod doctor;
mod events;
pub mod hooks;
mod import;
pub mod init;
mod inject;
mod labels;
mod media;
pub mod profile;
mod quick_replies;
mod react;
mod send;
mod send_csv;
mod serve;
mod stats;
pub mod templates;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, MediaCmd};
use crate::config::{Config, ConfigError, paths};
use crate::store::{Store, StoreError};

/// A failed command: what to print and how to exit.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    /// Bad input or config: exit 2.
    pub fn bad(message: impl Into<String>) -> CliError {
        CliError { code: 2, message: message.into() }
    }

    /// A failure at run time: exit 1.
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError { code: 1, message: message.into() }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError { code: if e.is_bad_input() { 2 } else { 1 }, message: e.to_string() }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::bad(e.to_string())
    }
}

impl From<crate::phone::PhoneError> for CliError {
    fn from(e: crate::phone::PhoneError) -> Self {
        CliError::bad(e.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::failed(e.to_string())
    }
}

/// Where the config and the store are, after flags and environment.
pub struct Context {
    pub config_path: PathBuf,
    /// The user named the config file (flag or environment): it must exist.
    pub config_named: bool,
    pub db_path: PathBuf,
}

impl Context {
    /// Resolves `--config` / `$WABI_CONFIG` / default, and `--db` / `$WABI_DB` / default.
    pub fn resolve(cli: &Cli) -> Context {
        let env_path = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let named_config = cli.config.clone().or_else(|| env_path("WABI_CONFIG"));
        Context {
            config_named: named_config.is_some(),
            config_path: named_config.unwrap_or_else(paths::default_config),
            db_path: cli.db.clone().or_else(|| env_path("WABI_DB")).unwrap_or_else(paths::default_db),
        }
    }

    pub fn config(&self) -> Result<Config, CliError> {
        Ok(Config::load(&self.config_path, self.config_named)?)
    }

    /// Opens the store, its statistics bucketed by days of the configured business zone.
    pub fn store(&self) -> Result<Store, CliError> {
        let config = self.config()?;
        let mut store = Store::open(&self.db_path)?.with_consent_words(config.consent.words());
        store.set_business_zone(config.hours.timezone)?;
        Ok(store)
    }
}

/// Runs a subcommand.
pub fn run(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let ctx = Context::resolve(cli);
    match command {
        Command::Init(args) => init::init(&ctx, args),
        Command::Completions { shell } => docs::completions(*shell),
        Command::Man => docs::man(),
        Command::CheckConfig { file } => check_config(file.as_deref().unwrap_or(&ctx.config_path)),
        Command::Inject(args) => inject::inject(&ctx, args),
        Command::Send(args) => send::send(&ctx, args),
        Command::React(args) => react::react(&ctx, args),
        Command::Chats(args) => chats::chats(&ctx, args),
        Command::Messages(args) => chats::messages(&ctx, args),
        Command::Serve(args) => serve::serve(&ctx, args),
        Command::Demo(args) => demo(cli, &ctx, args),
        Command::QuickReplies(cmd) => quick_replies::run(&ctx, cmd),
        Command::Labels(cmd) => labels::run(&ctx, cmd),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Media(MediaCmd::Fetch { message_id }) => media::fetch(&ctx, *message_id),
        Command::Away(cmd) => away::away(&ctx, cmd),
        Command::Contacts(cmd) => contacts::run(&ctx, cmd),
        Command::Broadcast(cmd) => broadcast::run(&ctx, cmd),
        Command::Import(args) => import::import(&ctx, args),
        Command::Backup { dest } => backup::backup(&ctx, dest),
        Command::Templates(cmd) => templates::run(&ctx, cmd),
        Command::Profile(cmd) => profile::run(&ctx, cmd),
        Command::Block { target, json } => block::block(&ctx, target, *json),
        Command::Unblock { phone } => block::unblock(&ctx, phone),
        Command::Doctor { url } => doctor::run(&ctx, url.as_deref()),
        Command::Cloud(cmd) => cloud::run(&ctx, cmd),
        Command::Events(args) => events::events(&ctx, args),
        Command::Hooks(cmd) => hooks::run(&ctx, cmd),
    }
}

/// `wabi demo`: a generated store, only into a file named with --db that has no chats yet.
fn demo(cli: &Cli, ctx: &Context, args: &crate::cli::DemoArgs) -> Result<(), CliError> {
    if cli.db.is_none() {
        return Err(CliError::bad(
            "wabi demo writes thousands of made-up chats: name the store with --db FILE",
        ));
    }
    ctx.config()?;
    let mut store = ctx.store()?;
    let all = crate::store::ChatFilter { view: crate::store::ChatView::All, labels: Vec::new() };
    if store.count_chats(&all)? > 0 {
        return Err(CliError::bad(format!(
            "{} has chats already; wabi demo only fills an empty store",
            ctx.db_path.display()
        )));
    }
    let started = std::time::Instant::now();
    let (chats, messages) = (args.chats as usize, args.messages as usize);
    let report = crate::demo::generate(&mut store, chats, messages, crate::store::now_ms(), args.seed)?;
    crate::outln!(
        "wrote {} chats, {} messages ({} labelled chats) in {:.1} s",
        report.chats,
        report.messages,
        report.labelled,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prints a value as pretty JSON.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::failed(e.to_string()))?;
    crate::outln!("{text}");
    Ok(())
}

fn check_config(path: &Path) -> Result<(), CliError> {
    let config = Config::load(path, true)?;
    crate::tui::keymap::Keymap::new(&config.ui.keys)
        .map_err(|(k, m)| crate::config::ConfigError::at_key(path, "ui.keys", &k, m))?;
    let safe = crate::sanitize::one_line;
    crate::outln!("{}: ok", safe(&path.display().to_string()));
    crate::outln!("  business: {}", safe(&config.business.name));
    crate::outln!("  time zone: {}", config.hours.timezone);
    crate::outln!("  transport: {:?}", config.transport.kind);
    crate::outln!("  away cooldown: {}", crate::config::duration::format(config.away.cooldown));
    crate::outln!(
        "  away message: {}, greeting: {}",
        if config.away.enabled { "on" } else { "off" },
        if config.greeting.enabled { "on" } else { "off" }
    );
    Ok(())
}

/// Milliseconds to RFC 3339 UTC ("2026-11-21T10:03:00.000Z"), the CLI's one time format.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
