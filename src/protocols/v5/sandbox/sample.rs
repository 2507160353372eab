//! The family's part of the sandbox's built-in sample (`demo/roadmap`),
//! the same on every member: non-Latin and emoji titles, descriptions with
//! commas, quotes and blank lines, closed milestones, a leap day, and
//! duplicate titles, which the family allows; labels with hostile names.
//! Each milestone is made as its side makes a new one ([`new_milestone`]),
//! its state in the side's words.

use serde_json::json;

use super::{StoredMilestone, V5Side, writes::new_milestone};
use crate::forge::Identity;
use crate::net::decode;
use crate::protocols::v5::V5;
use crate::sandbox::sample::{LABELS, REPO};

/// The id of the sample repository on every member.
const REPOSITORY_ID: i64 = 4_066_481;
/// The id of the sample's first label.
const FIRST_LABEL_ID: i64 = 311_001;
/// When the sample's labels were made.
const LABELS_MADE: &str = "2024-06-01T09:00:00+08:00";

/// (number, title, description, due_on, state, created_at); `{provider}`
/// in a description is the member's name.
type Row = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ROWS: &[Row] = &[
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
        "Same title as another milestone: {provider} allows it.",
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

/// The milestones of the sample repository, as `P` holds them. A row its
/// side cannot make is left out.
pub fn milestones<P: V5Side>() -> Vec<<P as Identity>::Object>
where
    <P as Identity>::Object: StoredMilestone,
{
    ROWS.iter()
        .filter_map(|&(number, title, description, due_on, state, created_at)| {
            let fields = super::milestones::Fields {
                title: title.to_owned(),
                due_on: due_on.to_owned(),
                description: Some(description.replace("{provider}", P::NAME)),
            };
            let state = <P as Identity>::Object::seeded_state(Some(state));
            new_milestone::<P>(REPO, REPOSITORY_ID, number, fields, state, created_at).ok()
        })
        .collect()
}

/// The sample's labels, their colours in the `#` form the family answers.
/// A label its side cannot hold is left out.
pub fn labels<P: V5Side>() -> Vec<<P as V5>::Label> {
    LABELS
        .iter()
        .zip(FIRST_LABEL_ID..)
        .filter_map(|(&(name, color), id)| {
            decode::milestone(json!({
                "id": id,
                "name": name,
                "color": format!("#{}", color.to_lowercase()),
                "repository_id": REPOSITORY_ID,
                "created_at": LABELS_MADE,
                "updated_at": LABELS_MADE,
            }))
            .ok()
        })
        .collect()
}
