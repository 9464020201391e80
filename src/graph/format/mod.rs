//! The lock-in graph in every output format, one module each. All walk nodes in id order.

mod dot;
mod json;
mod markdown;
mod mermaid;
mod svg;

use clap::ValueEnum;

pub use dot::dot;
pub use json::json;
pub use markdown::{PORTFOLIO_HEADER, markdown, portfolio_row};
pub use mermaid::mermaid;
pub use svg::svg;

use super::{Analysis, LockinGraph};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Mermaid flowchart (renders in GitHub pull requests).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// Nodes, edges, classes and scores.
    Json,
    /// An SVG drawing.
    Svg,
    /// A report: score, blockers, the diagram, an exit plan per provider.
    Markdown,
}

impl Format {
    /// File extension for `--output-dir`.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mermaid => "mmd",
            Format::Dot => "dot",
            Format::Json => "json",
            Format::Svg => "svg",
            Format::Markdown => "md",
        }
    }
}

/// One blueprint's graph in a format.
#[must_use]
pub fn render(format: Format, graph: &LockinGraph, analysis: &Analysis) -> String {
    match format {
        Format::Mermaid => mermaid(graph),
        Format::Dot => dot(graph),
        Format::Json => json(graph, analysis),
        Format::Svg => svg(graph),
        Format::Markdown => markdown(graph, analysis),
    }
}

/// A node id usable in Mermaid and DOT: letters, digits and `_`, never a keyword.
#[must_use]
pub fn symbol(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("n_{s}")
}
