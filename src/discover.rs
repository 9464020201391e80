//! Turning the paths on the command line into the list of blueprint files to read.
//!
//! Nothing is skipped silently: a linked file is read like any other, a folder link is followed
//! (a link back to a folder above it is reported, not looped through), and a folder that cannot
//! be read, a broken link or a device where a file should be are each an error naming the path.
//! `-` stands for standard input where the command reads it.
//!
//! A folder walk fits a repository: `.gitignore`, `.ignore` and git's exclude files are respected
//! (the `ignore` crate, as ripgrep), then the `exclude`/`include` globs of `twinstack.toml`
//! ([`crate::file_filter`]). A file named on the command line is always read, even when ignored.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::file_filter::FileFilter;
use crate::source::display_name;

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// How a folder walk chooses files; the default respects ignore files only.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions<'a> {
    /// The `exclude`/`include` globs of `twinstack.toml`.
    pub filter: Option<&'a FileFilter>,
    /// Also say which YAML files and folders were passed over, and why (`--verbose`).
    pub explain: bool,
}

/// What a walk found: the files to read, and (when asked) what it passed over.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// A file or folder a walk passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Expands files and folders into blueprint files: a file is taken as given; a folder yields every
/// `*.yaml`/`*.yml` below it (hidden folders and `*.schema.*` files skipped), sorted. The result is
/// de-duplicated by canonical path and keeps the order of the arguments.
///
/// # Errors
/// One diagnostic per path that does not exist or cannot be read, and per folder that holds no
/// blueprint.
pub fn blueprint_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    files_only(collect(paths, "blueprint", false, WalkOptions::default()))
}

/// Like [`blueprint_files`], keeping `-` (standard input) in the list.
///
/// # Errors
/// As [`blueprint_files`].
pub fn blueprint_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    files_only(collect(paths, "blueprint", true, WalkOptions::default()))
}

/// Like [`blueprint_files`] (with `-` kept when `stdin`), walking folders as `options` say. What
/// was skipped is returned with the errors too (a folder whose every file was skipped is one).
///
/// # Errors
/// As [`blueprint_files`], with what was skipped.
pub fn find_blueprints(
    paths: &[PathBuf],
    stdin: bool,
    options: WalkOptions<'_>,
) -> Result<Found, (Vec<Diagnostic>, Vec<Skipped>)> {
    let (found, errors) = collect(paths, "blueprint", stdin, options);
    if errors.is_empty() {
        Ok(found)
    } else {
        Err((errors, found.skipped))
    }
}

fn files_only((found, errors): (Found, Vec<Diagnostic>)) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    if errors.is_empty() {
        Ok(found.files)
    } else {
        Err(errors)
    }
}

/// Like [`blueprint_files`], naming `what` the files are in its errors.
///
/// # Errors
/// One diagnostic per path that does not exist or cannot be read, and per folder that holds no
/// YAML file.
pub fn yaml_files(paths: &[PathBuf], what: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    files_only(collect(paths, what, false, WalkOptions::default()))
}

/// The files and what was skipped, and the errors (the files are incomplete when there are any).
fn collect(
    paths: &[PathBuf],
    what: &str,
    stdin: bool,
    options: WalkOptions<'_>,
) -> (Found, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
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
                let skipped_before = skipped.len();
                let found = walk(path, options, &mut errors, &mut skipped);
                if found.is_empty() && errors.len() == before {
                    let passed_over = skipped.len() - skipped_before;
                    let help = if options.explain && passed_over > 0 {
                        format!(
                            "{passed_over} file(s) or folder(s) in it were skipped, as listed above; a file named on the command line is read anyway"
                        )
                    } else {
                        format!(
                            "pass a folder of {what} files, or the files themselves; `--verbose` lists what a folder walk skips (hidden, .gitignore, `exclude` in twinstack.toml)"
                        )
                    };
                    errors.push(
                        Diagnostic::error(
                            "io::no-blueprints",
                            format!(
                                "{}: the folder holds no blueprint (*.yaml, *.yml)",
                                display_name(path)
                            ),
                        )
                        .with_help(help),
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
        return (Found { files, skipped }, errors);
    }
    // The same file under two spellings (`/tmp/x.yaml`, `../tmp/x.yaml`, a link, a linked
    // folder) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    (Found { files, skipped }, Vec::new())
}

/// Every blueprint file below `root`, sorted; what cannot be read goes to `errors`, and what
/// was passed over to `skipped` when `options.explain`.
///
/// `.gitignore`, `.ignore` and git's exclude files are respected as ripgrep does (also outside a
/// git repository, and those of the folders above `root`), hidden files and folders are passed
/// over, and then the config's globs apply.
fn walk(
    root: &Path,
    options: WalkOptions<'_>,
    errors: &mut Vec<Diagnostic>,
    skipped: &mut Vec<Skipped>,
) -> Vec<PathBuf> {
    let start = skipped.len();
    let by_config: Arc<Mutex<Vec<Skipped>>> = Arc::default();
    let mut builder = ignore::WalkBuilder::new(root);
    builder.follow_links(true).require_git(false).hidden(true);
    if let Some(filter) = options.filter.cloned() {
        let record = Arc::clone(&by_config);
        builder.filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let Some(reason) = filter.skip_reason(e.path(), is_dir) else {
                return true;
            };
            if (is_dir || is_yaml_name(e.path()))
                && let Ok(mut list) = record.lock()
            {
                list.push(Skipped {
                    path: e.path().to_path_buf(),
                    reason,
                });
            }
            false
        });
    }
    let mut found = Vec::new();
    let mut seen_dirs = Vec::new();
    let mut seen = HashSet::new();
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                if options.explain {
                    seen.insert(e.path().to_path_buf());
                }
                if e.file_type().is_some_and(|t| t.is_dir()) {
                    seen_dirs.push(e.into_path());
                } else if is_blueprint_name(e.path()) {
                    // A pipe in a folder would wait for a writer forever; it is read when named.
                    match e.metadata().ok().and_then(|m| not_readable_kind(&m, false)) {
                        None => found.push(e.into_path()),
                        Some(kind) => errors.push(not_a_file(e.path(), kind)),
                    }
                } else if options.explain && is_yaml_name(e.path()) {
                    skipped.push(Skipped {
                        path: e.into_path(),
                        reason: "a schema file, not a blueprint".to_owned(),
                    });
                }
            }
            Err(e) => match walk_error(root, &e) {
                Some(d) => errors.push(d),
                None if options.explain => skipped.push(Skipped {
                    path: root.to_path_buf(),
                    reason: format!("an ignore file could not be read in full: {e}"),
                }),
                None => {}
            },
        }
    }
    if let Ok(mut list) = by_config.lock() {
        skipped.append(&mut list);
    }
    if options.explain {
        skipped.extend(ignored_children(&seen_dirs, &seen, skipped));
        skipped[start..].sort_by(|a, b| a.path.cmp(&b.path));
    }
    found.sort();
    found
}

/// The folders and YAML files in the walked folders that the walk did not yield and the
/// config's globs did not take: hidden, or ignored by an ignore file.
fn ignored_children(dirs: &[PathBuf], seen: &HashSet<PathBuf>, known: &[Skipped]) -> Vec<Skipped> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            // `.git` is the repository itself, never a place for blueprints: not worth a line.
            if seen.contains(&child)
                || known.iter().any(|k| k.path == child)
                || child.file_name().is_some_and(|n| n == ".git")
            {
                continue;
            }
            let is_dir = std::fs::metadata(&child).is_ok_and(|m| m.is_dir());
            if !is_dir && !is_yaml_name(&child) {
                continue;
            }
            let hidden = child
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let reason = if hidden {
                "hidden"
            } else {
                "ignored by a .gitignore, .ignore or git exclude file"
            };
            out.push(Skipped {
                path: child,
                reason: reason.to_owned(),
            });
        }
    }
    out
}

/// The diagnostic for a walk error, or `None` for one that is not about a file or folder (a
/// line of an ignore file that does not parse: the rest of it still applies, as in ripgrep).
fn walk_error(root: &Path, e: &ignore::Error) -> Option<Diagnostic> {
    let (path, inner) = innermost(e, None);
    let path = path.unwrap_or(root);
    if let ignore::Error::Loop { ancestor, child } = inner {
        return Some(
            Diagnostic::error(
                "io::link-loop",
                format!(
                    "{}: the folder link leads back to {}, which is already being read",
                    display_name(child),
                    display_name(ancestor)
                ),
            )
            .with_help("remove the link, or pass the folders it should read instead"),
        );
    }
    let ignore::Error::Io(io) = inner else {
        return None;
    };
    Some(if io.kind() == ErrorKind::NotFound && is_link(path) {
        broken_link(path)
    } else {
        Diagnostic::error(
            "io::unreadable-folder",
            format!(
                "{}: cannot read the folder: {}",
                display_name(path),
                crate::source::io_reason(io)
            ),
        )
        .with_help("make it readable, or pass the folders and files to read instead")
    })
}

/// The error inside the path, depth and line wrappers, with the innermost path.
fn innermost<'e>(
    e: &'e ignore::Error,
    path: Option<&'e Path>,
) -> (Option<&'e Path>, &'e ignore::Error) {
    match e {
        ignore::Error::WithPath { path, err } => innermost(err, Some(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            innermost(err, path)
        }
        ignore::Error::Partial(errs) if errs.len() == 1 => innermost(&errs[0], path),
        other => (path, other),
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

fn is_yaml_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".yaml") || name.ends_with(".yml")
}
