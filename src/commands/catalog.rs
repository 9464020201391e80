//! `twinstack catalog`: the embedded models and regions, as a table or JSON.

use std::fmt::Write as _;

use clap::ValueEnum;

use crate::catalog::{Catalog, Confidence, Hipaa, Price, Region};
use crate::cli::CatalogArgs;
use crate::output::{Exit, print};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    Models,
    Regions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[must_use]
pub fn run(args: &CatalogArgs) -> Exit {
    print(&show(Catalog::embedded(), args.what, args.format));
    Exit::Clean
}

/// The catalog (or one section of it) in a format.
#[must_use]
pub fn show(catalog: &Catalog, what: Option<Section>, format: Format) -> String {
    match (format, what) {
        (Format::Json, None) => json(catalog),
        (Format::Json, Some(Section::Models)) => json(&catalog.models),
        (Format::Json, Some(Section::Regions)) => json(&catalog.regions),
        (Format::Table, Some(Section::Models)) => models_table(catalog),
        (Format::Table, Some(Section::Regions)) => regions_table(catalog),
        (Format::Table, None) => format!("{}\n{}", models_table(catalog), regions_table(catalog)),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn models_table(catalog: &Catalog) -> String {
    let mut rows = vec![
        [
            "MODEL",
            "VENDOR",
            "OPEN",
            "CLOUD",
            "ID / VERSION",
            "REGIONS",
            "HIPAA",
            "$/1M IN",
            "$/1M OUT",
            "CONFIDENCE",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for m in &catalog.models {
        let open = if m.open_weights { "yes" } else { "no" };
        for o in &m.aws {
            rows.push(offer_row(
                &m.key,
                &m.vendor,
                open,
                "aws",
                &o.id,
                o.regions.len(),
                o.hipaa,
                o.price,
                o.provenance.confidence,
            ));
        }
        for o in &m.azure {
            let id = format!("{} {}", o.model, o.version);
            rows.push(offer_row(
                &m.key,
                &m.vendor,
                open,
                "azure",
                &id,
                o.regions.len(),
                o.hipaa,
                o.price,
                o.provenance.confidence,
            ));
        }
    }
    table(&rows)
}

#[allow(clippy::too_many_arguments)]
fn offer_row(
    key: &str,
    vendor: &str,
    open: &str,
    cloud: &str,
    id: &str,
    regions: usize,
    hipaa: Hipaa,
    price: Price,
    confidence: Confidence,
) -> Vec<String> {
    let dollars = |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    vec![
        key.to_owned(),
        vendor.to_owned(),
        open.to_owned(),
        cloud.to_owned(),
        id.to_owned(),
        regions.to_string(),
        crate::text::serde_name(&hipaa),
        dollars(price.input),
        dollars(price.output),
        crate::text::serde_name(&confidence),
    ]
}

fn regions_table(catalog: &Catalog) -> String {
    let mut rows = vec![
        [
            "CLOUD",
            "REGION",
            "NAME",
            "PARTITION",
            "JURISDICTION",
            "GEOGRAPHY",
            "FEDRAMP",
            "CONFIDENCE",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let mut push = |cloud: &str, r: &Region| {
        rows.push(vec![
            cloud.to_owned(),
            r.code.clone(),
            r.name.clone(),
            r.partition.clone(),
            r.jurisdiction.clone(),
            r.geography.clone(),
            crate::text::serde_name(&r.fedramp),
            crate::text::serde_name(&r.provenance.confidence),
        ]);
    };
    catalog.regions.aws.iter().for_each(|r| push("aws", r));
    catalog.regions.azure.iter().for_each(|r| push("azure", r));
    table(&rows)
}

/// Left-aligned columns separated by two spaces.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let _ = write!(line, "{cell:<width$}  ", width = widths[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
