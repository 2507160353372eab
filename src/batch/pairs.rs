//! The `--repos FILE` list: one `SOURCE TARGET` pair of repositories a
//! line, separated by any whitespace. `#` starts a comment that runs to the
//! end of the line (no repository name holds one); blank lines, a leading
//! byte-order mark and CRLF line ends are accepted. Each target takes one
//! source: two lines into one target would write one over the other.

use std::{collections::HashMap, fmt, path::Path};

use super::RepoPair;
use crate::location::{Location, LocationError};
use crate::provider::RepoRef;

/// A pair and the line it was read from (from 1), for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedPair {
    pub line: usize,
    pub pair: RepoPair,
}

/// What is wrong with a pairs file, and where: `FILE:LINE: what`.
#[derive(Debug, thiserror::Error)]
pub struct PairsError {
    /// The file as the user named it.
    pub file: String,
    /// The line, from 1; none for the file as a whole.
    pub line: Option<usize>,
    pub kind: PairsErrorKind,
}

impl fmt::Display for PairsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PairsErrorKind {
    #[error("cannot read it: {0}")]
    Read(#[source] std::io::Error),
    #[error("it is not UTF-8 text: save it as UTF-8")]
    NotText,
    #[error("it lists no pair: write one `SOURCE TARGET` pair of repositories a line")]
    Empty,
    #[error(
        "expected two repositories, SOURCE TARGET, found {found}: `{text}`{hint}",
        hint = if *found > 2 { " (a `#` starts a comment)" } else { "" }
    )]
    WrongCount { found: usize, text: String },
    #[error(
        "`{0}` names a whole owner; each line pairs two repositories, e.g. `gitcode:acme/site sourcecraft:acme/site`"
    )]
    Owner(String),
    #[error("{0}")]
    NotARepository(#[source] LocationError),
    #[error("`{0}` is both source and target: name the repository to read and another to write")]
    SameRepository(String),
    #[error(
        "`{target}` is already the target of line {first_line}: each target takes one source; remove one of the two lines"
    )]
    RepeatedTarget { target: String, first_line: usize },
}

/// Reads and checks the pairs file at `path`.
pub fn read_pairs(path: &Path) -> Result<Vec<ListedPair>, PairsError> {
    let file = path.display().to_string();
    let error = |kind| PairsError {
        file: file.clone(),
        line: None,
        kind,
    };
    let bytes = std::fs::read(path).map_err(|e| error(PairsErrorKind::Read(e)))?;
    let text = String::from_utf8(bytes).map_err(|_| error(PairsErrorKind::NotText))?;
    parse_pairs(&file, &text)
}

/// Checks the pairs in `text`; `file` names it in errors. The first
/// mistake is the error.
pub fn parse_pairs(file: &str, text: &str) -> Result<Vec<ListedPair>, PairsError> {
    let error = |line, kind| PairsError {
        file: file.to_owned(),
        line,
        kind,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut pairs = Vec::new();
    let mut targets: HashMap<RepoRef, usize> = HashMap::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let content = raw.split_once('#').map_or(raw, |(before, _)| before);
        let fields: Vec<&str> = content.split_whitespace().collect();
        let (source, target) = match fields.as_slice() {
            [] => continue,
            [source, target] => (*source, *target),
            _ => {
                let kind = PairsErrorKind::WrongCount {
                    found: fields.len(),
                    text: crate::redact::escape_inline(content.trim()).into_owned(),
                };
                return Err(error(Some(number), kind));
            }
        };
        let source = repository(source).map_err(|kind| error(Some(number), kind))?;
        let target = repository(target).map_err(|kind| error(Some(number), kind))?;
        if source == target {
            let kind = PairsErrorKind::SameRepository(source.to_string());
            return Err(error(Some(number), kind));
        }
        if let Some(&first_line) = targets.get(&target) {
            let kind = PairsErrorKind::RepeatedTarget {
                target: target.to_string(),
                first_line,
            };
            return Err(error(Some(number), kind));
        }
        targets.insert(target.clone(), number);
        pairs.push(ListedPair {
            line: number,
            pair: RepoPair { source, target },
        });
    }
    if pairs.is_empty() {
        return Err(error(None, PairsErrorKind::Empty));
    }
    Ok(pairs)
}

/// One field, which must name a single repository.
fn repository(field: &str) -> Result<RepoRef, PairsErrorKind> {
    match field.parse::<Location>() {
        Ok(Location::Repo(repo)) => Ok(repo),
        Ok(Location::Owner(owner)) => Err(PairsErrorKind::Owner(owner.to_string())),
        Err(error) => Err(PairsErrorKind::NotARepository(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(usize, String, String)> {
        parse_pairs("repos.txt", text)
            .unwrap()
            .into_iter()
            .map(|p| (p.line, p.pair.source.to_string(), p.pair.target.to_string()))
            .collect()
    }

    fn error(text: &str) -> String {
        parse_pairs("repos.txt", text).unwrap_err().to_string()
    }

    #[test]
    fn reads_pairs_with_comments_blank_lines_and_any_whitespace() {
        let text = "\u{feff}# acme moves\r\n\r\ngitcode:acme/site  sourcecraft:acme/site\r\n\tgitcode:acme/api\t\tsourcecraft:acme/api   # the API\r\n   \r\n#gitcode:x/y sourcecraft:x/y\ngitcode:acme/docs sourcecraft:acme/docs";
        assert_eq!(
            pairs(text),
            [
                (
                    3,
                    "gitcode:acme/site".into(),
                    "sourcecraft:acme/site".into()
                ),
                (4, "gitcode:acme/api".into(), "sourcecraft:acme/api".into()),
                (
                    7,
                    "gitcode:acme/docs".into(),
                    "sourcecraft:acme/docs".into()
                ),
            ]
        );
    }

    #[test]
    fn a_line_needs_exactly_two_repositories() {
        assert_eq!(
            error("gitcode:a/b sourcecraft:a/b\n\ngitcode:a/b\n"),
            "repos.txt:3: expected two repositories, SOURCE TARGET, found 1: `gitcode:a/b`"
        );
        assert_eq!(
            error("gitcode:a/b sourcecraft:a/b sourcecraft:a/c"),
            "repos.txt:1: expected two repositories, SOURCE TARGET, found 3: `gitcode:a/b sourcecraft:a/b sourcecraft:a/c` (a `#` starts a comment)"
        );
    }

    #[test]
    fn owners_and_bad_names_are_refused_by_value() {
        let message = error("gitcode:acme sourcecraft:acme/site");
        assert!(
            message.starts_with("repos.txt:1: `gitcode:acme` names a whole owner"),
            "{message}"
        );
        let message = error("gitcode:a/b sourcecraft:a/../b");
        assert!(
            message.starts_with("repos.txt:1: `sourcecraft:a/../b` is neither"),
            "{message}"
        );
        let message = error("gitcode:a/b forgejo:a/b");
        assert!(message.contains("unknown provider `forgejo`"), "{message}");
        let message = error("gitcode:a/b gitcode:a/b");
        assert!(message.contains("is both source and target"), "{message}");
    }

    #[test]
    fn two_sources_into_one_target_name_both_lines() {
        let message = error(
            "gitcode:a/one sourcecraft:a/site\ngitcode:a/two sourcecraft:a/other\ngitcode:a/three sourcecraft:a/site\n",
        );
        assert_eq!(
            message,
            "repos.txt:3: `sourcecraft:a/site` is already the target of line 1: each target takes one source; remove one of the two lines"
        );
    }

    #[test]
    fn a_file_without_pairs_is_an_error() {
        assert_eq!(
            error("# nothing yet\n\n"),
            "repos.txt: it lists no pair: write one `SOURCE TARGET` pair of repositories a line"
        );
    }

    #[test]
    fn files_are_read_as_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("repos.txt");
        std::fs::write(&path, "gitcode:a/b sourcecraft:a/b\n").unwrap();
        assert_eq!(read_pairs(&path).unwrap().len(), 1);
        std::fs::write(&path, b"gitcode:a/b \xff\n").unwrap();
        let message = read_pairs(&path).unwrap_err().to_string();
        assert!(
            message.ends_with("it is not UTF-8 text: save it as UTF-8"),
            "{message}"
        );
        let message = read_pairs(&dir.path().join("absent.txt"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("absent.txt: cannot read it"), "{message}");
    }
}
