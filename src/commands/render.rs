//! `twinstack render`: lint each blueprint, refuse the ones with findings (unless
//! `--allow-findings`), and write Terraform and Bicep under `generated/<name>/` — or, with
//! `--check`, compare and print what is out of date.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::lint::Session;
use super::packs::PackArgs;
use crate::blueprint::LoadedBlueprint;
use crate::date::Day;
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print};
use crate::plan::resolve;
use crate::policy::pack::Severity;
use crate::render::output::{RenderedBlueprint, begin, check, write_held};
use crate::render::{Input, aws, azure, readme};
use crate::report::stream::{End, ReportWriter, View};
use crate::report::{FileResult, Format};
use sha2::{Digest, Sha256};

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Blueprint files or folders (every *.yaml / *.yml below that .gitignore and twinstack.toml
    /// do not exclude, sorted).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where to write: <OUT>/<blueprint name>/{aws,azure}/.
    #[arg(short, long, value_name = "OUT", default_value = "generated")]
    pub output: PathBuf,
    /// Compare with what is in <OUT> instead of writing; print a unified diff and exit 1 when stale
    /// (also when <OUT> does not exist yet: nothing has been rendered).
    #[arg(long)]
    pub check: bool,
    /// Render blueprints that have findings anyway; the generated files say so in their header.
    #[arg(long)]
    pub allow_findings: bool,
    /// Findings at or above this severity block rendering [default: low, or fail_on in twinstack.toml].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// Judge waiver expiry as of this date, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_arg)]
    pub today: Option<Day>,
    /// List on standard error the YAML files and folders a folder walk passed over, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print nothing on success (errors, findings and stale files are still reported).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Enable this pack for every blueprint before rendering, as if each listed it in
    /// `compliance:` (repeatable).
    #[arg(long = "pack", value_name = "PACK")]
    pub enable: Vec<String>,
}

#[must_use]
pub fn run(args: &RenderArgs, color: ColorChoice) -> Exit {
    // Linting hands over each blueprint as it is judged; render keeps only what it needs to
    // decide (its name, its open findings) and to load it again (its path and the digest of
    // the text that was linted), so memory does not grow with the number of blueprints.
    let style = crate::output::stderr_style(color);
    let judged = std::cell::RefCell::new(Judged {
        // The report of a refused render, written as the blueprints are judged; not needed
        // when findings cannot refuse anything.
        report: (!args.allow_findings)
            .then(|| ReportWriter::new(Format::Human, style, View::Whole)),
        ..Judged::default()
    });
    super::lint::with_linted(
        &args.paths,
        None,
        &args.packs,
        &args.enable,
        args.today,
        color,
        args.verbose,
        &mut |loaded, evaluation| judged.borrow_mut().add(loaded, evaluation),
        |session| render_linted(args, session, judged.take()),
    )
}

/// What render keeps of the blueprints linted.
#[derive(Default)]
struct Judged {
    blueprints: Vec<Kept>,
    /// Blueprint name -> the first file of that name.
    names: BTreeMap<String, String>,
    /// The first two files of the same name, and the name.
    duplicate: Option<(String, String, String)>,
    report: Option<ReportWriter>,
}

/// One linted blueprint: where to read it again, the digest of the text that was linted, and
/// its findings that are not waived.
struct Kept {
    path: PathBuf,
    digest: [u8; 32],
    open: Vec<(std::sync::Arc<str>, Severity)>,
}

impl Judged {
    fn add(&mut self, loaded: LoadedBlueprint, evaluation: crate::policy::Evaluation) {
        let name = &loaded.blueprint.name;
        match self.names.get(name) {
            Some(first) if self.duplicate.is_none() => {
                self.duplicate = Some((first.clone(), loaded.file.name().to_owned(), name.clone()));
            }
            Some(_) => {}
            None => {
                self.names
                    .insert(name.clone(), loaded.file.name().to_owned());
            }
        }
        self.blueprints.push(Kept {
            path: loaded.file.path().to_owned(),
            digest: Sha256::digest(loaded.file.text().as_bytes()).into(),
            open: evaluation
                .findings
                .iter()
                .filter(|f| f.waived.is_none())
                .map(|f| (f.rule.clone(), f.severity))
                .collect(),
        });
        if let Some(report) = &mut self.report {
            report.file(&FileResult {
                file: loaded.file,
                evaluation,
            });
        }
    }
}

fn render_linted(
    args: &RenderArgs,
    Session {
        linted,
        config,
        catalog,
        style,
        ..
    }: Session<'_>,
    mut judged: Judged,
) -> Exit {
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Low);
    if !linted.errors.is_empty() {
        eprint_diagnostics(&linted.errors, style);
        eprint(&format!(
            "error: {} blueprint(s) could not be loaded; nothing was rendered\n",
            linted.errors.len()
        ));
        return Exit::Error;
    }
    if let Some((first, second, name)) = &judged.duplicate {
        eprint(&format!(
            "error: {first} and {second} are both named `{name}`; their output folders would collide\n"
        ));
        return Exit::Error;
    }

    // Refuse blueprints with findings, all or nothing: a partial render would look complete.
    let mut accepted = Vec::new();
    let mut refused = 0usize;
    for kept in &judged.blueprints {
        let mut open: Vec<String> = kept
            .open
            .iter()
            .filter(|(_, severity)| *severity >= fail_on)
            .map(|(rule, _)| rule.to_string())
            .collect();
        // Named once each, in id order (findings come in file order).
        open.sort();
        open.dedup();
        if !open.is_empty() && !args.allow_findings {
            refused += 1;
        } else {
            accepted.push((kept, open));
        }
    }
    if refused > 0 {
        // The summary counts every blueprint that was linted, not only the refused ones.
        let mut text = Vec::new();
        if let Some(report) = &mut judged.report {
            let end = End {
                errors: &[],
                rules: &[],
                fail_on,
            };
            if let Err(e) = report.finish(&end, &mut text) {
                eprint(&format!("error: cannot write the report: {e}\n"));
            }
        }
        crate::output::eprint_bytes(&text);
        eprint(&format!(
            "error: {refused} blueprint(s) have findings at or above `{fail_on}`; nothing was rendered (fix them, waive them, or pass --allow-findings)\n"
        ));
        return Exit::Findings;
    }

    if !args.check {
        return render_and_write(args, catalog, &accepted);
    }
    if let Some(exit) = super::render_check::missing_output(&args.output, &args.paths) {
        return exit;
    }
    // Blueprints render independently: spread each batch over the cores, keeping their order,
    // and compare it before rendering the next, so memory does not grow with the number of
    // blueprints (only with what is out of date, which is printed).
    let mut staleness = crate::render::output::Staleness::default();
    for batch in accepted.chunks(WRITE_BATCH) {
        let results: Vec<Result<RenderedBlueprint, String>> = batch
            .par_iter()
            .map(|(kept, open)| render_kept(kept, catalog, open))
            .collect();
        let mut rendered = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(r) => rendered.push(r),
                Err(message) => {
                    eprint(&message);
                    return Exit::Error;
                }
            }
        }
        match check(&args.output, &rendered) {
            Ok(found) => staleness.diffs.extend(found.diffs),
            Err(e) => {
                eprint(&format!(
                    "error: cannot read {}: {e}\n",
                    crate::source::display_name(&args.output)
                ));
                return Exit::Error;
            }
        }
    }
    if staleness.is_current() {
        if !args.quiet {
            print(&format!(
                "{} is up to date ({} blueprint{}).\n",
                crate::source::display_name(&args.output),
                accepted.len(),
                crate::text::plural(accepted.len())
            ));
        }
        return Exit::Clean;
    }
    print(&staleness.diffs.concat());
    eprint(&format!(
        "error: {} file(s) in {} are out of date; run `twinstack render` and commit the result\n",
        staleness.diffs.len(),
        crate::source::display_name(&args.output)
    ));
    Exit::Findings
}

/// How many blueprints are rendered before their files are written: enough to keep both cores
/// busy, few enough that their text takes little memory at once.
const WRITE_BATCH: usize = 32;

/// The usual render: every blueprint is accepted and written. Batches are rendered across the
/// cores and written at once, so memory does not grow with the number of blueprints.
fn render_and_write(
    args: &RenderArgs,
    catalog: &crate::catalog::Catalog,
    accepted: &[(&Kept, Vec<String>)],
) -> Exit {
    if args.output.exists() && !args.output.is_dir() {
        eprint(&format!(
            "error: {} is a file; --output names the folder to write into\n",
            crate::source::display_name(&args.output)
        ));
        return Exit::Error;
    }
    let cannot_write = |e: crate::render::output::WriteError| {
        // The error says what is on disk: refused by the lock, or which folder failed and
        // what it holds now (folders before it in the run may already be replaced).
        eprint(&format!(
            "error: cannot write into {}: {e}\n",
            crate::source::display_name(&args.output)
        ));
        Exit::Error
    };
    let lock = match begin(&args.output) {
        Ok(lock) => lock,
        Err(e) => return cannot_write(e),
    };
    let mut notes = Vec::new();
    let mut count = 0;
    for (batch, chunk) in accepted.chunks(WRITE_BATCH).enumerate() {
        let results: Vec<Result<RenderedBlueprint, String>> = chunk
            .par_iter()
            .map(|(kept, open)| render_kept(kept, catalog, open))
            .collect();
        let mut rendered = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(r) => rendered.push(r),
                Err(message) => {
                    eprint(&message);
                    let written = batch * WRITE_BATCH;
                    if written > 0 {
                        eprint(&format!(
                            "note: the first {written} blueprint(s) in input order were written before this one failed\n"
                        ));
                    }
                    return Exit::Error;
                }
            }
        }
        match write_held(&args.output, &rendered) {
            Ok(more) => notes.extend(more),
            Err(e) => return cannot_write(e),
        }
        count += rendered.iter().map(|r| r.files.len()).sum::<usize>();
    }
    drop(lock);
    for note in notes {
        eprint(&format!("warning: {note}\n"));
    }
    if !args.quiet {
        print(&format!(
            "Rendered {} blueprint{} into {} ({count} files).\n",
            accepted.len(),
            crate::text::plural(accepted.len()),
            crate::source::display_name(&args.output)
        ));
    }
    Exit::Clean
}

/// One accepted blueprint's files, read again as it was linted; or why not: it changed or
/// vanished since, or a twinstack bug.
fn render_kept(
    kept: &Kept,
    catalog: &crate::catalog::Catalog,
    open: &[String],
) -> Result<RenderedBlueprint, String> {
    let name = crate::visible::escape(&crate::source::display_name(&kept.path)).into_owned();
    let changed = || {
        format!(
            "error: {name} changed while it was being rendered; nothing more was rendered (run again)\n"
        )
    };
    let loaded = crate::blueprint::load_file(&kept.path, catalog).map_err(|_| changed())?;
    let digest: [u8; 32] = Sha256::digest(loaded.file.text().as_bytes()).into();
    if digest != kept.digest {
        return Err(changed());
    }
    let plan = resolve(&loaded.blueprint, catalog);
    let input = Input::new(&loaded, &plan, catalog, open.to_vec());
    render_one(&input)
        .map(|files| RenderedBlueprint { name: loaded.blueprint.name.clone(), files })
        .map_err(|bug| format!("error: twinstack could not render {}: {bug}\nplease report this as a twinstack bug, with the blueprint\n", loaded.file.name()))
}

/// Every file of one blueprint: `aws/…`, `azure/…`, `README.md`.
///
/// # Errors
/// A twinstack bug in a renderer.
pub fn render_one(input: &Input<'_>) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let has_aws = input.blueprint.clouds.aws.is_some();
    let has_azure = input.blueprint.clouds.azure.is_some();
    if has_aws {
        for (name, text) in aws::render(input)? {
            files.insert(format!("aws/{name}"), text);
        }
    }
    if has_azure {
        for (name, text) in azure::render(input)? {
            files.insert(format!("azure/{name}"), text);
        }
    }
    files.insert(
        "README.md".to_owned(),
        readme::render(
            input,
            has_aws,
            has_azure,
            has_aws && aws::knowledge_base_on_aws(input),
        ),
    );
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::{Kept, Sha256, render_kept};
    use sha2::Digest;

    /// A blueprint edited between linting and rendering is not rendered unlinted.
    #[test]
    fn a_blueprint_changed_since_it_was_linted_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eu-support.yaml");
        let text = std::fs::read_to_string("blueprints/eu-support.yaml").unwrap();
        std::fs::write(&path, &text).unwrap();
        let catalog = crate::catalog::Catalog::embedded();
        let kept = |text: &str| Kept {
            path: path.clone(),
            digest: Sha256::digest(text.as_bytes()).into(),
            open: Vec::new(),
        };
        assert!(render_kept(&kept(&text), catalog, &[]).is_ok());
        let linted = format!("{text}\n# linted, then edited\n");
        let message = render_kept(&kept(&linted), catalog, &[]).unwrap_err();
        assert!(
            message.contains("changed while it was being rendered"),
            "{message}"
        );
        std::fs::remove_file(&path).unwrap();
        let message = render_kept(&kept(&text), catalog, &[]).unwrap_err();
        assert!(
            message.contains("changed while it was being rendered"),
            "{message}"
        );
    }
}
