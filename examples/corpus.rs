//! Writes the benchmark corpus (`benches/common`) to a folder, for checks that want varied
//! blueprints rather than the four examples: CI renders them and runs the IaC schema check.
//!
//! Usage: `cargo run --example corpus -- DIR [COUNT]` (COUNT defaults to the benchmark's 1,000).

#[path = "../benches/common/mod.rs"]
#[allow(dead_code)]
mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: corpus DIR [COUNT]");
        std::process::exit(2);
    };
    let count = match args.next().map(|c| c.parse::<usize>()) {
        None => common::BLUEPRINTS,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("COUNT: {e}");
            std::process::exit(2);
        }
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(2);
    }
    for i in 0..count {
        let path = dir.join(format!("bench-{i:04}.yaml"));
        if let Err(e) = std::fs::write(&path, common::blueprint(i)) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
