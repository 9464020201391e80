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
pub mod statistics;

use clap::ValueEnum;
use serde::Serialize;

use crate::diagnostic::{FileDiagnostics, Style};
use crate::policy::pack::{RuleDef, Severity};
use crate::policy::{Evaluation, Finding, Pack, RuleStatus};
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
    #[must_use]
    pub fn summary(&self) -> Summary {
        let findings = || self.files.iter().flat_map(|f| &f.evaluation.findings);
        Summary {
            files: self.files.len() + self.errors.len(),
            failed: findings().filter(|f| f.waived.is_none()).count(),
            waived: findings().filter(|f| f.waived.is_some()).count(),
            passed: self
                .files
                .iter()
                .flat_map(|f| &f.evaluation.results)
                .filter(|r| r.status == RuleStatus::Passed)
                .count(),
        }
    }

    /// Whether a finding counts towards the exit code.
    #[must_use]
    pub fn gates(&self, finding: &Finding) -> bool {
        finding.waived.is_none() && finding.severity >= self.fail_on
    }

    #[must_use]
    pub fn has_gating_findings(&self) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.evaluation.findings)
            .any(|f| self.gates(f))
    }

    /// The report in a format; `style` only matters for `human`.
    #[must_use]
    pub fn render(&self, format: Format, style: Style) -> String {
        match format {
            Format::Human => human::render(self, style),
            Format::Json => json::render(self),
            Format::Sarif => sarif::render(self),
            Format::Junit => junit::render(self),
            Format::Github => github::render(self),
            Format::Markdown => markdown::render(self),
        }
    }

    /// The report in a format, written to `out`. JSON and SARIF are serialised straight into
    /// it, so a large report is never held as one string as well as its findings.
    ///
    /// # Errors
    /// Writing to `out` failed.
    pub fn write_to(
        &self,
        format: Format,
        style: Style,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match format {
            Format::Json => json::write(self, out),
            Format::Sarif => sarif::write(self, out),
            _ => out.write_all(self.render(format, style).as_bytes()),
        }
    }
}

impl LintReport<'_> {
    /// `--quiet`: the report without its summary — for `human`, only the findings' code frames;
    /// the other formats are documents a program reads, printed whole.
    #[must_use]
    pub fn render_quiet(&self, format: Format, style: Style) -> String {
        match format {
            Format::Human => human::render_findings(self, style),
            other => self.render(other, style),
        }
    }

    /// `--statistics`: findings per rule, as a table (`human`) or a JSON array (`json`); `None`
    /// for the other formats.
    #[must_use]
    pub fn render_statistics(&self, format: Format) -> Option<String> {
        let counts = statistics::statistics(self);
        match format {
            Format::Human => Some(statistics::table(&counts)),
            Format::Json => Some(statistics::json(&counts)),
            _ => None,
        }
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
