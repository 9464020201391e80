//! `twinstack cost`: the monthly bill of each blueprint on each cloud, priced from the catalog,
//! optionally against a previous version of the blueprints (`--compare BASE`).

use std::path::PathBuf;

use crate::blueprint::{LoadedBlueprint, load_file};
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
    print(&match args.format {
        Format::Table => table::render(&bills),
        Format::Json => json::render(&bills),
        Format::Markdown => markdown::render(&bills),
    });
    Exit::Clean
}

enum Failure {
    Files(Vec<FileDiagnostics>),
    General(Vec<Diagnostic>),
}

fn estimate_all(paths: &[PathBuf], catalog: &Catalog, today: Day) -> Result<Vec<Bill>, Failure> {
    let files = blueprint_files(paths).map_err(Failure::General)?;
    let mut loaded: Vec<LoadedBlueprint> = Vec::new();
    let mut failures = Vec::new();
    for f in &files {
        match load_file(f, catalog) {
            Ok(l) => loaded.push(l),
            Err(e) => failures.push(e),
        }
    }
    if !failures.is_empty() {
        return Err(Failure::Files(failures));
    }
    loaded
        .iter()
        .map(|l| {
            let plan = resolve(&l.blueprint, catalog);
            estimate(l, &plan, catalog, today).map_err(|e| {
                Failure::General(vec![Diagnostic::error(
                    "cost::render",
                    format!("{}: {e}", l.file.name()),
                )])
            })
        })
        .collect()
}
