//! The built-in sample: `demo/roadmap` on every provider, chosen to exercise
//! what breaks migrators (non-Latin and emoji titles, descriptions with
//! commas, quotes and blank lines, closed milestones, a leap day, duplicate
//! GitCode titles, SourceCraft and GitHub milestones without a deadline,
//! GitHub due dates on both of Los Angeles' clock changes), plus
//! `demo/missing` on every side, which answers 404.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Map;

use crate::providers::generated::{gitcode, github, sourcecraft};

use super::SeedData;

const REPO: &str = "demo/roadmap";
const MISSING: &str = "demo/missing";
const GITCODE_REPOSITORY_ID: i64 = 4_066_481;

/// (number, title, description, due_on, state, created_at)
type GitCodeRow = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const GITCODE_ROWS: &[GitCodeRow] = &[
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
        "active",
        "2024-02-01T10:00:00+08:00",
    ),
    (
        4804,
        "Релиз 1.1",
        "Исправления ошибок, улучшения производительности.",
        "2024-09-15",
        "active",
        "2024-03-05T11:20:00+08:00",
    ),
    (
        4805,
        "🚀 Launch",
        "Public launch 🎉",
        "2024-10-01",
        "active",
        "2024-03-06T08:00:00+08:00",
    ),
    (
        4806,
        "Sprint 12",
        "",
        "2024-07-12",
        "active",
        "2024-06-01T09:00:00+08:00",
    ),
    (
        4807,
        "Sprint 12",
        "Same title as another milestone: GitCode allows it.",
        "2024-07-26",
        "active",
        "2024-06-01T09:05:00+08:00",
    ),
    (
        4808,
        "Docs, \"quoted\" edition",
        "Line one, with a comma.\n\n\"Quoted\" line, after a blank line.\n\nLast line.",
        "2024-08-01",
        "active",
        "2024-06-10T16:45:00+08:00",
    ),
    (
        4809,
        "Q4 planning",
        "Plan Q4:\n1. budget\n2. hiring, \"if approved\"",
        "2024-11-08",
        "active",
        "2024-07-01T10:58:16+08:00",
    ),
    (
        4810,
        "Year end",
        "Wrap up 2024.",
        "2024-12-31",
        "active",
        "2024-07-02T12:00:00+08:00",
    ),
    (
        4811,
        "v2.0 计划 / План",
        "混合语言 — смешанный язык — mixed.",
        "2025-03-31",
        "active",
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

/// (id, name, slug, description, start_date, deadline, status, created_at)
type SourceCraftRow = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const SOURCECRAFT_ROWS: &[SourceCraftRow] = &[
    (
        101,
        "Alpha",
        "alpha",
        "First internal build.",
        None,
        Some("2025-02-01T00:00:00Z"),
        "closed",
        "2024-11-01T08:00:00Z",
    ),
    (
        102,
        "Бета-версия",
        "beta-versiia",
        "Открытое тестирование,\n\n\"с отзывами\".",
        Some("2025-02-01T00:00:00Z"),
        Some("2025-04-30T21:00:00Z"),
        "open",
        "2024-11-02T08:00:00Z",
    ),
    (
        103,
        "正式发布",
        "zheng-shi-fa-bu",
        "",
        None,
        Some("2025-06-30T16:00:00Z"),
        "open",
        "2024-11-03T08:00:00Z",
    ),
    (
        104,
        "Someday ✨",
        "someday",
        "No deadline yet.",
        None,
        None,
        "open",
        "2024-11-04T08:00:00Z",
    ),
    (
        105,
        "Backlog grooming",
        "backlog-grooming",
        "Recurring, no deadline.\nOwner: \"the team\", everyone.",
        None,
        None,
        "open",
        "2024-11-05T08:00:00Z",
    ),
    (
        106,
        "Leap day",
        "leap-day",
        "Due on a leap day.",
        None,
        Some("2028-02-29T00:00:00Z"),
        "open",
        "2024-11-06T08:00:00Z",
    ),
];

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

fn github_sample() -> Vec<github::types::Milestone> {
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

pub(crate) fn sample() -> SeedData {
    let gitcode = GITCODE_ROWS
        .iter()
        .map(
            |&(number, title, description, due_on, state, created_at)| gitcode::types::Milestone {
                closed_issues: Some(0.into()),
                created_at: Some(created_at.to_owned()),
                description: Some(description.to_owned()),
                due_on: Some(due_on.to_owned()),
                id: None,
                number: number.into(),
                open_issues: Some(0.into()),
                repository_id: Some(GITCODE_REPOSITORY_ID.into()),
                state: Some(state.to_owned()),
                title: title.to_owned(),
                updated_at: Some(created_at.to_owned()),
                url: Some(format!("https://gitcode.com/{REPO}/milestones/{number}")),
                extra: Map::new(),
            },
        )
        .collect();
    let author = sourcecraft::types::UserEmbedded {
        id: Some("00000000-0000-4000-8000-0000000000aa".to_owned()),
        slug: Some("sandbox".to_owned()),
        extra: Map::new(),
    };
    let sourcecraft = SOURCECRAFT_ROWS
        .iter()
        .map(
            |&(id, name, slug, description, start_date, deadline, status, created_at)| {
                sourcecraft::types::Milestone {
                    author: Some(author.clone()),
                    created_at: Some(created_at.to_owned()),
                    deadline: deadline.map(str::to_owned),
                    description: Some(description.to_owned()),
                    id: Some(format!("00000000-0000-4000-8000-{id:012x}")),
                    name: Some(name.to_owned()),
                    slug: Some(slug.to_owned()),
                    start_date: start_date.map(str::to_owned),
                    status: Some(status.to_owned()),
                    updated_at: Some(created_at.to_owned()),
                    updated_by: None,
                    extra: Map::new(),
                }
            },
        )
        .collect();
    SeedData {
        gitcode: BTreeMap::from([(REPO.to_owned(), gitcode)]),
        sourcecraft: BTreeMap::from([(REPO.to_owned(), sourcecraft)]),
        missing_gitcode: BTreeSet::from([MISSING.to_owned()]),
        missing_sourcecraft: BTreeSet::from([MISSING.to_owned()]),
        github: BTreeMap::from([(REPO.to_owned(), github_sample())]),
        missing_github: BTreeSet::from([MISSING.to_owned()]),
        ..SeedData::default()
    }
}
