//! Turning the paths on the command line into the list of blueprint files to read.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::display_name;

/// Expands files and folders into blueprint files: a file is taken as given; a folder yields every
/// `*.yaml`/`*.yml` below it (hidden folders and `*.schema.*` files skipped), sorted. The result is
/// de-duplicated by canonical path and keeps the order of the arguments.
///
/// # Errors
/// One diagnostic per path that does not exist or folder that holds no blueprint.
pub fn blueprint_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    yaml_files(paths, "blueprint")
}

/// Like [`blueprint_files`], naming `what` the files are in its errors.
///
/// # Errors
/// One diagnostic per path that does not exist or folder that holds no YAML file.
pub fn yaml_files(paths: &[PathBuf], what: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_blueprint_name(e.path()))
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            if found.is_empty() {
                errors.push(
                    Diagnostic::error(
                        "io::no-blueprints",
                        format!(
                            "{}: the folder holds no blueprint (*.yaml, *.yml)",
                            display_name(path)
                        ),
                    )
                    .with_help(format!(
                        "pass a folder of {what} files, or the files themselves"
                    )),
                );
            }
            files.extend(found);
        } else {
            errors.push(Diagnostic::error(
                "io::not-found",
                format!("{}: no such file or folder", display_name(path)),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The same file under two spellings (`/tmp/x.yaml`, `../tmp/x.yaml`, a symlink) is one file.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(files)
}

fn is_blueprint_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.contains(".schema.")
}
