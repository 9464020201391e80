//! Load-time checks the schema cannot express: names unique across the file, catalog keys and
//! region codes that exist, well-formed network ranges, tags both clouds accept, and every
//! resource name and Terraform address the renderers would generate (`crate::naming`),
//! provisioned-throughput terms the cloud actually sells, and Azure PTU counts the deployment type
//! accepts (the catalog's `ptu_sizes`: a count below the minimum or off the increment is refused
//! by Azure at deployment; an unconfirmed size is not enforced).
//!
//! These are input errors (exit code 2), not policy findings: a blueprint that fails them cannot
//! be resolved or rendered at all.

use super::model::{Blueprint, Cloud};
use crate::catalog::{Catalog, ModelKind};
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use crate::yaml::{Node, Path};

/// The same waiver twice (same rule, same scope) would both count as used and hide that one is
/// redundant; the second is refused, pointing at the first.
fn check_waivers(
    blueprint: &Blueprint,
    at: &impl Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: std::collections::HashMap<(String, Option<String>), usize> =
        std::collections::HashMap::new();
    for (i, w) in blueprint.waivers.iter().enumerate() {
        let scope = w.path.as_deref().map(|p| Path::parse(p).to_string());
        let key = (w.rule.to_ascii_uppercase(), scope);
        if let Some(&j) = first.get(&key) {
            out.push(
                Diagnostic::error(
                    "blueprint::duplicate-waiver",
                    format!(
                        "waivers[{i}] waives {} {} again",
                        w.rule,
                        w.path
                            .as_deref()
                            .map_or_else(|| "everywhere".to_owned(), |p| format!("at `{p}`"))
                    ),
                )
                .with_label(at(&Path::root().key("waivers").index(i).key("rule")), "again here")
                .with_label(at(&Path::root().key("waivers").index(j).key("rule")), "first here")
                .with_help("keep one waiver per rule and scope; merge their reasons and keep the earlier expiry"),
            );
        } else {
            first.insert(key, i);
        }
    }
}

/// Runs every check; returns diagnostics in source order.
pub(super) fn check(blueprint: &Blueprint, tree: &Node, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &Path| tree.locate(path).primary();
    check_models(blueprint, tree, catalog, &mut out);
    check_regions(blueprint, catalog, &at, &mut out);
    check_tags(blueprint, tree, &mut out);
    check_generated_names(blueprint, &at, &mut out);
    check_waivers(blueprint, &at, &mut out);
    if let Some(kb) = &blueprint.knowledge_base {
        let path = Path::parse("knowledge_base.embedding_model");
        match catalog.model(&kb.embedding_model) {
            None => out.push(unknown_model(
                &kb.embedding_model,
                at(&path),
                catalog,
                Some(ModelKind::Embedding),
            )),
            Some(m) if m.kind != ModelKind::Embedding => out.push(
                Diagnostic::error(
                    "catalog::not-embedding",
                    format!("`{}` is a chat model, not an embedding model", m.key),
                )
                .with_label(at(&path), "not an embedding model")
                .with_help(format!(
                    "use an embedding model: {}",
                    model_keys(catalog, Some(ModelKind::Embedding)).join(", ")
                )),
            ),
            Some(_) => {}
        }
    }
    out.sort_by_key(|d| d.span().map(|s| s.start));
    out
}

fn check_models(blueprint: &Blueprint, tree: &Node, catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let at = |path: &Path| tree.locate(path).primary();
    // First index of each model name: linear, however many models a file holds.
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, spec) in blueprint.models.iter().enumerate() {
        let here = Path::root().key("models").index(i);
        let first = *first_of.entry(spec.name.as_str()).or_insert(i);
        if first != i {
            out.push(
                Diagnostic::error(
                    "blueprint::duplicate-model",
                    format!("two models are named `{}`", spec.name),
                )
                .with_label(at(&here.key("name")), "named again here")
                .with_label(
                    at(&Path::root().key("models").index(first).key("name")),
                    "first used here",
                )
                .with_help("model names are unique in a blueprint: they name generated resources"),
            );
        }
        if catalog.model(&spec.model).is_none() {
            out.push(unknown_model(
                &spec.model,
                at(&here.key("model")),
                catalog,
                None,
            ));
        }
        check_commitment(blueprint, spec, i, catalog, &at, out);
        check_ptu_size(blueprint, spec, i, catalog, &at, out);
        if let Some(usage) = &spec.usage {
            check_usage(usage, &here.key("usage"), &at, out);
        }
        for (j, cloud) in spec.clouds.iter().flatten().enumerate() {
            let configured = match cloud {
                Cloud::Aws => blueprint.clouds.aws.is_some(),
                Cloud::Azure => blueprint.clouds.azure.is_some(),
            };
            if !configured {
                out.push(
                    Diagnostic::error(
                        "blueprint::cloud-not-configured",
                        format!("`{}` is not configured in `clouds`", cloud.key()),
                    )
                    .with_label(
                        at(&here.key("clouds").index(j)),
                        "no such cloud in this blueprint",
                    )
                    .with_help(format!(
                        "add `clouds.{}` with a region and cidr, or remove it here",
                        cloud.key()
                    )),
                );
            }
        }
    }
}

/// Usage is given per month or per request, not both (the estimate could not tell which wins),
/// and per request it needs the calls per day and at least one token count.
fn check_usage(
    usage: &crate::blueprint::model::Usage,
    here: &Path,
    at: &impl Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    if !usage.per_request() {
        return;
    }
    if usage.input_tokens_per_month > 0 || usage.output_tokens_per_month > 0 {
        let field = if usage.input_tokens_per_month > 0 {
            "input_tokens_per_month"
        } else {
            "output_tokens_per_month"
        };
        out.push(
            Diagnostic::error(
                "blueprint::usage",
                format!("`{here}` gives tokens both per month and per request"),
            )
            .with_label(at(&here.key(field)), "per month here")
            .with_help("keep one form: `*_tokens_per_month`, or `requests_per_day` with `*_tokens_per_request`"),
        );
    } else if usage.requests_per_day.is_none() {
        out.push(
            Diagnostic::error(
                "blueprint::usage",
                format!("`{here}` gives tokens per request but not how many requests"),
            )
            .with_label(at(here), "no requests_per_day")
            .with_help("add `requests_per_day: N` (average calls per day)"),
        );
    } else if usage.input_tokens_per_request.is_none() && usage.output_tokens_per_request.is_none()
    {
        out.push(
            Diagnostic::error(
                "blueprint::usage",
                format!("`{here}` gives requests per day but no tokens per request"),
            )
            .with_label(at(&here.key("requests_per_day")), "tokens per call unknown")
            .with_help("add `input_tokens_per_request` and `output_tokens_per_request`"),
        );
    }
}

/// Bedrock sells provisioned throughput for base models with no commitment, one month or six
/// months (`commitment_duration = OneMonth | SixMonths`; none = omitted). A one-year term is an
/// Azure reservation; on a model placed on Bedrock it used to render silently as no commitment.
/// Source: https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-purchase.html and
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProvisionedModelThroughput.html
fn check_commitment(
    blueprint: &Blueprint,
    spec: &super::model::ModelSpec,
    i: usize,
    catalog: &Catalog,
    at: &dyn Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    use super::model::{Commitment, Throughput};
    if spec.commitment != Some(Commitment::OneYear) || spec.throughput != Throughput::Provisioned {
        return;
    }
    // On Bedrock when named there, or by default when AWS is configured and offers the model.
    let on_aws = match &spec.clouds {
        Some(clouds) => clouds.contains(&Cloud::Aws),
        None => {
            blueprint.clouds.aws.is_some()
                && catalog
                    .model(&spec.model)
                    .is_some_and(|m| m.offered_on(Cloud::Aws))
        }
    };
    if !on_aws {
        return;
    }
    let here = Path::root().key("models").index(i);
    out.push(
        Diagnostic::error(
            "blueprint::commitment",
            format!(
                "`models[{i}]` ({}) is provisioned on Bedrock, which sells no 1-year term",
                spec.name
            ),
        )
        .with_label(at(&here.key("commitment")), "not sold by Bedrock")
        .with_help(
            "Bedrock provisioned throughput for base models is sold with no commitment, 1-month or 6-months: use `none`, `1-month` or `6-months`, or `clouds: [azure]` for a 1-year Azure reservation",
        ),
    );
}

/// Azure sells provisioned throughput in model-specific sizes per deployment type: at least a
/// minimum, then whole increments (gpt-5.1 Regional: 50, 100, 150). A deployment of another size
/// fails when it is created, so it is refused here, at its line. The sizes are catalog data
/// (`catalog/capacity.yaml`, from Microsoft Learn "Determine PTU sizing for a workload"); a size
/// the catalog does not confirm is not enforced.
fn check_ptu_size(
    blueprint: &Blueprint,
    spec: &super::model::ModelSpec,
    i: usize,
    catalog: &Catalog,
    at: &dyn Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    use super::model::Throughput;
    let (Some(units), Some(azure), Some(entry)) = (
        spec.units,
        blueprint.clouds.azure.as_ref(),
        catalog.model(&spec.model),
    ) else {
        return;
    };
    let on_azure = spec.clouds.as_ref().map_or_else(
        || entry.offered_on(Cloud::Azure),
        |c| c.contains(&Cloud::Azure),
    );
    if spec.throughput != Throughput::Provisioned || !on_azure {
        return;
    }
    let Some(region) = catalog.region(Cloud::Azure, &azure.region) else {
        return;
    };
    let Some(offer) = entry
        .azure()
        .find(|o| o.common.partition == region.partition)
    else {
        return;
    };
    let sku = crate::plan::azure_sku(spec.routing, Throughput::Provisioned);
    let (Some(deployment), Some(size)) = (
        crate::catalog::PtuDeployment::of(sku),
        catalog.ptu_size(&region.partition, &offer.model),
    ) else {
        return;
    };
    let step = size.step(deployment);
    let (Some(false), Some((below, above)), Some(min), Some(inc)) = (
        step.accepts(units),
        step.neighbours(units),
        step.minimum,
        step.increment,
    ) else {
        return;
    };
    let choices = match below {
        Some(b) => format!("{b} or {above}"),
        None => above.to_string(),
    };
    out.push(
        Diagnostic::error(
            "blueprint::ptu-size",
            format!(
                "`models[{i}]` ({}) deploys {units} PTU of {} as {} ({}), which Azure sells from {min} PTU in steps of {inc}",
                spec.name,
                offer.model,
                deployment.label(),
                sku.name()
            ),
        )
        .with_label(at(&Path::root().key("models").index(i).key("units")), "not a size Azure deploys")
        .with_help(format!(
            "use {choices} PTU (sizes of {} in {}: catalog/capacity.yaml, checked {}; `routing` decides the deployment type)",
            offer.model, region.partition, size.provenance.verified
        )),
    );
}

fn unknown_model(
    key: &str,
    span: crate::yaml::Span,
    catalog: &Catalog,
    kind: Option<ModelKind>,
) -> Diagnostic {
    let keys = model_keys(catalog, kind);
    let help = match did_you_mean(key, keys.iter().map(String::as_str)) {
        Some(best) => {
            format!("did you mean `{best}`? `twinstack catalog models` lists every model")
        }
        None => format!("known models: {}", keys.join(", ")),
    };
    Diagnostic::error("catalog::unknown-model", format!("unknown model `{key}`"))
        .with_label(span, "not in the catalog")
        .with_help(help)
}

fn model_keys(catalog: &Catalog, kind: Option<ModelKind>) -> Vec<String> {
    catalog
        .models
        .iter()
        .filter(|m| kind.is_none_or(|k| m.kind == k))
        .map(|m| m.key.clone())
        .collect()
}

fn check_regions(
    blueprint: &Blueprint,
    catalog: &Catalog,
    at: &dyn Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    for cloud in Cloud::ALL {
        let placement = match cloud {
            Cloud::Aws => blueprint.clouds.aws.as_ref(),
            Cloud::Azure => blueprint.clouds.azure.as_ref(),
        };
        let Some(placement) = placement else { continue };
        let base = Path::root().key("clouds").key(cloud.key());
        let regions = [
            ("region", Some(&placement.region)),
            ("failover_region", placement.failover_region.as_ref()),
        ];
        for (field, code) in regions {
            let Some(code) = code else { continue };
            if catalog.region(cloud, code).is_some() {
                continue;
            }
            let other = if cloud == Cloud::Aws {
                Cloud::Azure
            } else {
                Cloud::Aws
            };
            let codes: Vec<&str> = catalog
                .regions(cloud)
                .iter()
                .map(|r| r.code.as_str())
                .collect();
            let help = if catalog.region(other, code).is_some() {
                format!(
                    "`{code}` is an {} region; {} regions look like {}",
                    other.display(),
                    cloud.display(),
                    codes[0]
                )
            } else {
                match did_you_mean(code, codes.iter().copied()) {
                    Some(best) => format!(
                        "did you mean `{best}`? `twinstack catalog regions` lists every region"
                    ),
                    None => format!(
                        "`twinstack catalog regions` lists the {} regions where the model service runs",
                        cloud.display()
                    ),
                }
            };
            out.push(
                Diagnostic::error(
                    "catalog::unknown-region",
                    format!("unknown {} region `{code}`", cloud.display()),
                )
                .with_label(
                    at(&base.key(field)),
                    "not a region the model service runs in",
                )
                .with_help(help),
            );
        }
        if let Err((problem, help)) = check_cidr(&placement.cidr, cloud) {
            out.push(
                Diagnostic::error(
                    "blueprint::cidr",
                    format!(
                        "`{}` is not a usable network range: {problem}",
                        placement.cidr
                    ),
                )
                .with_label(at(&base.key("cidr")), "invalid range")
                .with_help(help),
            );
        }
    }
}

const CIDR_HELP: &str = "use a private IPv4 range from /16 to /24, e.g. 10.40.0.0/16";

/// Checks an IPv4 CIDR the way the clouds do: canonical octets (no leading zeros, which the
/// providers' CIDR validation refuses), prefix 16-24, no host bits set, and a private range —
/// RFC 1918 or the 100.64.0.0/10 shared space, which both AWS VPCs and Azure VNets accept.
/// Loopback, link-local, multicast and the Azure platform address 168.63.129.16 get their own
/// message. Sources: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html and
/// https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#what-address-ranges-can-i-use-in-my-vnets
fn check_cidr(cidr: &str, cloud: Cloud) -> Result<(), (String, String)> {
    let plain = |p: &str| (p.to_owned(), CIDR_HELP.to_owned());
    let (addr, prefix) = cidr.split_once('/').ok_or(plain("no prefix length"))?;
    let parts: Vec<&str> = addr.split('.').collect();
    let octets: Vec<u32> = parts
        .iter()
        .map(|p| p.parse())
        .collect::<Result<_, _>>()
        .map_err(|_| plain("not an IPv4 address"))?;
    if octets.len() != 4 || octets.iter().any(|o| *o > 255) {
        return Err(plain("not an IPv4 address"));
    }
    let prefix_value: u32 = prefix.parse().map_err(|_| plain("bad prefix length"))?;
    let canonical = format!(
        "{}.{}.{}.{}/{prefix_value}",
        octets[0], octets[1], octets[2], octets[3]
    );
    let zero_padded = |p: &&str| p.len() > 1 && p.starts_with('0');
    if parts.iter().any(zero_padded) || zero_padded(&prefix) {
        return Err((
            "an octet or the prefix has leading zeros, which the providers refuse (and some tools read as octal)".to_owned(),
            format!("write it as `{canonical}`"),
        ));
    }
    if !(16..=24).contains(&prefix_value) {
        return Err(plain(&format!(
            "prefix /{prefix_value} is outside /16 to /24"
        )));
    }
    let value = octets.iter().fold(0u32, |acc, o| (acc << 8) | o);
    let host_mask = u32::MAX >> prefix_value;
    if value & host_mask != 0 {
        let network = value & !host_mask;
        return Err(plain(&format!(
            "host bits are set; the network is {}/{prefix_value}",
            std::net::Ipv4Addr::from(network)
        )));
    }
    let ip = std::net::Ipv4Addr::from(value);
    let contains = |a: [u8; 4]| {
        let v = u32::from(std::net::Ipv4Addr::from(a));
        v & !host_mask == value
    };
    let reason = if ip.is_loopback() {
        Some("it is loopback space (127.0.0.0/8)")
    } else if ip.is_link_local() {
        Some("it is link-local space (169.254.0.0/16), which both clouds reserve")
    } else if ip.is_multicast() {
        Some("it is multicast space (224.0.0.0/4)")
    } else if octets[0] == 0 || octets[0] >= 240 {
        Some("it is reserved IPv4 space")
    } else if cloud == Cloud::Azure && contains([168, 63, 129, 16]) {
        Some("it contains 168.63.129.16, the Azure platform address (DNS, health probes)")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Err(plain(reason));
    }
    let private = ip.is_private() || (octets[0] == 100 && (64..128).contains(&octets[1]));
    if !private {
        return Err(plain(
            "it is public address space; the endpoints' network must use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)",
        ));
    }
    Ok(())
}

/// Every name the renderers would generate must be one the cloud accepts, and unique where the
/// cloud requires it; the diagnostic points at the blueprint field to change. One diagnostic per
/// kind of name and field: `name: base--app` breaks the trail in every region alike.
fn check_generated_names(
    blueprint: &Blueprint,
    at: &dyn Fn(&Path) -> crate::yaml::Span,
    out: &mut Vec<Diagnostic>,
) {
    use crate::naming::{Field, TERRAFORM_ADDRESS};
    let path = |f: &Field| match f {
        Field::Workload => Path::root().key("name"),
        Field::Model(i) => Path::root().key("models").index(*i).key("name"),
    };
    let show = |f: &Field| match f {
        Field::Workload => "`name`".to_owned(),
        Field::Model(i) => format!("`models[{i}].name`"),
    };
    // Duplicate model names have their own diagnostic; do not repeat it for every name.
    let names: std::collections::BTreeSet<&str> =
        blueprint.models.iter().map(|m| m.name.as_str()).collect();
    if names.len() < blueprint.models.len() {
        return;
    }
    let mut reported = std::collections::BTreeSet::new();
    for p in crate::naming::problems(blueprint) {
        if !reported.insert((p.rule.what, p.culprits.clone(), p.first)) {
            continue;
        }
        let Some(primary) = p.culprits.first() else {
            continue;
        };
        let too_long = p.value.chars().count() > p.rule.max;
        let duplicate = p.first.is_some() || p.why.contains("generated twice");
        let mut d = Diagnostic::error(
            "blueprint::generated-name",
            format!(
                "the {} `{}` would be refused: {}",
                p.rule.what, p.value, p.why
            ),
        );
        let text = if duplicate {
            "generates it again"
        } else if too_long {
            "makes it too long"
        } else {
            "makes it invalid"
        };
        d = d.with_label(at(&path(primary)), text);
        for f in &p.culprits[1..] {
            d = d.with_label(at(&path(f)), "is part of it");
        }
        if let Some(first) = &p.first {
            d = d.with_label(at(&path(first)), "first generated from here");
        }
        let fields: Vec<String> = p.culprits.iter().map(show).collect();
        let stand_in = if p.value.contains(crate::naming::ACCOUNT_ID) {
            format!(
                " ({} stands for the AWS account id)",
                crate::naming::ACCOUNT_ID
            )
        } else if p.value.contains(crate::naming::UNIQUE) {
            format!(
                " ({} stands for the 13 characters of uniqueString())",
                crate::naming::UNIQUE
            )
        } else {
            String::new()
        };
        let help = if std::ptr::eq(p.rule, &TERRAFORM_ADDRESS) {
            "rename one of the models: Terraform addresses turn `-` into `_` and add `_failover` in the failover region, so these two collide".to_owned()
        } else if duplicate {
            format!(
                "rename {}: names are unique per {}",
                fields.join(" or "),
                p.rule.scope
            )
        } else if too_long {
            format!(
                "shorten {} by {} characters in total{stand_in}; limits: {}",
                fields.join(" and "),
                p.value.chars().count() - p.rule.max,
                p.rule.source
            )
        } else {
            format!(
                "change {}: generated names must follow the cloud's rules (no leading, trailing or doubled hyphens, no reserved prefix){stand_in}; limits: {}",
                fields.join(" and "),
                p.rule.source
            )
        };
        out.push(d.with_help(help));
    }
}

/// Tags must be accepted by both clouds: AWS (128/256 characters, `aws:` reserved) and Azure
/// (no `<>%&\?/` in names, `microsoft`/`azure`/`windows` prefixes reserved).
fn check_tags(blueprint: &Blueprint, tree: &Node, out: &mut Vec<Diagnostic>) {
    let Some(tags) = tree.get("tags") else { return };
    let Some(entries) = tags.value.entries() else {
        return;
    };
    for entry in entries {
        let key = entry.key.as_str();
        let value = blueprint.tags.get(key).map_or("", String::as_str);
        let lower = key.to_lowercase();
        let problem = if key.is_empty() || key.chars().count() > 128 {
            Some("a tag name has 1 to 128 characters".to_owned())
        } else if let Some(c) = key.chars().find(|c| *c == '/' || !aws_tag_char(*c)) {
            let cloud = if c == '/' { "Azure" } else { "AWS" };
            Some(format!(
                "{cloud} does not accept `{}` in a tag name",
                c.escape_default()
            ))
        } else if ["aws:", "microsoft", "azure", "windows"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            Some("the prefix is reserved by the cloud provider".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(
                Diagnostic::error("blueprint::tag", format!("tag `{}` cannot be applied: {problem}", key.escape_default()))
                    .with_label(entry.key_span, "invalid tag name")
                    .with_help("tags go onto every AWS and Azure resource; use letters, digits, spaces and _ . : = + - @"),
            );
        } else if let Some(problem) = tag_value_problem(value) {
            out.push(
                Diagnostic::error("blueprint::tag", format!("the value of tag `{key}` cannot be applied: {problem}"))
                    .with_label(entry.value.span, "invalid tag value")
                    .with_help("AWS accepts letters, digits, spaces and _ . : / = + - @ in tag values, at most 256 characters"),
            );
        }
    }
}

/// Characters AWS accepts in tag keys and values (`[\p{L}\p{Z}\p{N}_.:/=+\-@]`).
fn aws_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}

fn tag_value_problem(value: &str) -> Option<String> {
    if value.chars().count() > 256 {
        return Some("longer than 256 characters".to_owned());
    }
    value.chars().find(|c| !aws_tag_char(*c)).map(|c| {
        format!(
            "AWS does not accept `{}` in a tag value",
            c.escape_default()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{Cloud, check_cidr};

    fn aws(cidr: &str) -> Result<(), String> {
        check_cidr(cidr, Cloud::Aws).map_err(|(p, h)| format!("{p} / {h}"))
    }

    #[test]
    fn cidr() {
        assert!(aws("10.40.0.0/16").is_ok());
        assert!(aws("10.40.0.0/24").is_ok());
        assert!(aws("172.20.0.0/16").is_ok());
        assert!(aws("192.168.4.0/24").is_ok());
        assert!(aws("100.64.0.0/16").is_ok());
        assert!(aws("10.40.0.1/16").unwrap_err().contains("10.40.0.0/16"));
        assert!(aws("10.40.0.0/8").is_err());
        assert!(aws("300.1.0.0/16").is_err());
    }

    #[test]
    fn cidr_ranges_the_clouds_refuse() {
        assert!(aws("127.0.0.0/16").unwrap_err().contains("loopback"));
        assert!(aws("224.0.0.0/16").unwrap_err().contains("multicast"));
        assert!(aws("169.254.0.0/16").unwrap_err().contains("link-local"));
        assert!(aws("8.8.0.0/16").unwrap_err().contains("public"));
        let azure = check_cidr("168.63.0.0/16", Cloud::Azure).unwrap_err();
        assert!(azure.0.contains("168.63.129.16"));
        let padded = aws("010.070.000.000/16").unwrap_err();
        assert!(
            padded.contains("leading zeros") && padded.contains("`10.70.0.0/16`"),
            "{padded}"
        );
    }
}
