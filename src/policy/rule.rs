//! A compiled rule: a pack rule's expressions and templates as minijinja programs, with the
//! pack it belongs to. `compile` builds them and dry-runs them with the engine, `engine`
//! evaluates them, and both report a rule's minijinja errors with [`error`]. The type lives
//! here, below both modules, so that the engine does not depend on the compiler.

use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{Expression, Template};

use super::pack::{RuleDef, Severity, Stage};
use super::set::Pack;
use crate::diagnostic::Diagnostic;
use crate::yaml::Path;

/// A rule ready to evaluate.
pub struct CompiledRule<'env, 'src> {
    pub pack: &'src Pack,
    pub rule: &'src RuleDef,
    pub for_each: Option<Expression<'env, 'src>>,
    pub bind: &'src str,
    pub when: Option<Expression<'env, 'src>>,
    pub checks: Vec<CompiledCheck<'env, 'src>>,
    /// Blueprint path of the rule in its pack file (`rules[3]`), for evaluation errors.
    pub path: Path,
    /// The pack's parameters as a minijinja value, converted once here rather than for every
    /// rule of every blueprint.
    pub params: Value,
    /// What every finding and result of the rule repeats, shared rather than copied: a lint
    /// run keeps its findings until the report is written.
    pub shared: Shared,
}

/// The rule's id, pack, title and controls, shared by its findings and results.
#[derive(Debug, Clone)]
pub struct Shared {
    pub id: Arc<str>,
    pub pack: Arc<str>,
    pub title: Arc<str>,
    pub controls: Arc<[String]>,
}

impl Shared {
    #[must_use]
    pub fn of(pack: &Pack, rule: &RuleDef) -> Self {
        Shared {
            id: Arc::from(rule.id.as_str()),
            pack: Arc::from(pack.def.pack.as_str()),
            title: Arc::from(rule.title.as_str()),
            controls: Arc::from(rule.controls.as_slice()),
        }
    }
}

pub struct CompiledCheck<'env, 'src> {
    pub require: Expression<'env, 'src>,
    pub at: Template<'env, 'src>,
    pub message: Template<'env, 'src>,
    pub severity: Severity,
    /// The check's own remediation, else the rule's (trimmed).
    pub remediation: Arc<str>,
    pub path: Path,
}

impl CompiledRule<'_, '_> {
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.rule.stage
    }
}

/// A minijinja error, located in the pack file.
#[must_use]
pub fn error(pack: &Pack, path: &Path, e: &minijinja::Error) -> Diagnostic {
    let span = pack.tree.locate(path).primary();
    let detail = e.detail().map_or_else(String::new, |d| format!(": {d}"));
    let help = if e.kind() == minijinja::ErrorKind::OutOfFuel {
        format!(
            "an expression or message may run {} instructions; loop over fewer items, or move the work into `for_each`",
            super::expr::RULE_FUEL
        )
    } else {
        "rules are minijinja expressions over the resolved blueprint; see docs/policy-language.md for the names they can use".to_owned()
    };
    Diagnostic::error(
        "pack::expression",
        format!("`{path}`: {}{detail}", e.kind()),
    )
    .with_label(span, "in this expression")
    .with_help(help)
}
