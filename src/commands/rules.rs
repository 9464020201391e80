//! `twinstack rules` lists the rules of the policy packs; `twinstack explain RULE` prints one
//! rule's documentation. Both read the same pack files lint runs, so docs never drift from code;
//! `rules --format markdown` writes `docs/rules.md`.

use std::fmt::Write as _;

use clap::ValueEnum;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, render};

use super::packs::{PackArgs, load_policies};
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print, stderr_style};
use crate::policy::PolicySet;
use crate::policy::pack::{RuleDef, Severity};
use crate::policy::set::Pack;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// The rule reference (docs/rules.md).
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Only this pack's rules (its id in any case: `gdpr`, `GDPR`).
    #[arg(long, value_name = "PACK")]
    pub pack: Option<String>,
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. HIPAA-DOC-RETENTION (any case).
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// [`load_policies`], plus a compile and dry run of every rule, for commands that show packs
/// without linting with them: a broken team pack or catalog overlay is reported, never passed
/// over as if it worked.
fn load_checked(args: &PackArgs, color: ColorChoice) -> Result<PolicySet, Exit> {
    let (config, set) = load_policies(args, color)?;
    super::packs::load_catalog(args, &config, color)?;
    if let Err(failures) = crate::policy::compile::check(&set) {
        eprint_diagnostics(&failures, stderr_style(color));
        return Err(Exit::Error);
    }
    Ok(set)
}

#[must_use]
pub fn run(args: &RulesArgs, color: ColorChoice) -> Exit {
    let set = match load_checked(&args.packs, color) {
        Ok(set) => set,
        Err(e) => return e,
    };
    // A pack id typed on the command line matches in any case, as `explain` does for rule ids.
    let pack = args.pack.as_ref().map(|id| {
        set.pack_ids()
            .into_iter()
            .find(|p| p.eq_ignore_ascii_case(id))
            .map_or_else(|| id.clone(), str::to_owned)
    });
    if let Some(id) = &pack
        && set.pack(id).is_none()
    {
        let ids = set.pack_ids();
        let help = did_you_mean(id, ids.iter().copied()).map_or_else(
            || format!("packs: {}", ids.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        eprint(&render(
            &SourceFile::from_text("", ""),
            &[Diagnostic::error(
                "policy::unknown-pack",
                format!("unknown policy pack `{id}`"),
            )
            .with_help(help)],
            stderr_style(color),
        ));
        return Exit::Error;
    }
    let rules: Vec<(&Pack, &RuleDef)> = set
        .rules()
        .filter(|(p, _)| pack.as_ref().is_none_or(|id| &p.def.pack == id))
        .collect();
    print(&match args.format {
        RulesFormat::Table => table(&rules),
        RulesFormat::Json => json(&rules),
        RulesFormat::Markdown => markdown(&set, pack.as_deref()),
    });
    Exit::Clean
}

#[must_use]
pub fn explain(args: &ExplainArgs, color: ColorChoice) -> Exit {
    let set = match load_checked(&args.packs, color) {
        Ok(set) => set,
        Err(e) => return e,
    };
    let Some((pack, rule)) = set.rule(&args.rule) else {
        let ids: Vec<&str> = set.rules().map(|(_, r)| r.id.as_str()).collect();
        let help = did_you_mean(&args.rule.to_uppercase(), ids.iter().copied()).map_or_else(
            || "`twinstack rules` lists every rule".to_owned(),
            |s| format!("did you mean `{s}`?"),
        );
        eprint(&render(
            &SourceFile::from_text("", ""),
            &[Diagnostic::error(
                "policy::unknown-rule",
                format!("no rule is called `{}`", args.rule),
            )
            .with_help(help)],
            stderr_style(color),
        ));
        return Exit::Error;
    };
    print(&explain_text(pack, rule));
    Exit::Clean
}

/// The plain-text documentation of a rule.
#[must_use]
pub fn explain_text(pack: &Pack, rule: &RuleDef) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n", rule.id, rule.title);
    let _ = writeln!(out, "Pack:      {} ({})", pack.def.pack, pack.def.title);
    let _ = writeln!(out, "Severity:  {}", rule.severity);
    let _ = writeln!(out, "Controls:  {}\n", rule.controls.join("; "));
    let _ = writeln!(out, "{}\n", fill(rule.description.trim()));
    let _ = writeln!(out, "Remediation:\n{}\n", fill(rule.remediation.trim()));
    let _ = writeln!(out, "How it is checked:");
    for line in how_checked(rule) {
        let _ = writeln!(out, "  {line}");
    }
    let params = parameters(pack, rule);
    if !params.is_empty() {
        let _ = writeln!(
            out,
            "\nParameters (override in twinstack.toml under [parameters.{}]):",
            pack.def.pack
        );
        for (name, value) in params {
            let _ = writeln!(out, "  {name} = {value}");
        }
    }
    let _ = writeln!(out, "\nDefined in {}", pack.file.name());
    out
}

/// The rule's logic, one line each: `for each`, `when`, then every `require`.
fn how_checked(rule: &RuleDef) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(f) = &rule.for_each {
        lines.push(format!(
            "for each {} in {f}",
            rule.bind.as_deref().unwrap_or("item")
        ));
    }
    if let Some(w) = &rule.when {
        lines.push(format!("when     {w}"));
    }
    for (require, severity) in requirements(rule) {
        let note = if severity == rule.severity {
            String::new()
        } else {
            format!("   ({severity})")
        };
        lines.push(format!("require  {require}{note}"));
    }
    lines
}

fn requirements(rule: &RuleDef) -> Vec<(&str, Severity)> {
    rule.require
        .iter()
        .map(|r| (r.as_str(), rule.severity))
        .chain(
            rule.checks
                .iter()
                .map(|c| (c.require.as_str(), c.severity.unwrap_or(rule.severity))),
        )
        .collect()
}

/// The pack parameters a rule's expressions mention (`params.NAME`).
fn parameters<'a>(pack: &'a Pack, rule: &RuleDef) -> Vec<(&'a str, String)> {
    let text: String = [
        rule.for_each.as_deref(),
        rule.when.as_deref(),
        rule.require.as_deref(),
        rule.message.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(
        rule.checks
            .iter()
            .flat_map(|c| [c.require.as_str(), c.message.as_str()]),
    )
    .collect::<Vec<_>>()
    .join(" ");
    pack.params
        .iter()
        .filter(|(name, _)| {
            text.match_indices(&format!("params.{name}")).any(|(i, m)| {
                text[i + m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            })
        })
        .map(|(name, value)| (name.as_str(), value.to_string()))
        .collect()
}

/// Folds a paragraph to 100 columns.
fn fill(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

fn table(rules: &[(&Pack, &RuleDef)]) -> String {
    let width = rules
        .iter()
        .map(|(_, r)| r.id.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let pack_width = rules
        .iter()
        .map(|(p, _)| p.def.pack.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{:width$}  {:pack_width$}  {:8}  TITLE\n",
        "RULE", "PACK", "SEVERITY"
    );
    for (p, r) in rules {
        let _ = writeln!(
            out,
            "{:width$}  {:pack_width$}  {:8}  {}",
            r.id,
            p.def.pack,
            r.severity.as_str(),
            r.title
        );
    }
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    pack: &'a str,
    title: &'a str,
    severity: Severity,
    controls: &'a [String],
    description: &'a str,
    remediation: &'a str,
    file: &'a str,
}

fn json(rules: &[(&Pack, &RuleDef)]) -> String {
    let list: Vec<RuleJson<'_>> = rules
        .iter()
        .map(|(p, r)| RuleJson {
            id: &r.id,
            pack: &p.def.pack,
            title: &r.title,
            severity: r.severity,
            controls: &r.controls,
            description: r.description.trim(),
            remediation: r.remediation.trim(),
            file: p.file.name(),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}

/// The rule reference: one section per pack, one entry per rule.
#[must_use]
pub fn markdown(set: &PolicySet, only: Option<&str>) -> String {
    let mut out = String::from(
        "# Rule reference\n\n<!-- Generated by `twinstack rules --format markdown`; edit the packs in policies/, not this file. -->\n\n",
    );
    let packs: Vec<&Pack> = set
        .packs
        .iter()
        .filter(|p| only.is_none_or(|id| p.def.pack == id))
        .collect();
    for pack in &packs {
        let _ = writeln!(
            out,
            "- [{}](#{}) — `{}`, {} rules",
            pack.def.title,
            anchor(&pack.def.title),
            pack.def.pack,
            pack.def.rules.len()
        );
    }
    out.push_str(&crosswalk(&packs));
    for pack in packs {
        let _ = writeln!(
            out,
            "\n## {}\n\nPack id `{}` ({}). {}\n",
            pack.def.title,
            pack.def.pack,
            pack.file.name(),
            pack.def.description.trim()
        );
        if !pack.params.is_empty() {
            out.push_str("| Parameter | Default |\n|---|---|\n");
            for (k, v) in &pack.params {
                let _ = writeln!(out, "| `{k}` | `{v}` |");
            }
            out.push('\n');
        }
        if !pack.def.enforced_by_render.is_empty() {
            out.push_str(
                "Met by what `render` writes for every blueprint (no rule could fail them; a test \
                 renders the examples and checks the text):\n\n| Controls | What render writes | Evidence |\n|---|---|---|\n",
            );
            for e in &pack.def.enforced_by_render {
                let evidence: Vec<String> = e
                    .evidence
                    .iter()
                    .map(|v| format!("{}: `{}` in `{}`", v.cloud.display(), v.contains, v.file))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    e.controls.join("; "),
                    e.what.trim(),
                    evidence.join("; ")
                );
            }
            out.push('\n');
        }
        out.push_str("| Rule | Severity | Title | Controls |\n|---|---|---|---|\n");
        for r in &pack.def.rules {
            let _ = writeln!(
                out,
                "| [{}](#{}) | {} | {} | {} |",
                r.id,
                r.id.to_lowercase(),
                r.severity,
                r.title,
                r.controls.join("; ")
            );
        }
        for r in &pack.def.rules {
            let _ = writeln!(
                out,
                "\n### {}\n\n**{}** — severity `{}` — {}\n\n{}\n\n**Remediation:** {}\n",
                r.id,
                r.title,
                r.severity,
                r.controls.join("; "),
                r.description.trim(),
                r.remediation.trim()
            );
            out.push_str("```\n");
            for line in how_checked(r) {
                let _ = writeln!(out, "{line}");
            }
            out.push_str("```\n");
        }
    }
    out
}

/// The crosswalk: one row per shared check, one column per framework, each cell the rule that
/// is the framework's view of the check and the controls it cites. Empty when no rule names a
/// check.
fn crosswalk(packs: &[&Pack]) -> String {
    let mut checks: std::collections::BTreeMap<&str, Vec<(&Pack, &RuleDef)>> =
        std::collections::BTreeMap::new();
    for pack in packs {
        for r in &pack.def.rules {
            if let Some(c) = &r.check {
                checks.entry(c.as_str()).or_default().push((pack, r));
            }
        }
    }
    if checks.is_empty() {
        return String::new();
    }
    let columns: Vec<&Pack> = packs
        .iter()
        .copied()
        .filter(|p| p.def.rules.iter().any(|r| r.check.is_some()))
        .collect();
    let mut out = String::from(
        "\n## Crosswalk\n\nOne fact, one finding: the rules in a row judge the same fact at the same place, so \
         a blueprint gets one finding there that lists the controls of every enabled framework, at \
         the highest severity any of them assigns; one waiver naming any of the rules covers it.\n\n| Check |",
    );
    for p in &columns {
        let _ = write!(out, " {} |", p.def.title);
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    for (check, rules) in &checks {
        let _ = write!(out, "| `{check}` |");
        for p in &columns {
            let cells: Vec<String> = rules
                .iter()
                .filter(|(rp, _)| rp.def.pack == p.def.pack)
                .map(|(_, r)| {
                    format!(
                        "[{}](#{}) ({})",
                        r.id,
                        r.id.to_lowercase(),
                        r.controls.join("; ")
                    )
                })
                .collect();
            let cell = if cells.is_empty() {
                "—".to_owned()
            } else {
                cells.join("<br>")
            };
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out
}

fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() {
                Some(c)
            } else if c == ' ' || c == '-' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}
