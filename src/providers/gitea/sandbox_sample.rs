//! Gitea's part of the sandbox's built-in sample (`demo/roadmap`): a dozen
//! milestones with global ids, some closed (with their `closed_at`), some
//! without a due date, non-Latin and emoji titles, a repeated title (Gitea
//! allows it), a leap day; and the shared hostile labels, their colours
//! without `#` as newer versions answer.

use serde_json::Map;

use crate::providers::gitea::client::types::{Label, Milestone};
use crate::sandbox::sample::{LABELS, REPO};

/// (id, title, description, due_on, state, created_at)
type Row = (
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const ROWS: &[Row] = &[
    (
        1101,
        "v0.1 原型",
        "第一个可运行的原型。\n包括：登录、项目列表",
        Some("2024-01-15T12:00:00Z"),
        "closed",
        "2023-12-01T01:30:00Z",
    ),
    (
        1102,
        "Leap day release",
        "Ships on the 29th of February, which exists in 2024.",
        Some("2024-02-29T12:00:00Z"),
        "closed",
        "2024-01-10T06:00:00Z",
    ),
    (
        1103,
        "v1.0 正式版",
        "正式发布。\n\n- 稳定的 API\n- 完整的文档",
        Some("2024-06-30T12:00:00Z"),
        "open",
        "2024-02-01T02:00:00Z",
    ),
    (
        1104,
        "Релиз 1.1",
        "Исправления ошибок, улучшения производительности.",
        Some("2024-09-15T12:00:00Z"),
        "open",
        "2024-03-05T03:20:00Z",
    ),
    (
        1105,
        "🚀 Launch",
        "Public launch 🎉",
        Some("2024-10-01T12:00:00Z"),
        "open",
        "2024-03-06T00:00:00Z",
    ),
    (
        1106,
        "Backlog",
        "No date yet.",
        None,
        "open",
        "2024-04-01T00:00:00Z",
    ),
    (
        1107,
        "Sprint 12",
        "",
        Some("2024-07-12T12:00:00Z"),
        "open",
        "2024-06-01T01:00:00Z",
    ),
    (
        1108,
        "Sprint 12",
        "Same title as another milestone: Gitea allows it.",
        Some("2024-07-26T12:00:00Z"),
        "open",
        "2024-06-01T01:05:00Z",
    ),
    (
        1109,
        "Docs, \"quoted\" edition",
        "Line one, with a comma.\n\n\"Quoted\" line, after a blank line.",
        None,
        "closed",
        "2024-06-10T08:45:00Z",
    ),
    (
        1110,
        "Year end",
        "Wrap up 2024.",
        Some("2024-12-31T12:00:00Z"),
        "open",
        "2024-07-02T04:00:00Z",
    ),
    (
        1111,
        "v2.0 计划 / План",
        "混合语言 — смешанный язык — mixed.",
        Some("2025-03-31T12:00:00Z"),
        "open",
        "2024-08-15T01:00:00Z",
    ),
    (
        1112,
        "שחרור עברית",
        "טקסט מימין לשמאל.",
        None,
        "open",
        "2024-08-20T01:00:00Z",
    ),
];

/// The milestones of the sample repository; closed ones closed when
/// they were created.
pub(crate) fn sample() -> Vec<Milestone> {
    ROWS.iter()
        .map(|&(id, title, description, due_on, state, created_at)| {
            let closed = state == "closed";
            Milestone {
                id,
                title: title.to_owned(),
                description: Some(description.to_owned()),
                state: Some(state.to_owned()),
                open_issues: Some(0),
                closed_issues: Some(i64::from(closed)),
                created_at: Some(created_at.to_owned()),
                updated_at: Some(created_at.to_owned()),
                closed_at: closed.then(|| created_at.to_owned()),
                due_on: due_on.map(str::to_owned),
                extra: Map::new(),
            }
        })
        .collect()
}

/// The sample's labels, their colours without `#`.
pub(crate) fn labels() -> Vec<Label> {
    LABELS
        .iter()
        .zip(401_i64..)
        .map(|(&(name, color), id)| Label {
            id,
            name: name.to_owned(),
            exclusive: Some(name.contains('/')),
            is_archived: Some(false),
            color: Some(color.to_lowercase()),
            description: Some(String::new()),
            url: Some(format!(
                "https://gitea.example/api/v1/repos/{REPO}/labels/{id}"
            )),
            extra: Map::new(),
        })
        .collect()
}
