//! Resolution against the catalog: profiles resolve from their source → destination tables, for
//! the primary and the failover region alike; models a cloud does not offer, or no longer offers,
//! are refused with the reason and with where the model does run.

use twinstack::blueprint::load_source;
use twinstack::catalog::Catalog;
use twinstack::plan::{Outcome, Placement, Role, resolve};
use twinstack::source::SourceFile;

fn plan_of(clouds: &str, models: &str) -> Vec<Placement> {
    let text = format!(
        "version: 1\nname: plan-test\nowner: team@example.com\nresidency: any\n\
         data:\n  classes: [internal]\n  purpose: tests\n\
         clouds:\n{clouds}\nmodels:\n{models}\n"
    );
    let loaded = load_source(
        SourceFile::from_text("plan.yaml", text),
        Catalog::embedded(),
    )
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let plan = resolve(&loaded.blueprint, Catalog::embedded());
    plan.models.into_iter().flat_map(|m| m.placements).collect()
}

fn reason(p: &Placement) -> &str {
    match &p.outcome {
        Outcome::Unavailable(u) => &u.unavailable,
        Outcome::Target(_) => panic!("{} in {} is available", p.cloud.key(), p.region),
    }
}

#[test]
fn destinations_depend_on_the_source_region() {
    // The eu. profile of Claude Sonnet 5.5 reaches Zurich only when called from Zurich.
    let placements = plan_of(
        "  aws: {region: eu-central-1, failover_region: eu-central-2, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: claude-sonnet-5-5, routing: geo}",
    );
    let primary = placements[0].target().unwrap();
    let failover = placements[1].target().unwrap();
    assert_eq!(placements[1].role, Role::Failover);
    assert!(
        !primary
            .processing
            .regions
            .contains(&"eu-central-2".to_owned())
    );
    assert!(
        failover
            .processing
            .regions
            .contains(&"eu-central-2".to_owned())
    );
    assert_eq!(primary.processing.jurisdictions, ["eu"]);
    assert_eq!(failover.processing.jurisdictions, ["ch", "eu"]);
}

#[test]
fn gpt_4o_is_not_offered_on_bedrock() {
    let placements = plan_of(
        "  aws: {region: us-east-1, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: gpt-4o, clouds: [aws]}",
    );
    assert_eq!(reason(&placements[0]), "GPT-4o is not offered on Bedrock");
}

#[test]
fn a_region_without_the_model_names_where_it_runs() {
    let placements = plan_of(
        "  aws: {region: eu-west-2, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: mistral-large-3}",
    );
    let why = reason(&placements[0]);
    assert!(
        why.starts_with("Mistral Large 3 is not offered on Bedrock in eu-west-2; it is offered in"),
        "{why}"
    );
    assert!(why.contains("us-east-1"), "{why}");
}

#[test]
fn an_azure_sku_missing_in_the_region_lists_what_is_there_and_where_it_is() {
    let placements = plan_of(
        "  azure: {region: germanywestcentral, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: gpt-5-1, routing: regional}",
    );
    let why = reason(&placements[0]);
    assert!(
        why.contains("no Standard deployment of gpt-5.1 2025-11-13 in germanywestcentral"),
        "{why}"
    );
    assert!(why.contains("Standard is offered in"), "{why}");
    assert!(why.contains("swedencentral"), "{why}");
}

#[test]
fn a_withdrawn_model_says_it_was_retired() {
    let placements = plan_of(
        "  aws: {region: us-east-1, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: claude-3-7-sonnet, routing: geo}",
    );
    let Outcome::Unavailable(u) = &placements[0].outcome else {
        panic!("available");
    };
    let withdrawn = u.withdrawn.as_ref().expect("withdrawn");
    assert_eq!(
        withdrawn.lifecycle.end_of_life.as_deref(),
        Some("2026-04-28")
    );
}

#[test]
fn mantle_only_models_are_refused_with_the_reason() {
    let placements = plan_of(
        "  aws: {region: us-east-2, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: gpt-5-4, clouds: [aws]}",
    );
    assert!(reason(&placements[0]).contains("only on the bedrock-mantle endpoint"));
}

#[test]
fn govcloud_profiles_stay_in_govcloud() {
    let placements = plan_of(
        "  aws: {region: us-gov-west-1, failover_region: us-gov-east-1, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: claude-sonnet-4-5, routing: geo}",
    );
    for p in &placements {
        let t = p.target().unwrap();
        assert_eq!(t.processing.jurisdictions, ["us-gov"], "{}", p.region);
    }
}

#[test]
fn a_commercial_model_called_from_govcloud_is_refused_for_its_partition() {
    // Llama 4 Maverick runs on Bedrock in commercial regions only: GovCloud cannot call it.
    let placements = plan_of(
        "  aws: {region: us-gov-west-1, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: llama-4-maverick, routing: regional}",
    );
    let why = reason(&placements[0]);
    assert!(
        why.contains("only in the aws partition")
            && why.contains("us-gov-west-1 is in the aws-us-gov partition"),
        "{why}"
    );
    assert!(
        why.contains("cannot call a model of another partition"),
        "{why}"
    );
}

#[test]
fn a_region_list_never_mixes_partitions() {
    // Commercial regions are told the commercial regions that serve the model, not GovCloud's.
    let placements = plan_of(
        "  aws: {region: ap-southeast-2, cidr: 10.0.0.0/16}",
        "  - {name: chat, model: llama-4-maverick, routing: regional}",
    );
    let why = reason(&placements[0]);
    assert!(why.contains("it is offered in us-east-1"), "{why}");
    assert!(!why.contains("us-gov"), "{why}");
}
