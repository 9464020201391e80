//! Speed work must not change a byte of output: every lint format, the rendered tree and the
//! graph JSON of the example blueprints and of a fixed slice of the benchmark corpus
//! (`benches/common`) are compared with digests recorded before the pipeline was reworked
//! (`tests/golden/outputs.txt`). A digest per output keeps the golden file small; on a
//! mismatch the new output is written next to the test's temporary folder to diff by hand.
//!
//! Regenerate, after reading what changed: `TWINSTACK_UPDATE_GOLDEN=1 cargo test --test golden`.

#[path = "../benches/common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

/// How many corpus blueprints: every model/pack combination comes up more than twice.
const CORPUS: usize = 50;
const GOLDEN: &str = "tests/golden/outputs.txt";

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Runs twinstack in `dir`; returns exit code, stdout, stderr.
fn twinstack(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_twinstack"))
        .current_dir(dir)
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

/// A digest of every file below `root`: sorted relative paths and contents.
fn tree_digest(root: &Path) -> (usize, String) {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_owned())
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        let body = std::fs::read(f).unwrap();
        hasher.update((body.len() as u64).to_le_bytes());
        hasher.update(&body);
    }
    let digest = hasher.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    (files.len(), digest)
}

/// Every output of one input folder `input` (relative to `dir`), as `label exit bytes digest` lines.
fn outputs(dir: &Path, input: &str, tag: &str, keep: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    let record = |label: String, code: i32, stdout: &[u8], stderr: &[u8]| {
        std::fs::write(keep.join(&label), stdout).unwrap();
        format!(
            "{label} exit={code} stdout={}:{} stderr={}:{}",
            stdout.len(),
            hex(stdout),
            stderr.len(),
            hex(stderr)
        )
    };
    for format in ["human", "json", "sarif", "junit", "github", "markdown"] {
        let (code, out, err) = twinstack(
            dir,
            &[
                "lint",
                "--color",
                "never",
                "--today",
                "2026-11-22",
                "--format",
                format,
                input,
            ],
        );
        lines.push(record(format!("{tag}.lint.{format}"), code, &out, &err));
    }
    let rendered = format!("{tag}-rendered");
    let (code, out, err) = twinstack(
        dir,
        &[
            "render",
            "--color",
            "never",
            "--allow-findings",
            "--today",
            "2026-11-22",
            "-o",
            &rendered,
            input,
        ],
    );
    lines.push(record(format!("{tag}.render"), code, &out, &err));
    let (count, digest) = tree_digest(&dir.join(&rendered));
    lines.push(format!("{tag}.render.tree files={count} {digest}"));
    // Without --allow-findings: refused blueprints are reported on stderr, nothing is written.
    let (code, out, err) = twinstack(
        dir,
        &[
            "render",
            "--color",
            "never",
            "--today",
            "2026-11-22",
            "-o",
            &format!("{tag}-refused"),
            input,
        ],
    );
    lines.push(record(format!("{tag}.render.strict"), code, &out, &err));
    let (code, out, err) = twinstack(
        dir,
        &["graph", "--color", "never", "--format", "json", input],
    );
    lines.push(record(format!("{tag}.graph.json"), code, &out, &err));
    lines
}

#[test]
fn output_is_byte_identical_to_the_golden_digests() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("outputs");
    std::fs::create_dir_all(&keep).unwrap();
    // The examples, copied so that render writes into the temporary folder.
    let examples = dir.path().join("blueprints");
    std::fs::create_dir_all(&examples).unwrap();
    for entry in std::fs::read_dir("blueprints").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, examples.join(path.file_name().unwrap())).unwrap();
        }
    }
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..CORPUS {
        std::fs::write(
            corpus.join(format!("bench-{i:04}.yaml")),
            common::blueprint(i),
        )
        .unwrap();
    }
    let mut lines = outputs(dir.path(), "blueprints", "examples", &keep);
    lines.extend(outputs(dir.path(), "corpus", "corpus", &keep));
    let actual = lines.join("\n") + "\n";
    if std::env::var_os("TWINSTACK_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all("tests/golden").unwrap();
        std::fs::write(GOLDEN, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(GOLDEN).unwrap();
    if expected != actual {
        let kept = dir.keep();
        panic!(
            "outputs differ from {GOLDEN}; the new outputs are in {}\n--- expected\n{expected}--- actual\n{actual}",
            kept.join("outputs").display()
        );
    }
}

/// More blueprints than one render batch (64) or one lint chunk (256): the batched render
/// writes exactly what the all-in-memory `render --check` expects, and lint reports files in
/// input order across chunks.
#[test]
fn batches_and_chunks_keep_output_whole_and_in_order() {
    const MANY: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..MANY {
        std::fs::write(
            corpus.join(format!("bench-{i:04}.yaml")),
            common::blueprint(i),
        )
        .unwrap();
    }
    let today = ["--today", "2026-11-22", "--color", "never"];
    let (code, _, err) = twinstack(
        dir.path(),
        &[
            &["render", "--allow-findings", "-o", "out"][..],
            &today,
            &["corpus"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let (code, out, _) = twinstack(
        dir.path(),
        &[
            &["render", "--allow-findings", "--check", "-o", "out"][..],
            &today,
            &["corpus"],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out));
    assert_eq!(
        String::from_utf8_lossy(&out),
        format!("out is up to date ({MANY} blueprints).\n")
    );

    let (_, out, _) = twinstack(
        dir.path(),
        &[&["lint", "--format", "json"][..], &today, &["corpus"]].concat(),
    );
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        files.windows(2).all(|w| w[0] <= w[1]),
        "findings out of file order"
    );
    assert!(files.contains(&"corpus/bench-0299.yaml"));
    assert_eq!(report["summary"]["files"], MANY);
}

/// A report too large for memory's share of the spool (`src/report/spool.rs`) is read back whole
/// from its temporary file; when no temporary file can be made, lint says so and exits 2 rather
/// than print a truncated document.
#[test]
fn a_report_past_the_in_memory_spool_is_whole_or_refused() {
    // 300 corpus blueprints make a JSON report of about 1.2 MB, spooled as written: past the
    // 1 MiB kept in memory.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..300 {
        std::fs::write(
            corpus.join(format!("bench-{i:04}.yaml")),
            common::blueprint(i),
        )
        .unwrap();
    }
    let (code, json, _) = twinstack(dir.path(), &["lint", "corpus", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(
        json.len() > 1 << 20,
        "the report must pass the in-memory limit"
    );
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let findings = json["findings"].as_array().unwrap().len();
    let summary = &json["summary"];
    assert_eq!(
        findings as u64,
        summary["failed"].as_u64().unwrap() + summary["waived"].as_u64().unwrap()
    );

    let (code, sarif, _) = twinstack(dir.path(), &["lint", "corpus", "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings);
    assert!(results.iter().all(|r| r["ruleIndex"].is_u64()));

    let out = Command::new(env!("CARGO_BIN_EXE_twinstack"))
        .current_dir(dir.path())
        .env("TMPDIR", dir.path().join("no-such-folder"))
        .args(["lint", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no partial report");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the report"), "{stderr}");
    assert!(stderr.contains("TMPDIR"), "{stderr}");
}

/// `render --check` compares batch by batch: what is out of date in any batch is reported, in
/// blueprint order, and a current tree passes.
#[test]
fn render_check_reports_staleness_in_every_batch() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // More blueprints than one batch of 32.
    for i in 0..70 {
        std::fs::write(
            corpus.join(format!("bench-{i:04}.yaml")),
            common::blueprint(i),
        )
        .unwrap();
    }
    let render = [
        "render",
        "corpus",
        "-o",
        "out",
        "--allow-findings",
        "--quiet",
    ];
    let (code, _, _) = twinstack(dir.path(), &render);
    assert_eq!(code, 0);
    let check = [
        "render",
        "corpus",
        "-o",
        "out",
        "--allow-findings",
        "--check",
    ];
    let (code, _, stderr) = twinstack(dir.path(), &check);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));

    let mut folders: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 70);
    // One change in the first batch, one in the last.
    for folder in [&folders[3], &folders[65]] {
        std::fs::write(folder.join("README.md"), "edited\n").unwrap();
    }
    let (code, stdout, stderr) = twinstack(dir.path(), &check);
    assert_eq!(code, 1);
    let stdout = String::from_utf8(stdout).unwrap();
    let first = folders[3]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let last = folders[65]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let (a, b) = (
        stdout
            .find(&format!("{first}/README.md"))
            .expect("first batch reported"),
        stdout
            .find(&format!("{last}/README.md"))
            .expect("last batch reported"),
    );
    assert!(a < b, "reported in blueprint order");
    assert!(String::from_utf8_lossy(&stderr).contains("2 file(s)"));
}
