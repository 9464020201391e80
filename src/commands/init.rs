//! `twinstack init`: writes a first blueprint that lints clean, or says why none can.
//!
//! This module is the command line side: it validates what the user typed (names, e-mail
//! addresses, packs, regions; nothing reaches the file or the terminal unescaped), loads the
//! packs and catalog as `lint` does, and writes the file without ever overwriting one. What goes
//! in the blueprint is [`crate::init`]'s job.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::blueprint::model::Residency;
use crate::catalog::Cloud;
use crate::date::Day;
use crate::diagnostic::{Diagnostic, render};
use crate::init::validate::{check_line, valid_email, valid_name};
use crate::init::{Engine, Request, build, default_residency};
use crate::output::{ColorChoice, Exit, eprint, eprint_diagnostics, print, stderr_style};
use crate::policy::compile::compile;
use crate::policy::expr::environment;
use crate::policy::set::BASELINE;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::visible::escape;

/// What `init` takes from the command line.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the blueprint (folders are created); `-` writes it to standard output. An
    /// existing file is never overwritten.
    #[arg(value_name = "PATH", default_value = "blueprint.yaml")]
    pub path: PathBuf,
    /// E-mail address of the owning team; also the budget's and security alerts' recipient.
    #[arg(long, value_name = "EMAIL")]
    pub owner: String,
    /// Workload name, the prefix of every generated resource name: 3-32 lowercase letters,
    /// digits and hyphens, starting with a letter [default: the file name without .yaml].
    #[arg(long)]
    pub name: Option<String>,
    /// What the workload does, in one line.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Why the data is processed (the GDPR record of processing needs it).
    #[arg(long, value_name = "TEXT")]
    pub purpose: Option<String>,
    /// Reference to the data-protection impact assessment (gdpr asks for one with health or
    /// other special-category data).
    #[arg(long, value_name = "REFERENCE")]
    pub dpia: Option<String>,
    /// Policy packs to enforce, comma-separated: hipaa, gdpr, fedramp-high, lockin or a team pack.
    #[arg(long, value_delimiter = ',', value_name = "PACK")]
    pub compliance: Vec<String>,
    /// Clouds to run on, comma-separated [default: the clouds of --region, or aws,azure].
    #[arg(long, value_delimiter = ',', value_parser = ["aws", "azure"], value_name = "CLOUD")]
    pub clouds: Vec<String>,
    /// Where data may be stored and processed [default: us-gov with fedramp-high, eu with
    /// gdpr, else us].
    #[arg(long, value_parser = ["us", "eu", "us-gov", "any"])]
    pub residency: Option<String>,
    /// A region to use (repeatable): per cloud the first is the primary, the second the
    /// failover [default: the first regions of the catalog that fit the residency and packs].
    #[arg(long = "region", value_name = "CODE")]
    pub regions: Vec<String>,
    /// Microsoft approved modified abuse monitoring for the Azure subscription, so Azure keeps
    /// no prompts (gdpr and hipaa require it on Azure).
    #[arg(long)]
    pub zero_data_retention: bool,
    /// The signed business associate agreement with a cloud, as CLOUD=REFERENCE (repeatable;
    /// hipaa asks for one per cloud in use).
    #[arg(long, value_name = "CLOUD=REFERENCE")]
    pub baa: Vec<String>,
    /// The data processing agreement with a cloud, as CLOUD=REFERENCE (repeatable; gdpr asks
    /// for one per cloud in use).
    #[arg(long, value_name = "CLOUD=REFERENCE")]
    pub dpa: Vec<String>,
    /// Monthly budget in US dollars, alerted at 50, 80 and 100 percent.
    #[arg(long, value_name = "USD", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub budget_usd: u64,
    #[command(flatten)]
    pub packs: super::packs::PackArgs,
    /// Choose models current on this date, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_arg)]
    pub today: Option<Day>,
}

fn usage_error(color: ColorChoice, code: &str, message: String, help: Option<String>) -> Exit {
    let mut d = Diagnostic::error(code, message);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    eprint(&render(
        &SourceFile::from_text("", ""),
        &[d],
        stderr_style(color),
    ));
    Exit::Error
}

fn default_name(path: &Path) -> Option<String> {
    if path.as_os_str() == "-" {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    valid_name(stem).then(|| stem.to_owned())
}

/// Runs `twinstack init`.
#[must_use]
pub fn run(args: &InitArgs, color: ColorChoice) -> Exit {
    let to_stdout = args.path.as_os_str() == "-";
    let name = match (&args.name, default_name(&args.path)) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => n,
        (None, None) => {
            return usage_error(
                color,
                "init::name",
                format!(
                    "no workload name: `{}` does not make one",
                    escape(&args.path.to_string_lossy())
                ),
                Some("pass --name NAME: 3-32 lowercase letters, digits and hyphens, starting with a letter".to_owned()),
            );
        }
    };
    if !valid_name(&name) {
        return usage_error(
            color,
            "init::name",
            format!("`{}` is not a workload name", escape(&name)),
            Some("3-32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, e.g. `claims-assistant`".to_owned()),
        );
    }
    if !valid_email(&args.owner) {
        return usage_error(
            color,
            "init::owner",
            format!("--owner `{}` is not an e-mail address", escape(&args.owner)),
            Some("the owning team's address, e.g. `platform@example.com`".to_owned()),
        );
    }
    for (flag, text, max) in [
        ("--description", &args.description, 200),
        ("--purpose", &args.purpose, 500),
        ("--dpia", &args.dpia, 200),
    ] {
        if let Some(text) = text
            && let Err((message, help)) = check_line(flag, text, max)
        {
            return usage_error(color, "init::text", message, Some(help));
        }
    }
    if !to_stdout && args.path.exists() {
        return usage_error(
            color,
            "init::exists",
            format!("`{}` already exists", escape(&args.path.to_string_lossy())),
            Some(
                "init never overwrites a file: choose another PATH, or `-` for standard output"
                    .to_owned(),
            ),
        );
    }

    let (config, set) = match super::packs::load_policies(&args.packs, color) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let catalog = match super::packs::load_catalog(&args.packs, &config, color) {
        Ok(catalog) => catalog,
        Err(exit) => return exit,
    };

    let mut packs: Vec<String> = Vec::new();
    for id in &args.compliance {
        let lower = id.trim().to_lowercase();
        let known: Vec<&str> = set
            .pack_ids()
            .into_iter()
            .filter(|p| *p != BASELINE)
            .collect();
        if lower == BASELINE {
            return usage_error(
                color,
                "init::pack",
                "the baseline pack always applies; --compliance names the others".to_owned(),
                Some(format!("packs: {}", known.join(", "))),
            );
        }
        if !known.contains(&lower.as_str()) {
            let help = did_you_mean(&lower, known.iter().copied()).map_or_else(
                || {
                    format!(
                        "packs: {}; a team pack is added with --policy-dir",
                        known.join(", ")
                    )
                },
                |s| format!("did you mean `{s}`? Packs: {}", known.join(", ")),
            );
            return usage_error(
                color,
                "policy::unknown-pack",
                format!("unknown policy pack `{}`", escape(id)),
                Some(help),
            );
        }
        if !packs.contains(&lower) {
            packs.push(lower);
        }
    }

    let mut regions: BTreeMap<Cloud, Vec<String>> = BTreeMap::new();
    for code in &args.regions {
        let lower = code.trim().to_lowercase();
        let Some(cloud) = Cloud::ALL
            .into_iter()
            .find(|c| catalog.region(*c, &lower).is_some())
        else {
            let all: Vec<&str> = Cloud::ALL
                .iter()
                .flat_map(|c| catalog.regions(*c).iter().map(|r| r.code.as_str()))
                .collect();
            let help = did_you_mean(&lower, all.iter().copied()).map_or_else(
                || "`twinstack catalog regions` lists the regions twinstack knows".to_owned(),
                |s| format!("did you mean `{s}`?"),
            );
            return usage_error(
                color,
                "init::region",
                format!("unknown region `{}`", escape(code)),
                Some(help),
            );
        };
        let list = regions.entry(cloud).or_default();
        if list.contains(&lower) {
            continue;
        }
        if list.len() == 2 {
            return usage_error(
                color,
                "init::region",
                format!(
                    "three regions for {}: `{}`, `{}` and `{lower}`",
                    cloud.display(),
                    list[0],
                    list[1]
                ),
                Some(
                    "per cloud, the first --region is the primary and the second the failover"
                        .to_owned(),
                ),
            );
        }
        list.push(lower);
    }

    let clouds: Vec<Cloud> = if !args.clouds.is_empty() {
        Cloud::ALL
            .into_iter()
            .filter(|c| args.clouds.iter().any(|a| a == c.key()))
            .collect()
    } else if !regions.is_empty() {
        regions.keys().copied().collect()
    } else {
        Cloud::ALL.to_vec()
    };
    if let Some((cloud, list)) = regions.iter().find(|(c, _)| !clouds.contains(c)) {
        return usage_error(
            color,
            "init::region",
            format!(
                "--region {} is a {} region, and --clouds leaves {} out",
                list[0],
                cloud.display(),
                cloud.key()
            ),
            Some(format!(
                "add {} to --clouds, or drop the region",
                cloud.key()
            )),
        );
    }

    let residency = match args.residency.as_deref() {
        Some("us") => Residency::Us,
        Some("eu") => Residency::Eu,
        Some("us-gov") => Residency::UsGov,
        Some(_) => Residency::Any,
        None => default_residency(&packs),
    };

    let mut agreements = crate::blueprint::model::Agreements::default();
    for (flag, values) in [("--baa", &args.baa), ("--dpa", &args.dpa)] {
        for value in values {
            let parsed = value.split_once('=').and_then(|(cloud, reference)| {
                let cloud = Cloud::ALL.into_iter().find(|c| c.key() == cloud)?;
                Some((cloud, reference))
            });
            let Some((cloud, reference)) = parsed else {
                return usage_error(
                    color,
                    "init::agreement",
                    format!("{flag} {} is not CLOUD=REFERENCE", escape(value)),
                    Some(format!(
                        "for example {flag} aws=AGREEMENT-2026-01 (cloud: aws or azure)"
                    )),
                );
            };
            if let Err((message, help)) = check_line(flag, reference, 200) {
                return usage_error(color, "init::agreement", message, Some(help));
            }
            let slot = match cloud {
                Cloud::Aws => agreements.aws.get_or_insert_with(Default::default),
                Cloud::Azure => agreements.azure.get_or_insert_with(Default::default),
            };
            let field = if flag == "--baa" {
                &mut slot.baa
            } else {
                &mut slot.dpa
            };
            *field = Some(reference.to_owned());
        }
    }

    let file_name = if to_stdout {
        "<stdout>".to_owned()
    } else {
        args.path.to_string_lossy().into_owned()
    };
    let request = Request {
        name,
        owner: args.owner.clone(),
        description: args.description.clone(),
        purpose: args.purpose.clone(),
        dpia: args.dpia.clone(),
        packs,
        clouds,
        residency,
        regions,
        zero_data_retention: args.zero_data_retention,
        agreements,
        budget_usd: args.budget_usd,
        today: args.today.unwrap_or_else(Day::today),
        file_name,
    };
    let env = environment();
    let rules = match compile(&env, &set) {
        Ok(rules) => rules,
        Err(failures) => {
            eprint_diagnostics(&failures, stderr_style(color));
            return Exit::Error;
        }
    };
    let engine = Engine {
        set: &set,
        rules: &rules,
        catalog: &catalog,
    };
    let text = match build(&request, &engine) {
        Ok(text) => text,
        Err(refusal) => {
            return usage_error(
                color,
                "init::refused",
                format!("nothing written: {}", refusal.message),
                (!refusal.details.is_empty()).then(|| refusal.details.join("\n")),
            );
        }
    };
    if to_stdout {
        print(&text);
        return Exit::Clean;
    }
    match write_new(&args.path, &text) {
        Ok(()) => {
            let shown = escape(&args.path.to_string_lossy()).into_owned();
            let mut next = format!(
                "wrote {shown}: it lints clean; next: `twinstack lint {shown}`, then `twinstack render {shown}`\n"
            );
            let schema = args
                .path
                .parent()
                .unwrap_or(Path::new(""))
                .join("blueprint.schema.json");
            if !schema.exists() {
                next.push_str(&format!(
                    "for completion in editors: `twinstack schema > {}`\n",
                    escape(&schema.to_string_lossy())
                ));
            }
            eprint(&next);
            Exit::Clean
        }
        Err(e) => usage_error(
            color,
            "init::write",
            format!(
                "cannot write `{}`: {e}",
                escape(&args.path.to_string_lossy())
            ),
            Some("nothing was written".to_owned()),
        ),
    }
}

/// Creates `path` (and its folders) with `text`; an existing file is an error, never replaced.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
