//! The S3 log archive of each region: write-once when `logging.immutable` (Object Lock in
//! compliance mode), encrypted, private, with lifecycle and event notifications, its own
//! access-log bucket, and replication from the primary region to the failover region. Bedrock
//! invocation logs and CloudTrail (logging.rs) write into it.

use hcl::expr::Expression;

use super::super::hcl::{B, expr, lit, obj, strings};
use super::super::{Input, cloudwatch_retention};
use super::keys::key_arn;
use super::{Guard, Site, Tf, arn, r};
use crate::plan::Role;

/// Bucket names: at most 32 (blueprint name) + 10 + 12 (account) characters, under S3's 63;
/// `crate::naming::S3_BUCKET` checks the rest (reserved prefixes such as `xn--`).
fn bucket_name(input: &Input<'_>, purpose: &str, site: &Site<'_>) -> Result<Expression, String> {
    let role = if site.role == Role::Primary { "p" } else { "f" };
    expr(&format!(
        "\"{}-${{data.aws_caller_identity.current.account_id}}\"",
        super::super::hcl::safe(&crate::naming::aws::bucket_prefix(
            &input.blueprint.name,
            purpose,
            role
        ))?
    ))
}

fn deny_insecure_transport(bucket: &str) -> Result<Expression, String> {
    Ok(obj([
        ("Sid", lit("DenyInsecureTransport")),
        ("Effect", lit("Deny")),
        ("Principal", lit("*")),
        ("Action", lit("s3:*")),
        (
            "Resource",
            expr(&format!(
                "[aws_s3_bucket.{bucket}.arn, \"${{aws_s3_bucket.{bucket}.arn}}/*\"]"
            ))?,
        ),
        (
            "Condition",
            obj([("Bool", obj([("aws:SecureTransport", lit("false"))]))]),
        ),
    ]))
}

/// How a bucket encrypts objects.
enum Sse {
    /// SSE-KMS with the blueprint's customer-managed key.
    CustomerKey(Expression),
    /// SSE-KMS with the AWS-managed `aws/s3` key (`encryption.keys: provider-managed`).
    AwsManagedKey,
    /// SSE-S3: the only encryption S3 server access logging can deliver to.
    S3,
}

/// The S3 controls every bucket gets: public access block, owner-enforced objects, versioning,
/// encryption, lifecycle and event notifications.
fn bucket_basics(
    site: &Site<'_>,
    tf: &mut Tf,
    bucket: &str,
    sse: Sse,
    expire_days: u32,
) -> Result<(), String> {
    let id = r(&format!("aws_s3_bucket.{bucket}.id"))?;
    let label = site.label();
    let file = "logging.tf";
    tf.add(
        file,
        format!("network.public_access: no public access to {bucket} ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_public_access_block", bucket)
                .a("bucket", id.clone())
                .a("block_public_acls", true)
                .a("block_public_policy", true)
                .a("ignore_public_acls", true)
                .a("restrict_public_buckets", true),
        )?,
    );
    tf.add(
        file,
        format!("identity: no object ACLs in {bucket} ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_ownership_controls", bucket)
                .a("bucket", id.clone())
                .b(B::new("rule").a("object_ownership", lit("BucketOwnerEnforced"))),
        )?,
    );
    tf.add(
        file,
        format!("logging.immutable: versioning of {bucket} ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_versioning", bucket)
                .a("bucket", id.clone())
                .b(B::new("versioning_configuration").a("status", lit("Enabled"))),
        )?,
    );
    let default = match sse {
        Sse::CustomerKey(key) => B::new("apply_server_side_encryption_by_default")
            .a("sse_algorithm", lit("aws:kms"))
            .a("kms_master_key_id", key),
        Sse::AwsManagedKey => {
            B::new("apply_server_side_encryption_by_default").a("sse_algorithm", lit("aws:kms"))
        }
        Sse::S3 => {
            B::new("apply_server_side_encryption_by_default").a("sse_algorithm", lit("AES256"))
        }
    };
    tf.add(
        file,
        format!("encryption.keys: encryption of {bucket} ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_server_side_encryption_configuration", bucket)
                .a("bucket", id.clone())
                .b(B::new("rule").b(default).a("bucket_key_enabled", true)),
        )?,
    );
    tf.add(
        file,
        format!(
            "logging.retention_days: objects in {bucket} expire after retention ({label} region)"
        ),
        site.provider(
            B::resource("aws_s3_bucket_lifecycle_configuration", bucket)
                .a("bucket", id.clone())
                .b(B::new("rule")
                    .a("id", lit("expire-after-retention"))
                    .a("status", lit("Enabled"))
                    .b(B::new("filter"))
                    .b(B::new("expiration").a("days", expire_days))
                    .b(B::new("noncurrent_version_expiration").a("noncurrent_days", expire_days))
                    .b(B::new("abort_incomplete_multipart_upload").a("days_after_initiation", 7))),
        )?,
    );
    tf.add(
        file,
        format!("alerts: object events of {bucket} go to EventBridge ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_notification", bucket)
                .a("bucket", id)
                .a("eventbridge", true),
        )?,
    );
    Ok(())
}

/// The archive and its access-log bucket at a site; returns the archive's resource name.
pub(super) fn render(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<String, String> {
    let bp = input.blueprint;
    let label = site.label();
    let region = site.code()?;
    let retention = bp.logging.retention_days;
    let account = r("data.aws_caller_identity.current.account_id")?;
    let kms = key_arn(input, site)?;
    let primary = site.role == Role::Primary;
    let trail = primary && bp.logging.audit_trail;
    let failover_exists = bp
        .clouds
        .aws
        .as_ref()
        .is_some_and(|a| a.failover_region.is_some());

    // Access-log bucket: where S3 server access logs of the archive go.
    let access = site.name("access_logs");
    let access_skips = vec![
        (
            "CKV_AWS_18",
            "this bucket is the access-log destination itself".to_owned(),
        ),
        (
            "CKV_AWS_144",
            "access logs are per-region diagnostics; the archive they describe is replicated"
                .to_owned(),
        ),
        (
            "CKV_AWS_145",
            "S3 server access logging delivers only to SSE-S3 encrypted buckets".to_owned(),
        ),
    ];
    tf.add_with_skips(
        "logging.tf",
        format!("logging: S3 server access logs of the archive ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket", &access).a("bucket", bucket_name(input, "access", site)?),
        )?,
        access_skips,
    );
    bucket_basics(
        site,
        tf,
        &access,
        Sse::S3,
        cloudwatch_retention(retention.max(90)),
    )?;
    tf.add(
        "logging.tf",
        format!("logging: S3 log delivery may write access logs; TLS only ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_policy", &access)
                .a("bucket", r(&format!("aws_s3_bucket.{access}.id"))?)
                .a(
                    "policy",
                    tf.policy(
                        "logging.tf",
                        &format!("{access}_bucket"),
                        vec![
                            deny_insecure_transport(&access)?,
                            obj([
                                ("Sid", lit("S3ServerAccessLogs")),
                                ("Effect", lit("Allow")),
                                (
                                    "Principal",
                                    obj([("Service", lit("logging.s3.amazonaws.com"))]),
                                ),
                                ("Action", lit("s3:PutObject")),
                                (
                                    "Resource",
                                    expr(&format!("\"${{aws_s3_bucket.{access}.arn}}/*\""))?,
                                ),
                                (
                                    "Condition",
                                    obj([(
                                        "StringEquals",
                                        obj([("aws:SourceAccount", account.clone())]),
                                    )]),
                                ),
                            ]),
                        ],
                    )?,
                ),
        )?,
    );

    // The archive: invocation logs (and CloudTrail in the primary region), write-once if asked.
    let archive = site.name("archive");
    let mut archive_skips = Vec::new();
    if !failover_exists {
        archive_skips.push(("CKV_AWS_144", "the blueprint has no failover region to replicate to (the contingency rules report it)".to_owned()));
    } else if !primary {
        archive_skips.push((
            "CKV_AWS_144",
            "this bucket is the replica of the primary archive".to_owned(),
        ));
    }
    tf.add_with_skips(
        "logging.tf",
        format!(
            "logging.immutable, logging.retention_days: archive of invocation logs ({label} region)"
        ),
        site.provider(
            B::resource("aws_s3_bucket", &archive)
                .a("bucket", bucket_name(input, "logs", site)?)
                .a("object_lock_enabled", bp.logging.immutable),
        )?,
        archive_skips,
    );
    let sse = kms.clone().map_or(Sse::AwsManagedKey, Sse::CustomerKey);
    bucket_basics(site, tf, &archive, sse, retention)?;
    if bp.logging.immutable {
        tf.add(
            "logging.tf",
            format!("logging.immutable: write-once retention in compliance mode ({label} region)"),
            site.provider(
                B::resource("aws_s3_bucket_object_lock_configuration", &archive)
                    .a("bucket", r(&format!("aws_s3_bucket.{archive}.id"))?)
                    .b(B::new("rule").b(B::new("default_retention")
                        .a("mode", lit("COMPLIANCE"))
                        .a("days", retention))),
            )?,
        );
    }
    tf.add(
        "logging.tf",
        format!("logging: server access logging of the archive ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_logging", &archive)
                .a("bucket", r(&format!("aws_s3_bucket.{archive}.id"))?)
                .a("target_bucket", r(&format!("aws_s3_bucket.{access}.id"))?)
                .a("target_prefix", lit("archive/")),
        )?,
    );
    let mut statements = vec![
        deny_insecure_transport(&archive)?,
        obj([
            ("Sid", lit("BedrockInvocationLogs")),
            ("Effect", lit("Allow")),
            (
                "Principal",
                obj([("Service", lit("bedrock.amazonaws.com"))]),
            ),
            ("Action", lit("s3:PutObject")),
            (
                "Resource",
                expr(&format!(
                    "\"${{aws_s3_bucket.{archive}.arn}}/invocations/*\""
                ))?,
            ),
            (
                "Condition",
                obj([
                    (
                        "StringEquals",
                        obj([("aws:SourceAccount", account.clone())]),
                    ),
                    (
                        "ArnLike",
                        obj([("aws:SourceArn", arn("bedrock", region, true, "*")?)]),
                    ),
                ]),
            ),
        ]),
    ];
    if trail {
        let trail_arn = arn(
            "cloudtrail",
            region,
            true,
            &format!("trail/{}", crate::naming::aws::trail(&bp.name)),
        )?;
        statements.push(obj([
            ("Sid", lit("CloudTrailAclCheck")),
            ("Effect", lit("Allow")),
            (
                "Principal",
                obj([("Service", lit("cloudtrail.amazonaws.com"))]),
            ),
            ("Action", lit("s3:GetBucketAcl")),
            ("Resource", r(&format!("aws_s3_bucket.{archive}.arn"))?),
            (
                "Condition",
                obj([("StringEquals", obj([("aws:SourceArn", trail_arn.clone())]))]),
            ),
        ]));
        statements.push(obj([
            ("Sid", lit("CloudTrailWrite")),
            ("Effect", lit("Allow")),
            ("Principal", obj([("Service", lit("cloudtrail.amazonaws.com"))])),
            ("Action", lit("s3:PutObject")),
            ("Resource", expr(&format!("\"${{aws_s3_bucket.{archive}.arn}}/cloudtrail/AWSLogs/${{data.aws_caller_identity.current.account_id}}/*\""))?),
            ("Condition", obj([("StringEquals", obj([("aws:SourceArn", trail_arn), ("s3:x-amz-acl", lit("bucket-owner-full-control"))]))])),
        ]));
    }
    tf.add(
        "logging.tf",
        format!("logging: who may write to the archive; TLS only ({label} region)"),
        site.provider(
            B::resource("aws_s3_bucket_policy", &archive)
                .a("bucket", r(&format!("aws_s3_bucket.{archive}.id"))?)
                .a(
                    "policy",
                    tf.policy("logging.tf", &format!("{archive}_bucket"), statements)?,
                ),
        )?,
    );
    if primary && failover_exists {
        replication(input, tf, &archive)?;
    }
    Ok(archive)
}

fn replication(input: &Input<'_>, tf: &mut Tf, archive: &str) -> Result<(), String> {
    let bp = input.blueprint;
    let replica = format!("{archive}_failover");
    tf.service_role(
        "logging.tf",
        "replication",
        crate::naming::aws::named(&bp.name, "archive-replication"),
        "clouds.aws.failover_region: role S3 assumes to replicate the archive",
        "s3.amazonaws.com",
        Guard::Account,
    )?;
    let mut statements = vec![
        obj([
            ("Effect", lit("Allow")),
            (
                "Action",
                strings(["s3:GetReplicationConfiguration", "s3:ListBucket"]),
            ),
            ("Resource", r(&format!("aws_s3_bucket.{archive}.arn"))?),
        ]),
        obj([
            ("Effect", lit("Allow")),
            (
                "Action",
                strings([
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                    "s3:GetObjectRetention",
                    "s3:GetObjectLegalHold",
                ]),
            ),
            (
                "Resource",
                expr(&format!("\"${{aws_s3_bucket.{archive}.arn}}/*\""))?,
            ),
        ]),
        obj([
            ("Effect", lit("Allow")),
            (
                "Action",
                strings([
                    "s3:ReplicateObject",
                    "s3:ReplicateDelete",
                    "s3:ReplicateTags",
                    "s3:ObjectOwnerOverrideToBucketOwner",
                ]),
            ),
            (
                "Resource",
                expr(&format!("\"${{aws_s3_bucket.{replica}.arn}}/*\""))?,
            ),
        ]),
    ];
    if input.customer_keys() {
        statements.push(obj([
            ("Effect", lit("Allow")),
            ("Action", lit("kms:Decrypt")),
            ("Resource", r("aws_kms_key.main.arn")?),
        ]));
        statements.push(obj([
            ("Effect", lit("Allow")),
            ("Action", strings(["kms:Encrypt", "kms:GenerateDataKey"])),
            ("Resource", r("aws_kms_key.main_failover.arn")?),
        ]));
    }
    tf.add(
        "logging.tf",
        "clouds.aws.failover_region: the replication role reads the archive and writes its replica only",
        B::resource("aws_iam_role_policy", "replication").a("role", r("aws_iam_role.replication.id")?).a("policy", tf.policy("logging.tf", "replication", statements)?),
    );
    let mut destination = B::new("destination")
        .a("bucket", r(&format!("aws_s3_bucket.{replica}.arn"))?)
        .a("storage_class", lit("STANDARD"));
    if input.customer_keys() {
        destination = destination.b(B::new("encryption_configuration")
            .a("replica_kms_key_id", r("aws_kms_key.main_failover.arn")?));
    }
    tf.add(
        "logging.tf",
        "clouds.aws.failover_region: the archive is replicated to the failover region (contingency)",
        B::resource("aws_s3_bucket_replication_configuration", archive)
            .a("depends_on", expr(&format!("[aws_s3_bucket_versioning.{archive}, aws_s3_bucket_versioning.{replica}]"))?)
            .a("role", r("aws_iam_role.replication.arn")?)
            .a("bucket", r(&format!("aws_s3_bucket.{archive}.id"))?)
            .b(B::new("rule")
                .a("id", lit("archive-to-failover"))
                .a("status", lit("Enabled"))
                .b(B::new("filter"))
                .b(B::new("delete_marker_replication").a("status", lit("Disabled")))
                .blocks(input.customer_keys().then(|| B::new("source_selection_criteria").b(B::new("sse_kms_encrypted_objects").a("status", lit("Enabled")))))
                .b(destination)),
    );
    Ok(())
}
