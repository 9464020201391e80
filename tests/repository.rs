//! A linter that fits a repository (issue #12): folder walks respect `.gitignore` and the
//! `exclude`/`include` globs of `twinstack.toml`, `--verbose` says what was skipped, the config
//! is found from a sub-folder, and the repository's own `lint .` reads its blueprints only.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR")
        .env("COLUMNS", "400")
        .args(["--color", "never"]);
    cmd
}

fn copy(example: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(format!("blueprints/{example}.yaml"), to).unwrap();
}

/// A repository in a temporary folder: `.git`, two blueprints, and a broken YAML file in a
/// folder a real repository would not want linted.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    copy("eu-support", &dir.path().join("blueprints/eu.yaml"));
    copy("case-triage", &dir.path().join("blueprints/triage.yaml"));
    std::fs::create_dir_all(dir.path().join("fixtures")).unwrap();
    std::fs::write(dir.path().join("fixtures/broken.yaml"), "version: [\n").unwrap();
    dir
}

#[test]
fn gitignore_is_respected_and_a_named_file_is_read_anyway() {
    let repo = repository();
    std::fs::write(repo.path().join(".gitignore"), "fixtures/\n").unwrap();
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "--today", "2026-11-22", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 blueprints"));
    // Named on the command line, an ignored file is read (as ruff does).
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "fixtures/broken.yaml"])
        .assert()
        .code(2);
    // --verbose names what was passed over, and why.
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "--verbose", "--today", "2026-11-22", "."])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "skipped fixtures: ignored by a .gitignore, .ignore or git exclude file",
        ))
        .stderr(predicate::str::contains("2 files to read, 1 skipped"));
}

#[test]
fn exclude_and_include_globs_are_relative_to_the_config() {
    let repo = repository();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        "exclude = [\"/fixtures/\"]\ninclude = [\"**/eu.yaml\", \"fixtures/*.yaml\"]\n",
    )
    .unwrap();
    // From a sub-folder the root's config applies: its globs are relative to its own folder.
    twinstack()
        .current_dir(repo.path().join("blueprints"))
        .args(["lint", "--verbose", "--today", "2026-11-22", ".."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 blueprint:"))
        .stderr(predicate::str::contains("using ../twinstack.toml"))
        .stderr(predicate::str::contains(
            "skipped ../fixtures: excluded by `/fixtures/` in ../twinstack.toml",
        ))
        .stderr(predicate::str::contains(
            "skipped ../blueprints/triage.yaml: not matched by `include` in ../twinstack.toml",
        ));
    // A folder named on the command line is walked even when excluded itself.
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "fixtures"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fixtures/broken.yaml"));
}

#[test]
fn a_folder_whose_files_are_all_skipped_says_so() {
    let repo = repository();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        "exclude = [\"*.yaml\"]\n",
    )
    .unwrap();
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "blueprints"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the folder holds no blueprint"))
        .stderr(predicate::str::contains(
            "`--verbose` lists what a folder walk skips",
        ));
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "-v", "blueprints"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "skipped blueprints/eu.yaml: excluded by `*.yaml` in twinstack.toml",
        ))
        .stderr(predicate::str::contains(
            "2 file(s) or folder(s) in it were skipped",
        ));
}

#[test]
fn the_config_is_found_from_a_sub_folder_up_to_the_repository_root() {
    let repo = repository();
    let team = std::fs::canonicalize("tests/fixtures/packs/team").unwrap();
    std::fs::copy(
        "tests/fixtures/packs/uses-acme.yaml",
        repo.path().join("blueprints/acme.yaml"),
    )
    .unwrap();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        format!(
            "policy_dirs = [{:?}]\nexclude = [\"/fixtures/\"]\n",
            team.to_string_lossy()
        ),
    )
    .unwrap();
    // The team pack `acme` loads from the root's config: no "unknown policy pack".
    let out = twinstack()
        .current_dir(repo.path().join("blueprints"))
        .args(["lint", "--today", "2026-11-22", ".."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unknown policy pack"), "{stderr}");
    assert_ne!(out.status.code(), Some(2), "{stderr}");

    // The walk stops at the repository root: a config above it is not read.
    let inner = repo.path().join("inner");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    copy("eu-support", &inner.join("eu.yaml"));
    twinstack()
        .current_dir(&inner)
        .args(["lint", "--verbose", "--today", "2026-11-22", "."])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("using").not());
}

#[test]
fn a_bad_glob_is_refused_at_its_place() {
    let repo = repository();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        "fail_on = \"high\"\nexclude = [\"ok/\", \"a/{b\"]\n",
    )
    .unwrap();
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config::invalid-glob"))
        .stderr(predicate::str::contains("twinstack.toml:2:19"));
}

/// Issue #12, done means: `twinstack lint .` at the repository root reads the blueprints only.
#[test]
fn lint_dot_at_this_repository_root_has_no_unreadable_files() {
    let out = twinstack()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["lint", "--today", "2026-11-22", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    assert!(!stdout.contains("could not be loaded"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// Issue #10: a threshold that means nothing is refused where it is written.
#[test]
fn a_negative_or_zero_day_threshold_is_refused_at_its_place() {
    let repo = repository();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        "[parameters.hipaa]\nmin_retention_days = -5\n\n[parameters.gdpr]\nmax_retention_days = 0\n",
    )
    .unwrap();
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "blueprints"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("twinstack.toml:2:22"))
        .stderr(predicate::str::contains("must not be negative"))
        .stderr(predicate::str::contains("twinstack.toml:5:22"))
        .stderr(predicate::str::contains("must be at least 1 day"));
}

#[test]
fn no_config_reads_no_settings_file() {
    let repo = repository();
    std::fs::write(
        repo.path().join("twinstack.toml"),
        "fail_on = \"nonsense\"\n",
    )
    .unwrap();
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "blueprints"])
        .assert()
        .code(2);
    twinstack()
        .current_dir(repo.path())
        .args(["lint", "--no-config", "--today", "2026-11-22", "blueprints"])
        .assert()
        .code(0);
}
