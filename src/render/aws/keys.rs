//! keys.tf: a customer-managed KMS key per region, with rotation and an explicit key policy
//! (without one AWS applies "account root: kms:*" only, and service principals cannot use it).

use hcl::expr::Expression;

use super::super::Input;
use super::super::hcl::{B, lit, obj, strings};
use super::{Site, Tf, arn, r};
use crate::plan::Role;

/// The key's ARN at a site, when the blueprint uses customer-managed keys.
///
/// # Errors
/// Never in practice (a constant reference).
pub fn key_arn(input: &Input<'_>, site: &Site<'_>) -> Result<Option<Expression>, String> {
    if input.customer_keys() {
        Ok(Some(r(&format!("aws_kms_key.{}.arn", site.name("main")))?))
    } else {
        Ok(None)
    }
}

/// Checkov asks several resources for a KMS key (`check`). Under `encryption.keys:
/// provider-managed` they get none: the service encrypts at rest with its own key (`how`), and a
/// KMS key would be the customer-managed key the blueprint declined. The skip says so; with
/// customer-managed keys there is nothing to skip.
pub fn provider_key_skip(
    kms: Option<&Expression>,
    check: &'static str,
    how: &str,
) -> Option<(&'static str, String)> {
    kms.is_none().then(|| {
        (
            check,
            format!("encryption.keys is provider-managed: {how}; set encryption.keys: customer-managed for a KMS key"),
        )
    })
}

/// CKV_AWS_158 on a CloudWatch log group: CloudWatch Logs always encrypts log data at rest with
/// its own keys (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS Key
/// Management Service").
pub fn log_group_key_skip(kms: Option<&Expression>) -> Option<(&'static str, String)> {
    provider_key_skip(
        kms,
        "CKV_AWS_158",
        "CloudWatch Logs encrypts log data at rest with its own keys",
    )
}

fn service_statement(
    sid: &str,
    service: Expression,
    actions: &[&str],
    condition: Expression,
) -> Expression {
    obj([
        ("Sid", lit(sid)),
        ("Effect", lit("Allow")),
        ("Principal", obj([("Service", service)])),
        ("Action", strings(actions)),
        ("Resource", lit("*")),
        ("Condition", condition),
    ])
}

/// In a key policy `Resource = "*"` means the key itself, and the account-root statement is
/// AWS's default key policy, which lets IAM policies grant use of the key.
fn key_policy_skips() -> Vec<(&'static str, String)> {
    let why = "a key policy's Resource \"*\" is this key; the account-root statement is AWS's default key policy (IAM delegation)";
    vec![
        ("CKV_AWS_109", why.to_owned()),
        ("CKV_AWS_111", why.to_owned()),
        ("CKV_AWS_356", why.to_owned()),
    ]
}

/// `<name> <region>: what the key protects`, then the blueprint's description when it has one.
fn key_description(input: &Input<'_>, site: &Site<'_>) -> String {
    let base = format!(
        "{} {} region: logs, guardrail, archive and knowledge base",
        input.blueprint.name,
        site.label()
    );
    match &input.blueprint.description {
        Some(d) => format!("{base}. {d}"),
        None => base,
    }
}

pub(super) fn render(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    if !input.customer_keys() {
        return Ok(());
    }
    let region = site.code()?;
    let account = r("data.aws_caller_identity.current.account_id")?;
    let source_account = obj([(
        "StringEquals",
        obj([("aws:SourceAccount", account.clone())]),
    )]);
    let mut statements = vec![
        obj([
            ("Sid", lit("AccountAdministration")),
            ("Effect", lit("Allow")),
            ("Principal", obj([("AWS", arn("iam", "", true, "root")?)])),
            ("Action", lit("kms:*")),
            ("Resource", lit("*")),
        ]),
        service_statement(
            "CloudWatchLogs",
            lit(format!("logs.{region}.amazonaws.com")),
            &[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ],
            obj([(
                "ArnLike",
                obj([(
                    "kms:EncryptionContext:aws:logs:arn",
                    arn("logs", region, true, "*")?,
                )]),
            )]),
        ),
        service_statement(
            "BedrockGuardrailsAndLogging",
            lit("bedrock.amazonaws.com"),
            &["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
            source_account.clone(),
        ),
        service_statement(
            "AlertPublishers",
            strings([
                "budgets.amazonaws.com",
                "cloudtrail.amazonaws.com",
                "events.amazonaws.com",
            ]),
            &["kms:Decrypt", "kms:GenerateDataKey*"],
            source_account.clone(),
        ),
    ];
    if site.role == Role::Primary && input.blueprint.logging.audit_trail {
        statements.push(service_statement(
            "CloudTrail",
            lit("cloudtrail.amazonaws.com"),
            &["kms:GenerateDataKey*", "kms:DescribeKey"],
            obj([(
                "StringLike",
                obj([(
                    "kms:EncryptionContext:aws:cloudtrail:arn",
                    arn("cloudtrail", "*", true, "trail/*")?,
                )]),
            )]),
        ));
    }
    let enc = &input.blueprint.encryption;
    let key = B::resource("aws_kms_key", &site.name("main"))
        .a("description", lit(key_description(input, site)))
        .a("enable_key_rotation", true)
        .a("rotation_period_in_days", enc.rotation_days)
        .a("deletion_window_in_days", 30)
        .a(
            "policy",
            tf.policy_with_skips("keys.tf", &site.name("key"), statements, key_policy_skips())?,
        );
    tf.add(
        "keys.tf",
        format!(
            "encryption.keys, encryption.rotation_days ({} region)",
            site.label()
        ),
        site.provider(key)?,
    );
    let alias = B::resource("aws_kms_alias", &site.name("main"))
        .a(
            "name",
            lit(crate::naming::aws::kms_alias(
                &input.blueprint.name,
                site.label(),
            )),
        )
        .a(
            "target_key_id",
            r(&format!("aws_kms_key.{}.key_id", site.name("main")))?,
        );
    tf.add(
        "keys.tf",
        format!("encryption.keys ({} region)", site.label()),
        site.provider(alias)?,
    );
    Ok(())
}
