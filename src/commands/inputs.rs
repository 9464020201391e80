//! The files a command reads: the paths on its command line, folders walked as the repository
//! and `twinstack.toml` say (ignore files, `exclude`/`include`), and with `--verbose` what was
//! passed over and why, so nothing is skipped without a way to see it.

use std::path::PathBuf;

use crate::diagnostic::{FileDiagnostics, Style};
use crate::discover::{WalkOptions, find_blueprints};
use crate::output::{Exit, eprint, eprint_diagnostics};
use crate::policy::config::Config;
use crate::source::{SourceFile, display_name};
use crate::visible::escape;

/// The blueprint files `paths` name (`-` kept when `stdin`), printing what was skipped when
/// `verbose`.
///
/// # Errors
/// [`Exit::Error`] after the diagnostics are printed.
pub fn find(
    paths: &[PathBuf],
    stdin: bool,
    config: &Config,
    verbose: bool,
    style: Style,
) -> Result<Vec<PathBuf>, Exit> {
    let options = WalkOptions {
        filter: config.filter(),
        explain: verbose,
    };
    let found = find_blueprints(paths, stdin, options);
    let skipped = match &found {
        Ok(found) => found.skipped.as_slice(),
        Err((_, skipped)) => skipped.as_slice(),
    };
    if verbose {
        if let Some(file) = config.file() {
            eprint(&format!("using {}\n", escape(file.name())));
        }
        for s in skipped {
            eprint(&format!(
                "skipped {}: {}\n",
                escape(&display_name(&s.path)),
                escape(&s.reason)
            ));
        }
    }
    match found {
        Ok(found) => {
            if verbose {
                eprint(&format!(
                    "{} file{} to read, {} skipped\n",
                    found.files.len(),
                    crate::text::plural(found.files.len()),
                    found.skipped.len()
                ));
            }
            Ok(found.files)
        }
        Err((errors, _)) => {
            eprint_diagnostics(
                &[FileDiagnostics {
                    file: SourceFile::from_text("", ""),
                    diagnostics: errors,
                }],
                style,
            );
            Err(Exit::Error)
        }
    }
}
