//! Gitee's part of the sandbox's built-in sample (`demo/roadmap`):
//! non-Latin and emoji titles, descriptions with commas, quotes and blank
//! lines, closed milestones, a leap day, and duplicate titles, which
//! Gitee allows; labels with hostile names.

use serde_json::Map;

use crate::providers::generated::gitee;
use crate::sandbox::sample::{LABELS, REPO};

const GITEE_REPOSITORY_ID: i64 = 4_066_481;

/// (number, title, description, due_on, state, created_at)
type GiteeRow = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const GITEE_ROWS: &[GiteeRow] = &[
    (
        4801,
        "v0.1 原型",
        "第一个可运行的原型。\n包括：登录、项目列表",
        "2024-01-15",
        "closed",
        "2023-12-01T09:30:00+08:00",
    ),
    (
        4802,
        "Leap day release",
        "Ships on the 29th of February, which exists in 2024.",
        "2024-02-29",
        "closed",
        "2024-01-10T14:00:00+08:00",
    ),
    (
        4803,
        "v1.0 正式版",
        "正式发布。\n\n- 稳定的 API\n- 完整的文档",
        "2024-06-30",
        "open",
        "2024-02-01T10:00:00+08:00",
    ),
    (
        4804,
        "Релиз 1.1",
        "Исправления ошибок, улучшения производительности.",
        "2024-09-15",
        "open",
        "2024-03-05T11:20:00+08:00",
    ),
    (
        4805,
        "🚀 Launch",
        "Public launch 🎉",
        "2024-10-01",
        "open",
        "2024-03-06T08:00:00+08:00",
    ),
    (
        4806,
        "Sprint 12",
        "",
        "2024-07-12",
        "open",
        "2024-06-01T09:00:00+08:00",
    ),
    (
        4807,
        "Sprint 12",
        "Same title as another milestone: Gitee allows it.",
        "2024-07-26",
        "open",
        "2024-06-01T09:05:00+08:00",
    ),
    (
        4808,
        "Docs, \"quoted\" edition",
        "Line one, with a comma.\n\n\"Quoted\" line, after a blank line.\n\nLast line.",
        "2024-08-01",
        "open",
        "2024-06-10T16:45:00+08:00",
    ),
    (
        4809,
        "Q4 planning",
        "Plan Q4:\n1. budget\n2. hiring, \"if approved\"",
        "2024-11-08",
        "open",
        "2024-07-01T10:58:16+08:00",
    ),
    (
        4810,
        "Year end",
        "Wrap up 2024.",
        "2024-12-31",
        "open",
        "2024-07-02T12:00:00+08:00",
    ),
    (
        4811,
        "v2.0 计划 / План",
        "混合语言 — смешанный язык — mixed.",
        "2025-03-31",
        "open",
        "2024-08-15T09:00:00+08:00",
    ),
    (
        4812,
        "Abandoned spike",
        "Closed without shipping.",
        "2024-05-20",
        "closed",
        "2024-04-01T09:00:00+08:00",
    ),
];

/// The milestones of the sample repository.
pub(crate) fn sample() -> Vec<gitee::types::Milestone> {
    GITEE_ROWS
        .iter()
        .map(
            |&(number, title, description, due_on, state, created_at)| gitee::types::Milestone {
                closed_issues: Some(0.into()),
                created_at: Some(created_at.to_owned()),
                description: Some(description.to_owned()),
                due_on: Some(due_on.to_owned()),
                id: Some(number.into()),
                number: number.into(),
                open_issues: Some(0.into()),
                repository_id: Some(GITEE_REPOSITORY_ID.into()),
                state: Some(state.to_owned()),
                title: title.to_owned(),
                updated_at: Some(created_at.to_owned()),
                url: Some(format!(
                    "https://gitee.com/api/v5/repos/{REPO}/milestones/{number}"
                )),
                html_url: Some(format!("https://gitee.com/{REPO}/milestones/{number}")),
                extra: Map::new(),
            },
        )
        .collect()
}

/// The sample's labels, their colours in the `#` form Gitee answers.
pub(crate) fn labels() -> Vec<gitee::types::Label> {
    LABELS
        .iter()
        .zip(311_001_i64..)
        .map(|(&(name, color), id)| gitee::types::Label {
            id: Some(id.into()),
            name: name.to_owned(),
            color: Some(format!("#{}", color.to_lowercase())),
            repository_id: Some(GITEE_REPOSITORY_ID.into()),
            url: None,
            created_at: Some("2024-06-01T09:00:00+08:00".to_owned()),
            updated_at: Some("2024-06-01T09:00:00+08:00".to_owned()),
            extra: Map::new(),
        })
        .collect()
}
