//! twinstack: describe a managed-LLM workload once, then lint it against compliance packs, render
//! Terraform for AWS Bedrock and Bicep for Azure OpenAI, and see where it is locked in.
//!
//! The binary is a thin shell over this library (`cli`); each command lives in `commands`.

pub mod blueprint;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod cost;
pub mod date;
pub mod diagnostic;
pub mod discover;
pub mod file_filter;
pub mod graph;
pub mod init;
pub mod naming;
pub mod output;
pub mod plan;
pub mod policy;
pub mod render;
pub mod report;
pub mod schema_check;
pub mod source;
pub mod spool;
pub mod suggest;
pub mod text;
pub mod visible;
pub mod yaml;
