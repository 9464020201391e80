//! The floor `lint` is measured against (issue 13): read every `*.yaml` file of a folder and
//! parse it into YAML events with saphyr, on one core, doing nothing else. `lint` of the same
//! folder divided by this is the "lint ÷ bare YAML parse" ratio of the README's speed table.
//!
//! Usage: `cargo run --release --example yaml_baseline -- DIR` (prints files and events).

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: yaml_baseline DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    paths.sort();
    let mut events = 0usize;
    for path in &paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(2);
            }
        };
        for event in saphyr_parser::Parser::new_from_str(&text) {
            if let Err(e) = event {
                eprintln!("{}: {e}", path.display());
                std::process::exit(2);
            }
            events += 1;
        }
    }
    println!("{} files, {events} events", paths.len());
}
