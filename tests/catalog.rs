//! The embedded catalog: every key the contract names exists, every entry says when it was
//! verified and where from, offers name only known regions, and region facts match the rulebook.

use twinstack::catalog::{Catalog, Cloud, Destinations, FedRamp, LifecycleStatus, Provenance};
use twinstack::date::Day;

const CONTRACT_MODELS: [&str; 12] = [
    "claude-3-5-sonnet",
    "claude-3-7-sonnet",
    "claude-3-5-haiku",
    "llama-3-1-405b",
    "llama-3-3-70b",
    "mistral-large-2",
    "titan-embed-text-v2",
    "gpt-4o",
    "gpt-4o-mini",
    "o1",
    "o3-mini",
    "text-embedding-3-large",
];

fn check_provenance(what: &str, p: &Provenance) {
    let date = p.verified.as_bytes();
    let is_date = date.len() == 10
        && date.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    assert!(
        is_date,
        "{what}: verified `{}` is not YYYY-MM-DD",
        p.verified
    );
    assert!(p.source.trim().len() > 10, "{what}: no source");
}

#[test]
fn every_contract_model_exists() {
    let catalog = Catalog::embedded();
    for key in CONTRACT_MODELS {
        let model = catalog
            .model(key)
            .unwrap_or_else(|| panic!("missing model {key}"));
        assert!(!model.offers.is_empty(), "{key} has no offer at all");
    }
}

#[test]
fn every_offer_has_lifecycle_source_and_date() {
    let catalog = Catalog::embedded();
    for m in &catalog.models {
        for o in &m.offers {
            let what = format!("{} {} ({})", m.key, o.label(), o.common().partition);
            check_provenance(&what, &o.common().provenance);
            let l = &o.common().lifecycle;
            for date in [&l.since, &l.legacy, &l.deprecated, &l.end_of_life]
                .into_iter()
                .flatten()
            {
                assert!(Day::parse(date).is_some(), "{what}: `{date}` is not a date");
            }
            if l.status == LifecycleStatus::Retired {
                assert!(
                    l.end_of_life.is_some() || o.common().note.is_some(),
                    "{what}: retired without a date or a note saying why none is known"
                );
            }
        }
    }
    for cloud in Cloud::ALL {
        for r in catalog.regions(cloud) {
            check_provenance(&r.code, &r.provenance);
        }
    }
}

#[test]
fn offers_match_their_partition() {
    let catalog = Catalog::embedded();
    for m in &catalog.models {
        for o in &m.offers {
            for code in o.regions() {
                let region = catalog.region(o.cloud(), code).unwrap();
                assert_eq!(
                    region.partition,
                    o.common().partition,
                    "{} {}: region {code} is in another partition",
                    m.key,
                    o.label()
                );
            }
        }
    }
}

#[test]
fn profile_routes_have_sources_and_destinations() {
    let catalog = Catalog::embedded();
    for m in &catalog.models {
        for o in m.bedrock() {
            for p in &o.profiles {
                assert!(!p.routes.is_empty(), "{} {}.: no routes", m.key, p.prefix);
                for r in &p.routes {
                    assert!(
                        !r.from.is_empty(),
                        "{} {}.: a route without sources",
                        m.key,
                        p.prefix
                    );
                    if let Destinations::Regions(to) = &r.to {
                        assert!(!to.is_empty(), "{} {}.: no destinations", m.key, p.prefix);
                    }
                }
                // A source appears in one route of a profile only.
                let mut seen = std::collections::HashSet::new();
                for f in p.routes.iter().flat_map(|r| &r.from) {
                    assert!(
                        seen.insert(f),
                        "{} {}.: {f} is the source of two routes",
                        m.key,
                        p.prefix
                    );
                }
            }
        }
    }
}

#[test]
fn region_sets_match_the_rulebook() {
    let c = Catalog::embedded();
    let jurisdiction = |cloud, code: &str| {
        c.region(cloud, code)
            .unwrap_or_else(|| panic!("missing {code}"))
            .jurisdiction
            .clone()
    };
    for code in ["us-gov-west-1", "us-gov-east-1"] {
        assert_eq!(c.region(Cloud::Aws, code).unwrap().fedramp, FedRamp::High);
        assert_eq!(c.region(Cloud::Aws, code).unwrap().partition, "aws-us-gov");
    }
    for code in ["usgovvirginia", "usgovarizona"] {
        assert_eq!(c.region(Cloud::Azure, code).unwrap().fedramp, FedRamp::High);
    }
    for code in [
        "eu-central-1",
        "eu-west-1",
        "eu-west-3",
        "eu-south-1",
        "eu-south-2",
        "eu-north-1",
        "eusc-de-east-1",
    ] {
        assert_eq!(jurisdiction(Cloud::Aws, code), "eu", "{code}");
    }
    assert_eq!(jurisdiction(Cloud::Aws, "eu-west-2"), "uk");
    assert_eq!(jurisdiction(Cloud::Aws, "eu-central-2"), "ch");
    for code in [
        "westeurope",
        "francecentral",
        "germanywestcentral",
        "swedencentral",
        "italynorth",
        "polandcentral",
        "spaincentral",
    ] {
        assert_eq!(jurisdiction(Cloud::Azure, code), "eu", "{code}");
    }
    assert_eq!(jurisdiction(Cloud::Azure, "norwayeast"), "eea");
    assert_eq!(jurisdiction(Cloud::Azure, "uksouth"), "uk");
    assert_eq!(jurisdiction(Cloud::Azure, "switzerlandnorth"), "ch");
    for cloud in Cloud::ALL {
        for r in c.regions(cloud) {
            assert_eq!(
                r.fedramp == FedRamp::High,
                r.is_government(),
                "{}: FedRAMP High iff government region",
                r.code
            );
        }
    }
}

#[test]
fn catalog_json_is_complete() {
    let view = twinstack::commands::catalog::View {
        catalog: Catalog::embedded(),
        today: Day::parse("2026-11-22").unwrap(),
        stale_after: 180,
    };
    let json = view.show(None, twinstack::commands::catalog::Format::Json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["models"].as_array().unwrap().len(),
        Catalog::embedded().models.len()
    );
    assert!(value["regions"]["aws"].as_array().unwrap().len() >= 20);
}

#[test]
fn services_are_dated_sourced_and_paired() {
    let catalog = Catalog::embedded();
    assert!(catalog.services.len() >= 20);
    for s in &catalog.services {
        check_provenance(&s.id, &s.provenance);
        if let Some(eq) = &s.equivalent {
            let other = catalog
                .service(eq)
                .unwrap_or_else(|| panic!("{}: equivalent {eq} is not in the catalog", s.id));
            assert_ne!(
                other.cloud, s.cloud,
                "{}: its equivalent is on the same cloud",
                s.id
            );
            assert_eq!(
                other.equivalent.as_deref(),
                Some(s.id.as_str()),
                "{}: equivalence is not mutual",
                s.id
            );
        } else {
            assert_eq!(
                s.class,
                twinstack::catalog::Portability::P3,
                "{}: only a blocker has no equivalent",
                s.id
            );
        }
    }
}

#[test]
fn checked_in_catalog_schema_is_current() {
    let path = "catalog/catalog.schema.json";
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk != twinstack::catalog::catalog_schema_text() {
        if std::env::var_os("TWINSTACK_UPDATE_SCHEMA").is_some() {
            std::fs::write(path, twinstack::catalog::catalog_schema_text()).unwrap();
        } else {
            panic!(
                "{path} is stale: run `cargo run -- schema catalog > {path}` \
                 (or TWINSTACK_UPDATE_SCHEMA=1 cargo test --test catalog)"
            );
        }
    }
}

#[test]
fn every_builtin_catalog_file_is_embedded() {
    let embedded: Vec<&str> = twinstack::catalog::BUILTIN_FILES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for dir in ["catalog", "catalog/models"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let name = path.to_string_lossy().replace('\\', "/");
                assert!(
                    embedded.contains(&name.as_str()),
                    "{name} is not in BUILTIN_FILES"
                );
            }
        }
    }
}

#[test]
fn an_overlay_replaces_a_model_and_is_located_when_wrong() {
    let overlay = r#"models:
  - key: gpt-5-1
    name: GPT-5.1
    vendor: OpenAI
    kind: chat
    open_weights: false
    offers:
      - cloud: azure
        partition: azure
        model: gpt-5.1
        version: "2025-11-13"
        apis: [responses]
        lifecycle: {status: retired, end_of_life: 2026-11-01}
        hipaa: eligible
        deployments: {Standard: [eastus2]}
        confidence: verified
        verified: 2026-11-20
        source: "team overlay: our Azure account team, ticket AZ-1"
"#;
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("team/overlay.yaml", overlay)]);
    let catalog = twinstack::catalog::load_sources(files).unwrap();
    let model = catalog.model("gpt-5-1").unwrap();
    assert_eq!(
        model.offers.len(),
        1,
        "the overlay replaces the entry whole"
    );
    assert_eq!(
        model.offers[0].common().provenance.origin,
        "team/overlay.yaml"
    );

    let broken = overlay
        .replace("cloud: azure", "cloud: azur")
        .replace("[eastus2]", "[eastus9]");
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("team/broken.yaml", broken.as_str())]);
    let errors = twinstack::catalog::load_sources(files).unwrap_err();
    let text: Vec<String> = errors
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.message.clone()))
        .collect();
    assert_eq!(errors[0].file.name(), "team/broken.yaml");
    assert!(
        text.iter()
            .any(|m| m.contains("must be one of aws, azure, found `azur`")),
        "{text:?}"
    );

    let unknown_region = overlay.replace("[eastus2]", "[eastus9]");
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("team/region.yaml", unknown_region.as_str())]);
    let errors = twinstack::catalog::load_sources(files).unwrap_err();
    let d = &errors[0].diagnostics[0];
    assert!(d.message.contains("`eastus9`"), "{}", d.message);
    let span = d.span().unwrap();
    assert_eq!(&unknown_region[span.start..span.end], "eastus9");
}

#[test]
fn an_overlay_cannot_smuggle_terminal_or_bidi_controls() {
    let overlay = "services:\n  - id: aws-bedrock\n    cloud: aws\n    name: \"Bedrock \u{1b}[31mred\"\n    capability: models\n    class: P2\n    equivalent: azure-openai\n    note: \"safe \u{202e}txet\"\n    confidence: verified\n    verified: 2026-11-22\n    source: \"team overlay, ticket 1\"\n";
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("team/hostile.yaml", overlay)]);
    let errors = twinstack::catalog::load_sources(files).unwrap_err();
    assert_eq!(errors[0].file.name(), "team/hostile.yaml");
    assert_eq!(
        errors[0].diagnostics.len(),
        2,
        "{:#?}",
        errors[0].diagnostics
    );
}

#[test]
fn an_overlay_date_that_is_not_a_day_is_refused_where_it_is() {
    let overlay = "models:\n  - key: gpt-5-1\n    name: GPT-5.1\n    vendor: OpenAI\n    kind: chat\n    open_weights: false\n    offers:\n      - cloud: azure\n        partition: azure\n        model: gpt-5.1\n        version: \"2025-11-13\"\n        apis: [responses]\n        lifecycle: {status: active, end_of_life: 2026-13-01}\n        hipaa: eligible\n        deployments: {Standard: [eastus2]}\n        confidence: verified\n        verified: 2026-11-20\n        source: \"team overlay: ticket AZ-2\"\n";
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("team/date.yaml", overlay)]);
    let errors = twinstack::catalog::load_sources(files).unwrap_err();
    let d = &errors[0].diagnostics[0];
    assert!(
        d.message.contains("`2026-13-01`, not a date"),
        "{}",
        d.message
    );
    let span = d.span().unwrap();
    assert_eq!(&overlay[span.start..span.end], "2026-13-01");
}
