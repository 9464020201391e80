//! identity.tf: the one role applications assume to call the models — least privilege: invoke
//! only these models and profiles, only with the pinned guardrail, and no Bedrock API keys.

use hcl::expr::Expression;

use super::super::Input;
use super::super::hcl::{B, expr, lit, obj, strings};
use super::{Site, Tf, arn, r};
use crate::blueprint::model::Cloud;
use crate::plan::Scope;
use crate::plan::ServiceTarget;

pub(super) fn render(input: &Input<'_>, sites: &[Site<'_>], tf: &mut Tf) -> Result<(), String> {
    let bp = input.blueprint;
    let mut resources: Vec<Expression> = Vec::new();
    for site in sites {
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
            let processing = &target.processing;
            let model_id = super::super::hcl::safe(model_id)?;
            if let Some(name) = input.aws_model_resource(planned, site) {
                resources.push(r(&format!("aws_bedrock_inference_profile.{name}.arn"))?);
            }
            if profile.is_some() {
                resources.push(arn(
                    "bedrock",
                    region,
                    true,
                    &format!("inference-profile/{}", super::super::hcl::safe(invoke_id)?),
                )?);
            }
            match processing.scope {
                Scope::Anywhere => resources.push(arn(
                    "bedrock",
                    "*",
                    false,
                    &format!("foundation-model/{model_id}"),
                )?),
                Scope::Region | Scope::Geography => {
                    for destination in &processing.regions {
                        resources.push(arn(
                            "bedrock",
                            destination,
                            false,
                            &format!("foundation-model/{model_id}"),
                        )?);
                    }
                }
            }
            if target.provisioned() {
                resources.push(r(&format!(
                    "aws_bedrock_provisioned_model_throughput.{}.provisioned_model_arn",
                    site.name(&planned.name)
                ))?);
            }
        }
    }
    let mut invoke = vec![
        ("Sid", lit("InvokeTheBlueprintModels")),
        ("Effect", lit("Allow")),
        (
            "Action",
            strings([
                "bedrock:InvokeModel",
                "bedrock:InvokeModelWithResponseStream",
            ]),
        ),
        ("Resource", Expression::Array(dedup(resources))),
    ];
    let mut statements = Vec::new();
    if input.guardrail_enabled() {
        let versions: Result<Vec<Expression>, String> = sites
            .iter()
            .map(|s| {
                let g = s.name("main");
                expr(&format!("\"${{aws_bedrock_guardrail.{g}.guardrail_arn}}:${{aws_bedrock_guardrail_version.{g}.version}}\""))
            })
            .collect();
        invoke.push((
            "Condition",
            obj([(
                "StringEquals",
                obj([("bedrock:GuardrailIdentifier", Expression::Array(versions?))]),
            )]),
        ));
        let guardrails: Result<Vec<Expression>, String> = sites
            .iter()
            .map(|s| {
                r(&format!(
                    "aws_bedrock_guardrail.{}.guardrail_arn",
                    s.name("main")
                ))
            })
            .collect();
        statements.push(obj([
            ("Sid", lit("ApplyTheGuardrail")),
            ("Effect", lit("Allow")),
            ("Action", lit("bedrock:ApplyGuardrail")),
            ("Resource", Expression::Array(guardrails?)),
        ]));
    }
    statements.insert(0, obj(invoke));
    if !bp.identity.api_keys {
        statements.push(obj([
            ("Sid", lit("NoBedrockApiKeys")),
            ("Effect", lit("Deny")),
            (
                "Action",
                strings([
                    "bedrock:CallWithBearerToken",
                    "iam:CreateServiceSpecificCredential",
                ]),
            ),
            ("Resource", lit("*")),
        ]));
    }
    tf.add(
        "identity.tf",
        "identity: the role applications assume (granted by this account's IAM administrators)",
        B::resource("aws_iam_role", "invoker")
            .a("name", lit(crate::naming::aws::named(&bp.name, "invoker")))
            .a("max_session_duration", 3600)
            .a(
                "assume_role_policy",
                tf.policy(
                    "identity.tf",
                    "invoker_trust",
                    vec![obj([
                        ("Effect", lit("Allow")),
                        ("Principal", obj([("AWS", arn("iam", "", true, "root")?)])),
                        ("Action", lit("sts:AssumeRole")),
                    ])],
                )?,
            ),
    );
    tf.add(
        "identity.tf",
        "models, guardrails, identity.api_keys: invoke only these models, only with the pinned guardrail; no API keys",
        B::resource("aws_iam_role_policy", "invoker").a("role", r("aws_iam_role.invoker.id")?).a("policy", tf.policy("identity.tf", "invoker", statements)?),
    );
    Ok(())
}

/// Removes repeated ARNs (a region can be a destination of two profiles), keeping first order.
fn dedup(items: Vec<Expression>) -> Vec<Expression> {
    let mut out: Vec<Expression> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
