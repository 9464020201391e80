//! The blueprint JSON Schema, generated from the Rust types in `model`: the file editors use
//! (`blueprints/blueprint.schema.json`) and the validator the loader runs first.

use std::sync::OnceLock;

use serde_json::Value as Json;

use super::model::Blueprint;
use crate::diagnostic::Diagnostic;
use crate::schema_check::{SchemaValidator, generate_bounded, to_text};
use crate::yaml::Node;

/// The file name editors find beside the examples.
pub const SCHEMA_FILE: &str = "blueprint.schema.json";

fn validator() -> &'static SchemaValidator {
    static VALIDATOR: OnceLock<SchemaValidator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema =
            generate_bounded::<Blueprint>(&format!("https://twinstack.dev/schemas/{SCHEMA_FILE}"));
        SchemaValidator::new(schema, "the blueprint")
    })
}

/// The blueprint JSON Schema.
#[must_use]
pub fn blueprint_schema() -> &'static Json {
    validator().schema()
}

/// The schema as the pretty JSON checked in at `blueprints/blueprint.schema.json`.
#[must_use]
pub fn blueprint_schema_text() -> String {
    to_text(blueprint_schema())
}

/// Validates a blueprint tree; returns one diagnostic per problem, in source order.
#[must_use]
pub fn validate(tree: &Node, json: &Json) -> Vec<Diagnostic> {
    validator().validate(tree, json)
}
