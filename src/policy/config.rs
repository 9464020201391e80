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
//! own folder.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};

use serde::Deserialize;
use serde_json::Value as Json;
use toml::Spanned;

use super::pack::Severity;
use super::set::PolicySet;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::file_filter::FileFilter;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
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

    /// Applies parameter overrides; each must name a known pack and parameter and keep its type.
    ///
    /// # Errors
    /// The config file's diagnostics.
    pub fn apply(&self, set: &mut PolicySet) -> Result<(), FileDiagnostics> {
        let mut diagnostics = Vec::new();
        let ids: Vec<String> = set.pack_ids().into_iter().map(str::to_owned).collect();
        for (pack_id, overrides) in &self.parameters {
            let Some(pack) = set.packs.iter_mut().find(|p| &p.def.pack == pack_id) else {
                let span = overrides
                    .values()
                    .next()
                    .map_or(Span::default(), |v| Span::new(v.span().start, v.span().end));
                let help = did_you_mean(pack_id, ids.iter().map(String::as_str)).map_or_else(
                    || format!("packs: {}", ids.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                diagnostics.push(
                    Diagnostic::error(
                        "config::unknown-pack",
                        format!("[parameters.{pack_id}]: no pack has this id"),
                    )
                    .with_label(span, "in this table")
                    .with_help(help),
                );
                continue;
            };
            for (name, value) in overrides {
                let span = Span::new(value.span().start, value.span().end);
                let Some(default) = pack.params.get(name) else {
                    let names: Vec<&str> = pack.params.keys().map(String::as_str).collect();
                    let help = did_you_mean(name, names.iter().copied()).map_or_else(
                        || format!("its parameters: {}", names.join(", ")),
                        |s| format!("did you mean `{s}`?"),
                    );
                    diagnostics.push(
                        Diagnostic::error(
                            "config::unknown-parameter",
                            format!("pack `{pack_id}` has no parameter `{name}`"),
                        )
                        .with_label(span, "unknown parameter")
                        .with_help(help),
                    );
                    continue;
                };
                let json = serde_json::to_value(value.get_ref()).unwrap_or(Json::Null);
                if json_kind(&json) != json_kind(default) {
                    diagnostics.push(
                        Diagnostic::error(
                            "config::parameter-type",
                            format!(
                                "`{pack_id}.{name}` must be {}, like its default {default}",
                                json_kind(default)
                            ),
                        )
                        .with_label(span, format!("this is {}", json_kind(&json))),
                    );
                    continue;
                }
                if let Some(problem) = threshold_problem(name, &json, default) {
                    diagnostics.push(
                        Diagnostic::error(
                            "config::parameter-range",
                            format!("`{pack_id}.{name}` {problem}"),
                        )
                        .with_label(span, format!("the pack's default is {default}")),
                    );
                    continue;
                }
                pack.params.insert(name.clone(), json);
            }
        }
        diagnostics.sort_by_key(|d| d.span().map(|s| s.start));
        match (&self.source, diagnostics.is_empty()) {
            (_, true) => Ok(()),
            (Some(file), false) => Err(FileDiagnostics {
                file: file.clone(),
                diagnostics,
            }),
            (None, false) => Err(FileDiagnostics {
                file: SourceFile::from_text(DEFAULT_CONFIG, ""),
                diagnostics,
            }),
        }
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

/// What is wrong with a number overriding a pack threshold: thresholds count days, scores and
/// tokens, so a negative one means nothing ("kept 365 days, more than -5"), nor does a day count
/// of zero, nor a fraction where the pack counts whole units.
fn threshold_problem(name: &str, value: &Json, default: &Json) -> Option<&'static str> {
    let Json::Number(n) = value else {
        return None;
    };
    let v = n.as_f64()?;
    if v < 0.0 {
        return Some("must not be negative");
    }
    if v == 0.0 && name.ends_with("_days") {
        return Some("must be at least 1 day (0 days means nothing is kept)");
    }
    if (default.is_i64() || default.is_u64()) && !(n.is_i64() || n.is_u64()) {
        return Some("must be a whole number, like its default");
    }
    None
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "true or false",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a table",
    }
}
