//! `twinstack schema [blueprint|pack]`: the JSON Schema of blueprints (checked in as
//! `blueprints/blueprint.schema.json`) or of policy packs (`policies/pack.schema.json`).

use clap::ValueEnum;

use crate::blueprint::schema::blueprint_schema_text;
use crate::output::{Exit, print};
use crate::policy::set::pack_schema_text;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// Blueprint files.
    #[default]
    Blueprint,
    /// Policy-pack files.
    Pack,
}

#[must_use]
pub fn run(which: Which) -> Exit {
    print(&match which {
        Which::Blueprint => blueprint_schema_text(),
        Which::Pack => pack_schema_text(),
    });
    Exit::Clean
}
