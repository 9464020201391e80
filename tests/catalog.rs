//! The embedded catalog: every key the contract names exists, every entry says when it was
//! verified and where from, offers name only known regions, and region facts match the rulebook.

use twinstack::blueprint::model::Cloud;
use twinstack::catalog::{Catalog, FedRamp, Provenance};

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
        assert!(
            !model.aws.is_empty() || !model.azure.is_empty(),
            "{key} is offered nowhere"
        );
    }
}

#[test]
fn every_entry_is_dated_and_sourced() {
    let catalog = Catalog::embedded();
    for m in &catalog.models {
        m.aws
            .iter()
            .for_each(|o| check_provenance(&format!("{} on aws", m.key), &o.provenance));
        m.azure
            .iter()
            .for_each(|o| check_provenance(&format!("{} on azure", m.key), &o.provenance));
    }
    for cloud in Cloud::ALL {
        for r in catalog.regions(cloud) {
            check_provenance(&r.code, &r.provenance);
        }
    }
}

#[test]
fn offers_name_only_known_regions_once() {
    let catalog = Catalog::embedded();
    for m in &catalog.models {
        let aws = m
            .aws
            .iter()
            .flat_map(|o| o.regions.iter().chain(o.in_region.iter().flatten()));
        for r in aws {
            assert!(
                catalog.region(Cloud::Aws, r).is_some(),
                "{}: unknown AWS region {r}",
                m.key
            );
        }
        for r in m.azure.iter().flat_map(|o| &o.regions) {
            assert!(
                catalog.region(Cloud::Azure, r).is_some(),
                "{}: unknown Azure region {r}",
                m.key
            );
        }
        // One offer per region, or resolution would be ambiguous.
        let mut seen = std::collections::HashSet::new();
        for r in m.aws.iter().flat_map(|o| &o.regions) {
            assert!(seen.insert(("aws", r)), "{}: {r} in two AWS offers", m.key);
        }
        for r in m.azure.iter().flat_map(|o| &o.regions) {
            assert!(
                seen.insert(("azure", r)),
                "{}: {r} in two Azure offers",
                m.key
            );
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
    let json = twinstack::commands::catalog::show(
        Catalog::embedded(),
        None,
        twinstack::commands::catalog::Format::Json,
    );
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
