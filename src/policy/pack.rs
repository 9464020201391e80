//! The policy-pack file format: rules as data, readable by a compliance engineer.
//!
//! A pack is a YAML file with an id, parameters (thresholds a team may override in
//! `twinstack.toml`) and rules. A rule says what it applies to (`for_each`, `when`), what must
//! hold (`require`, a minijinja expression over the resolved blueprint), where a finding points
//! (`at`, a blueprint path) and what to tell the user (`message`, `remediation`). These types
//! generate `policies/pack.schema.json`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A policy pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "twinstack policy pack")]
pub struct PackDef {
    /// The pack id a blueprint names in `compliance:` (baseline always applies).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub pack: String,
    /// Human title, e.g. "HIPAA Security Rule".
    pub title: String,
    /// What the pack covers and what it does not.
    pub description: String,
    /// Thresholds and sets the rules refer to as `params.<name>`; overridable in twinstack.toml.
    #[serde(default)]
    pub parameters: BTreeMap<String, serde_json::Value>,
    /// Retention this framework requires by law, named by the parameter that holds its days.
    /// Every enabled pack's obligations reach rules as `retention_required` (the longest, in
    /// days) and `retention_obligations`, so a storage limit elsewhere can accept retention
    /// the law requires (GDPR Art. 17(3)(b), Art. 5(1)(e)) instead of making a blueprint
    /// impossible to pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention_obligations: Vec<RetentionObligation>,
    /// Controls that `render` meets for every blueprint, so no rule could ever fail them: listed
    /// (in `docs/rules.md`) rather than written as rules that cannot fail. Each names the text
    /// the rendered files of each cloud contain, and a test renders the examples and holds
    /// the claim to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enforced_by_render: Vec<EnforcedByRender>,
    /// The rules, in the order they are reported.
    #[schemars(length(min = 1))]
    pub rules: Vec<RuleDef>,
}

/// A control `render` meets whatever the blueprint says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnforcedByRender {
    /// The controls met, e.g. `["SC-8", "SC-8(1)"]`.
    #[schemars(length(min = 1))]
    pub controls: Vec<String>,
    /// What the rendered code does, in a sentence.
    #[schemars(length(min = 1))]
    pub what: String,
    /// Per cloud, text every rendered deployment of that cloud contains.
    #[schemars(length(min = 1))]
    pub evidence: Vec<RenderEvidence>,
}

/// Text the rendered files of one cloud contain (Terraform for aws, Bicep for azure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderEvidence {
    pub cloud: crate::catalog::Cloud,
    /// The file it is in, relative to the cloud's folder (`logging.tf`,
    /// `modules/primary.bicep`).
    #[schemars(length(min = 1))]
    pub file: String,
    /// The text, exactly as rendered.
    #[schemars(length(min = 1))]
    pub contains: String,
}

/// A retention period a framework requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionObligation {
    /// The pack parameter holding the days (so a team's override in twinstack.toml counts).
    pub parameter: String,
    /// The provision that requires it, e.g. "45 CFR 164.316(b)(2)(i)".
    #[schemars(length(min = 1))]
    pub law: String,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id, upper case with hyphens, e.g. HIPAA-DOC-RETENTION.
    #[schemars(regex(pattern = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"))]
    pub id: String,
    /// One line: what the rule ensures.
    pub title: String,
    /// The shared check this rule is one framework's view of (`customer-managed-keys`,
    /// `log-retention`, ...). Rules of one check judge the same fact at the same place, so
    /// their findings become one that lists every framework's controls; `docs/rules.md`
    /// crosswalks them. A team pack maps its own controls onto an existing check by naming it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub check: Option<String>,
    pub severity: Severity,
    /// Control citations, e.g. "45 CFR 164.312(b)".
    #[schemars(length(min = 1))]
    pub controls: Vec<String>,
    /// Why it matters: the documentation `twinstack explain` prints.
    pub description: String,
    /// How to fix a finding.
    pub remediation: String,
    /// An expression over the resolved blueprint giving a list; the rule is checked once per item,
    /// bound to the name in `as`, and each failing item is its own finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_each: Option<String>,
    /// The name an item of `for_each` is bound to (default `item`).
    #[serde(default, rename = "as", skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z_][a-z0-9_]*$"))]
    pub bind: Option<String>,
    /// An expression: the rule applies only where it is true (otherwise it is skipped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// `findings` rules run after all others and see which waivers were used.
    #[serde(default, skip_serializing_if = "is_default")]
    pub stage: Stage,
    /// The condition that must hold (single-check form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require: Option<String>,
    /// Where a finding points: a blueprint path, may use `{{ }}` (single-check form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The finding's message, naming the offending value; a minijinja template (single-check form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Several conditions under one rule, each with its own location and message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckDef>,
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    /// The condition that must hold.
    pub require: String,
    /// Where a finding points.
    pub at: String,
    /// The finding's message.
    pub message: String,
    /// Overrides the rule's severity for this check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Overrides the rule's remediation for this check: a check that reports something to
    /// record rather than to change (an `info` tension, say) tells what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    #[default]
    Blueprint,
    Findings,
}

/// How bad a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
