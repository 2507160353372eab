//! Help for a location mileport cannot read: the provider or remote name
//! nearest to a misspelt prefix (`gthub:` → `github:`), and the location a
//! web address pasted from a browser stands for
//! (`https://github.com/o/r/tree/main` → `github:o/r`).

use url::Url;

use crate::provider::Provider;
use crate::provider::valid_name;

/// The candidate nearest to `word` (letter case aside), when it is near
/// enough to be a slip of the fingers: one edit in four letters.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let allowed = (word.chars().count() / 4).max(1);
    candidates
        .iter()
        .map(|candidate| (distance(&word, &candidate.to_ascii_lowercase()), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The location a browser's address names, when it is one of a known
/// site's: `PREFIX:OWNER/REPO`, or `PREFIX:OWNER` for an owner's page.
/// `remotes` pairs each remote's name with its API's host, whose web
/// pages share it (`github.example.com`).
pub fn from_web_address(text: &str, remotes: &[(&str, String)]) -> Option<String> {
    let text = text.trim();
    let url = if text.contains("://") {
        Url::parse(text).ok()?
    } else {
        Url::parse(&format!("https://{text}")).ok()?
    };
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let prefix = Provider::all()
        .iter()
        .copied()
        .find(|provider| provider.web_hosts().contains(&host))
        .map(|provider| provider.id().to_owned())
        .or_else(|| {
            remotes
                .iter()
                .find(|(_, api_host)| api_host.eq_ignore_ascii_case(host))
                .map(|(name, _)| (*name).to_owned())
        })?;
    let mut parts = url.path_segments()?.filter(|part| !part.is_empty());
    let owner = parts.next().filter(|owner| valid_name(owner))?;
    let repo = parts
        .next()
        .filter(|repo| *repo != "-")
        .map(|repo| repo.strip_suffix(".git").unwrap_or(repo));
    match repo {
        Some(repo) if valid_name(repo) => Some(format!("{prefix}:{owner}/{repo}")),
        Some(_) => None,
        None => Some(format!("{prefix}:{owner}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_the_fingers_find_the_name_meant() {
        let names = ["gitcode", "sourcecraft", "github", "ghe"];
        assert_eq!(closest("gthub", &names), Some("github"));
        assert_eq!(closest("gihtub", &names), Some("github"));
        assert_eq!(closest("GitHub", &names), Some("github"));
        assert_eq!(closest("sorcecraft", &names), Some("sourcecraft"));
        assert_eq!(closest("gh", &names), Some("ghe"));
        assert_eq!(closest("forgejo", &names), None);
        assert_eq!(closest("gitlab", &names), None);
    }

    #[test]
    fn browser_addresses_become_locations() {
        let remotes = [("ghe", "github.example.com".to_owned())];
        let cases = [
            ("https://github.com/o/r", Some("github:o/r")),
            ("https://github.com/o/r.git", Some("github:o/r")),
            ("https://github.com/o/r/", Some("github:o/r")),
            ("https://www.github.com/o/r/tree/main", Some("github:o/r")),
            ("http://gitcode.com/o/r/-/milestones", Some("gitcode:o/r")),
            (
                "https://sourcecraft.dev/org/repo",
                Some("sourcecraft:org/repo"),
            ),
            ("github.com/o/r", Some("github:o/r")),
            ("https://github.com/acme", Some("github:acme")),
            ("https://github.example.com/o/r", Some("ghe:o/r")),
            ("https://example.org/o/r", None),
            ("https://github.com/", None),
            ("https://github.com/o/%2e%2e", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                from_web_address(text, &remotes).as_deref(),
                expected,
                "{text}"
            );
        }
    }
}
