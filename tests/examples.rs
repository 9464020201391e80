//! The example blueprints load, and resolve against the catalog to the plans in the snapshots:
//! which Bedrock id or Azure SKU each model gets, and where its prompts may be processed.

use twinstack::blueprint::load_file;
use twinstack::catalog::Catalog;
use twinstack::plan::resolve;

#[test]
fn examples_load_and_resolve() {
    insta::glob!("../blueprints", "*.yaml", |path| {
        let loaded =
            load_file(path, Catalog::embedded()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        let plan = resolve(&loaded.blueprint, Catalog::embedded());
        insta::assert_json_snapshot!(plan);
    });
}
