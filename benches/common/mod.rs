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
    write_n_blueprints(tag, BLUEPRINTS)
}

/// Writes the first `count` blueprints into a fresh temporary folder and returns it.
pub fn write_n_blueprints(tag: &str, count: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twinstack-bench-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        std::fs::write(dir.join(format!("bench-{i:04}.yaml")), blueprint(i)).unwrap();
    }
    dir
}

/// What one whole process cost: wall time, CPU time in user and kernel mode, peak resident memory.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub wall: std::time::Duration,
    pub user: std::time::Duration,
    pub sys: std::time::Duration,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
    pub exit: i32,
}

#[repr(C)]
struct Timeval {
    sec: i64,
    usec: i64,
}

/// `struct rusage` of Linux on 64-bit targets: two timevals, then fourteen longs.
#[repr(C)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    maxrss: i64,
    rest: [i64; 13],
}

unsafe extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
}

/// Runs `command` with standard output and error discarded and measures it with `wait4`, which
/// reports the resources of exactly that child (Linux).
pub fn measure(command: &mut std::process::Command) -> Cost {
    use std::process::Stdio;
    let start = std::time::Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = i32::try_from(child.id()).unwrap();
    let mut status = 0;
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: `pid` is our child, not yet waited for (`child` is never waited on or killed);
    // `status` and `usage` are valid for writes of their C types.
    let got = unsafe { wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = start.elapsed();
    assert_eq!(got, pid, "wait4 failed");
    std::mem::forget(child);
    let tv = |t: &Timeval| {
        std::time::Duration::from_micros(
            u64::try_from(t.sec * 1_000_000 + t.usec).unwrap_or_default(),
        )
    };
    Cost {
        wall,
        user: tv(&usage.utime),
        sys: tv(&usage.stime),
        // Linux reports kilobytes.
        peak_rss: u64::try_from(usage.maxrss).unwrap_or_default() * 1024,
        exit: if status & 0x7f == 0 {
            (status >> 8) & 0xff
        } else {
            -1
        },
    }
}

/// Runs `make()`'s command once to warm up, then `runs` times; prints and returns the medians.
pub fn report(label: &str, runs: usize, mut make: impl FnMut() -> std::process::Command) -> Cost {
    let warm = measure(&mut make());
    assert!(
        matches!(warm.exit, 0 | 1),
        "{label}: exit code {}",
        warm.exit
    );
    let costs: Vec<Cost> = (0..runs).map(|_| measure(&mut make())).collect();
    let median = |mut v: Vec<std::time::Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut rss: Vec<u64> = costs.iter().map(|c| c.peak_rss).collect();
    rss.sort_unstable();
    let cost = Cost {
        wall: median(costs.iter().map(|c| c.wall).collect()),
        user: median(costs.iter().map(|c| c.user).collect()),
        sys: median(costs.iter().map(|c| c.sys).collect()),
        peak_rss: rss[rss.len() / 2],
        exit: warm.exit,
    };
    let walls: Vec<_> = costs.iter().map(|c| c.wall).collect();
    println!(
        "{label}: wall median {:.2} s (min {:.2}), CPU user {:.2} s + sys {:.2} s, peak RSS {:.0} MB (medians of {runs} runs; wall time depends on what else runs on the machine)",
        cost.wall.as_secs_f64(),
        walls.iter().min().unwrap().as_secs_f64(),
        cost.user.as_secs_f64(),
        cost.sys.as_secs_f64(),
        cost.peak_rss as f64 / 1_048_576.0,
    );
    cost
}
