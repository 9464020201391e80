//! `twinstack graph`: the lock-in graph of each blueprint, in a format an architect or a pull
//! request can read.

use std::path::PathBuf;

use crate::blueprint::load_file;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, FileDiagnostics, render};
use crate::graph::format::{Format, PORTFOLIO_HEADER, portfolio_row, render as render_graph};
use crate::graph::{analyze, build};
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print, stderr_style};
use crate::plan::resolve;
use crate::source::SourceFile;
use crate::spool::Spool;
use crate::suggest::did_you_mean;

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Blueprint files or folders (every *.yaml / *.yml below that .gitignore and twinstack.toml
    /// do not exclude, sorted).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Only this capability and what it depends on (`logging`, `knowledge-base`, a model's name…).
    #[arg(long, value_name = "CAPABILITY")]
    pub focus: Option<String>,
    /// Write `<name>.<ext>` per blueprint into this folder instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// List on standard error the YAML files and folders a folder walk passed over, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// A folder of catalog overlay files (repeatable).
    #[arg(long = "catalog", value_name = "DIR")]
    pub catalog_dirs: Vec<PathBuf>,
}

#[must_use]
pub fn run(args: &GraphArgs, color: ColorChoice) -> Exit {
    let style = stderr_style(color);
    let fail = |diagnostics: Vec<Diagnostic>| {
        eprint(&render(&SourceFile::from_text("", ""), &diagnostics, style));
        Exit::Error
    };
    // The folder walk fits the repository as lint's does: `.gitignore`, and the `exclude` and
    // `include` globs of the twinstack.toml found from the working folder up.
    let config = match crate::policy::config::Config::load(None) {
        Ok(config) => config,
        Err(failure) => {
            eprint_diagnostics(&[failure], style);
            return Exit::Error;
        }
    };
    let files = match super::inputs::find(&args.paths, false, &config, args.verbose, style) {
        Ok(files) => files,
        Err(exit) => return exit,
    };
    let catalog = match super::catalog::load(&args.catalog_dirs) {
        Ok(c) => c,
        Err(errors) => {
            crate::output::eprint_diagnostics(&errors, style);
            return Exit::Error;
        }
    };
    let catalog: &Catalog = &catalog;
    let single_document = matches!(args.format, Format::Mermaid | Format::Dot | Format::Svg);
    if single_document && files.len() > 1 && args.output_dir.is_none() {
        return fail(vec![
            Diagnostic::error(
                "graph::many",
                format!(
                    "--format {:?} draws one blueprint; {} were given",
                    args.format,
                    files.len()
                )
                .to_lowercase(),
            )
            .with_help("pass one blueprint, or --output-dir DIR to write one file per blueprint"),
        ]);
    }
    // Each blueprint is loaded, drawn and dropped; its document (and its portfolio row) waits in
    // the spool, so memory does not grow with the number of blueprints. Nothing is written
    // unless every blueprint loads and every check passes.
    let mut spool = Spool::default();
    let mut failures: Vec<FileDiagnostics> = Vec::new();
    let mut refusal: Option<Vec<Diagnostic>> = None;
    // Blueprint name -> first file of that name, for `--output-dir`'s collisions; the names in
    // order, for the files' names.
    let mut names: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for f in &files {
        let l = match load_file(f, catalog) {
            Ok(l) => l,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        if !failures.is_empty() || refusal.is_some() {
            continue;
        }
        match graph_one(args, &l, catalog) {
            Ok((document, row)) => {
                spool.push(DOCUMENT, document.as_bytes());
                spool.push(PORTFOLIO_ROW, row.as_bytes());
            }
            Err(diagnostics) => {
                refusal = Some(diagnostics);
                continue;
            }
        }
        if let Some(dir) = &args.output_dir {
            let name = l.blueprint.name.clone();
            if let Some(first) = names.get(&name) {
                // One file per blueprint name: two blueprints of the same name would overwrite
                // each other's file while the summary counted both.
                refusal = Some(vec![
                    Diagnostic::error(
                        "graph::duplicate-name",
                        format!(
                            "{first} and {} are both named `{name}`; their files in {} would collide",
                            l.file.name(),
                            crate::source::display_name(dir)
                        ),
                    )
                    .with_help("give each blueprint its own `name`, or graph them one at a time"),
                ]);
                continue;
            }
            names.insert(name.clone(), l.file.name().to_owned());
            order.push(name);
        }
    }
    if !failures.is_empty() {
        eprint_diagnostics(&failures, style);
        return Exit::Error;
    }
    if let Some(diagnostics) = refusal {
        return fail(diagnostics);
    }
    if let Err(e) = spool.check() {
        return fail(vec![
            Diagnostic::error("io::write", format!("cannot write the graphs: {e}"))
                .with_help("set TMPDIR to a writable folder with free space"),
        ]);
    }
    if let Some(dir) = &args.output_dir {
        return write_files(args, dir, &order, &mut spool, fail);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write_stdout(args.format, files.len(), &mut spool, &mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
    {
        Err(e) if crate::spool::SpoolFailed::is(&e) => fail(vec![
            Diagnostic::error("io::write", format!("cannot write the graphs: {e}"))
                .with_help("set TMPDIR to a writable folder with free space"),
        ]),
        // As `print`: a closed pipe is not an error of the graph.
        _ => Exit::Clean,
    }
}

const DOCUMENT: u8 = 0;
const PORTFOLIO_ROW: u8 = 1;

/// One blueprint's document and its row of the Markdown portfolio; a `--focus` it has no
/// capability of is refused.
fn graph_one(
    args: &GraphArgs,
    l: &crate::blueprint::LoadedBlueprint,
    catalog: &Catalog,
) -> Result<(String, String), Vec<Diagnostic>> {
    let plan = resolve(&l.blueprint, catalog);
    let full = build(&l.blueprint, &plan, catalog);
    let analysis = analyze(&full, &l.blueprint, &plan);
    let shown = match &args.focus {
        None => full,
        Some(cap) => match full.focus(cap) {
            Some(g) => g,
            None => {
                let caps = full.capability_ids();
                let help = did_you_mean(cap, caps.iter().map(String::as_str)).map_or_else(
                    || format!("capabilities of {}: {}", l.blueprint.name, caps.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                return Err(vec![
                    Diagnostic::error(
                        "graph::focus",
                        format!("{} has no capability `{cap}`", l.file.name()),
                    )
                    .with_help(help),
                ]);
            }
        },
    };
    Ok((
        render_graph(args.format, &shown, &analysis),
        portfolio_row(&shown, &analysis),
    ))
}

/// The documents on standard output: one as it is; several JSON documents as one array;
/// several Markdown documents followed by the portfolio table.
fn write_stdout(
    format: Format,
    count: usize,
    spool: &mut Spool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json if count > 1 => {
            out.write_all(b"[\n")?;
            let mut first = true;
            spool.replay(DOCUMENT, |d| {
                if !first {
                    out.write_all(b",\n")?;
                }
                first = false;
                out.write_all(d.trim_ascii_end())
            })?;
            out.write_all(b"]\n")
        }
        Format::Markdown if count > 1 => {
            let mut first = true;
            spool.replay(DOCUMENT, |d| {
                if !first {
                    out.write_all(b"\n")?;
                }
                first = false;
                out.write_all(d)
            })?;
            out.write_all(b"\n")?;
            out.write_all(PORTFOLIO_HEADER.as_bytes())?;
            spool.copy(PORTFOLIO_ROW, out)
        }
        _ => spool.copy(DOCUMENT, out),
    }
}

/// `--output-dir`: `<name>.<ext>` per blueprint, then a line saying how many.
fn write_files(
    args: &GraphArgs,
    dir: &std::path::Path,
    names: &[String],
    spool: &mut Spool,
    fail: impl Fn(Vec<Diagnostic>) -> Exit,
) -> Exit {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(vec![Diagnostic::error(
            "io::write",
            format!("cannot create {}: {e}", dir.display()),
        )]);
    }
    let mut names = names.iter();
    let mut failed = None;
    let mut written = 0usize;
    let replayed = spool.replay(DOCUMENT, |text| {
        let Some(name) = names.next() else {
            return Ok(());
        };
        let path = dir.join(format!("{name}.{}", args.format.extension()));
        if let Err(e) = std::fs::write(&path, text) {
            failed = Some(format!("cannot write {}: {e}", path.display()));
            return Err(e);
        }
        written += 1;
        Ok(())
    });
    if let Some(message) = failed {
        return fail(vec![Diagnostic::error("io::write", message)]);
    }
    if let Err(e) = replayed {
        return fail(vec![
            Diagnostic::error("io::write", format!("cannot write the graphs: {e}"))
                .with_help("set TMPDIR to a writable folder with free space"),
        ]);
    }
    let count = written;
    print(&format!(
        "Wrote {count} graph{} into {}.\n",
        if count == 1 { "" } else { "s" },
        crate::source::display_name(dir)
    ));
    Exit::Clean
}
