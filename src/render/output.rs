//! Writing rendered files, atomically, and checking them for `--check`.
//!
//! Each blueprint's folder is written beside the old one (`.<name>.new`) and swapped in with two
//! renames, so a failure before the swap leaves the previous output untouched and readers never
//! see half a folder. Why the extra care:
//!
//! - Two renders into the same folder would interleave their renames and leave a folder from
//!   neither, so a render holds `OUT/.twinstack.lock` (with its pid) while it writes; a second
//!   one is refused, and a lock whose process is gone is taken over.
//! - Leftovers of an interrupted run (`.<name>.new`, `.<name>.old`, files or folders) are
//!   removed first, so one failure never makes every later render fail.
//! - Once the new folder is in place, failing to delete the old copy is not a failed render: it
//!   is reported as a note, and the next render removes it. Errors say what is on disk.
//!
//! `--check` compares instead, and reports unified diffs, missing files and files that
//! rendering would remove.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The files of one blueprint, relative to `<out>/<name>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBlueprint {
    pub name: String,
    pub files: BTreeMap<String, String>,
}

/// The lock file a render holds in its output folder.
pub const LOCK_FILE: &str = ".twinstack.lock";

/// Why nothing, or not everything, was written.
#[derive(Debug)]
pub enum WriteError {
    /// Another render holds the output folder.
    Locked { lock: PathBuf, holder: String },
    /// An I/O error on one blueprint's folder; `state` says what that folder holds now.
    Io {
        name: String,
        error: io::Error,
        state: String,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Locked { lock, holder } => write!(
                f,
                "another twinstack render is writing into this folder ({holder}, lock file {}); wait for it to finish, or delete the lock file if that process is gone",
                crate::source::display_name(lock)
            ),
            Self::Io { name, error, state } => write!(f, "{name}: {error}; {state}"),
        }
    }
}

/// A held output lock, released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the output folder's lock: a file created exclusively, holding this process's pid.
///
/// # Errors
/// [`WriteError::Locked`] when a live process holds it; an I/O error otherwise.
pub fn lock(out: &Path) -> Result<Lock, WriteError> {
    let path = out.join(LOCK_FILE);
    let io = |error: io::Error| WriteError::Io {
        name: LOCK_FILE.to_owned(),
        error,
        state: "nothing was written".to_owned(),
    };
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                use std::io::Write;
                writeln!(file, "{}", std::process::id()).map_err(io)?;
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let text = fs::read_to_string(&path).unwrap_or_default();
                let pid = text.trim().parse::<u32>().ok();
                if pid.is_some_and(|p| !alive(p)) {
                    // Its holder is gone: take the lock over (one of several racers wins).
                    let _ = fs::remove_file(&path);
                    continue;
                }
                let holder = pid.map_or_else(
                    || "holder unknown".to_owned(),
                    |p| format!("held by process {p}"),
                );
                return Err(WriteError::Locked { lock: path, holder });
            }
            Err(e) => return Err(io(e)),
        }
    }
    Err(WriteError::Locked {
        lock: path,
        holder: "taken over by another process just now".to_owned(),
    })
}

/// Whether a process is running. Without `/proc` every holder is assumed alive.
fn alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Writes every blueprint's folder under `out`, replacing what was there, under the folder's
/// lock. Returns notes: old copies that could not be deleted after their swap.
///
/// # Errors
/// The output folder is locked, or the first I/O error; folders already swapped stay swapped,
/// and the error says what the failing one holds.
pub fn write(out: &Path, rendered: &[RenderedBlueprint]) -> Result<Vec<String>, WriteError> {
    let _lock = begin(out)?;
    write_held(out, rendered)
}

/// Creates the output folder and takes its lock, for a caller that writes blueprints in
/// batches with [`write_held`] (so that it never holds every blueprint's text at once).
///
/// # Errors
/// The folder cannot be created, or another render holds it.
pub fn begin(out: &Path) -> Result<Lock, WriteError> {
    fs::create_dir_all(out).map_err(|error| WriteError::Io {
        name: crate::source::display_name(out),
        error,
        state: "nothing was written".to_owned(),
    })?;
    lock(out)
}

/// Writes blueprints' folders under `out`, whose lock the caller holds ([`begin`]).
///
/// # Errors
/// The first I/O error, as [`write`] gives it.
pub fn write_held(out: &Path, rendered: &[RenderedBlueprint]) -> Result<Vec<String>, WriteError> {
    // Folders are independent: write them in parallel; the first error is returned.
    let notes: Vec<Option<String>> = rendered
        .par_iter()
        .map(|blueprint| replace_folder(out, blueprint))
        .collect::<Result<_, _>>()?;
    Ok(notes.into_iter().flatten().collect())
}

/// Writes one blueprint's folder beside the old one and swaps it in.
fn replace_folder(out: &Path, blueprint: &RenderedBlueprint) -> Result<Option<String>, WriteError> {
    let name = &blueprint.name;
    let target = out.join(name);
    let staging = out.join(format!(".{name}.new"));
    let previous = out.join(format!(".{name}.old"));
    let fail = |error: io::Error, state: String| WriteError::Io {
        name: crate::source::display_name(&target),
        error,
        state,
    };
    let untouched = || "its previous output is unchanged".to_owned();
    // Leftovers of an interrupted run; the lock says no other render is using them.
    remove(&staging).map_err(|e| fail(e, untouched()))?;
    remove(&previous).map_err(|e| fail(e, untouched()))?;
    if let Err(e) = write_tree(&staging, &blueprint.files) {
        let _ = remove(&staging);
        return Err(fail(e, untouched()));
    }
    // A file (or a folder) of that name moves aside the same way.
    let had_previous = fs::symlink_metadata(&target).is_ok();
    if had_previous && let Err(e) = fs::rename(&target, &previous) {
        let _ = remove(&staging);
        return Err(fail(e, untouched()));
    }
    if let Err(e) = fs::rename(&staging, &target) {
        let _ = remove(&staging);
        let state = if !had_previous {
            "nothing was written there".to_owned()
        } else if fs::rename(&previous, &target).is_ok() {
            untouched()
        } else {
            format!(
                "its previous output is kept at {}",
                crate::source::display_name(&previous)
            )
        };
        return Err(fail(e, state));
    }
    Ok(remove(&previous).err().map(|e| {
        format!(
            "{} was written, but its previous output at {} could not be deleted ({e}); the next render removes it",
            crate::source::display_name(&target),
            crate::source::display_name(&previous)
        )
    }))
}

fn write_tree(root: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    for (path, text) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}

/// Removes a folder or a file (or a symlink, not what it points to); absent is fine.
fn remove(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    }
}

/// What `--check` found out of date, as a unified diff per file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    pub diffs: Vec<String>,
}

impl Staleness {
    #[must_use]
    pub fn is_current(&self) -> bool {
        self.diffs.is_empty()
    }
}

/// Compares rendered files with what is on disk under `out`.
///
/// # Errors
/// An I/O error other than a missing file.
pub fn check(out: &Path, rendered: &[RenderedBlueprint]) -> io::Result<Staleness> {
    let mut staleness = Staleness::default();
    for blueprint in rendered {
        let root = out.join(&blueprint.name);
        for (path, text) in &blueprint.files {
            let file = root.join(path);
            let shown = display(&file);
            match fs::read_to_string(&file) {
                Ok(on_disk) if &on_disk == text => {}
                Ok(on_disk) => staleness.diffs.push(unified(&on_disk, text, &shown)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    staleness
                        .diffs
                        .push(unified("", text, &format!("{shown} (missing)")))
                }
                Err(e) => return Err(e),
            }
        }
        for extra in files_under(&root)? {
            let relative = extra
                .strip_prefix(&root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !blueprint.files.contains_key(&relative) {
                let on_disk = fs::read_to_string(&extra).unwrap_or_default();
                staleness.diffs.push(unified(
                    &on_disk,
                    "",
                    &format!("{} (would be removed)", display(&extra)),
                ));
            }
        }
    }
    Ok(staleness)
}

fn files_under(root: &Path) -> io::Result<Vec<PathBuf>> {
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    Ok(files)
}

fn display(path: &Path) -> String {
    crate::source::display_name(path)
}

fn unified(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blueprint(text: &str) -> RenderedBlueprint {
        RenderedBlueprint {
            name: "demo".into(),
            files: BTreeMap::from([("aws/main.tf".to_owned(), text.to_owned())]),
        }
    }

    #[test]
    fn writes_then_checks_then_replaces() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[blueprint("one\n")]).unwrap();
        assert!(
            check(dir.path(), &[blueprint("one\n")])
                .unwrap()
                .is_current()
        );
        let stale = check(dir.path(), &[blueprint("two\n")]).unwrap();
        assert!(
            stale.diffs[0].contains("-one") && stale.diffs[0].contains("+two"),
            "{stale:?}"
        );
        fs::write(dir.path().join("demo/aws/extra.tf"), "x").unwrap();
        assert!(
            check(dir.path(), &[blueprint("one\n")]).unwrap().diffs[0].contains("would be removed")
        );
        write(dir.path(), &[blueprint("two\n")]).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("demo/aws/main.tf")).unwrap(),
            "two\n"
        );
        assert!(
            !dir.path().join("demo/aws/extra.tf").exists(),
            "a render replaces the folder"
        );
        assert!(!dir.path().join(".demo.new").exists() && !dir.path().join(".demo.old").exists());
    }

    #[test]
    fn a_file_in_the_way_and_leftovers_do_not_break_renders() {
        let dir = tempfile::tempdir().unwrap();
        // `OUT/demo` is a file, and an earlier run left `.demo.old` and `.demo.new` behind.
        fs::write(dir.path().join("demo"), "not a folder").unwrap();
        fs::write(dir.path().join(".demo.old"), "stale").unwrap();
        fs::create_dir_all(dir.path().join(".demo.new/aws")).unwrap();
        let notes = write(dir.path(), &[blueprint("one\n")]).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("demo/aws/main.tf")).unwrap(),
            "one\n"
        );
        for leftover in [".demo.old", ".demo.new", LOCK_FILE] {
            assert!(!dir.path().join(leftover).exists(), "{leftover} is left");
        }
        // And the next render works too.
        write(dir.path(), &[blueprint("two\n")]).unwrap();
    }

    #[test]
    fn a_live_lock_refuses_and_a_dead_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let err = write(dir.path(), &[blueprint("one\n")]).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, WriteError::Locked { .. })
                && message.contains(&std::process::id().to_string()),
            "{message}"
        );
        assert!(!dir.path().join("demo").exists(), "nothing is written");
        drop(held);
        if Path::new("/proc/self").exists() {
            // No process has this pid (above the kernel's maximum).
            fs::write(dir.path().join(LOCK_FILE), "4294967295\n").unwrap();
        }
        write(dir.path(), &[blueprint("one\n")]).unwrap();
        assert!(!dir.path().join(LOCK_FILE).exists(), "the lock is released");
    }

    #[test]
    fn concurrent_renders_never_leave_a_partial_folder() {
        let dir = tempfile::tempdir().unwrap();
        let many = |text: &str| RenderedBlueprint {
            name: "demo".into(),
            files: (0..16)
                .map(|i| (format!("f{i}.tf"), text.to_owned()))
                .collect(),
        };
        for _ in 0..20 {
            let (a, b) = rayon::join(
                || write(dir.path(), &[many("a\n")]),
                || write(dir.path(), &[many("b\n")]),
            );
            assert!(a.is_ok() || b.is_ok(), "{a:?} {b:?}");
            let files = files_under(&dir.path().join("demo")).unwrap();
            assert_eq!(files.len(), 16, "a render left {} of 16 files", files.len());
        }
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[blueprint("one\n")]).unwrap();
        // `aws` as a file, then `aws/main.tf` under it: the second write fails, whoever runs this.
        let broken = RenderedBlueprint {
            name: "demo".into(),
            files: BTreeMap::from([
                ("aws".to_owned(), "x".to_owned()),
                ("aws/main.tf".to_owned(), "two\n".to_owned()),
            ]),
        };
        assert!(write(dir.path(), &[broken]).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("demo/aws/main.tf")).unwrap(),
            "one\n"
        );
        assert!(
            !dir.path().join(".demo.new").exists(),
            "no staging folder is left behind"
        );
    }
}
