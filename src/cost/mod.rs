//! `twinstack cost`: what a blueprint costs on each cloud, as one bill of materials.
//!
//! The estimate prices what `render` writes, not what the blueprint might mean: it renders the
//! blueprint (a pure function), lists every resource of the Terraform and Bicep files
//! ([`resources`]), and asks each resource type's decision ([`decisions`]) for its lines — a fixed
//! floor (hourly × 730), a traffic-driven meter, or nothing with the reason why. Model tokens and
//! provisioned capacity come from the same resolved [`crate::plan::Plan`] the renderers walk
//! ([`models`]). Prices come from the catalog ([`crate::catalog::UnitPrice`]); an unconfirmed price
//! or an undeclared usage makes the line unpriced, and totals say "at least" and how many lines
//! are missing — never a silent zero.
//!
//! Each cloud's bill also lists the decisions the figures inform ([`Advice`]): whether
//! provisioned capacity is above its break-even at the declared usage, what a batch share saves,
//! what the failover region's capacity costs. A number is only given where every price behind it
//! is confirmed; otherwise the advice says what is missing.

pub mod compare;
pub mod decisions;
pub mod format;
mod line;
mod models;
pub mod resources;

use serde::Serialize;

use crate::blueprint::LoadedBlueprint;
use crate::catalog::{Catalog, Cloud};
use crate::date::Day;
use crate::plan::Plan;

pub use line::{BreakEven, BreakEvenStatus, Kind, Line, PtuSizeNote, Status};

/// Hours in a month, as the providers' price pages count them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The bill of one blueprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bill {
    pub blueprint: String,
    pub file: String,
    pub clouds: Vec<CloudBill>,
}

/// One cloud's share of a bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudBill {
    pub cloud: Cloud,
    pub totals: Totals,
    pub lines: Vec<Line>,
    /// The decisions the lines inform, in line order.
    pub advice: Vec<Advice>,
}

/// What a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// Provisioned capacity against the same tokens on demand.
    BreakEven,
    /// Sending a share of the tokens as batch jobs.
    Batch,
    /// What a provisioned model gets in the failover region.
    FailoverCapacity,
}

/// One decision the estimate informs, at the blueprint field that makes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// The field to change (`models[1].failover_capacity`).
    pub path: String,
    pub address: String,
    pub topic: Topic,
    /// What acting on it saves a month, when every price behind it is confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_saving_usd: Option<f64>,
    pub message: String,
}

/// Sums of the priced lines, and how many lines have no price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub fixed_usd: f64,
    pub usage_usd: f64,
    pub commitment_usd: f64,
    /// Every priced line: a lower bound when `unpriced_lines` is not zero.
    pub monthly_usd: f64,
    /// Lines whose price is unconfirmed or whose usage is not declared.
    pub unpriced_lines: usize,
    /// Lines that are errors (a model past its end of life).
    pub error_lines: usize,
}

impl Totals {
    fn of(lines: &[Line]) -> Self {
        let mut t = Totals::default();
        for l in lines {
            match (l.status, l.monthly_usd) {
                (Status::Error, _) => t.error_lines += 1,
                (_, Some(usd)) => {
                    match l.kind {
                        Kind::Fixed => t.fixed_usd += usd,
                        Kind::Usage => t.usage_usd += usd,
                        Kind::Commitment => t.commitment_usd += usd,
                    }
                    t.monthly_usd += usd;
                }
                (_, None) => t.unpriced_lines += 1,
            }
        }
        t
    }

    /// Adds another cloud's or blueprint's totals.
    #[must_use]
    pub fn plus(self, o: Totals) -> Totals {
        Totals {
            fixed_usd: self.fixed_usd + o.fixed_usd,
            usage_usd: self.usage_usd + o.usage_usd,
            commitment_usd: self.commitment_usd + o.commitment_usd,
            monthly_usd: self.monthly_usd + o.monthly_usd,
            unpriced_lines: self.unpriced_lines + o.unpriced_lines,
            error_lines: self.error_lines + o.error_lines,
        }
    }

    /// `$1,234.56` or `at least $1,234.56 (3 lines unpriced)`.
    #[must_use]
    pub fn describe(&self) -> String {
        if self.unpriced_lines == 0 {
            format!("${}", format::usd(self.monthly_usd))
        } else {
            format!(
                "at least ${} ({} line{} unpriced)",
                format::usd(self.monthly_usd),
                self.unpriced_lines,
                if self.unpriced_lines == 1 { "" } else { "s" }
            )
        }
    }
}

impl Bill {
    /// Both clouds together.
    #[must_use]
    pub fn total(&self) -> Totals {
        self.clouds
            .iter()
            .fold(Totals::default(), |t, c| t.plus(c.totals))
    }
}

/// Estimates a loaded blueprint: renders it, then prices every rendered resource and model.
///
/// # Errors
/// A renderer error (a twinstack bug, reported rather than hidden).
pub fn estimate(
    loaded: &LoadedBlueprint,
    plan: &Plan,
    catalog: &Catalog,
    today: Day,
) -> Result<Bill, String> {
    let bp = &loaded.blueprint;
    let input = crate::render::Input::new(loaded, plan, catalog, Vec::new());
    let mut clouds = Vec::new();
    for cloud in Cloud::ALL {
        if bp.clouds.get(cloud).is_none() {
            continue;
        }
        let listed = resources::rendered(cloud, &input)?;
        let site = resources::Sites::new(bp, catalog, cloud);
        let models::Priced { mut lines, advice } =
            models::lines(bp, plan, catalog, cloud, &site, today);
        for r in listed {
            lines.extend(decisions::lines(&r, bp, plan, catalog, &site));
        }
        let totals = Totals::of(&lines);
        clouds.push(CloudBill {
            cloud,
            totals,
            lines,
            advice,
        });
    }
    Ok(Bill {
        blueprint: bp.name.clone(),
        file: crate::visible::escape(loaded.file.name()).into_owned(),
        clouds,
    })
}
