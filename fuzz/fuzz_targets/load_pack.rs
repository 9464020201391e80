//! Any bytes as a policy pack: loading returns a pack or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twinstack::policy::set::load_pack;
use twinstack::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = load_pack(SourceFile::from_text("fuzz-pack.yaml", text), false);
});
