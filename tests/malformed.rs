//! Every malformed blueprint in `fixtures/malformed/` fails to load with the diagnostics in its
//! snapshot (rendered without colour at 80 columns), and the CLI exits 2 on it.

use twinstack::blueprint::load_source;
use twinstack::catalog::Catalog;
use twinstack::diagnostic::{Style, render};
use twinstack::source::SourceFile;

#[test]
fn each_malformed_blueprint_gets_its_diagnostics() {
    insta::glob!("fixtures/malformed/*.yaml", |path| {
        let name = format!(
            "tests/fixtures/malformed/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let text = std::fs::read_to_string(path).unwrap();
        let failure = load_source(SourceFile::from_text(name, text), Catalog::embedded())
            .expect_err("a malformed blueprint must not load");
        assert!(!failure.diagnostics.is_empty());
        insta::assert_snapshot!(render(&failure.file, &failure.diagnostics, Style::plain()));
    });
}

#[test]
fn cli_exits_2_on_every_malformed_blueprint() {
    let out = assert_cmd::Command::cargo_bin("twinstack")
        .unwrap()
        .args(["lint", "--color", "never", "tests/fixtures/malformed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let count = std::fs::read_dir("tests/fixtures/malformed")
        .unwrap()
        .count();
    assert!(
        stdout.contains(&format!("{count} blueprints ({count} could not be loaded)")),
        "{stdout}"
    );
}
