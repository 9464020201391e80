//! Turning what the providers' own APIs print into a catalog overlay, so a team can bring the
//! facts up to date between releases without twinstack ever calling a cloud or holding a
//! credential: the user runs the CLI, twinstack reads the files.
//!
//! Understood inputs (recognised by their shape, not their names):
//! - `aws bedrock list-foundation-models` (`modelSummaries`): which model ids a region offers,
//!   on demand and provisioned, and their lifecycle (ACTIVE / LEGACY). The region is read from
//!   each `modelArn`.
//! - `aws bedrock list-inference-profiles` (`inferenceProfileSummaries`): the system-defined
//!   cross-region profiles, as source region (from the profile ARN) → destination regions (from
//!   the ARNs of its models).
//! - `az cognitiveservices model list --location X` (a list of `{kind, model: {name, version,
//!   skus, lifecycleStatus, deprecation}}`): which deployment types a region offers for each model
//!   version, and its retirement date. The output does not name the region, so the caller does.
//!
//! An offer the built-in catalog already has keeps what the API does not say (features, HIPAA
//! eligibility, prices, endpoints) and takes what it does say — for the regions the files cover
//! only: importing one region's list changes that region and keeps the others. A model id the
//! catalog does not know becomes a new entry whose unknowns are `unconfirmed`, so the rules fail
//! closed on them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::model::{
    AzureOffer, AzureSku, BedrockEndpoint, BedrockFeatures, BedrockOffer, Destinations, Lifecycle,
    LifecycleStatus, ModelEntry, ModelKind, Offer, OfferCommon, Profile, Provisioned, Route,
    Support, Unconfirmed,
};
use super::{Catalog, CatalogFile, Confidence, Hipaa, Provenance};

/// One input file: its name (for `source`), its parsed JSON, and for Azure lists the region.
pub struct Input<'a> {
    pub name: &'a str,
    pub json: Json,
    pub azure_location: Option<&'a str>,
}

/// What the files say, gathered before it becomes catalog entries.
#[derive(Default)]
struct Gathered {
    /// Bedrock model id → facts.
    bedrock: BTreeMap<String, BedrockFacts>,
    /// (Azure model, version) → facts.
    azure: BTreeMap<(String, String), AzureFacts>,
    /// Regions whose foundation-model list was imported.
    bedrock_regions: BTreeSet<String>,
    /// Regions whose inference-profile list was imported.
    profile_sources: BTreeSet<String>,
    /// Regions whose Azure model list was imported.
    azure_locations: BTreeSet<String>,
}

/// `kept` without the covered regions, plus `imported`, sorted.
fn merge_regions(
    kept: &[String],
    covered: &BTreeSet<String>,
    imported: &BTreeSet<String>,
) -> Vec<String> {
    kept.iter()
        .filter(|r| !covered.contains(*r))
        .chain(imported)
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[derive(Default)]
struct BedrockFacts {
    name: String,
    vendor: String,
    embedding: bool,
    partition: String,
    on_demand: BTreeSet<String>,
    provisioned: BTreeSet<String>,
    legacy: bool,
    /// prefix → source → destinations.
    profiles: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    sources: BTreeSet<String>,
}

#[derive(Default)]
struct AzureFacts {
    embedding: bool,
    deployments: BTreeMap<AzureSku, BTreeSet<String>>,
    deprecated: bool,
    retirement: Option<String>,
    sources: BTreeSet<String>,
}

/// Builds an overlay from provider API output.
///
/// # Errors
/// A file whose shape is none of the understood ones, or an Azure list without a location; the
/// message names the file.
pub fn import(inputs: &[Input<'_>], base: &Catalog, today: &str) -> Result<CatalogFile, String> {
    let mut g = Gathered::default();
    for input in inputs {
        if let Some(list) = input.json.get("modelSummaries").and_then(Json::as_array) {
            foundation_models(&mut g, input.name, list)?;
        } else if let Some(list) = input
            .json
            .get("inferenceProfileSummaries")
            .and_then(Json::as_array)
        {
            inference_profiles(&mut g, input.name, list)?;
        } else if let Some(list) = input.json.as_array() {
            let location = input.azure_location.ok_or_else(|| {
                format!(
                    "{}: an `az cognitiveservices model list` output does not name its region: \
                     pass --location with the region you listed",
                    input.name
                )
            })?;
            azure_models(&mut g, input.name, location, list)?;
        } else {
            return Err(format!(
                "{}: not the output of `aws bedrock list-foundation-models`, \
                 `aws bedrock list-inference-profiles` or `az cognitiveservices model list`",
                input.name
            ));
        }
    }
    Ok(entries(g, base, today))
}

fn text<'j>(v: &'j Json, key: &str) -> Option<&'j str> {
    v.get(key).and_then(Json::as_str)
}

/// `arn:PARTITION:bedrock:REGION:ACCOUNT:RESOURCE` → (partition, region, resource).
fn arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (_, partition, _, region, _, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    Some((partition, region, resource))
}

fn foundation_models(g: &mut Gathered, file: &str, list: &[Json]) -> Result<(), String> {
    for m in list {
        let bad = || format!("{file}: a model summary without modelId or modelArn");
        let id = text(m, "modelId").ok_or_else(bad)?;
        let (partition, region, _) = text(m, "modelArn").and_then(arn_parts).ok_or_else(bad)?;
        g.bedrock_regions.insert(region.to_owned());
        let facts = g.bedrock.entry(id.to_owned()).or_default();
        facts.name = text(m, "modelName").unwrap_or(id).to_owned();
        facts.vendor = text(m, "providerName").unwrap_or_default().to_owned();
        facts.partition = partition.to_owned();
        facts.embedding = m
            .get("outputModalities")
            .and_then(Json::as_array)
            .is_some_and(|o| o.iter().any(|x| x == "EMBEDDING"));
        let types = m
            .get("inferenceTypesSupported")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        if types.iter().any(|t| t == "ON_DEMAND") {
            facts.on_demand.insert(region.to_owned());
        }
        if types.iter().any(|t| t == "PROVISIONED") {
            facts.provisioned.insert(region.to_owned());
        }
        if m.get("modelLifecycle")
            .and_then(|l| text(l, "status"))
            .is_some_and(|s| s.eq_ignore_ascii_case("LEGACY"))
        {
            facts.legacy = true;
        }
        facts.sources.insert(file.to_owned());
    }
    Ok(())
}

fn inference_profiles(g: &mut Gathered, file: &str, list: &[Json]) -> Result<(), String> {
    for p in list {
        if text(p, "type").is_some_and(|t| t != "SYSTEM_DEFINED") {
            continue;
        }
        let bad = || format!("{file}: an inference profile without inferenceProfileId or ARN");
        let profile_id = text(p, "inferenceProfileId").ok_or_else(bad)?;
        let (partition, source, _) = text(p, "inferenceProfileArn")
            .and_then(arn_parts)
            .ok_or_else(bad)?;
        g.profile_sources.insert(source.to_owned());
        let Some((prefix, model_id)) = profile_id.split_once('.') else {
            continue;
        };
        let destinations: BTreeSet<String> = p
            .get("models")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| text(m, "modelArn").and_then(arn_parts))
            .map(|(_, region, _)| region.to_owned())
            .collect();
        let facts = g.bedrock.entry(model_id.to_owned()).or_default();
        if facts.partition.is_empty() {
            partition.clone_into(&mut facts.partition);
        }
        facts
            .profiles
            .entry(prefix.to_owned())
            .or_default()
            .insert(source.to_owned(), destinations);
        facts.sources.insert(file.to_owned());
    }
    Ok(())
}

fn azure_models(g: &mut Gathered, file: &str, location: &str, list: &[Json]) -> Result<(), String> {
    g.azure_locations.insert(location.to_owned());
    for item in list {
        let Some(model) = item.get("model") else {
            return Err(format!("{file}: an entry without `model`"));
        };
        if text(model, "format").is_some_and(|f| f != "OpenAI") {
            continue; // only Azure OpenAI-format models are rendered
        }
        let (Some(name), Some(version)) = (text(model, "name"), text(model, "version")) else {
            return Err(format!("{file}: a model without name or version"));
        };
        let facts = g
            .azure
            .entry((name.to_owned(), version.to_owned()))
            .or_default();
        for sku in model
            .get("skus")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let parsed: Option<AzureSku> = text(sku, "name")
                .and_then(|n| serde_json::from_value(Json::String(n.to_owned())).ok());
            if let Some(sku) = parsed {
                facts
                    .deployments
                    .entry(sku)
                    .or_default()
                    .insert(location.to_owned());
            }
        }
        let status = text(model, "lifecycleStatus").unwrap_or_default();
        facts.deprecated |= status.starts_with("Deprecat");
        if let Some(date) = model
            .get("deprecation")
            .and_then(|d| text(d, "inference"))
            .and_then(|d| d.get(..10))
        {
            facts.retirement = Some(date.to_owned());
        }
        facts.embedding |= model
            .get("capabilities")
            .and_then(|c| text(c, "embeddings"))
            .is_some_and(|v| v == "true");
        facts.sources.insert(file.to_owned());
    }
    Ok(())
}

fn unconfirmed() -> Support {
    Support::Unconfirmed(Unconfirmed::Unconfirmed)
}

fn provenance(sources: &BTreeSet<String>, today: &str) -> Provenance {
    Provenance {
        confidence: Confidence::Verified,
        verified: today.to_owned(),
        source: format!(
            "imported from {}",
            sources.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
        origin: String::new(),
    }
}

/// The entry a model id or Azure model belongs to in the base catalog, and the offer with it.
fn find(base: &Catalog, matches: impl Fn(&Offer) -> bool) -> Option<(&ModelEntry, usize)> {
    base.models
        .iter()
        .find_map(|m| m.offers.iter().position(&matches).map(|i| (m, i)))
}

fn entries(g: Gathered, base: &Catalog, today: &str) -> CatalogFile {
    let mut out: BTreeMap<String, ModelEntry> = BTreeMap::new();
    for (id, mut f) in g.bedrock {
        let routes = |sources: &BTreeMap<String, BTreeSet<String>>| {
            // Sources with the same destinations share a route.
            let mut by_to: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
            for (source, to) in sources {
                by_to
                    .entry(to.iter().cloned().collect())
                    .or_default()
                    .push(source.clone());
            }
            by_to
                .into_iter()
                .map(|(to, from)| Route {
                    from,
                    to: Destinations::Regions(to),
                })
                .collect()
        };
        let existing = find(
            base,
            |o| matches!(o, Offer::Aws(b) if b.id == id && b.common.partition == f.partition),
        );
        let kept = existing.and_then(|(m, i)| match &m.offers[i] {
            Offer::Aws(b) => Some(b.clone()),
            Offer::Azure(_) => None,
        });
        // Regions and profile sources the files do not cover keep the built-in facts.
        let in_region = merge_regions(
            kept.as_ref().map_or(&[][..], |k| &k.in_region),
            &g.bedrock_regions,
            &f.on_demand,
        );
        let provisioned = merge_regions(
            kept.as_ref()
                .and_then(|k| k.provisioned.as_ref())
                .map_or(&[][..], |p| &p.regions),
            &g.bedrock_regions,
            &f.provisioned,
        );
        for profile in kept.iter().flat_map(|k| &k.profiles) {
            let sources = f.profiles.entry(profile.prefix.clone()).or_default();
            for route in &profile.routes {
                let Destinations::Regions(to) = &route.to else {
                    continue;
                };
                for from in route
                    .from
                    .iter()
                    .filter(|s| !g.profile_sources.contains(*s))
                {
                    sources
                        .entry(from.clone())
                        .or_insert_with(|| to.iter().cloned().collect());
                }
            }
        }
        let anywhere: Vec<Profile> = kept
            .iter()
            .flat_map(|k| &k.profiles)
            .filter(|p| p.is_global() && f.profiles.get(&p.prefix).is_none_or(BTreeMap::is_empty))
            .cloned()
            .collect();
        f.profiles.retain(|_, sources| !sources.is_empty());
        let lifecycle = Lifecycle {
            status: if f.legacy {
                LifecycleStatus::Legacy
            } else {
                LifecycleStatus::Active
            },
            ..kept
                .as_ref()
                .map_or_else(Lifecycle::active, |k| k.common.lifecycle.clone())
        };
        let offer = BedrockOffer {
            id: id.clone(),
            endpoints: kept.as_ref().map_or_else(
                || vec![BedrockEndpoint::BedrockRuntime],
                |k| k.endpoints.clone(),
            ),
            apis: kept
                .as_ref()
                .map_or_else(|| vec!["invoke-model".to_owned()], |k| k.apis.clone()),
            features: kept.as_ref().map_or(
                BedrockFeatures {
                    guardrails: unconfirmed(),
                    invocation_logging: unconfirmed(),
                    private_endpoint: unconfirmed(),
                    application_profile: unconfirmed(),
                },
                |k| k.features,
            ),
            in_region,
            provisioned: (!provisioned.is_empty()).then(|| Provisioned {
                regions: provisioned.clone(),
                commitments: kept
                    .as_ref()
                    .and_then(|k| k.provisioned.as_ref().map(|p| p.commitments.clone()))
                    .unwrap_or_default(),
            }),
            profiles: f
                .profiles
                .iter()
                .map(|(prefix, sources)| Profile {
                    prefix: prefix.clone(),
                    // AWS documents `global.` profiles as routing to any commercial region; the
                    // list the API prints today is a snapshot of that, not a boundary.
                    routes: if prefix == "global" {
                        vec![Route {
                            from: sources.keys().cloned().collect(),
                            to: Destinations::Anywhere(super::model::Anywhere::Anywhere),
                        }]
                    } else {
                        routes(sources)
                    },
                })
                .chain(anywhere)
                .collect(),
            common: OfferCommon {
                partition: f.partition.clone(),
                lifecycle,
                hipaa: kept.as_ref().map_or(Hipaa::Unconfirmed, |k| k.common.hipaa),
                price: kept.as_ref().and_then(|k| k.common.price),
                note: Some(
                    "imported: regions, profiles and lifecycle status from the provider's API; \
                     features, HIPAA eligibility and price kept from the built-in catalog where \
                     it has this id, otherwise unconfirmed"
                        .to_owned(),
                ),
                provenance: provenance(&f.sources, today),
            },
        };
        let entry = entry_for(&mut out, existing.map(|(m, _)| m), || {
            new_entry(&id, &f.name, &f.vendor, f.embedding)
        });
        replace_offer(entry, Offer::Aws(offer));
    }
    for ((model, version), f) in g.azure {
        let existing = find(base, |o| {
            matches!(o, Offer::Azure(a) if a.model == model && a.version == version
                && a.common.partition == "azure")
        });
        let kept = existing.and_then(|(m, i)| match &m.offers[i] {
            Offer::Azure(a) => Some(a.clone()),
            Offer::Aws(_) => None,
        });
        let mut lifecycle = kept
            .as_ref()
            .map_or_else(Lifecycle::active, |k| k.common.lifecycle.clone());
        if f.deprecated {
            lifecycle.status = lifecycle.status.max(LifecycleStatus::Deprecated);
        }
        if f.retirement.is_some() {
            lifecycle.end_of_life.clone_from(&f.retirement);
        }
        let offer = AzureOffer {
            model: model.clone(),
            version: version.clone(),
            apis: kept.as_ref().map_or_else(Vec::new, |k| k.apis.clone()),
            deployments: {
                let skus: BTreeSet<AzureSku> = f
                    .deployments
                    .keys()
                    .chain(kept.iter().flat_map(|k| k.deployments.keys()))
                    .copied()
                    .collect();
                skus.into_iter()
                    .map(|sku| {
                        let kept = kept
                            .as_ref()
                            .and_then(|k| k.deployments.get(&sku))
                            .map_or(&[][..], Vec::as_slice);
                        let imported = f.deployments.get(&sku).cloned().unwrap_or_default();
                        (sku, merge_regions(kept, &g.azure_locations, &imported))
                    })
                    .filter(|(_, regions)| !regions.is_empty())
                    .collect()
            },
            common: OfferCommon {
                partition: "azure".to_owned(),
                lifecycle,
                hipaa: kept.as_ref().map_or(Hipaa::Unconfirmed, |k| k.common.hipaa),
                price: kept.as_ref().and_then(|k| k.common.price),
                note: Some(
                    "imported: deployment types per region and retirement date from \
                     `az cognitiveservices model list`; HIPAA eligibility and price kept from the \
                     built-in catalog where it has this version, otherwise unconfirmed"
                        .to_owned(),
                ),
                provenance: provenance(&f.sources, today),
            },
        };
        let entry = entry_for(&mut out, existing.map(|(m, _)| m), || {
            new_entry(&model, &model, "OpenAI", f.embedding)
        });
        replace_offer(entry, Offer::Azure(offer));
    }
    CatalogFile {
        models: out.into_values().collect(),
        regions: BTreeMap::new(),
        services: Vec::new(),
        prices: Vec::new(),
        ptu_sizes: Vec::new(),
    }
}

/// An entry for a model id the catalog does not know; what the APIs do not say stays unsaid.
fn new_entry(id: &str, name: &str, vendor: &str, embedding: bool) -> ModelEntry {
    ModelEntry {
        key: key_from(id),
        name: name.to_owned(),
        vendor: vendor.to_owned(),
        kind: if embedding {
            ModelKind::Embedding
        } else {
            ModelKind::Chat
        },
        open_weights: false,
        note: Some("imported: open_weights not known from the API".to_owned()),
        offers: Vec::new(),
    }
}

/// The entry an imported offer goes into: the built-in entry (all its other offers kept, since
/// an overlay replaces an entry whole), or a new one.
fn entry_for<'o>(
    out: &'o mut BTreeMap<String, ModelEntry>,
    existing: Option<&ModelEntry>,
    new: impl FnOnce() -> ModelEntry,
) -> &'o mut ModelEntry {
    let entry = existing.cloned().unwrap_or_else(new);
    out.entry(entry.key.clone()).or_insert(entry)
}

/// Replaces the offer with the same cloud, partition and id (or model and version), or adds it.
fn replace_offer(entry: &mut ModelEntry, offer: Offer) {
    let same = |o: &Offer| match (o, &offer) {
        (Offer::Aws(a), Offer::Aws(b)) => a.id == b.id && a.common.partition == b.common.partition,
        (Offer::Azure(a), Offer::Azure(b)) => {
            a.model == b.model && a.version == b.version && a.common.partition == b.common.partition
        }
        _ => false,
    };
    match entry.offers.iter_mut().find(|o| same(o)) {
        Some(slot) => *slot = offer,
        None => entry.offers.push(offer),
    }
    entry.offers.iter_mut().for_each(|o| match o {
        Offer::Aws(b) => b.common.provenance.origin.clear(),
        Offer::Azure(a) => a.common.provenance.origin.clear(),
    });
}

/// A catalog key from a provider id: `anthropic.claude-foo-20250101-v1:0` → `claude-foo`,
/// `gpt-5.1` → `gpt-5-1`. A trailing `-v1` is Bedrock's packaging version and goes; `-v2`, `-v4`
/// are the product's own versions and stay (`titan-embed-text-v2`, `embed-v4`).
fn key_from(id: &str) -> String {
    let bare = id.split_once('.').map_or(
        id,
        |(vendor, rest)| {
            if vendor.contains('-') { id } else { rest }
        },
    );
    let bare = bare.split(':').next().unwrap_or(bare);
    let mut parts: Vec<&str> = bare.split('-').collect();
    while parts.len() > 1
        && parts
            .last()
            .is_some_and(|p| (p.len() == 8 && p.chars().all(|c| c.is_ascii_digit())) || *p == "v1")
    {
        parts.pop();
    }
    parts
        .join("-")
        .to_ascii_lowercase()
        .replace(['.', '_'], "-")
}

/// The overlay as YAML, with a header saying where it came from.
///
/// # Errors
/// Serialisation failure (a twinstack bug).
pub fn to_yaml(file: &CatalogFile, sources: &[&str], today: &str) -> Result<String, String> {
    let body = serde_yaml::to_string(file).map_err(|e| e.to_string())?;
    Ok(format!(
        "# yaml-language-server: $schema=https://twinstack.dev/schemas/catalog.schema.json\n\
         # Catalog overlay imported by `twinstack catalog import` on {today} from:\n{}\
         # Use it with `--catalog DIR` or `catalog_dirs` in twinstack.toml; review before committing.\n{body}",
        sources
            .iter()
            .map(|s| format!("#   {}\n", s.escape_debug()))
            .collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::key_from;

    #[test]
    fn keys_follow_the_catalog_pattern() {
        assert_eq!(
            key_from("anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "claude-sonnet-4-5"
        );
        assert_eq!(key_from("openai.gpt-5.4"), "gpt-5-4");
        assert_eq!(key_from("gpt-5.1"), "gpt-5-1");
        assert_eq!(
            key_from("meta.llama4-maverick-17b-instruct-v1:0"),
            "llama4-maverick-17b-instruct"
        );
        assert_eq!(key_from("cohere.embed-v4:0"), "embed-v4");
        assert_eq!(
            key_from("amazon.titan-embed-text-v2:0"),
            "titan-embed-text-v2"
        );
    }
}
