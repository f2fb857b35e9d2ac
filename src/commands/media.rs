//! `wabi media fetch`: download an inbound attachment on demand and print where it is.

use super::{CliError, Context};
use crate::transport::cloud::media::{self, MediaError};

pub fn fetch(ctx: &Context, message_id: i64) -> Result<(), CliError> {
    let config = ctx.config()?;
    let mut store = ctx.store()?;
    match media::fetch_for(&config, &mut store, message_id) {
        Ok(path) => {
            crate::outln!("{}", crate::sanitize::one_line(&path.display().to_string()));
            Ok(())
        }
        Err(e) => Err(media_error(&e)),
    }
}

fn media_error(e: &MediaError) -> CliError {
    if e.is_bad_input() { CliError::bad(e.to_string()) } else { CliError::failed(e.to_string()) }
}
