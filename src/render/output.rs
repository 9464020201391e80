//! Writing rendered files, atomically, and checking them for `--check`.
//!
//! Each blueprint's folder is written beside the old one (`.<name>.new`) and swapped in with two
//! renames, so a failure leaves the previous output untouched and readers never see half a
//! folder. `--check` compares instead, and reports unified diffs, missing files and files that
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

/// Writes every blueprint's folder under `out`, replacing what was there.
///
/// # Errors
/// The first I/O error; folders already swapped stay swapped, the failing one is untouched.
pub fn write(out: &Path, rendered: &[RenderedBlueprint]) -> io::Result<()> {
    fs::create_dir_all(out)?;
    // Folders are independent: write them in parallel; the first error is returned.
    rendered
        .par_iter()
        .try_for_each(|blueprint| replace_folder(out, blueprint))
}

/// Writes one blueprint's folder beside the old one and swaps it in.
fn replace_folder(out: &Path, blueprint: &RenderedBlueprint) -> io::Result<()> {
    let target = out.join(&blueprint.name);
    let staging = out.join(format!(".{}.new", blueprint.name));
    let previous = out.join(format!(".{}.old", blueprint.name));
    remove(&staging)?;
    remove(&previous)?;
    if let Err(e) = write_tree(&staging, &blueprint.files) {
        let _ = remove(&staging);
        return Err(e);
    }
    let had_previous = target.exists();
    if had_previous {
        fs::rename(&target, &previous)?;
    }
    if let Err(e) = fs::rename(&staging, &target) {
        if had_previous {
            let _ = fs::rename(&previous, &target);
        }
        let _ = remove(&staging);
        return Err(e);
    }
    remove(&previous)?;
    Ok(())
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

fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
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
