//! The pack options every command that evaluates or shows rules takes (`--policy-dir`,
//! `--config`), and loading the config and packs they name, with their diagnostics printed.

use std::path::PathBuf;

use crate::output::{ColorChoice, Exit, eprint_diagnostics, stderr_style};
use crate::policy::PolicySet;
use crate::policy::config::Config;

#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// A folder of team policy packs (repeatable); a blueprint enables one by id in `compliance:`.
    #[arg(long, value_name = "DIR")]
    pub policy_dir: Vec<PathBuf>,
    /// Settings file [default: twinstack.toml in the working folder or the nearest folder above
    /// it, up to the repository root].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read no settings file: built-in defaults only.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// A folder of catalog overlay files (repeatable), after `catalog_dirs` of the config.
    #[arg(long = "catalog", value_name = "DIR")]
    pub catalog_dirs: Vec<PathBuf>,
}

/// The built-in catalog overlaid with the config's `catalog_dirs`, then `--catalog`, printing
/// what is wrong with them.
///
/// # Errors
/// [`Exit::Error`] after the diagnostics are printed.
pub fn load_catalog(
    args: &PackArgs,
    config: &Config,
    color: ColorChoice,
) -> Result<std::borrow::Cow<'static, crate::catalog::Catalog>, Exit> {
    let dirs: Vec<PathBuf> = config
        .catalog_dirs
        .iter()
        .chain(&args.catalog_dirs)
        .cloned()
        .collect();
    super::catalog::load(&distinct(dirs)).map_err(|errors| {
        eprint_diagnostics(&errors, stderr_style(color));
        Exit::Error
    })
}

/// Reads the config and every pack (built-in, config folders, `--policy-dir`), printing what is
/// wrong with them.
///
/// # Errors
/// [`Exit::Error`] after the diagnostics are printed.
pub fn load_policies(args: &PackArgs, color: ColorChoice) -> Result<(Config, PolicySet), Exit> {
    let style = stderr_style(color);
    let config = if args.no_config {
        Config::default()
    } else {
        Config::load(args.config.as_deref()).map_err(|f| {
            eprint_diagnostics(&[f], style);
            Exit::Error
        })?
    };
    let dirs: Vec<PathBuf> = config
        .policy_dirs
        .iter()
        .chain(&args.policy_dir)
        .cloned()
        .collect();
    let set = PolicySet::load(&distinct(dirs), &config).map_err(|f| {
        eprint_diagnostics(&f, style);
        Exit::Error
    })?;
    Ok((config, set))
}

/// Folders named twice — in the config and on the command line, or under two spellings — are
/// read once: reading a pack folder twice made its packs collide with themselves ("pack id
/// already used by" the same file). The first mention keeps its place.
fn distinct(dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    dirs.into_iter()
        .filter(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())))
        .collect()
}
