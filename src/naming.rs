//! Every resource name twinstack generates, and the limits the clouds put on it.
//!
//! Why one module: a generated name is built from blueprint text (`name`, `models[i].name`) plus
//! fixed parts, and each cloud API refuses names that are too long, use the wrong characters,
//! repeat a hyphen or start with a reserved prefix — at apply time, long after review. So the
//! renderers build every name through the functions here, and the loader
//! (`blueprint::checks`) expands the same functions for a blueprint and checks each result
//! against the [`Rule`] of its resource, pointing at the blueprint field that breaks it.
//!
//! Values only known at deploy time are checked through stand-ins of the same length and
//! charset: the 12-digit AWS account id ([`ACCOUNT_ID`]) and the 13 characters of Bicep's
//! `uniqueString()` ([`UNIQUE`]).

use std::collections::BTreeMap;

use crate::blueprint::model::{Blueprint, Cloud, KnowledgeStore, Throughput};

/// Stand-in for the AWS account id in S3 bucket names (12 digits).
pub const ACCOUNT_ID: &str = "111122223333";
/// Stand-in for Bicep's `uniqueString(...)`: 13 lowercase letters and digits.
pub const UNIQUE: &str = "uniquestring1";

/// What a cloud accepts as the name of one kind of resource.
#[derive(Debug)]
pub struct Rule {
    /// What the name names, for messages: "Bedrock inference profile name".
    pub what: &'static str,
    /// `(resource type, attribute)` pairs that carry this name: Terraform types and
    /// attributes for AWS, ARM resource types (attribute `name`) for Azure.
    pub carriers: &'static [(&'static str, &'static str)],
    pub min: usize,
    pub max: usize,
    /// Which characters are allowed, and how to say it.
    pub chars: (fn(char) -> bool, &'static str),
    pub first: (fn(char) -> bool, &'static str),
    pub last: (fn(char) -> bool, &'static str),
    /// No two characters of this set may follow one another ("--", "-_", "..").
    pub no_adjacent: &'static str,
    pub reserved_prefixes: &'static [&'static str],
    pub reserved_suffixes: &'static [&'static str],
    /// Names shaped like an IPv4 address are refused.
    pub not_ip: bool,
    /// Where the name must be unique.
    pub scope: &'static str,
    /// The page that states the limits.
    pub source: &'static str,
}

fn any(_: char) -> bool {
    true
}
fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}
fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}
fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}
fn lower_letter(c: char) -> bool {
    c.is_ascii_lowercase()
}
fn not_hyphen(c: char) -> bool {
    c != '-'
}
fn alnum_or_underscore(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

const ANY: (fn(char) -> bool, &str) = (any, "any character");
const ALNUM: (fn(char) -> bool, &str) = (alnum, "a letter or digit");
const LOWER_ALNUM: (fn(char) -> bool, &str) = (lower_alnum, "a lowercase letter or digit");
const LETTER: (fn(char) -> bool, &str) = (letter, "a letter");

macro_rules! chars {
    ($desc:literal, $extra:literal) => {{
        fn f(c: char) -> bool {
            c.is_ascii_alphanumeric() || $extra.contains(c)
        }
        (f as fn(char) -> bool, $desc)
    }};
}

const AZURE_RULES: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";

/// Names Bedrock gives application inference profiles: `([0-9a-zA-Z][ _-]?)+`, 1-64.
pub static INFERENCE_PROFILE: Rule = Rule {
    what: "Bedrock inference profile name",
    carriers: &[("aws_bedrock_inference_profile", "name")],
    min: 1,
    max: 64,
    chars: chars!("letters, digits, spaces, `_` and `-`", " _-"),
    first: ALNUM,
    last: ANY,
    no_adjacent: " _-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateInferenceProfile.html",
};

/// `provisionedModelName`: `([0-9a-zA-Z][_-]?)+`, 1-63.
pub static PROVISIONED_THROUGHPUT: Rule = Rule {
    what: "Bedrock provisioned throughput name",
    carriers: &[(
        "aws_bedrock_provisioned_model_throughput",
        "provisioned_model_name",
    )],
    min: 1,
    max: 63,
    chars: chars!("letters, digits, `_` and `-`", "_-"),
    first: ALNUM,
    last: ANY,
    no_adjacent: "_-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProvisionedModelThroughput.html",
};

/// Guardrail names: `[0-9a-zA-Z-_]+`, 1-50.
pub static GUARDRAIL: Rule = Rule {
    what: "Bedrock guardrail name",
    carriers: &[("aws_bedrock_guardrail", "name")],
    min: 1,
    max: 50,
    chars: chars!("letters, digits, `_` and `-`", "_-"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateGuardrail.html",
};

/// Knowledge base names: `([0-9a-zA-Z][_-]?){1,100}`.
pub static KNOWLEDGE_BASE: Rule = Rule {
    what: "Bedrock knowledge base name",
    carriers: &[("aws_bedrockagent_knowledge_base", "name")],
    min: 1,
    max: 100,
    chars: chars!("letters, digits, `_` and `-`", "_-"),
    first: ALNUM,
    last: ANY,
    no_adjacent: "_-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_CreateKnowledgeBase.html",
};

/// General purpose bucket naming rules, including the prefixes and suffixes S3 reserves for
/// access points, Object Lambda, Multi-Region Access Points, directory and table buckets.
pub static S3_BUCKET: Rule = Rule {
    what: "S3 bucket name",
    carriers: &[("aws_s3_bucket", "bucket")],
    min: 3,
    max: 63,
    chars: (
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
        "lowercase letters, digits, `.` and `-`",
    ),
    first: LOWER_ALNUM,
    last: LOWER_ALNUM,
    no_adjacent: ".",
    reserved_prefixes: &["xn--", "sthree-", "amzn-s3-demo-"],
    reserved_suffixes: &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    not_ip: true,
    scope: "the whole AWS partition",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
};

/// Trail names: 3-128; letters, digits, `.`, `_`, `-`; start and end with a letter or digit; no
/// adjacent `.`, `_` or `-`; not an IP address.
pub static CLOUDTRAIL: Rule = Rule {
    what: "CloudTrail trail name",
    carriers: &[("aws_cloudtrail", "name")],
    min: 3,
    max: 128,
    chars: chars!("letters, digits, `.`, `_` and `-`", "._-"),
    first: ALNUM,
    last: ALNUM,
    no_adjacent: "._-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: true,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html",
};

/// `alias/` names: `^alias/[a-zA-Z0-9/_-]+$`, 1-256, `alias/aws/` reserved.
pub static KMS_ALIAS: Rule = Rule {
    what: "KMS alias",
    carriers: &[("aws_kms_alias", "name")],
    min: 1,
    max: 256,
    chars: chars!("letters, digits, `/`, `_` and `-`", "/_-"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &["alias/aws/"],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
};

/// Log group names: `[\.\-_/#A-Za-z0-9]+`, 1-512.
pub static LOG_GROUP: Rule = Rule {
    what: "CloudWatch log group name",
    carriers: &[("aws_cloudwatch_log_group", "name")],
    min: 1,
    max: 512,
    chars: chars!("letters, digits, `.`, `-`, `_`, `/` and `#`", ".-_/#"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
};

/// Role names: `[\w+=,.@-]+`, 1-64.
pub static IAM_ROLE: Rule = Rule {
    what: "IAM role name",
    carriers: &[("aws_iam_role", "name")],
    min: 1,
    max: 64,
    chars: chars!("letters, digits and `+=,.@_-`", "+=,.@_-"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account (IAM is global)",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
};

/// Topic names: letters, digits, `-` and `_`, 1-256.
pub static SNS_TOPIC: Rule = Rule {
    what: "SNS topic name",
    carriers: &[("aws_sns_topic", "name")],
    min: 1,
    max: 256,
    chars: chars!("letters, digits, `-` and `_`", "-_"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
};

/// Budget names: `[^:\\]+`, 1-100.
pub static AWS_BUDGET: Rule = Rule {
    what: "AWS budget name",
    carriers: &[("aws_budgets_budget", "name")],
    min: 1,
    max: 100,
    chars: (|c| c != ':' && c != '\\', "any character but `:` and `\\`"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account",
    source: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html",
};

/// Security group names: 1-255 ASCII characters, not starting with `sg-`.
pub static SECURITY_GROUP: Rule = Rule {
    what: "security group name",
    carriers: &[("aws_security_group", "name")],
    min: 1,
    max: 255,
    chars: chars!(
        "letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`",
        " ._-:/()#,@[]+=&;{}!$*"
    ),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &["sg-"],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "VPC",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
};

/// OpenSearch Serverless collection, security policy, access policy and VPC endpoint names:
/// `[a-z][a-z0-9-]+`, 3-32.
pub static OPENSEARCH_SERVERLESS: Rule = Rule {
    what: "OpenSearch Serverless name",
    carriers: &[
        ("aws_opensearchserverless_collection", "name"),
        ("aws_opensearchserverless_security_policy", "name"),
        ("aws_opensearchserverless_access_policy", "name"),
        ("aws_opensearchserverless_vpc_endpoint", "name"),
    ],
    min: 3,
    max: 32,
    chars: (
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
        "lowercase letters, digits and `-`",
    ),
    first: (lower_letter, "a lowercase letter"),
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/API_CreateCollection.html",
};

/// DB cluster and instance identifiers: 1-63 letters, digits and hyphens, starting with a
/// letter, no trailing hyphen, no two consecutive hyphens.
pub static RDS_IDENTIFIER: Rule = Rule {
    what: "RDS identifier",
    carriers: &[
        ("aws_rds_cluster", "cluster_identifier"),
        ("aws_rds_cluster_instance", "identifier"),
    ],
    min: 1,
    max: 63,
    chars: chars!("letters, digits and `-`", "-"),
    first: LETTER,
    last: (not_hyphen, "not a hyphen"),
    no_adjacent: "-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html",
};

/// Snapshot identifiers and parameter group names: as identifiers, up to 255.
pub static RDS_LONG_NAME: Rule = Rule {
    what: "RDS snapshot or parameter group name",
    carriers: &[
        ("aws_rds_cluster", "final_snapshot_identifier"),
        ("aws_rds_cluster_parameter_group", "name"),
    ],
    min: 1,
    max: 255,
    chars: chars!("letters, digits and `-`", "-"),
    first: LETTER,
    last: (not_hyphen, "not a hyphen"),
    no_adjacent: "-",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterParameterGroup.html",
};

/// Backup vault names: `^[a-zA-Z0-9\-\_]{2,50}$`.
pub static BACKUP_VAULT: Rule = Rule {
    what: "AWS Backup vault name",
    carriers: &[("aws_backup_vault", "name")],
    min: 2,
    max: 50,
    chars: chars!("letters, digits, `-` and `_`", "-_"),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html",
};

/// Backup plan and selection names: 1-50 letters, digits, `-`, `_` and `.` (the API takes plan
/// names up to 200; the console and selections, 50).
pub static BACKUP_NAME: Rule = Rule {
    what: "AWS Backup plan or selection name",
    carriers: &[
        ("aws_backup_plan", "name"),
        ("aws_backup_selection", "name"),
    ],
    min: 1,
    max: 50,
    chars: chars!("letters, digits, `-`, `_` and `.`", "-_."),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlan.html",
};

/// DB subnet group names: up to 255 lowercase letters, digits, spaces, `.`, `_`, `-`.
pub static DB_SUBNET_GROUP: Rule = Rule {
    what: "DB subnet group name",
    carriers: &[("aws_db_subnet_group", "name")],
    min: 1,
    max: 255,
    chars: (
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || " ._-".contains(c),
        "lowercase letters, digits, spaces, `.`, `_` and `-`",
    ),
    first: ANY,
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "account and region",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
};

/// Terraform addresses `type.name`: identifiers start with a letter or `_`, then letters,
/// digits, `_` and `-`; unique per resource type (outputs: per module).
pub static TERRAFORM_ADDRESS: Rule = Rule {
    what: "Terraform address",
    carriers: &[],
    min: 1,
    max: usize::MAX,
    chars: chars!("letters, digits, `_` and `-` around the `.`", "_-."),
    first: (
        (|c: char| c.is_ascii_alphabetic() || c == '_'),
        "a letter or `_`",
    ),
    last: ANY,
    no_adjacent: "",
    reserved_prefixes: &[],
    reserved_suffixes: &[],
    not_ip: false,
    scope: "the Terraform module",
    source: "https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers",
};

const AZURE_NET_CHARS: (fn(char) -> bool, &str) =
    chars!("letters, digits, `_`, `.` and `-`", "_.-");
const AZURE_NET_LAST: (fn(char) -> bool, &str) = (alnum_or_underscore, "a letter, digit or `_`");

macro_rules! azure {
    ($what:literal, $ty:literal, $min:literal, $max:literal, $chars:expr, $first:expr, $last:expr, $adj:literal, $scope:literal) => {
        Rule {
            what: $what,
            carriers: &[($ty, "name")],
            min: $min,
            max: $max,
            chars: $chars,
            first: $first,
            last: $last,
            no_adjacent: $adj,
            reserved_prefixes: &[],
            reserved_suffixes: &[],
            not_ip: false,
            scope: $scope,
            source: AZURE_RULES,
        }
    };
}

pub static AZ_NSG: Rule = azure!(
    "network security group name",
    "Microsoft.Network/networkSecurityGroups",
    1,
    80,
    AZURE_NET_CHARS,
    ALNUM,
    AZURE_NET_LAST,
    "",
    "resource group"
);
pub static AZ_VNET: Rule = azure!(
    "virtual network name",
    "Microsoft.Network/virtualNetworks",
    2,
    64,
    AZURE_NET_CHARS,
    ALNUM,
    AZURE_NET_LAST,
    "",
    "resource group"
);
pub static AZ_PRIVATE_ENDPOINT: Rule = azure!(
    "private endpoint name",
    "Microsoft.Network/privateEndpoints",
    2,
    64,
    AZURE_NET_CHARS,
    ALNUM,
    AZURE_NET_LAST,
    "",
    "resource group"
);
pub static AZ_DNS_LINK: Rule = azure!(
    "private DNS zone link name",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    1,
    80,
    AZURE_NET_CHARS,
    ALNUM,
    AZURE_NET_LAST,
    "",
    "private DNS zone"
);
pub static AZ_IDENTITY: Rule = azure!(
    "managed identity name",
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    3,
    128,
    chars!("letters, digits, `-` and `_`", "-_"),
    ALNUM,
    ANY,
    "",
    "resource group"
);
pub static AZ_KEY_VAULT: Rule = azure!(
    "Key Vault name",
    "Microsoft.KeyVault/vaults",
    3,
    24,
    chars!("letters, digits and `-`", "-"),
    LETTER,
    ALNUM,
    "-",
    "global"
);
pub static AZ_WORKSPACE: Rule = azure!(
    "Log Analytics workspace name",
    "Microsoft.OperationalInsights/workspaces",
    4,
    63,
    chars!("letters, digits and `-`", "-"),
    ALNUM,
    ALNUM,
    "",
    "resource group"
);
pub static AZ_STORAGE: Rule = azure!(
    "storage account name",
    "Microsoft.Storage/storageAccounts",
    3,
    24,
    (lower_alnum, "lowercase letters and digits"),
    LOWER_ALNUM,
    LOWER_ALNUM,
    "",
    "global"
);
pub static AZ_COGNITIVE: Rule = azure!(
    "Azure OpenAI account name and custom subdomain",
    "Microsoft.CognitiveServices/accounts",
    2,
    64,
    chars!("letters, digits and `-`", "-"),
    ALNUM,
    ALNUM,
    "",
    "global (custom subdomain)"
);
/// Deployment names: up to 64 letters, digits, `_`, `.` and `-`. The minimum length is not
/// stated on a page checked here, so one character (what the blueprint schema allows) passes.
pub static AZ_DEPLOYMENT: Rule = Rule {
    source: "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/create-resource#deploy-a-model",
    ..azure!(
        "Azure OpenAI deployment name",
        "Microsoft.CognitiveServices/accounts/deployments",
        1,
        64,
        chars!("letters, digits, `_`, `.` and `-`", "_.-"),
        ALNUM,
        ANY,
        "",
        "Azure OpenAI account"
    )
};
pub static AZ_SEARCH: Rule = azure!(
    "Azure AI Search service name",
    "Microsoft.Search/searchServices",
    2,
    60,
    chars!("lowercase letters, digits and `-`", "-"),
    LOWER_ALNUM,
    LOWER_ALNUM,
    "-",
    "global"
);
pub static AZ_POSTGRES: Rule = azure!(
    "PostgreSQL flexible server name",
    "Microsoft.DBforPostgreSQL/flexibleServers",
    3,
    63,
    chars!("lowercase letters, digits and `-`", "-"),
    LOWER_ALNUM,
    LOWER_ALNUM,
    "",
    "global"
);
pub static AZ_DEPLOYMENT_MODULE: Rule = azure!(
    "Bicep module deployment name",
    "Microsoft.Resources/deployments",
    1,
    64,
    chars!("letters, digits and `_().-`", "_().-"),
    ANY,
    ANY,
    "",
    "resource group"
);
pub static AZ_BUDGET: Rule = azure!(
    "Azure budget name",
    "Microsoft.Consumption/budgets",
    1,
    63,
    chars!("letters, digits, `_`, `.` and `-`", "_.-"),
    ALNUM,
    ANY,
    "",
    "resource group"
);
pub static AZ_DIAGNOSTIC: Rule = azure!(
    "diagnostic setting name",
    "Microsoft.Insights/diagnosticSettings",
    1,
    260,
    (
        |c| !"*<>%&:\\?/+#".contains(c),
        "any character but `*<>%&:\\?/+#`"
    ),
    ANY,
    ANY,
    "",
    "the resource it applies to"
);

/// Every rule, for tests and lookups by resource type.
pub static RULES: &[&Rule] = &[
    &INFERENCE_PROFILE,
    &PROVISIONED_THROUGHPUT,
    &GUARDRAIL,
    &KNOWLEDGE_BASE,
    &S3_BUCKET,
    &CLOUDTRAIL,
    &KMS_ALIAS,
    &LOG_GROUP,
    &IAM_ROLE,
    &SNS_TOPIC,
    &AWS_BUDGET,
    &SECURITY_GROUP,
    &OPENSEARCH_SERVERLESS,
    &RDS_IDENTIFIER,
    &RDS_LONG_NAME,
    &DB_SUBNET_GROUP,
    &BACKUP_VAULT,
    &BACKUP_NAME,
    &AZ_NSG,
    &AZ_VNET,
    &AZ_PRIVATE_ENDPOINT,
    &AZ_DNS_LINK,
    &AZ_IDENTITY,
    &AZ_KEY_VAULT,
    &AZ_WORKSPACE,
    &AZ_STORAGE,
    &AZ_COGNITIVE,
    &AZ_DEPLOYMENT,
    &AZ_SEARCH,
    &AZ_POSTGRES,
    &AZ_DEPLOYMENT_MODULE,
    &AZ_BUDGET,
    &AZ_DIAGNOSTIC,
];

/// The rule for a name carried by a resource type's attribute, if twinstack generates one.
#[must_use]
pub fn rule_for(resource_type: &str, attribute: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| {
        r.carriers
            .iter()
            .any(|(t, a)| *t == resource_type && *a == attribute)
    })
}

impl Rule {
    /// Why the cloud would refuse `name`, or `None` when it accepts it.
    #[must_use]
    pub fn problem(&self, name: &str) -> Option<String> {
        let len = name.chars().count();
        if len > self.max {
            return Some(format!(
                "{len} characters; the limit is {} (over by {})",
                self.max,
                len - self.max
            ));
        }
        if len < self.min {
            return Some(format!(
                "{len} characters; at least {} are required",
                self.min
            ));
        }
        if let Some(c) = name.chars().find(|c| !(self.chars.0)(*c)) {
            return Some(format!(
                "`{}` is not allowed (only {})",
                c.escape_default(),
                self.chars.1
            ));
        }
        let first = name.chars().next().unwrap_or(' ');
        if !(self.first.0)(first) {
            return Some(format!("it must start with {}", self.first.1));
        }
        let last = name.chars().last().unwrap_or(' ');
        if !(self.last.0)(last) {
            return Some(format!("it must end with {}", self.last.1));
        }
        if let Some((a, b)) = name
            .chars()
            .zip(name.chars().skip(1))
            .find(|(a, b)| self.no_adjacent.contains(*a) && self.no_adjacent.contains(*b))
        {
            return Some(format!(
                "`{a}{b}` is not allowed: no two of `{}` may follow one another",
                self.no_adjacent
            ));
        }
        if let Some(p) = self.reserved_prefixes.iter().find(|p| name.starts_with(*p)) {
            return Some(format!("the prefix `{p}` is reserved"));
        }
        if let Some(s) = self.reserved_suffixes.iter().find(|s| name.ends_with(*s)) {
            return Some(format!("the suffix `{s}` is reserved"));
        }
        if self.not_ip && name.parse::<std::net::Ipv4Addr>().is_ok() {
            return Some("it must not look like an IP address".to_owned());
        }
        None
    }
}

/// Names the AWS renderer writes. `label` is `primary` or `failover`.
pub mod aws {
    /// The Terraform name of a per-region resource: `main` or `main_failover`.
    #[must_use]
    pub fn address(base: &str, suffix: &str) -> String {
        format!("{}{suffix}", base.replace('-', "_"))
    }
    #[must_use]
    pub fn inference_profile(workload: &str, model: &str, label: &str) -> String {
        format!("{workload}-{model}-{label}")
    }
    #[must_use]
    pub fn provisioned_throughput(workload: &str, model: &str) -> String {
        format!("{workload}-{model}")
    }
    /// Guardrails, KMS aliases (after `alias/`) and security groups of a region.
    #[must_use]
    pub fn regional(workload: &str, what: &str, label: &str) -> String {
        if what.is_empty() {
            format!("{workload}-{label}")
        } else {
            format!("{workload}-{what}-{label}")
        }
    }
    #[must_use]
    pub fn kms_alias(workload: &str, label: &str) -> String {
        format!("alias/{workload}-{label}")
    }
    /// A bucket name before its `-<account id>` suffix; `role` is `p` or `f`.
    #[must_use]
    pub fn bucket_prefix(workload: &str, purpose: &str, role: &str) -> String {
        format!("{workload}-{purpose}-{role}")
    }
    #[must_use]
    pub fn trail(workload: &str) -> String {
        workload.to_owned()
    }
    #[must_use]
    pub fn log_group(workload: &str, what: &str) -> String {
        format!("/twinstack/{workload}/{what}")
    }
    /// IAM roles, the SNS topic, the budget, the knowledge base and its database resources.
    #[must_use]
    pub fn named(workload: &str, what: &str) -> String {
        format!("{workload}-{what}")
    }
    /// OpenSearch Serverless names: at most 32 characters, the workload name shortened.
    #[must_use]
    pub fn opensearch(workload: &str, suffix: &str) -> String {
        let max = super::OPENSEARCH_SERVERLESS.max;
        let keep = max.saturating_sub(suffix.len() + 1).min(workload.len());
        format!("{}-{suffix}", workload[..keep].trim_end_matches('-'))
    }
}

/// Names the Azure templates write, as Bicep interpolations over the `region` module's
/// parameters `name` and `role` and its `suffix` (`uniqueString(resourceGroup().id, location)`).
pub mod azure {
    use super::Rule;

    /// A name pattern of `modules/region.bicep`.
    pub struct Pattern {
        /// The key templates use: `names.<key>`.
        pub key: &'static str,
        /// Bicep interpolated string contents.
        pub bicep: &'static str,
        pub rule: &'static Rule,
        /// Only with this knowledge-base store (primary region).
        pub store: Option<crate::blueprint::model::KnowledgeStore>,
    }

    use crate::blueprint::model::KnowledgeStore::{Managed, Pgvector};

    pub static PATTERNS: &[Pattern] = &[
        Pattern {
            key: "nsg",
            bicep: "${name}-${role}-nsg",
            rule: &super::AZ_NSG,
            store: None,
        },
        Pattern {
            key: "vnet",
            bicep: "${name}-${role}-vnet",
            rule: &super::AZ_VNET,
            store: None,
        },
        Pattern {
            key: "workload",
            bicep: "${name}-${role}-workload",
            rule: &super::AZ_IDENTITY,
            store: None,
        },
        Pattern {
            key: "invoker",
            bicep: "${name}-${role}-invoker",
            rule: &super::AZ_IDENTITY,
            store: None,
        },
        Pattern {
            key: "vault",
            bicep: "kv${suffix}",
            rule: &super::AZ_KEY_VAULT,
            store: None,
        },
        Pattern {
            key: "vault_pe",
            bicep: "${name}-${role}-vault-pe",
            rule: &super::AZ_PRIVATE_ENDPOINT,
            store: None,
        },
        Pattern {
            key: "logs",
            bicep: "${name}-${role}-logs",
            rule: &super::AZ_WORKSPACE,
            store: None,
        },
        Pattern {
            key: "storage",
            bicep: "st${suffix}",
            rule: &super::AZ_STORAGE,
            store: None,
        },
        Pattern {
            key: "archive_pe",
            bicep: "${name}-${role}-archive-pe",
            rule: &super::AZ_PRIVATE_ENDPOINT,
            store: None,
        },
        Pattern {
            key: "account",
            bicep: "${name}-${role}-${suffix}",
            rule: &super::AZ_COGNITIVE,
            store: None,
        },
        Pattern {
            key: "openai_pe",
            bicep: "${name}-${role}-openai-pe",
            rule: &super::AZ_PRIVATE_ENDPOINT,
            store: None,
        },
        Pattern {
            key: "search",
            bicep: "${name}-${suffix}",
            rule: &super::AZ_SEARCH,
            store: Some(Managed),
        },
        Pattern {
            key: "search_pe",
            bicep: "${name}-${role}-search-pe",
            rule: &super::AZ_PRIVATE_ENDPOINT,
            store: Some(Managed),
        },
        Pattern {
            key: "postgres",
            bicep: "${name}-${suffix}",
            rule: &super::AZ_POSTGRES,
            store: Some(Pgvector),
        },
    ];

    /// A pattern with the module parameters filled in (`suffix` by its stand-in).
    #[must_use]
    pub fn expand(bicep: &str, workload: &str, role: &str) -> String {
        bicep
            .replace("${name}", workload)
            .replace("${role}", role)
            .replace("${suffix}", super::UNIQUE)
    }

    /// `main.bicep`: the region module's deployment name and its private DNS zone links.
    #[must_use]
    pub fn module(workload: &str, role: &str) -> String {
        format!("{workload}-{role}")
    }
    #[must_use]
    pub fn budget(workload: &str) -> String {
        format!("{workload}-monthly")
    }
    #[must_use]
    pub fn activity_log(workload: &str) -> String {
        format!("{workload}-activity-log")
    }
    /// The knowledge base's embedding deployment, beside the models' deployments.
    pub const EMBEDDINGS: &str = "embeddings";
}

/// The blueprint field a generated name is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The blueprint's `name`.
    Workload,
    /// `models[i].name`.
    Model(usize),
}

/// One name a blueprint makes, with what it is built from.
#[derive(Debug, Clone)]
pub struct Generated {
    pub rule: &'static Rule,
    pub value: String,
    /// The fields the value contains, in order of appearance.
    pub fields: Vec<Field>,
    /// Names in the same uniqueness scope share this key.
    pub scope: String,
    /// How the value is built, with `{name}`/`{model}` in place of the fields, so the culprit
    /// of an invalid value can be found by substituting a neutral value for one field.
    pub template: String,
}

/// Every name and Terraform address twinstack would generate for a blueprint. Conservative:
/// a model is assumed placed on every configured cloud its `clouds` allows, in both regions.
#[must_use]
pub fn generated(bp: &Blueprint) -> Vec<Generated> {
    let mut out = Vec::new();
    let w = bp.name.as_str();
    let mut push = |rule: &'static Rule, template: String, fields: Vec<Field>, scope: &str| {
        let value = fill(&template, bp);
        out.push(Generated {
            rule,
            value,
            fields,
            scope: scope.to_owned(),
            template,
        });
    };
    let on = |cloud: Cloud, i: usize| {
        bp.clouds.get(cloud).is_some()
            && bp.models[i]
                .clouds
                .as_ref()
                .is_none_or(|c| c.contains(&cloud))
    };
    let kb_store = bp.knowledge_base.as_ref().map(|k| k.store);
    if let Some(aws_placement) = &bp.clouds.aws {
        let mut sites = vec![("primary", "", "p")];
        if aws_placement.failover_region.is_some() {
            sites.push(("failover", "_failover", "f"));
        }
        let wk = vec![Field::Workload];
        for (label, suffix, letter) in &sites {
            for (i, spec) in bp.models.iter().enumerate() {
                if !on(Cloud::Aws, i) {
                    continue;
                }
                let m = format!("{{model{i}}}");
                let fields = vec![Field::Workload, Field::Model(i)];
                push(
                    &INFERENCE_PROFILE,
                    aws::inference_profile("{name}", &m, label),
                    fields.clone(),
                    label,
                );
                // Built from the real name: `-` becomes `_` before the suffix is added.
                let address = aws::address(&spec.name, suffix);
                push(
                    &TERRAFORM_ADDRESS,
                    format!("aws_bedrock_inference_profile.{address}"),
                    vec![Field::Model(i)],
                    "terraform",
                );
                push(
                    &TERRAFORM_ADDRESS,
                    format!("output.{address}_inference_profile_arn"),
                    vec![Field::Model(i)],
                    "terraform",
                );
                if spec.throughput == Throughput::Provisioned
                    && (*label == "primary" || spec.failover_provisioned())
                {
                    push(
                        &PROVISIONED_THROUGHPUT,
                        aws::provisioned_throughput("{name}", &m),
                        fields.clone(),
                        label,
                    );
                    push(
                        &TERRAFORM_ADDRESS,
                        format!("aws_bedrock_provisioned_model_throughput.{address}"),
                        vec![Field::Model(i)],
                        "terraform",
                    );
                }
            }
            push(
                &GUARDRAIL,
                aws::regional("{name}", "", label),
                wk.clone(),
                label,
            );
            push(
                &KMS_ALIAS,
                aws::kms_alias("{name}", label),
                wk.clone(),
                label,
            );
            push(
                &SECURITY_GROUP,
                aws::regional("{name}", "endpoints", label),
                wk.clone(),
                label,
            );
            for purpose in ["logs", "access"] {
                push(
                    &S3_BUCKET,
                    format!(
                        "{}-{ACCOUNT_ID}",
                        aws::bucket_prefix("{name}", purpose, letter)
                    ),
                    wk.clone(),
                    "s3",
                );
            }
            for what in ["bedrock-invocations", "vpc-flow-logs"] {
                push(
                    &LOG_GROUP,
                    aws::log_group("{name}", what),
                    wk.clone(),
                    label,
                );
            }
            for what in ["invocation-logging", "flow-logs"] {
                push(
                    &IAM_ROLE,
                    aws::regional("{name}", what, label),
                    wk.clone(),
                    "iam",
                );
            }
        }
        push(&CLOUDTRAIL, aws::trail("{name}"), wk.clone(), "primary");
        push(
            &LOG_GROUP,
            aws::log_group("{name}", "cloudtrail"),
            wk.clone(),
            "primary",
        );
        for what in ["invoker", "cloudtrail", "archive-replication"] {
            push(&IAM_ROLE, aws::named("{name}", what), wk.clone(), "iam");
        }
        push(
            &SNS_TOPIC,
            aws::named("{name}", "security-alerts"),
            wk.clone(),
            "primary",
        );
        push(
            &AWS_BUDGET,
            aws::named("{name}", "monthly"),
            wk.clone(),
            "account",
        );
        if let Some(store) = kb_store {
            push(
                &KNOWLEDGE_BASE,
                aws::named("{name}", "knowledge-base"),
                wk.clone(),
                "primary",
            );
            push(
                &IAM_ROLE,
                aws::named("{name}", "knowledge-base"),
                wk.clone(),
                "iam",
            );
            match store {
                KnowledgeStore::Managed => {
                    // Shortened from the real name, so built from it, not from `{name}`.
                    for s in ["kb", "enc", "net", "data"] {
                        push(&OPENSEARCH_SERVERLESS, aws::opensearch(w, s), wk.clone(), s);
                    }
                }
                KnowledgeStore::Pgvector => {
                    let kb = aws::named("{name}", "knowledge-base");
                    push(&DB_SUBNET_GROUP, kb.clone(), wk.clone(), "primary");
                    push(&SECURITY_GROUP, kb.clone(), wk.clone(), "kb");
                    push(&RDS_IDENTIFIER, kb.clone(), wk.clone(), "cluster");
                    push(&RDS_IDENTIFIER, format!("{kb}-1"), wk.clone(), "instance");
                    push(
                        &RDS_LONG_NAME,
                        format!("{kb}-final"),
                        wk.clone(),
                        "snapshot",
                    );
                    push(&RDS_LONG_NAME, kb.clone(), wk.clone(), "parameters");
                    push(
                        &IAM_ROLE,
                        aws::named("{name}", "rds-monitoring"),
                        wk.clone(),
                        "iam",
                    );
                    // Backup copies to the failover region (knowledge_base.rs), conservatively
                    // assumed whenever there is a failover region.
                    if aws_placement.failover_region.is_some() {
                        for (label, _, _) in &sites {
                            push(&BACKUP_VAULT, kb.clone(), wk.clone(), label);
                        }
                        push(&BACKUP_NAME, kb.clone(), wk.clone(), "plan");
                        push(&BACKUP_NAME, kb, wk.clone(), "selection");
                        push(&IAM_ROLE, aws::named("{name}", "backup"), wk.clone(), "iam");
                    }
                }
            }
        }
    }
    if let Some(az) = &bp.clouds.azure {
        let mut roles = vec!["primary"];
        if az.failover_region.is_some() {
            roles.push("failover");
        }
        let wk = vec![Field::Workload];
        for role in &roles {
            for p in azure::PATTERNS {
                if p.store.is_some() && (p.store != kb_store || *role != "primary") {
                    continue;
                }
                let template = p
                    .bicep
                    .replace("${name}", "{name}")
                    .replace("${role}", role)
                    .replace("${suffix}", UNIQUE);
                push(p.rule, template, wk.clone(), role);
            }
            push(
                &AZ_DEPLOYMENT_MODULE,
                azure::module("{name}", role),
                wk.clone(),
                "rg",
            );
            push(
                &AZ_DNS_LINK,
                azure::module("{name}", role),
                wk.clone(),
                role,
            );
            let scope = format!("deployments-{role}");
            for i in 0..bp.models.len() {
                if on(Cloud::Azure, i) {
                    push(
                        &AZ_DEPLOYMENT,
                        format!("{{model{i}}}"),
                        vec![Field::Model(i)],
                        &scope,
                    );
                }
            }
            if kb_store.is_some() && *role == "primary" {
                push(
                    &AZ_DEPLOYMENT,
                    azure::EMBEDDINGS.to_owned(),
                    Vec::new(),
                    &scope,
                );
            }
        }
        push(&AZ_BUDGET, azure::budget("{name}"), wk.clone(), "rg");
        push(
            &AZ_DIAGNOSTIC,
            azure::activity_log("{name}"),
            wk,
            "subscription",
        );
    }
    out
}

/// A template with the blueprint's values filled in.
/// The template with `{name}` and `{modelN}` filled in, in one pass over the template (a pass per
/// model would make lint quadratic in the number of models).
fn fill(template: &str, bp: &Blueprint) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let Some(close) = tail.find('}') else {
            out.push_str(tail);
            return out;
        };
        let inner = &tail[1..close];
        let value = if inner == "name" {
            Some(bp.name.as_str())
        } else {
            inner
                .strip_prefix("model")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| bp.models.get(i))
                .map(|m| m.name.as_str())
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&tail[..=close]),
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A problem with a generated name: which name, why, and which fields cause it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: &'static Rule,
    pub value: String,
    pub why: String,
    /// The fields to change: those that make the name invalid on their own, or all of its
    /// fields when only their combination is (too long).
    pub culprits: Vec<Field>,
    /// For a duplicate: the field of the first name.
    pub first: Option<Field>,
}

/// Neutral values for the culprit search: short and valid everywhere.
const NEUTRAL: &str = "ab";

/// Every generated name a cloud would refuse, and every duplicate in a uniqueness scope.
#[must_use]
pub fn problems(bp: &Blueprint) -> Vec<Problem> {
    let names = generated(bp);
    let mut out = Vec::new();
    let mut seen: BTreeMap<(&str, &str, &str), &Generated> = BTreeMap::new();
    for g in &names {
        if let Some(why) = g.rule.problem(&g.value) {
            out.push(Problem {
                rule: g.rule,
                value: g.value.clone(),
                why,
                culprits: culprits(g, bp),
                first: None,
            });
            continue;
        }
        let key = (g.rule.what, g.scope.as_str(), g.value.as_str());
        if let Some(first) = seen.get(&key) {
            let (culprits, first) = if g.fields.is_empty() {
                (first.fields.clone(), None)
            } else {
                (g.fields.clone(), first.fields.first().copied())
            };
            out.push(Problem {
                rule: g.rule,
                value: g.value.clone(),
                why: format!(
                    "it is generated twice; names are unique per {}",
                    g.rule.scope
                ),
                culprits,
                first,
            });
        } else {
            seen.insert(key, g);
        }
    }
    out
}

/// The fields that make a generated name invalid: a field is a culprit when the name stays
/// invalid with every other field replaced by a neutral value.
fn culprits(g: &Generated, bp: &Blueprint) -> Vec<Field> {
    if g.fields.len() < 2 {
        return g.fields.clone();
    }
    let alone: Vec<Field> = g
        .fields
        .iter()
        .copied()
        .filter(|keep| {
            let mut s = g.template.clone();
            for f in &g.fields {
                let (placeholder, real) = match f {
                    Field::Workload => ("{name}".to_owned(), bp.name.as_str()),
                    Field::Model(i) => (format!("{{model{i}}}"), bp.models[*i].name.as_str()),
                };
                s = s.replace(&placeholder, if f == keep { real } else { NEUTRAL });
            }
            g.rule.problem(&s).is_some()
        })
        .collect();
    if alone.is_empty() {
        g.fields.clone()
    } else {
        alone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_catch_what_the_clouds_refuse() {
        assert!(INFERENCE_PROFILE.problem(&"a".repeat(65)).is_some());
        assert!(INFERENCE_PROFILE.problem("base--app-x-primary").is_some());
        assert!(INFERENCE_PROFILE.problem("base-app-x-primary").is_none());
        assert!(S3_BUCKET.problem("xn--app-logs-p-111122223333").is_some());
        assert!(
            S3_BUCKET
                .problem("sthree-app-logs-p-111122223333")
                .is_some()
        );
        assert!(S3_BUCKET.problem("app-logs-p-111122223333").is_none());
        assert!(S3_BUCKET.problem("x-s3alias").is_some());
        assert!(S3_BUCKET.problem("10.1.2.3").is_some());
        assert!(CLOUDTRAIL.problem("base--app").is_some());
        assert!(CLOUDTRAIL.problem("app-").is_some());
        assert!(AZ_SEARCH.problem("base--app-uniquestring1").is_some());
        assert!(SECURITY_GROUP.problem("sg-app-endpoints-primary").is_some());
        assert!(AZ_DEPLOYMENT.problem(&"a".repeat(65)).is_some());
        assert!(RDS_IDENTIFIER.problem("a--b").is_some());
    }

    #[test]
    fn opensearch_names_are_shortened() {
        let long = "a".repeat(32);
        assert_eq!(aws::opensearch(&long, "data").len(), 32);
        assert_eq!(aws::opensearch("app", "kb"), "app-kb");
    }
}
