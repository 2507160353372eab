//! Whether the token may write milestones to a GitHub repository, asked
//! before the first write: `GET /repos/{owner}/{repo}` says what the
//! token's user may do there (`permissions`: triage and above may create,
//! edit and close milestones) and whether the repository is `archived`
//! (read-only). A fine-grained token may be allowed less than its user;
//! then the first refused writes stop the run instead.

use crate::net::access::WriteAccess;
use crate::providers::github::client::types::Repository;

/// What the repository's answer says of writing milestones to it.
pub fn access_of(repo: &Repository) -> WriteAccess {
    if repo.archived == Some(true) {
        return WriteAccess::Refused(
            "GitHub says the repository is archived, so it is read-only: unarchive it first"
                .to_owned(),
        );
    }
    let Some(permissions) = &repo.permissions else {
        return WriteAccess::Unknown;
    };
    let granted = [
        permissions.triage,
        permissions.push,
        permissions.maintain,
        permissions.admin,
    ];
    if granted.contains(&Some(true)) {
        WriteAccess::Allowed
    } else if granted.contains(&Some(false)) || permissions.pull.is_some() {
        WriteAccess::Refused(
            "GitHub gives its user read access only; milestones need the triage, write, maintain or admin role"
                .to_owned(),
        )
    } else {
        WriteAccess::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(json: &str) -> Repository {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn triage_and_above_may_write_milestones() {
        for role in ["triage", "push", "maintain", "admin"] {
            let answer =
                format!(r#"{{"name": "r", "permissions": {{"pull": true, "{role}": true}}}}"#);
            assert_eq!(access_of(&repo(&answer)), WriteAccess::Allowed, "{role}");
        }
    }

    #[test]
    fn pull_only_or_archived_may_not() {
        let read = repo(
            r#"{"name": "r", "permissions": {"admin": false, "maintain": false, "push": false, "triage": false, "pull": true}}"#,
        );
        assert!(
            matches!(access_of(&read), WriteAccess::Refused(why) if why.contains("read access only"))
        );
        let archived = repo(r#"{"name": "r", "archived": true, "permissions": {"admin": true}}"#);
        assert!(
            matches!(access_of(&archived), WriteAccess::Refused(why) if why.contains("archived"))
        );
    }

    #[test]
    fn an_answer_without_permissions_says_nothing() {
        assert_eq!(access_of(&repo(r#"{"name": "r"}"#)), WriteAccess::Unknown);
        assert_eq!(
            access_of(&repo(r#"{"name": "r", "permissions": {}}"#)),
            WriteAccess::Unknown
        );
    }
}
