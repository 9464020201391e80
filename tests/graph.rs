//! `twinstack graph`: every example in every format (snapshots), deterministic; the SVG is XML;
//! the Mermaid follows the flowchart grammar GitHub renders; `--focus`, the portfolio table, and
//! the error cases.

use assert_cmd::Command;

const EXAMPLES: [&str; 4] = [
    "case-triage",
    "clinical-notes",
    "eu-support",
    "fraud-signals",
];
const FORMATS: [&str; 5] = ["mermaid", "dot", "json", "svg", "markdown"];

fn graph(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("twinstack")
        .unwrap()
        .arg("graph")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_example_in_every_format() {
    for example in EXAMPLES {
        let path = format!("blueprints/{example}.yaml");
        for format in FORMATS {
            let (code, out, err) = graph(&[&path, "--format", format]);
            assert_eq!(code, 0, "{example} {format}: {err}");
            assert_eq!(
                graph(&[&path, "--format", format]).1,
                out,
                "{example} {format} is not deterministic"
            );
            insta::assert_snapshot!(format!("{example}.{format}"), out);
        }
    }
}

#[test]
fn svg_is_well_formed_xml() {
    for example in EXAMPLES {
        let (_, svg, _) = graph(&[&format!("blueprints/{example}.yaml"), "--format", "svg"]);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{example}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.descendants().filter(|n| n.has_tag_name("rect")).count() > 10);
    }
}

/// The subset of Mermaid's flowchart grammar twinstack writes, checked line by line: the
/// header, `subgraph id["…"]` … `end` balanced, nodes `id["…"]` with sanitized ids and no raw
/// quote inside the label, edges `a --> b` between declared nodes, `classDef`, and `class` lines
/// naming declared nodes.
fn check_mermaid(text: &str) -> Result<(), String> {
    let id_ok = |id: &str| {
        id.starts_with("n_") && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut lines = text.lines();
    if lines.next() != Some("flowchart LR") {
        return Err("first line must be `flowchart LR`".into());
    }
    let mut depth = 0;
    let mut nodes = std::collections::BTreeSet::new();
    let mut edges = Vec::new();
    for line in lines {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("subgraph ") {
            let (id, label) = rest
                .split_once('[')
                .ok_or(format!("subgraph without a title: {t}"))?;
            if !id.starts_with("sg_") || !label.starts_with('"') || !label.ends_with("\"]") {
                return Err(format!("bad subgraph: {t}"));
            }
            depth += 1;
        } else if t == "end" {
            depth -= 1;
            if depth < 0 {
                return Err("`end` without `subgraph`".into());
            }
        } else if let Some((a, b)) = t.split_once(" --> ") {
            edges.push((a.to_owned(), b.to_owned()));
        } else if t.starts_with("classDef ") {
        } else if let Some(rest) = t.strip_prefix("class ") {
            let (members, _) = rest.split_once(' ').ok_or("class without a name")?;
            for m in members.split(',') {
                if !nodes.contains(m) {
                    return Err(format!("class names an undeclared node {m}"));
                }
            }
        } else if let Some((id, label)) = t.split_once("[\"") {
            let inner = label
                .strip_suffix("\"]")
                .ok_or(format!("unterminated label: {t}"))?;
            if !id_ok(id) || inner.contains('"') {
                return Err(format!("bad node: {t}"));
            }
            nodes.insert(id.to_owned());
        } else {
            return Err(format!("unexpected line: {t}"));
        }
    }
    if depth != 0 {
        return Err("unbalanced subgraph/end".into());
    }
    for (a, b) in edges {
        if !nodes.contains(&a) || !nodes.contains(&b) {
            return Err(format!("edge between undeclared nodes: {a} --> {b}"));
        }
    }
    Ok(())
}

#[test]
fn mermaid_follows_the_flowchart_grammar() {
    for example in EXAMPLES {
        let (_, text, _) = graph(&[&format!("blueprints/{example}.yaml"), "--format", "mermaid"]);
        check_mermaid(&text).unwrap_or_else(|e| panic!("{example}: {e}"));
        assert!(text.len() < 50_000, "over Mermaid's default maxTextSize");
    }
    assert!(
        check_mermaid("flowchart LR\n  n_a[\"a \"quoted\"\"]\n").is_err(),
        "the checker rejects a raw quote"
    );
    assert!(
        check_mermaid("flowchart LR\n  subgraph sg_x[\"x\"]\n").is_err(),
        "the checker rejects unbalanced subgraphs"
    );
}

#[test]
fn focus_keeps_one_capability_and_what_it_depends_on() {
    let (code, out, _) = graph(&[
        "blueprints/clinical-notes.yaml",
        "--format",
        "json",
        "--focus",
        "summarizer",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "aws-bedrock",
            "cap-model-summarizer",
            "model-claude-sonnet-5-5",
            "vendor-anthropic"
        ]
    );
    let (code, _, err) = graph(&["blueprints/clinical-notes.yaml", "--focus", "loging"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `logging`?"), "{err}");
}

#[test]
fn many_blueprints_end_with_a_portfolio_table() {
    let (code, out, _) = graph(&["blueprints"]);
    assert_eq!(code, 0);
    let table = out
        .split("## Portfolio")
        .nth(1)
        .expect("a portfolio section");
    assert_eq!(
        table
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Blueprint"))
            .count(),
        4
    );
    let (code, _, err) = graph(&["blueprints", "--format", "svg"]);
    assert_eq!(code, 2, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = graph(&[
        "blueprints",
        "--format",
        "svg",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(dir.path().join("fraud-signals.svg").exists());
}

#[test]
fn the_readme_shows_the_real_graph() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = readme
        .split("## Lock-in graph")
        .nth(1)
        .expect("a Lock-in graph section");
    let block = section
        .split("```mermaid\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a mermaid block");
    let (_, expected, _) = graph(&["blueprints/eu-support.yaml", "--format", "mermaid"]);
    assert_eq!(
        format!("{block}\n"),
        expected,
        "README's graph is stale: paste `twinstack graph blueprints/eu-support.yaml --format mermaid`"
    );
}
