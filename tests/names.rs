//! Generated names: for random blueprints the schema accepts, either the loader refuses the
//! blueprint for a generated name (`blueprint::generated-name`), or every name twinstack writes
//! into Terraform and Bicep is within its cloud's limits (`twinstack::naming`) and every
//! Terraform address is unique. The names are read back from the rendered files, so a renderer
//! that builds a name outside `naming` is caught too.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use twinstack::blueprint::load_source;
use twinstack::catalog::Catalog;
use twinstack::commands::render::render_one;
use twinstack::naming::{ACCOUNT_ID, UNIQUE, rule_for};
use twinstack::plan::resolve;
use twinstack::render::Input;
use twinstack::source::SourceFile;

/// Problems in the Terraform files: names out of limits, duplicate addresses.
fn terraform_problems(files: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut addresses = BTreeSet::new();
    for (file, text) in files.iter().filter(|(n, _)| n.ends_with(".tf")) {
        let body: hcl::Body = hcl::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            let address = format!("{} {}", block.identifier.as_str(), labels.join("."));
            // Providers repeat by design (aliases); everything else is addressed by its labels.
            let addressed = !matches!(block.identifier.as_str(), "provider" | "terraform");
            if addressed && !addresses.insert(address.clone()) {
                problems.push(format!("{file}: `{address}` is defined twice"));
            }
            if block.identifier.as_str() != "resource" {
                continue;
            }
            for attr in block.body.attributes() {
                let Some(rule) = rule_for(labels[0], attr.key.as_str()) else {
                    continue;
                };
                let value = match &attr.expr {
                    hcl::Expression::String(s) => s.clone(),
                    hcl::Expression::TemplateExpr(t) => t
                        .to_string()
                        .replace("${data.aws_caller_identity.current.account_id}", ACCOUNT_ID),
                    _ => continue,
                };
                if let Some(why) = rule.problem(&value) {
                    problems.push(format!("{file}: {} `{value}`: {why}", rule.what));
                }
            }
        }
    }
    problems
}

/// Problems in the Bicep files: the first `name:` of each resource and module, with the region
/// module's parameters filled in, and the deployment names of each region.
fn bicep_problems(workload: &str, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, text) in files.iter().filter(|(n, _)| n.ends_with(".bicep")) {
        let role = if file.ends_with("failover.bicep") {
            "failover"
        } else {
            "primary"
        };
        let mut current: Option<&str> = None;
        let mut deployments = BTreeSet::new();
        let mut in_deployments = false;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("resource ") {
                current = rest.split('\'').nth(1).and_then(|t| t.split('@').next());
            } else if line.starts_with("module ") {
                current = Some("Microsoft.Resources/deployments");
                deployments.clear();
            }
            if line.trim() == "deployments: [" {
                in_deployments = true;
            } else if in_deployments && line.trim() == "]" {
                in_deployments = false;
            }
            let Some(value) = line
                .strip_prefix("  name: '")
                .or_else(|| line.strip_prefix("        name: '"))
                .and_then(|v| v.strip_suffix('\''))
            else {
                continue;
            };
            let value = value
                .replace("${name}", workload)
                .replace("${role}", role)
                .replace("${suffix}", UNIQUE);
            let ty = if line.starts_with("        ") {
                if !in_deployments {
                    continue;
                }
                if !deployments.insert(value.clone()) {
                    problems.push(format!("{file}: deployment `{value}` twice"));
                }
                "Microsoft.CognitiveServices/accounts/deployments"
            } else {
                match current.take() {
                    Some(t) => t,
                    None => continue,
                }
            };
            if let Some(rule) = rule_for(ty, "name")
                && let Some(why) = rule.problem(&value)
            {
                problems.push(format!("{file}: {} `{value}`: {why}", rule.what));
            }
        }
    }
    problems
}

fn blueprint() -> impl Strategy<Value = String> {
    // The schema's whole charset and lengths, and (more often) hyphen-separated words, so that
    // most cases load and get rendered.
    let name = prop_oneof![
        1 => "[a-z][a-z0-9-]{1,30}[a-z0-9]",
        3 => "[a-z][a-z0-9]{2,14}(-[a-z0-9]{1,7}){0,2}",
    ];
    let model_name = prop_oneof![
        1 => "[a-z][a-z0-9-]{0,39}",
        3 => "[a-z][a-z0-9]{1,15}(-[a-z0-9]{1,10}){0,2}",
    ];
    let model = (model_name, any::<bool>(), any::<bool>());
    (
        name,
        prop::collection::vec(model, 1..4),
        0..3u8,
        any::<bool>(),
        0..3u8,
    )
        .prop_map(|(name, models, clouds, failover, kb)| {
            let aws = clouds != 1;
            let azure = clouds != 0;
            let mut y = format!(
                "version: 1\nname: {name}\nowner: team@example.com\nresidency: any\nclouds:\n"
            );
            if aws {
                y.push_str("  aws: { region: us-east-1, cidr: 10.40.0.0/16");
                y.push_str(if failover {
                    ", failover_region: us-west-2 }\n"
                } else {
                    " }\n"
                });
            }
            if azure {
                y.push_str("  azure: { region: swedencentral, cidr: 10.41.0.0/16");
                y.push_str(if failover {
                    ", failover_region: germanywestcentral }\n"
                } else {
                    " }\n"
                });
            }
            y.push_str("models:\n");
            for (model, on_aws, provisioned) in models {
                let on_aws = (on_aws && aws) || !azure;
                let (key, cloud) = if on_aws {
                    ("claude-sonnet-5-5", "aws")
                } else {
                    ("gpt-5-1", "azure")
                };
                y.push_str(&format!(
                    "  - name: {model}\n    model: {key}\n    clouds: [{cloud}]\n    routing: geo\n"
                ));
                if provisioned {
                    // Azure's Data Zone minimum for gpt-5.1 is 15 PTU (catalog/capacity.yaml).
                    let units = if on_aws { 1 } else { 15 };
                    y.push_str(&format!(
                        "    throughput: provisioned\n    units: {units}\n    commitment: 1-month\n"
                    ));
                }
            }
            if kb > 0 {
                let store = if kb == 1 { "managed" } else { "pgvector" };
                let embedding = if aws {
                    "titan-embed-text-v2"
                } else {
                    "text-embedding-3-large"
                };
                y.push_str(&format!(
                    "knowledge_base: {{ store: {store}, embedding_model: {embedding} }}\n"
                ));
            }
            y
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_names_are_valid_or_the_blueprint_is_refused(yaml in blueprint()) {
        let catalog = Catalog::embedded();
        match load_source(SourceFile::from_text("p.yaml", yaml.clone()), catalog) {
            Err(failure) => {
                for d in &failure.diagnostics {
                    // Duplicate model names are refused by their own check.
                    prop_assert!(
                        d.code == "blueprint::generated-name" || d.code == "blueprint::duplicate-model",
                        "refused for another reason: {} {}\n{yaml}", d.code, d.message
                    );
                }
            }
            Ok(loaded) => {
                let plan = resolve(&loaded.blueprint, catalog);
                let files = render_one(&Input::new(&loaded, &plan, catalog, Vec::new())).unwrap();
                let mut problems = terraform_problems(&files);
                problems.extend(bicep_problems(&loaded.blueprint.name, &files));
                prop_assert!(problems.is_empty(), "{problems:#?}\n{yaml}");
            }
        }
    }
}

/// The checker itself finds what it must: a collision and an over-long name.
#[test]
fn the_checkers_see_bad_names() {
    let mut files = BTreeMap::new();
    files.insert(
        "aws/models.tf".to_owned(),
        "resource \"aws_bedrock_inference_profile\" \"a_failover\" {\n  name = \"x--y\"\n}\nresource \"aws_bedrock_inference_profile\" \"a_failover\" {\n  name = \"ok\"\n}\n".to_owned(),
    );
    assert_eq!(terraform_problems(&files).len(), 2);
    let mut bicep = BTreeMap::new();
    bicep.insert(
        "azure/modules/primary.bicep".to_owned(),
        "resource search 'Microsoft.Search/searchServices@2023-11-01' = {\n  name: '${name}-${suffix}'\n}\n".to_owned(),
    );
    assert_eq!(bicep_problems("a--b", &bicep).len(), 1);
}
