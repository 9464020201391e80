//! network.tf: a private VPC per region — two private subnets, no internet or NAT gateway (no
//! public route), a locked default security group, flow logs, and interface endpoints for Bedrock.

use super::super::hcl::{B, expr, lit, obj, strings};
use super::super::{Input, cloudwatch_retention};
use super::keys::key_arn;
use super::{Guard, Site, Tf, r, refs};

pub(super) fn render(input: &Input<'_>, site: &Site<'_>, tf: &mut Tf) -> Result<(), String> {
    let bp = input.blueprint;
    let cidr = bp
        .clouds
        .aws
        .as_ref()
        .map(|a| a.cidr.clone())
        .unwrap_or_default();
    let vpc = site.name("main");
    let region = site.code()?;
    let label = site.label();
    let comment = |what: &str| format!("{what} ({label} region)");

    tf.add(
        "network.tf",
        comment("availability zones for the private subnets"),
        site.provider(
            B::data("aws_availability_zones", &site.name("available"))
                .a("state", lit("available"))
                .b(B::new("filter").a("name", lit("zone-name")).a(
                    "values",
                    strings(["a", "b", "c", "d"].map(|z| format!("{region}{z}"))),
                )),
        )?,
    );
    tf.add(
        "network.tf",
        comment("clouds.aws.cidr, network.private_endpoints: the workload's private network"),
        site.provider(
            B::resource("aws_vpc", &vpc)
                .a("cidr_block", lit(&cidr))
                .a("enable_dns_support", true)
                .a("enable_dns_hostnames", true),
        )?,
    );
    tf.add(
        "network.tf",
        comment("network.public_access: the default security group allows nothing"),
        site.provider(
            B::resource("aws_default_security_group", &vpc)
                .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?),
        )?,
    );
    for (i, letter) in ["a", "b"].iter().enumerate() {
        tf.add(
            "network.tf",
            comment("network.public_access: private subnet, no route to the internet"),
            site.provider(
                B::resource("aws_subnet", &site.name(&format!("private_{letter}")))
                    .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?)
                    .a(
                        "cidr_block",
                        expr(&format!("cidrsubnet(aws_vpc.{vpc}.cidr_block, 2, {i})"))?,
                    )
                    .a(
                        "availability_zone",
                        r(&format!(
                            "data.aws_availability_zones.{}.names[{i}]",
                            site.name("available")
                        ))?,
                    )
                    .a("map_public_ip_on_launch", false),
            )?,
        );
    }
    tf.add(
        "network.tf",
        comment("network.private_endpoints: HTTPS from inside the VPC only"),
        site.provider(
            B::resource("aws_security_group", &site.name("endpoints"))
                .a(
                    "name",
                    lit(crate::naming::aws::regional(&bp.name, "endpoints", label)),
                )
                .a(
                    "description",
                    lit("HTTPS to the Bedrock interface endpoints from inside the VPC"),
                )
                .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?)
                .b(B::new("ingress")
                    .a("description", lit("HTTPS from the VPC"))
                    .a("from_port", 443)
                    .a("to_port", 443)
                    .a("protocol", lit("tcp"))
                    .a("cidr_blocks", expr(&format!("[aws_vpc.{vpc}.cidr_block]"))?))
                .b(B::new("egress")
                    .a("description", lit("Responses within the VPC"))
                    .a("from_port", 443)
                    .a("to_port", 443)
                    .a("protocol", lit("tcp"))
                    .a("cidr_blocks", expr(&format!("[aws_vpc.{vpc}.cidr_block]"))?)),
        )?,
    );

    let mut services = vec!["bedrock-runtime"];
    if bp.knowledge_base.is_some() && site.role == crate::plan::Role::Primary {
        services.push("bedrock-agent-runtime");
    }
    let account = r("data.aws_caller_identity.current.account_id")?;
    for service in services {
        let endpoint_policy = tf.policy(
            "network.tf",
            &site.name(&format!("{}_endpoint", service.replace('-', "_"))),
            vec![obj([
                ("Sid", lit("OnlyThisAccount")),
                ("Effect", lit("Allow")),
                ("Principal", lit("*")),
                ("Action", lit("bedrock:*")),
                ("Resource", lit("*")),
                (
                    "Condition",
                    obj([(
                        "StringEquals",
                        obj([("aws:PrincipalAccount", account.clone())]),
                    )]),
                ),
            ])],
        )?;
        tf.add(
            "network.tf",
            comment(&format!("network.private_endpoints: {service} over PrivateLink, callers from this account only")),
            site.provider(
                B::resource("aws_vpc_endpoint", &site.name(&service.replace('-', "_")))
                    .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?)
                    .a("service_name", lit(format!("com.amazonaws.{region}.{service}")))
                    .a("vpc_endpoint_type", lit("Interface"))
                    .a("private_dns_enabled", true)
                    .a("subnet_ids", refs([format!("aws_subnet.{}.id", site.name("private_a")), format!("aws_subnet.{}.id", site.name("private_b"))])?)
                    .a("security_group_ids", refs([format!("aws_security_group.{}.id", site.name("endpoints"))])?)
                    .a("policy", endpoint_policy),
            )?,
        );
    }

    // Flow logs: every connection attempt in the VPC, encrypted, kept as long as the other logs.
    let flow_group = site.name("flow_logs");
    let days = cloudwatch_retention(bp.logging.retention_days);
    let mut skips = Vec::new();
    if days < 365 {
        skips.push(("CKV_AWS_338", format!("retention follows logging.retention_days ({} days), which the blueprint's compliance packs judge", bp.logging.retention_days)));
    }
    let flow_key = key_arn(input, site)?;
    skips.extend(super::keys::log_group_key_skip(flow_key.as_ref()));
    tf.add_with_skips(
        "network.tf",
        comment("logging.retention_days, encryption.keys: VPC flow logs"),
        site.provider(
            B::resource("aws_cloudwatch_log_group", &flow_group)
                .a(
                    "name",
                    lit(crate::naming::aws::log_group(&bp.name, "vpc-flow-logs")),
                )
                .a("retention_in_days", days)
                .opt("kms_key_id", flow_key),
        )?,
        skips,
    );
    tf.service_role(
        "network.tf",
        &site.name("flow_logs"),
        crate::naming::aws::regional(&bp.name, "flow-logs", label),
        comment("VPC flow logs delivery role"),
        "vpc-flow-logs.amazonaws.com",
        Guard::Account,
    )?;
    tf.add(
        "network.tf",
        comment("VPC flow logs delivery role: write to its own log group only"),
        B::resource("aws_iam_role_policy", &site.name("flow_logs"))
            .a(
                "role",
                r(&format!("aws_iam_role.{}.id", site.name("flow_logs")))?,
            )
            .a(
                "policy",
                tf.policy(
                    "network.tf",
                    &site.name("flow_logs"),
                    vec![obj([
                        ("Effect", lit("Allow")),
                        (
                            "Action",
                            strings([
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogGroups",
                                "logs:DescribeLogStreams",
                            ]),
                        ),
                        (
                            "Resource",
                            expr(&format!(
                                "\"${{aws_cloudwatch_log_group.{flow_group}.arn}}:*\""
                            ))?,
                        ),
                    ])],
                )?,
            ),
    );
    tf.add(
        "network.tf",
        comment("VPC flow logs"),
        site.provider(
            B::resource("aws_flow_log", &vpc)
                .a("vpc_id", r(&format!("aws_vpc.{vpc}.id"))?)
                .a("traffic_type", lit("ALL"))
                .a(
                    "log_destination",
                    r(&format!("aws_cloudwatch_log_group.{flow_group}.arn"))?,
                )
                .a(
                    "iam_role_arn",
                    r(&format!("aws_iam_role.{}.arn", site.name("flow_logs")))?,
                ),
        )?,
    );
    Ok(())
}
