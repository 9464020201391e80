//! Lint results in every output format. Detection (`policy::engine`) is separate from
//! presentation: each format is its own module over the same [`LintReport`], and each is
//! snapshot-tested on the same input.

mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod sarif_run;
pub use crate::spool::SpoolFailed;
pub mod statistics;
pub mod stream;

use clap::ValueEnum;
use serde::Serialize;

use crate::diagnostic::{FileDiagnostics, Style};
use crate::policy::pack::{RuleDef, Severity};
use crate::policy::{Evaluation, Finding, Pack};
use crate::source::SourceFile;

/// Output formats of `twinstack lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames grouped by file, then a summary line.
    Human,
    /// The lint JSON contract.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// JUnit XML: one test case per rule and file.
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// A pull-request comment.
    Markdown,
}

/// One linted blueprint.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub file: SourceFile,
    pub evaluation: Evaluation,
}

/// Everything one lint run found.
pub struct LintReport<'a> {
    pub files: Vec<FileResult>,
    /// Blueprints that could not be loaded (exit code 2).
    pub errors: Vec<FileDiagnostics>,
    /// Every rule that ran, with its pack, for rule metadata (SARIF, JUnit).
    pub rules: Vec<(&'a Pack, &'a RuleDef)>,
    pub fail_on: Severity,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    /// Findings not waived.
    pub failed: usize,
    pub waived: usize,
    /// Rule evaluations (rule x file) that applied and found nothing.
    pub passed: usize,
}

impl LintReport<'_> {
    /// The files' totals.
    fn tally(&self) -> stream::Tally {
        let mut tally = stream::Tally::default();
        self.files.iter().for_each(|f| tally.add(f));
        tally
    }

    #[must_use]
    pub fn summary(&self) -> Summary {
        self.tally().summary(self.errors.len())
    }

    /// Whether a finding counts towards the exit code.
    #[must_use]
    pub fn gates(&self, finding: &Finding) -> bool {
        finding.waived.is_none() && finding.severity >= self.fail_on
    }

    #[must_use]
    pub fn has_gating_findings(&self) -> bool {
        self.tally().gates(self.fail_on)
    }

    /// The report in a format; `style` only matters for `human`.
    #[must_use]
    pub fn render(&self, format: Format, style: Style) -> String {
        self.text(format, style, stream::View::Whole)
    }

    /// `--quiet`: the report without its summary — for `human`, only the findings' code frames;
    /// the other formats are documents a program reads, printed whole.
    #[must_use]
    pub fn render_quiet(&self, format: Format, style: Style) -> String {
        self.text(format, style, stream::View::Quiet)
    }

    /// `--statistics`: findings per rule, as a table (`human`) or a JSON array (`json`); `None`
    /// for the other formats.
    #[must_use]
    pub fn render_statistics(&self, format: Format) -> Option<String> {
        matches!(format, Format::Human | Format::Json)
            .then(|| self.text(format, Style::plain(), stream::View::Statistics))
    }

    /// The report in a format, written to `out` through the same [`stream::ReportWriter`]
    /// `lint` streams its files through.
    ///
    /// # Errors
    /// Writing to `out` failed.
    pub fn write_to(
        &self,
        format: Format,
        style: Style,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.write_view(format, style, stream::View::Whole, out)
    }

    fn write_view(
        &self,
        format: Format,
        style: Style,
        view: stream::View,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut writer = stream::ReportWriter::new(format, style, view);
        self.files.iter().for_each(|f| writer.file(f));
        writer.finish(
            &stream::End {
                errors: &self.errors,
                rules: &self.rules,
                fail_on: self.fail_on,
            },
            out,
        )
    }

    fn text(&self, format: Format, style: Style, view: stream::View) -> String {
        let mut text = Vec::new();
        let _ = self.write_view(format, style, view, &mut text);
        String::from_utf8(text).unwrap_or_default()
    }
}

/// 1-based line and column of a finding.
#[must_use]
pub fn position(file: &SourceFile, finding: &Finding) -> (usize, usize) {
    file.line_col(finding.span.start)
}

/// The repository-relative path of a file, with `/` separators, as SARIF and annotations need.
#[must_use]
pub fn relative_uri(file: &SourceFile) -> String {
    file.name().trim_start_matches("./").to_owned()
}
