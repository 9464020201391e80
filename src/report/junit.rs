//! `--format junit`: one test suite per blueprint, one test case per rule — passed, failed
//! (findings not waived), or skipped (not applicable, or every finding waived).

use std::fmt::Write as _;

use super::stream::Finish;
use super::{FileResult, position, relative_uri};
use crate::policy::RuleStatus;
use crate::spool::Spool;

const TAG: u8 = 0;

/// The file's test suite; returns its tests, failures and skipped counts.
pub(super) fn file(file: &FileResult, spool: &mut Spool) -> (usize, usize, usize) {
    let name = relative_uri(&file.file);
    let (mut t, mut fl, mut sk) = (0, 0, 0);
    let mut cases = String::new();
    for result in &file.evaluation.results {
        t += 1;
        let findings: Vec<_> = file
            .evaluation
            .findings
            .iter()
            .filter(|f| f.rules.contains(&result.rule))
            .collect();
        let open: Vec<_> = findings.iter().filter(|f| f.waived.is_none()).collect();
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\"",
            xml(&result.rule),
            xml(&result.pack)
        );
        if !open.is_empty() {
            fl += 1;
            let mut text = String::new();
            for f in &open {
                let (line, col) = position(&file.file, f);
                let _ = writeln!(
                    text,
                    "{name}:{line}:{col} [{}] {} ({}) {}",
                    f.severity,
                    f.message,
                    f.path,
                    super::human::controls_by_pack(f)
                );
            }
            let _ = write!(
                cases,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&open[0].message),
                open[0].severity,
                xml(text.trim_end())
            );
        } else if result.status == RuleStatus::Skipped || !findings.is_empty() {
            sk += 1;
            let why = if findings.is_empty() {
                "not applicable".to_owned()
            } else {
                format!(
                    "waived: {}",
                    findings[0]
                        .waived
                        .as_ref()
                        .map_or("", |w| w.reason.as_str())
                )
            };
            let _ = write!(
                cases,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                xml(&why)
            );
        } else {
            cases.push_str("/>\n");
        }
    }
    let suite = format!(
        "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{fl}\" errors=\"0\" skipped=\"{sk}\">\n{cases}  </testsuite>\n",
        xml(&name)
    );
    spool.push(TAG, suite.as_bytes());
    (t, fl, sk)
}

/// The suites of the files judged, one per file that did not load, under the totals.
pub(super) fn finish(
    w: &mut Finish<'_, '_, '_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (mut total, failures, skipped) = w.junit;
    let mut suites = String::new();
    for e in w.end.errors {
        let name = relative_uri(&e.file);
        let message = e.diagnostics.first().map_or("", |d| d.message.as_str());
        let _ = write!(
            suites,
            "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase name=\"load\" classname=\"{0}\">\n      <error message=\"{1}\"/>\n    </testcase>\n  </testsuite>\n",
            xml(&name),
            xml(message)
        );
        total += 1;
    }
    let errors = w.end.errors.len();
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"twinstack lint\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n"
    );
    out.write_all(head.as_bytes())?;
    w.spool.copy(TAG, out)?;
    out.write_all(suites.as_bytes())?;
    out.write_all(b"</testsuites>\n")
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
