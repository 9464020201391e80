//! `--format markdown`: a pull-request comment — totals per cloud, the drivers, the decisions
//! they inform, and every line in a folded section.

use std::fmt::Write as _;

use super::table::{cheaper, drivers, missing};
use super::usd;
use crate::cost::Bill;

/// Escapes text for a Markdown table cell.
#[must_use]
pub fn cell(text: &str) -> String {
    crate::visible::escape(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

#[must_use]
pub fn render(bills: &[Bill]) -> String {
    let mut out = String::from(HEADER);
    for b in bills {
        out.push_str(&bill(b));
    }
    out
}

/// What the comment starts with.
pub const HEADER: &str = "## twinstack cost estimate\n\n";

/// One bill's section of the comment.
#[must_use]
pub fn bill(b: &Bill) -> String {
    let mut out = String::new();
    {
        let _ = writeln!(out, "### `{}` ({})\n", cell(&b.blueprint), cell(&b.file));
        out.push_str("| | fixed | usage | commitment | total |\n|---|---:|---:|---:|---:|\n");
        for c in &b.clouds {
            let t = &c.totals;
            let _ = writeln!(
                out,
                "| {} | ${} | ${} | ${} | {} |",
                c.cloud.display(),
                usd(t.fixed_usd),
                usd(t.usage_usd),
                usd(t.commitment_usd),
                t.describe()
            );
        }
        if let Some(mark) = cheaper(b) {
            let _ = writeln!(out, "\nCheaper: {}", cell(&mark));
        }
        let d = drivers(b);
        if !d.is_empty() {
            out.push_str("\nTop drivers:\n\n");
            for (cloud, l) in d {
                let _ = writeln!(
                    out,
                    "- **${}** {cloud} `{}`: {}",
                    usd(l.monthly_usd.unwrap_or(0.0)),
                    cell(&l.address),
                    cell(&l.what)
                );
            }
        }
        let decisions: Vec<_> = b
            .clouds
            .iter()
            .flat_map(|c| c.advice.iter().map(move |a| (c.cloud.display(), a)))
            .collect();
        if !decisions.is_empty() {
            out.push_str("\nDecisions:\n\n");
            for (cloud, a) in decisions {
                let _ = writeln!(
                    out,
                    "- {cloud} `{}`: {}{}",
                    cell(&a.path),
                    cell(&a.message),
                    a.monthly_saving_usd
                        .map_or_else(String::new, |s| format!(" (saves **${}** a month)", usd(s)))
                );
            }
        }
        let (unconfirmed, undeclared) = missing(b);
        if unconfirmed + undeclared > 0 {
            let _ = writeln!(
                out,
                "\n{unconfirmed} line(s) with an unconfirmed price and {undeclared} not estimated: totals are lower bounds."
            );
        }
        out.push_str("\n<details><summary>Every line</summary>\n\n| cloud | path | address | what | quantity | unit | unit $ | monthly $ | checked | note |\n|---|---|---|---|---:|---|---:|---:|---|---|\n");
        for c in &b.clouds {
            for l in &c.lines {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | `{}` | {} | {} | {} | {} | {} | {} | {} |",
                    c.cloud.display(),
                    cell(&l.path),
                    cell(&l.address),
                    cell(&l.what),
                    l.quantity.map_or_else(String::new, |q| format!("{q:.2}")),
                    cell(&l.unit),
                    l.unit_usd.map_or_else(String::new, |u| format!("{u}")),
                    l.monthly_usd.map_or_else(|| "—".to_owned(), usd),
                    l.price_checked.as_deref().unwrap_or(""),
                    cell(l.note.as_deref().unwrap_or(""))
                );
            }
        }
        out.push_str("\n</details>\n\n");
    }
    out
}
