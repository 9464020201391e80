//! The lifecycle rule at several lint dates: the same blueprint is fine, then retiring soon, then
//! retired, as the provider's published dates pass; Azure Government keeps its own schedule.

use assert_cmd::Command;

fn lint(today: &str, blueprint: &str) -> (i32, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.yaml");
    std::fs::write(&path, blueprint).unwrap();
    let out = Command::cargo_bin("twinstack")
        .unwrap()
        .args(["lint", "--format", "json", "--today", today])
        .arg(&path)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap(), json)
}

fn lifecycle(json: &serde_json::Value) -> Vec<(String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "BASE-MODEL-LIFECYCLE")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn blueprint(region: &str, model: &str, routing: &str) -> String {
    format!(
        "version: 1\nname: app\nowner: team@example.com\nresidency: any\n\
         data:\n  classes: [internal]\n  purpose: tests\n\
         clouds:\n  azure: {{region: {region}, cidr: 10.0.0.0/16}}\n\
         models:\n  - {{name: chat, model: {model}, routing: {routing}}}\n\
         budget:\n  monthly_usd: 100\n  notify: [finops@example.com]\n\
         alerts:\n  security_contact: secops@example.com\n"
    )
}

#[test]
fn gpt_5_1_is_fine_then_retiring_then_retired() {
    let bp = blueprint("eastus2", "gpt-5-1", "regional");
    let (_, json) = lint("2026-11-22", &bp);
    assert!(lifecycle(&json).is_empty(), "{:?}", lifecycle(&json));

    let (code, json) = lint("2027-03-01", &bp);
    let found = lifecycle(&json);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "medium");
    assert!(
        found[0].1.contains("retires on 2027-05-15, in 75 days"),
        "{}",
        found[0].1
    );

    let (_, json) = lint("2027-05-15", &bp);
    let found = lifecycle(&json);
    assert_eq!(found[0].0, "high");
    assert!(
        found[0].1.contains("azure retired on 2027-05-15"),
        "{}",
        found[0].1
    );
}

#[test]
fn gpt_4o_on_azure_names_the_dates_and_the_replacement() {
    // Commercial Azure: gpt-4o 2024-11-20 is deprecated (no new deployments) and retires on
    // 2027-04-14 per the newest schedule; the provider names gpt-5.1.
    let (_, json) = lint("2026-11-22", &blueprint("eastus2", "gpt-4o", "regional"));
    let found = lifecycle(&json);
    assert_eq!(found[0].0, "medium");
    assert!(
        found[0].1.contains("retires on 2027-04-14"),
        "{}",
        found[0].1
    );
    assert!(
        found[0].1.contains("names gpt-5.1 as the replacement"),
        "{}",
        found[0].1
    );

    // Azure Government retired gpt-4o-mini on 2026-03-31, on its own schedule.
    let (_, json) = lint(
        "2026-11-22",
        &blueprint("usgovvirginia", "gpt-4o-mini", "geo"),
    );
    let found = lifecycle(&json);
    assert_eq!(found[0].0, "high");
    assert!(
        found[0].1.contains("retired on 2026-03-31"),
        "{}",
        found[0].1
    );
    let available: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "BASE-MODEL-AVAILABLE")
        .collect();
    assert!(available.is_empty(), "one fact, one finding: {available:?}");
}
