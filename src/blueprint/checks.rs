//! Load-time checks the schema cannot express: names unique across the file, catalog keys and
//! region codes that exist, well-formed network ranges, tags both clouds accept, and every
//! resource name and Terraform address the renderers would generate (`crate::naming`).
//!
//! These are input errors (exit code 2), not policy findings: a blueprint that fails them cannot
//! be resolved or rendered at all.

use super::model::{Blueprint, Cloud};
use crate::catalog::{Catalog, ModelKind};
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use crate::yaml::{Node, Path};

/// Runs every check; returns diagnostics in source order.
pub(super) fn check(blueprint: &Blueprint, tree: &Node, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &Path| tree.locate(path).primary();
    check_models(blueprint, tree, catalog, &mut out);
    check_regions(blueprint, catalog, &at, &mut out);
    check_tags(blueprint, tree, &mut out);
    check_generated_names(blueprint, &at, &mut out);
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
    for (i, spec) in blueprint.models.iter().enumerate() {
        let here = Path::root().key("models").index(i);
        if let Some(first) = blueprint.models[..i]
            .iter()
            .position(|m| m.name == spec.name)
        {
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
        if let Err(problem) = check_cidr(&placement.cidr) {
            out.push(
                Diagnostic::error(
                    "blueprint::cidr",
                    format!(
                        "`{}` is not a usable network range: {problem}",
                        placement.cidr
                    ),
                )
                .with_label(at(&base.key("cidr")), "invalid range")
                .with_help("use a private IPv4 range from /16 to /24, e.g. 10.40.0.0/16"),
            );
        }
    }
}

/// Checks an IPv4 CIDR: octets, prefix 16-24, no host bits set.
fn check_cidr(cidr: &str) -> Result<(), String> {
    let (addr, prefix) = cidr.split_once('/').ok_or("no prefix length")?;
    let octets: Vec<u32> = addr
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| "not an IPv4 address")?;
    if octets.len() != 4 || octets.iter().any(|o| *o > 255) {
        return Err("not an IPv4 address".into());
    }
    let prefix: u32 = prefix.parse().map_err(|_| "bad prefix length")?;
    if !(16..=24).contains(&prefix) {
        return Err(format!("prefix /{prefix} is outside /16 to /24"));
    }
    let value = octets.iter().fold(0u32, |acc, o| (acc << 8) | o);
    let host_mask = u32::MAX >> prefix;
    if value & host_mask != 0 {
        let network = value & !host_mask;
        return Err(format!(
            "host bits are set; the network is {}.{}.{}.{}/{prefix}",
            network >> 24,
            (network >> 16) & 255,
            (network >> 8) & 255,
            network & 255
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
    use super::check_cidr;

    #[test]
    fn cidr() {
        assert!(check_cidr("10.40.0.0/16").is_ok());
        assert!(check_cidr("10.40.0.0/24").is_ok());
        assert!(
            check_cidr("10.40.0.1/16")
                .unwrap_err()
                .contains("10.40.0.0/16")
        );
        assert!(check_cidr("10.40.0.0/8").is_err());
        assert!(check_cidr("300.1.0.0/16").is_err());
    }
}
