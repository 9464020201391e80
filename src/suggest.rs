//! "Did you mean …?" for unknown keys, values, models and regions.

/// The closest candidate to `input`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn finds_typos_only() {
        assert_eq!(
            did_you_mean("regin", ["region", "cidr", "failover_region"]),
            Some("region")
        );
        assert_eq!(
            did_you_mean("eastus-2", ["eastus2", "westus3"]),
            Some("eastus2")
        );
        assert_eq!(did_you_mean("zzz", ["region", "cidr"]), None);
    }
}
