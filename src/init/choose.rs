//! Choosing what `init` writes: settings from the packs' parameters, regions from the residency
//! and the catalog, and per cloud the first (model, regions, routing) whose blueprint lints clean.

use serde_json::Value as Json;

use super::Request;
use super::write::{CloudChoice, Settings, blueprint_text};
use crate::blueprint::load_source;
use std::collections::BTreeMap;

use crate::blueprint::model::{
    Alerts, Blueprint, CloudPlacement, Clouds, Data, Encryption, Guardrails, Identity, Logging,
    ModelSpec, Network, Residency, Routing, Throughput, Version,
};
use crate::catalog::{Catalog, Cloud, FedRamp, Hipaa, LifecycleStatus, ModelEntry, ModelKind};
use crate::policy::compile::CompiledRule;
use crate::policy::engine::{Finding, lint_blueprint};
use crate::policy::{PolicySet, set::BASELINE};
use crate::source::SourceFile;
use crate::visible::escape;

/// Candidates linted per cloud before init gives up and shows the closest one's findings.
const MAX_LINTS_PER_CLOUD: usize = 200;

/// Why init writes nothing: a sentence, and the details behind it (findings, filters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub details: Vec<String>,
}

impl Refusal {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for d in &self.details {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

/// What a candidate needs to be linted: the packs, compiled, and the facts.
pub struct Engine<'a, 'r, 's> {
    pub set: &'a PolicySet,
    pub rules: &'a [CompiledRule<'r, 's>],
    pub catalog: &'a Catalog,
}

/// The blueprint text for `req`, linted clean by `engine`.
///
/// # Errors
/// A [`Refusal`] when the choices cannot lint clean: contradictory packs, no region or model
/// that fits, or findings that only the user can resolve (shown with the flag that does).
pub fn build(req: &Request, engine: &Engine<'_, '_, '_>) -> Result<String, Refusal> {
    let settings = settings(req, engine.set)?;
    provider_retention(req, engine.set)?;
    let mut choices = Vec::new();
    for &cloud in &req.clouds {
        choices.push(search(req, &settings, engine, cloud)?);
    }
    let text = blueprint_text(req, &settings, &choices, engine.catalog);
    match lint(req, engine, &text) {
        Ok(findings) if findings.is_empty() => Ok(text),
        Ok(findings) => Err(refusal_from(
            "the clouds chosen one by one lint clean, but not together",
            &findings,
        )),
        Err(message) => Err(Refusal::new(message)),
    }
}

/// Packs whose rules require `data.zero_data_retention` for Azure: the user must have it
/// approved before init may say so.
fn provider_retention(req: &Request, set: &PolicySet) -> Result<(), Refusal> {
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

fn enabled(req: &Request, pack: &str) -> bool {
    req.packs.iter().any(|p| p == pack)
}

/// Logging, keys, network and data settings: the secure defaults, tightened to what the chosen
/// packs' parameters require.
fn settings(req: &Request, set: &PolicySet) -> Result<Settings, Refusal> {
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
    if enabled(req, "gdpr")
        && let Some(max) = param_u32(set, "gdpr", "max_retention_days")
        && retention.0 > max
    {
        return Err(Refusal {
            message: format!(
                "gdpr and {} cannot both hold: logs must be kept at least {} days ({}) and at most {max} days (gdpr `max_retention_days`)",
                retention.1.split(' ').next().unwrap_or_default(),
                retention.0,
                retention.1,
            ),
            details: vec![
                "write one blueprint per regime, or change one of the parameters in twinstack.toml ([parameters.<pack>]) once your compliance team agrees".to_owned(),
            ],
        });
    }
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
fn region_problem(
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

/// The current chat models of `cloud`, newest first; with hipaa, only those the catalog
/// confirms eligible there.
fn ranked_models<'c>(req: &Request, catalog: &'c Catalog, cloud: Cloud) -> Vec<&'c ModelEntry> {
    let mut models: Vec<(&ModelEntry, String)> = catalog
        .models
        .iter()
        .filter(|m| m.kind == ModelKind::Chat)
        .filter_map(|m| {
            let current: Vec<_> = m
                .offers_on(cloud)
                .filter(|o| o.common().lifecycle.status_on(req.today) == LifecycleStatus::Active)
                .filter(|o| !enabled(req, "hipaa") || o.common().hipaa == Hipaa::Eligible)
                .collect();
            let newest = current
                .iter()
                .filter_map(|o| o.common().lifecycle.since.clone())
                .max()
                .unwrap_or_default();
            (!current.is_empty()).then_some((m, newest))
        })
        .collect();
    // Newest first; the catalog's order among models of the same day.
    models.sort_by(|a, b| b.1.cmp(&a.1));
    models.into_iter().map(|(m, _)| m).collect()
}

/// The first clean (model, primary, failover, routing) for one cloud.
fn search(
    req: &Request,
    settings: &Settings,
    engine: &Engine<'_, '_, '_>,
    cloud: Cloud,
) -> Result<CloudChoice, Refusal> {
    let catalog = engine.catalog;
    let fixed = req.regions.get(&cloud).cloned().unwrap_or_default();
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for region in catalog.regions(cloud) {
        match region_problem(req, engine.set, region) {
            None => allowed.push(region),
            Some((filter, why)) => refused.push((region.code.as_str(), filter, why)),
        }
    }
    for code in &fixed {
        if let Some((_, _, why)) = refused.iter().find(|(c, _, _)| c == code) {
            return Err(Refusal::new(format!("--region {}: {why}", escape(code))));
        }
    }
    if allowed.is_empty() {
        let filters: Vec<String> = refused
            .iter()
            .map(|(_, f, _)| f.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        return Err(Refusal::new(format!(
            "no {} region in the catalog is {}",
            cloud.display(),
            filters.join(" and ")
        )));
    }
    let primaries: Vec<&str> = match fixed.first() {
        Some(p) => vec![p.as_str()],
        None => allowed.iter().map(|r| r.code.as_str()).collect(),
    };
    let failovers = |primary: &str| -> Vec<Option<&str>> {
        if let Some(f) = fixed.get(1) {
            return vec![Some(f.as_str())];
        }
        let partition = catalog
            .region(cloud, primary)
            .map(|r| r.partition.as_str())
            .unwrap_or_default();
        allowed
            .iter()
            .filter(|r| r.code != primary && r.partition == partition)
            .map(|r| Some(r.code.as_str()))
            .chain(std::iter::once(None))
            .collect()
    };
    let models = ranked_models(req, catalog, cloud);
    if models.is_empty() {
        let mut refusal = Refusal::new(format!(
            "no current chat model on {} {}",
            cloud.display(),
            if enabled(req, "hipaa") {
                "is confirmed HIPAA-eligible in the catalog"
            } else {
                "is in the catalog"
            }
        ));
        if enabled(req, "hipaa") {
            refusal.details.push("the built-in catalog says `hipaa: unconfirmed` where no provider page confirmed eligibility, and the hipaa pack fails closed on it".to_owned());
            refusal.details.push("once your BAA review confirms a model, record it in a catalog overlay and pass --catalog DIR (or set catalog_dirs in twinstack.toml); `twinstack catalog models KEY` shows an entry to copy".to_owned());
        }
        return Err(refusal);
    }
    let mut lints = 0;
    let mut closest: Option<Vec<Finding>> = None;
    for model in &models {
        for primary in &primaries {
            if !model.serves(cloud, primary) {
                continue;
            }
            for failover in failovers(primary) {
                if failover.is_some_and(|f| !model.serves(cloud, f)) {
                    continue;
                }
                for routing in [Routing::Regional, Routing::Geo] {
                    let choice = CloudChoice {
                        cloud,
                        region: (*primary).to_owned(),
                        failover: failover.map(str::to_owned),
                        model: model.key.clone(),
                        routing,
                        note: String::new(),
                    };
                    let Some(choice) = resolvable(req, engine, choice) else {
                        continue;
                    };
                    let text = blueprint_text(
                        req,
                        settings,
                        std::slice::from_ref(&choice),
                        engine.catalog,
                    );
                    let findings = lint(req, engine, &text).map_err(Refusal::new)?;
                    if findings.is_empty() {
                        return Ok(choice);
                    }
                    if closest.as_ref().is_none_or(|c| findings.len() < c.len()) {
                        closest = Some(findings);
                    }
                    lints += 1;
                    if lints >= MAX_LINTS_PER_CLOUD {
                        return Err(no_clean(cloud, enabled(req, "hipaa"), closest));
                    }
                }
            }
        }
    }
    Err(no_clean(cloud, enabled(req, "hipaa"), closest))
}

fn no_clean(cloud: Cloud, hipaa: bool, closest: Option<Vec<Finding>>) -> Refusal {
    match closest {
        Some(findings) => refusal_from(
            &format!(
                "no {} model and region the catalog offers lints clean with these choices; the closest candidate's findings",
                cloud.display()
            ),
            &findings,
        ),
        None => Refusal::new(format!(
            "no current model{} is offered on {} in the regions these choices allow (`twinstack catalog models KEY` shows where a model runs)",
            if hipaa {
                " confirmed HIPAA-eligible"
            } else {
                ""
            },
            cloud.display()
        )),
    }
}

/// The choice with a note on what it resolves to, when every placement resolves to a current
/// offer; `None` when one does not (no need to lint it).
fn resolvable(
    req: &Request,
    engine: &Engine<'_, '_, '_>,
    mut choice: CloudChoice,
) -> Option<CloudChoice> {
    let blueprint = skeleton(req, &choice);
    let plan = crate::plan::resolve(&blueprint, engine.catalog);
    let model = plan.models.first()?;
    let mut deployed = Vec::new();
    let mut processed = std::collections::BTreeSet::new();
    for placement in &model.placements {
        let target = placement.target()?;
        if target.lifecycle.status_on(req.today) != LifecycleStatus::Active {
            return None;
        }
        let what = match &target.service {
            crate::plan::ServiceTarget::Bedrock { invoke_id, .. } => invoke_id.clone(),
            crate::plan::ServiceTarget::AzureOpenai {
                model,
                version,
                sku,
                ..
            } => format!("{model} {version} ({})", sku.name()),
        };
        if !deployed.contains(&what) {
            deployed.push(what);
        }
        // Where prompts may go must fit the residency and packs, as the regions themselves do.
        for code in &target.processing.regions {
            let region = engine.catalog.region(choice.cloud, code)?;
            if region_problem(req, engine.set, region).is_some() {
                return None;
            }
        }
        processed.extend(target.processing.regions.iter().cloned());
    }
    choice.note = format!(
        "deploys {}; prompts are processed in {}",
        deployed.join(", "),
        processed.into_iter().collect::<Vec<_>>().join(", ")
    );
    Some(choice)
}

/// Just enough of a candidate blueprint to resolve it against the catalog.
fn skeleton(req: &Request, choice: &CloudChoice) -> Blueprint {
    let placement = CloudPlacement {
        region: choice.region.clone(),
        failover_region: choice.failover.clone(),
        cidr: "10.40.0.0/16".to_owned(),
    };
    Blueprint {
        version: Version,
        name: req.name.clone(),
        description: None,
        owner: req.owner.clone(),
        tags: BTreeMap::new(),
        compliance: req.packs.clone(),
        residency: req.residency,
        data: Data::default(),
        clouds: Clouds {
            aws: (choice.cloud == Cloud::Aws).then(|| placement.clone()),
            azure: (choice.cloud == Cloud::Azure).then_some(placement),
        },
        models: vec![ModelSpec {
            name: "candidate".to_owned(),
            model: choice.model.clone(),
            clouds: Some(vec![choice.cloud]),
            routing: choice.routing,
            throughput: Throughput::OnDemand,
            units: None,
            commitment: None,
            critical: false,
            usage: None,
        }],
        guardrails: Guardrails::default(),
        logging: Logging::default(),
        network: Network::default(),
        encryption: Encryption::default(),
        identity: Identity::default(),
        knowledge_base: None,
        budget: None,
        alerts: Alerts::default(),
        waivers: Vec::new(),
    }
}

/// Loads and lints a candidate's text: its findings, or why it did not load.
fn lint(req: &Request, engine: &Engine<'_, '_, '_>, text: &str) -> Result<Vec<Finding>, String> {
    let file = SourceFile::from_text(req.file_name.clone(), text.to_owned());
    let loaded = load_source(file, engine.catalog).map_err(|failure| {
        let first = failure
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        format!("the blueprint init wrote does not load: {first}")
    })?;
    let evaluation = lint_blueprint(engine.rules, engine.set, &loaded, engine.catalog, req.today)
        .map_err(|e| {
        format!(
            "a policy rule failed to evaluate: {}",
            e.diagnostics
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default()
        )
    })?;
    Ok(evaluation.findings)
}

/// The init flag that sets a blueprint path, where there is one.
fn flag_for(path: &str) -> Option<&'static str> {
    match path {
        p if p.starts_with("data.zero_data_retention") => Some(
            "pass --zero-data-retention once Microsoft approved modified abuse monitoring, or leave azure out of --clouds",
        ),
        p if p.starts_with("data.purpose") || p == "data" => Some("pass --purpose TEXT"),
        p if p.starts_with("clouds.") => Some("choose other regions with --region"),
        _ => None,
    }
}

fn refusal_from(message: &str, findings: &[Finding]) -> Refusal {
    let mut details = Vec::new();
    for f in findings {
        details.push(format!(
            "{} ({}) at {}: {}",
            f.rule,
            f.pack,
            f.path,
            escape(&f.message)
        ));
        details.push(format!("  {}", f.remediation.trim()));
        let hint = match (f.rule.as_str(), flag_for(&f.path)) {
            ("GDPR-PROCESSOR" | "HIPAA-PROVIDER-RETENTION", _) => Some(
                "init: pass --zero-data-retention once Microsoft approved modified abuse monitoring, or leave azure out of --clouds",
            ),
            (_, Some(flag)) => Some(flag),
            _ => None,
        };
        if let Some(hint) = hint {
            details.push(format!(
                "  {}{hint}",
                if hint.starts_with("init:") {
                    ""
                } else {
                    "init: "
                }
            ));
        }
    }
    Refusal {
        message: message.to_owned(),
        details,
    }
}
