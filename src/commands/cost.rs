//! `twinstack cost`: the monthly bill of each blueprint on each cloud, priced from the catalog,
//! optionally against a previous version of the blueprints (`--compare BASE`).

use std::path::PathBuf;

use crate::blueprint::load_file;
use crate::catalog::Catalog;
use crate::cost::format::{Format, json, markdown, table};
use crate::cost::{Bill, compare, estimate};
use crate::date::Day;
use crate::diagnostic::{Diagnostic, FileDiagnostics, render};
use crate::discover::blueprint_files;
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print, stderr_style};
use crate::plan::resolve;
use crate::source::SourceFile;

#[derive(Debug, clap::Args)]
pub struct CostArgs {
    /// Blueprint files or folders (every *.yaml / *.yml below, sorted).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// A file or folder of the previous blueprints: print what changes per line and in total.
    #[arg(long, value_name = "BASE")]
    pub compare: Option<PathBuf>,
    /// A folder of catalog overlay files, prices included (repeatable).
    #[arg(long = "catalog", value_name = "DIR")]
    pub catalog_dirs: Vec<PathBuf>,
    /// Judge model end of life as of this date, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_arg)]
    pub today: Option<Day>,
}

#[must_use]
pub fn run(args: &CostArgs, color: ColorChoice) -> Exit {
    let style = stderr_style(color);
    let catalog = match super::catalog::load(&args.catalog_dirs) {
        Ok(c) => c,
        Err(errors) => {
            eprint_diagnostics(&errors, style);
            return Exit::Error;
        }
    };
    let catalog: &Catalog = &catalog;
    let today = args.today.unwrap_or_else(Day::today);
    let bills = match estimate_all(&args.paths, catalog, today) {
        Ok(b) => b,
        Err(Failure::Files(f)) => {
            eprint_diagnostics(&f, style);
            return Exit::Error;
        }
        Err(Failure::General(d)) => {
            eprint(&render(&SourceFile::from_text("", ""), &d, style));
            return Exit::Error;
        }
    };
    if let Some(base) = &args.compare {
        let base = match estimate_all(std::slice::from_ref(base), catalog, today) {
            Ok(b) => b,
            Err(Failure::Files(f)) => {
                eprint_diagnostics(&f, style);
                return Exit::Error;
            }
            Err(Failure::General(d)) => {
                eprint(&render(&SourceFile::from_text("", ""), &d, style));
                return Exit::Error;
            }
        };
        print(&compare::render(
            &compare::compare(&base, &bills),
            args.format,
        ));
        return Exit::Clean;
    }
    match args.format {
        Format::Table => print(&table::render(&bills)),
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            // As `print`: a closed pipe is not an error of the estimate.
            let _ = json::write(&bills, &mut out).and_then(|()| std::io::Write::flush(&mut out));
        }
        Format::Markdown => print(&markdown::render(&bills)),
    }
    Exit::Clean
}

enum Failure {
    Files(Vec<FileDiagnostics>),
    General(Vec<Diagnostic>),
}

/// Loads and estimates every blueprint, in input order, spread over the cores in chunks: only
/// the bills are kept, never every blueprint's syntax tree at once. Every file that does not load
/// is reported (and then nothing is estimated).
fn estimate_all(paths: &[PathBuf], catalog: &Catalog, today: Day) -> Result<Vec<Bill>, Failure> {
    use rayon::prelude::*;

    /// Files loaded and estimated per parallel step.
    const CHUNK: usize = 256;
    let files = blueprint_files(paths).map_err(Failure::General)?;
    let mut bills = Vec::with_capacity(files.len());
    let mut failures = Vec::new();
    for chunk in files.chunks(CHUNK) {
        let done: Vec<Result<Result<Bill, String>, FileDiagnostics>> = chunk
            .par_iter()
            .map(|f| {
                let l = load_file(f, catalog)?;
                let plan = resolve(&l.blueprint, catalog);
                Ok(estimate(&l, &plan, catalog, today)
                    .map_err(|e| format!("{}: {e}", l.file.name())))
            })
            .collect();
        for one in done {
            match one {
                Err(failure) => failures.push(failure),
                Ok(Ok(bill)) => bills.push(bill),
                Ok(Err(bug)) => {
                    return Err(Failure::General(vec![Diagnostic::error(
                        "cost::render",
                        bug,
                    )]));
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(bills)
    } else {
        Err(Failure::Files(failures))
    }
}
