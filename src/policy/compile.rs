//! Compiling pack rules into minijinja programs ([`CompiledRule`]). A syntax error in any
//! expression or template is reported at its own line in the pack file, before any blueprint is
//! evaluated; then every rule is dry-run by the engine on `sample.yaml`, so that a name which is
//! not a fact is reported when the packs load too.

use minijinja::Environment;
use minijinja::value::{Serde, Value};

use super::pack::RuleDef;
use super::rule::{CompiledCheck, error};
use super::set::{Pack, PolicySet};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::yaml::Path;

// What `compile` returns keeps its public path here (`policy::compile::CompiledRule`).
pub use super::rule::CompiledRule;

/// Compiles every rule of every pack.
///
/// # Errors
/// Diagnostics for each expression or template that does not compile, per pack file.
pub fn compile<'env, 'src>(
    env: &'env Environment<'src>,
    set: &'src PolicySet,
) -> Result<Vec<CompiledRule<'env, 'src>>, Vec<FileDiagnostics>> {
    let mut rules = Vec::new();
    let mut failures = Vec::new();
    for pack in &set.packs {
        let mut diagnostics = Vec::new();
        for (i, rule) in pack.def.rules.iter().enumerate() {
            match compile_rule(env, pack, rule, Path::root().key("rules").index(i)) {
                Ok(compiled) => rules.push(compiled),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        if !diagnostics.is_empty() {
            failures.push(FileDiagnostics {
                file: pack.file.clone(),
                diagnostics,
            });
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    let failures = dry_run_sample(&rules, set);
    if failures.is_empty() {
        Ok(rules)
    } else {
        Err(failures)
    }
}

/// Compiles and dry-runs every rule only to report broken ones, for commands that show packs
/// without evaluating them (`rules`, `explain`).
///
/// # Errors
/// Diagnostics per pack file, as [`compile`] gives them.
pub fn check(set: &PolicySet) -> Result<(), Vec<FileDiagnostics>> {
    let env = super::expr::environment();
    compile(&env, set).map(|_| ())
}

/// Runs every rule against `sample.yaml`, so broken names surface when packs load.
fn dry_run_sample(rules: &[CompiledRule<'_, '_>], set: &PolicySet) -> Vec<FileDiagnostics> {
    let catalog = crate::catalog::Catalog::embedded();
    let file =
        crate::source::SourceFile::from_text("src/policy/sample.yaml", include_str!("sample.yaml"));
    let Ok(sample) = crate::blueprint::load_source(file, catalog) else {
        // The sample is checked by this module's tests; a broken one must not block linting.
        return Vec::new();
    };
    let plan = crate::plan::resolve(&sample.blueprint, catalog);
    let ids: Vec<&str> = set.rules().map(|(_, r)| r.id.as_str()).collect();
    let facts = super::facts::facts(&sample, &plan, catalog, crate::date::Day(20_000), &ids);
    super::engine::dry_run(rules, &facts, &sample)
}

fn compile_rule<'env, 'src>(
    env: &'env Environment<'src>,
    pack: &'src Pack,
    rule: &'src RuleDef,
    base: Path,
) -> Result<CompiledRule<'env, 'src>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let for_each = rule.for_each.as_deref().map(|s| {
        keep(
            &mut errors,
            pack,
            env.compile_expression(s),
            base.key("for_each"),
        )
    });
    let when = rule.when.as_deref().map(|s| {
        keep(
            &mut errors,
            pack,
            env.compile_expression(s),
            base.key("when"),
        )
    });
    let single = match (&rule.require, &rule.at, &rule.message) {
        (Some(r), Some(a), Some(m)) => vec![(
            r.as_str(),
            a.as_str(),
            m.as_str(),
            rule.severity,
            rule.remediation.as_str(),
            base.clone(),
        )],
        _ => Vec::new(),
    };
    let listed = rule.checks.iter().enumerate().map(|(j, c)| {
        (
            c.require.as_str(),
            c.at.as_str(),
            c.message.as_str(),
            c.severity.unwrap_or(rule.severity),
            c.remediation.as_deref().unwrap_or(&rule.remediation),
            base.key("checks").index(j),
        )
    });
    let mut checks = Vec::new();
    for (require, at, message, severity, remediation, path) in single.into_iter().chain(listed) {
        let require = keep(
            &mut errors,
            pack,
            env.compile_expression(require),
            path.key("require"),
        );
        let at = keep(&mut errors, pack, env.template_from_str(at), path.key("at"));
        let message = keep(
            &mut errors,
            pack,
            env.template_from_str(message),
            path.key("message"),
        );
        if let (Some(require), Some(at), Some(message)) = (require, at, message) {
            checks.push(CompiledCheck {
                require,
                at,
                message,
                severity,
                remediation: std::sync::Arc::from(remediation.trim()),
                path,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CompiledRule {
        pack,
        rule,
        for_each: for_each.flatten(),
        bind: rule.bind.as_deref().unwrap_or("item"),
        when: when.flatten(),
        checks,
        path: base,
        params: Value::from(Serde(&pack.params)),
        shared: super::rule::Shared::of(pack, rule),
    })
}

/// The value of a compile result, or `None` with its error recorded.
fn keep<T>(
    errors: &mut Vec<Diagnostic>,
    pack: &Pack,
    result: Result<T, minijinja::Error>,
    path: Path,
) -> Option<T> {
    result.map_err(|e| errors.push(error(pack, &path, &e))).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_blueprint_loads() {
        let file = crate::source::SourceFile::from_text("sample.yaml", include_str!("sample.yaml"));
        assert!(crate::blueprint::load_source(file, crate::catalog::Catalog::embedded()).is_ok());
    }
}
