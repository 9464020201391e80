//! `twinstack cost`: every format and `--compare` snapshot-tested on the clinical example, exit
//! codes, the pricing decision of every resource type the renderers write, and prices as catalog
//! data (overlay, duplicates, unknown regions, unconfirmed prices never counted as zero).

use std::path::Path;

use assert_cmd::Command;
use twinstack::blueprint::load_file;
use twinstack::catalog::{BUILTIN_FILES, Catalog, Cloud, load_sources};
use twinstack::cost::decisions::decision;
use twinstack::cost::{Status, estimate, resources};
use twinstack::date::Day;
use twinstack::plan::resolve;
use twinstack::render::Input;

const TODAY: &str = "2026-11-22";

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR").env("COLUMNS", "400");
    cmd
}

fn cost(args: &[&str]) -> String {
    let out = twinstack()
        .arg("cost")
        .args(args)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn table() {
    insta::assert_snapshot!(cost(&["blueprints/clinical-notes.yaml"]));
}

#[test]
fn json() {
    let text = cost(&["blueprints/clinical-notes.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The contract: every line has these keys.
    for cloud in doc["blueprints"][0]["clouds"].as_array().unwrap() {
        for line in cloud["lines"].as_array().unwrap() {
            for key in ["path", "address", "what", "unit", "kind", "status"] {
                assert!(line.get(key).is_some(), "{key} missing in {line}");
            }
            assert!(
                line.get("monthly_usd").is_some() || line.get("note").is_some(),
                "a line without a figure says why: {line}"
            );
        }
    }
    insta::assert_snapshot!(text.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(cost(&[
        "blueprints/clinical-notes.yaml",
        "--format",
        "markdown"
    ]));
}

#[test]
fn compare_table_and_markdown() {
    let args = [
        "blueprints/clinical-notes.yaml",
        "--compare",
        "tests/fixtures/cost/base",
    ];
    let table = cost(&args);
    assert!(table.contains("+$146,000.00"), "{table}");
    insta::assert_snapshot!("compare_table", table);
    let mut md = args.to_vec();
    md.extend(["--format", "markdown"]);
    insta::assert_snapshot!("compare_markdown", cost(&md));
}

#[test]
fn bad_paths_and_flags_are_exit_2() {
    twinstack().args(["cost", "no/such.yaml"]).assert().code(2);
    twinstack()
        .args([
            "cost",
            "blueprints/clinical-notes.yaml",
            "--compare",
            "no/such",
        ])
        .assert()
        .code(2);
    twinstack()
        .args(["cost", "blueprints/clinical-notes.yaml", "--format", "csv"])
        .assert()
        .code(2);
    twinstack().args(["cost"]).assert().code(2);
}

#[test]
fn usage_out_of_range_is_exit_2_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("blueprints/eu-support.yaml")
        .unwrap()
        .replace("cached_input_share: 0.3", "cached_input_share: 1.5");
    let path = dir.path().join("eu.yaml");
    std::fs::write(&path, text).unwrap();
    let out = twinstack().arg("cost").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("eu.yaml:") && err.contains("1.5"), "{err}");
}

#[test]
fn usage_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("blueprints/eu-support.yaml")
        .unwrap()
        .replace(
            "      requests_per_day: 4000\n",
            "      requests_per_day: 4000\n      input_tokens_per_month: 5\n",
        );
    let path = dir.path().join("eu.yaml");
    std::fs::write(&path, text).unwrap();
    let out = twinstack().arg("cost").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("both per month and per request"));
}

/// Every resource type the renderers write for the examples and render fixtures has a pricing
/// decision: a new template resource without one fails here.
#[test]
fn every_rendered_resource_type_has_a_pricing_decision() {
    let catalog = Catalog::embedded();
    let mut seen = std::collections::BTreeSet::new();
    let mut files: Vec<_> = ["blueprints", "tests/fixtures/render"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    for f in files {
        let Ok(loaded) = load_file(&f, catalog) else {
            continue;
        };
        let plan = resolve(&loaded.blueprint, catalog);
        let input = Input::new(&loaded, &plan, catalog, Vec::new());
        for cloud in Cloud::ALL {
            if loaded.blueprint.clouds.get(cloud).is_none() {
                continue;
            }
            let rendered = match cloud {
                Cloud::Aws => twinstack::render::aws::render(&input).unwrap(),
                Cloud::Azure => twinstack::render::azure::render(&input).unwrap(),
            };
            let scanned = resources::scan(cloud, &rendered);
            // The estimate lists the renderer's blocks instead of reading the text: the same list.
            assert_eq!(
                resources::rendered(cloud, &input).unwrap(),
                scanned,
                "{}: the resources listed for the bill differ from those in the rendered files",
                f.display()
            );
            for r in scanned {
                assert!(
                    decision(&r.kind).is_some(),
                    "{} renders {} ({}) with no pricing decision in src/cost/decisions.rs",
                    f.display(),
                    r.kind,
                    r.address
                );
                seen.insert(r.kind);
            }
        }
    }
    // The scan itself works: both clouds' model resources and floors were seen.
    for kind in [
        "aws_kms_key",
        "aws_opensearchserverless_collection",
        "aws_rds_cluster_instance",
        "Microsoft.CognitiveServices/accounts/deployments",
        "Microsoft.Search/searchServices",
    ] {
        assert!(
            seen.contains(kind),
            "{kind} not rendered by any example: {seen:?}"
        );
    }
    assert_eq!(decision("aws_made_up_resource"), None);
}

fn bill_with(overlay: &str) -> twinstack::cost::Bill {
    let mut files: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
    files.push(("team/prices.yaml", overlay));
    let catalog = load_sources(files).unwrap();
    let loaded = load_file(Path::new("blueprints/clinical-notes.yaml"), &catalog).unwrap();
    let plan = resolve(&loaded.blueprint, &catalog);
    estimate(&loaded, &plan, &catalog, Day::parse(TODAY).unwrap()).unwrap()
}

const OSS_PRICE: &str = "prices:
- cloud: aws
  partition: aws
  region: us-east-1
  meter: ocu
  offer: opensearch-serverless
  unit: OCU-hour
  usd: 0.24
  verified: '2026-11-22'
  source: a team's own confirmation of the OpenSearch Serverless price page
  confidence: verified
";

#[test]
fn an_unconfirmed_price_is_never_zero_and_an_overlay_prices_it() {
    let before = bill_with("prices: []\n");
    let aws = &before.clouds[0];
    let floor = aws
        .lines
        .iter()
        .find(|l| {
            l.address == "aws_opensearchserverless_collection.knowledge_base"
                && l.unit == "OCU-hour"
        })
        .unwrap();
    assert_eq!(floor.status, Status::PriceUnconfirmed);
    assert_eq!(floor.monthly_usd, None);
    assert!(aws.totals.unpriced_lines > 0);
    assert!(aws.totals.describe().starts_with("at least"));

    let after = bill_with(OSS_PRICE);
    let aws2 = &after.clouds[0];
    let floor = aws2
        .lines
        .iter()
        .find(|l| {
            l.address == "aws_opensearchserverless_collection.knowledge_base"
                && l.unit == "OCU-hour"
        })
        .unwrap();
    assert_eq!(floor.status, Status::Priced);
    assert!((floor.monthly_usd.unwrap() - 350.4).abs() < 1e-6);
    assert_eq!(aws2.totals.unpriced_lines + 1, aws.totals.unpriced_lines);
}

#[test]
fn a_price_defined_twice_or_in_an_unknown_region_is_refused_at_its_line() {
    let twice = format!("{OSS_PRICE}{}", OSS_PRICE.trim_start_matches("prices:\n"));
    let mut files: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
    files.push(("team/prices.yaml", &twice));
    let errors = load_sources(files).unwrap_err();
    let d = &errors[0].diagnostics[0];
    assert!(d.message.contains("defined twice"), "{}", d.message);

    let unknown = OSS_PRICE.replace("us-east-1", "us-east-9");
    let mut files: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
    files.push(("team/prices.yaml", &unknown));
    let errors = load_sources(files).unwrap_err();
    let d = &errors[0].diagnostics[0];
    assert!(d.message.contains("us-east-9"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("us-east-1"));
}

#[test]
fn provisioned_azure_capacity_is_billed_in_both_regions_as_rendered() {
    let bill = bill_with("prices: []\n");
    let azure = bill
        .clouds
        .iter()
        .find(|c| c.cloud == Cloud::Azure)
        .unwrap();
    let ptu: Vec<_> = azure
        .lines
        .iter()
        .filter(|l| l.unit == "PTU-hour")
        .collect();
    assert_eq!(ptu.len(), 2, "primary and failover");
    for l in ptu {
        assert_eq!(l.monthly_usd, Some(50.0 * 730.0 * 2.0));
    }
}
