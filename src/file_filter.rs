//! Which files a folder walk keeps: the `exclude` and `include` globs of `twinstack.toml`.
//!
//! A repository holds YAML that is not a blueprint (catalog files, policy packs, test fixtures,
//! CI workflows). `.gitignore`, `.ignore` and git's exclude files are respected by the walk itself
//! (`discover`); these globs are the team's own word on top. They use `.gitignore` syntax and are
//! relative to the folder of the config file that holds them, wherever twinstack is run from, so
//! `exclude = ["catalog/"]` means the same folder from the root and from a sub-folder. They only
//! filter what a walk finds in a folder: a file named on the command line is always read (as ruff
//! does), and a folder named on the command line is walked even when it is excluded itself.

use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The compiled `exclude`/`include` globs of one config file.
#[derive(Debug, Clone)]
pub struct FileFilter {
    /// The config file's folder, absolute and without `.`/`..`.
    root: PathBuf,
    exclude: Gitignore,
    /// `None`: every `*.yaml`/`*.yml` is a candidate.
    include: Option<Gitignore>,
    /// The config file's name, for reasons ("excluded by twinstack.toml: catalog/").
    config: String,
}

/// A glob that does not compile: its index in the list and why.
#[derive(Debug)]
pub struct BadGlob {
    pub index: usize,
    pub reason: String,
}

impl FileFilter {
    /// Compiles the globs of the config file `config`, relative to `base` (its folder).
    ///
    /// # Errors
    /// The first glob of each list that does not compile, with `true` for `include`.
    pub fn new(
        base: &Path,
        config: &str,
        exclude: &[String],
        include: &[String],
    ) -> Result<FileFilter, (bool, BadGlob)> {
        let root = absolute(base);
        let build = |globs: &[String]| -> Result<Gitignore, BadGlob> {
            let mut builder = GitignoreBuilder::new(&root);
            for (index, glob) in globs.iter().enumerate() {
                builder.add_line(None, glob).map_err(|e| BadGlob {
                    index,
                    reason: glob_reason(&e),
                })?;
            }
            builder.build().map_err(|e| BadGlob {
                index: 0,
                reason: glob_reason(&e),
            })
        };
        let exclude = build(exclude).map_err(|b| (false, b))?;
        let include = if include.is_empty() {
            None
        } else {
            Some(build(include).map_err(|b| (true, b))?)
        };
        Ok(FileFilter {
            root,
            exclude,
            include,
            config: config.to_owned(),
        })
    }

    /// Why a walk passes over `path` (a folder when `is_dir`), or `None` to keep it.
    #[must_use]
    pub fn skip_reason(&self, path: &Path, is_dir: bool) -> Option<String> {
        let path = absolute(path);
        let relative = path.strip_prefix(&self.root).ok()?;
        if relative.as_os_str().is_empty() {
            return None;
        }
        let excluded = self.exclude.matched(relative, is_dir);
        if excluded.is_ignore() {
            let glob = excluded.inner().map_or("", |g| g.original());
            return Some(format!("excluded by `{glob}` in {}", self.config));
        }
        match &self.include {
            Some(include) if !is_dir && !include.matched(relative, false).is_ignore() => {
                Some(format!("not matched by `include` in {}", self.config))
            }
            _ => None,
        }
    }
}

fn glob_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => err.clone(),
        other => other.to_string(),
    }
}

/// `path` made absolute against the working folder, with `.` and `..` resolved by name (links
/// are not followed: a linked folder is matched where it is linked, as git does).
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(exclude: &[&str], include: &[&str]) -> FileFilter {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        FileFilter::new(
            Path::new("/repo"),
            "twinstack.toml",
            &own(exclude),
            &own(include),
        )
        .expect("globs compile")
    }

    #[test]
    fn excludes_relative_to_the_config_folder() {
        let f = filter(&["catalog/", "/tests", "*.draft.yaml"], &[]);
        assert!(f.skip_reason(Path::new("/repo/catalog"), true).is_some());
        assert!(f.skip_reason(Path::new("/repo/a/catalog"), true).is_some());
        assert!(f.skip_reason(Path::new("/repo/tests"), true).is_some());
        assert!(f.skip_reason(Path::new("/repo/a/tests"), true).is_none());
        assert!(
            f.skip_reason(Path::new("/repo/x.draft.yaml"), false)
                .is_some()
        );
        assert!(
            f.skip_reason(Path::new("/repo/blueprints/x.yaml"), false)
                .is_none()
        );
        // Outside the config's folder the globs say nothing.
        assert!(
            f.skip_reason(Path::new("/elsewhere/catalog"), true)
                .is_none()
        );
    }

    #[test]
    fn include_keeps_only_matching_files_but_walks_every_folder() {
        let f = filter(&["blueprints/old/"], &["blueprints/**/*.yaml"]);
        assert!(f.skip_reason(Path::new("/repo/docs"), true).is_none());
        assert!(
            f.skip_reason(Path::new("/repo/docs/a.yaml"), false)
                .is_some()
        );
        assert!(
            f.skip_reason(Path::new("/repo/blueprints/a/b.yaml"), false)
                .is_none()
        );
        // exclude wins over include.
        assert!(
            f.skip_reason(Path::new("/repo/blueprints/old"), true)
                .is_some()
        );
    }

    #[test]
    fn a_bad_glob_is_refused_with_its_index() {
        let err = FileFilter::new(
            Path::new("/repo"),
            "twinstack.toml",
            &["ok/".to_owned(), "a/{b".to_owned()],
            &[],
        )
        .expect_err("unclosed alternation");
        assert!(!err.0);
        assert_eq!(err.1.index, 1);
    }

    #[test]
    fn dots_resolve_by_name() {
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
