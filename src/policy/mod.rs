//! Policy packs and the engine that evaluates them over resolved blueprints.
//!
//! `pack` is the file format, `config` reads `twinstack.toml`, `set` loads the built-in and team
//! packs with their parameters, `compile` turns rule expressions into minijinja programs
//! (`rule`; reporting broken rules at their file:line), `expr` is the language they are written
//! in, `facts` is what rules see, and `engine` evaluates and applies waivers.

pub mod compile;
pub mod config;
pub mod engine;
pub mod expr;
pub mod facts;
pub mod pack;
pub mod rule;
pub mod set;

pub use engine::{Evaluation, Finding, RuleResult, RuleStatus, Waived};
pub use pack::Severity;
pub use set::{Pack, PolicySet};
