//! `twinstack init` (issue 12): what it writes lints clean with the real engine for every
//! combination of packs, clouds and residency, or it refuses with exit 2 and says why; it never
//! overwrites a file and never writes user text unescaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use assert_cmd::Command;
use predicates::prelude::*;
use twinstack::blueprint::load_source;
use twinstack::blueprint::model::Residency;
use twinstack::catalog::{Catalog, Cloud};
use twinstack::date::Day;
use twinstack::init::{Engine, Request, build, default_residency};
use twinstack::policy::PolicySet;
use twinstack::policy::compile::compile;
use twinstack::policy::config::Config;
use twinstack::policy::engine::lint_blueprint;
use twinstack::policy::expr::environment;
use twinstack::source::SourceFile;

const TODAY: &str = "2026-11-22";
/// A team's BAA confirmation as a catalog overlay (the hipaa rule fixtures lint under it too):
/// the built-in catalog confirms no model HIPAA-eligible, so hipaa needs one.
const BAA_DIR: &str = "tests/rules/catalogs";
const BAA_FILE: &str = "tests/rules/catalogs/baa-confirmed.yaml";

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR").env("COLUMNS", "400");
    cmd
}

fn catalog(with_baa: bool) -> Catalog {
    let mut files: Vec<(String, String)> = twinstack::catalog::BUILTIN_FILES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    if with_baa {
        files.push((
            BAA_FILE.to_owned(),
            std::fs::read_to_string(BAA_FILE).unwrap(),
        ));
    }
    twinstack::catalog::load_sources(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap()
}

fn residency_name(r: Option<Residency>) -> &'static str {
    match r {
        None => "default",
        Some(r) => twinstack::init::residency_key(r),
    }
}

fn subsets() -> Vec<Vec<String>> {
    let packs = ["hipaa", "gdpr", "fedramp-high"];
    (0..(1 << packs.len()))
        .map(|mask| {
            packs
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, p)| (*p).to_owned())
                .collect()
        })
        .collect()
}

/// Every pack subset × clouds × residency: a blueprint init writes loads and lints with zero
/// findings under the same catalog; anything else is a refusal. The table of outcomes is a
/// snapshot, so a combination that stops being possible (or becomes possible) is a visible change.
/// The references a team passes with --baa / --dpa for both clouds.
fn agreements() -> twinstack::blueprint::model::Agreements {
    let both = twinstack::blueprint::model::Agreement {
        baa: Some("BAA-2026-01".to_owned()),
        dpa: Some("DPA-2026-01".to_owned()),
    };
    twinstack::blueprint::model::Agreements {
        aws: Some(both.clone()),
        azure: Some(both),
    }
}

#[test]
fn agreements_are_asked_for_not_invented() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.yaml");
    let assert = twinstack()
        .args(["init", out.to_str().unwrap(), "--owner", "a@example.com"])
        .args(["--today", TODAY, "--compliance", "gdpr", "--clouds", "aws"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("--dpa aws=REFERENCE"), "{stderr}");
    assert!(!out.exists());
    twinstack()
        .args(["init", out.to_str().unwrap(), "--owner", "a@example.com"])
        .args(["--today", TODAY, "--compliance", "gdpr", "--clouds", "aws"])
        .args([
            "--purpose",
            "drafting replies",
            "--dpa",
            "aws=AWS-GDPR-DPA-2026",
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("dpa: \"AWS-GDPR-DPA-2026\""), "{text}");
    twinstack()
        .args(["init", "-", "--owner", "a@example.com", "--name", "demo"])
        .args(["--dpa", "gcp=X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not CLOUD=REFERENCE"));
}

#[test]
fn every_combination_lints_clean_or_is_refused() {
    let set = PolicySet::load(&[], &Config::default()).unwrap();
    let env = environment();
    let rules = compile(&env, &set).unwrap();
    let plain = catalog(false);
    let baa = catalog(true);
    let today = Day::parse(TODAY).unwrap();
    let mut table = String::new();
    let mut written = 0;
    for packs in subsets() {
        for clouds in [vec![Cloud::Aws], vec![Cloud::Azure], Cloud::ALL.to_vec()] {
            for residency in [
                None,
                Some(Residency::Us),
                Some(Residency::Eu),
                Some(Residency::UsGov),
                Some(Residency::Any),
            ] {
                let hipaa = packs.iter().any(|p| p == "hipaa");
                let catalog = if hipaa { &baa } else { &plain };
                let request = Request {
                    name: "demo".to_owned(),
                    owner: "team@example.com".to_owned(),
                    description: None,
                    purpose: Some("answering support tickets".to_owned()),
                    dpia: Some("DPIA-2026-001".to_owned()),
                    packs: packs.clone(),
                    clouds: clouds.clone(),
                    residency: residency.unwrap_or_else(|| default_residency(&packs)),
                    regions: BTreeMap::new(),
                    zero_data_retention: true,
                    agreements: agreements(),
                    budget_usd: 1000,
                    today,
                    file_name: "demo.yaml".to_owned(),
                };
                let engine = Engine {
                    set: &set,
                    rules: &rules,
                    catalog,
                };
                let label = format!(
                    "[{}] {} {}",
                    packs.join(","),
                    clouds.iter().map(|c| c.key()).collect::<Vec<_>>().join("+"),
                    residency_name(residency)
                );
                match build(&request, &engine) {
                    Ok(text) => {
                        let loaded =
                            load_source(SourceFile::from_text("demo.yaml", text.clone()), catalog)
                                .unwrap_or_else(|e| panic!("{label}: does not load: {e:#?}"));
                        let evaluation =
                            lint_blueprint(&rules, &set, &loaded, catalog, today).unwrap();
                        assert!(
                            evaluation
                                .findings
                                .iter()
                                .all(|f| f.severity == twinstack::policy::Severity::Info),
                            "{label}: init wrote a blueprint with findings: {:#?}\n{text}",
                            evaluation.findings
                        );
                        assert!(text.starts_with("# yaml-language-server: $schema="));
                        let models: Vec<String> = loaded
                            .blueprint
                            .models
                            .iter()
                            .map(|m| format!("{}@{:?}", m.model, m.routing).to_lowercase())
                            .collect();
                        let regions: Vec<String> = Cloud::ALL
                            .iter()
                            .filter_map(|c| loaded.blueprint.clouds.get(*c))
                            .map(|p| match &p.failover_region {
                                Some(f) => format!("{}>{f}", p.region),
                                None => p.region.clone(),
                            })
                            .collect();
                        written += 1;
                        let _ = writeln!(
                            table,
                            "{label}: written, {} in {}",
                            models.join(" "),
                            regions.join(" ")
                        );
                    }
                    Err(refusal) => {
                        assert!(!refusal.message.is_empty());
                        let _ = writeln!(table, "{label}: refused, {}", refusal.message);
                    }
                }
            }
        }
    }
    // The matrix is not vacuous: most combinations people ask for are written.
    assert!(
        written >= 40,
        "only {written} combinations were written:\n{table}"
    );
    insta::assert_snapshot!("init_matrix", table);
}

#[test]
fn contradictions_are_refused_with_the_reason() {
    for (args, why) in [
        (
            vec!["--compliance", "fedramp-high", "--residency", "eu"],
            "is FedRAMP High authorized for fedramp-high",
        ),
        (
            vec![
                "--compliance",
                "hipaa",
                "--clouds",
                "aws",
                "--baa",
                "aws=BAA-1",
            ],
            "confirmed HIPAA-eligible",
        ),
        (
            vec!["--compliance", "gdpr", "--purpose", "support"],
            "--zero-data-retention",
        ),
        (
            vec![
                "--compliance",
                "gdpr",
                "--clouds",
                "aws",
                "--dpa",
                "aws=D-1",
            ],
            "--purpose",
        ),
        (
            vec!["--compliance", "fedramp-high", "--region", "us-east-1"],
            "--region us-east-1: its jurisdiction `us` is outside residency `us-gov`",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("app.yaml");
        twinstack()
            .args(["init", out.to_str().unwrap(), "--owner", "a@example.com"])
            .args(["--today", TODAY])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("nothing written"))
            .stderr(predicate::str::contains(why));
        assert!(!out.exists(), "{args:?}: a refused init wrote a file");
    }
}

#[test]
fn writes_a_file_that_lint_passes_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("blueprints/claims-assistant.yaml");
    twinstack()
        .args([
            "init",
            out.to_str().unwrap(),
            "--owner",
            "claims@example.com",
        ])
        .args(["--compliance", "fedramp-high", "--today", TODAY])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("it lints clean"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("name: claims-assistant"));
    twinstack()
        .args(["lint", out.to_str().unwrap(), "--today", TODAY])
        .assert()
        .code(0)
        // Clean: nothing but information (Azure Government has no Defender for AI, which the
        // written file says beside `threat_detection`).
        .stdout(predicate::str::is_match(r": (no findings|\d+ findings? \(\d+ info\)), ").unwrap());
    // A second run refuses and leaves the file as it was.
    twinstack()
        .args([
            "init",
            out.to_str().unwrap(),
            "--owner",
            "other@example.com",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn dash_writes_to_standard_output() {
    let out = twinstack()
        .args([
            "init",
            "-",
            "--name",
            "eu-helper",
            "--owner",
            "dpo@example.eu",
        ])
        .args([
            "--compliance",
            "GDPR",
            "--clouds",
            "aws",
            "--purpose",
            "drafting replies",
            "--dpa",
            "aws=AWS-GDPR-DPA-2026",
        ])
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    insta::assert_snapshot!("init_gdpr_aws", text);
    twinstack()
        .args(["lint", "-", "--today", TODAY])
        .write_stdin(text)
        .assert()
        .code(0);
}

#[test]
fn fedramp_on_both_clouds() {
    let out = twinstack()
        .args([
            "init",
            "-",
            "--name",
            "case-triage",
            "--owner",
            "soc@agency.example.gov",
        ])
        .args(["--compliance", "fedramp-high", "--budget-usd", "12000"])
        .args(["--description", "Routes \"incoming\" case files: a\\b"])
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    insta::assert_snapshot!("init_fedramp_both", text);
    // The description went in as a quoted scalar and reads back as typed.
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        doc["description"].as_str(),
        Some("Routes \"incoming\" case files: a\\b")
    );
}

#[test]
fn user_text_is_validated_and_shown_escaped() {
    for (args, expect) in [
        (
            vec!["--name", "Bad_Name"],
            "`Bad_Name` is not a workload name",
        ),
        (vec!["--name", "ab"], "is not a workload name"),
        (
            vec!["--owner", "not-an-address"],
            "is not an e-mail address",
        ),
        (
            vec!["--description", "evil \u{202e}txt"],
            "invisible character \\u{202e}",
        ),
        (vec!["--purpose", "two\nlines"], "invisible character \\n"),
        (vec!["--compliance", "gdp"], "did you mean `gdpr`?"),
        (
            vec!["--compliance", "baseline"],
            "baseline pack always applies",
        ),
        (
            vec!["--region", "eu-centrl-1"],
            "did you mean `eu-central-1`?",
        ),
        (
            vec!["--clouds", "aws", "--region", "eastus"],
            "--clouds leaves azure out",
        ),
    ] {
        let mut cmd = twinstack();
        cmd.args(["init", "-", "--today", TODAY]);
        if !args.contains(&"--owner") {
            cmd.args(["--owner", "a@example.com"]);
        }
        if !args.contains(&"--name") {
            cmd.args(["--name", "demo"]);
        }
        let assert = cmd.args(&args).assert().code(2).stdout("");
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(
            !stderr.contains('\u{202e}'),
            "{args:?}: raw bidi control in stderr"
        );
    }
}

#[test]
fn a_path_without_a_usable_name_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("My Blueprint.yaml");
    twinstack()
        .args(["init", out.to_str().unwrap(), "--owner", "a@example.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --name NAME"));
    assert!(!out.exists());
}

#[test]
fn init_is_in_help() {
    twinstack()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::is_match(r"(?m)^  init\s+Write a first blueprint").unwrap());
}

/// HIPAA's six years of logs and GDPR's storage limit no longer exclude each other: the GDPR
/// pack accepts retention another enabled framework requires by law, and init writes it.
#[test]
fn hipaa_and_gdpr_together_keep_the_retention_hipaa_requires() {
    let assert = twinstack()
        .args(["init", "-", "--owner", "a@example.com", "--name", "demo"])
        .args([
            "--compliance",
            "hipaa,gdpr",
            "--clouds",
            "aws",
            "--catalog",
            BAA_DIR,
        ])
        .args(["--purpose", "clinical notes", "--dpia", "DPIA-7"])
        .args(["--baa", "aws=BAA-1", "--dpa", "aws=DPA-1", "--today", TODAY])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(text.contains("retention_days: 2192"), "{text}");
}
