//! Loading packs: the built-in ones compiled into the binary, then any `--policy-dir` folders,
//! with parameters overridden from `twinstack.toml`. Every problem is reported at its file:line.

use std::collections::BTreeMap;
use std::path::Path as FsPath;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::config::Config;
use super::pack::PackDef;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::schema_check::{SchemaValidator, generate, to_text};
use crate::source::SourceFile;
use crate::yaml::{self, Limits, Node, Path};

/// The packs compiled into twinstack. `baseline` always applies; the others when a blueprint
/// names them in `compliance:`.
pub const BUILTIN: [(&str, &str); 6] = [
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
        let mut set = PolicySet { packs };
        if let Err(f) = config.apply(&mut set) {
            return Err(vec![f]);
        }
        Ok(set)
    }

    #[must_use]
    pub fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.def.pack == id)
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
