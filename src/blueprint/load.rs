//! Loading one blueprint: read → YAML tree → plain text → schema → typed → catalog checks.
//!
//! Each stage reports every problem it finds; the next stage runs only on a clean result, so a
//! user sees all structural errors of a file at once and never a cascade of follow-on errors.

use std::path::Path as FsPath;

use super::checks::check;
use super::model::Blueprint;
use super::schema;
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Limits, Node, Path};

/// A blueprint that passed every load-time check, with the tree that locates its values.
#[derive(Debug, Clone)]
pub struct LoadedBlueprint {
    pub file: SourceFile,
    pub tree: Node,
    pub blueprint: Blueprint,
}

impl LoadedBlueprint {
    /// The span of the value at a dotted path, or of its nearest present parent.
    #[must_use]
    pub fn locate(&self, path: &Path) -> yaml::Located {
        self.tree.locate(path)
    }
}

/// A blueprint that cannot be used, and why.
pub type LoadFailure = crate::diagnostic::FileDiagnostics;

/// Reads and loads a blueprint file.
///
/// # Errors
/// The file and its diagnostics; an unreadable file gets an empty source and one diagnostic.
pub fn load_file(path: &FsPath, catalog: &Catalog) -> Result<LoadedBlueprint, LoadFailure> {
    match SourceFile::read(path) {
        Ok(file) => load_source(file, catalog),
        Err(e) => Err(LoadFailure {
            file: SourceFile::from_text(e.name.clone(), ""),
            diagnostics: vec![Diagnostic::from(&e)],
        }),
    }
}

/// Reads and loads a blueprint from standard input, shown as `name` in locations.
///
/// # Errors
/// As [`load_file`].
pub fn load_stdin(name: &str, catalog: &Catalog) -> Result<LoadedBlueprint, LoadFailure> {
    match SourceFile::read_stdin(name) {
        Ok(file) => load_source(file, catalog),
        Err(e) => Err(LoadFailure {
            file: SourceFile::from_text(e.name.clone(), ""),
            diagnostics: vec![Diagnostic::from(&e)],
        }),
    }
}

/// Loads a blueprint from its text.
///
/// # Errors
/// Every diagnostic of the first stage that found any.
pub fn load_source(file: SourceFile, catalog: &Catalog) -> Result<LoadedBlueprint, LoadFailure> {
    let tree = match yaml::parse(file.text(), Limits::default()) {
        Ok(tree) => tree,
        Err(diagnostics) => return Err(LoadFailure { file, diagnostics }),
    };
    let diagnostics = crate::yaml::text::check(&file, &tree);
    if !diagnostics.is_empty() {
        return Err(LoadFailure { file, diagnostics });
    }
    let mut json = tree.to_json();
    whole_floats_as_integers(&mut json);
    let diagnostics = schema::validate(&tree, &json);
    if !diagnostics.is_empty() {
        return Err(LoadFailure { file, diagnostics });
    }
    let blueprint: Blueprint = match serde_json::from_value(json) {
        Ok(b) => b,
        Err(e) => {
            // The schema is generated from these types, so this is a twinstack bug; say so clearly.
            let d = Diagnostic::error(
                "schema::internal",
                format!("the blueprint passed the schema but not the loader: {e}"),
            )
            .with_label(tree.span, "this document")
            .with_help("please report this as a twinstack bug, with the file");
            return Err(LoadFailure {
                file,
                diagnostics: vec![d],
            });
        }
    };
    let diagnostics = check(&blueprint, &tree, catalog);
    if !diagnostics.is_empty() {
        return Err(LoadFailure { file, diagnostics });
    }
    Ok(LoadedBlueprint {
        file,
        tree,
        blueprint,
    })
}

/// Every number in a blueprint is a whole number, and JSON Schema calls `90.0` or `1e6` one; the
/// typed loader would not, so such floats become integers here (those too large for 64 bits
/// stay floats and fail the schema's range with their location).
fn whole_floats_as_integers(json: &mut serde_json::Value) {
    use serde_json::Value as J;
    match json {
        J::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) {
                // 2^64 and -2^63 are exact as f64; `as` saturates, so test the range first.
                if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                    *json = J::from(f as u64);
                } else if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
                    *json = J::from(f as i64);
                }
            }
        }
        J::Array(items) => items.iter_mut().for_each(whole_floats_as_integers),
        J::Object(map) => map.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}
