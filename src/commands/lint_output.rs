//! Where and how much of a lint report is written: `--quiet`, `--statistics` and
//! `--output-file`, the habits ruff and cargo users expect, kept apart from the linting itself.

use crate::diagnostic::{Diagnostic, FileDiagnostics, Style};
use crate::output::{ColorChoice, Exit, eprint_diagnostics, stderr_style, write_atomically_with};
use crate::report::{Format, LintReport};
use crate::source::{SourceFile, display_name};

/// `--statistics` with a format that has no statistics: refused before anything is read.
#[must_use]
pub fn refuse_statistics_format(
    statistics: bool,
    format: Format,
    color: ColorChoice,
) -> Option<Exit> {
    if !statistics || matches!(format, Format::Human | Format::Json) {
        return None;
    }
    let name = format!("{format:?}").to_lowercase();
    eprint_diagnostics(
        &[FileDiagnostics {
            file: SourceFile::from_text("", ""),
            diagnostics: vec![
                Diagnostic::error(
                    "usage::statistics-format",
                    format!("--statistics prints a table or JSON, not {name}"),
                )
                .with_help("pass --format human or --format json with --statistics"),
            ],
        }],
        stderr_style(color),
    );
    Some(Exit::Error)
}

/// What the lint flags ask to be written.
#[derive(Debug, Clone, Copy)]
pub struct Emit<'a> {
    pub format: Format,
    pub quiet: bool,
    pub statistics: bool,
    pub output_file: Option<&'a std::path::Path>,
}

/// Writes the report as `emit` says: to standard output, or whole into the output file (without
/// colour).
///
/// # Errors
/// [`Exit::Error`] after saying why the output file could not be written.
pub fn emit(report: &LintReport<'_>, emit: Emit<'_>, style: Style) -> Result<(), Exit> {
    let style = if emit.output_file.is_some() {
        Style {
            color: false,
            ..style
        }
    } else {
        style
    };
    // Statistics and the quiet human view are short texts; a whole report is written as it is
    // serialised (JSON and SARIF are never held as one string beside their findings).
    let short = if emit.statistics {
        Some(report.render_statistics(emit.format).unwrap_or_default())
    } else if emit.quiet {
        Some(report.render_quiet(emit.format, style))
    } else {
        None
    };
    let write = |out: &mut dyn std::io::Write| match &short {
        Some(text) => out.write_all(text.as_bytes()),
        None => report.write_to(emit.format, style, out),
    };
    let Some(path) = emit.output_file else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        // As `print`: a closed pipe is not an error of the lint.
        let _ = write(&mut out).and_then(|()| std::io::Write::flush(&mut out));
        return Ok(());
    };
    write_atomically_with(path, write).map_err(|e| {
        eprint_diagnostics(
            &[FileDiagnostics {
                file: SourceFile::from_text("", ""),
                diagnostics: vec![
                    Diagnostic::error(
                        "io::write",
                        format!(
                            "{}: cannot write the report: {}",
                            display_name(path),
                            crate::source::io_reason(&e)
                        ),
                    )
                    .with_help("pass --output-file a path in a folder that exists and is writable"),
                ],
            }],
            style,
        );
        Exit::Error
    })
}
