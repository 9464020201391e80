//! Evaluating compiled rules over one blueprint's facts, then applying its waivers.
//!
//! Order: every `blueprint`-stage rule of every enabled pack; then the findings are merged so that
//! there is at most one finding per blueprint path — one fact, one finding, carrying every rule,
//! reason and control of every enabled framework that judged it, at the highest severity any of
//! them gives; then waivers are matched to the findings (a waiver naming any rule a finding
//! carries waives it; an expired waiver does not waive); then `findings`-stage rules (waiver
//! hygiene) run with each waiver's `used` flag set. Waivers never apply to `findings`-stage
//! findings.

use minijinja::Value;
use minijinja::value::{Serde, merge_maps};
use serde::Serialize;

use super::facts::{Facts, WaiverFacts};
use super::pack::{Severity, Stage};
use super::rule::{CompiledRule, error};
use std::sync::Arc;

use crate::diagnostic::FileDiagnostics;
use crate::yaml::{Path, Span};

/// A rule that did not hold, located in the blueprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: Arc<str>,
    pub pack: Arc<str>,
    pub title: Arc<str>,
    pub severity: Severity,
    /// Dotted blueprint path of the offending value (or its nearest present parent).
    pub path: String,
    #[serde(skip)]
    pub span: Span,
    pub message: String,
    pub controls: Arc<[String]>,
    pub remediation: Arc<str>,
    pub waived: Option<Waived>,
    /// Every rule that judged this path, the reporting `rule` first.
    pub rules: Vec<Arc<str>>,
    /// What each of them found, in the order the packs were evaluated.
    pub reasons: Vec<Reason>,
}

/// One rule's judgement merged into a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub rule: Arc<str>,
    pub pack: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub controls: Arc<[String]>,
}

/// The waiver that accepted a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub reason: String,
    pub expires: String,
    /// Index in the blueprint's `waivers`.
    pub index: usize,
    /// The rule id the waiver named (any rule the finding carries).
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    Passed,
    Failed,
    /// Not applicable: `when` was false for everything, or `for_each` gave no items.
    Skipped,
}

/// What one rule concluded about one blueprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: Arc<str>,
    pub pack: Arc<str>,
    pub status: RuleStatus,
}

/// Everything lint concluded about one blueprint.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub results: Vec<RuleResult>,
}

/// Locates a blueprint path in the blueprint's source.
pub trait Locate {
    fn span_of(&self, path: &Path) -> Span;
}

impl Locate for crate::blueprint::LoadedBlueprint {
    fn span_of(&self, path: &Path) -> Span {
        let here = self.locate(path);
        if here.exact || here.key.is_some() {
            return here.primary();
        }
        // Nothing of the path is present (a missing top-level section). Point at what asks for
        // it: the `compliance:` list that enabled the packs, else the blueprint's `name`, never
        // at `version` on line 1.
        let entries = self.tree.entries().unwrap_or_default();
        ["compliance", "name"]
            .iter()
            .find_map(|key| entries.iter().find(|e| e.key == *key))
            .or_else(|| entries.first())
            .map_or(here.value, |e| e.key_span)
    }
}

/// The pack a high-risk `ai_act` classification enables by itself.
pub const EU_AI_ACT: &str = "eu-ai-act";

/// Lints one loaded blueprint: resolves it, builds its facts and evaluates the baseline pack, the
/// packs its `compliance:` names (unknown ids were refused when it was loaded) and the packs the
/// run enables for every blueprint (`--pack`).
///
/// # Errors
/// A rule that fails to evaluate, located in its pack file.
pub fn lint_blueprint(
    rules: &[CompiledRule<'_, '_>],
    set: &super::PolicySet,
    loaded: &crate::blueprint::LoadedBlueprint,
    catalog: &crate::catalog::Catalog,
    today: crate::date::Day,
) -> Result<Evaluation, FileDiagnostics> {
    let mut enabled: Vec<&str> = vec![super::set::BASELINE];
    for id in loaded
        .blueprint
        .compliance
        .iter()
        .chain(&set.enabled_for_all)
        .filter_map(|c| set.pack(c))
        .map(|p| p.def.pack.as_str())
    {
        if !enabled.contains(&id) {
            enabled.push(id);
        }
    }
    // Declaring a high-risk system under the EU AI Act enables the pack that judges it.
    if loaded
        .blueprint
        .ai_act
        .as_ref()
        .is_some_and(|a| a.risk == crate::blueprint::model::AiRisk::High)
        && let Some(pack) = set.pack(EU_AI_ACT)
        && !enabled.contains(&pack.def.pack.as_str())
    {
        enabled.push(pack.def.pack.as_str());
    }
    let rule_ids: Vec<&str> = set.rules().map(|(_, r)| r.id.as_str()).collect();
    let plan = crate::plan::resolve(&loaded.blueprint, catalog);
    let mut facts = super::facts::facts(loaded, &plan, catalog, today, &rule_ids);
    for id in &enabled {
        let Some(pack) = set.pack(id) else { continue };
        for o in &pack.def.retention_obligations {
            if let Some(days) = pack
                .params
                .get(&o.parameter)
                .and_then(serde_json::Value::as_u64)
            {
                facts.retention_required = facts.retention_required.max(days);
                facts
                    .retention_obligations
                    .push(super::facts::RetentionFacts {
                        pack: pack.def.pack.clone(),
                        title: pack.def.title.clone(),
                        days,
                        law: o.law.clone(),
                    });
            }
        }
    }
    evaluate(rules, &enabled, &mut facts, loaded)
}

/// Evaluates every rule once against `facts` (all packs enabled) and reports every rule that
/// fails to evaluate — a name that is not a fact, a missing parameter, a wrong filter — at its
/// own location in its pack file.
#[must_use]
pub fn dry_run(
    rules: &[CompiledRule<'_, '_>],
    facts: &Facts<'_>,
    target: &dyn Locate,
) -> Vec<FileDiagnostics> {
    let base = Value::from(Serde(facts));
    let mut failures: Vec<FileDiagnostics> = Vec::new();
    for rule in rules {
        let mut scratch = Evaluation::default();
        if let Err(f) = run(rule, &base, target, &mut scratch) {
            match failures.iter_mut().find(|x| x.file.name() == f.file.name()) {
                Some(existing) => existing.diagnostics.extend(f.diagnostics),
                None => failures.push(f),
            }
        }
    }
    failures
}

/// Evaluates the rules of the enabled packs.
///
/// # Errors
/// A rule that fails to evaluate (an undefined name, a type error): a bug in its pack, reported
/// at the rule's location in the pack file.
pub fn evaluate(
    rules: &[CompiledRule<'_, '_>],
    enabled: &[&str],
    facts: &mut Facts<'_>,
    target: &dyn Locate,
) -> Result<Evaluation, FileDiagnostics> {
    let mut out = Evaluation::default();
    let active: Vec<&CompiledRule<'_, '_>> = rules
        .iter()
        .filter(|r| enabled.contains(&r.pack.def.pack.as_str()))
        .collect();
    let base = Value::from(Serde(&*facts));
    for rule in active.iter().filter(|r| r.stage() == Stage::Blueprint) {
        run(rule, &base, target, &mut out)?;
    }
    out.findings = merge_by_path(std::mem::take(&mut out.findings));
    let check_of: std::collections::HashMap<&str, &str> = active
        .iter()
        .filter_map(|r| Some((r.rule.id.as_str(), r.rule.check.as_deref()?)))
        .collect();
    apply_waivers(&mut out.findings, &mut facts.waivers, &check_of);
    // Only the waivers changed (their `used` flags): lay them over the facts converted above
    // instead of converting every fact again.
    let base = merge_maps([
        base,
        minijinja::context! { waivers => Value::from(Serde(&facts.waivers)) },
    ]);
    let mut hygiene = Evaluation::default();
    for rule in active.iter().filter(|r| r.stage() == Stage::Findings) {
        run(rule, &base, target, &mut hygiene)?;
    }
    out.findings.extend(merge_by_path(hygiene.findings));
    // Findings read top to bottom, as the file does (a stable sort: at one place, rule order).
    out.findings.sort_by_key(|f| (f.span.start, f.span.end));
    out.results.extend(hygiene.results);
    Ok(out)
}

/// One finding per path: the findings of every rule at a path become one, reported under the
/// most severe rule (the first evaluated among equals), with every distinct reason, the union of
/// the controls, and the highest severity. Linear in the number of findings.
fn merge_by_path(findings: Vec<Finding>) -> Vec<Finding> {
    let mut merged: Vec<Finding> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in findings {
        let reason = Reason {
            rule: f.rule.clone(),
            pack: f.pack.clone(),
            severity: f.severity,
            message: f.message.clone(),
            controls: f.controls.clone(),
        };
        match at.get(&f.path) {
            None => {
                at.insert(f.path.clone(), merged.len());
                merged.push(Finding {
                    rules: vec![f.rule.clone()],
                    reasons: vec![reason],
                    ..f
                });
            }
            Some(&i) => {
                let m = &mut merged[i];
                if m.reasons
                    .iter()
                    .any(|r| r.rule == reason.rule && r.message == reason.message)
                {
                    continue;
                }
                if f.severity > m.severity {
                    // The most severe rule reports the finding.
                    m.rule.clone_from(&f.rule);
                    m.pack.clone_from(&f.pack);
                    m.title.clone_from(&f.title);
                    m.remediation.clone_from(&f.remediation);
                    m.severity = f.severity;
                    m.rules.retain(|r| *r != f.rule);
                    m.rules.insert(0, f.rule.clone());
                } else if !m.rules.contains(&f.rule) {
                    m.rules.push(f.rule.clone());
                }
                let new: Vec<&String> = f
                    .controls
                    .iter()
                    .filter(|c| !m.controls.contains(c))
                    .collect();
                if !new.is_empty() {
                    m.controls = m.controls.iter().chain(new).cloned().collect();
                }
                m.reasons.push(reason);
            }
        }
    }
    for m in &mut merged {
        m.message = merged_message(m);
    }
    merged
}

/// The reporting rule's message, then what its other checks and the other rules add:
/// "…; …; also GDPR-ROUTING: …" (a rule's own id is not repeated before its own reasons).
fn merged_message(f: &Finding) -> String {
    let primary = f
        .reasons
        .iter()
        .find(|r| r.rule == f.rule)
        .map_or(f.message.as_str(), |r| r.message.as_str());
    let mut out = primary.to_owned();
    let mut said = vec![primary];
    for r in &f.reasons {
        // A reason already given (the same text from another pack's rule of a shared check)
        // is said once: the finding lists every rule and control it carries.
        if said.contains(&r.message.as_str()) {
            continue;
        }
        said.push(&r.message);
        if r.rule == f.rule {
            out.push_str(&format!("; {}", r.message));
        } else {
            out.push_str(&format!("; also {}: {}", r.rule, r.message));
        }
    }
    out
}

fn run(
    rule: &CompiledRule<'_, '_>,
    facts: &Value,
    target: &dyn Locate,
    out: &mut Evaluation,
) -> Result<(), FileDiagnostics> {
    let fail = |path: &crate::yaml::Path, e: &minijinja::Error| FileDiagnostics {
        file: rule.pack.file.clone(),
        diagnostics: vec![error(rule.pack, path, e)],
    };
    let pack_ctx = merge_maps([
        facts.clone(),
        minijinja::context! { params => rule.params.clone() },
    ]);
    let items: Vec<Value> = match &rule.for_each {
        None => vec![Value::UNDEFINED],
        Some(expr) => {
            let list = expr
                .eval(pack_ctx.clone())
                .map_err(|e| fail(&rule.path.key("for_each"), &e))?;
            if list.is_none() {
                Vec::new()
            } else {
                list.try_iter()
                    .map_err(|e| fail(&rule.path.key("for_each"), &e))?
                    .collect()
            }
        }
    };
    let mut applied = false;
    let mut failed = false;
    for item in items {
        let ctx = if item.is_undefined() {
            pack_ctx.clone()
        } else {
            let binding: std::collections::BTreeMap<&str, Value> =
                [(rule.bind, item)].into_iter().collect();
            merge_maps([pack_ctx.clone(), Value::from(binding)])
        };
        if let Some(when) = &rule.when
            && !when
                .eval(ctx.clone())
                .map_err(|e| fail(&rule.path.key("when"), &e))?
                .is_true()
        {
            continue;
        }
        applied = true;
        for check in &rule.checks {
            if check
                .require
                .eval(ctx.clone())
                .map_err(|e| fail(&check.path.key("require"), &e))?
                .is_true()
            {
                continue;
            }
            failed = true;
            let path = check
                .at
                .render(ctx.clone())
                .map_err(|e| fail(&check.path.key("at"), &e))?;
            let message = check
                .message
                .render(ctx.clone())
                .map_err(|e| fail(&check.path.key("message"), &e))?;
            if message.len() > super::expr::MAX_MESSAGE {
                return Err(FileDiagnostics {
                    file: rule.pack.file.clone(),
                    diagnostics: vec![
                        crate::diagnostic::Diagnostic::error(
                            "pack::message-too-long",
                            format!(
                                "rule {}: its message is {} characters; a finding's message may have {}",
                                rule.rule.id,
                                message.len(),
                                super::expr::MAX_MESSAGE
                            ),
                        )
                        .with_label(
                            rule.pack.tree.locate(&check.path.key("message")).primary(),
                            "this message",
                        )
                        .with_help("say what is wrong in a sentence; the blueprint path locates it"),
                    ],
                });
            }
            let path = Path::parse(path.trim());
            let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
            // Two items can fail the same way at the same place (a model's primary and failover
            // placements share one `routing`): `merge_by_path` reports it once.
            out.findings.push(Finding {
                rule: rule.shared.id.clone(),
                pack: rule.shared.pack.clone(),
                title: rule.shared.title.clone(),
                severity: check.severity,
                span: target.span_of(&path),
                path: path.to_string(),
                message,
                controls: rule.shared.controls.clone(),
                remediation: check.remediation.clone(),
                waived: None,
                rules: Vec::new(),
                reasons: Vec::new(),
            });
        }
    }
    let status = match (applied, failed) {
        (_, true) => RuleStatus::Failed,
        (true, false) => RuleStatus::Passed,
        (false, false) => RuleStatus::Skipped,
    };
    out.results.push(RuleResult {
        rule: rule.shared.id.clone(),
        pack: rule.shared.pack.clone(),
        status,
    });
    Ok(())
}

/// Marks findings accepted by a current waiver and records which waivers matched anything.
fn apply_waivers(
    findings: &mut [Finding],
    waivers: &mut [WaiverFacts],
    check_of: &std::collections::HashMap<&str, &str>,
) {
    // A waiver covers its own rule and every rule of the same check (the same fact seen by
    // another framework), never a different fact that happens to be reported at the same path:
    // waiving a model's BAA eligibility must not hide that the model cannot run there.
    let same_fact =
        |a: &str, b: &str| a == b || check_of.get(a).is_some_and(|c| check_of.get(b) == Some(c));
    for finding in findings.iter_mut() {
        let mut covered: Vec<bool> = vec![false; finding.rules.len()];
        let mut first = None;
        for w in waivers.iter_mut() {
            let in_scope = w.scope.as_deref().is_none_or(|scope| {
                let scope = Path::parse(scope).to_string();
                finding.path == scope
                    || finding.path.starts_with(&format!("{scope}."))
                    || finding.path.starts_with(&format!("{scope}["))
            });
            if finding.rules.iter().any(|r| **r == *w.rule) && in_scope {
                w.used = true;
                if !w.expired {
                    for (i, r) in finding.rules.iter().enumerate() {
                        covered[i] |= same_fact(r, &w.rule);
                    }
                    first.get_or_insert_with(|| Waived {
                        reason: w.reason.clone(),
                        expires: w.expires.clone(),
                        index: w.index,
                        rule: w.rule.clone(),
                    });
                }
            }
        }
        if covered.iter().all(|c| *c) {
            finding.waived = first;
        }
    }
}
