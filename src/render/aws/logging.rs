//! logging.tf: Bedrock invocation logging to CloudWatch and to the S3 archive in the same
//! account and region (Bedrock requires both; the archive is archive.rs), and — once, in the
//! primary region — a multi-region CloudTrail with Bedrock data events and an SNS topic for
//! security alerts; and threat detection (GuardDuty) in each region, as Azure's Defender for AI
//! is in templates/azure/region/logging/.

use hcl::expr::Expression;

use super::super::hcl::{B, expr, lit, obj, strings};
use super::super::{Input, cloudwatch_retention};
use super::keys::key_arn;
use super::{Guard, Site, Tf, arn, r};
use crate::blueprint::model::{Invocations, ThreatDetection};
use crate::naming::aws as naming;
use crate::plan::Role;

pub(super) fn render(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    let archive = super::archive::render(input, site, tf)?;
    let kms = key_arn(input, site)?;
    if input.logs_invocations() {
        invocation_logging(input, site, tf, &archive, kms.clone())?;
    }
    if site.role == Role::Primary && input.blueprint.logging.audit_trail {
        cloudtrail(input, site, tf, &archive, kms)?;
    }
    threat_detection(input, site, tf)
}

/// `alerts.threat_detection`: GuardDuty in each region the workload runs in (offered in the
/// commercial regions and both AWS GovCloud (US) regions, AWS GovCloud (US) User Guide, "Amazon
/// GuardDuty in AWS GovCloud (US)"). An account has one detector per region, so `existing`
/// reads the account's own: the data source fails the plan when the region has none.
fn threat_detection(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    let label = site.label();
    match input.blueprint.alerts.threat_detection {
        ThreatDetection::Create => tf.add_with_skips(
            "logging.tf",
            format!(
                "alerts.threat_detection: GuardDuty detector ({label} region; one per account and region)"
            ),
            site.provider(
                B::resource("aws_guardduty_detector", &site.name("main"))
                    .a("enable", true)
                    .a("finding_publishing_frequency", lit("FIFTEEN_MINUTES")),
            )?,
            vec![(
                "CKV2_AWS_3",
                "organization-wide GuardDuty (aws_guardduty_organization_configuration) is set by the organization's delegated administrator, not by a workload account; `alerts.threat_detection: existing` uses that detector instead".to_owned(),
            )],
        ),
        ThreatDetection::Existing => tf.add(
            "logging.tf",
            format!(
                "alerts.threat_detection: existing — the account's GuardDuty detector ({label} region); plan fails if there is none"
            ),
            site.provider(B::data("aws_guardduty_detector", &site.name("main")))?,
        ),
        ThreatDetection::None => {}
    }
    Ok(())
}

fn invocation_logging(
    input: &Input<'_>,
    site: &Site<'_>,
    tf: &mut Tf,
    archive: &str,
    kms: Option<Expression>,
) -> Result<(), String> {
    let bp = input.blueprint;
    let label = site.label();
    let region = site.code()?;
    let group = site.name("invocations");
    let days = cloudwatch_retention(bp.logging.retention_days);
    let mut skips = Vec::new();
    if days < 365 {
        skips.push(("CKV_AWS_338", format!("retention follows logging.retention_days ({} days), which the blueprint's compliance packs judge", bp.logging.retention_days)));
    }
    skips.extend(super::keys::log_group_key_skip(kms.as_ref()));
    let rounded = if days == bp.logging.retention_days {
        String::new()
    } else {
        format!(
            " (rounded up from {} to an allowed value)",
            bp.logging.retention_days
        )
    };
    tf.add_with_skips(
        "logging.tf",
        format!("logging.invocations, logging.retention_days{rounded}: model invocation log ({label} region)"),
        site.provider(
            B::resource("aws_cloudwatch_log_group", &group)
                .a("name", lit(naming::log_group(&bp.name, "bedrock-invocations")))
                .a("retention_in_days", days)
                .opt("kms_key_id", kms),
        )?,
        skips,
    );
    let role = site.name("invocation_logging");
    tf.service_role(
        "logging.tf",
        &role,
        naming::regional(&bp.name, "invocation-logging", label),
        format!("logging.invocations: role Bedrock assumes to write the log ({label} region)"),
        "bedrock.amazonaws.com",
        Guard::AccountAndSource(arn("bedrock", region, true, "*")?),
    )?;
    tf.add(
        "logging.tf",
        format!("logging.invocations: the role writes to its log group only ({label} region)"),
        B::resource("aws_iam_role_policy", &role)
            .a("role", r(&format!("aws_iam_role.{role}.id"))?)
            .a(
                "policy",
                tf.policy(
                    "logging.tf",
                    &role,
                    vec![obj([
                        ("Effect", lit("Allow")),
                        (
                            "Action",
                            strings(["logs:CreateLogStream", "logs:PutLogEvents"]),
                        ),
                        (
                            "Resource",
                            expr(&format!("\"${{aws_cloudwatch_log_group.{group}.arn}}:*\""))?,
                        ),
                    ])],
                )?,
            ),
    );
    let bodies = matches!(
        bp.logging.invocations,
        Invocations::Redacted | Invocations::Full
    );
    tf.add(
        "logging.tf",
        format!(
            "logging.invocations = {}: prompt and response text {} ({label} region)",
            crate::text::serde_name(&bp.logging.invocations),
            if bodies {
                "delivered (PII masked by the guardrail when redacted)"
            } else {
                "not delivered, metadata only"
            }
        ),
        site.provider(
            B::resource(
                "aws_bedrock_model_invocation_logging_configuration",
                &site.name("main"),
            )
            .a(
                "depends_on",
                expr(&format!(
                    "[aws_s3_bucket_policy.{archive}, aws_iam_role_policy.{role}]"
                ))?,
            )
            .b(B::new("logging_config")
                .a("text_data_delivery_enabled", bodies)
                .a("image_data_delivery_enabled", false)
                .a("embedding_data_delivery_enabled", false)
                .a("video_data_delivery_enabled", false)
                .b(B::new("cloudwatch_config")
                    .a(
                        "log_group_name",
                        r(&format!("aws_cloudwatch_log_group.{group}.name"))?,
                    )
                    .a("role_arn", r(&format!("aws_iam_role.{role}.arn"))?))
                .b(B::new("s3_config")
                    .a("bucket_name", r(&format!("aws_s3_bucket.{archive}.id"))?)
                    .a("key_prefix", lit("invocations")))),
        )?,
    );
    Ok(())
}

fn cloudtrail(
    input: &Input<'_>,
    site: &Site<'_>,
    tf: &mut Tf,
    archive: &str,
    kms: Option<Expression>,
) -> Result<(), String> {
    let bp = input.blueprint;
    let account = r("data.aws_caller_identity.current.account_id")?;
    let days = cloudwatch_retention(bp.logging.retention_days);
    let mut skips = Vec::new();
    if days < 365 {
        skips.push(("CKV_AWS_338", format!("retention follows logging.retention_days ({} days), which the blueprint's compliance packs judge", bp.logging.retention_days)));
    }
    skips.extend(super::keys::log_group_key_skip(kms.as_ref()));
    let trail_skips: Vec<_> = super::keys::provider_key_skip(
        kms.as_ref(),
        "CKV_AWS_35",
        "CloudTrail log files are encrypted in the bucket with SSE-S3",
    )
    .into_iter()
    .collect();
    tf.add_with_skips(
        "logging.tf",
        "logging.audit_trail, logging.retention_days: CloudTrail events searchable in CloudWatch",
        B::resource("aws_cloudwatch_log_group", "cloudtrail")
            .a("name", lit(naming::log_group(&bp.name, "cloudtrail")))
            .a("retention_in_days", days)
            .opt("kms_key_id", kms.clone()),
        skips,
    );
    tf.service_role(
        "logging.tf",
        "cloudtrail",
        naming::named(&bp.name, "cloudtrail"),
        "logging.audit_trail: role CloudTrail assumes to deliver to CloudWatch",
        "cloudtrail.amazonaws.com",
        Guard::Account,
    )?;
    tf.add(
        "logging.tf",
        "logging.audit_trail: CloudTrail writes to its log group only",
        B::resource("aws_iam_role_policy", "cloudtrail")
            .a("role", r("aws_iam_role.cloudtrail.id")?)
            .a(
                "policy",
                tf.policy(
                    "logging.tf",
                    "cloudtrail",
                    vec![obj([
                        ("Effect", lit("Allow")),
                        (
                            "Action",
                            strings(["logs:CreateLogStream", "logs:PutLogEvents"]),
                        ),
                        (
                            "Resource",
                            expr("\"${aws_cloudwatch_log_group.cloudtrail.arn}:*\"")?,
                        ),
                    ])],
                )?,
            ),
    );
    tf.add(
        "logging.tf",
        "alerts.security_contact: security notifications (CloudTrail delivery, budget alerts)",
        B::resource("aws_sns_topic", "alerts")
            .a("name", lit(naming::named(&bp.name, "security-alerts")))
            .a(
                "kms_master_key_id",
                kms.clone().unwrap_or_else(|| lit("alias/aws/sns")),
            ),
    );
    tf.add(
        "logging.tf",
        "alerts: who may publish to the alert topic",
        B::resource("aws_sns_topic_policy", "alerts")
            .a("arn", r("aws_sns_topic.alerts.arn")?)
            .a(
                "policy",
                tf.policy(
                    "logging.tf",
                    "alerts_topic",
                    vec![obj([
                        ("Sid", lit("ServicePublishers")),
                        ("Effect", lit("Allow")),
                        (
                            "Principal",
                            obj([(
                                "Service",
                                strings(["cloudtrail.amazonaws.com", "budgets.amazonaws.com"]),
                            )]),
                        ),
                        ("Action", lit("sns:Publish")),
                        ("Resource", r("aws_sns_topic.alerts.arn")?),
                        (
                            "Condition",
                            obj([("StringEquals", obj([("aws:SourceAccount", account)]))]),
                        ),
                    ])],
                )?,
            ),
    );
    if let Some(contact) = &bp.alerts.security_contact {
        tf.add(
            "logging.tf",
            "alerts.security_contact: e-mail subscription (confirm the message AWS sends)",
            B::resource("aws_sns_topic_subscription", "security_contact")
                .a("topic_arn", r("aws_sns_topic.alerts.arn")?)
                .a("protocol", lit("email"))
                .a("endpoint", lit(contact)),
        );
    }
    let mut trail = B::resource("aws_cloudtrail", "main")
        .a(
            "depends_on",
            expr(&format!("[aws_s3_bucket_policy.{archive}]"))?,
        )
        .a("name", lit(naming::trail(&bp.name)))
        .a("s3_bucket_name", r(&format!("aws_s3_bucket.{archive}.id"))?)
        .a("s3_key_prefix", lit("cloudtrail"))
        .opt("kms_key_id", kms)
        .a("enable_log_file_validation", true)
        .a("is_multi_region_trail", true)
        .a("include_global_service_events", true)
        .a(
            "cloud_watch_logs_group_arn",
            expr("\"${aws_cloudwatch_log_group.cloudtrail.arn}:*\"")?,
        )
        .a(
            "cloud_watch_logs_role_arn",
            r("aws_iam_role.cloudtrail.arn")?,
        )
        .a("sns_topic_name", r("aws_sns_topic.alerts.arn")?)
        .b(B::new("advanced_event_selector")
            .a(
                "name",
                lit("Management events, including Bedrock model invocations"),
            )
            .b(B::new("field_selector")
                .a("field", lit("eventCategory"))
                .a("equals", strings(["Management"]))));
    let mut types = vec!["AWS::Bedrock::Guardrail"];
    if bp.knowledge_base.is_some() {
        types.push("AWS::Bedrock::KnowledgeBase");
    }
    for t in types {
        trail = trail.b(B::new("advanced_event_selector")
            .a("name", lit(format!("Data events: {t}")))
            .b(B::new("field_selector")
                .a("field", lit("eventCategory"))
                .a("equals", strings(["Data"])))
            .b(B::new("field_selector")
                .a("field", lit("resources.type"))
                .a("equals", strings([t]))));
    }
    tf.add_with_skips(
        "logging.tf",
        "logging.audit_trail: every region, log file validation, Bedrock data events",
        site.provider(trail)?,
        trail_skips,
    );
    Ok(())
}
