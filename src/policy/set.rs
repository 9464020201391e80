//! Loading packs: the built-in ones compiled into the binary, then any `--policy-dir` folders,
//! with parameters overridden from `twinstack.toml` (read by `config`; each override is checked
//! against the pack here). Every problem is reported at its file:line.

use std::collections::BTreeMap;
use std::path::Path as FsPath;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::config::{Config, DEFAULT_CONFIG};
use super::pack::PackDef;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::schema_check::{SchemaValidator, generate, to_text};
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::yaml::{self, Limits, Node, Path, Span};

/// The packs compiled into twinstack. `baseline` always applies; the others when a blueprint
/// names them in `compliance:`.
pub const BUILTIN: [(&str, &str); 7] = [
    (
        "policies/baseline.yaml",
        include_str!("../../policies/baseline.yaml"),
    ),
    (
        "policies/hipaa.yaml",
        include_str!("../../policies/hipaa.yaml"),
    ),
    (
        "policies/fedramp-high.yaml",
        include_str!("../../policies/fedramp-high.yaml"),
    ),
    (
        "policies/gdpr.yaml",
        include_str!("../../policies/gdpr.yaml"),
    ),
    (
        "policies/lockin.yaml",
        include_str!("../../policies/lockin.yaml"),
    ),
    (
        "policies/eu-ai-act.yaml",
        include_str!("../../policies/eu-ai-act.yaml"),
    ),
    (
        "policies/cost.yaml",
        include_str!("../../policies/cost.yaml"),
    ),
];

/// The pack that applies to every blueprint.
pub const BASELINE: &str = "baseline";

/// A loaded pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub def: PackDef,
    pub file: SourceFile,
    pub tree: Node,
    pub builtin: bool,
    /// Parameters after `twinstack.toml` overrides.
    pub params: BTreeMap<String, Json>,
}

/// Every pack available to a lint run.
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub packs: Vec<Pack>,
    /// Packs enabled for every blueprint of the run (`lint --pack`), besides the baseline and
    /// each blueprint's `compliance:`.
    pub enabled_for_all: Vec<String>,
}

fn validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| {
        let schema = generate::<PackDef>("https://twinstack.dev/schemas/pack.schema.json");
        SchemaValidator::new(schema, "the pack")
    })
}

/// The pack-file JSON Schema, checked in as `policies/pack.schema.json`.
#[must_use]
pub fn pack_schema_text() -> String {
    to_text(validator().schema())
}

/// Parses and validates one pack file.
///
/// # Errors
/// The file's diagnostics.
pub fn load_pack(file: SourceFile, builtin: bool) -> Result<Pack, FileDiagnostics> {
    let fail = |file: SourceFile, diagnostics| Err(FileDiagnostics { file, diagnostics });
    let tree = match yaml::parse(file.text(), Limits::default()) {
        Ok(t) => t,
        Err(d) => return fail(file, d),
    };
    let json = tree.to_json();
    let diagnostics = validator().validate(&tree, &json);
    if !diagnostics.is_empty() {
        return fail(file, diagnostics);
    }
    let def: PackDef = match serde_json::from_value(json) {
        Ok(d) => d,
        Err(e) => {
            return fail(
                file,
                vec![
                    Diagnostic::error("pack::invalid", e.to_string())
                        .with_label(tree.span, "this pack"),
                ],
            );
        }
    };
    let mut diagnostics = Vec::new();
    for (i, rule) in def.rules.iter().enumerate() {
        let at = |key: &str| {
            tree.locate(&Path::root().key("rules").index(i).key(key))
                .primary()
        };
        let single = [&rule.require, &rule.at, &rule.message];
        let given = single.iter().filter(|f| f.is_some()).count();
        let problem = match (given, rule.checks.is_empty()) {
            (3, true) | (0, false) => None,
            (0, true) => Some("a rule needs `require`, `at` and `message`, or a list of `checks`"),
            (_, false) => Some("a rule has either `require`/`at`/`message` or `checks`, not both"),
            (_, true) => Some("`require`, `at` and `message` go together: one is missing"),
        };
        if let Some(problem) = problem {
            diagnostics.push(
                Diagnostic::error("pack::rule-form", format!("rule {}: {problem}", rule.id))
                    .with_label(at("id"), "this rule"),
            );
        }
        if rule.bind.is_some() && rule.for_each.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    "pack::rule-form",
                    format!(
                        "rule {}: `as` names the item of `for_each`, which is missing",
                        rule.id
                    ),
                )
                .with_label(at("as"), "no for_each"),
            );
        }
        if let Some(first) = def.rules[..i].iter().position(|r| r.id == rule.id) {
            diagnostics.push(
                Diagnostic::error(
                    "pack::duplicate-rule",
                    format!("rule id {} is used twice", rule.id),
                )
                .with_label(at("id"), "again here")
                .with_label(
                    tree.locate(&Path::root().key("rules").index(first).key("id"))
                        .primary(),
                    "first here",
                ),
            );
        }
    }
    for (i, o) in def.retention_obligations.iter().enumerate() {
        if !def.parameters.get(&o.parameter).is_some_and(Json::is_u64) {
            diagnostics.push(
                Diagnostic::error(
                    "pack::retention-obligation",
                    format!(
                        "retention obligation names `{}`, which is not a parameter holding a whole number of days",
                        o.parameter
                    ),
                )
                .with_label(
                    tree.locate(
                        &Path::root()
                            .key("retention_obligations")
                            .index(i)
                            .key("parameter"),
                    )
                    .primary(),
                    "no such number parameter",
                ),
            );
        }
    }
    if !diagnostics.is_empty() {
        return fail(file, diagnostics);
    }
    let params = def.parameters.clone();
    Ok(Pack {
        def,
        file,
        tree,
        builtin,
        params,
    })
}

impl PolicySet {
    /// The built-in packs, then the packs in each policy folder (every `*.yaml`/`*.yml`, sorted),
    /// with `config`'s parameter overrides applied.
    ///
    /// # Errors
    /// Diagnostics of every pack or config problem found.
    pub fn load(
        policy_dirs: &[std::path::PathBuf],
        config: &Config,
    ) -> Result<Self, Vec<FileDiagnostics>> {
        let mut packs = Vec::new();
        let mut failures = Vec::new();
        for (name, text) in BUILTIN {
            match load_pack(SourceFile::from_text(name, text), true) {
                Ok(p) => packs.push(p),
                Err(f) => failures.push(f),
            }
        }
        for dir in policy_dirs {
            match pack_files(dir) {
                Ok(files) => {
                    for file in files {
                        match SourceFile::read(&file) {
                            Ok(source) => match load_pack(source, false) {
                                Ok(p) => packs.push(p),
                                Err(f) => failures.push(f),
                            },
                            Err(e) => failures.push(FileDiagnostics {
                                file: SourceFile::from_text(e.name.clone(), ""),
                                diagnostics: vec![Diagnostic::from(&e)],
                            }),
                        }
                    }
                }
                Err(d) => failures.push(FileDiagnostics {
                    file: SourceFile::from_text("", ""),
                    diagnostics: vec![d],
                }),
            }
        }
        failures.extend(check_unique(&packs));
        if !failures.is_empty() {
            return Err(failures);
        }
        let mut set = PolicySet {
            packs,
            enabled_for_all: Vec::new(),
        };
        if let Err(f) = set.override_parameters(config) {
            return Err(vec![f]);
        }
        Ok(set)
    }

    /// Applies `config`'s parameter overrides; each must name a known pack and parameter and
    /// keep its type.
    ///
    /// # Errors
    /// The config file's diagnostics.
    fn override_parameters(&mut self, config: &Config) -> Result<(), FileDiagnostics> {
        let mut diagnostics = Vec::new();
        let ids: Vec<String> = self.pack_ids().into_iter().map(str::to_owned).collect();
        for (pack_id, overrides) in &config.parameters {
            let Some(pack) = self.packs.iter_mut().find(|p| &p.def.pack == pack_id) else {
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
        match (config.file(), diagnostics.is_empty()) {
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

    #[must_use]
    pub fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.def.pack == id)
    }

    /// Enables packs for every blueprint of the run (`--pack`), whatever their `compliance:`
    /// says. Ids match in any case, as on the rest of the command line.
    ///
    /// # Errors
    /// The first id that names no pack, with the closest id when there is one.
    pub fn enable_for_all(&mut self, ids: &[String]) -> Result<(), String> {
        for id in ids {
            let Some(pack) = self
                .packs
                .iter()
                .find(|p| p.def.pack.eq_ignore_ascii_case(id))
            else {
                let known = self.pack_ids();
                return Err(
                    match crate::suggest::did_you_mean(id, known.iter().copied()) {
                        Some(best) => format!(
                            "unknown policy pack `{id}` in --pack: did you mean `{best}`? Packs: {}",
                            known.join(", ")
                        ),
                        None => format!(
                            "unknown policy pack `{id}` in --pack; packs: {}",
                            known.join(", ")
                        ),
                    },
                );
            };
            let pack = pack.def.pack.clone();
            if !self.enabled_for_all.contains(&pack) {
                self.enabled_for_all.push(pack);
            }
        }
        Ok(())
    }

    #[must_use]
    pub fn pack_ids(&self) -> Vec<&str> {
        self.packs.iter().map(|p| p.def.pack.as_str()).collect()
    }

    /// Every rule with its pack, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = (&Pack, &super::pack::RuleDef)> {
        self.packs
            .iter()
            .flat_map(|p| p.def.rules.iter().map(move |r| (p, r)))
    }

    /// Finds a rule by id (case-insensitive).
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<(&Pack, &super::pack::RuleDef)> {
        self.rules().find(|(_, r)| r.id.eq_ignore_ascii_case(id))
    }
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

/// Pack ids and rule ids are unique across all packs: a team pack cannot shadow a built-in one.
fn check_unique(packs: &[Pack]) -> Vec<FileDiagnostics> {
    let mut out = Vec::new();
    for (i, pack) in packs.iter().enumerate() {
        let mut diagnostics = Vec::new();
        if let Some(first) = packs[..i].iter().find(|p| p.def.pack == pack.def.pack) {
            diagnostics.push(
                Diagnostic::error(
                    "pack::duplicate-pack",
                    format!(
                        "pack id `{}` is already used by {}",
                        pack.def.pack,
                        first.file.name()
                    ),
                )
                .with_label(
                    pack.tree.locate(&Path::parse("pack")).primary(),
                    "choose another id",
                ),
            );
        }
        for (j, rule) in pack.def.rules.iter().enumerate() {
            if let Some(first) = packs[..i]
                .iter()
                .find(|p| p.def.rules.iter().any(|r| r.id == rule.id))
            {
                diagnostics.push(
                    Diagnostic::error(
                        "pack::duplicate-rule",
                        format!(
                            "rule id {} is already defined in {}",
                            rule.id,
                            first.file.name()
                        ),
                    )
                    .with_label(
                        pack.tree
                            .locate(&Path::root().key("rules").index(j).key("id"))
                            .primary(),
                        "choose another id",
                    ),
                );
            }
        }
        if !diagnostics.is_empty() {
            out.push(FileDiagnostics {
                file: pack.file.clone(),
                diagnostics,
            });
        }
    }
    out
}

fn pack_files(dir: &FsPath) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            "io::not-found",
            format!(
                "{}: no such policy folder",
                crate::source::display_name(dir)
            ),
        ));
    }
    crate::discover::yaml_files(&[dir.to_path_buf()], "policy pack").map_err(|mut d| d.remove(0))
}
