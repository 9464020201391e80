//! `twinstack schema`: the blueprint JSON Schema on standard output.

use crate::blueprint::schema::blueprint_schema_text;
use crate::output::{Exit, print};

#[must_use]
pub fn run() -> Exit {
    print(&blueprint_schema_text());
    Exit::Clean
}
