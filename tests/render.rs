//! `twinstack render`: the committed `generated/` is the golden output of the examples; more
//! fixtures cover the paths the examples do not take; `--check` reports stale, missing and extra
//! files; blueprints with findings are refused; and no text from a blueprint can escape its
//! string literal in Terraform or Bicep (property test).

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use twinstack::blueprint::{LoadedBlueprint, load_file, load_source};
use twinstack::catalog::Catalog;
use twinstack::commands::render::render_one;
use twinstack::plan::resolve;
use twinstack::render::Input;
use twinstack::source::SourceFile;

fn render(loaded: &LoadedBlueprint) -> BTreeMap<String, String> {
    let plan = resolve(&loaded.blueprint, Catalog::embedded());
    render_one(&Input::new(loaded, &plan, Catalog::embedded(), Vec::new())).unwrap()
}

fn files_under(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn parses_as_hcl(files: &BTreeMap<String, String>) {
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".tf")) {
        hcl::from_str::<hcl::Body>(text).unwrap_or_else(|e| panic!("{name} is not valid HCL: {e}"));
    }
}

#[test]
fn examples_render_to_the_committed_generated_folder() {
    for entry in std::fs::read_dir("blueprints").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let loaded = load_file(&path, Catalog::embedded()).unwrap();
        let rendered = render(&loaded);
        let on_disk = files_under(&Path::new("generated").join(&loaded.blueprint.name));
        let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&rendered),
            names(&on_disk),
            "{}: files differ; run `cargo run -- render blueprints`",
            path.display()
        );
        for (name, text) in &rendered {
            assert!(
                text == &on_disk[name],
                "{}: generated/{}/{name} is stale; run `cargo run -- render blueprints`",
                path.display(),
                loaded.blueprint.name
            );
        }
        assert!(
            rendered.keys().any(|k| k.starts_with("aws/"))
                && rendered.keys().any(|k| k.starts_with("azure/")),
            "both clouds"
        );
        parses_as_hcl(&rendered);
        assert_eq!(render(&loaded), rendered, "rendering is deterministic");
    }
}

#[test]
fn fixtures_cover_the_other_paths() {
    insta::glob!("fixtures/render/*.yaml", |path| {
        let loaded = load_file(path, Catalog::embedded()).unwrap();
        let rendered = render(&loaded);
        parses_as_hcl(&rendered);
        let mut all = String::new();
        for (name, text) in &rendered {
            all.push_str(&format!("==> {name} <==\n{text}\n"));
        }
        insta::assert_snapshot!(all);
    });
}

fn twinstack(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("twinstack")
        .unwrap()
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
fn check_passes_on_the_committed_output() {
    let (code, stdout, stderr) = twinstack(&["render", "blueprints", "--check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("up to date (4 blueprints)"), "{stdout}");
}

#[test]
fn check_reports_stale_missing_and_extra_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, _, stderr) = twinstack(&["render", "blueprints/fraud-signals.yaml", "-o", out]);
    assert_eq!(code, 0, "{stderr}");
    let root = dir.path().join("fraud-signals");
    let budget = root.join("aws/budget.tf");
    std::fs::write(
        &budget,
        std::fs::read_to_string(&budget)
            .unwrap()
            .replace("40000", "41000"),
    )
    .unwrap();
    std::fs::remove_file(root.join("azure/main.bicepparam")).unwrap();
    std::fs::write(root.join("aws/leftover.tf"), "# old\n").unwrap();
    let (code, stdout, stderr) = twinstack(&[
        "render",
        "blueprints/fraud-signals.yaml",
        "-o",
        out,
        "--check",
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("-  limit_amount = \"41000\"")
            && stdout.contains("+  limit_amount = \"40000\""),
        "{stdout}"
    );
    assert!(stdout.contains("main.bicepparam (missing)"), "{stdout}");
    assert!(
        stdout.contains("leftover.tf (would be removed)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("3 file(s)") && stderr.contains("out of date"),
        "{stderr}"
    );
    // --check never writes.
    assert!(!root.join("azure/main.bicepparam").exists());
}

#[test]
fn blueprints_with_findings_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let args = [
        "render",
        "--color",
        "never",
        "--today",
        "2026-11-22",
        "tests/fixtures/render/has-findings.yaml",
        "blueprints/eu-support.yaml",
        "-o",
        out,
    ];
    let (code, _, stderr) = twinstack(&args);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("HIPAA-DOC-RETENTION") && stderr.contains("nothing was rendered"),
        "{stderr}"
    );
    assert!(
        !Path::new(out).exists(),
        "all or nothing: the clean blueprint is not written either"
    );

    let mut allowed = args.to_vec();
    allowed.push("--allow-findings");
    let (code, _, stderr) = twinstack(&allowed);
    assert_eq!(code, 0, "{stderr}");
    let header =
        std::fs::read_to_string(Path::new(out).join("findings-demo/aws/versions.tf")).unwrap();
    assert!(header.contains("WARNING: rendered with --allow-findings despite unresolved findings: HIPAA-BAA-REF, HIPAA-BAA-SCOPE, HIPAA-DOC-RETENTION\n"), "{header}");
}

#[test]
fn output_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("generated");
    std::fs::write(&file, "not a folder").unwrap();
    let (code, _, stderr) = twinstack(&[
        "render",
        "blueprints/eu-support.yaml",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is a file; --output names the folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn blueprints_with_the_same_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for copy in ["a.yaml", "b.yaml"] {
        std::fs::copy("blueprints/eu-support.yaml", dir.path().join(copy)).unwrap();
    }
    let (code, _, stderr) = twinstack(&[
        "render",
        "--today",
        "2026-11-22",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("are both named `eu-support`"), "{stderr}");
}

#[test]
fn unloadable_input_renders_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, _) = twinstack(&[
        "render",
        "blueprints",
        "tests/fixtures/malformed/unknown-model.yaml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(!out.exists());
}

/// Reverses Bicep string escaping, to find a value back in a generated literal.
fn bicep_unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The single-quoted literal after `prefix` on its line, with escapes intact.
fn bicep_literal_after<'a>(text: &'a str, prefix: &str) -> &'a str {
    let start = text.find(prefix).unwrap() + prefix.len();
    let rest = &text[start..];
    let mut end = 0;
    let bytes = rest.as_bytes();
    while end < bytes.len() {
        match bytes[end] {
            b'\\' => end += 2,
            b'\'' => break,
            _ => end += 1,
        }
    }
    &rest[..end]
}

/// Whether a Bicep literal's text holds an unescaped `${`.
fn has_interpolation(literal: &str) -> bool {
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '$' if chars.peek() == Some(&'{') => return true,
            _ => {}
        }
    }
    false
}

#[test]
fn interpolation_detector_sees_the_difference() {
    assert!(has_interpolation("a ${b}"));
    assert!(!has_interpolation("a \\${b}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Whatever the description says — quotes, backslashes, `${...}`, `%{...}`, any script —
    /// it comes back as the same literal string from both clouds' output.
    #[test]
    fn hostile_descriptions_stay_literal(description in "[a-zA-Z0-9 \"'\\\\$%{}()\\[\\]#/*!~`<>;&|=é中🙂-]{1,120}") {
        let text = format!(
            "version: 1\nname: escape-test\ndescription: \"{}\"\nowner: a@example.com\nresidency: us\n\
             clouds:\n  aws:\n    region: us-east-1\n    cidr: 10.0.0.0/16\n  azure:\n    region: eastus2\n    cidr: 10.1.0.0/16\n\
             models:\n  - name: m\n    model: gpt-4o\n",
            description.replace('\\', "\\\\").replace('"', "\\\"")
        );
        let loaded = load_source(SourceFile::from_text("escape-test.yaml", text), Catalog::embedded()).unwrap();
        prop_assert_eq!(loaded.blueprint.description.as_deref(), Some(description.as_str()));
        let rendered = render(&loaded);

        let keys: hcl::Body = hcl::from_str(&rendered["aws/keys.tf"]).unwrap();
        let kms = keys.blocks().find(|b| b.labels().first().is_some_and(|l| l.as_str() == "aws_kms_key")).unwrap();
        let value = kms.body().attributes().find(|a| a.key() == "description").unwrap().expr().clone();
        let expected = format!("escape-test primary region: logs, guardrail, archive and knowledge base. {description}");
        prop_assert_eq!(value, hcl::Expression::String(expected));

        let main = &rendered["azure/main.bicep"];
        let literal = bicep_literal_after(main, "output description string = '");
        prop_assert_eq!(bicep_unescape(literal), description.clone());
        prop_assert!(!has_interpolation(literal), "an interpolation survived: {literal}");
    }
}

#[test]
fn a_file_name_cannot_write_into_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\nresource \"null_resource\" \"pwn\" {}\n\u{202e}-->`#.yaml";
    std::fs::copy("blueprints/eu-support.yaml", dir.path().join(name)).unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = twinstack(&[
        "render",
        "--today",
        "2026-11-22",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let files = files_under(&out.join("eu-support"));
    assert!(files.keys().any(|f| f.ends_with(".bicep")) && files.contains_key("README.md"));
    for (file, text) in &files {
        let header = text.lines().next().unwrap();
        assert!(
            header.contains(r#"evil\nresource "null_resource" "pwn" {}\n\u{202e}-"#),
            "{file}: {header}"
        );
        for line in text.lines() {
            assert!(
                !line.starts_with("resource \"null_resource\""),
                "{file}: {line}"
            );
        }
        assert!(!text.contains('\u{202e}'), "{file}");
    }
    let comment = files["README.md"].lines().next().unwrap();
    assert!(
        comment.starts_with("<!--") && comment.matches("-->").count() == 1,
        "{comment}"
    );
    parses_as_hcl(&files);
}

/// A test offer that sells Bedrock provisioned throughput in both regions (no current base model
/// does in the built-in catalog), so the failover choice can be rendered on AWS too.
const PT_OFFER: &str = "models:
- key: test-pt
  name: Test PT model
  vendor: Test
  kind: chat
  open_weights: true
  offers:
  - cloud: aws
    partition: aws
    id: test.pt-model-v1:0
    endpoints: [bedrock-runtime]
    apis: [invoke-model, converse]
    features: {guardrails: true, invocation_logging: true, private_endpoint: true, application_profile: true}
    lifecycle: {status: active}
    hipaa: unconfirmed
    in_region: [us-east-1, us-west-2]
    provisioned: {regions: [us-east-1, us-west-2], commitments: [no-commitment, 1-month, 6-month]}
    confidence: unverified
    verified: '2026-11-22'
    source: a test offer for the renderer, not a provider fact
";

/// `failover_capacity` decides what the failover region gets, on both clouds: on demand by
/// default (no reservation there), the primary's units when it says provisioned.
#[test]
fn failover_capacity_decides_the_failover_reservation() {
    let mut files: Vec<(&str, &str)> = twinstack::catalog::BUILTIN_FILES.to_vec();
    files.push(("team/pt.yaml", PT_OFFER));
    let catalog = twinstack::catalog::load_sources(files).unwrap();
    let blueprint = |capacity: &str| {
        format!(
            "version: 1
name: standby-demo
owner: team@example.com
residency: us
clouds:
  aws: {{ region: us-east-1, failover_region: us-west-2, cidr: 10.10.0.0/16 }}
models:
  - name: writer
    model: test-pt
    throughput: provisioned
    units: 1
    commitment: 1-month
    failover_capacity: {capacity}
"
        )
    };
    for (capacity, failover_pt) in [("on-demand", false), ("provisioned", true)] {
        let loaded = load_source(
            SourceFile::from_text("standby.yaml", blueprint(capacity)),
            &catalog,
        )
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        let plan = resolve(&loaded.blueprint, &catalog);
        let rendered =
            twinstack::render::aws::render(&Input::new(&loaded, &plan, &catalog, Vec::new()))
                .unwrap();
        let models = &rendered["models.tf"];
        assert!(
            models.contains("resource \"aws_bedrock_provisioned_model_throughput\" \"writer\""),
            "{models}"
        );
        assert_eq!(
            models.contains(
                "resource \"aws_bedrock_provisioned_model_throughput\" \"writer_failover\""
            ),
            failover_pt,
            "{capacity}: {models}"
        );
        let identity = &rendered["identity.tf"];
        assert_eq!(
            identity.contains(
                "aws_bedrock_provisioned_model_throughput.writer_failover.provisioned_model_arn"
            ),
            failover_pt,
            "{capacity}: the invoker may call what is deployed"
        );
        let bill = twinstack::cost::estimate(
            &loaded,
            &plan,
            &catalog,
            twinstack::date::Day::parse("2026-11-22").unwrap(),
        )
        .unwrap();
        let reserved = bill.clouds[0]
            .lines
            .iter()
            .filter(|l| l.kind == twinstack::cost::Kind::Commitment)
            .count();
        assert_eq!(reserved, 1 + usize::from(failover_pt), "{capacity}");
    }
}

/// What a pack lists under `enforced_by_render` (controls no rule could fail) is held to the
/// rendered examples: each evidence text is in its file for every example deploying the cloud,
/// so the claim fails here the day render stops writing it.
#[test]
fn controls_enforced_by_render_are_in_the_rendered_examples() {
    let set =
        twinstack::policy::PolicySet::load(&[], &twinstack::policy::config::Config::default())
            .unwrap_or_else(|_| panic!("the built-in packs load"));
    let mut paths: Vec<_> = std::fs::read_dir("blueprints")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut checked = 0;
    for path in paths {
        let loaded = load_file(&path, Catalog::embedded()).unwrap();
        let rendered = render(&loaded);
        for pack in &set.packs {
            for claim in &pack.def.enforced_by_render {
                for evidence in &claim.evidence {
                    if loaded.blueprint.clouds.get(evidence.cloud).is_none() {
                        continue;
                    }
                    let file = format!("{}/{}", evidence.cloud.key(), evidence.file);
                    let text = rendered.get(&file).unwrap_or_else(|| {
                        panic!("{}: {} renders no {file}", pack.def.pack, path.display())
                    });
                    assert!(
                        text.contains(&evidence.contains),
                        "{} claims {} are met by render, but {file} of {} has no `{}`",
                        pack.def.pack,
                        claim.controls.join(", "),
                        path.display(),
                        evidence.contains
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 3, "no claim was checked against an example");
}
