//! GitLab's part of the sandbox's built-in sample (`demo/roadmap`): project
//! milestones with global ids and per-project iids, some closed, some
//! without dates, start dates, non-Latin and emoji titles, a leap day; one
//! milestone of the parent group `demo` (seen by the project with
//! `include_ancestors=true`); the shared hostile labels and one label of
//! the group.

use serde_json::Map;

use crate::providers::gitlab::client::types::{Label, Milestone};
use crate::sandbox::sample::LABELS;

/// (id, iid, title, description, start_date, due_date, state, created_at)
type Row = (
    i64,
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const ROWS: &[Row] = &[
    (
        3101,
        1,
        "v0.1 原型",
        "第一个可运行的原型。\n包括：登录、项目列表",
        Some("2023-12-01"),
        Some("2024-01-15"),
        "closed",
        "2023-12-01T01:30:00.000Z",
    ),
    (
        3102,
        2,
        "Leap day release",
        "Ships on the 29th of February, which exists in 2024.",
        None,
        Some("2024-02-29"),
        "closed",
        "2024-01-10T06:00:00.000Z",
    ),
    (
        3103,
        3,
        "v1.0 正式版",
        "正式发布。\n\n- 稳定的 API\n- 完整的文档",
        Some("2024-03-01"),
        Some("2024-06-30"),
        "active",
        "2024-02-01T02:00:00.000Z",
    ),
    (
        3104,
        4,
        "Релиз 1.1",
        "Исправления ошибок, улучшения производительности.",
        None,
        Some("2024-09-15"),
        "active",
        "2024-03-05T03:20:00.000Z",
    ),
    (
        3105,
        5,
        "🚀 Launch",
        "Public launch 🎉",
        Some("2024-09-01"),
        Some("2024-10-01"),
        "active",
        "2024-03-06T00:00:00.000Z",
    ),
    (
        3106,
        6,
        "Backlog",
        "No date yet.",
        None,
        None,
        "active",
        "2024-04-01T00:00:00.000Z",
    ),
    (
        3107,
        7,
        "Docs, \"quoted\" edition",
        "Line one, with a comma.\n\n\"Quoted\" line, after a blank line.",
        None,
        None,
        "closed",
        "2024-06-10T08:45:00.000Z",
    ),
    (
        3108,
        8,
        "Year end",
        "Wrap up 2024.",
        Some("2024-12-01"),
        Some("2024-12-31"),
        "active",
        "2024-07-02T04:00:00.000Z",
    ),
];

/// The milestone of the sample's parent group `demo`.
const GROUP_ROW: Row = (
    3001,
    1,
    "Q3 planning (group)",
    "A milestone of the group demo, seen by every project in it.",
    Some("2024-07-01"),
    Some("2024-09-30"),
    "active",
    "2024-05-01T00:00:00.000Z",
);

fn milestone(row: &Row, group: bool) -> Milestone {
    let &(id, iid, title, description, start, due, state, created_at) = row;
    Milestone {
        id,
        iid: Some(iid),
        // The store sets the real ids of the project or group.
        project_id: (!group).then_some(0),
        group_id: group.then_some(0),
        title: title.to_owned(),
        description: Some(description.to_owned()),
        due_date: due.map(str::to_owned),
        start_date: start.map(str::to_owned),
        state: Some(state.to_owned()),
        updated_at: Some(created_at.to_owned()),
        created_at: Some(created_at.to_owned()),
        expired: None,
        web_url: None,
        extra: Map::new(),
    }
}

/// The milestones of the sample project, and its parent group's.
pub(crate) fn sample() -> Vec<Milestone> {
    ROWS.iter()
        .map(|row| milestone(row, false))
        .chain([milestone(&GROUP_ROW, true)])
        .collect()
}

/// The sample's labels, their colours with `#`, and one of the group.
pub(crate) fn labels() -> Vec<Label> {
    let label = |id: i64, name: &str, color: &str, project: bool| Label {
        id,
        name: name.to_owned(),
        description: Some(String::new()),
        description_html: Some(String::new()),
        text_color: Some("#FFFFFF".to_owned()),
        color: Some(format!("#{}", color.to_lowercase())),
        open_issues_count: Some(0),
        closed_issues_count: Some(0),
        open_merge_requests_count: Some(0),
        subscribed: Some(false),
        priority: None,
        is_project_label: Some(project),
        extra: Map::new(),
    };
    LABELS
        .iter()
        .zip(8101_i64..)
        .map(|(&(name, color), id)| label(id, name, color, true))
        .chain([label(8001, "group::triage", "6699cc", false)])
        .collect()
}
