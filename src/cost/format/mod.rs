//! Output formats of `twinstack cost`, one module each, all from the same [`super::Bill`]s.

pub mod json;
pub mod markdown;
pub mod table;

/// `1,234.56`.
#[must_use]
pub fn usd(v: f64) -> String {
    let cents = (v * 100.0).round();
    let negative = cents < 0.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cents = cents.abs() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}{grouped}.{:02}",
        if negative { "-" } else { "" },
        cents % 100
    )
}

/// The format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}
