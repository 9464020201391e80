//! Bicep for Azure OpenAI: `main.bicep` (private DNS zones, the budget, one `region` module per
//! region), `modules/primary.bicep` and `modules/failover.bicep` (network, identity, keys,
//! logging, the log archive, the OpenAI account with its content filter and deployments, the
//! knowledge base), `main.bicepparam`, and `subscription.bicep` (the Activity Log).
//!
//! Templates live in `templates/azure/`; this module builds their context. The region module is
//! `region.bicep.j2`, which includes its resources from `templates/azure/region/`, a folder per
//! concern named as the modules of `render::aws`. Security properties are written as literals,
//! not parameters, so reviewers and scanners see the values.

mod literal;

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::Input;
use crate::blueprint::model::{
    Cloud, FilterLevel, Invocations, KnowledgeStore, PiiAction, PromptAttack,
};
use crate::naming::azure as naming;
use crate::plan::{Role, ServiceTarget};

/// Every template, by the name templates use for it (`templates/azure/<name>.j2`): the files
/// rendered, then the parts of the region module, which `region.bicep` includes.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "main.bicep",
        include_str!("../../../templates/azure/main.bicep.j2"),
    ),
    (
        "main.bicepparam",
        include_str!("../../../templates/azure/main.bicepparam.j2"),
    ),
    (
        "subscription.bicep",
        include_str!("../../../templates/azure/subscription.bicep.j2"),
    ),
    (
        "region.bicep",
        include_str!("../../../templates/azure/region.bicep.j2"),
    ),
    (
        "region/network/vnet.bicep",
        include_str!("../../../templates/azure/region/network/vnet.bicep.j2"),
    ),
    (
        "region/network/account_endpoint.bicep",
        include_str!("../../../templates/azure/region/network/account_endpoint.bicep.j2"),
    ),
    (
        "region/identity/identities.bicep",
        include_str!("../../../templates/azure/region/identity/identities.bicep.j2"),
    ),
    (
        "region/identity/invoker_role.bicep",
        include_str!("../../../templates/azure/region/identity/invoker_role.bicep.j2"),
    ),
    (
        "region/keys/vault.bicep",
        include_str!("../../../templates/azure/region/keys/vault.bicep.j2"),
    ),
    (
        "region/logging/workspace.bicep",
        include_str!("../../../templates/azure/region/logging/workspace.bicep.j2"),
    ),
    (
        "region/logging/defender.bicep",
        include_str!("../../../templates/azure/region/logging/defender.bicep.j2"),
    ),
    (
        "region/logging/account_diagnostics.bicep",
        include_str!("../../../templates/azure/region/logging/account_diagnostics.bicep.j2"),
    ),
    (
        "region/logging/vault_diagnostics.bicep",
        include_str!("../../../templates/azure/region/logging/vault_diagnostics.bicep.j2"),
    ),
    (
        "region/archive/storage.bicep",
        include_str!("../../../templates/azure/region/archive/storage.bicep.j2"),
    ),
    (
        "region/models/account.bicep",
        include_str!("../../../templates/azure/region/models/account.bicep.j2"),
    ),
    (
        "region/models/deployments.bicep",
        include_str!("../../../templates/azure/region/models/deployments.bicep.j2"),
    ),
    (
        "region/knowledge_base/embeddings.bicep",
        include_str!("../../../templates/azure/region/knowledge_base/embeddings.bicep.j2"),
    ),
    (
        "region/knowledge_base/search.bicep",
        include_str!("../../../templates/azure/region/knowledge_base/search.bicep.j2"),
    ),
    (
        "region/knowledge_base/pgvector.bicep",
        include_str!("../../../templates/azure/region/knowledge_base/pgvector.bicep.j2"),
    ),
];

#[derive(Serialize)]
struct Context {
    name: String,
    description: Option<String>,
    source: String,
    government: bool,
    dns: Dns,
    tags: BTreeMap<String, String>,
    regions: Vec<RegionCtx>,
    keys: Keys,
    logging: Logging,
    filters: Filters,
    api_keys: bool,
    budget: Option<BudgetCtx>,
    security_contact: Option<String>,
    knowledge_base: Option<KnowledgeBaseCtx>,
    activity_log_name: String,
}

#[derive(Serialize)]
struct Dns {
    openai: &'static str,
    vault: &'static str,
    blob: &'static str,
    search: &'static str,
    postgres: &'static str,
}

#[derive(Serialize)]
struct RegionCtx {
    role: &'static str,
    /// The module deployment and the private DNS zone links of this region.
    module_name: String,
    location: String,
    cidr: String,
    endpoint_subnet: String,
    database_subnet: String,
    deployments: Vec<DeploymentCtx>,
}

#[derive(Serialize)]
struct DeploymentCtx {
    name: String,
    source: String,
    model: String,
    version: String,
    sku: String,
    capacity: u32,
}

#[derive(Serialize)]
struct Keys {
    customer_managed: bool,
    rotate_after: String,
    expire_after: String,
}

#[derive(Serialize)]
struct Logging {
    workspace_retention_days: u32,
    archive_retention_days: u32,
    immutable: bool,
    audit_trail: bool,
    invocations: bool,
    /// Defender for AI on each account (`alerts.threat_detection` other than `none`).
    threat_detection: bool,
}

#[derive(Serialize)]
struct Filters {
    /// Azure's severityThreshold for the harm categories, or none when off.
    threshold: Option<&'static str>,
    jailbreak: bool,
    pii: bool,
}

#[derive(Serialize)]
struct BudgetCtx {
    name: String,
    amount: u64,
    thresholds: Vec<u32>,
    notify: Vec<String>,
}

#[derive(Serialize)]
struct KnowledgeBaseCtx {
    store: &'static str,
    embedding: DeploymentCtx,
}

/// The Bicep files of one blueprint, by path.
///
/// # Errors
/// A template error (a twinstack bug, caught by the golden tests).
pub fn render(input: &Input<'_>) -> Result<BTreeMap<String, String>, String> {
    let ctx = context(input)?;
    let env = environment()?;
    let zones = zones(&ctx);
    let mut files = BTreeMap::new();
    // One module file per region, so the knowledge base (primary only) needs no conditional
    // resources, which scanners cannot see into.
    let mut outputs: Vec<(String, &str, bool)> = vec![
        ("main.bicep".into(), "main.bicep", false),
        ("main.bicepparam".into(), "main.bicepparam", false),
    ];
    for region in &ctx.regions {
        let kb = region.role == "primary" && ctx.knowledge_base.is_some();
        outputs.push((format!("modules/{}.bicep", region.role), "region.bicep", kb));
    }
    if ctx.logging.audit_trail {
        outputs.push(("subscription.bicep".into(), "subscription.bicep", false));
    }
    for (path, template, kb) in outputs {
        let header = input.header("//", &path);
        let context = minijinja::context! {
            ctx => minijinja::Value::from(minijinja::value::Serde(&ctx)),
            zones => minijinja::Value::from(minijinja::value::Serde(&zones)),
            kb => kb,
            header => minijinja::Value::from_safe_string(header),
            names => names()
        };
        let text = env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|e| format!("templates/azure/{template}.j2: {e:#}"))?;
        files.insert(path, text);
    }
    Ok(files)
}

/// The region module's resource names, as Bicep interpolated strings over its `name`, `role`
/// and `suffix` (constant text from `crate::naming`, written as it is).
fn names() -> minijinja::Value {
    naming::PATTERNS
        .iter()
        .map(|p| {
            (
                p.key,
                minijinja::Value::from_safe_string(format!("'{}'", p.bicep)),
            )
        })
        .collect::<BTreeMap<_, _>>()
        .into()
}

/// A private DNS zone `main.bicep` creates and links to each region's VNet.
#[derive(Serialize)]
struct Zone {
    symbol: &'static str,
    param: &'static str,
    name: &'static str,
    what: &'static str,
}

fn zones(ctx: &Context) -> Vec<Zone> {
    let mut zones = vec![Zone {
        symbol: "openaiZone",
        param: "openaiZoneId",
        name: ctx.dns.openai,
        what: "Azure OpenAI",
    }];
    if ctx.keys.customer_managed {
        zones.push(Zone {
            symbol: "vaultZone",
            param: "vaultZoneId",
            name: ctx.dns.vault,
            what: "Key Vault",
        });
    }
    zones.push(Zone {
        symbol: "blobZone",
        param: "blobZoneId",
        name: ctx.dns.blob,
        what: "the log archive (blob)",
    });
    match ctx.knowledge_base.as_ref().map(|k| k.store) {
        Some("search") => zones.push(Zone {
            symbol: "searchZone",
            param: "searchZoneId",
            name: ctx.dns.search,
            what: "Azure AI Search",
        }),
        Some("postgres") => zones.push(Zone {
            symbol: "postgresZone",
            param: "postgresZoneId",
            name: ctx.dns.postgres,
            what: "PostgreSQL",
        }),
        _ => {}
    }
    zones
}

/// The template environment, compiled once per process: Bicep literals for every value, the
/// `raw` and `comment` filters, strict undefined values.
fn environment() -> Result<&'static Environment<'static>, String> {
    static ENV: std::sync::OnceLock<Result<Environment<'static>, String>> =
        std::sync::OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(literal::format);
        env.add_filter("raw", literal::raw);
        env.add_filter("comment", |s: &str| {
            minijinja::Value::from_safe_string(crate::visible::escape(s).into_owned())
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| e.to_string())?;
        env.set_syntax(syntax);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| format!("templates/azure/{name}.j2: {e:#}"))?;
        }
        Ok(env)
    })
    .as_ref()
    .map_err(Clone::clone)
}

fn context(input: &Input<'_>) -> Result<Context, String> {
    let bp = input.blueprint;
    let placement = bp
        .clouds
        .azure
        .as_ref()
        .ok_or("the blueprint has no Azure placement")?;
    let primary = input
        .catalog
        .region(Cloud::Azure, &placement.region)
        .ok_or("unknown region")?;
    let government = primary.is_government();
    let dns = if government {
        Dns {
            openai: "privatelink.openai.azure.us",
            vault: "privatelink.vaultcore.usgovcloudapi.net",
            blob: "privatelink.blob.core.usgovcloudapi.net",
            search: "privatelink.search.azure.us",
            postgres: "privatelink.postgres.database.usgovcloudapi.net",
        }
    } else {
        Dns {
            openai: "privatelink.openai.azure.com",
            vault: "privatelink.vaultcore.azure.net",
            blob: "privatelink.blob.core.windows.net",
            search: "privatelink.search.windows.net",
            postgres: "privatelink.postgres.database.azure.com",
        }
    };
    let (endpoint_subnet, database_subnet) = subnets(&placement.cidr)?;
    let mut regions = vec![RegionCtx {
        role: "primary",
        module_name: naming::module(&bp.name, "primary"),
        location: placement.region.clone(),
        cidr: placement.cidr.clone(),
        endpoint_subnet: endpoint_subnet.clone(),
        database_subnet: database_subnet.clone(),
        deployments: deployments(input, Role::Primary),
    }];
    if let Some(f) = &placement.failover_region {
        regions.push(RegionCtx {
            role: "failover",
            module_name: naming::module(&bp.name, "failover"),
            location: f.clone(),
            cidr: placement.cidr.clone(),
            endpoint_subnet,
            database_subnet,
            deployments: deployments(input, Role::Failover),
        });
    }
    let g = &bp.guardrails;
    let threshold = match g.content_filter {
        FilterLevel::Off => None,
        FilterLevel::Low => Some("High"),
        FilterLevel::Medium => Some("Medium"),
        FilterLevel::High => Some("Low"),
    };
    let rotation = bp.encryption.rotation_days;
    let retention = bp.logging.retention_days;
    let knowledge_base = bp.knowledge_base.as_ref().and_then(|kb| {
        let entry = input.catalog.model(&kb.embedding_model)?;
        let crate::catalog::Offer::Azure(offer) =
            entry.in_region_offer(Cloud::Azure, &placement.region)?
        else {
            return None;
        };
        Some(KnowledgeBaseCtx {
            store: match kb.store {
                KnowledgeStore::Managed => "search",
                KnowledgeStore::Pgvector => "postgres",
            },
            embedding: DeploymentCtx {
                name: naming::EMBEDDINGS.into(),
                source: "knowledge_base.embedding_model".into(),
                model: offer.model.clone(),
                version: offer.version.clone(),
                sku: "Standard".into(),
                capacity: 10,
            },
        })
    });
    Ok(Context {
        name: bp.name.clone(),
        description: bp.description.clone(),
        source: input.source.clone(),
        government,
        dns,
        tags: input.tags(),
        regions,
        keys: Keys {
            customer_managed: input.customer_keys(),
            rotate_after: format!("P{rotation}D"),
            expire_after: format!("P{}D", rotation + 90),
        },
        logging: Logging {
            workspace_retention_days: retention.clamp(30, 730),
            archive_retention_days: retention,
            immutable: bp.logging.immutable,
            audit_trail: bp.logging.audit_trail,
            invocations: bp.logging.invocations != Invocations::Off,
            threat_detection: bp.alerts.threat_detection
                != crate::blueprint::model::ThreatDetection::None,
        },
        filters: Filters {
            threshold,
            jailbreak: g.prompt_attack == PromptAttack::Block,
            pii: g.pii != PiiAction::Off,
        },
        api_keys: bp.identity.api_keys,
        budget: bp.budget.as_ref().map(|b| BudgetCtx {
            name: naming::budget(&bp.name),
            amount: b.monthly_usd,
            thresholds: b.alert_at_percent.clone(),
            notify: b.notify.clone(),
        }),
        security_contact: bp.alerts.security_contact.clone(),
        knowledge_base,
        activity_log_name: naming::activity_log(&bp.name),
    })
}

/// Deployments of the models placed on Azure in a region. Capacity: PTUs when provisioned;
/// otherwise thousands of tokens per minute for three times the average rate `usage` implies
/// (10 when the blueprint gives no usage), at least 1.
fn deployments(input: &Input<'_>, role: Role) -> Vec<DeploymentCtx> {
    input
        .placed(Cloud::Azure, role)
        .filter_map(|(planned, target)| {
            let ServiceTarget::AzureOpenai {
                model,
                version,
                sku,
                ..
            } = &target.service
            else {
                return None;
            };
            let spec = &input.blueprint.models[planned.index];
            // The placement decides: a provisioned model's failover is on demand unless its
            // `failover_capacity` reserves the units there too.
            let capacity = if sku.provisioned() {
                spec.units.unwrap_or(1)
            } else {
                spec.usage.as_ref().map_or(10, |u| {
                    // Per month or per request (`Usage::monthly_tokens`), whole tokens a minute.
                    let (input, output) = u.monthly_tokens().unwrap_or((0.0, 0.0));
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let per_minute = ((input + output) / f64::from(30 * 24 * 60)).floor() as u64;
                    u32::try_from((per_minute * 3).div_ceil(1000))
                        .unwrap_or(u32::MAX)
                        .clamp(1, 10_000)
                })
            };
            Some(DeploymentCtx {
                name: planned.name.clone(),
                source: format!("models[{}]", planned.index),
                model: model.clone(),
                version: version.clone(),
                sku: sku.name().to_owned(),
                capacity,
            })
        })
        .collect()
}

/// The first two quarters of the VNet range: private endpoints, then the delegated database subnet.
fn subnets(cidr: &str) -> Result<(String, String), String> {
    let (addr, prefix) = cidr.split_once('/').ok_or("bad cidr")?;
    let prefix: u32 = prefix.parse().map_err(|_| "bad cidr")?;
    let octets: Vec<u32> = addr
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| "bad cidr")?;
    let base = octets.iter().fold(0u32, |a, o| (a << 8) | o);
    let sub = prefix + 2;
    let size = 1u32 << (32 - sub);
    let show = |v: u32| {
        format!(
            "{}.{}.{}.{}/{sub}",
            v >> 24,
            (v >> 16) & 255,
            (v >> 8) & 255,
            v & 255
        )
    };
    Ok((show(base), show(base + size)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn subnets_split_the_range() {
        assert_eq!(
            super::subnets("10.41.0.0/16").unwrap(),
            ("10.41.0.0/18".into(), "10.41.64.0/18".into())
        );
        assert_eq!(
            super::subnets("10.1.2.0/24").unwrap(),
            ("10.1.2.0/26".into(), "10.1.2.64/26".into())
        );
    }
}
