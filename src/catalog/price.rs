//! Unit prices as data, beside the models they price: what one unit of a meter costs on a cloud,
//! partition and region, with the date it was checked and where it was read.
//!
//! Prices change more often than code and differ per region and partition (GovCloud and Azure
//! Government have their own price lists; no multiplier turns one into the other), so they live in
//! `catalog/prices/*.yaml`, loaded and overlaid like every other catalog file. A price nobody could
//! confirm keeps `usd` empty: the estimate then says "price unconfirmed" instead of adding $0.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Cloud, Provenance};

/// The price of one unit of one meter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPrice {
    pub cloud: Cloud,
    /// ARN partition or Azure cloud: aws, aws-us-gov, aws-eusc, azure, azure-us-gov.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub partition: String,
    /// A region code of the cloud, or `all` for every region of the partition.
    #[schemars(length(min = 1))]
    pub region: String,
    /// What is metered: tokens-input, tokens-output, tokens-cached-input, tokens-batch-input,
    /// provisioned-model-unit, ptu, key, ocu, ingestion, interface-endpoint, …
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub meter: String,
    /// What the meter belongs to: a Bedrock model id, an Azure model and version
    /// (`gpt-5.1 2025-11-13`), or a service (`kms`, `opensearch-serverless`, …).
    #[schemars(length(min = 1))]
    pub offer: String,
    /// Deployment type, profile or term: on-demand, regional, geo, global, data-zone,
    /// global-batch, data-zone-batch, 1-month, 6-months, reservation-1-month, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub variant: Option<String>,
    /// The unit priced: `1M tokens`, `model-unit-hour`, `PTU-hour`, `key-month`, `GB`, …
    #[schemars(length(min = 1))]
    pub unit: String,
    /// US dollars per unit. Absent or null: not confirmed, and never counted as zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub usd: Option<f64>,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// What could not be confirmed, or how the figure applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl UnitPrice {
    /// The identity an overlay replaces: cloud, partition, region, meter, offer and variant.
    #[must_use]
    pub fn key(&self) -> (Cloud, &str, &str, &str, &str, Option<&str>) {
        (
            self.cloud,
            &self.partition,
            &self.region,
            &self.meter,
            &self.offer,
            self.variant.as_deref(),
        )
    }

    /// `price unconfirmed` or the dollar figure, for messages.
    #[must_use]
    pub fn describe(&self) -> String {
        self.usd.map_or_else(
            || "price unconfirmed".to_owned(),
            |usd| format!("${usd} per {}", self.unit),
        )
    }
}

/// What a bill line asks the price list for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceQuery<'a> {
    pub cloud: Cloud,
    pub partition: &'a str,
    pub region: &'a str,
    pub meter: &'a str,
    pub offer: &'a str,
    pub variant: Option<&'a str>,
}

/// The entry for a query: the region's own price, else the partition-wide (`all`) one. Never a
/// price of another region or partition.
#[must_use]
pub fn lookup<'p>(prices: &'p [UnitPrice], q: &PriceQuery<'_>) -> Option<&'p UnitPrice> {
    lookup_in(prices.iter(), q)
}

/// [`lookup`] among some of the prices, in their order (later entries win).
fn lookup_in<'p>(
    prices: impl DoubleEndedIterator<Item = &'p UnitPrice> + Clone,
    q: &PriceQuery<'_>,
) -> Option<&'p UnitPrice> {
    let matches = |p: &&UnitPrice, region: &str| {
        p.cloud == q.cloud
            && p.partition == q.partition
            && p.region == region
            && p.meter == q.meter
            && p.offer == q.offer
            && p.variant.as_deref() == q.variant
    };
    prices
        .clone()
        .rev()
        .find(|p| matches(p, q.region))
        .or_else(|| prices.rev().find(|p| matches(p, "all")))
}

/// The positions of the prices of each meter, so that pricing a bill line compares a few entries
/// rather than the whole list (every linted blueprint prices dozens of lines). Built once, on the
/// first lookup; a cloned catalog builds its own.
#[derive(Default)]
pub struct PriceIndex(std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>>);

impl PriceIndex {
    /// [`lookup`] through the index: the same entry, found among the meter's prices only.
    #[must_use]
    pub fn lookup<'p>(&self, prices: &'p [UnitPrice], q: &PriceQuery<'_>) -> Option<&'p UnitPrice> {
        let by_meter = self.0.get_or_init(|| {
            let mut map: std::collections::HashMap<String, Vec<usize>> =
                std::collections::HashMap::new();
            for (i, p) in prices.iter().enumerate() {
                map.entry(p.meter.clone()).or_default().push(i);
            }
            map
        });
        let at: &[usize] = by_meter.get(q.meter).map_or(&[], Vec::as_slice);
        lookup_in(at.iter().filter_map(|&i| prices.get(i)), q)
    }
}

impl Clone for PriceIndex {
    fn clone(&self) -> Self {
        PriceIndex::default()
    }
}

impl PartialEq for PriceIndex {
    /// An index is derived from the prices, which the catalog compares.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for PriceIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PriceIndex")
    }
}
