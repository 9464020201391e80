//! `twinstack.toml`: a team's settings for lint — the default `--fail-on`, its own policy
//! folders, and overrides of pack parameters (thresholds such as HIPAA's retention days).
//!
//! ```toml
//! fail_on = "medium"
//! policy_dirs = ["policies/team"]
//!
//! [parameters.hipaa]
//! min_retention_days = 2557
//! ```

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};

use serde::Deserialize;
use serde_json::Value as Json;
use toml::Spanned;

use super::pack::Severity;
use super::set::PolicySet;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::yaml::Span;

/// The file looked for in the working folder when `--config` is not given.
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
    /// `[parameters.<pack>] name = value`.
    #[serde(default)]
    pub parameters: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(skip)]
    source: Option<SourceFile>,
}

impl Config {
    /// Reads `path`, or `twinstack.toml` in the working folder if it exists, or no config.
    ///
    /// # Errors
    /// The config file's diagnostics.
    pub fn load(path: Option<&FsPath>) -> Result<Config, FileDiagnostics> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if FsPath::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
            None => return Ok(Config::default()),
        };
        let file = SourceFile::read(&path).map_err(|e| FileDiagnostics {
            file: SourceFile::from_text(e.name.clone(), ""),
            diagnostics: vec![e.to_diagnostic()],
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
        config.source = Some(file);
        Ok(config)
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
