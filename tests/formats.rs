//! Every `lint --format` on the same input, snapshotted; SARIF validated against the SARIF 2.1.0
//! JSON schema; JSON checked against the contract of BLUEPRINT.md.

use assert_cmd::Command;

const INPUT: &str = "tests/fixtures/report";

fn lint(format: &str) -> (i32, String) {
    let out = Command::cargo_bin("twinstack")
        .unwrap()
        .env("COLUMNS", "80")
        .args([
            "lint",
            "--color",
            "never",
            "--today",
            "2026-11-22",
            "--format",
            format,
            INPUT,
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn every_format_is_snapshotted() {
    for format in ["human", "json", "sarif", "junit", "github", "markdown"] {
        let (code, out) = lint(format);
        assert_eq!(code, 1, "{format}: findings must exit 1");
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    // The OASIS SARIF 2.1.0 schema (rtm.5, as shipped in the MIT-licensed npm package
    // @microsoft/jest-sarif). Its `language` patterns (run, toolComponent) have a stray `]` that Rust's regex engine
    // refuses; twinstack writes no `language`, so those two patterns are dropped here.
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"];
        assert_eq!(
            language["pattern"],
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"
        );
        language.as_object_mut().unwrap().remove("pattern");
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    let (_, out) = lint("sarif");
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // What GitHub code scanning needs beyond the schema.
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.starts_with("tests/fixtures/report/"),
            "repo-relative URI: {uri}"
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().unwrap() >= 1
                && region["startColumn"].as_u64().unwrap() >= 1
        );
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(rules[index]["properties"]["security-severity"].is_string());
        assert!(
            rules[index]["help"]["text"]
                .as_str()
                .unwrap()
                .contains("Remediation")
        );
    }
    let suppressed = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .count();
    assert_eq!(suppressed, 2, "the waived findings are suppressions");
}

#[test]
fn json_matches_the_contract() {
    let (_, out) = lint("json");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["tool"]["name"], "twinstack");
    assert!(doc["tool"]["version"].is_string());
    for key in ["files", "failed", "waived", "passed"] {
        assert!(doc["summary"][key].is_u64(), "summary.{key}");
    }
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["waived"], 2);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(
        doc["summary"]["failed"].as_u64().unwrap() as usize + 2,
        findings.len()
    );
    let severities = ["critical", "high", "medium", "low", "info"];
    for f in findings {
        for key in [
            "rule",
            "pack",
            "severity",
            "file",
            "path",
            "message",
            "remediation",
        ] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(severities.contains(&f["severity"].as_str().unwrap()));
        assert!(
            f["waived"].is_boolean()
                && f["line"].is_u64()
                && f["column"].is_u64()
                && f["controls"].is_array()
        );
    }
    let public = findings
        .iter()
        .find(|f| f["path"] == "network.public_access")
        .expect("a finding at network.public_access");
    assert_eq!(
        (public["line"].as_u64(), public["column"].as_u64()),
        (Some(21), Some(18))
    );
}

#[test]
fn fail_on_gates_the_exit_code() {
    let code = |level: &str| {
        Command::cargo_bin("twinstack")
            .unwrap()
            .args(["lint", "--today", "2026-11-22", "--fail-on", level, INPUT])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code("high"), Some(1));
    assert_eq!(code("critical"), Some(0));
}
