//! `cargo bench --bench render`: the whole `twinstack render` process on 1,000 generated
//! blueprints (`common`) — lint, resolve, write Terraform and Bicep for both clouds — and
//! `twinstack graph --format json` and `twinstack cost --format json` on the same folder: wall
//! time, CPU time and peak memory (issue 13: render under 1 second, both under 60 MB; issue 11:
//! cost of 1,000 well under a second). Render writes about 16,000 files, so
//! it runs twice: into the temporary folder (a real disk) and into `/dev/shm` when it exists
//! (memory), which separates our time from the file system's.

mod common;

use std::path::Path;
use std::process::Command;

const RUNS: usize = 5;

fn main() {
    let dir = common::write_blueprints("render");
    let bin = Path::new(env!("CARGO_BIN_EXE_twinstack"));
    let mut outs = vec![("disk", dir.with_extension("out"))];
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        outs.push((
            "tmpfs",
            shm.join(format!("twinstack-bench-out-{}", std::process::id())),
        ));
    }
    for (kind, out) in &outs {
        // --allow-findings: many generated blueprints have findings on purpose; all of them render.
        common::report(
            &format!("render {} blueprints ({kind})", common::BLUEPRINTS),
            RUNS,
            || {
                let mut command = Command::new(bin);
                command
                    .args(["render", "--allow-findings", "--today", "2026-11-22", "-o"])
                    .arg(out)
                    .arg(&dir);
                command
            },
        );
        let files = walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        println!("  ({files} files written)");
        std::fs::remove_dir_all(out).ok();
    }
    common::report(
        &format!("graph {} blueprints --format json", common::BLUEPRINTS),
        RUNS,
        || {
            let mut command = Command::new(bin);
            command.args(["graph", "--format", "json"]).arg(&dir);
            command
        },
    );
    common::report(
        &format!("cost {} blueprints --format json", common::BLUEPRINTS),
        RUNS,
        || {
            let mut command = Command::new(bin);
            command
                .args(["cost", "--format", "json", "--today", "2026-11-22"])
                .arg(&dir);
            command
        },
    );
    std::fs::remove_dir_all(&dir).ok();
}
