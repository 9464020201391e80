//! `twinstack catalog import` on recorded provider outputs (`tests/fixtures/import/`): the overlay
//! it writes loads, changes only the regions the files cover, keeps what the APIs do not say, and
//! fails closed on what nobody confirmed.

use assert_cmd::Command;
use predicates::prelude::*;
use twinstack::catalog::{Catalog, Destinations, LifecycleStatus, Offer, Support};

const FILES: [&str; 4] = [
    "tests/fixtures/import/bedrock-foundation-models-us-east-1.json",
    "tests/fixtures/import/bedrock-foundation-models-us-east-2.json",
    "tests/fixtures/import/bedrock-inference-profiles-us-east-1.json",
    "tests/fixtures/import/az-models-eastus2.json",
];

fn imported() -> (String, Catalog) {
    let out = Command::cargo_bin("twinstack")
        .unwrap()
        .args([
            "catalog",
            "import",
            "--location",
            "eastus2",
            "--today",
            "2026-11-22",
        ])
        .args(FILES)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let files = twinstack::catalog::BUILTIN_FILES
        .iter()
        .copied()
        .chain([("imported.yaml", text.as_str())]);
    let catalog = twinstack::catalog::load_sources(files).unwrap();
    (text, catalog)
}

fn bedrock<'c>(catalog: &'c Catalog, key: &str, id: &str) -> &'c twinstack::catalog::BedrockOffer {
    catalog
        .model(key)
        .unwrap_or_else(|| panic!("no {key}"))
        .bedrock()
        .find(|o| o.id == id && o.common.partition == "aws")
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn profiles_are_imported_as_source_to_destination_routes() {
    let (_, catalog) = imported();
    let claude = bedrock(&catalog, "claude-sonnet-5-5", "anthropic.claude-sonnet-5-5");
    let us = claude.profile("us").unwrap();
    assert_eq!(
        us.destinations_from("us-east-1"),
        Some(&Destinations::Regions(vec![
            "us-east-1".into(),
            "us-east-2".into(),
            "us-west-2".into()
        ]))
    );
    // A source the files do not cover keeps its built-in route.
    assert!(us.destinations_from("us-west-1").is_some());
    // What the API does not say is kept from the built-in catalog.
    assert_eq!(claude.features.guardrails, Support::Known(true));
    assert!(
        claude
            .common
            .provenance
            .source
            .starts_with("imported from ")
    );
    assert_eq!(claude.common.provenance.verified, "2026-11-22");
    // The other offers of the entry survive: an overlay replaces an entry whole.
    assert!(catalog.model("claude-sonnet-5-5").unwrap().offers.len() >= 2);
}

#[test]
fn lifecycle_and_regions_come_from_the_listing() {
    let (_, catalog) = imported();
    let llama = bedrock(&catalog, "llama-3-3-70b", "meta.llama3-3-70b-instruct-v1:0");
    assert_eq!(llama.common.lifecycle.status, LifecycleStatus::Legacy);
    assert_eq!(llama.in_region, ["us-east-2"]);

    let gpt = catalog
        .model("gpt-5-1")
        .unwrap()
        .azure()
        .find(|a| a.common.partition == "azure")
        .unwrap();
    let standard = &gpt.deployments[&twinstack::catalog::AzureSku::Standard];
    assert!(
        !standard.contains(&"eastus2".to_owned()),
        "eastus2 lists no Standard now"
    );
    assert!(
        standard.contains(&"swedencentral".to_owned()),
        "uncovered regions are kept"
    );
    assert_eq!(
        gpt.common.lifecycle.end_of_life.as_deref(),
        Some("2027-05-15")
    );
    // The Azure Government offer is untouched.
    assert!(
        catalog
            .model("gpt-5-1")
            .unwrap()
            .azure()
            .any(|a| a.common.partition == "azure-us-gov")
    );
}

#[test]
fn a_new_model_fails_closed_on_what_nobody_confirmed() {
    let (text, catalog) = imported();
    let nova = catalog
        .model("nova-pro")
        .expect("a new entry for an unknown id");
    let Offer::Aws(offer) = &nova.offers[0] else {
        panic!("not a Bedrock offer");
    };
    assert_eq!(offer.in_region, ["us-east-1"]);
    assert!(!offer.features.guardrails.confirmed());
    assert_eq!(offer.common.hipaa, twinstack::catalog::Hipaa::Unconfirmed);
    assert!(offer.common.price.is_none());
    assert!(
        !text.contains("Phi-4"),
        "non-OpenAI formats are not rendered, so not imported"
    );
    assert!(
        !text.contains("abc123"),
        "application profiles are not system profiles"
    );
}

#[test]
fn bad_inputs_are_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"items": []}"#).unwrap();
    Command::cargo_bin("twinstack")
        .unwrap()
        .args(["catalog", "import"])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not the output of"));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"modelSummaries\": [,]\n}").unwrap();
    Command::cargo_bin("twinstack")
        .unwrap()
        .args(["catalog", "import"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:2:"));
    Command::cargo_bin("twinstack")
        .unwrap()
        .args([
            "catalog",
            "import",
            "tests/fixtures/import/az-models-eastus2.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --location"));
}

#[test]
fn the_overlay_can_be_written_to_a_file_and_changes_what_lint_concludes() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("overlay");
    std::fs::create_dir(&overlay).unwrap();
    Command::cargo_bin("twinstack")
        .unwrap()
        .args(["catalog", "import", "--location", "eastus2", "-o"])
        .arg(overlay.join("imported.yaml"))
        .args(FILES)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Wrote 6 model(s)"));
    Command::cargo_bin("twinstack")
        .unwrap()
        .args([
            "lint",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "--catalog",
        ])
        .arg(&overlay)
        .arg("blueprints/clinical-notes.yaml")
        .assert()
        // The recorded eastus2 listing sells no regional provisioned GPT-5.1: the clinical
        // example's drafter is refused once the team imports it.
        .code(1)
        .stdout(predicate::str::contains(
            "no ProvisionedManaged deployment of gpt-5.1 2025-11-13 in eastus2",
        ));
}

#[test]
fn a_region_the_catalog_does_not_know_must_be_declared_first() {
    let dir = tempfile::tempdir().unwrap();
    let listing = std::fs::read_to_string(FILES[0])
        .unwrap()
        .replace("us-east-1", "ap-east-9");
    let file = dir.path().join("fm.json");
    std::fs::write(&file, listing).unwrap();
    Command::cargo_bin("twinstack")
        .unwrap()
        .args(["catalog", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "regions the catalog does not know: aws ap-east-9",
        ));
    let overlay = dir.path().join("overlay");
    std::fs::create_dir(&overlay).unwrap();
    std::fs::write(
        overlay.join("regions.yaml"),
        "regions:\n  aws:\n    - {code: ap-east-9, name: Test, partition: aws, jurisdiction: hk, \
         geography: apac, fedramp: none, confidence: unverified, verified: 2026-11-22, \
         source: \"team overlay, ticket 9\"}\n",
    )
    .unwrap();
    Command::cargo_bin("twinstack")
        .unwrap()
        .args(["catalog", "import", "--catalog"])
        .arg(&overlay)
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ap-east-9"));
}
