//! "Did you mean …?" for the ids a blueprint names — pack ids in `compliance:`, rule ids in
//! `waivers:` — when the schema refused their spelling (`HIPAA` for `hipaa`,
//! `hipaa-baa-scope` for `HIPAA-BAA-SCOPE`).
//!
//! The schema knows the form of an id but not the packs loaded, so its error is completed here,
//! where the policy set is known. Ids typed on the command line (`explain`, `rules --pack`) match
//! in any case; ids written in a blueprint must be spelled as the packs spell them, because a
//! blueprint is a reviewed file other tools read too — so they are refused, pointing at the id
//! to write.

use crate::diagnostic::FileDiagnostics;
use crate::policy::PolicySet;
use crate::suggest::did_you_mean;

/// Adds the closest pack or rule id to the help of each schema error about a `compliance:` or
/// `waivers[].rule` value.
#[must_use]
pub fn complete(mut failure: FileDiagnostics, set: &PolicySet) -> FileDiagnostics {
    for d in &mut failure.diagnostics {
        if d.code != "schema::format" {
            continue;
        }
        let Some(span) = d.span() else {
            continue;
        };
        let written = failure
            .file
            .text()
            .get(span.start..span.end)
            .unwrap_or_default()
            .trim_matches(|c| c == '"' || c == '\'');
        let suggestion =
            if d.message.ends_with("for `compliance`") || d.message.contains("for `compliance[") {
                did_you_mean(written, set.pack_ids()).map(|id| {
                format!(
                    "did you mean `{id}`? Pack ids are lower case, as `twinstack rules` lists them"
                )
            })
            } else if d.message.contains("for `waivers[") && d.message.ends_with("].rule`") {
                did_you_mean(written, set.rules().map(|(_, r)| r.id.as_str())).map(|id| {
                format!(
                    "did you mean `{id}`? Rule ids are upper case, as `twinstack rules` lists them"
                )
            })
            } else {
                None
            };
        if let Some(suggestion) = suggestion {
            d.help = Some(match d.help.take().filter(|h| !h.is_empty()) {
                Some(help) => format!("{suggestion}\n{help}"),
                None => suggestion,
            });
        }
    }
    failure
}
