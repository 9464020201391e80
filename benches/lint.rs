//! `cargo bench --bench lint`: wall time of the whole `twinstack lint` process on 1,000 generated
//! blueprints (`common`), the way CI runs it. Target (issue 3): under 1 second on 2 cores.

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
}
