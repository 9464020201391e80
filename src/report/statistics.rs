//! Findings per rule (`lint --statistics`, and the table at the end of a human report over
//! several files): which rules a repository trips most, as ruff's `--statistics` shows.
//!
//! Only findings that are not waived are counted — they are the ones the report shows and the
//! exit code judges. Sorted by count (most first), then rule id, so the output is stable.

use std::fmt::Write as _;

use serde::Serialize;

use crate::policy::pack::Severity;

/// How many findings one rule produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub count: usize,
    pub rule: String,
    pub severity: Severity,
    pub title: String,
}

/// One line per rule: count, rule id, severity, title. Columns are as wide as their longest
/// value, so a long rule id never wraps or is cut; an empty list prints nothing.
#[must_use]
pub fn table(counts: &[RuleCount]) -> String {
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let rule_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in counts {
        let _ = writeln!(
            out,
            "{:>count_width$}  {:rule_width$}  {:8}  {}",
            c.count,
            c.rule,
            c.severity.as_str(),
            crate::visible::escape(&c.title)
        );
    }
    out
}

/// `--statistics --format json`: the counts as a JSON array.
#[must_use]
pub fn json(counts: &[RuleCount]) -> String {
    let mut text = serde_json::to_string_pretty(counts).unwrap_or_default();
    text.push('\n');
    text
}
