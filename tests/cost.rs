//! `twinstack cost`: every format and `--compare` snapshot-tested on the clinical example, exit
//! codes, the pricing decision of every resource type the renderers write, and prices as catalog
//! data (overlay, duplicates, unknown regions, unconfirmed prices never counted as zero).

use std::path::Path;

use assert_cmd::Command;
use twinstack::blueprint::load_file;
use twinstack::catalog::{BUILTIN_FILES, Catalog, Cloud, load_sources};
use twinstack::cost::decisions::decision;
use twinstack::cost::{BreakEvenStatus, Status, Topic, estimate, resources};
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
    assert!(table.contains("+$73,000.00"), "{table}");
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

/// Bills are written as they are estimated, but a blueprint that does not load — even the
/// last of several hundred, after every earlier chunk was priced — still means nothing is
/// printed on standard output, in every format.
#[test]
fn a_late_unloadable_file_prints_no_partial_report() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string("blueprints/clinical-notes.yaml").unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("a{i:03}.yaml")), &example).unwrap();
    }
    std::fs::write(dir.path().join("zz-broken.yaml"), "version: [\n").unwrap();
    for format in ["table", "json", "markdown"] {
        let out = twinstack()
            .args(["cost", "--format", format, "--today", TODAY])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            out.stdout.is_empty(),
            "{format}: {} bytes printed",
            out.stdout.len()
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("zz-broken.yaml"));
    }
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

/// The bill of a blueprint text under the built-in catalog plus `overlay`.
fn bill_of(text: &str, overlay: &str) -> twinstack::cost::Bill {
    let mut files: Vec<(&str, &str)> = BUILTIN_FILES.to_vec();
    files.push(("team/overlay.yaml", overlay));
    let catalog = load_sources(files).unwrap();
    let loaded = twinstack::blueprint::load_source(
        twinstack::source::SourceFile::from_text("test.yaml", text.to_owned()),
        &catalog,
    )
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let plan = resolve(&loaded.blueprint, &catalog);
    estimate(&loaded, &plan, &catalog, Day::parse(TODAY).unwrap()).unwrap()
}

fn azure(bill: &twinstack::cost::Bill) -> &twinstack::cost::CloudBill {
    bill.clouds
        .iter()
        .find(|c| c.cloud == Cloud::Azure)
        .unwrap()
}

/// What the clinical example deploys: 50 regional PTU in eastus2, billed hourly; its failover
/// runs on demand (`failover_capacity` defaults to on-demand), and `provisioned` puts the
/// reservation in westus3 too — as the renderer does, line for line.
#[test]
fn provisioned_capacity_is_billed_where_rendered() {
    let text = std::fs::read_to_string("blueprints/clinical-notes.yaml").unwrap();
    let bill = bill_of(&text, "prices: []\n");
    let ptu: Vec<_> = azure(&bill)
        .lines
        .iter()
        .filter(|l| l.unit == "PTU-hour")
        .collect();
    assert_eq!(ptu.len(), 1, "primary only");
    assert_eq!(ptu[0].monthly_usd, Some(50.0 * 730.0 * 2.0));
    let standby = azure(&bill)
        .lines
        .iter()
        .find(|l| l.address == "modules/failover.bicep:modelDeployments[drafter]")
        .unwrap();
    assert_eq!(standby.monthly_usd, Some(0.0));
    let note = standby.note.as_deref().unwrap();
    assert!(note.contains("failover_capacity is on-demand"), "{note}");
    assert!(
        note.contains("$73,000.00"),
        "what the alternative costs: {note}"
    );

    let hot = text.replace(
        "failover_capacity: on-demand",
        "failover_capacity: provisioned",
    );
    let bill = bill_of(&hot, "prices: []\n");
    let ptu: Vec<_> = azure(&bill)
        .lines
        .iter()
        .filter(|l| l.unit == "PTU-hour")
        .collect();
    assert_eq!(ptu.len(), 2, "primary and failover");
    let failover = ptu.iter().find(|l| l.region == "westus3").unwrap();
    let b = failover.break_even.as_ref().unwrap();
    assert_eq!(b.status, BreakEvenStatus::Standby);
    let advice = azure(&bill)
        .advice
        .iter()
        .find(|a| a.topic == Topic::FailoverCapacity)
        .unwrap();
    assert_eq!(advice.monthly_saving_usd, Some(73_000.0));
    assert_eq!(advice.path, "models[1].failover_capacity");
    // The renderer agrees: the failover deployment is Standard by default, provisioned on request.
    let catalog = Catalog::embedded();
    for (text, sku) in [(&text, "'Standard'"), (&hot, "'ProvisionedManaged'")] {
        let loaded = twinstack::blueprint::load_source(
            twinstack::source::SourceFile::from_text("c.yaml", text.clone()),
            catalog,
        )
        .unwrap();
        let plan = resolve(&loaded.blueprint, catalog);
        let files =
            twinstack::render::azure::render(&Input::new(&loaded, &plan, catalog, Vec::new()))
                .unwrap();
        let main = &files["main.bicep"];
        let failover = main.split("failoverLocation").last().unwrap();
        assert!(failover.contains(sku), "{sku} missing in {failover}");
    }
}

const ZONE_PTU: &str = "version: 1
name: zone-demo
owner: team@example.com
residency: us
clouds:
  azure: { region: eastus2, failover_region: westus3, cidr: 10.11.0.0/16 }
models:
  - name: zone
    model: gpt-5-1
    routing: geo
    throughput: provisioned
    units: 15
    usage: { input_tokens_per_month: 100000000, output_tokens_per_month: 10000000 }
";

#[test]
fn break_even_compares_the_same_tokens_on_demand() {
    let bill = bill_of(ZONE_PTU, "prices: []\n");
    let line = azure(&bill)
        .lines
        .iter()
        .find(|l| l.unit == "PTU-hour")
        .unwrap();
    let b = line.break_even.as_ref().unwrap();
    assert_eq!(b.status, BreakEvenStatus::Estimated);
    // 15 PTU x 730 h x $1.10 against 100M input x $1.375 + 10M output x $11 (Data Zone, eastus2).
    assert_eq!(b.provisioned_usd, Some(12_045.0));
    assert_eq!(b.on_demand_usd, Some(247.5));
    assert_eq!(b.cheaper, Some("on-demand"));
    assert!(b.note.starts_with("below break-even"), "{}", b.note);
    let size = line.ptu_size.as_ref().unwrap();
    assert_eq!(
        (size.minimum, size.increment, size.confirmed),
        (Some(15), Some(5), true)
    );
    // (100M + 8 x 10M) tokens a month / 43,800 minutes / 4,750 TPM per PTU
    assert_eq!(size.average_ptus, Some(0.87));
    let advice = azure(&bill)
        .advice
        .iter()
        .find(|a| a.topic == Topic::BreakEven)
        .unwrap();
    assert_eq!(advice.monthly_saving_usd, Some(12_045.0 - 247.5));

    let undeclared = ZONE_PTU.replace(
        "    usage: { input_tokens_per_month: 100000000, output_tokens_per_month: 10000000 }\n",
        "",
    );
    let bill = bill_of(&undeclared, "prices: []\n");
    let b = azure(&bill)
        .lines
        .iter()
        .find_map(|l| l.break_even.clone())
        .unwrap();
    assert_eq!(b.status, BreakEvenStatus::NotEstimated);
    assert!(
        b.note
            .starts_with("break-even not estimated: declare usage"),
        "{}",
        b.note
    );
    assert_eq!(b.on_demand_usd, None);
}

/// Global Batch may process prompts in any Azure region: under a residency it is never the
/// batch the estimate prices advice on, and the advice says why.
#[test]
fn global_batch_is_never_suggested_under_a_residency() {
    const EU_PRICES: &str = "prices:
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-input, offer: gpt-5.4 2026-03-05, variant: global, unit: 1M tokens, usd: 2.5, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-output, offer: gpt-5.4 2026-03-05, variant: global, unit: 1M tokens, usd: 15.0, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-batch-input, offer: gpt-5.4 2026-03-05, variant: global-batch, unit: 1M tokens, usd: 1.25, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-batch-output, offer: gpt-5.4 2026-03-05, variant: global-batch, unit: 1M tokens, usd: 7.5, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-batch-input, offer: gpt-5.4 2026-03-05, variant: data-zone-batch, unit: 1M tokens, usd: 1.375, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
- {cloud: azure, partition: azure, region: swedencentral, meter: tokens-batch-output, offer: gpt-5.4 2026-03-05, variant: data-zone-batch, unit: 1M tokens, usd: 8.25, verified: '2026-11-22', source: test prices copied from the eastus2 entries, confidence: secondary}
";
    let blueprint = |residency: &str| {
        format!(
            "version: 1
name: batch-demo
owner: team@example.com
residency: {residency}
clouds:
  azure: {{ region: swedencentral, cidr: 10.11.0.0/16 }}
models:
  - name: chat
    model: gpt-5-4
    routing: global
    usage: {{ input_tokens_per_month: 100000000, output_tokens_per_month: 10000000, batch_share: 0.5 }}
"
        )
    };
    for residency in ["eu", "us"] {
        let bill = bill_of(&blueprint(residency), EU_PRICES);
        let advice = azure(&bill)
            .advice
            .iter()
            .find(|a| a.topic == Topic::Batch)
            .unwrap();
        assert!(
            advice.message.contains("Global Batch is not suggested")
                && advice
                    .message
                    .contains(&format!("outside residency {residency}"))
                && advice.message.contains("data-zone-batch"),
            "{residency}: {}",
            advice.message
        );
        assert_eq!(advice.monthly_saving_usd, None, "no saving is promised");
    }
    let bill = bill_of(&blueprint("any"), EU_PRICES);
    let advice = azure(&bill)
        .advice
        .iter()
        .find(|a| a.topic == Topic::Batch)
        .unwrap();
    // Half of 100M input x ($2.50 - $1.25) + half of 10M output x ($15 - $7.50).
    assert_eq!(advice.monthly_saving_usd, Some(62.5 + 37.5));
    assert!(
        advice.message.contains("global-batch"),
        "{}",
        advice.message
    );
}

/// A size the catalog does not confirm is shown as unconfirmed and never enforced: Azure
/// Government's gpt-5.6 sizes are not published, so 7 Data Zone PTU load, and the line says so.
#[test]
fn an_unconfirmed_ptu_size_is_shown_and_not_enforced() {
    let text = "version: 1
name: gov-demo
owner: team@example.gov
residency: us-gov
clouds:
  azure: { region: usgovvirginia, cidr: 10.11.0.0/16 }
models:
  - name: sol
    model: gpt-5-6-sol
    routing: geo
    throughput: provisioned
    units: 7
";
    let bill = bill_of(text, "prices: []\n");
    let line = azure(&bill)
        .lines
        .iter()
        .find(|l| l.ptu_size.is_some())
        .unwrap();
    let size = line.ptu_size.as_ref().unwrap();
    assert!(!size.confirmed);
    assert_eq!((size.minimum, size.increment), (None, None));
    let note = line.note.as_deref().unwrap();
    assert!(
        note.contains("DataZoneProvisionedManaged sizes of gpt-5.6-sol in azure-us-gov: unconfirmed, not enforced"),
        "{note}"
    );
}
