//! Blueprints: the format's types, its JSON Schema, and the strict loader.

mod checks;
mod load;
pub mod model;
pub mod reference;
pub mod schema;

pub use load::{LoadFailure, LoadedBlueprint, load_file, load_source, load_stdin};
