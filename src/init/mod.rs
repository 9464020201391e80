//! `twinstack init`: a first blueprint that lints clean as written.
//!
//! Why generate-and-verify: what makes a blueprint clean is the packs' rules over the catalog's
//! facts, and both change without a release (`--policy-dir`, `--catalog`, `twinstack.toml`
//! parameters). So init does not restate the rules. It narrows the regions with the residency
//! and the packs' own parameters, ranks the current models, builds each candidate blueprint,
//! lints it with the real engine and keeps the first one with no finding. When none is clean,
//! it refuses and shows what the packs say, rather than writing a blueprint that fails.

mod choose;
mod packs;
mod refusal;
pub mod validate;
mod write;

use std::collections::BTreeMap;

use crate::blueprint::model::Residency;
use crate::catalog::Cloud;
use crate::date::Day;

pub use choose::{Engine, build};
pub use refusal::Refusal;

/// What the user asked for, validated.
#[derive(Debug, Clone)]
pub struct Request {
    /// The workload name (checked against the blueprint's name pattern).
    pub name: String,
    /// E-mail address of the owning team; also the budget and security contact.
    pub owner: String,
    pub description: Option<String>,
    pub purpose: Option<String>,
    /// Reference to the data-protection impact assessment (`--dpia`).
    pub dpia: Option<String>,
    /// Pack ids for `compliance:`, as the policy set spells them.
    pub packs: Vec<String>,
    pub clouds: Vec<Cloud>,
    pub residency: Residency,
    /// Regions the user fixed, per cloud: the primary, then the failover.
    pub regions: BTreeMap<Cloud, Vec<String>>,
    /// Microsoft approved modified abuse monitoring for the Azure subscription.
    pub zero_data_retention: bool,
    /// References to the signed agreements the user named (`--baa`, `--dpa`).
    pub agreements: crate::blueprint::model::Agreements,
    pub budget_usd: u64,
    pub today: Day,
    /// The file name the blueprint is shown under in diagnostics.
    pub file_name: String,
}

/// The residency a pack set implies when the user names none: the strictest the packs need.
#[must_use]
pub fn default_residency(packs: &[String]) -> Residency {
    if packs.iter().any(|p| p == "fedramp-high") {
        Residency::UsGov
    } else if packs.iter().any(|p| p == "gdpr") {
        Residency::Eu
    } else {
        Residency::Us
    }
}

/// The spelling of a residency in blueprints.
#[must_use]
pub fn residency_key(r: Residency) -> &'static str {
    match r {
        Residency::Us => "us",
        Residency::Eu => "eu",
        Residency::UsGov => "us-gov",
        Residency::Any => "any",
    }
}
