//! What each rendered resource type costs: the one table that decides, per type, which meters
//! are priced and how their quantity follows from the blueprint — or why the type is not
//! estimated. `tests/cost.rs` renders every example and fixture and fails on a type this table
//! does not name, so a new template resource cannot reach users without a pricing decision.

use super::HOURS_PER_MONTH;
use super::line::{Kind, Line, Meter};
use super::resources::{Resource, Sites};
use crate::blueprint::model::{Blueprint, DAYS_PER_MONTH, Invocations};
use crate::catalog::Catalog;
use crate::plan::Plan;

/// How a resource type is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Priced by the lines this module writes for it.
    Priced,
    /// Priced through the model lines (tokens, provisioned capacity).
    Models,
    /// Not estimated, and why.
    NotEstimated(&'static str),
}

const NO_METER: &str =
    "no meter of its own in the price list: configuration of a priced resource, or free";
const UNRESEARCHED: &str = "not estimated: its meters are not in the price list yet";

/// The decision for every resource type the renderers write.
#[must_use]
pub fn decision(kind: &str) -> Option<Decision> {
    use Decision::{Models, NotEstimated, Priced};
    Some(match kind {
        "aws_kms_key"
        | "aws_vpc_endpoint"
        | "aws_cloudwatch_log_group"
        | "aws_cloudtrail"
        | "aws_bedrock_guardrail"
        | "aws_opensearchserverless_collection"
        | "aws_rds_cluster_instance"
        | "aws_budgets_budget"
        | "Microsoft.KeyVault/vaults/keys"
        | "Microsoft.Network/privateEndpoints"
        | "Microsoft.Network/privateDnsZones"
        | "Microsoft.OperationalInsights/workspaces"
        | "Microsoft.CognitiveServices/accounts/defenderForAISettings"
        | "Microsoft.Search/searchServices"
        | "Microsoft.DBforPostgreSQL/flexibleServers" => Priced,
        "aws_bedrock_inference_profile"
        | "aws_bedrock_provisioned_model_throughput"
        | "Microsoft.CognitiveServices/accounts/deployments" => Models,
        "aws_s3_bucket" | "Microsoft.Storage/storageAccounts" => NotEstimated(
            "archive storage grows with retained log volume, which the blueprint does not declare per byte stored",
        ),
        "aws_guardduty_detector" => NotEstimated(
            "billed per volume of events, flow logs and DNS queries analysed, which the blueprint does not declare; its price is not in the list",
        ),
        "aws_sns_topic" | "aws_sns_topic_subscription" => NotEstimated(
            "billed per notification; alerts are rare and their price is not in the list",
        ),
        "aws_bedrockagent_knowledge_base" => NotEstimated(
            "billed through its vector store (priced) and its embedding model (ingestion tokens are not declared)",
        ),
        "aws_opensearchserverless_vpc_endpoint" | "aws_rds_cluster" => NotEstimated(UNRESEARCHED),
        "aws_backup_vault" => NotEstimated(
            "backup storage and the copy's cross-region transfer grow with the database's size, which the blueprint does not declare; their prices are not in the list",
        ),
        "Microsoft.CognitiveServices/accounts/raiPolicies" => NotEstimated(
            "Azure content filtering of a deployment: no separate meter in the price list",
        ),
        "Microsoft.Consumption/budgets" => NotEstimated(UNRESEARCHED),
        "aws_kms_alias"
        | "aws_vpc"
        | "aws_subnet"
        | "aws_security_group"
        | "aws_default_security_group"
        | "aws_flow_log"
        | "aws_iam_role"
        | "aws_iam_role_policy"
        | "aws_iam_role_policy_attachment"
        | "aws_s3_bucket_lifecycle_configuration"
        | "aws_s3_bucket_logging"
        | "aws_s3_bucket_notification"
        | "aws_s3_bucket_object_lock_configuration"
        | "aws_s3_bucket_ownership_controls"
        | "aws_s3_bucket_policy"
        | "aws_s3_bucket_public_access_block"
        | "aws_s3_bucket_replication_configuration"
        | "aws_s3_bucket_server_side_encryption_configuration"
        | "aws_s3_bucket_versioning"
        | "aws_sns_topic_policy"
        | "aws_bedrock_guardrail_version"
        | "aws_bedrock_model_invocation_logging_configuration"
        | "aws_opensearchserverless_access_policy"
        | "aws_opensearchserverless_security_policy"
        | "aws_db_subnet_group"
        | "aws_rds_cluster_parameter_group"
        | "aws_backup_plan"
        | "aws_backup_selection"
        | "Microsoft.CognitiveServices/accounts"
        | "Microsoft.Insights/diagnosticSettings"
        | "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
        | "Microsoft.Network/privateDnsZones/virtualNetworkLinks"
        | "Microsoft.Storage/storageAccounts/blobServices"
        | "Microsoft.ManagedIdentity/userAssignedIdentities"
        | "Microsoft.Authorization/roleAssignments"
        | "Microsoft.KeyVault/vaults"
        | "Microsoft.Network/networkSecurityGroups"
        | "Microsoft.Network/virtualNetworks"
        | "Microsoft.DBforPostgreSQL/flexibleServers/configurations" => NotEstimated(NO_METER),
        _ => return None,
    })
}

/// The lines of one rendered resource (none for types priced elsewhere or not estimated).
#[must_use]
pub fn lines(
    r: &Resource,
    bp: &Blueprint,
    plan: &Plan,
    catalog: &Catalog,
    sites: &Sites,
) -> Vec<Line> {
    let (region, partition) = sites.of(r.role);
    let meter = |path: &str, what: &str, kind: Kind| Meter {
        path: path.to_owned(),
        address: r.address.clone(),
        region,
        partition,
        role: r.role,
        what: what.to_owned(),
        kind,
    };
    let requests = requests_per_month(bp);
    let declare_requests = "declare models[].usage.requests_per_day".to_owned();
    let one = |what: &str,
               path: &str,
               (m, offer, variant): (&str, &str, Option<&str>),
               q: f64,
               unit: &str| {
        meter(path, what, Kind::Fixed).price(catalog, (m, offer, variant), Ok(q), unit)
    };
    match r.kind.as_str() {
        "aws_kms_key" => vec![one(
            "KMS customer-managed key (each rotation adds a key version, billed the same for the first two)",
            "encryption.keys",
            ("key", "kms", Some("on-demand")),
            1.0,
            "key-month",
        )],
        "aws_vpc_endpoint" => vec![one(
            "interface endpoint in 2 availability zones",
            "network.private_endpoints",
            ("interface-endpoint", "vpc-endpoint", None),
            2.0 * HOURS_PER_MONTH,
            "endpoint-AZ-hour",
        )],
        "aws_cloudwatch_log_group" => {
            let invocations = r.name.starts_with("invocations");
            let what = format!(
                "CloudWatch Logs ingestion ({})",
                r.name.trim_end_matches("_failover")
            );
            let quantity = if invocations && r.role == crate::plan::Role::Primary {
                log_gb(bp, requests)
            } else if invocations {
                Ok(0.0)
            } else {
                Err(format!(
                    "{} volume is not something a blueprint declares; measure it after deployment",
                    r.name.trim_end_matches("_failover").replace('_', " ")
                ))
            };
            vec![meter("logging.invocations", &what, Kind::Usage).price(
                catalog,
                ("ingestion", "cloudwatch-logs", None),
                quantity,
                "GB",
            )]
        }
        "aws_cloudtrail" => vec![
            meter(
                "logging.audit_trail",
                "CloudTrail data events (one per model call)",
                Kind::Usage,
            )
            .price(
                catalog,
                ("data-events", "cloudtrail", Some("on-demand")),
                requests
                    .map(|n| n / 100_000.0)
                    .ok_or(declare_requests.clone()),
                "100K events",
            ),
        ],
        "aws_bedrock_guardrail" => {
            let g = &bp.guardrails;
            let mut out = Vec::new();
            let chars = "billed per 1,000 characters of prompt and response evaluated; characters per call are not declared".to_owned();
            if g.content_filter != crate::blueprint::model::FilterLevel::Off
                || g.prompt_attack != crate::blueprint::model::PromptAttack::Off
            {
                out.push(
                    meter(
                        "guardrails",
                        "guardrail content and prompt-attack filters",
                        Kind::Usage,
                    )
                    .price(
                        catalog,
                        (
                            "guardrails-content-filter",
                            "bedrock-guardrails",
                            Some("on-demand"),
                        ),
                        Err(chars.clone()),
                        "1K text units",
                    ),
                );
            }
            if g.pii != crate::blueprint::model::PiiAction::Off {
                out.push(
                    meter("guardrails.pii", "guardrail PII filter", Kind::Usage).price(
                        catalog,
                        (
                            "guardrails-pii-filter",
                            "bedrock-guardrails",
                            Some("on-demand"),
                        ),
                        Err(chars),
                        "1K text units",
                    ),
                );
            }
            out
        }
        "aws_opensearchserverless_collection" => vec![
            one(
                "OpenSearch Serverless floor: 1 indexing + 1 search OCU with standby replicas (0.5 x 2 each)",
                "knowledge_base.store",
                ("ocu", "opensearch-serverless", None),
                2.0 * HOURS_PER_MONTH,
                "OCU-hour",
            ),
            meter(
                "knowledge_base",
                "OpenSearch Serverless storage",
                Kind::Usage,
            )
            .price(
                catalog,
                ("storage", "opensearch-serverless", None),
                corpus_gb(bp),
                "GB-month",
            ),
        ],
        "aws_rds_cluster_instance" => vec![one(
            "Aurora Serverless v2 floor (min_capacity 0.5 ACU)",
            "knowledge_base.store",
            ("acu", "aurora-serverless-v2", None),
            0.5 * HOURS_PER_MONTH,
            "ACU-hour",
        )],
        "aws_budgets_budget" => vec![one(
            "AWS Budgets monitoring budget",
            "budget",
            ("monitoring-budget", "aws-budgets", Some("on-demand")),
            DAYS_PER_MONTH,
            "budget-day",
        )],
        "Microsoft.KeyVault/vaults/keys" => vec![one(
            "Key Vault Premium RSA-HSM 3072 key",
            "encryption.keys",
            ("hsm-key-rsa-3072", "key-vault-premium", None),
            1.0,
            "key-month",
        )],
        "Microsoft.Network/privateEndpoints" => vec![one(
            &format!("private endpoint ({})", r.name),
            "network.private_endpoints",
            ("endpoint", "private-endpoint", None),
            HOURS_PER_MONTH,
            "hour",
        )],
        "Microsoft.Network/privateDnsZones" => vec![one(
            &format!("private DNS zone ({})", r.name),
            "network.private_endpoints",
            ("zone", "private-dns-zone", None),
            1.0,
            "zone-month",
        )],
        "Microsoft.OperationalInsights/workspaces" => vec![
            meter(
                "logging.invocations",
                "Log Analytics ingestion (diagnostic logs of the account and vault)",
                Kind::Usage,
            )
            .price(
                catalog,
                ("ingestion-analytics", "log-analytics-pergb2018", None),
                if r.role == crate::plan::Role::Primary {
                    log_gb(bp, requests)
                } else {
                    Ok(0.0)
                },
                "GB",
            ),
        ],
        "Microsoft.CognitiveServices/accounts/defenderForAISettings" => vec![
            meter(
                "alerts",
                "Defender for AI threat protection (tokens scanned)",
                Kind::Usage,
            )
            .price(
                catalog,
                ("tokens-scanned", "defender-for-ai", None),
                if r.role == crate::plan::Role::Primary {
                    azure_tokens(bp, plan)
                        .ok_or_else(|| "declare models[].usage of the Azure models".to_owned())
                } else {
                    Ok(0.0)
                },
                "1M tokens",
            ),
        ],
        "Microsoft.Search/searchServices" => vec![one(
            "Azure AI Search standard: 3 replicas x 1 partition",
            "knowledge_base.store",
            ("search-unit-s1", "ai-search", None),
            3.0,
            "SU-month",
        )],
        "Microsoft.DBforPostgreSQL/flexibleServers" => vec![one(
            "PostgreSQL flexible server Standard_D2ds_v5",
            "knowledge_base.store",
            ("compute-d2ds-v5", "postgresql-flexible", None),
            HOURS_PER_MONTH,
            "hour",
        )],
        _ => Vec::new(),
    }
}

/// Model calls per month across models, when every model with usage gives its calls per day.
fn requests_per_month(bp: &Blueprint) -> Option<f64> {
    let mut total = 0.0;
    for m in &bp.models {
        total += m.usage.as_ref()?.requests_per_month()?;
    }
    Some(total)
}

fn log_gb(bp: &Blueprint, requests: Option<f64>) -> Result<f64, String> {
    if bp.logging.invocations == Invocations::Off {
        return Ok(0.0);
    }
    let bytes = bp
        .traffic
        .as_ref()
        .and_then(|t| t.log_bytes_per_request)
        .ok_or("declare traffic.log_bytes_per_request and models[].usage.requests_per_day")?;
    let requests = requests.ok_or("declare models[].usage.requests_per_day")?;
    #[allow(clippy::cast_precision_loss)]
    Ok(requests * bytes as f64 / 1e9)
}

fn corpus_gb(bp: &Blueprint) -> Result<f64, String> {
    bp.traffic
        .as_ref()
        .and_then(|t| t.knowledge_base.as_ref())
        .map(|k| k.corpus_gb)
        .ok_or_else(|| "declare traffic.knowledge_base.corpus_gb".to_owned())
}

/// Millions of tokens per month of the models placed on Azure, if each declares usage.
fn azure_tokens(bp: &Blueprint, plan: &Plan) -> Option<f64> {
    let mut total = 0.0;
    for m in &plan.models {
        if m.clouds.contains(&crate::catalog::Cloud::Azure) {
            let (i, o) = bp.models[m.index].usage.as_ref()?.monthly_tokens()?;
            total += (i + o) / 1e6;
        }
    }
    Some(total)
}
