//! Loading one blueprint: read → YAML tree → schema → typed → catalog checks.
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
            diagnostics: vec![e.to_diagnostic()],
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
    let json = tree.to_json();
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
