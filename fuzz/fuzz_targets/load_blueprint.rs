//! Any bytes: the blueprint loader returns a blueprint or diagnostics, and rendering the
//! diagnostics never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twinstack::blueprint::load_source;
use twinstack::catalog::Catalog;
use twinstack::diagnostic::{Style, render};
use twinstack::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(failure) = load_source(
        SourceFile::from_text("fuzz.yaml", text),
        Catalog::embedded(),
    ) {
        let _ = render(&failure.file, &failure.diagnostics, Style::plain());
    }
});
