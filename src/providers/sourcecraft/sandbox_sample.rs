//! SourceCraft's part of the sandbox's built-in sample (`demo/roadmap`):
//! non-Latin titles, start dates, and milestones without a deadline; labels
//! with hostile names, their slugs generated as a create would.

use serde_json::Map;

use crate::providers::sourcecraft::client as sourcecraft;
use crate::sandbox::sample::LABELS;

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

/// The sandbox's user, who made the sample.
fn author() -> sourcecraft::types::UserEmbedded {
    sourcecraft::types::UserEmbedded {
        id: Some("00000000-0000-4000-8000-0000000000aa".to_owned()),
        slug: Some("sandbox".to_owned()),
        extra: Map::new(),
    }
}

/// The milestones of the sample repository.
pub(crate) fn sample() -> Vec<sourcecraft::types::Milestone> {
    let author = author();
    SOURCECRAFT_ROWS
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
        .collect()
}

/// The labels of the sample repository, colours as SourceCraft keeps them
/// (as sent: here with `#`); no slugs, so the seed generates them.
pub(crate) fn labels() -> Vec<sourcecraft::types::Label> {
    LABELS
        .iter()
        .zip(0x201_u64..)
        .map(|(&(name, color), id)| sourcecraft::types::Label {
            author: Some(author()),
            color: Some(format!("#{color}")),
            created_at: Some("2024-11-01T08:00:00Z".to_owned()),
            id: Some(format!("00000000-0000-4000-8000-{id:012x}")),
            name: Some(name.to_owned()),
            slug: None,
            updated_at: Some("2024-11-01T08:00:00Z".to_owned()),
            updated_by: None,
            extra: Map::new(),
        })
        .collect()
}
