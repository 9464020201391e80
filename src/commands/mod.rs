//! One module per subcommand.

pub mod catalog;
pub mod cost;
pub mod graph;
pub mod id_suggest;
pub mod init;
pub mod inputs;
pub mod lint;
pub mod lint_output;
pub mod packs;
pub mod render;
pub mod render_check;
pub mod rules;
pub mod schema;
