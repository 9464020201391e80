//! Two parts of a SARIF run beyond its results: where an artifact is (`artifactLocation.uri`)
//! and what went wrong with the run (`invocations[0]`).
//!
//! A file inside the working folder keeps a relative URI, which code scanning resolves against
//! the repository; one outside it (`../shared/x.yaml`, `/tmp/x.yaml`) gets an absolute
//! `file://` URI, percent-encoded, because a bare absolute path is not a URI and `../` would
//! point outside the checkout. A blueprint that could not be loaded is not a finding: it is a
//! `toolExecutionNotifications` entry with its location, and the run is marked unsuccessful.

use serde_json::{Value, json};

use super::relative_uri;
use crate::source::SourceFile;

/// The `artifactLocation.uri` of a file.
#[must_use]
pub fn artifact_uri(file: &SourceFile) -> String {
    let relative = relative_uri(file);
    let outside = relative.starts_with('/') || relative == ".." || relative.starts_with("../");
    if !outside {
        return relative;
    }
    let absolute = crate::file_filter::absolute(file.path());
    let path = absolute.to_string_lossy().replace('\\', "/");
    // `file:///tmp/x.yaml`; on Windows `file:///C:/x.yaml` (the drive's colon kept).
    let mut uri = String::from(if path.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for (i, part) in path.split('/').enumerate() {
        if i > 0 {
            uri.push('/');
        }
        if i == 0 && part.ends_with(':') {
            uri.push_str(part);
        } else {
            percent_encode(part, &mut uri);
        }
    }
    uri
}

/// RFC 3986: everything but the unreserved characters is written as `%XX` (UTF-8 bytes).
fn percent_encode(segment: &str, out: &mut String) {
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// `invocations`: one, unsuccessful when a file could not be loaded, with a notification per
/// diagnostic of such a file.
#[must_use]
pub fn invocations(errors: &[crate::diagnostic::FileDiagnostics]) -> Value {
    let notifications: Vec<Value> = errors
        .iter()
        .flat_map(|e| {
            e.diagnostics.iter().map(|d| {
                let mut physical = json!({ "artifactLocation": { "uri": artifact_uri(&e.file) } });
                if let Some(span) = d.span() {
                    let (line, column) = e.file.line_col(span.start);
                    physical["region"] = json!({ "startLine": line, "startColumn": column });
                }
                json!({
                    "level": "error",
                    "message": { "text": d.message },
                    "descriptor": { "id": d.code },
                    "locations": [{ "physicalLocation": physical }],
                })
            })
        })
        .collect();
    json!([{
        "executionSuccessful": notifications.is_empty(),
        "toolExecutionNotifications": notifications,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_stays_relative_outside_is_an_encoded_file_uri() {
        let inside = SourceFile::from_text("blueprints/a b.yaml", "");
        assert_eq!(artifact_uri(&inside), "blueprints/a b.yaml");
        let outside = SourceFile::from_text("/tmp/odd dir/ü#1.yaml", "");
        assert_eq!(
            artifact_uri(&outside),
            "file:///tmp/odd%20dir/%C3%BC%231.yaml"
        );
    }
}
