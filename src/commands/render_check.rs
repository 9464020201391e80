//! An edge of `twinstack render` kept out of its main path: `--check` against an output folder
//! that does not exist (say so, instead of printing every file as a diff).

use std::path::{Path, PathBuf};

use crate::output::{Exit, eprint};
use crate::source::display_name;
use crate::visible::escape;

/// `render --check` when `out` does not exist: nothing was ever rendered there, so every file
/// would be "out of date". Exit 1, as for stale output: the check ran and the output is not
/// current. `None` when `out` exists.
#[must_use]
pub fn missing_output(out: &Path, paths: &[PathBuf]) -> Option<Exit> {
    if std::fs::symlink_metadata(out).is_ok() {
        return None;
    }
    let paths: Vec<String> = paths
        .iter()
        .map(|p| escape(&display_name(p)).into_owned())
        .collect();
    let out_name = escape(&display_name(out)).into_owned();
    let output_flag = if out == Path::new("generated") {
        String::new()
    } else {
        format!(" --output {out_name}")
    };
    eprint(&format!(
        "error: {out_name} does not exist: run `twinstack render {}{output_flag}` first, and commit the result\n",
        paths.join(" ")
    ));
    Some(Exit::Findings)
}
