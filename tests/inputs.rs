//! Where blueprints come from, and what hostile input cannot do: linked files and folders are
//! read (loops and broken links reported), unreadable folders and devices are named, standard
//! input and pipes are read, and neither terminal escapes nor huge values reach the terminal.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn twinstack() -> Command {
    let mut cmd = Command::cargo_bin("twinstack").unwrap();
    cmd.env_remove("NO_COLOR").env("COLUMNS", "400");
    cmd
}

fn copy(example: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(format!("blueprints/{example}.yaml"), to).unwrap();
}

#[cfg(unix)]
#[test]
fn linked_files_and_folders_are_read_not_skipped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let (folder, outside) = (dir.path().join("folder"), dir.path().join("outside"));
    copy("eu-support", &outside.join("eu.yaml"));
    copy("case-triage", &outside.join("more/triage.yaml"));
    std::fs::create_dir_all(&folder).unwrap();
    symlink(outside.join("eu.yaml"), folder.join("linked.yaml")).unwrap();
    symlink(outside.join("more"), folder.join("linked-folder")).unwrap();
    twinstack()
        .args(["lint", "--today", "2026-11-22"])
        .arg(&folder)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 blueprints"));

    symlink(&folder, folder.join("loop")).unwrap();
    symlink(folder.join("nowhere.yaml"), folder.join("broken.yaml")).unwrap();
    twinstack()
        .arg("lint")
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "loop: the folder link leads back to",
        ))
        .stderr(predicate::str::contains("broken.yaml: the link points to"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_exit_2_and_named() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    copy("eu-support", &dir.path().join("ok/eu.yaml"));
    copy("case-triage", &dir.path().join("locked/triage.yaml"));
    let mode = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    mode(dir.path(), 0o755);
    mode(&dir.path().join("locked"), 0o000);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("twinstack"));
    cmd.args(["lint", "--color", "never", "."])
        .current_dir(dir.path());
    // Root reads every folder: run as nobody, so the folder really is unreadable.
    if std::fs::metadata(dir.path()).unwrap().uid() == 0 {
        cmd.uid(65534).gid(65534);
    }
    let out = Command::from_std(cmd).assert().code(2);
    out.stderr(predicate::str::contains(
        "locked: cannot read the folder: permission denied",
    ));
    mode(&dir.path().join("locked"), 0o755);
}

#[test]
fn lint_reads_standard_input_under_the_given_name() {
    let text = std::fs::read_to_string("blueprints/eu-support.yaml").unwrap();
    twinstack()
        .args(["lint", "--today", "2026-11-22", "-"])
        .write_stdin(text.clone())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 blueprint: no findings"));
    twinstack()
        .args(["lint", "--stdin-filename", "team/app.yaml", "-"])
        .write_stdin(text.replace("residency: eu", "residency: eux"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[team/app.yaml:15:12]"));
    twinstack()
        .args(["render", "-"])
        .write_stdin(text)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("read by `twinstack lint` only"));
}

#[cfg(unix)]
#[test]
fn devices_are_named_and_pipes_are_read() {
    twinstack()
        .args(["lint", "/dev/null"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/null: not a file but a character device",
        ))
        .stderr(predicate::str::contains("no such file").not());
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(fifo, std::fs::read("blueprints/eu-support.yaml").unwrap()).unwrap();
        })
    };
    twinstack()
        .args(["lint", "--today", "2026-11-22"])
        .arg(&fifo)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 blueprint: no findings"));
    writer.join().unwrap();
    // In a folder, a pipe is reported rather than waited on.
    twinstack()
        .arg("lint")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a file but a named pipe"));
}

#[test]
fn terminal_escapes_in_a_blueprint_never_reach_the_terminal() {
    for color in ["never", "always"] {
        let out = twinstack()
            .args(["lint", "--color", color])
            .arg("tests/fixtures/malformed/escape-in-comment.yaml")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(r"# \u{1b}]0;pwned\u{7}\u{1b}[2J"),
            "{stderr}"
        );
        // With colour, miette's own escapes are `ESC [ … m`; the file's OSC and clear-screen are gone.
        assert!(
            !stderr.contains("\u{1b}]")
                && !stderr.contains("\u{1b}[2J")
                && !stderr.contains('\u{7}')
        );
        if color == "never" {
            assert!(!stderr.contains('\u{1b}'), "{stderr}");
        }
    }
}

#[test]
fn bidi_controls_in_blueprint_text_are_refused_where_they_are() {
    twinstack()
        .args(["lint", "tests/fixtures/malformed/bidi-and-c1-controls.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`description` contains U+202E, a bidirectional control character",
        ))
        .stderr(predicate::str::contains("bidi-and-c1-controls.yaml:3:23"))
        .stderr(predicate::str::contains("`tags.team` contains U+0085"));
}

#[test]
fn huge_values_give_small_exact_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.yaml");
    let text = std::fs::read_to_string("blueprints/eu-support.yaml")
        .unwrap()
        .replace(
            "description: Suggests replies to customer-support agents",
            &format!("description: {}", "x".repeat(900_000)),
        );
    std::fs::write(&file, text).unwrap();
    let out = twinstack().arg("lint").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("must be at most 200 characters long, found 900000"),
        "{stderr}"
    );
    assert!(stderr.len() < 4096, "{} bytes of diagnostics", stderr.len());

    let tokens = dir.path().join("tokens.yaml");
    let text = std::fs::read_to_string("blueprints/eu-support.yaml")
        .unwrap()
        .replace(
            "input_tokens_per_month: 300000000",
            "input_tokens_per_month: 99999999999999999999",
        );
    std::fs::write(&tokens, text).unwrap();
    twinstack()
        .arg("lint")
        .arg(&tokens)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tokens.yaml:48:31"))
        .stderr(predicate::str::contains(
            "`99999999999999999999` is out of range",
        ))
        .stderr(predicate::str::contains("internal").not());
}
