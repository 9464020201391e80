//! The sizes Azure sells provisioned throughput in: per model and Azure cloud, the smallest
//! deployment and the step of each provisioned deployment type, and the throughput one PTU gives.
//!
//! Azure refuses a provisioned deployment below the model's minimum or off its scale increment,
//! and the numbers differ by model and deployment type (gpt-5.1: 15 in steps of 5 for Global and
//! Data Zone, 50 in steps of 50 for Regional). They are provider facts that change with new
//! models, so they live in the catalog (`catalog/capacity.yaml`) with their source and date, not
//! in code. A size nobody confirmed stays empty: the estimate says "unconfirmed" and nothing is
//! refused on it — never a guessed number.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AzureSku, Provenance};

/// A provisioned deployment type, as the sizing tables name them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PtuDeployment {
    /// `GlobalProvisionedManaged`.
    Global,
    /// `DataZoneProvisionedManaged`.
    DataZone,
    /// `ProvisionedManaged` (Regional Provisioned).
    Regional,
}

impl PtuDeployment {
    /// The deployment type of a provisioned SKU; `None` for pay-per-token and batch SKUs.
    #[must_use]
    pub fn of(sku: AzureSku) -> Option<Self> {
        match sku {
            AzureSku::GlobalProvisionedManaged => Some(Self::Global),
            AzureSku::DataZoneProvisionedManaged => Some(Self::DataZone),
            AzureSku::ProvisionedManaged => Some(Self::Regional),
            _ => None,
        }
    }

    /// How the provider's pages name it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Global => "Global Provisioned",
            Self::DataZone => "Data Zone Provisioned",
            Self::Regional => "Regional Provisioned",
        }
    }
}

/// The smallest deployment and the step of one deployment type. A missing number is not
/// confirmed and is not enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PtuStep {
    /// The fewest PTUs a deployment of this type may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub minimum: Option<u32>,
    /// Deployments are sized at the minimum plus whole increments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub increment: Option<u32>,
}

impl PtuStep {
    /// Whether both numbers are known (only then are they enforced).
    #[must_use]
    pub fn confirmed(&self) -> bool {
        self.minimum.is_some() && self.increment.is_some()
    }

    /// Whether `units` is a size Azure accepts: at least the minimum, and the minimum plus whole
    /// increments (for every model in the tables the minimum is itself a multiple of the
    /// increment, so this is "a multiple of the increment"). `None` when unconfirmed.
    #[must_use]
    pub fn accepts(&self, units: u32) -> Option<bool> {
        let (min, inc) = (self.minimum?, self.increment?);
        Some(units >= min && (units - min).is_multiple_of(inc))
    }

    /// The nearest sizes Azure accepts around `units`: the one below (if any) and the one above.
    #[must_use]
    pub fn neighbours(&self, units: u32) -> Option<(Option<u32>, u32)> {
        let (min, inc) = (self.minimum?, self.increment?);
        if units <= min {
            return Some((None, min));
        }
        let below = min + (units - min) / inc * inc;
        let above = if below == units { units } else { below + inc };
        Some((Some(below), above))
    }
}

/// Provisioned throughput sizes of one Azure OpenAI model in one Azure cloud (every version of
/// the model: the provider's tables are per model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PtuSize {
    /// The Azure cloud: azure or azure-us-gov.
    #[schemars(regex(pattern = r"^azure[a-z0-9-]*$"))]
    pub partition: String,
    /// The deployment's model name, as in the model's Azure offers (`gpt-5.1`).
    #[schemars(length(min = 1))]
    pub model: String,
    /// `GlobalProvisionedManaged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<PtuStep>,
    /// `DataZoneProvisionedManaged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_zone: Option<PtuStep>,
    /// `ProvisionedManaged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional: Option<PtuStep>,
    /// Input tokens a minute one PTU processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub input_tpm_per_ptu: Option<u32>,
    /// How many input tokens one output token counts as toward the PTU's throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub output_to_input_ratio: Option<f64>,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// What could not be confirmed, or how the figures apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PtuSize {
    /// The identity an overlay replaces: cloud and model.
    #[must_use]
    pub fn key(&self) -> (&str, &str) {
        (&self.partition, &self.model)
    }

    /// The step of one deployment type (empty when the entry does not give it).
    #[must_use]
    pub fn step(&self, deployment: PtuDeployment) -> PtuStep {
        let none = PtuStep {
            minimum: None,
            increment: None,
        };
        match deployment {
            PtuDeployment::Global => self.global,
            PtuDeployment::DataZone => self.data_zone,
            PtuDeployment::Regional => self.regional,
        }
        .unwrap_or(none)
    }
}

#[cfg(test)]
mod tests {
    use super::PtuStep;

    #[test]
    fn accepts_the_minimum_plus_whole_increments() {
        let regional = PtuStep {
            minimum: Some(50),
            increment: Some(50),
        };
        assert_eq!(regional.accepts(50), Some(true));
        assert_eq!(regional.accepts(100), Some(true));
        assert_eq!(regional.accepts(25), Some(false));
        assert_eq!(regional.accepts(75), Some(false));
        assert_eq!(regional.neighbours(75), Some((Some(50), 100)));
        assert_eq!(regional.neighbours(10), Some((None, 50)));
        let global = PtuStep {
            minimum: Some(15),
            increment: Some(5),
        };
        assert_eq!(global.accepts(20), Some(true));
        assert_eq!(global.accepts(22), Some(false));
        assert_eq!(global.neighbours(22), Some((Some(20), 25)));
        let unknown = PtuStep {
            minimum: Some(15),
            increment: None,
        };
        assert_eq!(unknown.accepts(7), None);
    }
}
