//! Policy packs as data: a team pack added with --policy-dir, broken packs reported at their own
//! file:line (syntax, schema, names that do not exist, shadowing a built-in pack), parameter
//! overrides in twinstack.toml, unknown pack ids, `rules` and `explain`, and the generated docs.

use assert_cmd::Command;

fn twinstack(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("twinstack")
        .unwrap()
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn lint_with_packs(dir: &str) -> (i32, String, String) {
    twinstack(&[
        "lint",
        "--color",
        "never",
        "--today",
        "2026-11-22",
        "--policy-dir",
        dir,
        "tests/fixtures/packs/uses-acme.yaml",
    ])
}

#[test]
fn a_team_pack_is_enabled_by_compliance() {
    let (code, stdout, _) = lint_with_packs("tests/fixtures/packs/team");
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn broken_packs_are_reported_at_their_own_line() {
    for case in [
        "broken-expression",
        "broken-schema",
        "broken-runtime",
        "shadowing",
    ] {
        let (code, stdout, stderr) = lint_with_packs(&format!("tests/fixtures/packs/{case}"));
        assert_eq!(code, 2, "{case}");
        assert!(stdout.is_empty(), "{case}: no report when packs are broken");
        insta::assert_snapshot!(format!("pack_{case}"), stderr);
    }
}

#[test]
fn rules_and_explain_refuse_broken_packs_too() {
    for args in [
        &[
            "rules",
            "--policy-dir",
            "tests/fixtures/packs/broken-runtime",
        ][..],
        &[
            "explain",
            "BROKEN-RUNTIME",
            "--policy-dir",
            "tests/fixtures/packs/broken-runtime",
        ],
    ] {
        let (code, stdout, stderr) = twinstack(args);
        assert_eq!(code, 2, "{args:?}: {stdout}");
        assert!(
            stderr.contains("broken-runtime/bad.yaml:11:14") && stderr.contains("retension_days"),
            "{stderr}"
        );
    }
}

#[test]
fn unknown_compliance_pack_is_exit_2() {
    let (code, _, stderr) = twinstack(&[
        "lint",
        "--color",
        "never",
        "tests/fixtures/packs/uses-acme.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown policy pack `acme`") && stderr.contains("uses-acme.yaml:4:14"),
        "{stderr}"
    );
}

/// `--pack` enables a pack for every blueprint of the run, as `compliance:` does for one: the
/// opt-in cost pack judges the examples only when asked, and an unknown id is exit 2 with the id
/// to write.
#[test]
fn pack_flag_enables_a_pack_for_every_blueprint() {
    let lint = |extra: &[&str]| {
        let mut args = vec![
            "lint",
            "--color",
            "never",
            "--today",
            "2027-03-01",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        args.push("blueprints/fraud-signals.yaml");
        twinstack(&args)
    };
    let (_, without, _) = lint(&[]);
    assert!(!without.contains("COST-STALE-PRICE"), "{without}");
    // 99 days after the prices were checked: the cost pack reports them once, at the budget.
    let (code, with, stderr) = lint(&["--pack", "COST"]);
    assert_eq!(code, 1, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&with).unwrap();
    let stale: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "COST-STALE-PRICE")
        .collect();
    assert_eq!(stale.len(), 1, "{with}");
    assert_eq!(stale[0]["path"], "budget");

    let (code, stdout, stderr) = lint(&["--pack", "cots"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("unknown policy pack `cots` in --pack: did you mean `cost`?"),
        "{stderr}"
    );
}

#[test]
fn config_overrides_parameters_and_fail_on() {
    let (code, stdout, _) = twinstack(&[
        "lint",
        "--color",
        "never",
        "--today",
        "2026-11-22",
        "--config",
        "tests/fixtures/packs/config/twinstack.toml",
        "blueprints",
    ]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("HIPAA documentation retention needs 3000"),
        "{stdout}"
    );
    // fail_on = "medium" in the config; --fail-on on the command line wins.
    let (code, _, _) = twinstack(&[
        "lint",
        "--today",
        "2026-11-22",
        "--fail-on",
        "high",
        "--config",
        "tests/fixtures/packs/config/twinstack.toml",
        "blueprints",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn bad_config_is_exit_2_with_locations() {
    let (code, _, stderr) = twinstack(&[
        "lint",
        "--color",
        "never",
        "--config",
        "tests/fixtures/packs/config/bad.toml",
        "blueprints",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr);
}

#[test]
fn rules_lists_and_explain_documents() {
    let (code, stdout, _) = twinstack(&["rules", "--pack", "hipaa"]);
    assert_eq!(code, 0);
    let hipaa_rules = std::fs::read_to_string("policies/hipaa.yaml")
        .unwrap()
        .matches("\n  - id: ")
        .count();
    assert_eq!(
        stdout.lines().count(),
        1 + hipaa_rules,
        "header + {hipaa_rules} HIPAA rules:\n{stdout}"
    );
    let (code, stdout, _) = twinstack(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(rules.as_array().unwrap().len() >= 47);
    let (code, stdout, _) = twinstack(&["explain", "hipaa-doc-retention"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
    let (code, _, stderr) = twinstack(&["explain", "--color", "never", "HIPAA-DOC-RETENTON"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `HIPAA-DOC-RETENTION`?"),
        "{stderr}"
    );
    let (code, _, _) = twinstack(&["rules", "--pack", "hipa"]);
    assert_eq!(code, 2);
}

#[test]
fn generated_docs_are_current() {
    for (path, args) in [
        ("docs/rules.md", &["rules", "--format", "markdown"][..]),
        ("policies/pack.schema.json", &["schema", "pack"][..]),
    ] {
        let (code, stdout, stderr) = twinstack(args);
        assert_eq!(code, 0, "{stderr}");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        if on_disk != stdout {
            if std::env::var_os("TWINSTACK_UPDATE_DOCS").is_some() {
                std::fs::write(path, &stdout).unwrap();
            } else {
                panic!("{path} is stale: run `TWINSTACK_UPDATE_DOCS=1 cargo test --test packs`");
            }
        }
    }
}

/// A check may carry its own remediation: GDPR's retention tension (info, accepted under
/// Art. 17(3)(b)) says what to record, not the rule's "lower the retention".
#[test]
fn a_check_carries_its_own_remediation() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("tests/rules/bases/gdpr.yaml").unwrap();
    let file = dir.path().join("tension.yaml");
    std::fs::write(
        &file,
        base.replace("compliance: [gdpr]", "compliance: [gdpr, hipaa]")
            .replace("retention_days: 90", "retention_days: 2192"),
    )
    .unwrap();
    let (_, stdout, stderr) = twinstack(&[
        "lint",
        "--format",
        "json",
        "--today",
        "2026-11-22",
        file.to_str().unwrap(),
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "logging.retention_days")
        .collect();
    assert_eq!(findings.len(), 1, "{stdout}");
    let f = findings[0];
    assert_eq!(f["severity"], "info", "{f}");
    let remediation = f["remediation"].as_str().unwrap();
    assert!(
        remediation.starts_with("Nothing to change in the blueprint"),
        "{remediation}"
    );
    assert!(!remediation.contains("Lower"), "{remediation}");
}
