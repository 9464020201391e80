//! A valid blueprint with fuzzed text in the places free text reaches the output (description,
//! tag values, e-mail local parts): rendering never panics and the Terraform always parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twinstack::blueprint::load_source;
use twinstack::catalog::Catalog;
use twinstack::plan::resolve;
use twinstack::commands::render::render_one;
use twinstack::render::Input;
use twinstack::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(fuzz) = std::str::from_utf8(data) else {
        return;
    };
    let quoted = serde_json::to_string(fuzz).unwrap_or_default();
    let text = format!(
        "version: 1\nname: fuzz-app\ndescription: {quoted}\nowner: team@example.com\ntags:\n  note: {quoted}\nresidency: any\n\
         clouds:\n  aws:\n    region: us-east-1\n    cidr: 10.0.0.0/16\n  azure:\n    region: eastus2\n    cidr: 10.1.0.0/16\n\
         models:\n  - name: m\n    model: gpt-4o\nbudget:\n  monthly_usd: 10\n  notify: [finops@example.com]\n"
    );
    let Ok(loaded) = load_source(
        SourceFile::from_text("fuzz.yaml", text),
        Catalog::embedded(),
    ) else {
        return;
    };
    let plan = resolve(&loaded.blueprint, Catalog::embedded());
    let files = render_one(&Input::new(&loaded, &plan, Catalog::embedded(), Vec::new()))
        .expect("a loaded blueprint renders");
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".tf")) {
        assert!(
            hcl::from_str::<hcl::Body>(text).is_ok(),
            "{name} does not parse"
        );
    }
});
