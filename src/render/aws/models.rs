//! models.tf and guardrails.tf: per region, a guardrail with a pinned version, an application
//! inference profile per model (cost attribution: what applications invoke), and provisioned
//! throughput for provisioned models: in the primary region, and in the failover region only
//! when `failover_capacity: provisioned` asks for a hot standby (the plan decides per placement).

use super::super::Input;
use super::super::hcl::{B, lit};
use super::keys::key_arn;
use super::{Site, Tf, arn, r};
use crate::blueprint::model::{Cloud, Commitment, FilterLevel, PiiAction, PromptAttack};
use crate::naming::aws as naming;
use crate::plan::{Role, ServiceTarget};

/// PII types the guardrail masks or blocks: identifiers that show up in clinical, support and
/// financial text.
const PII_TYPES: [&str; 14] = [
    "NAME",
    "ADDRESS",
    "AGE",
    "EMAIL",
    "PHONE",
    "US_SOCIAL_SECURITY_NUMBER",
    "DRIVER_ID",
    "US_PASSPORT_NUMBER",
    "CREDIT_DEBIT_CARD_NUMBER",
    "US_BANK_ACCOUNT_NUMBER",
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    "IP_ADDRESS",
    "PASSWORD",
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
];

fn strength(level: FilterLevel) -> &'static str {
    match level {
        FilterLevel::Off => "NONE",
        FilterLevel::Low => "LOW",
        FilterLevel::Medium => "MEDIUM",
        FilterLevel::High => "HIGH",
    }
}

pub(super) fn render(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    guardrail(input, site, tf)?;
    let bp = input.blueprint;
    let region = site.code()?;
    for (planned, target) in input.placed(Cloud::Aws, site.role) {
        let ServiceTarget::Bedrock {
            model_id,
            invoke_id,
            profile,
            ..
        } = &target.service
        else {
            continue;
        };
        let spec = &bp.models[planned.index];
        let name = site.name(&planned.name);
        let copy_from = match profile {
            None => arn(
                "bedrock",
                region,
                false,
                &format!("foundation-model/{}", super::super::hcl::safe(model_id)?),
            )?,
            Some(_) => arn(
                "bedrock",
                region,
                true,
                &format!("inference-profile/{}", super::super::hcl::safe(invoke_id)?),
            )?,
        };
        if input.aws_model_resource(planned, site).is_some() {
            tf.add(
                "models.tf",
                format!(
                    "models[{}] ({}, routing {}): application inference profile, {} region",
                    planned.index,
                    spec.model,
                    crate::text::serde_name(&spec.routing),
                    site.label()
                ),
                site.provider(
                    B::resource("aws_bedrock_inference_profile", &name)
                        .a(
                            "name",
                            lit(naming::inference_profile(
                                &bp.name,
                                &planned.name,
                                site.label(),
                            )),
                        )
                        .a(
                            "description",
                            lit(format!("{} of {}: {}", planned.name, bp.name, invoke_id)),
                        )
                        .b(B::new("model_source").a("copy_from", copy_from)),
                )?,
            );
        }
        if target.provisioned() {
            let mut pt = B::resource("aws_bedrock_provisioned_model_throughput", &name)
                .a(
                    "provisioned_model_name",
                    lit(naming::provisioned_throughput(&bp.name, &planned.name)),
                )
                .a(
                    "model_arn",
                    arn(
                        "bedrock",
                        region,
                        false,
                        &format!("foundation-model/{}", super::super::hcl::safe(model_id)?),
                    )?,
                )
                .a("model_units", spec.units.unwrap_or(1));
            match spec.commitment {
                Some(Commitment::OneMonth) => pt = pt.a("commitment_duration", lit("OneMonth")),
                Some(Commitment::SixMonths) => pt = pt.a("commitment_duration", lit("SixMonths")),
                Some(Commitment::None | Commitment::OneYear) | None => {}
            }
            let has_failover = bp
                .clouds
                .aws
                .as_ref()
                .is_some_and(|a| a.failover_region.is_some());
            let why = match site.role {
                Role::Primary if !has_failover => "provisioned in the region",
                Role::Primary if spec.failover_provisioned() => {
                    "provisioned in the primary region; failover_capacity reserves the same units in the failover region"
                }
                Role::Primary => {
                    "provisioned in the primary region; the failover runs on demand (failover_capacity)"
                }
                Role::Failover => {
                    "failover_capacity: provisioned: the primary's units reserved in the failover region too (hot standby)"
                }
            };
            tf.add(
                "models.tf",
                format!(
                    "models[{}].throughput, units, commitment: {why}",
                    planned.index
                ),
                site.provider(pt)?,
            );
        }
    }
    Ok(())
}

fn guardrail(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    if !input.guardrail_enabled() {
        return Ok(());
    }
    let g = &input.blueprint.guardrails;
    let name = site.name("main");
    let mut b = B::resource("aws_bedrock_guardrail", &name)
        .a(
            "name",
            lit(naming::regional(&input.blueprint.name, "", site.label())),
        )
        .a(
            "description",
            lit(format!(
                "Guardrail of {} ({} region)",
                input.blueprint.name,
                site.label()
            )),
        )
        .a(
            "blocked_input_messaging",
            lit("This request was blocked by the workload's guardrail."),
        )
        .a(
            "blocked_outputs_messaging",
            lit("This response was blocked by the workload's guardrail."),
        )
        .opt("kms_key_arn", key_arn(input, site)?);
    if g.content_filter != FilterLevel::Off || g.prompt_attack != PromptAttack::Off {
        let mut content = B::new("content_policy_config");
        if g.content_filter != FilterLevel::Off {
            for kind in ["HATE", "INSULTS", "MISCONDUCT", "SEXUAL", "VIOLENCE"] {
                content = content.b(B::new("filters_config")
                    .a("type", lit(kind))
                    .a("input_strength", lit(strength(g.content_filter)))
                    .a("output_strength", lit(strength(g.content_filter))));
            }
        }
        if g.prompt_attack == PromptAttack::Block {
            content = content.b(B::new("filters_config")
                .a("type", lit("PROMPT_ATTACK"))
                .a("input_strength", lit("HIGH"))
                .a("output_strength", lit("NONE")));
        }
        b = b.b(content);
    }
    if g.pii != PiiAction::Off {
        let action = if g.pii == PiiAction::Block {
            "BLOCK"
        } else {
            "ANONYMIZE"
        };
        let mut sensitive = B::new("sensitive_information_policy_config");
        for kind in PII_TYPES {
            sensitive = sensitive.b(B::new("pii_entities_config")
                .a("type", lit(kind))
                .a("action", lit(action)));
        }
        b = b.b(sensitive);
    }
    tf.add(
        "guardrails.tf",
        format!(
            "guardrails.pii, guardrails.prompt_attack, guardrails.content_filter ({} region)",
            site.label()
        ),
        site.provider(b)?,
    );
    tf.add(
        "guardrails.tf",
        format!("guardrails: a pinned version; the invoker role may only call models with it ({} region)", site.label()),
        site.provider(
            B::resource("aws_bedrock_guardrail_version", &name)
                .a("guardrail_arn", r(&format!("aws_bedrock_guardrail.{name}.guardrail_arn"))?)
                .a("description", lit(format!("{} as rendered from {}", input.blueprint.name, input.source))),
        )?,
    );
    Ok(())
}
