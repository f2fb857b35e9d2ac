//! `wabi labels`: list, add, rename, recolor, rm, assign, unassign.

use serde::Serialize;

use super::{CliError, Context, print_json};
use crate::cli::LabelsCmd;
use crate::store::{ContactKey, LabelColor, PALETTE, Store};

#[derive(Serialize)]
struct Json<'a> {
    name: &'a str,
    color: &'a str,
    chats: i64,
}

pub fn run(ctx: &Context, cmd: &LabelsCmd) -> Result<(), CliError> {
    ctx.config()?;
    let mut store = ctx.store()?;
    match cmd {
        LabelsCmd::List { json } => return list(&store, *json),
        LabelsCmd::Add { name, color } => {
            let color = match color {
                Some(c) => LabelColor::parse(c)?,
                None => first_free_color(&store)?,
            };
            store.add_label(name, color)?;
            crate::outln!("added label {:?} ({})", name.trim(), color.name());
        }
        LabelsCmd::Rename { old, new } => {
            store.rename_label(old, new)?;
            crate::outln!("renamed {old:?} to {new:?}");
        }
        LabelsCmd::Recolor { name, color } => {
            store.recolor_label(name, LabelColor::parse(color)?)?;
            crate::outln!("{name:?} is {color} now");
        }
        LabelsCmd::Rm { name } => {
            store.remove_label(name)?;
            crate::outln!("removed label {name:?}");
        }
        LabelsCmd::Assign { phone, name } | LabelsCmd::Unassign { phone, name } => {
            let key = ContactKey::parse(phone)?;
            let label = store.label_by_name(name)?;
            let chat = store.require_chat(&key)?;
            let assign = matches!(cmd, LabelsCmd::Assign { .. });
            let changed = if assign {
                store.assign_label(chat, label.id)?
            } else {
                store.unassign_label(chat, label.id)?
            };
            let verb = if assign { "on" } else { "off" };
            let note = if changed { "" } else { " (it was already)" };
            crate::outln!("{:?} {verb} {key}{note}", label.name);
        }
    }
    Ok(())
}

fn list(store: &Store, json: bool) -> Result<(), CliError> {
    let labels = store.labels()?;
    if json {
        let out: Vec<Json<'_>> =
            labels.iter().map(|l| Json { name: &l.name, color: l.color.name(), chats: l.chats }).collect();
        return print_json(&out);
    }
    for l in &labels {
        crate::outln!(
            "{:<24} {:<8} {:>6} chats",
            crate::sanitize::one_line(&l.name),
            l.color.name(),
            l.chats
        );
    }
    Ok(())
}

/// The first palette colour no label uses yet (gray when all are taken).
fn first_free_color(store: &Store) -> Result<LabelColor, CliError> {
    let used: Vec<LabelColor> = store.labels()?.iter().map(|l| l.color).collect();
    Ok((0..PALETTE.len()).map(LabelColor).find(|c| !used.contains(c)).unwrap_or(LabelColor(18)))
}
