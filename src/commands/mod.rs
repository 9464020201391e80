//! One module per subcommand.

pub mod catalog;
pub mod graph;
pub mod lint;
pub mod render;
pub mod rules;
pub mod schema;
