//! Choosing what `init` writes: per cloud, the first current model, regions and routing — among
//! the regions the residency and packs allow — whose blueprint lints clean with the real engine.

use std::collections::BTreeMap;

use super::Request;
use super::packs::{agreements, enabled, provider_retention, region_problem, settings};
use super::refusal::{Refusal, no_clean, refusal_from};
use super::write::{CloudChoice, Settings, blueprint_text};
use crate::blueprint::load_source;
use crate::blueprint::model::{
    Alerts, Blueprint, CloudPlacement, Clouds, Data, Encryption, Guardrails, Identity, Logging,
    ModelSpec, Network, Routing, Throughput, Version,
};
use crate::catalog::{Catalog, Cloud, Hipaa, LifecycleStatus, ModelEntry, ModelKind};
use crate::policy::PolicySet;
use crate::policy::engine::{Finding, lint_blueprint};
use crate::policy::rule::CompiledRule;
use crate::source::SourceFile;
use crate::visible::escape;

/// Candidates linted per cloud before init gives up and shows the closest one's findings.
const MAX_LINTS_PER_CLOUD: usize = 200;

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
    agreements(req, engine.set)?;
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
    let mut closest: Option<(String, Vec<Finding>)> = None;
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
                    if closest.as_ref().is_none_or(|c| findings.len() < c.1.len()) {
                        closest = Some((choice.summary(), findings));
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
            failover_capacity: None,
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
        agreements: req.agreements.clone(),
        ai_act: None,
        traffic: None,
        waivers: Vec::new(),
    }
}

/// Loads and lints a candidate's text: its findings, or why it did not load. Information
/// (a tension another framework's obligation resolves, such as HIPAA's retention under GDPR)
/// does not fail a lint and is stated in the written file, so it does not count.
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
    Ok(evaluation
        .findings
        .into_iter()
        .filter(|f| f.severity > crate::policy::Severity::Info)
        .collect())
}
