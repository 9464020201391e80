//! `cargo bench --bench lint`: wall time of the whole `twinstack lint` process on 1,000 generated
//! blueprints (`common`), the way CI runs it. Target (issue 3): under 1 second on 2 cores. Then
//! one blueprint with 9,900 models, which must cost about what 9,900 small files cost: lint is
//! linear in the size of a file, not quadratic.

mod common;

use std::path::Path;
use std::process::Command;

const RUNS: usize = 15;

fn main() {
    let dir = common::write_blueprints("lint");
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack"));
    let (times, stdout) = common::time(RUNS, || {
        Command::new(bin)
            .args(["lint", "--format", "json", "--today", "2026-11-22"])
            .arg(&dir)
            .output()
            .unwrap()
    });
    let report: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    println!(
        "lint {} blueprints ({} findings, {} checks passed): {}",
        common::BLUEPRINTS,
        report["summary"]["failed"],
        report["summary"]["passed"],
        common::summary(&times)
    );
    std::fs::remove_dir_all(&dir).ok();

    let big = std::env::temp_dir().join(format!("twinstack-bench-big-{}.yaml", std::process::id()));
    std::fs::write(&big, common::big_blueprint(9_900)).unwrap();
    let (times, _) = common::time(5, || {
        Command::new(bin)
            .args(["lint", "--format", "json", "--today", "2026-11-22"])
            .arg(&big)
            .output()
            .unwrap()
    });
    println!(
        "lint 1 blueprint of 9,900 models: {}",
        common::summary(&times)
    );
    std::fs::remove_file(&big).ok();
}
