//! A lint report written file by file: [`ReportWriter::file`] takes each blueprint's result as
//! soon as it is judged and keeps only its totals ([`Tally`]) and its formatted part (in a
//! [`Spool`]); [`ReportWriter::finish`] writes the whole report. Memory holds one file's result
//! at a time, however many files a run lints (issue #13).
//!
//! Every format is written this way, for `lint` and for the small reports other commands and
//! tests print through [`super::LintReport`], so there is one implementation of each format.

use super::statistics::RuleCount;
use super::{FileResult, Format, Summary, github, human, json, junit, markdown, sarif};
use crate::diagnostic::{FileDiagnostics, Style};
use crate::policy::pack::{RuleDef, Severity};
use crate::policy::{Pack, RuleStatus};
use crate::spool::Spool;

/// What a report needs to know of the files already judged.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Blueprints judged (loaded).
    pub loaded: usize,
    /// Findings not waived.
    pub failed: usize,
    pub waived: usize,
    /// Rule evaluations that applied and found nothing.
    pub passed: usize,
    /// Findings not waived, per severity (indexed by [`severity_index`]).
    open_by_severity: [usize; 5],
    /// Findings not waived, per rule, in first-seen order.
    counts: Vec<RuleCount>,
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

impl Tally {
    pub fn add(&mut self, file: &FileResult) {
        self.loaded += 1;
        self.passed += file
            .evaluation
            .results
            .iter()
            .filter(|r| r.status == RuleStatus::Passed)
            .count();
        for f in &file.evaluation.findings {
            if f.waived.is_some() {
                self.waived += 1;
                continue;
            }
            self.failed += 1;
            self.open_by_severity[severity_index(f.severity)] += 1;
            match self.counts.iter_mut().find(|c| *c.rule == *f.rule) {
                Some(c) => c.count += 1,
                None => self.counts.push(RuleCount {
                    count: 1,
                    rule: f.rule.to_string(),
                    severity: f.severity,
                    title: f.title.to_string(),
                }),
            }
        }
    }

    /// The counts of the summary line and of the JSON `summary`; `unloadable` files count as
    /// files.
    #[must_use]
    pub fn summary(&self, unloadable: usize) -> Summary {
        Summary {
            files: self.loaded + unloadable,
            failed: self.failed,
            waived: self.waived,
            passed: self.passed,
        }
    }

    /// Findings not waived of one severity.
    #[must_use]
    pub fn open(&self, severity: Severity) -> usize {
        self.open_by_severity[severity_index(severity)]
    }

    /// Whether a finding not waived is at or above `fail_on` (the exit code's question).
    #[must_use]
    pub fn gates(&self, fail_on: Severity) -> bool {
        self.open_by_severity[severity_index(fail_on)..]
            .iter()
            .any(|n| *n > 0)
    }

    /// Findings per rule, most first, then by rule id.
    #[must_use]
    pub fn statistics(&self) -> Vec<RuleCount> {
        let mut counts = self.counts.clone();
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
        counts
    }
}

/// How much of the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The whole report.
    Whole,
    /// `--quiet`: for `human`, the findings' code frames only; other formats whole.
    Quiet,
    /// `--statistics`: findings per rule (`human` and `json`; nothing for the others).
    Statistics,
}

/// What only the end of a run knows: the files that did not load and the rules that ran.
pub struct End<'e, 'a> {
    pub errors: &'e [FileDiagnostics],
    /// Every rule that ran, with its pack, for rule metadata (SARIF, JUnit).
    pub rules: &'e [(&'a Pack, &'a RuleDef)],
    pub fail_on: Severity,
}

/// What a format's end reads: the totals, the spooled parts, and [`End`].
pub(super) struct Finish<'w, 'e, 'a> {
    pub tally: &'w Tally,
    pub spool: &'w mut Spool,
    pub end: &'w End<'e, 'a>,
    /// JUnit's totals of the suites spooled: tests, failures, skipped.
    pub junit: (usize, usize, usize),
}

impl Finish<'_, '_, '_> {
    pub fn summary(&self) -> Summary {
        self.tally.summary(self.end.errors.len())
    }
}

/// A report being written; see the module documentation.
pub struct ReportWriter {
    format: Format,
    style: Style,
    view: View,
    tally: Tally,
    spool: Spool,
    junit: (usize, usize, usize),
}

impl ReportWriter {
    #[must_use]
    pub fn new(format: Format, style: Style, view: View) -> Self {
        Self {
            format,
            style,
            view,
            tally: Tally::default(),
            spool: Spool::default(),
            junit: (0, 0, 0),
        }
    }

    /// Counts one judged blueprint and writes its part of the report.
    pub fn file(&mut self, file: &FileResult) {
        self.tally.add(file);
        if self.view == View::Statistics {
            return;
        }
        let spool = &mut self.spool;
        match self.format {
            Format::Human => human::file(file, self.style, spool),
            Format::Json => json::file(file, spool),
            Format::Sarif => sarif::file(file, spool),
            Format::Junit => {
                let (t, f, s) = junit::file(file, spool);
                self.junit = (self.junit.0 + t, self.junit.1 + f, self.junit.2 + s);
            }
            Format::Github => github::file(file, spool),
            Format::Markdown => markdown::file(file, spool),
        }
    }

    #[must_use]
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Writes the whole report to `out`.
    ///
    /// # Errors
    /// Writing to `out` or to the spool failed.
    pub fn finish(
        &mut self,
        end: &End<'_, '_>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.spool.check()?;
        let mut finish = Finish {
            tally: &self.tally,
            spool: &mut self.spool,
            end,
            junit: self.junit,
        };
        match (self.view, self.format) {
            (View::Statistics, Format::Human) => {
                out.write_all(super::statistics::table(&self.tally.statistics()).as_bytes())
            }
            (View::Statistics, Format::Json) => {
                out.write_all(super::statistics::json(&self.tally.statistics()).as_bytes())
            }
            (View::Statistics, _) => Ok(()),
            (View::Quiet, Format::Human) => human::finish_quiet(&mut finish, out),
            (_, Format::Human) => human::finish(&mut finish, out),
            (_, Format::Json) => json::finish(&mut finish, out),
            (_, Format::Sarif) => sarif::finish(&mut finish, out),
            (_, Format::Junit) => junit::finish(&mut finish, out),
            (_, Format::Github) => github::finish(&mut finish, out),
            (_, Format::Markdown) => markdown::finish(&mut finish, out),
        }
    }
}

/// Each line of a pretty-printed JSON value indented by `indent`, as it reads when the value is
/// an element of an array pretty-printed at that depth (JSON strings escape their newlines, so
/// every line break is the formatter's).
pub(super) fn indented(pretty: &str, indent: &str) -> String {
    let mut out = String::with_capacity(pretty.len() + pretty.len() / 4);
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
    out
}

/// A document pretty-printed with the placeholder string `marker` where an array goes, split
/// around it: the text before the array, the indent of its elements, the text after it.
pub(super) fn split_at_marker(document: &str, marker: &str) -> (String, String, String) {
    let quoted = serde_json::to_string(marker).unwrap_or_default();
    let at = document.find(&quoted).unwrap_or(document.len());
    let before = &document[..at];
    let after = document.get(at + quoted.len()..).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let key_indent: String = before[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    (
        before.to_owned(),
        format!("{key_indent}  "),
        after.to_owned(),
    )
}

/// Writes `before`, the spooled elements of `tag` as a pretty-printed JSON array whose elements
/// are indented by `indent` (`[]` when there are none), then `after`. `element` writes one
/// record as its indented element.
pub(super) fn write_array(
    spool: &mut Spool,
    tag: u8,
    (before, indent, after): &(String, String, String),
    out: &mut dyn std::io::Write,
    mut element: impl FnMut(&[u8], &mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    out.write_all(before.as_bytes())?;
    out.write_all(b"[")?;
    let mut any = false;
    spool.replay(tag, |record| {
        out.write_all(if any { b",\n" } else { b"\n" })?;
        any = true;
        element(record, &mut *out)
    })?;
    if any {
        out.write_all(b"\n")?;
        out.write_all(&indent.as_bytes()[..indent.len().saturating_sub(2)])?;
    }
    out.write_all(b"]")?;
    out.write_all(after.as_bytes())
}
