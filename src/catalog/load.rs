//! Loading catalog files — the built-in ones and a team's overlays — with the same care as
//! blueprints and packs: located YAML, the catalog JSON Schema (every error at its file, line and
//! column, with a did-you-mean), then cross-checks that need every file: an offer may only name
//! regions some loaded file defines.
//!
//! Later files win: a model with a key already loaded replaces the earlier entry whole, a region
//! replaces the region of the same cloud and code, a service the service of the same id, a price
//! the price of the same key, PTU sizes the sizes of the same Azure cloud and model. Each entry
//! remembers the file it came from.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Destinations, ModelEntry, Offer};
use super::{Catalog, Cloud, PtuSize, Region, Service, UnitPrice};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::schema_check::{SchemaValidator, generate, to_text};
use crate::source::SourceFile;
use crate::yaml::{self, Limits, Node, Path};

/// The catalog files compiled into the binary, in load order.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "catalog/regions.yaml",
        include_str!("../../catalog/regions.yaml"),
    ),
    (
        "catalog/services.yaml",
        include_str!("../../catalog/services.yaml"),
    ),
    (
        "catalog/models/anthropic.yaml",
        include_str!("../../catalog/models/anthropic.yaml"),
    ),
    (
        "catalog/models/openai.yaml",
        include_str!("../../catalog/models/openai.yaml"),
    ),
    (
        "catalog/models/meta.yaml",
        include_str!("../../catalog/models/meta.yaml"),
    ),
    (
        "catalog/models/mistral.yaml",
        include_str!("../../catalog/models/mistral.yaml"),
    ),
    (
        "catalog/models/embeddings.yaml",
        include_str!("../../catalog/models/embeddings.yaml"),
    ),
    (
        "catalog/capacity.yaml",
        include_str!("../../catalog/capacity.yaml"),
    ),
    (
        "catalog/prices/aws.yaml",
        include_str!("../../catalog/prices/aws.yaml"),
    ),
    (
        "catalog/prices/aws-us-gov.yaml",
        include_str!("../../catalog/prices/aws-us-gov.yaml"),
    ),
    (
        "catalog/prices/azure.yaml",
        include_str!("../../catalog/prices/azure.yaml"),
    ),
    (
        "catalog/prices/azure-us-gov.yaml",
        include_str!("../../catalog/prices/azure-us-gov.yaml"),
    ),
];

/// One catalog file: any of the three sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "twinstack catalog file")]
pub struct CatalogFile {
    /// Models and their offers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelEntry>,
    /// Regions per cloud, with their jurisdiction and FedRAMP status.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<Cloud, Vec<Region>>,
    /// Provider services a workload depends on, with their lock-in class.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// Unit prices per cloud, partition, region, meter, offer and variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prices: Vec<UnitPrice>,
    /// Provisioned throughput sizes (minimum and increment per deployment type) of Azure models.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ptu_sizes: Vec<PtuSize>,
}

fn validator() -> &'static SchemaValidator {
    static V: OnceLock<SchemaValidator> = OnceLock::new();
    V.get_or_init(|| {
        let schema = generate::<CatalogFile>("https://twinstack.dev/schemas/catalog.schema.json");
        SchemaValidator::new(schema, "the catalog file")
    })
}

/// The catalog-file JSON Schema, checked in as `catalog/catalog.schema.json`.
#[must_use]
pub fn catalog_schema_text() -> String {
    to_text(validator().schema())
}

/// A parsed catalog file with the tree that locates its values.
struct Parsed {
    file: SourceFile,
    tree: Node,
    content: CatalogFile,
}

/// Parses and validates one catalog file on its own.
///
/// # Errors
/// The file's diagnostics.
pub fn load_file(file: SourceFile) -> Result<CatalogFile, FileDiagnostics> {
    parse(file).map(|p| p.content)
}

fn parse(file: SourceFile) -> Result<Parsed, FileDiagnostics> {
    let fail = |file: SourceFile, diagnostics| Err(FileDiagnostics { file, diagnostics });
    let tree = match yaml::parse(file.text(), Limits::default()) {
        Ok(t) => t,
        Err(d) => return fail(file, d),
    };
    // Overlay text reaches the terminal (`catalog models KEY`) and findings: refuse control and
    // bidi characters as blueprints do.
    let diagnostics = crate::yaml::text::check(&file, &tree);
    if !diagnostics.is_empty() {
        return fail(file, diagnostics);
    }
    let mut json = tree.to_json();
    drop_nulls(&mut json);
    let diagnostics = validator().validate(&tree, &json);
    if !diagnostics.is_empty() {
        return fail(file, diagnostics);
    }
    let mut content: CatalogFile = match serde_json::from_value(json) {
        Ok(c) => c,
        Err(e) => {
            return fail(
                file,
                vec![
                    Diagnostic::error("catalog::invalid", e.to_string())
                        .with_label(tree.span, "this file"),
                ],
            );
        }
    };
    let origin = file.name().to_owned();
    for m in &mut content.models {
        for o in &mut m.offers {
            match o {
                Offer::Aws(b) => b.common.provenance.origin.clone_from(&origin),
                Offer::Azure(a) => a.common.provenance.origin.clone_from(&origin),
            }
        }
    }
    for r in content.regions.values_mut().flatten() {
        r.provenance.origin.clone_from(&origin);
    }
    for s in &mut content.services {
        s.provenance.origin.clone_from(&origin);
    }
    for p in &mut content.prices {
        p.provenance.origin.clone_from(&origin);
    }
    for p in &mut content.ptu_sizes {
        p.provenance.origin.clone_from(&origin);
    }
    let mut diagnostics = duplicates(&content, &tree);
    diagnostics.extend(bad_dates(&content, &tree));
    if !diagnostics.is_empty() {
        return fail(file, diagnostics);
    }
    Ok(Parsed {
        file,
        tree,
        content,
    })
}

/// In catalog files `key: null` says "not known" and means the same as leaving the key out
/// (`price: {input: 3.00, output: null}`), so nulls are dropped before the schema sees them.
fn drop_nulls(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Lifecycle and check dates that are not real days: a date that does not parse would otherwise
/// be passed over, and a retirement would never be reported.
fn bad_dates(content: &CatalogFile, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |path: Path, date: Option<&str>| {
        if let Some(d) = date
            && crate::date::Day::parse(d).is_none()
        {
            out.push(
                Diagnostic::error(
                    "catalog::date",
                    format!("`{path}` is `{}`, not a date", d.escape_debug()),
                )
                .with_label(tree.locate(&path).primary(), "not a day of the calendar")
                .with_help("write the date as YYYY-MM-DD, e.g. 2027-04-14"),
            );
        }
    };
    for (mi, m) in content.models.iter().enumerate() {
        for (oi, o) in m.offers.iter().enumerate() {
            let base = Path::root().key("models").index(mi).key("offers").index(oi);
            let c = o.common();
            check(base.key("verified"), Some(&c.provenance.verified));
            let l = &c.lifecycle;
            for (key, date) in [
                ("since", &l.since),
                ("legacy", &l.legacy),
                ("deprecated", &l.deprecated),
                ("end_of_life", &l.end_of_life),
            ] {
                check(base.key("lifecycle").key(key), date.as_deref());
            }
        }
    }
    for (cloud, regions) in &content.regions {
        for (i, r) in regions.iter().enumerate() {
            let base = Path::root().key("regions").key(cloud.key()).index(i);
            check(base.key("verified"), Some(&r.provenance.verified));
        }
    }
    for (i, s) in content.services.iter().enumerate() {
        let base = Path::root().key("services").index(i);
        check(base.key("verified"), Some(&s.provenance.verified));
        if let Some(d) = &s.dpf {
            check(base.key("dpf").key("verified"), Some(&d.verified));
        }
        if let Some(n) = &s.stores_no_prompts_in {
            check(
                base.key("stores_no_prompts_in").key("verified"),
                Some(&n.verified),
            );
        }
        if let Some(b) = &s.backup {
            check(base.key("backup").key("verified"), Some(&b.verified));
        }
    }
    for (i, p) in content.prices.iter().enumerate() {
        check(
            Path::root().key("prices").index(i).key("verified"),
            Some(&p.provenance.verified),
        );
    }
    for (i, p) in content.ptu_sizes.iter().enumerate() {
        check(
            Path::root().key("ptu_sizes").index(i).key("verified"),
            Some(&p.provenance.verified),
        );
    }
    out
}

/// A key, region or service defined twice in one file.
fn duplicates(content: &CatalogFile, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = BTreeMap::new();
    for (i, m) in content.models.iter().enumerate() {
        if let Some(first) = seen.insert(m.key.as_str(), i) {
            let at = tree
                .locate(&Path::root().key("models").index(i).key("key"))
                .primary();
            out.push(
                Diagnostic::error(
                    "catalog::duplicate",
                    format!(
                        "model key `{}` is defined twice (first at models[{first}])",
                        m.key
                    ),
                )
                .with_label(at, "second definition"),
            );
        }
    }
    let mut prices = BTreeMap::new();
    for (i, p) in content.prices.iter().enumerate() {
        if let Some(first) = prices.insert(p.key(), i) {
            let at = tree
                .locate(&Path::root().key("prices").index(i).key("meter"))
                .primary();
            out.push(
                Diagnostic::error(
                    "catalog::duplicate",
                    format!(
                        "the price of `{}` for `{}`{} in {} is defined twice (first at prices[{first}])",
                        p.meter,
                        p.offer,
                        p.variant
                            .as_deref()
                            .map_or_else(String::new, |v| format!(" ({v})")),
                        p.region
                    ),
                )
                .with_label(at, "second definition")
                .with_help("keep one entry per cloud, partition, region, meter, offer and variant"),
            );
        }
    }
    let mut sizes = BTreeMap::new();
    for (i, p) in content.ptu_sizes.iter().enumerate() {
        if let Some(first) = sizes.insert(p.key(), i) {
            let at = tree
                .locate(&Path::root().key("ptu_sizes").index(i).key("model"))
                .primary();
            out.push(
                Diagnostic::error(
                    "catalog::duplicate",
                    format!(
                        "the PTU sizes of `{}` in {} are defined twice (first at ptu_sizes[{first}])",
                        p.model, p.partition
                    ),
                )
                .with_label(at, "second definition")
                .with_help("keep one entry per Azure cloud and model"),
            );
        }
    }
    for (cloud, regions) in &content.regions {
        let mut seen = BTreeMap::new();
        for (i, r) in regions.iter().enumerate() {
            if seen.insert(r.code.as_str(), i).is_some() {
                let at = tree
                    .locate(
                        &Path::root()
                            .key("regions")
                            .key(cloud.key())
                            .index(i)
                            .key("code"),
                    )
                    .primary();
                out.push(
                    Diagnostic::error(
                        "catalog::duplicate",
                        format!("region `{}` is defined twice", r.code),
                    )
                    .with_label(at, "second definition"),
                );
            }
        }
    }
    out
}

/// Loads catalog files in order, later ones overlaying earlier ones.
///
/// # Errors
/// Every file that does not load, each with all its diagnostics.
pub fn load_sources<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Catalog, Vec<FileDiagnostics>> {
    let parsed = files
        .into_iter()
        .map(|(name, text)| parse(SourceFile::from_text(name, text)));
    build(parsed)
}

/// The built-in catalog overlaid with every `*.yaml`/`*.yml` file in `dirs` (sorted by name).
///
/// # Errors
/// Every file that does not load, or a folder that cannot be read.
pub fn load_dirs(dirs: &[PathBuf]) -> Result<Catalog, Vec<FileDiagnostics>> {
    let mut parsed: Vec<Result<Parsed, FileDiagnostics>> = BUILTIN_FILES
        .iter()
        .map(|(name, text)| parse(SourceFile::from_text(*name, *text)))
        .collect();
    for dir in dirs {
        match catalog_files(dir) {
            Ok(files) => parsed.extend(files.iter().map(|f| match SourceFile::read(f) {
                Ok(file) => parse(file),
                Err(e) => Err(FileDiagnostics {
                    file: SourceFile::from_text(e.name.clone(), ""),
                    diagnostics: vec![Diagnostic::from(&e)],
                }),
            })),
            Err(d) => parsed.push(Err(FileDiagnostics {
                file: SourceFile::from_text(crate::source::display_name(dir), ""),
                diagnostics: vec![d],
            })),
        }
    }
    build(parsed)
}

fn catalog_files(dir: &FsPath) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(
            "catalog::dir",
            format!(
                "cannot read catalog folder {}: {e}",
                crate::source::display_name(dir)
            ),
        )
        .with_help("--catalog and catalog_dirs name folders of catalog YAML files")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn build(
    parsed: impl IntoIterator<Item = Result<Parsed, FileDiagnostics>>,
) -> Result<Catalog, Vec<FileDiagnostics>> {
    let mut errors = Vec::new();
    let mut ok = Vec::new();
    for p in parsed {
        match p {
            Ok(p) => ok.push(p),
            Err(e) => errors.push(e),
        }
    }
    let mut catalog = Catalog {
        models: Vec::new(),
        regions: BTreeMap::new(),
        services: Vec::new(),
        prices: Vec::new(),
        ptu_sizes: Vec::new(),
        price_index: super::price::PriceIndex::default(),
    };
    for p in &ok {
        for size in &p.content.ptu_sizes {
            match catalog.ptu_sizes.iter_mut().find(|x| x.key() == size.key()) {
                Some(slot) => *slot = size.clone(),
                None => catalog.ptu_sizes.push(size.clone()),
            }
        }
        for price in &p.content.prices {
            match catalog.prices.iter_mut().find(|x| x.key() == price.key()) {
                Some(slot) => *slot = price.clone(),
                None => catalog.prices.push(price.clone()),
            }
        }
        for (cloud, regions) in &p.content.regions {
            let list = catalog.regions.entry(*cloud).or_default();
            for r in regions {
                match list.iter_mut().find(|x| x.code == r.code) {
                    Some(slot) => *slot = r.clone(),
                    None => list.push(r.clone()),
                }
            }
        }
        for s in &p.content.services {
            match catalog.services.iter_mut().find(|x| x.id == s.id) {
                Some(slot) => *slot = s.clone(),
                None => catalog.services.push(s.clone()),
            }
        }
        for m in &p.content.models {
            match catalog.models.iter_mut().find(|x| x.key == m.key) {
                Some(slot) => *slot = m.clone(),
                None => catalog.models.push(m.clone()),
            }
        }
    }
    for p in &ok {
        let diagnostics = unknown_regions(&p.content, &p.tree, &catalog);
        if !diagnostics.is_empty() {
            errors.push(FileDiagnostics {
                file: p.file.clone(),
                diagnostics,
            });
        }
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(errors)
    }
}

/// Every region an offer names must be a region of its cloud in the loaded catalog.
fn unknown_regions(content: &CatalogFile, tree: &Node, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (mi, m) in content.models.iter().enumerate() {
        for (oi, offer) in m.offers.iter().enumerate() {
            let cloud = offer.cloud();
            let base = Path::root().key("models").index(mi).key("offers").index(oi);
            let mut named: Vec<(Path, &str)> = Vec::new();
            match offer {
                Offer::Aws(b) => {
                    for (i, r) in b.in_region.iter().enumerate() {
                        named.push((base.clone().key("in_region").index(i), r));
                    }
                    if let Some(p) = &b.provisioned {
                        for (i, r) in p.regions.iter().enumerate() {
                            named
                                .push((base.clone().key("provisioned").key("regions").index(i), r));
                        }
                    }
                    for (pi, profile) in b.profiles.iter().enumerate() {
                        for (ri, route) in profile.routes.iter().enumerate() {
                            let at = base
                                .clone()
                                .key("profiles")
                                .index(pi)
                                .key("routes")
                                .index(ri);
                            for (i, r) in route.from.iter().enumerate() {
                                named.push((at.clone().key("from").index(i), r));
                            }
                            if let Destinations::Regions(to) = &route.to {
                                for (i, r) in to.iter().enumerate() {
                                    named.push((at.clone().key("to").index(i), r));
                                }
                            }
                        }
                    }
                }
                Offer::Azure(a) => {
                    for (sku, regions) in &a.deployments {
                        for (i, r) in regions.iter().enumerate() {
                            named.push((
                                base.clone().key("deployments").key(sku.name()).index(i),
                                r,
                            ));
                        }
                    }
                }
            }
            for (path, code) in named {
                unknown(
                    &mut out,
                    (tree, catalog),
                    (m.key.as_str(), &offer.label()),
                    cloud,
                    path,
                    code,
                );
            }
        }
    }
    for (i, p) in content.prices.iter().enumerate() {
        if p.region != "all" {
            let path = Path::root().key("prices").index(i).key("region");
            unknown(
                &mut out,
                (tree, catalog),
                (&p.offer, &format!("a {} price", p.meter)),
                p.cloud,
                path,
                &p.region,
            );
        }
    }
    out
}

/// Reports `code` when the loaded catalog has no region of that code on `cloud`.
fn unknown(
    out: &mut Vec<Diagnostic>,
    (tree, catalog): (&Node, &Catalog),
    (what, offer): (&str, &str),
    cloud: Cloud,
    path: Path,
    code: &str,
) {
    if catalog.region(cloud, code).is_some() {
        return;
    }
    let codes = catalog.regions(cloud).iter().map(|r| r.code.as_str());
    let mut d = Diagnostic::error(
        "catalog::unknown-region",
        format!(
            "{what} offers {offer} in `{code}`, which no catalog file defines as a {} region",
            cloud.key()
        ),
    )
    .with_label(tree.locate(&path).primary(), "unknown region");
    d = match crate::suggest::did_you_mean(code, codes) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "add it under `regions: {{{}: [...]}}` with its jurisdiction, or write `all`",
            cloud.key()
        )),
    };
    out.push(d);
}
