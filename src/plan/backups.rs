//! Where a cloud's knowledge-base backups are kept. Every store keeps its own backups in its
//! region; whether a copy reaches an alternate site (FedRAMP CP-9(3), CP-9(5)) depends on the
//! store (a catalog fact: `services[].backup`) and on the blueprint having a failover region to
//! copy to. `render` writes the copy (AWS Backup, to a vault in the failover region) exactly
//! when [`KnowledgeBackup::copied_to`] says so, and FRH-KB-BACKUP judges the same value: the
//! decision is made once, here.

use serde::Serialize;

use crate::blueprint::model::Blueprint;
use crate::catalog::{AlternateSite, Catalog, Cloud, knowledge_service_id};

/// The catalog service that makes the copies `render` writes (AWS Backup): a dependency of the
/// workload, and so a node of the lock-in graph, wherever [`KnowledgeBackup::copied_to`] is set.
pub const COPY_SERVICE: &str = "aws-backup";

/// The backups of one cloud's knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnowledgeBackup {
    /// The store's catalog name ("Aurora PostgreSQL with pgvector").
    pub store: String,
    /// What the store keeps by itself in its region; none when the catalog does not say.
    pub in_region: Option<String>,
    /// How a copy can leave the region; none when the catalog does not say (read as: it cannot).
    pub alternate_site: Option<AlternateSite>,
    /// The region `render` copies the backups to.
    pub copied_to: Option<String>,
    /// A configured region (primary or failover) where the catalog says no copy can be made.
    pub no_copy_in: Option<String>,
}

/// The knowledge-base backups of `cloud`, when the blueprint puts a knowledge base there (its
/// primary region offers the embedding model).
#[must_use]
pub fn knowledge_base(bp: &Blueprint, catalog: &Catalog, cloud: Cloud) -> Option<KnowledgeBackup> {
    let kb = bp.knowledge_base.as_ref()?;
    let placement = bp.clouds.get(cloud)?;
    catalog
        .model(&kb.embedding_model)?
        .in_region_offer(cloud, &placement.region)?;
    let id = knowledge_service_id(cloud, kb.store);
    let service = catalog.service(id);
    let fact = service.and_then(|s| s.backup.as_ref());
    let alternate_site = fact.map(|b| b.alternate_site);
    let copy_offered = |region: &String| fact.is_some_and(|b| !b.no_copy_regions.contains(region));
    let no_copy_in = fact.and_then(|b| {
        std::iter::once(&placement.region)
            .chain(placement.failover_region.as_ref())
            .find(|r| b.no_copy_regions.contains(r))
            .cloned()
    });
    let copied_to = match alternate_site {
        // AWS Backup is the only copy twinstack renders.
        Some(AlternateSite::Copy) if cloud == Cloud::Aws => placement
            .failover_region
            .clone()
            .filter(|f| copy_offered(f) && copy_offered(&placement.region)),
        _ => None,
    };
    Some(KnowledgeBackup {
        store: service.map_or_else(|| id.to_owned(), |s| s.name.clone()),
        in_region: fact.map(|b| b.in_region.clone()),
        alternate_site,
        copied_to,
        no_copy_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(
        aws: &str,
        azure: &str,
        store: &str,
        embedding: &str,
    ) -> [Option<KnowledgeBackup>; 2] {
        let model = if aws.is_empty() {
            "gpt-5-1"
        } else {
            "claude-sonnet-4-5"
        };
        let text = format!(
            "version: 1\nname: backup-test\nowner: a@example.com\nresidency: any\nclouds:\n{aws}{azure}models:\n  - name: m\n    model: {model}\nknowledge_base:\n  store: {store}\n  embedding_model: {embedding}\n"
        );
        let file = crate::source::SourceFile::from_text("b.yaml", text);
        let catalog = Catalog::embedded();
        let loaded = crate::blueprint::load_source(file, catalog).expect("loads");
        [Cloud::Aws, Cloud::Azure].map(|c| knowledge_base(&loaded.blueprint, catalog, c))
    }

    const AWS_FAILOVER: &str =
        "  aws:\n    region: us-east-1\n    failover_region: us-west-2\n    cidr: 10.0.0.0/16\n";

    #[test]
    fn aurora_backups_are_copied_to_the_failover_region() {
        let [aws, azure] = backup(AWS_FAILOVER, "", "pgvector", "titan-embed-text-v2");
        let aws = aws.expect("knowledge base on AWS");
        assert_eq!(aws.copied_to.as_deref(), Some("us-west-2"));
        assert_eq!(aws.alternate_site, Some(AlternateSite::Copy));
        assert!(azure.is_none(), "no Azure placement");
    }

    #[test]
    fn no_copy_without_a_failover_region_or_where_aws_backup_cannot_copy() {
        let alone = "  aws:\n    region: us-east-1\n    cidr: 10.0.0.0/16\n";
        let [aws, _] = backup(alone, "", "pgvector", "titan-embed-text-v2");
        assert_eq!(aws.expect("on AWS").copied_to, None);
        let milan = "  aws:\n    region: eu-south-1\n    failover_region: eu-west-1\n    cidr: 10.0.0.0/16\n";
        let [aws, _] = backup(milan, "", "pgvector", "titan-embed-text-v2");
        let aws = aws.expect("on AWS");
        assert_eq!(aws.copied_to, None, "Milan: no cross-region copy");
        assert_eq!(aws.no_copy_in.as_deref(), Some("eu-south-1"));
    }

    #[test]
    fn managed_stores_and_azure_postgres_are_not_copied() {
        let [aws, _] = backup(AWS_FAILOVER, "", "managed", "titan-embed-text-v2");
        let aws = aws.expect("on AWS");
        assert_eq!(
            (aws.alternate_site, aws.copied_to),
            (Some(AlternateSite::None), None)
        );
        let azure = "  azure:\n    region: eastus2\n    failover_region: centralus\n    cidr: 10.1.0.0/16\n";
        let [_, az] = backup("", azure, "pgvector", "text-embedding-3-large");
        let az = az.expect("on Azure");
        assert_eq!(
            (az.alternate_site, az.copied_to),
            (Some(AlternateSite::GeoRedundant), None)
        );
    }
}
