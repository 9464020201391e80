//! Where and how much of a lint report is written: `--quiet`, `--statistics` and
//! `--output-file`, the habits ruff and cargo users expect, kept apart from the linting itself.

use crate::diagnostic::{Diagnostic, FileDiagnostics, Style};
use crate::output::{ColorChoice, Exit, eprint_diagnostics, stderr_style, write_atomically_with};
use crate::report::stream::{End, ReportWriter, View};
use crate::report::{Format, SpoolFailed};
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

/// The report writer the lint flags ask for: format, view (`--quiet`, `--statistics`) and
/// style (no colour in an `--output-file`).
#[must_use]
pub fn writer(args: &super::lint::LintArgs, style: Style) -> ReportWriter {
    let view = if args.statistics {
        View::Statistics
    } else if args.quiet {
        View::Quiet
    } else {
        View::Whole
    };
    let style = if args.output_file.is_some() {
        Style {
            color: false,
            ..style
        }
    } else {
        style
    };
    ReportWriter::new(args.format, style, view)
}

/// Writes the report to standard output, or whole into the output file.
///
/// # Errors
/// [`Exit::Error`] after saying why the output file or the report's temporary file could not be
/// written.
pub fn emit(
    writer: &mut ReportWriter,
    end: &End<'_, '_>,
    output_file: Option<&std::path::Path>,
    style: Style,
) -> Result<(), Exit> {
    let failed = |what: String, help: &str| {
        eprint_diagnostics(
            &[FileDiagnostics {
                file: SourceFile::from_text("", ""),
                diagnostics: vec![Diagnostic::error("io::write", what).with_help(help)],
            }],
            style,
        );
        Exit::Error
    };
    let spool_failed = |e: &std::io::Error| {
        failed(
            format!("cannot write the report: {e}"),
            "set TMPDIR to a writable folder with free space",
        )
    };
    let Some(path) = output_file else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        return match writer
            .finish(end, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out))
        {
            Err(e) if SpoolFailed::is(&e) => Err(spool_failed(&e)),
            // As `print`: a closed pipe is not an error of the lint.
            _ => Ok(()),
        };
    };
    write_atomically_with(path, |out| writer.finish(end, out)).map_err(|e| {
        if SpoolFailed::is(&e) {
            return spool_failed(&e);
        }
        failed(
            format!(
                "{}: cannot write the report: {}",
                display_name(path),
                crate::source::io_reason(&e)
            ),
            "pass --output-file a path in a folder that exists and is writable",
        )
    })
}
