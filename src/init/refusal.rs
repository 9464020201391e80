//! Why `init` writes nothing, said so a person can act on it: the findings of the closest
//! candidate, each with its remediation and, where one exists, the init flag that fixes it.

use crate::catalog::Cloud;
use crate::policy::engine::Finding;
use crate::visible::escape;

/// Why init writes nothing: a sentence, and the details behind it (findings, filters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub details: Vec<String>,
}

impl Refusal {
    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for d in &self.details {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

pub(super) fn no_clean(
    cloud: Cloud,
    hipaa: bool,
    closest: Option<(String, Vec<Finding>)>,
) -> Refusal {
    match closest {
        Some((candidate, findings)) => refusal_from(
            &format!(
                "no {} model, regions and routing the catalog offers lint clean with these choices; the closest, {candidate}, has these findings",
                cloud.display()
            ),
            &findings,
        ),
        None => Refusal::new(format!(
            "no current model{} is offered on {} in the regions these choices allow (`twinstack catalog models KEY` shows where a model runs)",
            if hipaa {
                " confirmed HIPAA-eligible"
            } else {
                ""
            },
            cloud.display()
        )),
    }
}

/// The init flag that sets a blueprint path, where there is one.
fn flag_for(path: &str) -> Option<&'static str> {
    match path {
        p if p.starts_with("data.zero_data_retention") => Some(
            "pass --zero-data-retention once Microsoft approved modified abuse monitoring, or leave azure out of --clouds",
        ),
        p if p.starts_with("data.purpose") || p == "data" => Some("pass --purpose TEXT"),
        p if p.starts_with("data.dpia") => Some("pass --dpia REFERENCE"),
        p if p.starts_with("clouds.") => Some("choose other regions with --region"),
        _ => None,
    }
}

pub(super) fn refusal_from(message: &str, findings: &[Finding]) -> Refusal {
    let mut details = Vec::new();
    for f in findings {
        details.push(format!(
            "{} ({}) at {}: {}",
            f.rule,
            f.pack,
            f.path,
            escape(&f.message)
        ));
        details.push(format!("  {}", f.remediation.trim()));
        let hint = match (&*f.rule, flag_for(&f.path)) {
            ("GDPR-PROCESSOR" | "HIPAA-PROVIDER-RETENTION", _) => Some(
                "init: pass --zero-data-retention once Microsoft approved modified abuse monitoring, or leave azure out of --clouds",
            ),
            (_, Some(flag)) => Some(flag),
            _ => None,
        };
        if let Some(hint) = hint {
            details.push(format!(
                "  {}{hint}",
                if hint.starts_with("init:") {
                    ""
                } else {
                    "init: "
                }
            ));
        }
    }
    Refusal {
        message: message.to_owned(),
        details,
    }
}
