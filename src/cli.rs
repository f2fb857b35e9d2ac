//! The command line: clap definitions of every subcommand. Behaviour lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// wabi — a terminal inbox for your business's WhatsApp.
///
/// With no command, opens the inbox on the configured store.
#[derive(Debug, Parser)]
#[command(name = "wabi", version, about, long_about = None)]
pub struct Cli {
    /// Config file [default: $WABI_CONFIG, else <config dir>/wabi/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Store file [default: $WABI_DB, else <data dir>/wabi/wabi.db]
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Open the inbox on a throwaway demo store with simulated customers
    #[arg(long)]
    pub demo: bool,

    /// After the inbox closes, print how long opening, the first frame and key presses took
    #[arg(long)]
    pub print_timings: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter config to the config path (--interactive asks about your shop)
    Init(crate::commands::init::InitArgs),
    /// Check a config file and print what it means
    CheckConfig {
        /// The file [default: the config wabi would use]
        file: Option<PathBuf>,
    },
    /// Record an inbound message as a transport would
    Inject(InjectArgs),
    /// Queue an outbound message (the worker sends it)
    Send(SendArgs),
    /// React to a message with an emoji ("" removes our reaction)
    React(ReactArgs),
    /// List chats, most recent first
    Chats(ChatsArgs),
    /// List the messages of a chat, oldest first
    Messages(MessagesArgs),
    /// Run the worker (and the webhook server) headless until SIGTERM or Ctrl-C; SIGHUP reloads
    Serve(ServeArgs),
    /// Attachments of inbound messages (Cloud API)
    #[command(subcommand)]
    Media(MediaCmd),
    /// The manual away switch: away message now (also inside business hours), or back
    #[command(subcommand)]
    Away(crate::commands::away::AwayCmd),
    /// Contacts: names, consent to broadcasts, and a person's data on request (export, erase)
    #[command(subcommand)]
    Contacts(crate::commands::contacts::ContactsCmd),
    /// Broadcast lists: one private message to each member who may receive it
    #[command(subcommand)]
    Broadcast(crate::commands::broadcast::BroadcastCmd),
    /// Write a large generated store for trying wabi at scale (needs --db; never touches a store with chats)
    Demo(DemoArgs),
    /// Quick replies: answers inserted by typing /shortcut in the composer
    #[command(subcommand, name = "quick-replies")]
    QuickReplies(QuickRepliesCmd),
    /// Labels: organise chats and filter the inbox by them
    #[command(subcommand)]
    Labels(LabelsCmd),
    /// Statistics per label: received, sent, delivered, read, first response times
    Stats(StatsArgs),
    /// Import chat exports from the phone (.txt, or .zip with media); re-importing adds nothing
    Import(ImportArgs),
    /// Every change in the store, one line each, in order; --follow keeps streaming
    Events(EventsArgs),
    /// Hooks from [[hooks]] in the config: how their deliveries go, and resuming a paused one
    #[command(subcommand)]
    Hooks(crate::commands::hooks::HooksCmd),
    /// The Cloud API number: history sync status, and syncing the WhatsApp Business app's data
    #[command(subcommand)]
    Cloud(crate::commands::cloud::CloudCmd),
    /// Message templates: sync them from Meta, list them with their status and text
    #[command(subcommand)]
    Templates(crate::commands::templates::TemplatesCmd),
    /// The WhatsApp business profile: show it, or push [business] to it
    #[command(subcommand)]
    Profile(crate::commands::profile::ProfileCmd),
    /// Block a customer on WhatsApp (`wabi block PHONE`), or list who is blocked (`wabi block list`)
    Block {
        /// The customer's phone number, or `list`
        #[arg(value_name = "PHONE|list")]
        target: String,
        /// With `list`: print JSON, a list of numbers
        #[arg(long)]
        json: bool,
    },
    /// Unblock a customer on WhatsApp
    Unblock {
        #[arg(value_name = "PHONE")]
        phone: String,
    },
    /// Check a Cloud API set-up end to end: one line per check with the fix; exit 1 at the first failure
    Doctor {
        /// The public callback URL Meta calls (through your proxy or tunnel), to check it answers
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
    /// Copy the store consistently while the inbox and `wabi serve` run (SQLite's online backup)
    Backup {
        /// The copy: a file (replaced atomically), or a folder for a dated file
        dest: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A file of NAME=value lines (as systemd's EnvironmentFile) whose values take precedence over
    /// the environment; read at start and again on SIGHUP, so a new access token needs no restart
    #[arg(long, env = "WABI_ENV_FILE", value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Keep streaming new events as they happen (without --since: only new ones)
    #[arg(long)]
    pub follow: bool,
    /// Start after this cursor, as printed (STORE:N); 0 for everything kept
    #[arg(long, value_name = "CURSOR")]
    pub since: Option<String>,
    /// Print NDJSON: one {cursor, kind, at, ...} object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// today, 7d, 30d, 90d, all, or YYYY-MM-DD..YYYY-MM-DD (days in the business time zone)
    #[arg(long, default_value = "30d")]
    pub range: String,
    /// Only this label (the total and the unlabelled chats are still shown)
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
    /// Print JSON: {range, total, unlabelled, labels: [...]}
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV, one line per group
    #[arg(long)]
    pub csv: bool,
    /// Recompute every tally from the messages; exit 1 listing any difference
    #[arg(long, conflicts_with_all = ["json", "csv"])]
    pub verify: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many chats
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub chats: u32,
    /// How many messages in all (skewed: a few chats get tens of thousands)
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    pub messages: u32,
    /// Seed of the generator (the same seed writes the same store)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum QuickRepliesCmd {
    /// List quick replies
    List {
        /// Print JSON: [{shortcut, text, uses}]
        #[arg(long)]
        json: bool,
    },
    /// Add a quick reply (shortcut: 1-25 letters, digits, _ or -)
    Add { shortcut: String, text: String },
    /// Replace the text of a quick reply
    Edit { shortcut: String, text: String },
    /// Delete a quick reply
    Rm { shortcut: String },
    /// Add or replace quick replies from a TOML file written by `export`
    Import { file: PathBuf },
    /// Print every quick reply as TOML (to keep them in git)
    Export,
}

#[derive(Debug, Subcommand)]
pub enum LabelsCmd {
    /// List labels with their chat counts
    List {
        /// Print JSON: [{name, color, chats}]
        #[arg(long)]
        json: bool,
    },
    /// Add a label
    Add {
        name: String,
        /// One of the 20 palette colours [default: the first one not in use]
        #[arg(long)]
        color: Option<String>,
    },
    /// Rename a label
    Rename { old: String, new: String },
    /// Give a label another colour
    Recolor { name: String, color: String },
    /// Delete a label and its assignments
    Rm { name: String },
    /// Put a label on a chat
    Assign { phone: String, name: String },
    /// Take a label off a chat
    Unassign { phone: String, name: String },
}

#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The customer's phone number (or WhatsApp user id)
    #[arg(long, value_name = "PHONE")]
    pub from: String,
    /// The customer's profile name
    #[arg(long)]
    pub name: Option<String>,
    /// Provider message id; injecting the same id again is a no-op
    #[arg(long, value_name = "EXTERNAL_ID")]
    pub id: Option<String>,
    /// When the message was written (RFC 3339) [default: now]
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// The message text
    pub text: String,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The customer's phone number (or WhatsApp user id of a known chat)
    #[arg(long, value_name = "PHONE", required_unless_present = "csv")]
    pub to: Option<String>,
    /// The message text
    #[arg(required_unless_present_any = ["template", "files"], conflicts_with_all = ["template", "files"])]
    pub text: Option<String>,
    /// With --template: one message per row of this file (phone, then the template's parameters
    /// by name or position; a header line is optional), paced like broadcasts
    #[arg(long, value_name = "FILE", requires = "template", conflicts_with_all = ["to", "params"])]
    pub csv: Option<PathBuf>,
    /// Send this approved template from [[templates]] instead of text (Cloud API)
    #[arg(long, value_name = "NAME", conflicts_with = "files")]
    pub template: Option<String>,
    /// Send a file (photo, video, audio, document, sticker; the type is read from its bytes);
    /// repeat for several, one message each
    #[arg(long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// The caption of the first --file
    #[arg(long, value_name = "TEXT", requires = "files")]
    pub caption: Option<String>,
    /// Quote this message (its wabi id, or its wamid): the reply shows it above the text
    #[arg(long, value_name = "MESSAGE", conflicts_with = "template")]
    pub reply_to: Option<String>,
    /// A template parameter, in order; repeat for each
    #[arg(long = "param", value_name = "VALUE", requires = "template")]
    pub params: Vec<String>,
    /// The link of the image, video or document of a template with a media header
    #[arg(long, value_name = "URL", requires = "template")]
    pub header_link: Option<String>,
    /// The value of a URL button that takes one, in order; repeat for each
    #[arg(long = "button", value_name = "VALUE", requires = "template")]
    pub buttons: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReactArgs {
    /// The message: its wabi id (as `wabi messages --json` prints it) or its wamid
    pub message: String,
    /// One emoji; "" removes our reaction
    pub emoji: String,
}

#[derive(Debug, Subcommand)]
pub enum MediaCmd {
    /// Download a message's attachment into the media folder and print its path
    Fetch {
        /// The message id (as `wabi messages --json` prints it)
        message_id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ChatsArgs {
    /// Only chats carrying this label
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
    /// Print JSON: [{id, phone, user_id, name, labels, unread, status, last_at}]
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MessagesArgs {
    /// The chat: the customer's phone number or WhatsApp user id
    #[arg(long, value_name = "PHONE_OR_USER_ID")]
    pub chat: String,
    /// How many of the newest messages
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub limit: u32,
    /// Print JSON: [{id, external_id, direction, kind, body, status, origin, at, error}]
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Export files as the phone writes them: the chat's .txt, or the .zip with its media
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The business's own author name in the export; repeat for several [default: business.name]
    #[arg(long, value_name = "NAME")]
    pub me: Vec<String>,
    /// The customer's phone number, for every FILE [default: from a file name like
    /// "WhatsApp Chat with +49 151 2345678.txt"]
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// Time zone the export's times were written in [default: hours.timezone]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// The year of the first message, for old exports whose dates have none ("Mar 5, 8:11 PM")
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(2009..=2100))]
    pub year: Option<u16>,
    /// Read and check only: nothing stored, no media copied
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON: [{file, layout, phone, customer, messages, by_kind, lines, before_first,
    /// in_messages, read_as, cut, inserted, duplicates, media, dry_run, skipped: [{line, text,
    /// reason}]}]
    #[arg(long)]
    pub json: bool,
}
