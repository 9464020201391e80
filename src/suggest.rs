//! "Did you mean …?" for unknown keys, values, models and regions.

/// The closest candidate to `input`, if one is close enough to be a likely typo. Case and the
/// separators people swap (`gpt-5.1` for `gpt-5-1`, `failover-region` for `failover_region`)
/// do not count against a candidate.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = normalized(input);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &normalized(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Lower case, with `.`, `_` and spaces read as `-`.
fn normalized(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '.' | '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
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

    #[test]
    fn swapped_separators_are_not_typos() {
        assert_eq!(
            did_you_mean("gpt-5.1", ["gpt-5", "gpt-5-1", "gpt-5-2"]),
            Some("gpt-5-1")
        );
        assert_eq!(
            did_you_mean("failover-region", ["failover_region", "region"]),
            Some("failover_region")
        );
    }
}
