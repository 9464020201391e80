//! The command line: clap definitions and dispatch. Commands do the work in `commands::*`.

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands;
use crate::output::{ColorChoice, Exit};

/// Describe a managed-LLM workload once; lint it against HIPAA, FedRAMP High and GDPR packs.
#[derive(Debug, Parser)]
#[command(name = "twinstack", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to use colour in diagnostics (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a first blueprint that lints clean: current models, secure defaults, your packs.
    Init(Box<commands::init::InitArgs>),
    /// Check blueprints against the baseline and their compliance packs.
    Lint(commands::lint::LintArgs),
    /// Write Terraform (AWS) and Bicep (Azure) for blueprints that lint clean.
    Render(commands::render::RenderArgs),
    /// Estimate what each blueprint costs a month on each cloud, line by line, with sources.
    Cost(commands::cost::CostArgs),
    /// Show what the workload is locked into: a dependency graph with an explainable score.
    Graph(commands::graph::GraphArgs),
    /// List the rules of the policy packs.
    Rules(commands::rules::RulesArgs),
    /// Show a rule's documentation, controls and parameters.
    Explain(commands::rules::ExplainArgs),
    /// Print the JSON Schema of blueprints or policy packs (for editors and CI).
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t)]
        which: commands::schema::Which,
    },
    /// Show the models and regions twinstack knows, with their sources.
    Catalog(commands::catalog::CatalogArgs),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Parses the command line and runs the command.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Error.into()
            } else {
                Exit::Clean.into()
            };
        }
    };
    run(cli).into()
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> Exit {
    match cli.command {
        Command::Init(args) => commands::init::run(&args, cli.color),
        Command::Lint(args) => commands::lint::run(&args, cli.color),
        Command::Render(args) => commands::render::run(&args, cli.color),
        Command::Graph(args) => commands::graph::run(&args, cli.color),
        Command::Cost(args) => commands::cost::run(&args, cli.color),
        Command::Rules(args) => commands::rules::run(&args, cli.color),
        Command::Explain(args) => commands::rules::explain(&args, cli.color),
        Command::Schema { which } => commands::schema::run(which),
        Command::Catalog(args) => commands::catalog::run(&args, cli.color),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "twinstack", &mut out);
            crate::output::print(&String::from_utf8_lossy(&out));
            Exit::Clean
        }
    }
}
