//! Terraform for AWS Bedrock: a root module per blueprint, one file per concern. Every region the
//! blueprint names (primary and failover) gets the same per-region resources, the failover set
//! through an aliased provider; IAM, CloudTrail and the budget are account-wide and made once.

mod archive;
mod identity;
mod keys;
mod knowledge_base;
mod logging;
mod models;
mod network;
mod policy_doc;
mod root;

use std::collections::BTreeMap;

use hcl::expr::Expression;

use super::Input;
use super::hcl::{B, TopBlock, expr, format_file, lit, obj, safe};
use crate::catalog::Region;
use crate::plan::Role;

pub use knowledge_base::{INDEX_NAME, PG_TABLE, on_aws as knowledge_base_on_aws};

/// The Terraform files of one blueprint, by file name.
///
/// # Errors
/// A twinstack bug: an expression that does not parse or a value that is not safe to interpolate.
pub fn render(input: &Input<'_>) -> Result<BTreeMap<String, String>, String> {
    let tf = build(input)?;
    let mut files = BTreeMap::new();
    for (name, blocks) in tf.files {
        files.insert(
            name.to_owned(),
            format_file(&input.header("#", name), blocks)?,
        );
    }
    Ok(files)
}

/// Every `resource` block [`render`] writes, as (file, type, name), in the order of the files
/// it writes: the same blocks, never formatted as text (the cost estimate lists them for every
/// linted blueprint, and formatting is most of what rendering costs).
///
/// # Errors
/// As [`render`].
pub fn resources(input: &Input<'_>) -> Result<Vec<(&'static str, String, String)>, String> {
    let tf = build(input)?;
    let mut out = Vec::new();
    for (file, blocks) in tf.files {
        for top in blocks {
            let block = &top.block;
            if block.identifier.as_str() != "resource" {
                continue;
            }
            if let [kind, name, ..] = block.labels.as_slice() {
                out.push((file, kind.as_str().to_owned(), name.as_str().to_owned()));
            }
        }
    }
    Ok(out)
}

/// The Terraform blocks of every file, before formatting.
fn build(input: &Input<'_>) -> Result<Tf, String> {
    // Names come from `crate::naming`, whose limits the loader checked for this blueprint.
    let mut tf = Tf::default();
    let sites = sites(input)?;
    root::render(input, &sites, &mut tf)?;
    for site in &sites {
        keys::render(input, site, &mut tf)?;
        network::render(input, site, &mut tf)?;
        logging::render(input, site, &mut tf)?;
        models::render(input, site, &mut tf)?;
    }
    identity::render(input, &sites, &mut tf)?;
    knowledge_base::render(input, &sites, &mut tf)?;
    root::budget_and_outputs(input, &sites, &mut tf)?;
    Ok(tf)
}

/// One region the workload runs in.
pub struct Site<'a> {
    pub role: Role,
    pub region: &'a Region,
    /// `""` for the primary region, `"_failover"` for the failover region.
    pub suffix: &'static str,
}

impl Site<'_> {
    /// A resource name for this site: `main` or `main_failover`.
    #[must_use]
    pub fn name(&self, base: &str) -> String {
        crate::naming::aws::address(base, self.suffix)
    }

    /// `primary` or `failover`, for names and descriptions.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self.role {
            Role::Primary => "primary",
            Role::Failover => "failover",
        }
    }

    /// Adds `provider = aws.failover` to a block of the failover site.
    ///
    /// # Errors
    /// Never in practice (a constant expression).
    pub fn provider(&self, b: B) -> Result<B, String> {
        Ok(match self.role {
            Role::Primary => b,
            Role::Failover => b.a("provider", expr("aws.failover")?),
        })
    }

    /// The region code, checked safe for interpolation.
    ///
    /// # Errors
    /// A region code with characters HCL would interpret.
    pub fn code(&self) -> Result<&str, String> {
        safe(&self.region.code)
    }
}

fn sites<'a>(input: &Input<'a>) -> Result<Vec<Site<'a>>, String> {
    let placement = input
        .blueprint
        .clouds
        .aws
        .as_ref()
        .ok_or("the blueprint has no AWS placement")?;
    let region = |code: &str| {
        input
            .catalog
            .region(crate::blueprint::model::Cloud::Aws, code)
            .ok_or(format!("unknown region {code}"))
    };
    let mut sites = vec![Site {
        role: Role::Primary,
        region: region(&placement.region)?,
        suffix: "",
    }];
    if let Some(f) = &placement.failover_region {
        sites.push(Site {
            role: Role::Failover,
            region: region(f)?,
            suffix: "_failover",
        });
    }
    Ok(sites)
}

/// Blocks collected per file.
#[derive(Default)]
pub struct Tf {
    files: BTreeMap<&'static str, Vec<TopBlock>>,
    /// Policy documents made while building a block, placed just before it.
    pending: std::cell::RefCell<Vec<(&'static str, TopBlock)>>,
}

impl Tf {
    /// Adds a block to a file, with the comment naming the blueprint fields it comes from.
    pub fn add(&mut self, file: &'static str, comment: impl Into<String>, block: B) {
        self.add_with_skips(file, comment, block, Vec::new());
    }

    /// Adds a block with inline Checkov skips: `(check id, reason)`.
    pub fn add_with_skips(
        &mut self,
        file: &'static str,
        comment: impl Into<String>,
        block: B,
        skips: Vec<(&str, String)>,
    ) {
        for (pending_file, top) in self.pending.take() {
            self.files.entry(pending_file).or_default().push(top);
        }
        let skips = skips
            .into_iter()
            .map(|(id, why)| (id.to_owned(), why))
            .collect();
        self.files.entry(file).or_default().push(TopBlock {
            comment: comment.into(),
            block: block.build(),
            skips,
        });
    }

    /// An IAM or resource policy as a readable `aws_iam_policy_document` data source; returns
    /// the reference to its JSON. `statements` are objects with the JSON policy's keys (`Sid`,
    /// `Effect`, `Principal`, `Action`, `Resource`, `Condition`).
    ///
    /// # Errors
    /// A statement this conversion does not understand (a twinstack bug).
    pub fn policy(
        &self,
        file: &'static str,
        name: &str,
        statements: Vec<Expression>,
    ) -> Result<Expression, String> {
        self.policy_with_skips(file, name, statements, Vec::new())
    }

    /// [`Tf::policy`] for a resource created only when `count` is 1: the document gets the same
    /// `count`, so it may refer to that resource's `[0]` without failing plan when it is 0.
    ///
    /// # Errors
    /// A statement this conversion does not understand (a twinstack bug).
    pub fn counted_policy(
        &self,
        file: &'static str,
        name: &str,
        count: &str,
        statements: Vec<Expression>,
    ) -> Result<Expression, String> {
        let mut doc = B::data("aws_iam_policy_document", name).a("count", expr(count)?);
        for statement in &statements {
            doc = doc.b(policy_doc::statement(statement)?);
        }
        self.pending.borrow_mut().push((
            file,
            TopBlock {
                comment: format!("policy document of {name}"),
                block: doc.build(),
                skips: Vec::new(),
            },
        ));
        r(&format!("data.aws_iam_policy_document.{name}[0].json"))
    }

    /// [`Tf::policy`] with inline Checkov skips on the document.
    ///
    /// # Errors
    /// A statement this conversion does not understand (a twinstack bug).
    pub fn policy_with_skips(
        &self,
        file: &'static str,
        name: &str,
        statements: Vec<Expression>,
        skips: Vec<(&str, String)>,
    ) -> Result<Expression, String> {
        let mut doc = B::data("aws_iam_policy_document", name);
        for statement in &statements {
            doc = doc.b(policy_doc::statement(statement)?);
        }
        let skips = skips
            .into_iter()
            .map(|(id, why)| (id.to_owned(), why))
            .collect();
        self.pending.borrow_mut().push((
            file,
            TopBlock {
                comment: format!("policy document of {name}"),
                block: doc.build(),
                skips,
            },
        ));
        r(&format!("data.aws_iam_policy_document.{name}.json"))
    }
}

/// How a service role's trust policy guards against the confused deputy.
pub enum Guard {
    /// No condition (for services that do not set the source keys).
    None,
    /// `aws:SourceAccount` is this account.
    Account,
    /// This account, and `aws:SourceArn` matches the given ARN pattern.
    AccountAndSource(Expression),
}

impl Tf {
    /// An IAM role an AWS service assumes on the workload's behalf, with its trust policy.
    ///
    /// # Errors
    /// A twinstack bug in a reference.
    pub fn service_role(
        &mut self,
        file: &'static str,
        resource: &str,
        role_name: String,
        comment: impl Into<String>,
        service: &str,
        guard: Guard,
    ) -> Result<(), String> {
        let account = || r("data.aws_caller_identity.current.account_id");
        let mut statement = vec![
            ("Effect", lit("Allow")),
            ("Principal", obj([("Service", lit(service))])),
            ("Action", lit("sts:AssumeRole")),
        ];
        match guard {
            Guard::None => {}
            Guard::Account => statement.push((
                "Condition",
                obj([("StringEquals", obj([("aws:SourceAccount", account()?)]))]),
            )),
            Guard::AccountAndSource(arn) => statement.push((
                "Condition",
                obj([
                    ("StringEquals", obj([("aws:SourceAccount", account()?)])),
                    ("ArnLike", obj([("aws:SourceArn", arn)])),
                ]),
            )),
        }
        let trust = self.policy(file, &format!("{resource}_trust"), vec![obj(statement)])?;
        self.add(
            file,
            comment,
            B::resource("aws_iam_role", resource)
                .a("name", lit(role_name))
                .a("assume_role_policy", trust),
        );
        Ok(())
    }
}

/// `"arn:${partition}:<service>:<region>:<account>:<resource>"` with the partition and (when
/// `account` is true) the account id filled in by Terraform.
///
/// # Errors
/// A part that is not safe to interpolate.
pub fn arn(
    service: &str,
    region: &str,
    account: bool,
    resource: &str,
) -> Result<Expression, String> {
    let account = if account {
        "${data.aws_caller_identity.current.account_id}"
    } else {
        ""
    };
    expr(&format!(
        "\"arn:${{data.aws_partition.current.partition}}:{}:{}:{account}:{}\"",
        safe(service)?,
        if region.is_empty() { "" } else { safe(region)? },
        safe(resource)?
    ))
}

/// A reference to another resource's attribute, e.g. `aws_kms_key.main.arn`.
///
/// # Errors
/// A reference that does not parse.
pub fn r(reference: &str) -> Result<Expression, String> {
    if !reference
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.[]*-".contains(c))
    {
        return Err(format!(
            "`{}` is not a reference",
            reference.escape_default()
        ));
    }
    expr(reference)
}

/// A list of references.
///
/// # Errors
/// A reference that does not parse.
pub fn refs<S: AsRef<str>>(references: impl IntoIterator<Item = S>) -> Result<Expression, String> {
    let items: Result<Vec<Expression>, String> =
        references.into_iter().map(|s| r(s.as_ref())).collect();
    Ok(Expression::Array(items?))
}
