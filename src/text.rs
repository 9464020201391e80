//! Small text helpers shared by messages, reports and renderers.

/// `"s"` unless there is exactly one.
#[must_use]
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The text with its first letter in lower case, for a title used inside a sentence. A word
/// that starts with two capitals is an acronym (FIPS, PII, EU) and keeps its case.
#[must_use]
pub fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    let second_is_upper = s.chars().nth(1).is_some_and(char::is_uppercase);
    match chars.next() {
        None => String::new(),
        Some(c) if second_is_upper => std::iter::once(c).chain(chars).collect(),
        Some(c) => c.to_lowercase().chain(chars).collect(),
    }
}

/// The serde name of a unit enum value (`not-eligible`, `high`, `redacted`), as users write it.
#[must_use]
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(plural(1), "");
        assert_eq!(plural(2), "s");
        assert_eq!(lowercase_first("The provider"), "the provider");
        assert_eq!(
            lowercase_first("FIPS-validated endpoints"),
            "FIPS-validated endpoints"
        );
        assert_eq!(lowercase_first("A guardrail"), "a guardrail");
        assert_eq!(
            serde_name(&crate::catalog::Hipaa::NotEligible),
            "not-eligible"
        );
    }
}
