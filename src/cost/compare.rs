//! `--compare BASE`: what changes against the previous blueprints, per line and in total — the
//! "this PR adds $X a month" comment. Lines are matched by blueprint, cloud, address and what.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::Bill;
use super::format::{Format, markdown::cell, usd};

/// One line that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub blueprint: String,
    pub cloud: String,
    pub address: String,
    pub what: String,
    /// `None`: absent, or present without a price.
    pub base_usd: Option<f64>,
    pub new_usd: Option<f64>,
    pub delta_usd: f64,
    /// Whether the line exists before and after the change.
    pub before: bool,
    pub after: bool,
}

/// Changes and the total delta of the priced lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub changes: Vec<Change>,
    pub base_monthly_usd: f64,
    pub new_monthly_usd: f64,
    pub delta_usd: f64,
    pub base_unpriced_lines: usize,
    pub new_unpriced_lines: usize,
}

type Key = (String, String, String, String);

fn index(bills: &[Bill]) -> BTreeMap<Key, Option<f64>> {
    let mut map = BTreeMap::new();
    for b in bills {
        for c in &b.clouds {
            for l in &c.lines {
                let key = (
                    b.blueprint.clone(),
                    c.cloud.key().to_owned(),
                    l.address.clone(),
                    l.what.clone(),
                );
                let slot: &mut Option<f64> = map.entry(key).or_insert(Some(0.0));
                *slot = match (*slot, l.monthly_usd) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
        }
    }
    map
}

#[must_use]
pub fn compare(base: &[Bill], new: &[Bill]) -> Comparison {
    let (b, n) = (index(base), index(new));
    let mut keys: Vec<&Key> = b.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changes = Vec::new();
    for k in keys {
        let (was, now) = (b.get(k).copied().flatten(), n.get(k).copied().flatten());
        let present = (b.contains_key(k), n.contains_key(k));
        let delta = now.unwrap_or(0.0) - was.unwrap_or(0.0);
        if delta.abs() >= 0.005 || present.0 != present.1 || was.is_some() != now.is_some() {
            changes.push(Change {
                blueprint: k.0.clone(),
                cloud: k.1.clone(),
                address: k.2.clone(),
                what: k.3.clone(),
                base_usd: was,
                new_usd: now,
                delta_usd: delta,
                before: present.0,
                after: present.1,
            });
        }
    }
    let total = |bills: &[Bill]| {
        bills
            .iter()
            .fold(super::Totals::default(), |t, b| t.plus(b.total()))
    };
    let (tb, tn) = (total(base), total(new));
    Comparison {
        changes,
        base_monthly_usd: tb.monthly_usd,
        new_monthly_usd: tn.monthly_usd,
        delta_usd: tn.monthly_usd - tb.monthly_usd,
        base_unpriced_lines: tb.unpriced_lines,
        new_unpriced_lines: tn.unpriced_lines,
    }
}

fn money(present: bool, v: Option<f64>) -> String {
    match (present, v) {
        (false, _) => "none".to_owned(),
        (true, None) => "unpriced".to_owned(),
        (true, Some(u)) => format!("${}", usd(u)),
    }
}

fn signed(v: f64) -> String {
    if v >= 0.0 {
        format!("+${}", usd(v))
    } else {
        format!("-${}", usd(-v))
    }
}

#[must_use]
pub fn render(c: &Comparison, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out = serde_json::to_string_pretty(c).unwrap_or_default();
            out.push('\n');
        }
        Format::Table => {
            let _ = writeln!(
                out,
                "monthly: ${} -> ${} ({}); unpriced lines {} -> {}",
                usd(c.base_monthly_usd),
                usd(c.new_monthly_usd),
                signed(c.delta_usd),
                c.base_unpriced_lines,
                c.new_unpriced_lines
            );
            for ch in &c.changes {
                let _ = writeln!(
                    out,
                    "  {:>14}  {} {:<5} {}  {} ({} -> {})",
                    signed(ch.delta_usd),
                    crate::visible::escape(&ch.blueprint),
                    ch.cloud,
                    ch.address,
                    crate::visible::escape(&ch.what),
                    money(ch.before, ch.base_usd),
                    money(ch.after, ch.new_usd)
                );
            }
        }
        Format::Markdown => {
            let _ = writeln!(
                out,
                "## twinstack cost change\n\nThis change {} **${}** a month (${} → ${}; unpriced lines {} → {}).\n",
                if c.delta_usd >= 0.0 { "adds" } else { "saves" },
                usd(c.delta_usd.abs()),
                usd(c.base_monthly_usd),
                usd(c.new_monthly_usd),
                c.base_unpriced_lines,
                c.new_unpriced_lines
            );
            if !c.changes.is_empty() {
                out.push_str("| blueprint | cloud | address | what | before | after | change |\n|---|---|---|---|---:|---:|---:|\n");
                for ch in &c.changes {
                    let _ = writeln!(
                        out,
                        "| {} | {} | `{}` | {} | {} | {} | {} |",
                        cell(&ch.blueprint),
                        ch.cloud,
                        cell(&ch.address),
                        cell(&ch.what),
                        money(ch.before, ch.base_usd),
                        money(ch.after, ch.new_usd),
                        signed(ch.delta_usd)
                    );
                }
            }
        }
    }
    out
}
