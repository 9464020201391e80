//! `twinstack.toml`: a team's settings for lint — the default `--fail-on`, its own policy
//! folders, and overrides of pack parameters (thresholds such as HIPAA's retention days).
//!
//! ```toml
//! fail_on = "medium"
//! policy_dirs = ["policies/team"]
//!
//! exclude = ["catalog/", "tests/"]
//!
//! [parameters.hipaa]
//! min_retention_days = 2557
//! ```
//!
//! Without `--config`, the file is looked for in the working folder and then in each folder
//! above it up to the repository root (the first folder holding `.git`), as cargo and ruff do,
//! so a run from a sub-folder keeps the team's packs. Paths and globs in it are relative to its
//! own folder. This module reads the file; `set` checks the parameter overrides against the
//! packs it loads and applies them.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::pack::Severity;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::file_filter::FileFilter;
use crate::source::SourceFile;
use crate::yaml::Span;

/// The file looked for from the working folder up to the repository root when `--config` is not
/// given.
pub const DEFAULT_CONFIG: &str = "twinstack.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Default for `--fail-on`.
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Folders of team packs, relative to the config file.
    #[serde(default)]
    pub policy_dirs: Vec<PathBuf>,
    /// Folders of catalog overlay files, relative to the config file.
    #[serde(default)]
    pub catalog_dirs: Vec<PathBuf>,
    /// Files and folders a folder walk passes over (`.gitignore` syntax, relative to the config
    /// file); a file named on the command line is read anyway.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// When given, a folder walk reads only the files these globs match (`.gitignore` syntax,
    /// relative to the config file); `exclude` still wins.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// `[parameters.<pack>] name = value`.
    #[serde(default)]
    pub parameters: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(skip)]
    source: Option<SourceFile>,
    #[serde(skip)]
    filter: Option<FileFilter>,
}

impl Config {
    /// Reads `path`, or `twinstack.toml` in the working folder if it exists, or no config.
    ///
    /// # Errors
    /// The config file's diagnostics.
    pub fn load(path: Option<&FsPath>) -> Result<Config, FileDiagnostics> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => match find_config() {
                Some(found) => found,
                None => return Ok(Config::default()),
            },
        };
        let file = SourceFile::read(&path).map_err(|e| FileDiagnostics {
            file: SourceFile::from_text(e.name.clone(), ""),
            diagnostics: vec![Diagnostic::from(&e)],
        })?;
        let mut config: Config = toml::from_str(file.text()).map_err(|e| {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            let d = Diagnostic::error(
                "config::invalid",
                format!("invalid {}: {}", file.name(), e.message().trim()),
            )
            .with_label(span, "here");
            FileDiagnostics {
                file: file.clone(),
                diagnostics: vec![d],
            }
        })?;
        let base = path.parent().map(FsPath::to_path_buf).unwrap_or_default();
        config.policy_dirs = config.policy_dirs.iter().map(|d| base.join(d)).collect();
        config.catalog_dirs = config.catalog_dirs.iter().map(|d| base.join(d)).collect();
        config.filter = Some(config.compile_globs(&base, &file)?);
        config.source = Some(file);
        Ok(config)
    }

    /// The config file that was read, if any.
    #[must_use]
    pub fn file(&self) -> Option<&SourceFile> {
        self.source.as_ref()
    }

    /// The `exclude`/`include` globs, compiled; `None` without a config file.
    #[must_use]
    pub fn filter(&self) -> Option<&FileFilter> {
        self.filter.as_ref()
    }

    fn compile_globs(
        &self,
        base: &FsPath,
        file: &SourceFile,
    ) -> Result<FileFilter, FileDiagnostics> {
        let texts = |list: &[Spanned<String>]| -> Vec<String> {
            list.iter().map(|g| g.get_ref().clone()).collect()
        };
        FileFilter::new(
            base,
            file.name(),
            &texts(&self.exclude),
            &texts(&self.include),
        )
        .map_err(|(include, bad)| {
            let (key, list) = if include {
                ("include", &self.include)
            } else {
                ("exclude", &self.exclude)
            };
            let span = list
                .get(bad.index)
                .map_or(Span::default(), |g| Span::new(g.span().start, g.span().end));
            FileDiagnostics {
                file: file.clone(),
                diagnostics: vec![
                    Diagnostic::error(
                        "config::invalid-glob",
                        format!("`{key}` has a glob that does not parse: {}", bad.reason),
                    )
                    .with_label(span, "this glob")
                    .with_help(
                        "globs use .gitignore syntax: `catalog/`, `**/*.draft.yaml`, `/tests`",
                    ),
                ],
            }
        })
    }
}

/// `twinstack.toml` in the working folder or the nearest folder above it, stopping at the
/// repository root (a folder holding `.git`) or the filesystem root. The path is relative
/// (`../../twinstack.toml`) so that names in messages stay short.
fn find_config() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join(DEFAULT_CONFIG).is_file() {
            return Some(relative.join(DEFAULT_CONFIG));
        }
        if dir.join(".git").exists() {
            return None;
        }
        relative.push("..");
    }
    None
}
