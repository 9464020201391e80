//! `twinstack lint`: load blueprints, resolve them against the catalog, evaluate the enabled
//! policy packs, and report in the chosen format. Exit 0: nothing at or above `--fail-on`;
//! 1: findings; 2: a blueprint, pack or config could not be read.

use std::path::PathBuf;

use crate::blueprint::{LoadFailure, LoadedBlueprint, load_file, load_stdin};
use crate::catalog::Catalog;
use crate::date::Day;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::discover::STDIN;
use crate::output::{ColorChoice, Exit, eprint_diagnostics, stderr_style};
use crate::policy::PolicySet;
use crate::policy::compile::compile;
use crate::policy::config::Config;
use crate::policy::engine::lint_blueprint;
use crate::policy::expr::environment;
use crate::policy::pack::Severity;
use crate::policy::set::BASELINE;
use crate::report::stream::{End, ReportWriter};
use crate::report::{FileResult, Format};
use crate::suggest::did_you_mean;
use crate::yaml::Path;

/// What `lint` needs from the command line.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Blueprint files or folders (every *.yaml / *.yml below that .gitignore and twinstack.toml
    /// do not exclude, sorted); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The file name standard input (`-`) is shown under in locations and reports [default: <stdin>].
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity is not waived [default: low, or fail_on in twinstack.toml].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    #[command(flatten)]
    pub packs: super::packs::PackArgs,
    /// Enable this pack for every blueprint, as if each listed it in `compliance:` (repeatable),
    /// e.g. `--pack cost` or `--pack lockin`.
    #[arg(long = "pack", value_name = "PACK")]
    pub enable: Vec<String>,
    /// Judge waiver expiry as of this date, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_arg)]
    pub today: Option<Day>,
    /// List on standard error the YAML files and folders a folder walk passed over, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print only findings and errors: no waived list, no table, no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print the number of findings per rule (count, rule, severity, title), most first,
    /// instead of the findings; with --format human or json.
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to this file (replaced whole, never half-written) instead of standard
    /// output; the exit code is still the lint's.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

/// What [`with_linted`] hands its caller: the lint results and what produced them.
pub struct Session<'a> {
    pub linted: Linted,
    pub set: &'a PolicySet,
    pub config: &'a Config,
    pub catalog: &'a Catalog,
    pub style: crate::diagnostic::Style,
}

/// What linting does with each blueprint it judged: hands it on at once, with its evaluation, so
/// that nothing is kept beyond what the caller keeps (`lint` its report, `render` what it needs to
/// render the blueprint again); memory does not grow with the number of files.
pub type Each<'s> = &'s mut dyn FnMut(LoadedBlueprint, crate::policy::Evaluation);

/// The shared front of `lint` and `render`: find the blueprint files, load and compile the
/// packs, lint every file, handing each to `each` in input order. Any input or pack error is
/// printed and ends with exit code 2; on success `then` decides what to print and the exit
/// code. `stdin` is the name standard input is shown under when `-` may be read (`lint`),
/// `None` where it may not.
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn with_linted(
    paths: &[PathBuf],
    stdin: Option<&str>,
    packs: &super::packs::PackArgs,
    enable: &[String],
    today: Option<Day>,
    color: ColorChoice,
    verbose: bool,
    each: Each<'_>,
    then: impl FnOnce(Session<'_>) -> Exit,
) -> Exit {
    let style = stderr_style(color);
    // The config first: its `exclude`/`include` globs decide which files a folder holds.
    let (config, mut set) = match super::packs::load_policies(packs, color) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    if let Err(message) = set.enable_for_all(enable) {
        crate::output::eprint(&format!("error: {message}\n"));
        return Exit::Error;
    }
    let files = match super::inputs::find(paths, stdin.is_some(), &config, verbose, style) {
        Ok(files) => files,
        Err(exit) => return exit,
    };
    let catalog = match super::packs::load_catalog(packs, &config, color) {
        Ok(catalog) => catalog,
        Err(exit) => return exit,
    };
    let env = environment();
    let rules = match compile(&env, &set) {
        Ok(rules) => rules,
        Err(failures) => {
            eprint_diagnostics(&failures, style);
            return Exit::Error;
        }
    };
    let linted = lint_files(
        &files,
        stdin,
        &rules,
        &set,
        &catalog,
        today.unwrap_or_else(Day::today),
        each,
    );
    if let Err(pack_error) = &linted.pack_error {
        eprint_diagnostics(std::slice::from_ref(pack_error), style);
        return Exit::Error;
    }
    then(Session {
        linted,
        set: &set,
        config: &config,
        catalog: &catalog,
        style,
    })
}

#[must_use]
pub fn run(args: &LintArgs, color: ColorChoice) -> Exit {
    if let Some(exit) =
        super::lint_output::refuse_statistics_format(args.statistics, args.format, color)
    {
        return exit;
    }
    let stdin = args.stdin_filename.as_deref().unwrap_or("<stdin>");
    // Shared by the linting, which hands it each file, and the report's end.
    let writer = std::cell::RefCell::new(super::lint_output::writer(args, stderr_style(color)));
    with_linted(
        &args.paths,
        Some(stdin),
        &args.packs,
        &args.enable,
        args.today,
        color,
        args.verbose,
        &mut |loaded, evaluation| {
            // The report needs the file and the evaluation (findings carry their spans).
            let file = FileResult {
                file: loaded.file,
                evaluation,
            };
            writer.borrow_mut().file(&file);
        },
        |session| report(args, session, &mut writer.borrow_mut()),
    )
}

fn report(
    args: &LintArgs,
    Session {
        linted,
        set,
        config,
        style,
        ..
    }: Session<'_>,
    writer: &mut ReportWriter,
) -> Exit {
    let mut enabled_any: Vec<&str> = vec![BASELINE];
    for id in std::iter::once(BASELINE)
        .chain(linted.compliance.iter().map(String::as_str))
        .chain(set.enabled_for_all.iter().map(String::as_str))
    {
        if let Some(pack) = set.pack(id)
            && !enabled_any.contains(&pack.def.pack.as_str())
        {
            enabled_any.push(&pack.def.pack);
        }
    }
    let rules: Vec<_> = set
        .rules()
        .filter(|(p, _)| enabled_any.contains(&p.def.pack.as_str()))
        .collect();
    let end = End {
        errors: &linted.errors,
        rules: &rules,
        fail_on: args.fail_on.or(config.fail_on).unwrap_or(Severity::Low),
    };
    eprint_diagnostics(end.errors, style);
    if let Err(exit) = super::lint_output::emit(writer, &end, args.output_file.as_deref(), style) {
        return exit;
    }
    if !end.errors.is_empty() {
        Exit::Error
    } else if writer.tally().gates(end.fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// The outcome of linting files beyond what was handed on: the packs the blueprints named, the
/// files that did not load, and a policy rule that failed to evaluate (a pack bug: exit 2).
pub struct Linted {
    /// The pack ids the blueprints name in `compliance:`.
    pub compliance: std::collections::BTreeSet<String>,
    pub errors: Vec<FileDiagnostics>,
    pub pack_error: Result<(), FileDiagnostics>,
}

/// How many files one parallel step loads and lints: enough to keep both cores busy, few enough
/// that their syntax trees take little memory at once.
const CHUNK: usize = 64;

/// Loads and lints every file, handing each to `each` in input order. Files are spread over the
/// cores in chunks, so that only a chunk's syntax trees are held at once. The first rule that
/// fails to evaluate, in input order, ends the run as it would if the files were linted one
/// after another.
pub fn lint_files(
    files: &[PathBuf],
    stdin: Option<&str>,
    rules: &[crate::policy::rule::CompiledRule<'_, '_>],
    set: &PolicySet,
    catalog: &Catalog,
    today: Day,
    each: Each<'_>,
) -> Linted {
    use rayon::prelude::*;

    let mut out = Linted {
        compliance: std::collections::BTreeSet::new(),
        errors: Vec::new(),
        pack_error: Ok(()),
    };
    for chunk in files.chunks(CHUNK) {
        let done: Vec<Judged> = chunk
            .par_iter()
            .map(|path| lint_one(path, stdin, rules, set, catalog, today))
            .collect();
        for judged in done {
            match judged {
                Judged::Unreadable(failure) => out.errors.push(failure),
                Judged::Linted(loaded, evaluation) => {
                    out.compliance
                        .extend(loaded.blueprint.compliance.iter().cloned());
                    each(*loaded, evaluation);
                }
                Judged::PackError(pack_error) => {
                    out.pack_error = Err(pack_error);
                    return out;
                }
            }
        }
    }
    out
}

/// What became of one file.
enum Judged {
    Unreadable(FileDiagnostics),
    Linted(Box<LoadedBlueprint>, crate::policy::Evaluation),
    PackError(FileDiagnostics),
}

fn lint_one(
    path: &std::path::Path,
    stdin: Option<&str>,
    rules: &[crate::policy::rule::CompiledRule<'_, '_>],
    set: &PolicySet,
    catalog: &Catalog,
    today: Day,
) -> Judged {
    let read = match stdin {
        Some(name) if path.as_os_str() == STDIN => load_stdin(name, catalog),
        _ => load_file(path, catalog),
    };
    let loaded = match read.and_then(|l| check_compliance(l, set)) {
        Ok(l) => l,
        Err(failure) => return Judged::Unreadable(super::id_suggest::complete(failure, set)),
    };
    match lint_blueprint(rules, set, &loaded, catalog, today) {
        Ok(evaluation) => Judged::Linted(Box::new(loaded), evaluation),
        Err(mut pack_error) => {
            pack_error.diagnostics.iter_mut().for_each(|d| {
                d.message = format!("{} (while linting {})", d.message, loaded.file.name())
            });
            Judged::PackError(pack_error)
        }
    }
}

/// Every id in `compliance:` names a pack.
fn check_compliance(
    loaded: LoadedBlueprint,
    set: &PolicySet,
) -> Result<LoadedBlueprint, LoadFailure> {
    let ids = set.pack_ids();
    let diagnostics: Vec<Diagnostic> = loaded
        .blueprint
        .compliance
        .iter()
        .enumerate()
        .filter(|(_, id)| set.pack(id).is_none())
        .map(|(i, id)| {
            let help = match did_you_mean(id, ids.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? Packs: {}", ids.join(", ")),
                None => format!(
                    "packs: {}; a team pack is added with --policy-dir",
                    ids.join(", ")
                ),
            };
            Diagnostic::error(
                "policy::unknown-pack",
                format!("unknown policy pack `{id}`"),
            )
            .with_label(
                loaded
                    .locate(&Path::root().key("compliance").index(i))
                    .primary(),
                "no pack has this id",
            )
            .with_help(help)
        })
        .collect();
    if diagnostics.is_empty() {
        Ok(loaded)
    } else {
        Err(FileDiagnostics {
            file: loaded.file,
            diagnostics,
        })
    }
}
