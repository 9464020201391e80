//! knowledge_base.tf and variables.tf: the retrieval store in the primary region — OpenSearch
//! Serverless (encryption, network and data-access policies, VPC endpoint) or Aurora PostgreSQL
//! with pgvector (encrypted, IAM auth, Data API, private) — and the Bedrock knowledge base on it.
//!
//! Neither the vector index nor the pgvector table can be created by the AWS provider, and
//! Bedrock refuses a knowledge base without one. So the knowledge base is gated behind the
//! `knowledge_base_ready` variable: apply, create the index or table (README.md), apply again
//! with `-var knowledge_base_ready=true`. Two steps, no scripts run at apply time.

use hcl::expr::Expression;

use super::super::Input;
use super::super::hcl::{B, expr, lit, obj, safe, strings};
use super::keys::key_arn;
use super::{Guard, Site, Tf, arn, r, refs};
use crate::blueprint::model::KnowledgeStore;

/// Vector index / table layout Bedrock writes (Titan Embeddings V2: 1024 dimensions).
pub const INDEX_NAME: &str = "bedrock-knowledge-base-default-index";
pub const PG_TABLE: &str = "bedrock_integration.bedrock_kb";

use crate::naming::aws as naming;

/// An OpenSearch Serverless name: the blueprint name, shortened to fit, plus a suffix.
fn short(name: &str, suffix: &str) -> String {
    naming::opensearch(name, suffix)
}

/// The knowledge base and what refers to it exist once its index or table has been created.
const READY: &str = "var.knowledge_base_ready ? 1 : 0";

/// Whether the AWS side gets a knowledge base: the embedding model runs in the primary region.
#[must_use]
pub fn on_aws(input: &Input<'_>) -> bool {
    let (Some(kb), Some(aws)) = (&input.blueprint.knowledge_base, &input.blueprint.clouds.aws)
    else {
        return false;
    };
    input.catalog.model(&kb.embedding_model).is_some_and(|m| {
        m.in_region_offer(crate::catalog::Cloud::Aws, &aws.region)
            .is_some()
    })
}

pub(super) fn render(input: &Input<'_>, sites: &[Site<'_>], tf: &mut Tf) -> Result<(), String> {
    if !on_aws(input) {
        return Ok(());
    }
    let site = &sites[0];
    let bp = input.blueprint;
    let Some(kb) = &bp.knowledge_base else {
        return Ok(());
    };
    let region = site.code()?;
    let entry = input
        .catalog
        .model(&kb.embedding_model)
        .ok_or("unknown embedding model")?;
    let Some(crate::catalog::Offer::Aws(offer)) =
        entry.in_region_offer(crate::catalog::Cloud::Aws, region)
    else {
        return Err("embedding model not offered in region".into());
    };
    let embedding_arn = arn(
        "bedrock",
        region,
        false,
        &format!("foundation-model/{}", safe(&offer.id)?),
    )?;
    let kms = key_arn(input, site)?;
    let subnets = refs([
        format!("aws_subnet.{}.id", site.name("private_a")),
        format!("aws_subnet.{}.id", site.name("private_b")),
    ])?;

    tf.add(
        "variables.tf",
        "knowledge_base: set to true once the vector index (or pgvector table) exists; see README.md",
        B::new("variable")
            .label("knowledge_base_ready")
            .a("description", lit("Create the Bedrock knowledge base (the vector index or pgvector table must exist first)."))
            .a("type", expr("bool")?)
            .a("default", false),
    );
    tf.service_role(
        "knowledge_base.tf",
        "knowledge_base",
        naming::named(&bp.name, "knowledge-base"),
        "knowledge_base: role Bedrock assumes to embed and store documents",
        "bedrock.amazonaws.com",
        Guard::AccountAndSource(arn("bedrock", region, true, "knowledge-base/*")?),
    )?;
    let mut role_statements = vec![obj([
        ("Sid", lit("Embed")),
        ("Effect", lit("Allow")),
        ("Action", lit("bedrock:InvokeModel")),
        ("Resource", embedding_arn.clone()),
    ])];
    if let Some(key) = &kms {
        role_statements.push(obj([
            ("Sid", lit("UseTheKey")),
            ("Effect", lit("Allow")),
            ("Action", strings(["kms:Decrypt", "kms:GenerateDataKey"])),
            ("Resource", key.clone()),
        ]));
    }

    let storage = match kb.store {
        KnowledgeStore::Managed => {
            let collection = short(&bp.name, "kb");
            opensearch(
                input,
                site,
                tf,
                &collection,
                kms.clone(),
                &subnets,
                &mut role_statements,
            )?;
            B::new("storage_configuration")
                .a("type", lit("OPENSEARCH_SERVERLESS"))
                .b(B::new("opensearch_serverless_configuration")
                    .a(
                        "collection_arn",
                        r("aws_opensearchserverless_collection.knowledge_base.arn")?,
                    )
                    .a("vector_index_name", lit(INDEX_NAME))
                    .b(B::new("field_mapping")
                        .a("vector_field", lit("bedrock-knowledge-base-default-vector"))
                        .a("text_field", lit("AMAZON_BEDROCK_TEXT_CHUNK"))
                        .a("metadata_field", lit("AMAZON_BEDROCK_METADATA"))))
        }
        KnowledgeStore::Pgvector => {
            let copied = pgvector(input, site, tf, kms.clone(), &subnets, &mut role_statements)?;
            if let (true, Some(failover)) = (copied, sites.get(1)) {
                backup_copies(input, site, failover, tf)?;
            }
            B::new("storage_configuration")
                .a("type", lit("RDS"))
                .b(B::new("rds_configuration")
                    .a("resource_arn", r("aws_rds_cluster.knowledge_base.arn")?)
                    .a(
                        "credentials_secret_arn",
                        r("aws_rds_cluster.knowledge_base.master_user_secret[0].secret_arn")?,
                    )
                    .a("database_name", lit("knowledge"))
                    .a("table_name", lit(PG_TABLE))
                    .b(B::new("field_mapping")
                        .a("primary_key_field", lit("id"))
                        .a("vector_field", lit("embedding"))
                        .a("text_field", lit("chunks"))
                        .a("metadata_field", lit("metadata"))))
        }
    };
    tf.add(
        "knowledge_base.tf",
        "knowledge_base: the role embeds with the blueprint's model and reaches its store only",
        B::resource("aws_iam_role_policy", "knowledge_base")
            .a("role", r("aws_iam_role.knowledge_base.id")?)
            .a(
                "policy",
                tf.policy("knowledge_base.tf", "knowledge_base", role_statements)?,
            ),
    );
    tf.add(
        "knowledge_base.tf",
        format!(
            "knowledge_base.store, knowledge_base.embedding_model ({})",
            entry.key
        ),
        site.provider(
            B::resource("aws_bedrockagent_knowledge_base", "main")
                .a("count", expr(READY)?)
                .a("name", lit(naming::named(&bp.name, "knowledge-base")))
                .a("role_arn", r("aws_iam_role.knowledge_base.arn")?)
                .b(B::new("knowledge_base_configuration")
                    .a("type", lit("VECTOR"))
                    .b(B::new("vector_knowledge_base_configuration")
                        .a("embedding_model_arn", embedding_arn)))
                .b(storage),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "knowledge_base, identity: the invoker may query the knowledge base",
        B::resource("aws_iam_role_policy", "invoker_knowledge_base")
            .a("count", expr(READY)?)
            .a("role", r("aws_iam_role.invoker.id")?)
            .a(
                "policy",
                tf.counted_policy(
                    "knowledge_base.tf",
                    "invoker_knowledge_base",
                    READY,
                    vec![obj([
                        ("Effect", lit("Allow")),
                        (
                            "Action",
                            strings(["bedrock:Retrieve", "bedrock:RetrieveAndGenerate"]),
                        ),
                        (
                            "Resource",
                            r("aws_bedrockagent_knowledge_base.main[0].arn")?,
                        ),
                    ])],
                )?,
            ),
    );
    Ok(())
}

fn opensearch(
    input: &Input<'_>,
    site: &Site<'_>,
    tf: &mut Tf,
    collection: &str,
    kms: Option<Expression>,
    subnets: &Expression,
    role_statements: &mut Vec<Expression>,
) -> Result<(), String> {
    let rules = |kind: &str, resource: String| {
        obj([
            ("ResourceType", lit(kind)),
            ("Resource", strings([resource])),
        ])
    };
    let mut encryption = vec![(
        "Rules",
        Expression::Array(vec![rules(
            "collection",
            format!("collection/{collection}"),
        )]),
    )];
    match kms {
        Some(key) => {
            encryption.push(("AWSOwnedKey", false.into()));
            encryption.push(("KmsARN", key));
        }
        None => encryption.push(("AWSOwnedKey", true.into())),
    }
    tf.add(
        "knowledge_base.tf",
        "encryption.keys: the collection is encrypted with the blueprint's key",
        site.provider(
            B::resource("aws_opensearchserverless_security_policy", "encryption")
                .a("name", lit(short(&input.blueprint.name, "enc")))
                .a("type", lit("encryption"))
                .a("policy", super::super::hcl::jsonencode(obj(encryption))),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "network.private_endpoints: the collection is reached through its own VPC endpoint",
        site.provider(
            B::resource("aws_opensearchserverless_vpc_endpoint", "knowledge_base")
                .a("name", lit(short(&input.blueprint.name, "kb")))
                .a("vpc_id", r(&format!("aws_vpc.{}.id", site.name("main")))?)
                .a("subnet_ids", subnets.clone())
                .a(
                    "security_group_ids",
                    refs([format!("aws_security_group.{}.id", site.name("endpoints"))])?,
                ),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "network.public_access: no public access to the collection or its dashboards",
        site.provider(
            B::resource("aws_opensearchserverless_security_policy", "network")
                .a("name", lit(short(&input.blueprint.name, "net")))
                .a("type", lit("network"))
                .a(
                    "policy",
                    super::super::hcl::jsonencode(Expression::Array(vec![obj([
                        (
                            "Rules",
                            Expression::Array(vec![
                                rules("collection", format!("collection/{collection}")),
                                rules("dashboard", format!("collection/{collection}")),
                            ]),
                        ),
                        ("AllowFromPublic", false.into()),
                        (
                            "SourceVPCEs",
                            refs(["aws_opensearchserverless_vpc_endpoint.knowledge_base.id"])?,
                        ),
                    ])])),
                ),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "knowledge_base.store = managed: OpenSearch Serverless vector collection with standby replicas",
        site.provider(
            B::resource("aws_opensearchserverless_collection", "knowledge_base")
                .a("depends_on", expr("[aws_opensearchserverless_security_policy.encryption, aws_opensearchserverless_security_policy.network]")?)
                .a("name", lit(collection))
                .a("type", lit("VECTORSEARCH"))
                .a("standby_replicas", lit("ENABLED")),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "knowledge_base: the knowledge-base role and the deployer (to create the index) may use the collection",
        site.provider(
            B::resource("aws_opensearchserverless_access_policy", "knowledge_base")
                .a("name", lit(short(&input.blueprint.name, "data")))
                .a("type", lit("data"))
                .a(
                    "policy",
                    super::super::hcl::jsonencode(Expression::Array(vec![obj([
                        (
                            "Rules",
                            Expression::Array(vec![
                                obj([
                                    ("ResourceType", lit("collection")),
                                    ("Resource", strings([format!("collection/{collection}")])),
                                    ("Permission", strings(["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"])),
                                ]),
                                obj([
                                    ("ResourceType", lit("index")),
                                    ("Resource", strings([format!("index/{collection}/*")])),
                                    (
                                        "Permission",
                                        strings(["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument", "aoss:UpdateIndex"]),
                                    ),
                                ]),
                            ]),
                        ),
                        ("Principal", refs(["aws_iam_role.knowledge_base.arn", "data.aws_caller_identity.current.arn"])?),
                    ])])),
                ),
        )?,
    );
    role_statements.push(obj([
        ("Sid", lit("Collection")),
        ("Effect", lit("Allow")),
        ("Action", lit("aoss:APIAccessAll")),
        (
            "Resource",
            r("aws_opensearchserverless_collection.knowledge_base.arn")?,
        ),
    ]));
    Ok(())
}

fn pgvector(
    input: &Input<'_>,
    site: &Site<'_>,
    tf: &mut Tf,
    kms: Option<Expression>,
    subnets: &Expression,
    role_statements: &mut Vec<Expression>,
) -> Result<bool, String> {
    let bp = input.blueprint;
    let vpc = site.name("main");
    let backup =
        crate::plan::backups::knowledge_base(bp, input.catalog, crate::catalog::Cloud::Aws);
    let copied = backup.as_ref().is_some_and(|b| b.copied_to.is_some());
    let not_copied = match backup.and_then(|b| b.no_copy_in) {
        Some(region) => format!(
            "AWS Backup cannot copy backups from or to {region} (catalog: services[aws-aurora-pgvector].backup)"
        ),
        None => "no failover region to copy backups to".to_owned(),
    };
    tf.add(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: the database lives in the private subnets",
        site.provider(
            B::resource("aws_db_subnet_group", "knowledge_base")
                .a("name", lit(naming::named(&bp.name, "knowledge-base")))
                .a("subnet_ids", subnets.clone()),
        )?,
    );
    tf.add(
        "knowledge_base.tf",
        "network.public_access: PostgreSQL from inside the VPC only",
        site.provider(
            B::resource("aws_security_group", "knowledge_base")
                .a("name", lit(naming::named(&bp.name, "knowledge-base")))
                .a("description", lit("PostgreSQL from inside the VPC"))
                .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?)
                .b(B::new("ingress")
                    .a("description", lit("PostgreSQL from the VPC"))
                    .a("from_port", 5432)
                    .a("to_port", 5432)
                    .a("protocol", lit("tcp"))
                    .a("cidr_blocks", expr(&format!("[aws_vpc.{vpc}.cidr_block]"))?)),
        )?,
    );
    let cluster = B::resource("aws_rds_cluster", "knowledge_base")
        .a(
            "cluster_identifier",
            lit(naming::named(&bp.name, "knowledge-base")),
        )
        .a("engine", lit("aurora-postgresql"))
        .a("engine_mode", lit("provisioned"))
        .a("engine_version", lit("16.6"))
        .a("database_name", lit("knowledge"))
        .a("master_username", lit("kbadmin"))
        .a("manage_master_user_password", true)
        .opt("master_user_secret_kms_key_id", kms.clone())
        .a("storage_encrypted", true)
        .opt("kms_key_id", kms.clone())
        .a(
            "db_subnet_group_name",
            r("aws_db_subnet_group.knowledge_base.name")?,
        )
        .a(
            "vpc_security_group_ids",
            refs(["aws_security_group.knowledge_base.id"])?,
        )
        .a("iam_database_authentication_enabled", true)
        .a("enable_http_endpoint", true)
        .a("deletion_protection", true)
        .a("backup_retention_period", 35)
        .a("copy_tags_to_snapshot", true)
        .a("enabled_cloudwatch_logs_exports", strings(["postgresql"]))
        .a("skip_final_snapshot", false)
        .a(
            "final_snapshot_identifier",
            lit(format!(
                "{}-final",
                naming::named(&bp.name, "knowledge-base")
            )),
        )
        .a(
            "db_cluster_parameter_group_name",
            r("aws_rds_cluster_parameter_group.knowledge_base.name")?,
        )
        .b(B::new("serverlessv2_scaling_configuration")
            .a("min_capacity", 0.5)
            .a("max_capacity", 8));
    tf.add(
        "knowledge_base.tf",
        "logging.audit_trail: schema changes are logged; statement text is not (it carries document text)",
        site.provider(
            B::resource("aws_rds_cluster_parameter_group", "knowledge_base")
                .a("name", lit(naming::named(&bp.name, "knowledge-base")))
                .a("family", lit("aurora-postgresql16"))
                .a("description", lit("knowledge base: log schema changes"))
                .b(B::new("parameter").a("name", lit("log_statement")).a("value", lit("ddl"))),
        )?,
    );
    tf.add_with_skips(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: Aurora PostgreSQL Serverless v2, encrypted, IAM auth, Data API for Bedrock",
        site.provider(cluster)?,
        [
            super::keys::provider_key_skip(kms.as_ref(), "CKV_AWS_327", "Aurora encrypts the cluster with the AWS managed key for RDS"),
            (!copied).then(|| ("CKV2_AWS_8", format!("{not_copied}: Aurora keeps 35 days of automated backups in its region, and the index can be rebuilt from its source documents"))),
            Some(("CKV2_AWS_27", "statement logging would copy document text (personal data) into logs; schema changes are logged (log_statement = ddl)".to_owned())),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    tf.service_role(
        "knowledge_base.tf",
        "rds_monitoring",
        naming::named(&bp.name, "rds-monitoring"),
        "knowledge_base.store = pgvector: role RDS assumes for enhanced monitoring",
        "monitoring.rds.amazonaws.com",
        Guard::None,
    )?;
    tf.add(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: the AWS-managed enhanced monitoring policy",
        B::resource("aws_iam_role_policy_attachment", "rds_monitoring")
            .a("role", r("aws_iam_role.rds_monitoring.name")?)
            .a("policy_arn", expr("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole\"")?),
    );
    let insights_skip: Vec<_> = super::keys::provider_key_skip(
        kms.as_ref(),
        "CKV_AWS_354",
        "Performance Insights encrypts its data with the AWS managed key for RDS",
    )
    .into_iter()
    .collect();
    tf.add_with_skips(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: the cluster's serverless instance",
        site.provider(
            B::resource("aws_rds_cluster_instance", "knowledge_base")
                .a(
                    "identifier",
                    lit(format!("{}-1", naming::named(&bp.name, "knowledge-base"))),
                )
                .a(
                    "cluster_identifier",
                    r("aws_rds_cluster.knowledge_base.id")?,
                )
                .a("instance_class", lit("db.serverless"))
                .a("engine", r("aws_rds_cluster.knowledge_base.engine")?)
                .a(
                    "engine_version",
                    r("aws_rds_cluster.knowledge_base.engine_version")?,
                )
                .a("auto_minor_version_upgrade", true)
                .a("performance_insights_enabled", true)
                .a("monitoring_interval", 60)
                .a("monitoring_role_arn", r("aws_iam_role.rds_monitoring.arn")?)
                .opt("performance_insights_kms_key_id", kms),
        )?,
        insights_skip,
    );
    role_statements.push(obj([
        ("Sid", lit("DataApi")),
        ("Effect", lit("Allow")),
        (
            "Action",
            strings([
                "rds-data:ExecuteStatement",
                "rds-data:BatchExecuteStatement",
                "rds:DescribeDBClusters",
            ]),
        ),
        ("Resource", r("aws_rds_cluster.knowledge_base.arn")?),
    ]));
    role_statements.push(obj([
        ("Sid", lit("DatabaseSecret")),
        ("Effect", lit("Allow")),
        ("Action", lit("secretsmanager:GetSecretValue")),
        (
            "Resource",
            r("aws_rds_cluster.knowledge_base.master_user_secret[0].secret_arn")?,
        ),
    ]));
    Ok(copied)
}

/// CP-9(3)/(5): the database's backups copied to the failover region. AWS Backup takes a daily
/// snapshot into a vault in the primary region and copies it to a vault in the failover region,
/// each encrypted with its own region's key (a KMS key cannot be used in another region); both
/// are kept 35 days, as long as Aurora's own continuous backups. With Aurora's backups that is
/// three copies, one of them in another region.
fn backup_copies(
    input: &Input<'_>,
    primary: &Site<'_>,
    failover: &Site<'_>,
    tf: &mut Tf,
) -> Result<(), String> {
    let bp = input.blueprint;
    let vault = naming::named(&bp.name, "knowledge-base");
    for site in [primary, failover] {
        let kms = key_arn(input, site)?;
        let skips = match &kms {
            Some(_) => Vec::new(),
            None => vec![(
                "CKV_AWS_166",
                "encryption.keys is provider-managed: AWS Backup encrypts the vault with its own key; set encryption.keys: customer-managed for a KMS key".to_owned(),
            )],
        };
        tf.add_with_skips(
            "knowledge_base.tf",
            format!(
                "knowledge_base.store = pgvector: backup vault in the {} region ({})",
                site.label(),
                site.code()?
            ),
            site.provider(
                B::resource("aws_backup_vault", &site.name("knowledge_base"))
                    .a("name", lit(vault.clone()))
                    .opt("kms_key_arn", kms),
            )?,
            skips,
        );
    }
    let keep = || B::new("lifecycle").a("delete_after", 35);
    tf.add(
        "knowledge_base.tf",
        format!(
            "knowledge_base.store = pgvector, clouds.aws.failover_region: a daily backup, copied to {}",
            failover.code()?
        ),
        B::resource("aws_backup_plan", "knowledge_base")
            .a("name", lit(naming::named(&bp.name, "knowledge-base")))
            .b(B::new("rule")
                .a("rule_name", lit("daily-copy-to-failover"))
                .a("target_vault_name", r("aws_backup_vault.knowledge_base.name")?)
                .a("schedule", lit("cron(0 5 ? * * *)"))
                .b(keep())
                .b(B::new("copy_action")
                    .a(
                        "destination_vault_arn",
                        r(&format!("aws_backup_vault.{}.arn", failover.name("knowledge_base")))?,
                    )
                    .b(keep()))),
    );
    tf.service_role(
        "knowledge_base.tf",
        "backup",
        naming::named(&bp.name, "backup"),
        "knowledge_base.store = pgvector: role AWS Backup assumes to snapshot and copy the database",
        "backup.amazonaws.com",
        Guard::None,
    )?;
    tf.add(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: the AWS-managed backup policy",
        B::resource("aws_iam_role_policy_attachment", "backup")
            .a("role", r("aws_iam_role.backup.name")?)
            .a("policy_arn", expr("\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup\"")?),
    );
    tf.add(
        "knowledge_base.tf",
        "knowledge_base.store = pgvector: the cluster is what the plan backs up",
        B::resource("aws_backup_selection", "knowledge_base")
            .a("name", lit(naming::named(&bp.name, "knowledge-base")))
            .a("plan_id", r("aws_backup_plan.knowledge_base.id")?)
            .a("iam_role_arn", r("aws_iam_role.backup.arn")?)
            .a("resources", refs(["aws_rds_cluster.knowledge_base.arn"])?),
    );
    Ok(())
}
