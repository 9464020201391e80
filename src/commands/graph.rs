//! `twinstack graph`: the lock-in graph of each blueprint, in a format an architect or a pull
//! request can read.

use std::path::PathBuf;

use crate::blueprint::load_file;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, FileDiagnostics, render};
use crate::graph::format::{Format, portfolio, render as render_graph};
use crate::graph::{analyze, build};
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print, stderr_style};
use crate::plan::resolve;
use crate::source::SourceFile;
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
    let mut loaded = Vec::new();
    let mut failures: Vec<FileDiagnostics> = Vec::new();
    for f in &files {
        match load_file(f, catalog) {
            Ok(l) => loaded.push(l),
            Err(e) => failures.push(e),
        }
    }
    if !failures.is_empty() {
        eprint_diagnostics(&failures, style);
        return Exit::Error;
    }
    let single_document = matches!(args.format, Format::Mermaid | Format::Dot | Format::Svg);
    if single_document && loaded.len() > 1 && args.output_dir.is_none() {
        return fail(vec![
            Diagnostic::error(
                "graph::many",
                format!(
                    "--format {:?} draws one blueprint; {} were given",
                    args.format,
                    loaded.len()
                )
                .to_lowercase(),
            )
            .with_help("pass one blueprint, or --output-dir DIR to write one file per blueprint"),
        ]);
    }
    let mut graphs = Vec::new();
    for l in &loaded {
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
                    return fail(vec![
                        Diagnostic::error(
                            "graph::focus",
                            format!("{} has no capability `{cap}`", l.file.name()),
                        )
                        .with_help(help),
                    ]);
                }
            },
        };
        graphs.push((shown, analysis));
    }
    let documents: Vec<String> = graphs
        .iter()
        .map(|(g, a)| render_graph(args.format, g, a))
        .collect();
    if let Some(dir) = &args.output_dir {
        // One file per blueprint name: two blueprints of the same name would overwrite each
        // other's file while the summary counted both. Refused before anything is written.
        let mut names: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for l in &loaded {
            if let Some(first) = names.insert(&l.blueprint.name, l.file.name()) {
                return fail(vec![
                    Diagnostic::error(
                        "graph::duplicate-name",
                        format!(
                            "{first} and {} are both named `{}`; their files in {} would collide",
                            l.file.name(),
                            l.blueprint.name,
                            crate::source::display_name(dir)
                        ),
                    )
                    .with_help("give each blueprint its own `name`, or graph them one at a time"),
                ]);
            }
        }
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(vec![Diagnostic::error(
                "io::write",
                format!("cannot create {}: {e}", dir.display()),
            )]);
        }
        for ((g, _), text) in graphs.iter().zip(&documents) {
            let path = dir.join(format!("{}.{}", g.name, args.format.extension()));
            if let Err(e) = std::fs::write(&path, text) {
                return fail(vec![Diagnostic::error(
                    "io::write",
                    format!("cannot write {}: {e}", path.display()),
                )]);
            }
        }
        print(&format!(
            "Wrote {} graph{} into {}.\n",
            graphs.len(),
            if graphs.len() == 1 { "" } else { "s" },
            crate::source::display_name(dir)
        ));
        return Exit::Clean;
    }
    let text = match args.format {
        Format::Json if documents.len() > 1 => format!(
            "[\n{}]\n",
            documents
                .iter()
                .map(|d| d.trim_end().to_owned())
                .collect::<Vec<_>>()
                .join(",\n")
        ),
        Format::Markdown if graphs.len() > 1 => {
            let rows: Vec<_> = graphs.iter().map(|(g, a)| (g, a)).collect();
            format!("{}\n{}", documents.join("\n"), portfolio(&rows))
        }
        _ => documents.concat(),
    };
    print(&text);
    Exit::Clean
}
