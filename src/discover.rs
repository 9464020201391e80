//! Turning the paths on the command line into the list of blueprint files to read.
//!
//! Nothing is skipped silently: a linked file is read like any other, a folder link is followed
//! (a link back to a folder above it is reported, not looped through), and a folder that cannot
//! be read, a broken link or a device where a file should be are each an error naming the path.
//! `-` stands for standard input where the command reads it.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source::display_name;

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// Expands files and folders into blueprint files: a file is taken as given; a folder yields every
/// `*.yaml`/`*.yml` below it (hidden folders and `*.schema.*` files skipped), sorted. The result is
/// de-duplicated by canonical path and keeps the order of the arguments.
///
/// # Errors
/// One diagnostic per path that does not exist or cannot be read, and per folder that holds no
/// blueprint.
pub fn blueprint_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    collect(paths, "blueprint", false)
}

/// Like [`blueprint_files`], keeping `-` (standard input) in the list.
///
/// # Errors
/// As [`blueprint_files`].
pub fn blueprint_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    collect(paths, "blueprint", true)
}

/// Like [`blueprint_files`], naming `what` the files are in its errors.
///
/// # Errors
/// One diagnostic per path that does not exist or cannot be read, and per folder that holds no
/// YAML file.
pub fn yaml_files(paths: &[PathBuf], what: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    collect(paths, what, false)
}

fn collect(paths: &[PathBuf], what: &str, stdin: bool) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            if stdin {
                files.push(path.clone());
            } else {
                errors.push(
                    Diagnostic::error(
                        "io::stdin",
                        "`-` (standard input) is read by `twinstack lint` only",
                    )
                    .with_help("save the blueprint to a file and pass its path"),
                );
            }
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let before = errors.len();
                let found = walk(path, &mut errors);
                if found.is_empty() && errors.len() == before {
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
            }
            Ok(meta) => match not_readable_kind(&meta, true) {
                None => files.push(path.clone()),
                Some(kind) => errors.push(not_a_file(path, kind)),
            },
            Err(e) => errors.push(unreachable_path(path, &e)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The same file under two spellings (`/tmp/x.yaml`, `../tmp/x.yaml`, a link, a linked
    // folder) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(files)
}

/// Every blueprint file below `root`, sorted; what cannot be read goes to `errors`.
fn walk(root: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if is_blueprint_name(e.path()) => {
                // A pipe in a folder would wait for a writer forever; it is read when named.
                match e.metadata().ok().and_then(|m| not_readable_kind(&m, false)) {
                    None => found.push(e.into_path()),
                    Some(kind) => errors.push(not_a_file(e.path(), kind)),
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(walk_error(root, &e)),
        }
    }
    found.sort();
    found
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(root);
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(
            "io::link-loop",
            format!(
                "{}: the folder link leads back to {}, which is already being read",
                display_name(path),
                display_name(ancestor)
            ),
        )
        .with_help("remove the link, or pass the folders it should read instead");
    }
    match e.io_error() {
        Some(io) if io.kind() == ErrorKind::NotFound && is_link(path) => broken_link(path),
        Some(io) => Diagnostic::error(
            "io::unreadable-folder",
            format!(
                "{}: cannot read the folder: {}",
                display_name(path),
                crate::source::io_reason(io)
            ),
        )
        .with_help("make it readable, or pass the folders and files to read instead"),
        None => Diagnostic::error(
            "io::unreadable-folder",
            format!("{}: cannot read: {e}", display_name(path)),
        ),
    }
}

/// `None` for what twinstack reads (a regular file, or a pipe where `pipe`); otherwise what it is.
fn not_readable_kind(meta: &std::fs::Metadata, pipe: bool) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return (!pipe).then_some("a named pipe (pass it by name to read it)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn not_a_file(path: &Path, kind: &str) -> Diagnostic {
    let kind = kind.strip_prefix("not ").unwrap_or(kind);
    Diagnostic::error(
        "io::not-a-file",
        format!("{}: not a file but {kind}", display_name(path)),
    )
    .with_help("pass a blueprint file, a folder of them, or `-` for standard input")
}

fn unreachable_path(path: &Path, e: &std::io::Error) -> Diagnostic {
    if e.kind() == ErrorKind::NotFound {
        if is_link(path) {
            return broken_link(path);
        }
        return Diagnostic::error(
            "io::not-found",
            format!("{}: no such file or folder", display_name(path)),
        );
    }
    Diagnostic::error(
        "io::read",
        format!(
            "{}: cannot read: {}",
            display_name(path),
            crate::source::io_reason(e)
        ),
    )
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn broken_link(path: &Path) -> Diagnostic {
    let target = std::fs::read_link(path)
        .map(|t| display_name(&t))
        .unwrap_or_default();
    Diagnostic::error(
        "io::broken-link",
        format!(
            "{}: the link points to {target}, which does not exist",
            display_name(path)
        ),
    )
    .with_help("fix or remove the link")
}

fn is_blueprint_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.contains(".schema.")
}
