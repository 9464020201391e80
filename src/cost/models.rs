//! Model lines: tokens at the price of the deployment type or profile the plan resolved
//! (in-region, geo or global on Bedrock; Standard, DataZone or Global on Azure), split into
//! on-demand, cached and batch input; provisioned throughput as model units or PTUs by the hour.
//! Primary and failover alike: an on-demand failover costs nothing until traffic fails over,
//! provisioned capacity costs every hour it is deployed — in the failover region only when the
//! blueprint asks for it (`failover_capacity: provisioned`), as the renderers deploy it.
//!
//! A sum alone does not say what to change, so the model lines also carry the decisions they
//! inform ([`Advice`]): each provisioned line's break-even against the same tokens on demand (or
//! why it cannot be worked out: undeclared usage, an unconfirmed price), the PTU sizes Azure
//! deploys and how many PTUs the declared usage keeps busy, what a batch share saves where the
//! model has a batch price — never Azure Global Batch under a residency, since it may process
//! prompts in any Azure region — and what the failover region's capacity costs either way.

use super::line::{BreakEven, BreakEvenStatus, Kind, Line, Meter, PtuSizeNote};
use super::resources::Sites;
use super::{Advice, HOURS_PER_MONTH, Topic, format::usd};
use crate::blueprint::model::{Blueprint, Commitment, ModelSpec, Residency, Throughput, Usage};
use crate::catalog::{AzureSku, Catalog, Cloud, PriceQuery, PtuDeployment, Reach};
use crate::date::Day;
use crate::plan::{Placement, Plan, PlannedModel, Role, ServiceTarget, Target};

/// The model lines of one cloud, and the decisions they inform.
#[derive(Debug, Default)]
pub struct Priced {
    pub lines: Vec<Line>,
    pub advice: Vec<Advice>,
}

/// What every model line reads.
struct Ctx<'a> {
    bp: &'a Blueprint,
    catalog: &'a Catalog,
    sites: &'a Sites,
    today: Day,
}

/// Every model line of one cloud.
#[must_use]
pub fn lines(
    bp: &Blueprint,
    plan: &Plan,
    catalog: &Catalog,
    cloud: Cloud,
    sites: &Sites,
    today: Day,
) -> Priced {
    let ctx = Ctx {
        bp,
        catalog,
        sites,
        today,
    };
    let mut out = Priced::default();
    for planned in &plan.models {
        let spec = &bp.models[planned.index];
        for placement in planned.placements.iter().filter(|p| p.cloud == cloud) {
            let Some(target) = placement.target() else {
                continue;
            };
            placed(&ctx, planned, spec, placement, target, &mut out);
        }
    }
    out
}

/// Offer, price variant and rendered address of a placement.
struct Placed<'a> {
    path: String,
    address: String,
    offer: String,
    variant: &'static str,
    region: &'a str,
    partition: &'a str,
    role: Role,
}

impl<'a> Placed<'a> {
    fn meter(&self, what: String, kind: Kind) -> Meter<'a> {
        Meter {
            path: self.path.clone(),
            address: self.address.clone(),
            region: self.region,
            partition: self.partition,
            role: self.role,
            what,
            kind,
        }
    }
}

fn placed(
    ctx: &Ctx<'_>,
    planned: &PlannedModel,
    spec: &ModelSpec,
    placement: &Placement,
    target: &Target,
    out: &mut Priced,
) {
    let (region, partition) = ctx.sites.of(placement.role);
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
    let here = Placed {
        path: format!("models[{}]", planned.index),
        address,
        offer,
        variant,
        region,
        partition,
        role: placement.role,
    };
    if let Some(eol) = target.lifecycle.end_of_life.as_deref()
        && Day::parse(eol).is_some_and(|d| d.0 <= ctx.today.0)
    {
        out.lines.push(
            here.meter(format!("{} ({})", spec.model, here.offer), Kind::Usage)
                .error(format!(
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
        );
        return;
    }
    if target.provisioned() {
        provisioned(ctx, planned, spec, target, &here, out);
        return;
    }
    if placement.role == Role::Failover {
        out.lines
            .push(standby(ctx, planned, spec, target, &here, &mut out.advice));
        return;
    }
    let Some(usage) = spec
        .usage
        .as_ref()
        .and_then(|u| u.monthly_tokens().map(|t| (u, t)))
    else {
        out.lines.push(
            here.meter(format!("{} tokens ({variant})", here.offer), Kind::Usage)
                .price(
                    ctx.catalog,
                    ("tokens-input", &here.offer, Some(variant)),
                    Err(format!(
                        "declare {}.usage (input_tokens_per_month and output_tokens_per_month, or requests_per_day with tokens per request)",
                        here.path
                    )),
                    "1M tokens",
                ),
        );
        return;
    };
    out.lines
        .extend(tokens(ctx.catalog, &here, variant, usage, target));
    if let Some(a) = batch_advice(ctx, planned, target, &here, usage) {
        out.advice.push(a);
    }
}

/// The failover placement of an on-demand deployment: billed only when traffic fails over. For
/// a provisioned model (whose `failover_capacity` is on-demand) the note says what reserving the
/// units there too would cost.
fn standby(
    ctx: &Ctx<'_>,
    planned: &PlannedModel,
    spec: &ModelSpec,
    target: &Target,
    here: &Placed<'_>,
    advice: &mut Vec<Advice>,
) -> Line {
    let mut l = here
        .meter(
            format!("{} tokens ({}), standby", here.offer, here.variant),
            Kind::Usage,
        )
        .price(
            ctx.catalog,
            ("tokens-input", &here.offer, Some(here.variant)),
            Ok(0.0),
            "1M tokens",
        );
    l.monthly_usd = Some(0.0);
    l.status = super::Status::Priced;
    l.note = Some("on demand: billed only when traffic fails over".to_owned());
    if spec.throughput != Throughput::Provisioned {
        return l;
    }
    let units = spec.units.unwrap_or(1);
    let reserved = match &target.service {
        ServiceTarget::AzureOpenai { .. } => {
            let sku = crate::plan::azure_sku(spec.routing, Throughput::Provisioned);
            ctx.catalog
                .price(&PriceQuery {
                    cloud: Cloud::Azure,
                    partition: here.partition,
                    region: here.region,
                    meter: "ptu",
                    offer: "azure-openai-provisioned",
                    variant: Some(azure_variant(sku)),
                })
                .and_then(|p| p.usd)
                .map(|usd| (format!("{units} PTU {}", sku.name()), usd))
        }
        ServiceTarget::Bedrock { model_id, .. } => ctx
            .catalog
            .price(&PriceQuery {
                cloud: Cloud::Aws,
                partition: here.partition,
                region: here.region,
                meter: "provisioned-model-unit",
                offer: model_id,
                variant: Some(bedrock_term(spec.commitment)),
            })
            .and_then(|p| p.usd)
            .map(|usd| (format!("{units} model unit(s)"), usd)),
    };
    let alternative = reserved.map_or_else(
        || "reserving the units there too is not priced (price unconfirmed)".to_owned(),
        |(what, rate)| {
            format!(
                "reserving {what} there too would cost ${} a month",
                usd(f64::from(units) * HOURS_PER_MONTH * rate)
            )
        },
    );
    let said = format!(
        "{}: failover_capacity is on-demand: the failover in {} runs on demand ({}), billed only when traffic fails over; {alternative}",
        planned.name, here.region, here.variant
    );
    l.note = Some(said.clone());
    advice.push(Advice {
        path: format!("{}.failover_capacity", here.path),
        address: here.address.clone(),
        topic: Topic::FailoverCapacity,
        monthly_saving_usd: None,
        message: said,
    });
    l
}

/// Token lines of an on-demand model with declared usage.
fn tokens(
    catalog: &Catalog,
    here: &Placed<'_>,
    variant: &str,
    (usage, (input, output)): (&Usage, (f64, f64)),
    target: &Target,
) -> Vec<Line> {
    let offer = here.offer.as_str();
    let batch = usage.batch_share.unwrap_or(0.0);
    let cached = usage.cached_input_share.unwrap_or(0.0);
    let m = 1_000_000.0;
    let mut out = vec![
        here.meter(format!("{offer} input tokens ({variant})"), Kind::Usage)
            .price(
                catalog,
                ("tokens-input", offer, Some(variant)),
                Ok(input * (1.0 - batch) * (1.0 - cached) / m),
                "1M tokens",
            ),
        here.meter(format!("{offer} output tokens ({variant})"), Kind::Usage)
            .price(
                catalog,
                ("tokens-output", offer, Some(variant)),
                Ok(output * (1.0 - batch) / m),
                "1M tokens",
            ),
    ];
    if cached > 0.0 {
        out.push(
            here.meter(
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
                here.meter(
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

/// Where to find the Microsoft statement that Global Batch may process prompts anywhere.
const GLOBAL_BATCH_SOURCE: &str = "Deployment types for Microsoft Foundry Models, https://learn.microsoft.com/azure/foundry/foundry-models/concepts/deployment-types";

/// What sending tokens as batch jobs saves, where the model has a batch price. Azure batch runs
/// as a deployment type of its own: Data Zone Batch keeps prompts in the data zone, Global Batch
/// may process them in any Azure region, so it is never suggested under a residency.
fn batch_advice(
    ctx: &Ctx<'_>,
    planned: &PlannedModel,
    target: &Target,
    here: &Placed<'_>,
    (usage, (input, output)): (&Usage, (f64, f64)),
) -> Option<Advice> {
    let residency = ctx.bp.residency;
    let bound = residency != Residency::Any;
    let residency_name = crate::text::serde_name(&residency);
    // (batch variant, what a reader must know about it)
    let (candidate, caveat): (String, Option<String>) = match &target.service {
        ServiceTarget::Bedrock { .. } => (
            batch_variant(ctx.catalog, &here.offer, here.variant, target),
            None,
        ),
        ServiceTarget::AzureOpenai { sku, .. } => match sku.reach() {
            Reach::DataZone => ("data-zone-batch".to_owned(), None),
            Reach::Global if bound => (
                "data-zone-batch".to_owned(),
                Some(format!(
                    "Global Batch is not suggested: it may process prompts in any Azure region ({GLOBAL_BATCH_SOURCE}), outside residency {residency_name}; Data Zone Batch keeps them in the data zone (routing geo)"
                )),
            ),
            Reach::Global => ("global-batch".to_owned(), None),
            Reach::Region => (
                "data-zone-batch".to_owned(),
                Some(if bound {
                    format!(
                        "Azure has no regional batch type: batch jobs run as Data Zone Batch, across the data zone (the routing BASE-RESIDENCY-ROUTING judges as geo); Global Batch is not suggested: it may process prompts in any Azure region ({GLOBAL_BATCH_SOURCE}), outside residency {residency_name}"
                    )
                } else {
                    "Azure has no regional batch type: batch jobs run as Data Zone Batch, across the data zone (routing geo), or Global Batch, in any Azure region (routing global)".to_owned()
                }),
            ),
        },
    };
    let price = |meter: &str, variant: &str| {
        ctx.catalog
            .price(&PriceQuery {
                cloud: target_cloud(target),
                partition: here.partition,
                region: here.region,
                meter,
                offer: &here.offer,
                variant: Some(variant),
            })
            .and_then(|p| p.usd)
    };
    // Against what the deployment pays now: its own routing's on-demand prices.
    let standard_variant = here.variant;
    let (Some(b_in), Some(b_out), Some(s_in), Some(s_out)) = (
        price("tokens-batch-input", &candidate),
        price("tokens-batch-output", &candidate),
        price("tokens-input", standard_variant),
        price("tokens-output", standard_variant),
    ) else {
        return None;
    };
    let cached = usage.cached_input_share.unwrap_or(0.0);
    let cached_price = price("tokens-cached-input", standard_variant).unwrap_or(s_in);
    // Batch input is billed whole at the batch price; on demand a cached share of it would have
    // been billed at the cached price.
    let per_share = (input * ((1.0 - cached) * s_in + cached * cached_price - b_in)
        + output * (s_out - b_out))
        / 1_000_000.0;
    if per_share <= 0.0 {
        return None;
    }
    let declared = usage.batch_share.filter(|b| *b > 0.0);
    let same_type = caveat.is_none();
    let (saving, mut message) = match declared {
        Some(share) => (
            same_type.then_some(per_share * share),
            format!(
                "{}: the declared batch share ({:.0}%) {} ${} a month against on-demand prices ({candidate} at ${b_in}/${b_out} per 1M input/output tokens)",
                planned.name,
                share * 100.0,
                if same_type {
                    "saves"
                } else {
                    "would save, as Data Zone Batch,"
                },
                usd(per_share * share),
            ),
        ),
        None => (
            None,
            format!(
                "{}: {} has a batch price ({candidate}, 24-hour turnaround): each 10% of its tokens sent as batch jobs (`usage.batch_share`) would save ${} a month",
                planned.name,
                here.offer,
                usd(per_share * 0.1)
            ),
        ),
    };
    if let Some(c) = caveat {
        message.push_str("; ");
        message.push_str(&c);
    }
    Some(Advice {
        path: format!("{}.usage.batch_share", here.path),
        address: here.address.clone(),
        topic: Topic::Batch,
        monthly_saving_usd: saving,
        message,
    })
}

fn target_cloud(target: &Target) -> Cloud {
    match target.service {
        ServiceTarget::Bedrock { .. } => Cloud::Aws,
        ServiceTarget::AzureOpenai { .. } => Cloud::Azure,
    }
}

fn bedrock_term(commitment: Option<Commitment>) -> &'static str {
    match commitment {
        Some(Commitment::OneMonth) => "1-month",
        Some(Commitment::SixMonths) => "6-months",
        _ => "on-demand",
    }
}

/// Provisioned capacity: Bedrock model units or Azure PTUs, in the primary region and — when
/// `failover_capacity` is provisioned — the failover region, with its break-even and sizes.
fn provisioned(
    ctx: &Ctx<'_>,
    planned: &PlannedModel,
    spec: &ModelSpec,
    target: &Target,
    here: &Placed<'_>,
    out: &mut Priced,
) {
    let units = spec.units.unwrap_or(1);
    let suffix = match here.role {
        Role::Primary => "",
        Role::Failover => "_failover",
    };
    let (mut line, on_demand_variant) = match &target.service {
        ServiceTarget::Bedrock { .. } => {
            let term = bedrock_term(spec.commitment);
            let mut m = here.meter(
                format!(
                    "{units} model unit{} of {}, {term}",
                    if units > 1 { "s" } else { "" },
                    here.offer
                ),
                Kind::Commitment,
            );
            m.address = format!(
                "aws_bedrock_provisioned_model_throughput.{}",
                crate::naming::aws::address(&planned.name, suffix)
            );
            (
                m.price(
                    ctx.catalog,
                    ("provisioned-model-unit", &here.offer, Some(term)),
                    Ok(f64::from(units) * HOURS_PER_MONTH),
                    "model-unit-hour",
                ),
                "on-demand",
            )
        }
        ServiceTarget::AzureOpenai { sku, model, .. } => {
            let variant = azure_variant(*sku);
            let mut l = here
                .meter(
                    format!("{units} PTU {} ({variant}), billed hourly", sku.name()),
                    Kind::Commitment,
                )
                .price(
                    ctx.catalog,
                    ("ptu", "azure-openai-provisioned", Some(variant)),
                    Ok(f64::from(units) * HOURS_PER_MONTH),
                    "PTU-hour",
                );
            reservation_note(ctx.catalog, spec, here, variant, &mut l);
            l.ptu_size = Some(ptu_size(ctx, spec, here, *sku, model, &mut l));
            (l, variant)
        }
    };
    let break_even = match here.role {
        Role::Failover => BreakEven {
            status: BreakEvenStatus::Standby,
            on_demand_usd: Some(0.0),
            provisioned_usd: line.monthly_usd.map(cents),
            usage_ratio: None,
            cheaper: Some("on-demand"),
            note: format!(
                "hot standby (failover_capacity: provisioned): the reservation in {} serves no declared traffic until a failover; on demand the failover costs nothing until then",
                here.region
            ),
        },
        Role::Primary => break_even(ctx, spec, target, here, on_demand_variant, &line),
    };
    out.advice.push(match (here.role, break_even.status) {
        (Role::Failover, _) => {
            let offered =
                crate::plan::offered_on_demand(ctx.catalog, spec, target_cloud(target), here.region);
            Advice {
                path: format!("{}.failover_capacity", here.path),
                address: line.address.clone(),
                topic: Topic::FailoverCapacity,
                monthly_saving_usd: line.monthly_usd.map(cents),
                message: format!(
                    "{}: failover region {} holds a hot standby, {} ({}); {}",
                    planned.name,
                    here.region,
                    line.what,
                    line.monthly_usd
                        .map_or_else(|| "price unconfirmed".to_owned(), |u| format!("${} a month", usd(u))),
                    if offered {
                        format!(
                            "`failover_capacity: on-demand` serves the failover on demand there instead, billed only when traffic fails over ({} offers {} on demand in {})",
                            target_cloud(target).model_service(),
                            spec.model,
                            here.region
                        )
                    } else {
                        format!(
                            "{} does not offer {} on demand in {} with routing {}: on demand needs another failover region",
                            target_cloud(target).model_service(),
                            spec.model,
                            here.region,
                            crate::text::serde_name(&spec.routing)
                        )
                    }
                ),
            }
        }
        (Role::Primary, _) => Advice {
            path: format!("{}.units", here.path),
            address: line.address.clone(),
            topic: Topic::BreakEven,
            monthly_saving_usd: match (break_even.on_demand_usd, break_even.provisioned_usd) {
                (Some(od), Some(p))
                    if break_even.status == BreakEvenStatus::Estimated && od < p =>
                {
                    Some(cents(p - od))
                }
                _ => None,
            },
            message: format!(
                "{}: {}{}",
                planned.name,
                break_even.note,
                line.ptu_size
                    .as_ref()
                    .and_then(|p| p.average_ptus)
                    .map_or_else(String::new, |a| if a > f64::from(units) {
                        format!(
                            "; the declared usage needs {a:.1} PTU on average (Microsoft's sizing formula), more than the {units} deployed"
                        )
                    } else {
                        format!(
                            "; the declared usage keeps {a:.1} of the {units} PTU busy on average (Microsoft's sizing formula; size for the peak minute)"
                        )
                    })
            ),
        },
    });
    line.break_even = Some(break_even);
    out.lines.push(line);
}

/// The reservation an Azure PTU deployment's commitment asks for: Bicep cannot buy one, so the
/// line stays hourly and says what a reservation would change.
fn reservation_note(
    catalog: &Catalog,
    spec: &ModelSpec,
    here: &Placed<'_>,
    variant: &str,
    l: &mut Line,
) {
    let Some(commitment) = spec.commitment.filter(|c| *c != Commitment::None) else {
        return;
    };
    let term = match commitment {
        Commitment::OneYear => "reservation-1-year",
        _ => "reservation-1-month",
    };
    let reservation = catalog.price(&PriceQuery {
        cloud: Cloud::Azure,
        partition: here.partition,
        region: here.region,
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

/// The sizes Azure deploys the line's deployment type in, and the PTUs the declared usage keeps
/// busy on average (Microsoft's sizing formula: input tokens not read from the cache, plus output
/// tokens weighted by the model's output-to-input ratio, per minute, over one PTU's input TPM).
fn ptu_size(
    ctx: &Ctx<'_>,
    spec: &ModelSpec,
    here: &Placed<'_>,
    sku: AzureSku,
    model: &str,
    l: &mut Line,
) -> PtuSizeNote {
    let size = ctx.catalog.ptu_size(here.partition, model);
    let step = PtuDeployment::of(sku).and_then(|d| size.map(|s| s.step(d)));
    let confirmed = step.is_some_and(|s| s.confirmed());
    let average_ptus = match (here.role, size, spec.usage.as_ref()) {
        (Role::Primary, Some(s), Some(u)) => {
            match (
                s.input_tpm_per_ptu,
                s.output_to_input_ratio,
                u.monthly_tokens(),
            ) {
                (Some(tpm), Some(ratio), Some((input, output))) => {
                    let batch = u.batch_share.unwrap_or(0.0);
                    let cached = u.cached_input_share.unwrap_or(0.0);
                    let normalized = (input * (1.0 - cached) + ratio * output) * (1.0 - batch);
                    Some(normalized / (HOURS_PER_MONTH * 60.0) / f64::from(tpm))
                }
                _ => None,
            }
        }
        _ => None,
    };
    let said = match (step, confirmed) {
        (Some(s), true) => format!(
            "{} sizes: from {} PTU in steps of {} (catalog, checked {})",
            sku.name(),
            s.minimum.unwrap_or_default(),
            s.increment.unwrap_or_default(),
            size.map_or("", |s| s.provenance.verified.as_str())
        ),
        _ => format!(
            "{} sizes of {model} in {}: unconfirmed, not enforced",
            sku.name(),
            here.partition
        ),
    };
    let units = spec.units.unwrap_or(1);
    let busy = average_ptus.map_or_else(String::new, |a| {
        if a > f64::from(units) {
            format!(
                "; the declared usage needs {a:.1} PTU on average, more than the {units} deployed: the excess is throttled"
            )
        } else {
            format!(
                "; the declared usage keeps {a:.1} of the {units} PTU busy on average (size for the peak minute)"
            )
        }
    });
    let prior = l.note.take().map_or_else(String::new, |n| format!("{n}; "));
    l.note = Some(format!("{prior}{said}{busy}"));
    PtuSizeNote {
        deployment_type: sku.name().to_owned(),
        minimum: step.and_then(|s| s.minimum),
        increment: step.and_then(|s| s.increment),
        confirmed,
        average_ptus: average_ptus.map(|a| (a * 100.0).round() / 100.0),
        checked: size.map(|s| s.provenance.verified.clone()),
        source: size.map(|s| s.provenance.source.clone()),
    }
}

/// The primary provisioned line against the same tokens on demand, with the same routing, in the
/// same region. The tokens a batch share sends to batch jobs are left out: batch jobs do not run
/// on a provisioned deployment.
fn break_even(
    ctx: &Ctx<'_>,
    spec: &ModelSpec,
    target: &Target,
    here: &Placed<'_>,
    on_demand_variant: &str,
    line: &Line,
) -> BreakEven {
    let not = |note: String| BreakEven {
        status: BreakEvenStatus::NotEstimated,
        on_demand_usd: None,
        provisioned_usd: line.monthly_usd.map(cents),
        usage_ratio: None,
        cheaper: None,
        note,
    };
    let Some((usage, (input, output))) = spec
        .usage
        .as_ref()
        .and_then(|u| u.monthly_tokens().map(|t| (u, t)))
    else {
        return not(format!(
            "break-even not estimated: declare usage ({}.usage)",
            here.path
        ));
    };
    let Some(provisioned) = line.monthly_usd.map(cents) else {
        return not(format!(
            "break-even not estimated: the provisioned price is unconfirmed ({})",
            line.note.as_deref().unwrap_or("no price in the catalog")
        ));
    };
    let batch = usage.batch_share.unwrap_or(0.0);
    let served = Usage {
        batch_share: None,
        ..usage.clone()
    };
    let on_demand_lines = tokens(
        ctx.catalog,
        here,
        on_demand_variant,
        (&served, (input * (1.0 - batch), output * (1.0 - batch))),
        target,
    );
    if let Some(missing) = on_demand_lines.iter().find(|l| l.monthly_usd.is_none()) {
        return not(format!(
            "break-even not estimated: the on-demand price of {} in {} is unconfirmed{}",
            missing.what,
            here.region,
            missing
                .note
                .as_deref()
                .and_then(|n| n.strip_prefix("price unconfirmed: "))
                .map_or_else(String::new, |lead| format!(" ({lead})"))
        ));
    }
    let on_demand = cents(on_demand_lines.iter().filter_map(|l| l.monthly_usd).sum());
    let ratio = if provisioned > 0.0 {
        on_demand / provisioned
    } else {
        f64::INFINITY
    };
    let excluded = if batch > 0.0 {
        ", the batch share left out (batch jobs do not run on provisioned capacity),"
    } else {
        ""
    };
    let note = if on_demand < provisioned {
        format!(
            "below break-even: the declared tokens would cost ${} a month at {on_demand_variant} on-demand prices{excluded} against ${} provisioned; the capacity pays off from {:.1}x the declared usage, and on demand saves ${} a month",
            usd(on_demand),
            usd(provisioned),
            if ratio > 0.0 {
                1.0 / ratio
            } else {
                f64::INFINITY
            },
            usd(provisioned - on_demand)
        )
    } else {
        format!(
            "above break-even: the declared tokens would cost ${} a month at {on_demand_variant} on-demand prices{excluded} against ${} provisioned, which saves ${} a month; break-even at {:.2}x the declared usage",
            usd(on_demand),
            usd(provisioned),
            usd(on_demand - provisioned),
            1.0 / ratio
        )
    };
    BreakEven {
        status: BreakEvenStatus::Estimated,
        on_demand_usd: Some(cents(on_demand)),
        provisioned_usd: Some(provisioned),
        usage_ratio: Some((ratio * 1000.0).round() / 1000.0),
        cheaper: Some(if on_demand < provisioned {
            "on-demand"
        } else {
            "provisioned"
        }),
        note,
    }
}

/// Rounded to cents, as every figure a reader compares.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
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
