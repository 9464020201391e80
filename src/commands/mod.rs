//! One module per subcommand.

pub mod catalog;
pub mod cost;
pub mod graph;
pub mod init;
pub mod lint;
pub mod packs;
pub mod render;
pub mod rules;
pub mod schema;
