//! `wabi profile show [--json]` and `wabi profile push [--picture FILE]`: the WhatsApp business
//! profile, read from Meta and written from `[business]` (limits checked before anything is sent).

use std::path::PathBuf;

use clap::Subcommand;

use super::templates::{graph, graph_failed};
use super::{CliError, Context, print_json};
use crate::transport::cloud::{profile, resumable};

#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// Show the business profile as WhatsApp shows it
    Show {
        /// Print JSON: {about, address, description, email, websites, vertical, profile_picture_url}
        #[arg(long)]
        json: bool,
    },
    /// Write [business] about, description, address, email, websites and vertical to the profile
    Push {
        /// Also upload this picture (.jpg or .png) as the profile picture (needs [transport.cloud] app_id)
        #[arg(long, value_name = "FILE")]
        picture: Option<PathBuf>,
    },
}

pub fn run(ctx: &Context, cmd: &ProfileCmd) -> Result<(), CliError> {
    let config = ctx.config()?;
    let cloud = &config.transport.cloud;
    let pnid = cloud.phone_number_id.trim();
    if pnid.is_empty() {
        return Err(CliError::bad(
            "transport.cloud.phone_number_id is empty: set it to your number's id from Meta",
        ));
    }
    match cmd {
        ProfileCmd::Show { json } => {
            let graph = graph(&config)?;
            let p = profile::show(&graph, pnid).map_err(graph_failed)?;
            if *json {
                return print_json(&p);
            }
            let line = |k: &str, v: Option<&str>| {
                crate::outln!("{k:<12} {}", v.map(crate::sanitize::one_line).unwrap_or_else(|| "-".into()));
            };
            line("about", p.about.as_deref());
            line("description", p.description.as_deref());
            line("address", p.address.as_deref());
            line("email", p.email.as_deref());
            line("websites", Some(&p.websites.join(" ")).filter(|w| !w.is_empty()).map(String::as_str));
            line("vertical", p.vertical.as_deref());
            line("picture", p.profile_picture_url.as_deref());
            Ok(())
        }
        ProfileCmd::Push { picture } => {
            // Everything that can be checked is, before the first call.
            profile::push_body(&config.business, &config.hours, None).map_err(CliError::bad)?;
            if let Some(path) = picture {
                resumable::picture_type(path).map_err(CliError::bad)?;
                if cloud.app_id.trim().is_empty() {
                    return Err(CliError::bad(
                        "transport.cloud.app_id is empty: a profile picture is uploaded to your Meta app; set its id",
                    ));
                }
            }
            let graph = graph(&config)?;
            let handle = match picture {
                Some(path) => Some(resumable::upload_picture(&graph, cloud.app_id.trim(), path).map_err(
                    |e| match e {
                        resumable::UploadError::Bad(m) => CliError::bad(m),
                        resumable::UploadError::Graph(g) => graph_failed(g),
                    },
                )?),
                None => None,
            };
            let body = profile::push_body(&config.business, &config.hours, handle.as_deref())
                .map_err(CliError::bad)?;
            profile::push(&graph, pnid, &body).map_err(graph_failed)?;
            let fields: Vec<&str> = body
                .as_object()
                .map(|o| o.keys().map(String::as_str).filter(|k| *k != "messaging_product").collect())
                .unwrap_or_default();
            crate::outln!("profile updated: {}", fields.join(", "));
            Ok(())
        }
    }
}
