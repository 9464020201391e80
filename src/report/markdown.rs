//! `--format markdown`: a pull-request comment — a verdict line, a table of findings, and the
//! waived ones folded away.

use std::fmt::Write as _;

use super::stream::Finish;
use super::{FileResult, position, relative_uri};
use crate::policy::pack::Severity;
use crate::spool::Spool;

/// Rows are spooled under their severity's rank (info 0 … critical 4), waived rows here.
const WAIVED: u8 = 5;

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

/// A table row per finding of the file.
pub(super) fn file(file: &FileResult, spool: &mut Spool) {
    for f in &file.evaluation.findings {
        let (line, col) = position(&file.file, f);
        let place = format!(
            "`{}:{line}:{col}`<br>`{}`",
            cell(&relative_uri(&file.file)),
            cell(&f.path)
        );
        match &f.waived {
            None => {
                let row = format!(
                    "| {} {} | `{}` | {place} | {}<br><sub>{}</sub> |\n",
                    icon(f.severity),
                    f.severity,
                    f.rule,
                    cell(&f.message),
                    cell(&super::human::controls_by_pack(f))
                );
                spool.push(rank(f.severity), row.as_bytes());
            }
            Some(w) => {
                let row = format!(
                    "| `{}` | {place} | {} | {} |\n",
                    f.rule,
                    cell(&w.reason),
                    w.expires
                );
                spool.push(WAIVED, row.as_bytes());
            }
        }
    }
}

/// The verdict, the files that did not load, the findings most severe first (in file order
/// within a severity), the waived ones folded away.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let s = w.summary();
    let mut head = String::from("## twinstack lint\n\n");
    let verdict = if w.tally.gates(w.end.fail_on) || !w.end.errors.is_empty() {
        "❌"
    } else {
        "✅"
    };
    let _ = writeln!(
        head,
        "{verdict} **{} finding{}** · {} waived · {} checks passed · {} blueprint{}\n",
        s.failed,
        if s.failed == 1 { "" } else { "s" },
        s.waived,
        s.passed,
        s.files,
        if s.files == 1 { "" } else { "s" }
    );
    for e in w.end.errors {
        for d in &e.diagnostics {
            let at = d
                .span()
                .map(|sp| e.file.line_col(sp.start))
                .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
            let _ = writeln!(
                head,
                "- ⛔ `{}{at}` could not be loaded: {}",
                cell(&relative_uri(&e.file)),
                cell(&d.message)
            );
        }
    }
    if !w.end.errors.is_empty() {
        head.push('\n');
    }
    out.write_all(head.as_bytes())?;
    if s.failed > 0 {
        out.write_all(b"| Severity | Rule | Where | Finding |\n|---|---|---|---|\n")?;
        for tag in (0..=rank(Severity::Critical)).rev() {
            w.spool.copy(tag, out)?;
        }
        out.write_all(b"\n")?;
    }
    if s.waived > 0 {
        let details = format!(
            "<details><summary>Waived ({})</summary>\n\n| Rule | Where | Reason | Expires |\n|---|---|---|---|\n",
            s.waived
        );
        out.write_all(details.as_bytes())?;
        w.spool.copy(WAIVED, out)?;
        out.write_all(b"\n</details>\n\n")?;
    }
    let foot = format!(
        "<sub>twinstack {} · run `twinstack explain RULE` for a rule's documentation</sub>\n",
        env!("CARGO_PKG_VERSION")
    );
    out.write_all(foot.as_bytes())
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟥",
        Severity::High => "🔴",
        Severity::Medium => "🟠",
        Severity::Low => "🟡",
        Severity::Info => "🔵",
    }
}

/// Text safe inside a table cell: no pipes, newlines, HTML or backtick breaks.
fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace(['\n', '\r'], " ")
}
