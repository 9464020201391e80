//! The command line as a user meets it: exit codes, refusal of unreadable input, colour control,
//! and commands that are not built yet staying out of `--help`.

use assert_cmd::Command;
use predicates::prelude::*;

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR").env("COLUMNS", "400");
    cmd
}

#[test]
fn examples_lint_clean() {
    twinstack()
        .args(["lint", "blueprints"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "4 blueprints: no findings, 6 waived",
        ));
}

#[test]
fn missing_path_is_exit_2() {
    twinstack()
        .args(["lint", "no/such/place.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/place.yaml: no such file or folder",
        ));
}

#[test]
fn folder_without_blueprints_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    twinstack()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the folder holds no blueprint"));
}

#[test]
fn non_utf8_is_exit_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.yaml");
    std::fs::write(&file, b"version: 1\nname: caf\xe9\n").unwrap();
    twinstack()
        .arg("lint")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not valid UTF-8: invalid byte 0xe9 at 2:10",
        ));
}

#[test]
fn oversized_file_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.yaml");
    std::fs::write(
        &file,
        format!("version: 1\ndescription: {}\n", "x".repeat(1_100_000)),
    )
    .unwrap();
    twinstack()
        .arg("lint")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the limit is 1048576 bytes"));
}

#[test]
fn one_bad_file_among_good_ones_is_exit_2_and_names_it() {
    twinstack()
        .args([
            "lint",
            "--color",
            "never",
            "blueprints",
            "tests/fixtures/malformed/unknown-model.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests/fixtures/malformed/unknown-model.yaml:11:12",
        ))
        .stdout(predicate::str::contains(
            "5 blueprints (1 could not be loaded)",
        ));
}

#[test]
fn usage_errors_are_exit_2() {
    twinstack().arg("lint").assert().code(2);
    twinstack().arg("frobnicate").assert().code(2);
    twinstack()
        .args(["catalog", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn help_lists_only_built_commands() {
    let out = twinstack().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for built in ["lint", "schema", "catalog", "completions"] {
        assert!(help.contains(built), "{built} missing from --help");
    }
}

#[test]
fn color_is_controlled_by_flag_and_no_color() {
    let bad = "tests/fixtures/malformed/unknown-model.yaml";
    let colored = twinstack()
        .args(["lint", "--color", "always", bad])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stderr).contains('\u{1b}'));
    let plain = twinstack()
        .args(["lint", "--color", "never", bad])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
    let no_color = twinstack()
        .env("NO_COLOR", "1")
        .args(["lint", bad])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stderr).contains('\u{1b}'));
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let expected = std::fs::read_to_string("blueprints/blueprint.schema.json").unwrap();
    twinstack().arg("schema").assert().code(0).stdout(expected);
}

#[test]
fn catalog_command_shows_models_and_regions() {
    twinstack()
        .args(["catalog", "models"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("claude-3-7-sonnet"));
    twinstack()
        .args(["catalog", "regions"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("usgovvirginia"));
    let out = twinstack()
        .args(["catalog", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["models"].is_array() && json["regions"]["azure"].is_array());
}

/// The services behind the rules' facts (lock-in class, DPF, prompt storage, backups), with
/// their sources and check dates.
#[test]
fn catalog_services_show_the_facts_rules_read() {
    twinstack()
        .args(["catalog", "services", "--today", "2026-11-22"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("aws-aurora-pgvector"))
        .stdout(predicate::str::contains("BACKUP COPY"));
    twinstack()
        .args([
            "catalog",
            "services",
            "aws-opensearch-serverless",
            "--today",
            "2026-11-22",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("none: no copy leaves the region"))
        .stdout(predicate::str::contains("serverless-snapshots.html"));
    twinstack()
        .args([
            "catalog",
            "services",
            "azure-openai",
            "--today",
            "2027-12-01",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Stores no prompts at rest in: azure-us-gov",
        ))
        .stdout(predicate::str::contains("(stale: 374 days)"));
    twinstack()
        .args(["catalog", "services", "azure-open-ai"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `azure-openai`?"));
    let out = twinstack()
        .args(["catalog", "services", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let aurora = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "aws-aurora-pgvector")
        .unwrap();
    assert_eq!(aurora["backup"]["alternate_site"], "copy");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        twinstack()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("twinstack"));
    }
}

#[test]
fn a_catalog_overlay_changes_what_lint_concludes_and_a_broken_one_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
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
        lifecycle: {status: retired, end_of_life: 2026-11-01, replacement: gpt-5-5}
        hipaa: eligible
        deployments: {Standard: [swedencentral]}
        confidence: verified
        verified: 2026-11-20
        source: "team overlay: our Azure account team, ticket AZ-1"
"#;
    std::fs::write(dir.path().join("team.yaml"), overlay).unwrap();
    let catalog = dir.path().to_str().unwrap();
    twinstack()
        .args(["lint", "--today", "2026-11-22", "--catalog", catalog])
        .arg("blueprints/eu-support.yaml")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("BASE-MODEL-LIFECYCLE"))
        .stdout(predicate::str::contains("azure retired on 2026-11-01"));

    std::fs::write(
        dir.path().join("team.yaml"),
        overlay.replace("[swedencentral]", "[swedencentrall]"),
    )
    .unwrap();
    twinstack()
        .args(["lint", "--catalog", catalog, "blueprints/eu-support.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("team.yaml:15:"))
        .stderr(predicate::str::contains("did you mean `swedencentral`?"));
}

#[test]
fn catalog_shows_one_model_and_one_region() {
    twinstack()
        .args([
            "catalog",
            "models",
            "claude-sonnet-5-5",
            "--today",
            "2026-11-22",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("eu. → eu-central-1 eu-central-2"))
        .stdout(predicate::str::contains(
            "file        catalog/models/anthropic.yaml",
        ));
    twinstack()
        .args(["catalog", "models", "gpt-4o", "--today", "2026-11-22"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Not offered on Amazon Bedrock"))
        .stdout(predicate::str::contains("retired 2026-10-01"));
    twinstack()
        .args([
            "catalog",
            "regions",
            "usgovvirginia",
            "--today",
            "2026-11-22",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("gpt-5-1"))
        .stdout(predicate::str::contains("DataZoneStandard"));
    twinstack()
        .args(["catalog", "models", "claude-sonet-5-5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `claude-sonnet-5-5`?",
        ));
    // Facts checked more than --stale-after days before --today are marked stale.
    twinstack()
        .args(["catalog", "models", "gpt-5-1", "--today", "2027-06-01"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(stale: 191 days)"));
}

/// The same file under two spellings is linted once.
#[test]
fn the_same_file_under_two_paths_is_linted_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.yaml");
    std::fs::copy("blueprints/eu-support.yaml", &file).unwrap();
    let other = dir
        .path()
        .join("..")
        .join(dir.path().file_name().unwrap())
        .join("x.yaml");
    let out = twinstack()
        .args(["lint", "--color", "never", "--today", "2026-11-22"])
        .arg(&file)
        .arg(&other)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 blueprint"), "{stdout}");
    assert!(!stdout.contains("2 blueprints"), "{stdout}");
}

/// `graph --output-dir` refuses two blueprints of the same name, as `render` does, and writes
/// nothing.
#[test]
fn graph_output_dir_refuses_two_blueprints_of_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["a", "b"] {
        std::fs::copy(
            "blueprints/eu-support.yaml",
            dir.path().join(format!("{n}.yaml")),
        )
        .unwrap();
    }
    let out_dir = dir.path().join("graphs");
    let out = twinstack()
        .args(["graph", "--color", "never", "--output-dir"])
        .arg(&out_dir)
        .arg(dir.path().join("a.yaml"))
        .arg(dir.path().join("b.yaml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("both named `eu-support`"), "{stderr}");
    assert!(!out_dir.exists(), "nothing is written");
}

/// `policy_dirs` in the config and `--policy-dir` naming the same folder load it once.
#[test]
fn a_policy_folder_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let team = std::fs::canonicalize("tests/fixtures/packs/team").unwrap();
    let config = dir.path().join("twinstack.toml");
    std::fs::write(
        &config,
        format!("policy_dirs = [{:?}]\n", team.to_string_lossy()),
    )
    .unwrap();
    let out = twinstack()
        .args([
            "lint",
            "--color",
            "never",
            "--today",
            "2026-11-22",
            "--config",
        ])
        .arg(&config)
        .args([
            "--policy-dir",
            "tests/fixtures/packs/../packs/team",
            "tests/fixtures/packs/uses-acme.yaml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("already used"), "{stderr}");
}

/// A render into a folder another render holds is refused with exit 2, naming the holder.
#[test]
fn a_locked_output_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    // This test process is alive, so its pid holds the lock.
    std::fs::write(
        dir.path().join(".twinstack.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let out = twinstack()
        .args([
            "render",
            "--color",
            "never",
            "blueprints/eu-support.yaml",
            "-o",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("held by process {}", std::process::id())),
        "{stderr}"
    );
    assert!(!dir.path().join("eu-support").exists());
}

#[test]
fn a_rule_that_never_ends_or_says_too_much_is_stopped_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let pack = |message: &str| {
        format!(
            "pack: looping\ntitle: Looping\ndescription: team pack\nrules:\n  - id: TEAM-LOOP\n    \
             title: Loops\n    severity: low\n    controls: [\"team 1\"]\n    description: loops\n    \
             remediation: none\n    require: \"false\"\n    at: name\n    message: \"{message}\"\n"
        )
    };
    std::fs::write(
        dir.path().join("loop.yaml"),
        pack("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"),
    )
    .unwrap();
    twinstack()
        .args(["rules", "--policy-dir"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("loop.yaml:13:"))
        .stderr(predicate::str::contains("ran out of fuel"));

    std::fs::write(
        dir.path().join("loop.yaml"),
        pack("{% for i in range(5000) %}xxxxx{% endfor %}"),
    )
    .unwrap();
    twinstack()
        .args(["rules", "--policy-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("its message is 25000 characters"));
}
