//! `cargo bench --bench lint`: the whole `twinstack lint` process, the way CI runs it, on 1,000
//! and 10,000 generated blueprints (`common`): wall time, CPU time and peak memory (issue 13:
//! 10,000 in under 1 second and 60 MB on 2 cores). Then one blueprint with 9,900 models, which
//! must cost about what 9,900 small files cost: lint is linear in the size of a file.

#[allow(dead_code)] // `write_blueprints` is the render bench's
mod common;

use std::path::Path;
use std::process::Command;

const RUNS: usize = 5;

fn lint(bin: &Path, format: &str, input: &Path) -> Command {
    let mut command = Command::new(bin);
    command
        .args(["lint", "--format", format, "--today", "2026-11-22"])
        .arg(input);
    command
}

fn main() {
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack"));
    for count in [common::BLUEPRINTS, 10_000] {
        let dir = common::write_n_blueprints(&format!("lint-{count}"), count);
        for format in ["json", "sarif", "human"] {
            common::report(
                &format!("lint {count} blueprints --format {format}"),
                RUNS,
                || lint(bin, format, &dir),
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    let big = std::env::temp_dir().join(format!("twinstack-bench-big-{}.yaml", std::process::id()));
    std::fs::write(&big, common::big_blueprint(9_900)).unwrap();
    common::report("lint 1 blueprint of 9,900 models", 3, || {
        lint(bin, "json", &big)
    });
    std::fs::remove_file(&big).ok();
}
