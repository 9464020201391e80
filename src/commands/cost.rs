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
    if let Some(base) = &args.compare {
        let estimated = estimate_all(&args.paths, catalog, today).and_then(|bills| {
            estimate_all(std::slice::from_ref(base), catalog, today).map(|base| (base, bills))
        });
        return match estimated {
            Ok((base, bills)) => {
                print(&compare::render(
                    &compare::compare(&base, &bills),
                    args.format,
                ));
                Exit::Clean
            }
            Err(failure) => report(failure, style),
        };
    }
    match write_streamed(&args.paths, catalog, today, args.format) {
        Ok(()) => Exit::Clean,
        Err(failure) => report(failure, style),
    }
}

fn report(failure: Failure, style: crate::diagnostic::Style) -> Exit {
    match failure {
        Failure::Files(f) => eprint_diagnostics(&f, style),
        Failure::General(d) => eprint(&render(&SourceFile::from_text("", ""), &d, style)),
    }
    Exit::Error
}

/// The report, one bill at a time: each chunk's bills are formatted into an unnamed temporary
/// file as they are estimated, so memory does not grow with the number of blueprints; the file
/// is copied to standard output only when every blueprint loaded (otherwise nothing is
/// printed, as before).
fn write_streamed(
    paths: &[PathBuf],
    catalog: &Catalog,
    today: Day,
    format: Format,
) -> Result<(), Failure> {
    use std::io::{Seek, Write};
    let spool_error = |e: std::io::Error| {
        Failure::General(vec![
            Diagnostic::error(
                "cost::spool",
                format!("cannot write the report to a temporary file: {e}"),
            )
            .with_help("set TMPDIR to a writable folder with free space"),
        ])
    };
    let mut spool = std::io::BufWriter::new(tempfile::tempfile().map_err(spool_error)?);
    let mut written = 0usize;
    let mut failed = None;
    estimate_each(paths, catalog, today, &mut |bill| {
        let text = match format {
            Format::Table => table::bill(bill),
            Format::Markdown => markdown::bill(bill),
            Format::Json => json::element(bill, written == 0),
        };
        written += 1;
        if failed.is_none()
            && let Err(e) = spool.write_all(text.as_bytes())
        {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(spool_error(e));
    }
    let mut file = spool
        .into_inner()
        .map_err(|e| spool_error(e.into_error()))?;
    file.rewind().map_err(spool_error)?;
    let (header, footer) = match format {
        Format::Table => (String::new(), String::new()),
        Format::Markdown => (markdown::HEADER.to_owned(), String::new()),
        Format::Json => (json::HEADER.to_owned(), json::footer(written > 0)),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // As `print`: a closed pipe is not an error of the estimate.
    let _ = out
        .write_all(header.as_bytes())
        .and_then(|()| std::io::copy(&mut file, &mut out).map(|_| ()))
        .and_then(|()| out.write_all(footer.as_bytes()))
        .and_then(|()| out.flush());
    Ok(())
}

enum Failure {
    Files(Vec<FileDiagnostics>),
    General(Vec<Diagnostic>),
}

/// Every bill, in input order (for `--compare`, which needs both sides whole).
fn estimate_all(paths: &[PathBuf], catalog: &Catalog, today: Day) -> Result<Vec<Bill>, Failure> {
    let mut bills = Vec::new();
    estimate_each(paths, catalog, today, &mut |b| bills.push(b.clone()))?;
    Ok(bills)
}

/// Loads and estimates every blueprint, in input order, spread over the cores in chunks, and
/// hands each bill to `each` as its chunk completes: neither the blueprints nor their bills are
/// kept. Every file that does not load is reported (and then the caller prints nothing).
fn estimate_each(
    paths: &[PathBuf],
    catalog: &Catalog,
    today: Day,
    each: &mut dyn FnMut(&Bill),
) -> Result<(), Failure> {
    use rayon::prelude::*;

    /// Files loaded and estimated per parallel step.
    const CHUNK: usize = 256;
    let files = blueprint_files(paths).map_err(Failure::General)?;
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
                Ok(Ok(bill)) => {
                    if failures.is_empty() {
                        each(&bill);
                    }
                }
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
        Ok(())
    } else {
        Err(Failure::Files(failures))
    }
}
