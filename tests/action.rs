//! The GitHub Action (`action.yml`) and the pre-commit hook (`.pre-commit-hooks.yaml`) use only
//! what exists: declared inputs, twinstack subcommands and flags in `--help`, and their shell
//! steps do what they say when run with the binary this build made.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_yaml::Value;

fn action() -> Value {
    serde_yaml::from_str(&std::fs::read_to_string("action.yml").unwrap()).unwrap()
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_twinstack"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

fn steps(action: &Value) -> Vec<&Value> {
    action["runs"]["steps"]
        .as_sequence()
        .expect("runs.steps")
        .iter()
        .collect()
}

/// Every `inputs.NAME` in an expression, anywhere in the action.
fn referenced_inputs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("inputs.") {
        let name: String = rest[at + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        out.insert(name);
        rest = &rest[at + 7..];
    }
    out
}

#[test]
fn inputs_used_are_declared_and_declared_are_used() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let declared: BTreeSet<String> = action["inputs"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    for required in ["paths", "format", "fail-on"] {
        assert!(declared.contains(required), "input {required} missing");
    }
    let runs = serde_yaml::to_string(&action["runs"]).unwrap();
    let outputs = serde_yaml::to_string(&action["outputs"]).unwrap();
    let used = referenced_inputs(&format!("{runs}\n{outputs}"));
    assert_eq!(used, declared, "inputs used vs declared");
    // The SARIF goes to code scanning through GitHub's own action.
    assert!(
        steps(&action).iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))),
        "no upload-sarif step"
    );
}

#[test]
fn twinstack_flags_in_the_action_exist() {
    let action = action();
    let lint_help = help(&["lint"]);
    let mut checked = 0;
    for step in steps(&action) {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        // Every flag outside the install line is one of `twinstack lint`'s.
        for line in script.lines().filter(|l| !l.contains("cargo install")) {
            let words: Vec<&str> = line.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                let flag = w
                    .rsplit('(')
                    .next()
                    .unwrap_or_default()
                    .trim_matches(|c| c == ')' || c == '"');
                if flag.starts_with("--") && flag.len() > 2 {
                    assert!(
                        lint_help.contains(&format!("{flag} "))
                            || lint_help.contains(&format!("{flag}\n")),
                        "`{flag}` is not a flag of `twinstack lint`"
                    );
                    checked += 1;
                    // A literal format value must be one lint knows.
                    if flag == "--format"
                        && let Some(value) = words.get(i + 1)
                        && !value.starts_with('"')
                    {
                        assert!(
                            lint_help.contains(&format!("- {value}:")),
                            "`--format {value}` is not a format of `twinstack lint`"
                        );
                    }
                }
            }
        }
    }
    assert!(checked >= 5, "only {checked} flags checked");
    // The format input's documented values are lint's formats.
    let described = action["inputs"]["format"]["description"].as_str().unwrap();
    for f in ["human", "json", "sarif", "junit", "github", "markdown"] {
        assert!(described.contains(f));
        assert!(lint_help.contains(&format!("- {f}:")), "{f}");
    }
}

/// Runs the action's shell steps (not the upload) with this build's binary on PATH.
fn run_steps(paths: &str, fail_on: &str, format: &str) -> (i32, String, BTreeMap<String, String>) {
    let action = action();
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = dir.path().join("output");
    let summary = dir.path().join("summary");
    let sarif = dir.path().join("twinstack.sarif");
    let inputs: BTreeMap<&str, String> = [
        ("paths", paths.to_owned()),
        ("format", format.to_owned()),
        ("fail-on", fail_on.to_owned()),
        ("sarif-file", sarif.display().to_string()),
    ]
    .into();
    let mut log = String::new();
    let mut last = 0;
    for step in steps(&action) {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        if script.contains("cargo install") {
            continue; // the binary under test stands in for the installed one
        }
        if let Some(cond) = step["if"].as_str()
            && cond.contains("inputs.format != 'github'")
            && format == "github"
        {
            continue;
        }
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .env("PATH", &path)
            .env("RUNNER_TEMP", dir.path())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                let v = v.as_str().unwrap();
                let name = v.trim_start_matches("${{ inputs.").trim_end_matches(" }}");
                cmd.env(k.as_str().unwrap(), &inputs[name]);
            }
        }
        let out = cmd.output().unwrap();
        log.push_str(&String::from_utf8_lossy(&out.stdout));
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        last = out.status.code().unwrap_or(-1);
        if last != 0 {
            break;
        }
    }
    let mut files = BTreeMap::new();
    for (name, p) in [
        ("sarif", &sarif),
        ("output", &output),
        ("summary", &summary),
    ] {
        files.insert(
            name.to_owned(),
            std::fs::read_to_string(p).unwrap_or_default(),
        );
    }
    (last, log, files)
}

#[test]
fn the_action_passes_clean_blueprints_and_fails_on_findings() {
    let (code, log, files) = run_steps("blueprints", "", "markdown");
    assert_eq!(code, 0, "{log}");
    let sarif: serde_json::Value = serde_json::from_str(&files["sarif"]).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(files["output"].contains("file="), "{}", files["output"]);
    assert!(
        !files["summary"].is_empty(),
        "markdown report not in the summary"
    );

    // Two paths, one with findings: annotations are printed and the last step fails.
    let (code, log, _) = run_steps(
        "blueprints/eu-support.yaml\ntests/rules/bases/hipaa.yaml",
        "",
        "github",
    );
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("::error file=tests/rules/bases/hipaa.yaml"),
        "{log}"
    );

    // fail-on critical still fails on the critical BAA finding; an unreadable path is exit 2.
    let (code, _, _) = run_steps("tests/rules/bases/hipaa.yaml", "critical", "human");
    assert_eq!(code, 1);
    let (code, _, _) = run_steps("no/such/blueprints", "", "human");
    assert_eq!(code, 2);
}

#[test]
fn the_pre_commit_hook_runs_a_real_command() {
    let hooks: Value =
        serde_yaml::from_str(&std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap()).unwrap();
    let hook = &hooks.as_sequence().unwrap()[0];
    assert_eq!(hook["id"].as_str(), Some("twinstack-lint"));
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "twinstack");
    // The subcommand exists, and pre-commit's rust language builds this crate.
    help(&[entry[1]]);
    assert_eq!(hook["language"].as_str(), Some("rust"));
}
