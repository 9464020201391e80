//! One module per subcommand.

pub mod catalog;
pub mod lint;
pub mod rules;
pub mod schema;
