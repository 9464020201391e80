//! Terminal concerns in one place: colour choice (`--color`, `NO_COLOR`), width, exit codes, and
//! writing to a pipe that may close early (`twinstack … | head` is not an error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::diagnostic::{FileDiagnostics, Style, render};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The exit codes of the contract: 0 clean, 1 findings, 2 input or usage error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// How to draw diagnostics on standard error.
#[must_use]
pub fn stderr_style(choice: ColorChoice) -> Style {
    let terminal = std::io::stderr().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(if terminal { 100 } else { 80 });
    Style { color, width }
}

/// Writes to standard output; a closed pipe ends the write quietly.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes to standard error.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Writes bytes to standard error (a report written as bytes).
pub fn eprint_bytes(bytes: &[u8]) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(bytes).and_then(|()| err.flush());
}

/// Prints diagnostics about each file, as code frames, to standard error.
pub fn eprint_diagnostics(failures: &[FileDiagnostics], style: Style) {
    for f in failures {
        eprint(&render(&f.file, &f.diagnostics, style));
    }
}

/// Writes `text` to `path` whole or not at all: into a new file beside it, then renamed over it,
/// so a reader (or a CI step uploading the report) never sees half a report.
///
/// # Errors
/// The I/O error; the temporary file is removed.
pub fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(text.as_bytes()))
}

/// [`write_atomically`], with the content written by `write` into the temporary file (so a large
/// report need not be one string first).
///
/// # Errors
/// As [`write_atomically`], or whatever `write` returns.
pub fn write_atomically_with(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(
        || std::ffi::OsString::from("report"),
        std::ffi::OsStr::to_os_string,
    );
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(&name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(&mut out)?;
            out.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
                .sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}
