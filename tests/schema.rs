//! The checked-in JSON Schema is what the Rust types generate, and every example blueprint is
//! valid against it — checked by the jsonschema crate on a plain YAML → JSON conversion, not
//! through twinstack's own loader.

use std::path::Path;

use twinstack::blueprint::schema::blueprint_schema_text;

const SCHEMA_PATH: &str = "blueprints/blueprint.schema.json";
const MODELINE: &str = "# yaml-language-server: $schema=./blueprint.schema.json";

fn examples() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("blueprints")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the four example blueprints are missing");
    files
}

#[test]
fn checked_in_schema_is_current() {
    let on_disk = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    if on_disk != blueprint_schema_text() {
        if std::env::var_os("TWINSTACK_UPDATE_SCHEMA").is_some() {
            std::fs::write(SCHEMA_PATH, blueprint_schema_text()).unwrap();
        } else {
            panic!(
                "{SCHEMA_PATH} is stale: run `cargo run -- schema > {SCHEMA_PATH}` \
                 (or TWINSTACK_UPDATE_SCHEMA=1 cargo test --test schema)"
            );
        }
    }
}

#[test]
fn every_example_is_valid_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn every_example_starts_with_the_schema_modeline() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().next(), Some(MODELINE), "{}", path.display());
        let target = Path::new("blueprints").join("blueprint.schema.json");
        assert!(target.exists());
    }
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let bad = serde_json::json!({
        "version": 1, "name": "ok-name", "owner": "a@example.com", "residency": "us",
        "clouds": { "aws": { "region": "us-east-1", "cidr": "10.0.0.0/16" } },
        "models": [{ "name": "m", "model": "gpt-4o", "routing": "everywhere" }],
        "surprise": true
    });
    assert_eq!(validator.iter_errors(&bad).count(), 2);
}
