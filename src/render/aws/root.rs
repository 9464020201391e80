//! versions.tf, providers.tf, the shared data sources, budget.tf and outputs.tf.

use super::super::Input;
use super::super::hcl::{B, lit, obj, strings};
use super::{Site, Tf, r};
use crate::plan::Role;

/// The AWS provider major version every generated module pins (v6: `region` on resources,
/// `data.aws_region.current.region`).
pub const AWS_PROVIDER: &str = "~> 6.0";

pub(super) fn render(input: &Input<'_>, sites: &[Site<'_>], tf: &mut Tf) -> Result<(), String> {
    tf.add(
        "versions.tf",
        "Terraform and provider versions, pinned",
        B::new("terraform")
            .a("required_version", lit(">= 1.5"))
            .b(B::new("required_providers").a(
                "aws",
                obj([
                    ("source", lit("hashicorp/aws")),
                    ("version", lit(AWS_PROVIDER)),
                ]),
            )),
    );
    let tags = input.tags();
    for site in sites {
        let mut provider = B::new("provider").label("aws");
        let comment = match site.role {
            Role::Primary => "clouds.aws.region, tags, network.fips_endpoints",
            Role::Failover => {
                provider = provider.a("alias", lit("failover"));
                "clouds.aws.failover_region, tags, network.fips_endpoints"
            }
        };
        provider = provider.a("region", lit(site.code()?));
        if input.blueprint.network.fips_endpoints {
            provider = provider.a("use_fips_endpoint", true);
        }
        provider = provider.b(B::new("default_tags").a(
            "tags",
            obj(tags.iter().map(|(k, v)| (k.as_str(), lit(v.as_str())))),
        ));
        tf.add("providers.tf", comment, provider);
    }
    tf.add(
        "providers.tf",
        "partition of the primary region (aws or aws-us-gov), for every ARN",
        B::data("aws_partition", "current"),
    );
    tf.add(
        "providers.tf",
        "the deploying account, for ARNs and policy conditions",
        B::data("aws_caller_identity", "current"),
    );
    Ok(())
}

pub(super) fn budget_and_outputs(
    input: &Input<'_>,
    sites: &[Site<'_>],
    tf: &mut Tf,
) -> Result<(), String> {
    let bp = input.blueprint;
    if let Some(budget) = &bp.budget {
        let mut b = B::resource("aws_budgets_budget", "monthly")
            .a("name", lit(crate::naming::aws::named(&bp.name, "monthly")))
            .a("budget_type", lit("COST"))
            .a("limit_amount", lit(budget.monthly_usd.to_string()))
            .a("limit_unit", lit("USD"))
            .a("time_unit", lit("MONTHLY"))
            .b(B::new("cost_filter").a("name", lit("TagKeyValue")).a(
                "values",
                strings([format!("user:twinstack-blueprint${}", bp.name)]),
            ));
        for percent in &budget.alert_at_percent {
            b = b.b(B::new("notification")
                .a("comparison_operator", lit("GREATER_THAN"))
                .a("threshold", *percent)
                .a("threshold_type", lit("PERCENTAGE"))
                .a("notification_type", lit("ACTUAL"))
                .a("subscriber_email_addresses", strings(&budget.notify)));
        }
        tf.add(
            "budget.tf",
            "budget.monthly_usd, budget.alert_at_percent, budget.notify (activate the twinstack-blueprint cost allocation tag once)",
            b,
        );
    }

    tf.add(
        "outputs.tf",
        "identity: the role applications assume to call the models",
        B::new("output")
            .label("invoker_role_arn")
            .a("value", r("aws_iam_role.invoker.arn")?),
    );
    for site in sites {
        for planned in &input.plan.models {
            let Some(name) = input.aws_model_resource(planned, site) else {
                continue;
            };
            tf.add(
                "outputs.tf",
                format!(
                    "models[{}]: what applications invoke in the {} region",
                    planned.index,
                    site.label()
                ),
                B::new("output")
                    .label(&format!("{name}_inference_profile_arn"))
                    .a(
                        "value",
                        r(&format!("aws_bedrock_inference_profile.{name}.arn"))?,
                    ),
            );
        }
        if input.guardrail_enabled() {
            tf.add(
                "outputs.tf",
                format!(
                    "guardrails: the guardrail version callers must pass in the {} region",
                    site.label()
                ),
                B::new("output").label(&site.name("guardrail")).a(
                    "value",
                    obj([
                        (
                            "id",
                            r(&format!(
                                "aws_bedrock_guardrail.{}.guardrail_id",
                                site.name("main")
                            ))?,
                        ),
                        (
                            "version",
                            r(&format!(
                                "aws_bedrock_guardrail_version.{}.version",
                                site.name("main")
                            ))?,
                        ),
                    ]),
                ),
            );
        }
    }
    Ok(())
}
