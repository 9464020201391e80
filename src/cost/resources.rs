//! The resources `render` wrote: every `resource "type" "name"` of the Terraform files and every
//! `resource symbol 'Type@version'` of the Bicep files, with the site (primary or failover region)
//! it is deployed to. Reading what the renderers write, rather than re-deriving what they would
//! do, keeps the bill and the deployment from drifting apart. For AWS the renderer's blocks are
//! listed before they are formatted ([`crate::render::aws::resources`]): `lint` prices every
//! blueprint, and formatting is most of what rendering Terraform costs. A test holds the two
//! ways equal.

use std::collections::BTreeMap;

use crate::blueprint::model::Blueprint;
use crate::catalog::{Catalog, Cloud};
use crate::plan::Role;

/// One rendered resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub cloud: Cloud,
    /// `aws_kms_key` or `Microsoft.KeyVault/vaults/keys` (API version dropped).
    pub kind: String,
    /// `aws_kms_key.main_failover` or `modules/failover.bicep:key`.
    pub address: String,
    /// The Terraform name or Bicep symbol.
    pub name: String,
    pub role: Role,
}

/// The regions of one cloud and their partitions.
pub struct Sites {
    pub primary: (String, String),
    pub failover: Option<(String, String)>,
}

impl Sites {
    #[must_use]
    pub fn new(bp: &Blueprint, catalog: &Catalog, cloud: Cloud) -> Self {
        let site = |code: &str| {
            let partition = catalog
                .region(cloud, code)
                .map_or_else(|| "unknown".to_owned(), |r| r.partition.clone());
            (code.to_owned(), partition)
        };
        let placement = bp.clouds.get(cloud);
        Sites {
            primary: placement.map_or_else(|| (String::new(), String::new()), |p| site(&p.region)),
            failover: placement
                .and_then(|p| p.failover_region.as_deref())
                .map(site),
        }
    }

    /// Region code and partition of a role.
    #[must_use]
    pub fn of(&self, role: Role) -> (&str, &str) {
        let (r, p) = match role {
            Role::Primary => &self.primary,
            Role::Failover => self.failover.as_ref().unwrap_or(&self.primary),
        };
        (r, p)
    }
}

/// Every resource `render` writes for one cloud, in file order: [`scan`] of the rendered files,
/// without formatting the Terraform.
///
/// # Errors
/// A renderer error (a twinstack bug).
pub fn rendered(cloud: Cloud, input: &crate::render::Input<'_>) -> Result<Vec<Resource>, String> {
    Ok(match cloud {
        Cloud::Aws => crate::render::aws::resources(input)?
            .into_iter()
            .map(|(_, kind, name)| Resource {
                cloud,
                address: format!("{kind}.{name}"),
                role: aws_role(&name),
                kind,
                name,
            })
            .collect(),
        Cloud::Azure => scan(cloud, &crate::render::azure::render(input)?),
    })
}

/// Failover copies of Terraform resources are suffixed `_failover`.
fn aws_role(name: &str) -> Role {
    if name.ends_with("_failover") {
        Role::Failover
    } else {
        Role::Primary
    }
}

/// Every resource in the rendered files of one cloud, in file order.
#[must_use]
pub fn scan(cloud: Cloud, files: &BTreeMap<String, String>) -> Vec<Resource> {
    let mut out = Vec::new();
    for (file, text) in files {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("resource ") else {
                continue;
            };
            // Terraform: `resource "type" "name" {`, failover copies suffixed `_failover`.
            // Bicep: `resource symbol 'Type@version' = {`, failover resources in their module.
            let found = match cloud {
                Cloud::Aws => {
                    let mut parts = rest.split('"').filter(|s| !s.trim().is_empty());
                    parts.next().zip(parts.next()).map(|(kind, name)| {
                        (
                            kind,
                            name,
                            format!("{kind}.{name}"),
                            name.ends_with("_failover"),
                        )
                    })
                }
                Cloud::Azure => rest.split_once(' ').and_then(|(symbol, tail)| {
                    let kind = tail.strip_prefix('\'')?.split('@').next()?;
                    Some((
                        kind,
                        symbol,
                        format!("{file}:{symbol}"),
                        file.contains("failover"),
                    ))
                }),
            };
            let Some((kind, name, address, failover)) = found else {
                continue;
            };
            out.push(Resource {
                cloud,
                kind: kind.to_owned(),
                address,
                name: name.to_owned(),
                role: if failover {
                    Role::Failover
                } else {
                    Role::Primary
                },
            });
        }
    }
    out
}
