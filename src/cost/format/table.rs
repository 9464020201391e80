//! `--format table` (the default): the clouds side by side — fixed, usage, commitment, total,
//! the cheaper marked — then the lines that drive the bill, the decisions they inform
//! (break-even, batch, failover capacity) and what is missing from it.

use std::fmt::Write as _;

use super::usd;
use crate::cost::{Bill, Line, Status, Totals};

/// How many lines the driver list shows.
pub const TOP: usize = 5;

#[must_use]
pub fn render(bills: &[Bill]) -> String {
    bills.iter().map(bill).collect()
}

/// One bill's part of the table.
#[must_use]
pub fn bill(b: &Bill) -> String {
    let mut out = String::new();
    {
        let _ = writeln!(out, "{} ({})", b.blueprint, b.file);
        out.push_str(&side_by_side(b));
        let drivers = drivers(b);
        if !drivers.is_empty() {
            out.push_str("  top drivers:\n");
            for (cloud, l) in drivers {
                let _ = writeln!(
                    out,
                    "    {:>12}  {:<5}  {}  {}",
                    format!("${}", usd(l.monthly_usd.unwrap_or(0.0))),
                    cloud,
                    crate::visible::escape(&l.what),
                    l.address
                );
            }
        }
        let decisions: Vec<_> = b
            .clouds
            .iter()
            .flat_map(|c| c.advice.iter().map(move |a| (c.cloud.display(), a)))
            .collect();
        if !decisions.is_empty() {
            out.push_str("  decisions:\n");
            for (cloud, a) in decisions {
                let _ = writeln!(
                    out,
                    "    {:<5}  {}  {}{}",
                    cloud,
                    a.path,
                    crate::visible::escape(&a.message),
                    a.monthly_saving_usd
                        .map_or_else(String::new, |s| format!(" [saves ${} a month]", usd(s)))
                );
            }
        }
        for c in &b.clouds {
            for l in c.lines.iter().filter(|l| l.status == Status::Error) {
                let _ = writeln!(
                    out,
                    "  error: {} {} at {}: {}",
                    c.cloud.display(),
                    l.path,
                    l.address,
                    l.note.as_deref().unwrap_or("")
                );
            }
        }
        let (unconfirmed, undeclared) = missing(b);
        if unconfirmed + undeclared > 0 {
            let _ = writeln!(
                out,
                "  unpriced: {unconfirmed} line{} with an unconfirmed price, {undeclared} not estimated (usage not declared); `--format json` lists them",
                if unconfirmed == 1 { "" } else { "s" }
            );
        }
        out.push('\n');
    }
    out
}

fn side_by_side(b: &Bill) -> String {
    let mut out = String::new();
    let head: Vec<String> = b
        .clouds
        .iter()
        .map(|c| c.cloud.display().to_owned())
        .collect();
    let _ = writeln!(
        out,
        "  {:<12}{}",
        "",
        head.iter().map(|h| format!("{h:>32}")).collect::<String>()
    );
    let row = |name: &str, f: &dyn Fn(&Totals) -> String| {
        format!(
            "  {name:<12}{}\n",
            b.clouds
                .iter()
                .map(|c| format!("{:>32}", f(&c.totals)))
                .collect::<String>()
        )
    };
    out.push_str(&row("fixed", &|t| format!("${}", usd(t.fixed_usd))));
    out.push_str(&row("usage", &|t| format!("${}", usd(t.usage_usd))));
    out.push_str(&row("commitment", &|t| {
        format!("${}", usd(t.commitment_usd))
    }));
    out.push_str(&row("total", &|t| total_cell(t)));
    if let Some(mark) = cheaper(b) {
        let _ = writeln!(out, "  cheaper: {mark}");
    }
    out
}

fn total_cell(t: &Totals) -> String {
    if t.unpriced_lines == 0 {
        format!("${}", usd(t.monthly_usd))
    } else {
        format!("≥ ${} ({} unpriced)", usd(t.monthly_usd), t.unpriced_lines)
    }
}

/// Which cloud costs less, said only when the comparison holds: a lower bound is compared with a
/// complete total only if it is already above it.
#[must_use]
pub fn cheaper(b: &Bill) -> Option<String> {
    let [x, y] = b.clouds.as_slice() else {
        return None;
    };
    let (low, high) = if x.totals.monthly_usd <= y.totals.monthly_usd {
        (x, y)
    } else {
        (y, x)
    };
    if low.totals.unpriced_lines == 0 {
        Some(format!(
            "{} (${} against {} on {})",
            low.cloud.display(),
            usd(low.totals.monthly_usd),
            high.totals.describe(),
            high.cloud.display()
        ))
    } else {
        // Each count is said once: the lower total is only a floor, so the gap may close.
        let bound = |t: &Totals| {
            let at_least = if t.unpriced_lines > 0 {
                "at least "
            } else {
                ""
            };
            format!("{at_least}${}", usd(t.monthly_usd))
        };
        Some(format!(
            "undecided: {} has {} unpriced line{}, which may close the ${} gap ({} against {} on {})",
            low.cloud.display(),
            low.totals.unpriced_lines,
            if low.totals.unpriced_lines == 1 {
                ""
            } else {
                "s"
            },
            usd(high.totals.monthly_usd - low.totals.monthly_usd),
            bound(&low.totals),
            bound(&high.totals),
            high.cloud.display()
        ))
    }
}

/// The dearest priced lines of a bill.
#[must_use]
pub fn drivers(b: &Bill) -> Vec<(&'static str, &Line)> {
    let mut all: Vec<(&'static str, &Line)> = b
        .clouds
        .iter()
        .flat_map(|c| c.lines.iter().map(move |l| (c.cloud.display(), l)))
        .filter(|(_, l)| l.monthly_usd.is_some_and(|u| u > 0.0))
        .collect();
    all.sort_by(|a, b| {
        b.1.monthly_usd
            .partial_cmp(&a.1.monthly_usd)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.1.address.cmp(&b.1.address))
    });
    all.truncate(TOP);
    all
}

/// Lines with an unconfirmed price, and lines not estimated.
#[must_use]
pub fn missing(b: &Bill) -> (usize, usize) {
    let lines = b.clouds.iter().flat_map(|c| &c.lines);
    let mut counts = (0, 0);
    for l in lines {
        match l.status {
            Status::PriceUnconfirmed => counts.0 += 1,
            Status::NotEstimated => counts.1 += 1,
            _ => {}
        }
    }
    counts
}
