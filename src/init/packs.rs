//! What the chosen packs ask of `init` before any candidate is linted: settings from their
//! parameters (retention, key rotation, FIPS), the regions their jurisdictions allow, and the
//! facts only the user can state (zero data retention on Azure).
//!
//! Parameters are read from the loaded policy set, so `twinstack.toml` overrides count; the
//! lint of every candidate stays the judge of what is clean.

use serde_json::Value as Json;

use super::Request;
use super::refusal::Refusal;
use super::write::Settings;
use crate::blueprint::model::Residency;
use crate::catalog::{Cloud, FedRamp};
use crate::policy::{PolicySet, set::BASELINE};

/// Packs that ask for a reference to a signed agreement with every cloud in use (HIPAA's BAA,
/// GDPR's processor agreement): only the user can name it, so init refuses without it.
pub(super) fn agreements(req: &Request, set: &PolicySet) -> Result<(), Refusal> {
    let mut missing = Vec::new();
    type Named = fn(&crate::blueprint::model::Agreement) -> bool;
    let asks: [(&str, &str, &str, Named); 2] = [
        (
            "HIPAA-BAA-REF",
            "--baa",
            "business associate agreement",
            |a| a.baa.is_some(),
        ),
        ("GDPR-DPA-REF", "--dpa", "data processing agreement", |a| {
            a.dpa.is_some()
        }),
    ];
    for (rule, flag, what, named) in asks {
        let Some((pack, _)) = set.rule(rule) else {
            continue;
        };
        if !enabled(req, &pack.def.pack) {
            continue;
        }
        for cloud in &req.clouds {
            if !req.agreements.of(*cloud).is_some_and(named) {
                missing.push(format!(
                    "{rule} ({}): pass {flag} {}=REFERENCE, the signed {what} with {}",
                    pack.def.pack,
                    cloud.key(),
                    cloud.display()
                ));
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Refusal {
        message: "the packs ask for a reference to each signed provider agreement, which only you can name".to_owned(),
        details: missing,
    })
}

/// Packs whose rules require `data.zero_data_retention` for Azure: the user must have it
/// approved before init may say so.
pub(super) fn provider_retention(req: &Request, set: &PolicySet) -> Result<(), Refusal> {
    if req.zero_data_retention || !req.clouds.contains(&Cloud::Azure) {
        return Ok(());
    }
    let rules: Vec<String> = ["GDPR-PROCESSOR", "HIPAA-PROVIDER-RETENTION"]
        .into_iter()
        .filter_map(|id| set.rule(id))
        .filter(|(pack, _)| enabled(req, &pack.def.pack))
        .map(|(pack, rule)| format!("{} ({})", rule.id, pack.def.pack))
        .collect();
    if rules.is_empty() {
        return Ok(());
    }
    Err(Refusal {
        message: format!(
            "Azure OpenAI may keep prompts up to 30 days for abuse monitoring, which {} does not allow",
            rules.join(" and ")
        ),
        details: vec![
            "pass --zero-data-retention once Microsoft approved modified abuse monitoring for the subscription, or --clouds aws".to_owned(),
        ],
    })
}

fn param<'a>(set: &'a PolicySet, pack: &str, key: &str) -> Option<&'a Json> {
    set.pack(pack)?.params.get(key)
}

fn param_u32(set: &PolicySet, pack: &str, key: &str) -> Option<u32> {
    param(set, pack, key)?
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
}

fn param_strings(set: &PolicySet, pack: &str, key: &str) -> Option<Vec<String>> {
    let list = param(set, pack, key)?.as_array()?;
    Some(
        list.iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    )
}

pub(super) fn enabled(req: &Request, pack: &str) -> bool {
    req.packs.iter().any(|p| p == pack)
}

/// Logging, keys, network and data settings: the secure defaults, tightened to what the chosen
/// packs' parameters require.
pub(super) fn settings(req: &Request, set: &PolicySet) -> Result<Settings, Refusal> {
    let mut retention: (u32, String) = (365, "the secure default".to_owned());
    for (pack, key) in [
        ("hipaa", "min_retention_days"),
        ("fedramp-high", "total_retention_days"),
    ] {
        if enabled(req, pack)
            && let Some(days) = param_u32(set, pack, key)
            && days > retention.0
        {
            retention = (days, format!("{pack} `{key}`"));
        }
    }
    // GDPR's storage limit accepts retention another enabled framework requires by law
    // (Art. 17(3)(b)); lint states the tension once, as information.
    let mut rotation = 365;
    if enabled(req, "fedramp-high")
        && let Some(max) = param_u32(set, "fedramp-high", "max_rotation_days")
    {
        rotation = rotation.min(max).max(90);
    }
    let mut classes = Vec::new();
    if enabled(req, "hipaa") {
        classes.push("phi");
    }
    if enabled(req, "fedramp-high") {
        classes.push("cui");
    }
    if enabled(req, "gdpr") {
        classes.push("personal");
    }
    if classes.is_empty() {
        classes.push("internal");
    }
    Ok(Settings {
        classes,
        retention_days: retention.0,
        retention_why: retention.1,
        rotation_days: rotation,
        fips: enabled(req, "fedramp-high"),
    })
}

/// A reason a region may not be used, or `None` when it may: the filter it fails (what every
/// region must be) and why this one is not.
pub(super) fn region_problem(
    req: &Request,
    set: &PolicySet,
    region: &crate::catalog::Region,
) -> Option<(String, String)> {
    let j = region.jurisdiction.as_str();
    if req.residency != Residency::Any {
        let key = super::residency_key(req.residency);
        let allowed = param(set, BASELINE, "residency_jurisdictions")
            .and_then(|m| m.get(key))
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        if !allowed.contains(&j) {
            return Some((
                format!(
                    "inside residency `{key}` (jurisdictions {})",
                    list_or_none(&allowed)
                ),
                format!("its jurisdiction `{j}` is outside residency `{key}`"),
            ));
        }
    }
    if enabled(req, "gdpr")
        && let Some(eea) = param_strings(set, "gdpr", "eea")
        && !eea.iter().any(|e| e == j)
    {
        let eea: Vec<&str> = eea.iter().map(String::as_str).collect();
        return Some((
            format!(
                "in the EU/EEA for gdpr (jurisdictions {})",
                list_or_none(&eea)
            ),
            format!(
                "gdpr keeps data in {} without a transfer basis; its jurisdiction is `{j}`",
                list_or_none(&eea)
            ),
        ));
    }
    if enabled(req, "fedramp-high") {
        let boundary =
            param_strings(set, "fedramp-high", "boundary_jurisdictions").unwrap_or_default();
        let boundary: Vec<&str> = boundary.iter().map(String::as_str).collect();
        if !boundary.contains(&j) || region.fedramp != FedRamp::High {
            return Some((
                format!(
                    "FedRAMP High authorized for fedramp-high (inside {})",
                    list_or_none(&boundary)
                ),
                format!(
                    "fedramp-high needs a region where the model service is FedRAMP High authorized; it is `{j}`, FedRAMP {}",
                    match region.fedramp {
                        FedRamp::High => "high",
                        FedRamp::Moderate => "moderate",
                        FedRamp::None => "none",
                        FedRamp::Unconfirmed => "unconfirmed",
                    }
                ),
            ));
        }
    }
    None
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "no jurisdiction".to_owned()
    } else {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
