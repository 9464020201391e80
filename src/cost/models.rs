//! Model lines: tokens at the price of the deployment type or profile the plan resolved
//! (in-region, geo or global on Bedrock; Standard, DataZone or Global on Azure), split into
//! on-demand, cached and batch input; provisioned throughput as model units or PTUs by the hour.
//! Primary and failover alike: an on-demand failover costs nothing until traffic fails over,
//! provisioned capacity costs every hour it is deployed (render writes Azure PTUs in both regions,
//! Bedrock provisioned throughput in the primary only).

use super::HOURS_PER_MONTH;
use super::line::{Kind, Line, Meter};
use super::resources::Sites;
use crate::blueprint::model::{Blueprint, Commitment, ModelSpec, Throughput, Usage};
use crate::catalog::{AzureSku, Catalog, Cloud};
use crate::date::Day;
use crate::plan::{Placement, Plan, PlannedModel, Role, ServiceTarget, Target};

/// Every model line of one cloud.
#[must_use]
pub fn lines(
    bp: &Blueprint,
    plan: &Plan,
    catalog: &Catalog,
    cloud: Cloud,
    sites: &Sites,
    today: Day,
) -> Vec<Line> {
    let mut out = Vec::new();
    for planned in &plan.models {
        let spec = &bp.models[planned.index];
        for placement in planned.placements.iter().filter(|p| p.cloud == cloud) {
            let Some(target) = placement.target() else {
                continue;
            };
            out.extend(placed(
                catalog, planned, spec, placement, target, sites, today,
            ));
        }
    }
    out
}

fn placed(
    catalog: &Catalog,
    planned: &PlannedModel,
    spec: &ModelSpec,
    placement: &Placement,
    target: &Target,
    sites: &Sites,
    today: Day,
) -> Vec<Line> {
    let (region, partition) = sites.of(placement.role);
    let path = format!("models[{}]", planned.index);
    let suffix = match placement.role {
        Role::Primary => "",
        Role::Failover => "_failover",
    };
    let (address, offer, variant) = match &target.service {
        ServiceTarget::Bedrock {
            model_id,
            invoke_id,
            profile,
            features,
            ..
        } => (
            if features.application_profile.confirmed() {
                format!(
                    "aws_bedrock_inference_profile.{}",
                    crate::naming::aws::address(&planned.name, suffix)
                )
            } else {
                format!("(no resource: callers invoke {invoke_id})")
            },
            model_id.clone(),
            match profile.as_deref() {
                None => "on-demand",
                Some("global") => "global",
                Some(_) => "geo",
            },
        ),
        ServiceTarget::AzureOpenai {
            model,
            version,
            sku,
            ..
        } => (
            format!(
                "modules/{}.bicep:modelDeployments[{}]",
                role_key(placement.role),
                planned.name
            ),
            format!("{model} {version}"),
            azure_variant(*sku),
        ),
    };
    let meter = |what: String, kind: Kind| Meter {
        path: path.clone(),
        address: address.clone(),
        region,
        partition,
        role: placement.role,
        what,
        kind,
    };
    if let Some(eol) = target.lifecycle.end_of_life.as_deref()
        && Day::parse(eol).is_some_and(|d| d.0 <= today.0)
    {
        return vec![
            meter(format!("{} ({offer})", spec.model), Kind::Usage).error(format!(
                "{} reached its end of life on {eol}: requests fail, so it has no price{}",
                spec.model,
                target
                    .lifecycle
                    .replacement
                    .as_deref()
                    .map_or_else(String::new, |r| format!(
                        "; the provider names {r} as its replacement"
                    ))
            )),
        ];
    }
    if spec.throughput == Throughput::Provisioned {
        return provisioned(catalog, planned, spec, placement, target, &meter, &offer);
    }
    if placement.role == Role::Failover {
        let mut l = meter(format!("{offer} tokens ({variant}), standby"), Kind::Usage).price(
            catalog,
            ("tokens-input", &offer, Some(variant)),
            Ok(0.0),
            "1M tokens",
        );
        l.monthly_usd = Some(0.0);
        l.note = Some("on demand: billed only when traffic fails over".to_owned());
        l.status = super::Status::Priced;
        return vec![l];
    }
    let Some(usage) = spec
        .usage
        .as_ref()
        .and_then(|u| u.monthly_tokens().map(|t| (u, t)))
    else {
        return vec![meter(format!("{offer} tokens ({variant})"), Kind::Usage).price(
            catalog,
            ("tokens-input", &offer, Some(variant)),
            Err(format!(
                "declare {path}.usage (input_tokens_per_month and output_tokens_per_month, or requests_per_day with tokens per request)"
            )),
            "1M tokens",
        )];
    };
    tokens(catalog, &meter, &offer, variant, usage, target)
}

/// Token lines of an on-demand model with declared usage.
fn tokens<'a>(
    catalog: &Catalog,
    meter: &impl Fn(String, Kind) -> Meter<'a>,
    offer: &str,
    variant: &str,
    (usage, (input, output)): (&Usage, (f64, f64)),
    target: &Target,
) -> Vec<Line> {
    let batch = usage.batch_share.unwrap_or(0.0);
    let cached = usage.cached_input_share.unwrap_or(0.0);
    let m = 1_000_000.0;
    let mut out = vec![
        meter(format!("{offer} input tokens ({variant})"), Kind::Usage).price(
            catalog,
            ("tokens-input", offer, Some(variant)),
            Ok(input * (1.0 - batch) * (1.0 - cached) / m),
            "1M tokens",
        ),
        meter(format!("{offer} output tokens ({variant})"), Kind::Usage).price(
            catalog,
            ("tokens-output", offer, Some(variant)),
            Ok(output * (1.0 - batch) / m),
            "1M tokens",
        ),
    ];
    if cached > 0.0 {
        out.push(
            meter(
                format!("{offer} cached input tokens ({variant})"),
                Kind::Usage,
            )
            .price(
                catalog,
                ("tokens-cached-input", offer, Some(variant)),
                Ok(input * (1.0 - batch) * cached / m),
                "1M tokens",
            ),
        );
    }
    if batch > 0.0 {
        let batch_variant = batch_variant(catalog, offer, variant, target);
        for (meter_name, kind, qty) in [
            ("tokens-batch-input", "input", input * batch / m),
            ("tokens-batch-output", "output", output * batch / m),
        ] {
            out.push(
                meter(
                    format!("{offer} batch {kind} tokens ({batch_variant})"),
                    Kind::Usage,
                )
                .price(
                    catalog,
                    (meter_name, offer, Some(&batch_variant)),
                    Ok(qty),
                    "1M tokens",
                ),
            );
        }
    }
    out
}

/// The batch price list a deployment's batch jobs use: Azure Global Batch or Data Zone Batch
/// by the deployment type; on Bedrock the profile's own batch price, else the model's `batch`.
fn batch_variant(catalog: &Catalog, offer: &str, variant: &str, target: &Target) -> String {
    match &target.service {
        ServiceTarget::AzureOpenai { .. } => format!("{variant}-batch"),
        ServiceTarget::Bedrock { .. } => {
            let own = catalog.prices.iter().any(|p| {
                p.offer == offer
                    && p.meter == "tokens-batch-input"
                    && p.variant.as_deref() == Some(variant)
            });
            if own {
                variant.to_owned()
            } else {
                "batch".to_owned()
            }
        }
    }
}

/// Provisioned capacity: Bedrock model units (primary only, as rendered) or Azure PTUs.
fn provisioned<'a>(
    catalog: &Catalog,
    planned: &PlannedModel,
    spec: &ModelSpec,
    placement: &Placement,
    target: &Target,
    meter: &impl Fn(String, Kind) -> Meter<'a>,
    offer: &str,
) -> Vec<Line> {
    let units = f64::from(spec.units.unwrap_or(1));
    match &target.service {
        ServiceTarget::Bedrock { .. } => {
            if placement.role == Role::Failover {
                let mut l = meter(format!("{offer} on demand, standby"), Kind::Usage).price(
                    catalog,
                    ("tokens-input", offer, Some("on-demand")),
                    Ok(0.0),
                    "1M tokens",
                );
                l.monthly_usd = Some(0.0);
                l.status = super::Status::Priced;
                l.note = Some(
                    "render buys provisioned throughput in the primary region only; the failover runs on demand, billed only when used".to_owned(),
                );
                return vec![l];
            }
            let term = match spec.commitment {
                Some(Commitment::OneMonth) => "1-month",
                Some(Commitment::SixMonths) => "6-months",
                _ => "on-demand",
            };
            let mut m = meter(
                format!(
                    "{} model unit{} of {offer}, {term}",
                    spec.units.unwrap_or(1),
                    if units > 1.0 { "s" } else { "" }
                ),
                Kind::Commitment,
            );
            m.address = format!(
                "aws_bedrock_provisioned_model_throughput.{}",
                crate::naming::aws::address(&planned.name, "")
            );
            vec![m.price(
                catalog,
                ("provisioned-model-unit", offer, Some(term)),
                Ok(units * HOURS_PER_MONTH),
                "model-unit-hour",
            )]
        }
        ServiceTarget::AzureOpenai { sku, .. } => {
            let variant = azure_variant(*sku);
            let mut l = meter(
                format!(
                    "{} PTU {} ({variant}), billed hourly",
                    spec.units.unwrap_or(1),
                    sku.name()
                ),
                Kind::Commitment,
            )
            .price(
                catalog,
                ("ptu", "azure-openai-provisioned", Some(variant)),
                Ok(units * HOURS_PER_MONTH),
                "PTU-hour",
            );
            if let Some(commitment) = spec.commitment.filter(|c| *c != Commitment::None) {
                let term = match commitment {
                    Commitment::OneYear => "reservation-1-year",
                    _ => "reservation-1-month",
                };
                let (region, partition) =
                    (l.region.clone(), placement_partition(catalog, placement));
                let reservation = catalog.price(&crate::catalog::PriceQuery {
                    cloud: Cloud::Azure,
                    partition: &partition,
                    region: &region,
                    meter: &format!("ptu-reservation-{variant}"),
                    offer: "azure-openai-provisioned",
                    variant: Some(term),
                });
                let said = reservation.map_or_else(
                    || "no reservation price in the catalog".to_owned(),
                    crate::catalog::UnitPrice::describe,
                );
                let prior = l.note.take().map_or_else(String::new, |n| format!("{n}; "));
                l.note = Some(format!(
                    "{prior}commitment {}: Bicep deploys hourly-billed PTUs and cannot buy a reservation; a {term} reservation bought separately lowers this line ({said})",
                    crate::text::serde_name(&commitment)
                ));
            }
            vec![l]
        }
    }
}

fn placement_partition(catalog: &Catalog, placement: &Placement) -> String {
    catalog
        .region(placement.cloud, &placement.region)
        .map_or_else(String::new, |r| r.partition.clone())
}

fn azure_variant(sku: AzureSku) -> &'static str {
    match sku {
        AzureSku::Standard | AzureSku::ProvisionedManaged => "regional",
        AzureSku::DataZoneStandard
        | AzureSku::DataZoneProvisionedManaged
        | AzureSku::DataZoneBatch => "data-zone",
        _ => "global",
    }
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Primary => "primary",
        Role::Failover => "failover",
    }
}
