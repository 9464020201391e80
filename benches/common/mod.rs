//! The blueprints both benchmarks use: 1,000 of them, varied on purpose — packs, clouds,
//! regions, routings, knowledge bases, waivers; some with findings.

use std::path::PathBuf;

pub const BLUEPRINTS: usize = 1_000;

/// A deterministic blueprint from a number: every combination of the choices below comes up.
pub fn blueprint(i: usize) -> String {
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
        "  - name: chat\n    model: claude-sonnet-5-5\n    clouds: [aws]\n    routing: geo\n",
        "  - name: chat\n    model: gpt-5-1\n    routing: regional\n    critical: true\n",
        "  - name: chat\n    model: gpt-5-1\n    clouds: [azure]\n    routing: geo\n    usage:\n      input_tokens_per_month: 90000000\n      output_tokens_per_month: 9000000\n",
        "  - name: chat\n    model: claude-sonnet-5-5\n    clouds: [aws]\n    routing: geo\n  - name: drafter\n    model: gpt-5-1\n    clouds: [azure]\n    throughput: provisioned\n    units: 50\n    commitment: 1-month\n",
        "  - name: chat\n    model: llama-4-maverick\n    routing: global\n",
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

/// One blueprint with `models` models: the hostile-size case (a file, not a folder, that grows).
#[allow(dead_code)] // used by the lint bench only
pub fn big_blueprint(models: usize) -> String {
    let mut text = String::from(
        "version: 1\nname: big\nowner: team@example.com\nresidency: any\n\
         data:\n  classes: [internal]\n  purpose: size test\n\
         clouds:\n  azure: {region: eastus2, cidr: 10.0.0.0/16}\nmodels:\n",
    );
    for i in 0..models {
        text.push_str(&format!(
            "  - {{name: m{i}, model: gpt-5-1, routing: global}}\n"
        ));
    }
    text
}

/// Writes the blueprints into a fresh temporary folder and returns it.
pub fn write_blueprints(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twinstack-bench-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..BLUEPRINTS {
        std::fs::write(dir.join(format!("bench-{i:04}.yaml")), blueprint(i)).unwrap();
    }
    dir
}

/// Runs a command `runs` times after one warm-up; returns the sorted wall times and the warm-up's stdout.
pub fn time(
    runs: usize,
    mut run: impl FnMut() -> std::process::Output,
) -> (Vec<std::time::Duration>, Vec<u8>) {
    let warm = run();
    let mut times: Vec<_> = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            let out = run();
            let elapsed = start.elapsed();
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            elapsed
        })
        .collect();
    times.sort();
    (times, warm.stdout)
}

/// `min …, median …, max …` in milliseconds.
pub fn summary(times: &[std::time::Duration]) -> String {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    format!(
        "min {:.0} ms, median {:.0} ms, max {:.0} ms over {} runs",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    )
}
