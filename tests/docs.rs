//! The documentation matches the code (issue 12): the blueprint reference is generated from the
//! schema, the pack count is what ships, catalog sources cite files that exist, and every
//! relative link in the README and `docs/` resolves, anchors included.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[test]
fn blueprint_reference_is_current() {
    let generated =
        twinstack::blueprint::reference::markdown(twinstack::blueprint::schema::blueprint_schema());
    let path = "docs/blueprint.md";
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk != generated {
        if std::env::var_os("TWINSTACK_UPDATE_DOCS").is_some() {
            std::fs::write(path, &generated).unwrap();
        } else {
            panic!("{path} is stale: run `TWINSTACK_UPDATE_DOCS=1 cargo test --test docs`");
        }
    }
    // Every field of the schema is in it, nested ones by their dotted path.
    for field in [
        "`residency`",
        "`clouds.aws.failover_region`",
        "`models[].routing`",
        "`models[].usage.input_tokens_per_month`",
        "`waivers[].expires`",
        "`data.zero_data_retention`",
    ] {
        assert!(generated.contains(field), "{field} missing");
    }
}

fn number_word(n: usize) -> &'static str {
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    .get(n)
    .copied()
    .unwrap_or("many")
}

/// The packs in `policies/` are the packs compiled in, and the docs count them right.
#[test]
fn docs_count_the_packs_that_ship() {
    let mut files: Vec<String> = std::fs::read_dir("policies")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && !n.contains(".schema."))
        .collect();
    files.sort();
    let builtin: BTreeSet<String> = twinstack::policy::set::BUILTIN
        .iter()
        .map(|(name, _)| name.trim_start_matches("policies/").to_owned())
        .collect();
    assert_eq!(
        files.iter().cloned().collect::<BTreeSet<_>>(),
        builtin,
        "policies/*.yaml and the packs compiled in differ"
    );
    let word = number_word(files.len());
    let language = std::fs::read_to_string("docs/policy-language.md").unwrap();
    let sentence = language
        .split(". ")
        .find(|s| s.contains("twinstack ships"))
        .expect("docs/policy-language.md says how many packs ship");
    assert!(
        sentence.contains(&format!("twinstack ships {word}")),
        "docs/policy-language.md: {sentence}"
    );
    for f in &files {
        assert!(
            sentence.contains(f.as_str()),
            "{f} not listed in: {sentence}"
        );
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    let capital = {
        let mut c = word.chars();
        c.next().unwrap().to_uppercase().collect::<String>() + c.as_str()
    };
    assert!(
        readme.contains(&format!("{capital} packs ship")),
        "README.md does not say `{capital} packs ship`"
    );
}

/// Path-like words in a source: `dir/file.md`, `a/b/c.yaml` and so on.
fn cited_paths(source: &str) -> Vec<String> {
    let words: Vec<&str> = source.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| "()[],;:'\"`".contains(c));
        if word.contains("://") || !word.contains('/') {
            continue;
        }
        let is_file = [".md", ".yaml", ".yml", ".json", ".rs"]
            .iter()
            .any(|ext| word.ends_with(ext));
        // `path @commit` cites a file of another repository at a commit.
        let pinned = words
            .get(i + 1)
            .is_some_and(|next| next.starts_with('@') && next.len() > 6);
        if is_file && !pinned {
            out.push(word.to_owned());
        }
    }
    out
}

#[test]
fn catalog_sources_cite_files_that_exist() {
    let catalog = twinstack::catalog::Catalog::embedded();
    let mut sources: Vec<(String, &str)> = Vec::new();
    for m in &catalog.models {
        for o in &m.offers {
            sources.push((format!("model {}", m.key), &o.common().provenance.source));
            if let Some(s) = &o.common().lifecycle.source {
                sources.push((format!("model {} lifecycle", m.key), s));
            }
        }
    }
    for regions in catalog.regions.values() {
        for r in regions {
            sources.push((format!("region {}", r.code), &r.provenance.source));
        }
    }
    for s in &catalog.services {
        sources.push((format!("service {}", s.id), &s.provenance.source));
    }
    for p in &catalog.ptu_sizes {
        sources.push((format!("PTU sizes of {}", p.model), &p.provenance.source));
    }
    let mut missing = BTreeSet::new();
    let mut checked = 0;
    for (what, source) in &sources {
        for path in cited_paths(source) {
            checked += 1;
            if !Path::new(&path).exists() {
                missing.insert(format!("{what}: {path}"));
            }
        }
    }
    assert!(
        checked > 0,
        "no source cites a file: the check is not looking"
    );
    assert!(
        missing.is_empty(),
        "catalog sources cite files that are not in the repository:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn cited_paths_are_found() {
    assert_eq!(
        cited_paths("jurisdictions from docs/reference/compliance-rulebook.md §5; x"),
        ["docs/reference/compliance-rulebook.md"]
    );
    assert!(cited_paths("model-matrix/deployments-standard.md @3e8134cf ms.date").is_empty());
    assert!(cited_paths("https://example.com/a/b.md").is_empty());
}

/// GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code fences).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced && line.starts_with('#') {
            let heading = line.trim_start_matches('#');
            let mut s = slug(heading);
            // A repeated heading gets -1, -2, ...
            let base = s.clone();
            let mut n = 0;
            while out.contains(&s) {
                n += 1;
                s = format!("{base}-{n}");
            }
            out.insert(s);
        }
    }
    out
}

/// `(line, target)` of every inline link `[text](target)` outside code fences and code spans.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop code spans: a link inside backticks is an example, not a link.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((n + 1, after[..end].to_owned()));
            rest = &after[end..];
        }
    }
    out
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("README.md")];
    for entry in walkdir::WalkDir::new("docs").sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.path().to_owned());
        }
    }
    files
}

#[test]
fn relative_links_resolve() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = file.parent().unwrap_or(Path::new(""));
        for (line, target) in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                dir.join(path)
            };
            if !resolved.exists() {
                broken.push(format!("{}:{line}: {target}: no such file", file.display()));
                continue;
            }
            if let Some(anchor) = anchor
                && resolved.extension().is_some_and(|e| e == "md")
            {
                let there = std::fs::read_to_string(&resolved).unwrap();
                if !anchors(&there).contains(anchor) {
                    broken.push(format!(
                        "{}:{line}: {target}: no heading has this anchor",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_finds_what_is_broken() {
    let text = "# Quick start\n\nSee [a](#quick-start), [b](#nowhere) and `[c](#code)`.\n```\n[d](x.md)\n```\n";
    let found: Vec<String> = links(text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(found, ["#quick-start", "#nowhere"]);
    let a = anchors(text);
    assert!(a.contains("quick-start"));
    assert!(!a.contains("nowhere"));
    assert_eq!(
        slug(" `lint`: in CI (GitHub Actions) "),
        "lint-in-ci-github-actions"
    );
}
