//! `cargo bench --bench lint`: wall time of the whole `twinstack lint` process on 1,000 generated
//! blueprints (varied packs, clouds, regions, routings, knowledge bases, waivers; some with
//! findings), the way CI runs it. Prints min / median / max over the runs.
//!
//! Target (issue 3): under 1 second on a 2-core machine. Numbers are recorded in the README.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BLUEPRINTS: usize = 1_000;
const RUNS: usize = 15;

/// A deterministic blueprint from a number: every combination of the choices below comes up.
fn blueprint(i: usize) -> String {
    let (residency, aws, aws_failover, azure, azure_failover, pack) = [
        (
            "us",
            "us-east-1",
            "us-west-2",
            "eastus2",
            "westus3",
            "hipaa",
        ),
        (
            "eu",
            "eu-central-1",
            "eu-west-1",
            "swedencentral",
            "germanywestcentral",
            "gdpr",
        ),
        (
            "us-gov",
            "us-gov-west-1",
            "us-gov-east-1",
            "usgovvirginia",
            "usgovarizona",
            "fedramp-high",
        ),
        ("any", "us-east-1", "eu-west-1", "eastus2", "westeurope", ""),
    ][i % 4];
    let models = [
        "  - name: chat\n    model: claude-3-7-sonnet\n    clouds: [aws]\n    routing: geo\n",
        "  - name: chat\n    model: gpt-4o\n    routing: regional\n    critical: true\n",
        "  - name: chat\n    model: gpt-4o-mini\n    clouds: [azure]\n    routing: geo\n    usage:\n      input_tokens_per_month: 90000000\n      output_tokens_per_month: 9000000\n",
        "  - name: chat\n    model: claude-3-5-sonnet\n    clouds: [aws]\n    routing: geo\n  - name: drafter\n    model: gpt-4o\n    clouds: [azure]\n    throughput: provisioned\n    units: 20\n    commitment: 1-month\n",
        "  - name: chat\n    model: llama-3-3-70b\n    routing: global\n",
    ][(i / 4) % 5];
    let compliance = if pack.is_empty() {
        String::new()
    } else {
        format!("compliance: [{pack}]\n")
    };
    let kb = if i.is_multiple_of(3) {
        "knowledge_base:\n  store: pgvector\n  embedding_model: titan-embed-text-v2\n"
    } else {
        ""
    };
    let retention = [90, 365, 1096, 2192][(i / 20) % 4];
    let waiver = if i.is_multiple_of(7) {
        "waivers:\n  - rule: HIPAA-DOC-RETENTION\n    reason: archive kept by the records team (REC-12)\n    expires: 2027-06-30\n"
    } else {
        ""
    };
    format!(
        "version: 1\nname: bench-{i}\nowner: team-{i}@example.com\ntags:\n  cost-center: cc-{i}\n{compliance}residency: {residency}\n\
         data:\n  classes: [personal]\n  purpose: benchmark workload {i}\n\
         clouds:\n  aws:\n    region: {aws}\n    failover_region: {aws_failover}\n    cidr: 10.{}.0.0/16\n  azure:\n    region: {azure}\n    failover_region: {azure_failover}\n    cidr: 10.{}.0.0/16\n\
         models:\n{models}logging:\n  retention_days: {retention}\n{kb}budget:\n  monthly_usd: 5000\n  notify: [finops@example.com]\n\
         alerts:\n  security_contact: secops@example.com\n{waiver}",
        i % 200,
        i % 200 + 1
    )
}

fn main() {
    let dir = std::env::temp_dir().join(format!("twinstack-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..BLUEPRINTS {
        std::fs::write(dir.join(format!("bench-{i:04}.yaml")), blueprint(i)).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack"));
    let run = || {
        let start = Instant::now();
        let out = Command::new(bin)
            .args(["lint", "--format", "json", "--today", "2026-11-22"])
            .arg(&dir)
            .output()
            .unwrap();
        let elapsed = start.elapsed();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "lint failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (elapsed, out.stdout)
    };
    let (_, stdout) = run(); // warm the page cache
    let summary: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run().0).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lint {BLUEPRINTS} blueprints ({} findings, {} checks passed): min {:.0} ms, median {:.0} ms, max {:.0} ms over {RUNS} runs",
        summary["summary"]["failed"],
        summary["summary"]["passed"],
        ms(times[0]),
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1])
    );
    std::fs::remove_dir_all(&dir).ok();
}
