//! `twinstack schema [blueprint|pack|catalog]`: the JSON Schema of blueprints (checked in as
//! `blueprints/blueprint.schema.json`), of policy packs (`policies/pack.schema.json`) or of
//! catalog files and overlays (`catalog/catalog.schema.json`).

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
    /// Catalog files and overlays (`--catalog DIR`).
    Catalog,
}

#[must_use]
pub fn run(which: Which) -> Exit {
    print(&match which {
        Which::Blueprint => blueprint_schema_text(),
        Which::Pack => pack_schema_text(),
        Which::Catalog => crate::catalog::catalog_schema_text(),
    });
    Exit::Clean
}
