//! `cargo bench --bench render`: wall time of the whole `twinstack render` process on 1,000
//! generated blueprints (`common`): lint, resolve, and write Terraform and Bicep for both clouds.
//! Target (issue 4): under 2 seconds on 2 cores.

mod common;

use std::path::Path;
use std::process::Command;

const RUNS: usize = 10;

fn main() {
    let dir = common::write_blueprints("render");
    let out = dir.with_extension("out");
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack"));
    // --allow-findings: many generated blueprints have findings on purpose; all of them render.
    let (times, stdout) = common::time(RUNS, || {
        Command::new(bin)
            .args(["render", "--allow-findings", "--today", "2026-11-22", "-o"])
            .arg(&out)
            .arg(&dir)
            .output()
            .unwrap()
    });
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    println!(
        "render {} blueprints ({files} files): {}  [{}]",
        common::BLUEPRINTS,
        common::summary(&times),
        String::from_utf8_lossy(&stdout).trim()
    );
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&out).ok();
}
