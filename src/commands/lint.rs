//! `twinstack lint`: loads every blueprint and reports what is wrong with it.

use crate::blueprint::{LoadFailure, LoadedBlueprint, load_file};
use crate::catalog::Catalog;
use crate::cli::LintArgs;
use crate::diagnostic::render;
use crate::discover::blueprint_files;
use crate::output::{ColorChoice, Exit, eprint, print, stderr_style};
use crate::source::SourceFile;

#[must_use]
pub fn run(args: &LintArgs, color: ColorChoice) -> Exit {
    let style = stderr_style(color);
    let files = match blueprint_files(&args.paths) {
        Ok(files) => files,
        Err(errors) => {
            eprint(&render(&SourceFile::from_text("", ""), &errors, style));
            return Exit::Error;
        }
    };
    let catalog = Catalog::embedded();
    let results: Vec<Result<LoadedBlueprint, LoadFailure>> =
        files.iter().map(|f| load_file(f, catalog)).collect();
    let mut failed = 0;
    let mut errors = 0;
    for failure in results.iter().filter_map(|r| r.as_ref().err()) {
        failed += 1;
        errors += failure.diagnostics.len();
        eprint(&render(&failure.file, &failure.diagnostics, style));
    }
    let total = results.len();
    if failed > 0 {
        let summary = format!(
            "error: {failed} of {total} blueprint{} could not be loaded ({errors} error{})\n",
            plural(total),
            plural(errors)
        );
        eprint(&summary);
        return Exit::Error;
    }
    print(&format!(
        "Loaded {total} blueprint{}: no errors.\n",
        plural(total)
    ));
    Exit::Clean
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
