//! The habits ruff and cargo users bring (issue #12): `--quiet`, `--statistics`,
//! `--output-file`, `render --check` against a missing folder, ids in any case on the command
//! line and a suggestion for ids misspelt in a blueprint; and the SARIF and render details of
//! issue #10 (notifications for unloadable files, `file://` URIs, render's summary).

use assert_cmd::Command;
use predicates::prelude::*;

const INPUT: &str = "tests/fixtures/report";

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .args(["--color", "never"]);
    cmd
}

fn lint(args: &[&str]) -> (i32, String, String) {
    let out = twinstack()
        .args(["lint", "--today", "2026-11-22"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn quiet_prints_the_findings_only() {
    let (code, full, _) = lint(&[INPUT]);
    let (quiet_code, quiet, _) = lint(&["-q", INPUT]);
    assert_eq!((code, quiet_code), (1, 1));
    assert!(full.contains("Waived findings:") && full.contains("2 blueprints:"));
    assert!(!quiet.contains("Waived findings:"), "{quiet}");
    assert!(!quiet.contains("Findings by rule:"), "{quiet}");
    assert!(!quiet.contains("blueprints:"), "{quiet}");
    assert!(
        full.starts_with(&quiet),
        "quiet is the head of the full report"
    );
    // Clean and quiet: nothing at all.
    let (code, out, _) = lint(&["--quiet", "blueprints"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn statistics_count_findings_per_rule_in_human_and_json() {
    let (code, table, _) = lint(&["--statistics", INPUT]);
    assert_eq!(code, 1, "the exit code is still the lint's");
    insta::assert_snapshot!("statistics_human", table);
    let (code, json, _) = lint(&["--statistics", "--format", "json", INPUT]);
    assert_eq!(code, 1);
    let counts: serde_json::Value = serde_json::from_str(&json).unwrap();
    let counts = counts.as_array().unwrap();
    // One row per rule that reports a finding in the plain JSON report.
    let (_, report, _) = lint(&["--format", "json", INPUT]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let unwaived: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived"].is_null() || f["waived"] == false)
        .collect();
    let rules: std::collections::BTreeSet<&str> = unwaived
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(counts.len(), rules.len(), "{json}");
    for c in counts {
        for key in ["count", "rule", "severity", "title"] {
            assert!(c.get(key).is_some(), "{key} in {c}");
        }
    }
    let total: u64 = counts.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(
        total,
        unwaived.len() as u64,
        "every finding that is not waived"
    );
    // The other formats have no statistics: refused before anything is read.
    let (code, _, stderr) = lint(&["--statistics", "--format", "sarif", INPUT]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--statistics prints a table or JSON"),
        "{stderr}"
    );
}

#[test]
fn output_file_holds_the_report_and_the_exit_code_is_the_lints() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, "old").unwrap();
    let (code, stdout, _) = lint(&[
        "--format",
        "sarif",
        "--output-file",
        file.to_str().unwrap(),
        INPUT,
    ]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    let (_, direct, _) = lint(&["--format", "sarif", INPUT]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), direct);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    // A folder that does not exist: exit 2, named.
    let (code, _, stderr) = lint(&[
        "--output-file",
        dir.path().join("no/such/r.txt").to_str().unwrap(),
        INPUT,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write the report"), "{stderr}");
}

#[test]
fn render_check_against_a_missing_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    twinstack()
        .args([
            "render",
            "--check",
            "--today",
            "2026-11-22",
            "blueprints",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "does not exist: run `twinstack render blueprints --output",
        ))
        .stderr(predicate::str::contains("---").not());
}

#[test]
fn a_refused_render_counts_every_blueprint_linted() {
    let dir = tempfile::tempdir().unwrap();
    twinstack()
        .args(["render", "--today", "2026-11-22", "-o"])
        .arg(dir.path().join("out"))
        .args([INPUT, "blueprints/eu-support.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3 blueprints:"))
        .stderr(predicate::str::contains("1 blueprint(s) have findings"));
}

#[test]
fn pack_ids_on_the_command_line_match_in_any_case() {
    let lower = twinstack()
        .args(["rules", "--pack", "gdpr"])
        .output()
        .unwrap();
    let upper = twinstack()
        .args(["rules", "--pack", "GDPR"])
        .output()
        .unwrap();
    assert_eq!(upper.status.code(), Some(0));
    assert_eq!(lower.stdout, upper.stdout);
    twinstack()
        .args(["rules", "--pack", "gpdr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `gdpr`?"));
}

#[test]
fn ids_misspelt_in_a_blueprint_are_refused_with_the_id_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("blueprints/clinical-notes.yaml").unwrap();
    assert!(text.contains("compliance: [hipaa]") && text.contains("rule: HIPAA-BAA-SCOPE"));
    let file = dir.path().join("c.yaml");
    std::fs::write(
        &file,
        text.replace("compliance: [hipaa]", "compliance: [HIPAA]")
            .replacen("rule: HIPAA-BAA-SCOPE", "rule: hipaa-baa-scope", 1),
    )
    .unwrap();
    twinstack()
        .args(["lint", "--today", "2026-11-22"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `hipaa`?"))
        .stderr(predicate::str::contains("did you mean `HIPAA-BAA-SCOPE`?"));
}

#[test]
fn sarif_notifies_unloadable_files_and_writes_uris_outside_as_file_uris() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("odd name.yaml");
    std::fs::copy("tests/fixtures/report/findings.yaml", &outside).unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "version: 1\nname: [\n").unwrap();
    let out = twinstack()
        .args(["lint", "--today", "2026-11-22", "--format", "sarif"])
        .arg(&outside)
        .arg(&broken)
        .arg("tests/fixtures/report/clean.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!uris.is_empty());
    for uri in &uris {
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/odd%20name.yaml"),
            "{uri}"
        );
    }
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert!(!notes.is_empty());
    let at = &notes[0]["locations"][0]["physicalLocation"];
    assert!(
        at["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/broken.yaml"),
        "{at}"
    );
    assert!(at["region"]["startLine"].as_u64().is_some(), "{at}");
    assert_eq!(notes[0]["level"], "error");
    assert_valid_sarif(&doc);
}

/// Validates against the OASIS SARIF 2.1.0 schema, as `formats.rs` does (see there for the two
/// `language` patterns dropped).
fn assert_valid_sarif(doc: &serde_json::Value) {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    for definition in ["run", "toolComponent"] {
        schema["definitions"][definition]["properties"]["language"]
            .as_object_mut()
            .unwrap()
            .remove("pattern");
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn render_quiet_prints_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for check in [false, true] {
        let mut cmd = twinstack();
        cmd.args([
            "render",
            "-q",
            "--today",
            "2026-11-22",
            "blueprints/eu-support.yaml",
            "-o",
        ])
        .arg(&out);
        if check {
            cmd.arg("--check");
        }
        cmd.assert().code(0).stdout("").stderr("");
    }
}

/// A rule id wider than the terminal overflows on its own line; it is never cut in two.
#[test]
fn long_rule_ids_never_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let long = "ACME-OWNER-DOMAIN-MUST-BE-AN-ACME-TEAM-ADDRESS-NOT-A-PERSONAL-ONE";
    let pack = std::fs::read_to_string("tests/fixtures/packs/team/acme.yaml").unwrap();
    std::fs::write(
        dir.path().join("acme.yaml"),
        pack.replace("ACME-OWNER-DOMAIN", long),
    )
    .unwrap();
    let out = twinstack()
        .env("COLUMNS", "40")
        .args(["lint", "--today", "2026-11-22", "--policy-dir"])
        .arg(dir.path())
        .args([
            "tests/fixtures/packs/uses-acme.yaml",
            "blueprints/eu-support.yaml",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines_with_id = stdout.lines().filter(|l| l.contains(long)).count();
    assert!(
        lines_with_id >= 2,
        "the finding and the table name it whole:\n{stdout}"
    );
    assert!(stdout.contains("Findings by rule:"), "{stdout}");
}
