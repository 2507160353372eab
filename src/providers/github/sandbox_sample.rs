//! GitHub's part of the sandbox's built-in sample (`demo/roadmap`): due
//! dates on both of Los Angeles' clock changes, closed milestones, and
//! milestones without a due date; labels with hostile names, one of them
//! a default label's name in other case.

use serde_json::Map;

use crate::providers::github::client as github;
use crate::sandbox::sample::{LABELS, REPO};

/// (number, title, description, due_on, state, created_at, closed_at), as
/// GitHub answers them: due dates at midnight US Pacific in UTC.
type GitHubRow = (
    i64,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const GITHUB_REPOSITORY: &str = "https://api.github.com/repos/demo/roadmap";
const GITHUB_FIRST_ID: i64 = 9_416_001;

const GITHUB_ROWS: &[GitHubRow] = &[
    (
        1,
        "v3.0 — sync engine rewrite",
        Some("Rewrite the sync engine.\n\n- faster\n- \"safer\", with tests"),
        Some("2025-03-09T08:00:00Z"),
        "closed",
        "2024-09-02T09:15:00Z",
        Some("2025-03-08T17:40:00Z"),
    ),
    (
        2,
        "v3.1",
        None,
        Some("2025-06-30T07:00:00Z"),
        "closed",
        "2025-03-10T08:00:00Z",
        Some("2025-06-27T12:00:00Z"),
    ),
    (
        3,
        "v3.2 «Осень» 🍂",
        Some("Due on the day US clocks fall back.\nРусский, 中文, emoji."),
        Some("2025-11-02T07:00:00Z"),
        "open",
        "2025-07-01T10:30:00Z",
        None,
    ),
    (
        4,
        "Year-end freeze",
        Some("No merges after this date."),
        Some("2025-12-31T08:00:00Z"),
        "open",
        "2025-07-02T11:00:00Z",
        None,
    ),
    (
        5,
        "Leap-year cleanup",
        Some("Due on the 29th of February, which exists in 2028."),
        Some("2028-02-29T08:00:00Z"),
        "open",
        "2025-07-03T09:00:00Z",
        None,
    ),
    (
        6,
        "Ideas",
        Some("Unscheduled ideas, \"maybe\" someday."),
        None,
        "open",
        "2025-07-04T09:00:00Z",
        None,
    ),
    (
        7,
        "Won't do",
        Some(""),
        None,
        "closed",
        "2025-07-05T09:00:00Z",
        Some("2025-08-01T09:00:00Z"),
    ),
];

/// The milestones of the sample repository.
pub(crate) fn sample() -> Vec<github::types::Milestone> {
    let creator = github::types::SimpleUser {
        login: Some("octocat".to_owned()),
        id: Some(583_231),
        node_id: Some("MDQ6VXNlcjU4MzIzMQ==".to_owned()),
        type_: Some("User".to_owned()),
        html_url: Some("https://github.com/octocat".to_owned()),
        extra: Map::new(),
    };
    GITHUB_ROWS
        .iter()
        .map(
            |&(number, title, description, due_on, state, created_at, closed_at)| {
                let id = GITHUB_FIRST_ID + number;
                github::types::Milestone {
                    url: Some(format!("{GITHUB_REPOSITORY}/milestones/{number}")),
                    html_url: Some(format!("https://github.com/{REPO}/milestone/{number}")),
                    labels_url: Some(format!("{GITHUB_REPOSITORY}/milestones/{number}/labels")),
                    id: Some(id),
                    node_id: Some(format!("MI_kwDOdemo{id}")),
                    number,
                    state: Some(state.to_owned()),
                    title: title.to_owned(),
                    description: description.map(str::to_owned),
                    creator: Some(creator.clone()),
                    open_issues: Some(0),
                    closed_issues: Some(0),
                    created_at: Some(created_at.to_owned()),
                    updated_at: Some(closed_at.unwrap_or(created_at).to_owned()),
                    closed_at: closed_at.map(str::to_owned),
                    due_on: due_on.map(str::to_owned),
                    extra: Map::new(),
                }
            },
        )
        .collect()
}

/// The sample's labels, ids above the milestones'; `Bug` differs from the
/// default `bug` only by case, and the colours keep the case they were
/// given (GitHub answers them in lower case).
pub(crate) fn labels() -> Vec<github::types::Label> {
    let first_id = GITHUB_FIRST_ID + 1_000;
    std::iter::once(&("Bug", "D73A4A"))
        .chain(LABELS)
        .zip(first_id..)
        .map(|(&(name, color), id)| github::types::Label {
            id: Some(id),
            node_id: Some(format!("LA_kwDOdemo{id}")),
            url: None,
            name: name.to_owned(),
            color: Some(color.to_owned()),
            description: (name == "Bug").then(|| "Something is broken".to_owned()),
            default: Some(false),
            extra: Map::new(),
        })
        .collect()
}
