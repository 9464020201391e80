//! One line of the bill and the price lookup that fills it: a meter, a quantity, and the catalog
//! price with its date and source — or the reason there is no price.

use serde::Serialize;

use crate::catalog::{Catalog, PriceQuery};
use crate::plan::Role;

/// How a line is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Billed every hour the resource exists (hourly × 730) or per month, used or not.
    Fixed,
    /// Driven by traffic: tokens, log bytes, events, queries.
    Usage,
    /// Reserved capacity: provisioned throughput and PTUs.
    Commitment,
}

/// Whether the line has a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Priced,
    /// The catalog has no confirmed price for the meter.
    PriceUnconfirmed,
    /// The blueprint does not declare the usage the meter needs.
    NotEstimated,
    /// Not a price: the resource cannot run (a model past its end of life).
    Error,
}

/// One priced meter of one rendered resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The blueprint path the resource comes from (`models[1]`, `logging.retention_days`).
    pub path: String,
    /// The Terraform or Bicep resource it prices, as rendered.
    pub address: String,
    pub region: String,
    pub role: Role,
    pub what: String,
    pub kind: Kind,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_checked: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Provisioned capacity against the same tokens on demand (provisioned lines only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even: Option<BreakEven>,
    /// The sizes Azure deploys this PTU deployment type in (Azure provisioned lines only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ptu_size: Option<PtuSizeNote>,
}

/// Whether the break-even of a provisioned line could be worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BreakEvenStatus {
    /// Both sides are priced and the usage is declared.
    Estimated,
    /// Usage not declared, or a price unconfirmed: `note` says which.
    NotEstimated,
    /// Capacity in the failover region: it serves no declared traffic until a failover.
    Standby,
}

/// Provisioned capacity against what the declared tokens would cost on demand with the same
/// routing, in the same region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    pub status: BreakEvenStatus,
    /// The declared tokens a month at on-demand prices (cached and batch shares at theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_demand_usd: Option<f64>,
    /// The provisioned line's monthly figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_usd: Option<f64>,
    /// `on_demand_usd ÷ provisioned_usd`: 1 is the break-even; below 1 the capacity costs more
    /// than the tokens it serves would on demand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_ratio: Option<f64>,
    /// `provisioned` or `on-demand`: which costs less at the declared usage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cheaper: Option<&'static str>,
    /// One sentence: the figures, or why there are none.
    pub note: String,
}

/// The sizes of an Azure provisioned deployment type, from the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PtuSizeNote {
    /// `ProvisionedManaged`, `DataZoneProvisionedManaged`, `GlobalProvisionedManaged`.
    pub deployment_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub increment: Option<u32>,
    /// Whether both are confirmed (only then does lint refuse another size).
    pub confirmed: bool,
    /// PTUs the declared usage keeps busy on average (its peak minute needs more).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_ptus: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Where a line is and what it is, before the price.
pub struct Meter<'a> {
    pub path: String,
    pub address: String,
    pub region: &'a str,
    pub partition: &'a str,
    pub role: Role,
    pub what: String,
    pub kind: Kind,
}

impl Meter<'_> {
    /// Prices `quantity` units of `(meter, offer, variant)`. No quantity: "not estimated" with
    /// `declare` as the note.
    #[must_use]
    pub fn price(
        self,
        catalog: &Catalog,
        (meter, offer, variant): (&str, &str, Option<&str>),
        quantity: Result<f64, String>,
        unit: &str,
    ) -> Line {
        let found = catalog.price(&PriceQuery {
            cloud: catalog_cloud(self.partition),
            partition: self.partition,
            region: self.region,
            meter,
            offer,
            variant,
        });
        let mut line = self.bare(unit);
        if let Some(p) = found {
            line.unit.clone_from(&p.unit);
            line.price_checked = Some(p.provenance.verified.clone());
            line.price_source = Some(p.provenance.source.clone());
            line.unit_usd = p.usd;
        }
        match (quantity, found.and_then(|p| p.usd)) {
            (Err(declare), _) => {
                line.status = Status::NotEstimated;
                line.note = Some(format!("not estimated: {declare}"));
            }
            (Ok(q), Some(usd)) => {
                line.quantity = Some(q);
                line.monthly_usd = Some(q * usd);
                line.status = Status::Priced;
            }
            (Ok(q), None) => {
                line.quantity = Some(q);
                line.status = Status::PriceUnconfirmed;
                line.note = Some(match found.and_then(|p| p.note.as_deref()) {
                    Some(lead) => format!("price unconfirmed: {lead}"),
                    None => format!(
                        "price unconfirmed: the catalog has no price for {meter} of {offer}{} in {} ({})",
                        variant.map_or_else(String::new, |v| format!(" ({v})")),
                        self_region(&line),
                        self.partition
                    ),
                });
            }
        }
        line
    }

    /// A line that is an error, not a price.
    #[must_use]
    pub fn error(self, message: String) -> Line {
        let mut line = self.bare("");
        line.status = Status::Error;
        line.note = Some(message);
        line
    }

    fn bare(&self, unit: &str) -> Line {
        Line {
            path: self.path.clone(),
            address: self.address.clone(),
            region: self.region.to_owned(),
            role: self.role,
            what: self.what.clone(),
            kind: self.kind,
            status: Status::NotEstimated,
            quantity: None,
            unit: unit.to_owned(),
            unit_usd: None,
            monthly_usd: None,
            price_checked: None,
            price_source: None,
            note: None,
            break_even: None,
            ptu_size: None,
        }
    }
}

fn self_region(line: &Line) -> &str {
    &line.region
}

/// The cloud of a partition name.
fn catalog_cloud(partition: &str) -> crate::catalog::Cloud {
    if partition.starts_with("azure") {
        crate::catalog::Cloud::Azure
    } else {
        crate::catalog::Cloud::Aws
    }
}
