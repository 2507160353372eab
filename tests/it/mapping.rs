//! Every mapping rule, snapshot-tested in both directions and round trip.

use chrono::NaiveDate;
use mileport::{
    forge::{Forge, Mapped, Mapper},
    mapping::{self, MappingOptions},
    pipeline::map,
    providers::{
        gitcode::GitCode, gitcode::client as gitcode, github::GitHub, github::client as github,
        sourcecraft::SourceCraft, sourcecraft::client as sourcecraft,
    },
    record::MilestoneRecord,
};
use serde_json::json;

fn gitcode_milestones() -> Vec<gitcode::types::Milestone> {
    serde_json::from_value(json!([
        {"number": 4914, "title": "你好中国", "description": "你好中国", "state": "active", "due_on": "2024-11-08",
         "created_at": "2024-10-08T10:58:16+08:00", "updated_at": "2024-10-08T10:58:16+08:00",
         "open_issues": 2, "closed_issues": 1, "repository_id": 4066481, "url": "https://gitcode.com/o/r/milestones/1"},
        {"number": 4915, "title": "Релиз 2.0", "description": "Первая строка,\n\"вторая\" строка\n\nи третья", "state": "closed", "due_on": "2024-02-29"},
        {"number": 4916, "title": "🚀 Launch", "description": "", "state": "open", "due_on": "2025-12-31", "id": null},
        {"number": 4917, "title": "🚀 Launch", "state": "active", "due_on": "2026-01-01"}
    ]))
    .unwrap()
}

fn sourcecraft_milestones() -> Vec<sourcecraft::types::Milestone> {
    serde_json::from_value(json!([
        {"id": "m1", "name": "Alpha", "slug": "alpha", "description": "first", "status": "open",
         "start_date": "2025-01-01T00:00:00Z", "deadline": "2025-03-01T00:00:00Z",
         "author": {"id": "u1", "slug": "anna"}, "updated_by": null,
         "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z"},
        {"id": "m2", "name": "Beta", "slug": "beta", "status": "closed", "deadline": "2024-11-08T00:00:00+08:00"},
        {"id": "m3", "name": "Someday", "slug": "someday", "status": "open"}
    ]))
    .unwrap()
}

fn gitcode_records() -> Vec<MilestoneRecord> {
    gitcode_milestones()
        .iter()
        .map(|m| GitCode::to_record(m, None).unwrap())
        .collect()
}

fn sourcecraft_records() -> Vec<MilestoneRecord> {
    sourcecraft_milestones()
        .iter()
        .map(|m| SourceCraft::to_record(m, None).unwrap())
        .collect()
}

/// What a mapping makes for `F`, each tagged with the provider.
fn targets<F: Forge>(mapped: &[Box<Mapped<F>>]) -> Vec<serde_json::Value> {
    mapped
        .iter()
        .map(|m| {
            let mut value = json!({"provider": F::ID});
            let fields = serde_json::to_value(&m.target).unwrap();
            value
                .as_object_mut()
                .unwrap()
                .extend(fields.as_object().unwrap().clone());
            value
        })
        .collect()
}

#[test]
fn gitcode_milestones_read_into_records() {
    insta::assert_json_snapshot!(gitcode_records());
}

#[test]
fn sourcecraft_milestones_read_into_records() {
    insta::assert_json_snapshot!(sourcecraft_records());
}

#[test]
fn gitcode_to_sourcecraft() {
    let mapped =
        map::map_records::<SourceCraft>(gitcode_records(), &MappingOptions::default()).unwrap();
    insta::assert_json_snapshot!(targets(&mapped));
    insta::assert_json_snapshot!(
        "gitcode_to_sourcecraft_not_carried",
        map::not_carried::<SourceCraft>(&mapped[0].record)
    );
}

#[test]
fn sourcecraft_to_gitcode_needs_a_due_date_for_every_milestone() {
    let errors =
        map::map_records::<GitCode>(sourcecraft_records(), &MappingOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 1);
    insta::assert_snapshot!(errors[0].to_string());
    let options = MappingOptions {
        default_due_on: NaiveDate::from_ymd_opt(2027, 6, 30),
        ..MappingOptions::default()
    };
    let mapped = map::map_records::<GitCode>(sourcecraft_records(), &options).unwrap();
    insta::assert_json_snapshot!(targets(&mapped));
    insta::assert_json_snapshot!(
        "sourcecraft_to_gitcode_not_carried",
        map::not_carried::<GitCode>(&mapped[0].record)
    );
}

/// GitCode → SourceCraft → GitCode gives back every title, description,
/// state and calendar date unchanged.
#[test]
fn round_trip_gitcode_sourcecraft_gitcode() {
    let original = gitcode_records();
    let on_sourcecraft =
        map::map_records::<SourceCraft>(original.clone(), &MappingOptions::default()).unwrap();
    // What SourceCraft would hold after the creates (and closes).
    let stored: Vec<sourcecraft::types::Milestone> = on_sourcecraft
        .iter()
        .map(|m| {
            let fields = &m.target;
            serde_json::from_value(json!({
                "id": fields.slug, "name": fields.name, "slug": fields.slug, "description": fields.description,
                "deadline": fields.deadline, "status": fields.status.to_string()
            }))
            .unwrap()
        })
        .collect();
    let back: Vec<MilestoneRecord> = stored
        .iter()
        .map(|m| SourceCraft::to_record(m, None).unwrap())
        .collect();
    let again = map::map_records::<GitCode>(back, &MappingOptions::default()).unwrap();
    for (before, after) in original.iter().zip(&again) {
        let fields = &after.target;
        assert_eq!(fields.title, before.title);
        assert_eq!(fields.description, before.description);
        assert_eq!(Some(fields.due_on), before.due.as_ref().map(|d| d.date));
        assert_eq!(fields.state, before.state);
    }
}

/// SourceCraft → SourceCraft keeps the slug and the deadline byte for byte.
#[test]
fn round_trip_sourcecraft_into_sourcecraft() {
    let mapped =
        map::map_records::<SourceCraft>(sourcecraft_records(), &MappingOptions::default()).unwrap();
    for (source, mapped) in sourcecraft_milestones().iter().zip(&mapped) {
        let fields = &mapped.target;
        assert_eq!(Some(&fields.slug), source.slug.as_ref());
        assert_eq!(fields.deadline, source.deadline);
        assert_eq!(fields.start_date, source.start_date);
    }
}

#[test]
fn unknown_states_and_bad_dates_are_named() {
    let bad: Vec<gitcode::types::Milestone> = serde_json::from_value(json!([
        {"number": 1, "title": "a", "state": "paused", "due_on": "2025-01-01"},
        {"number": 2, "title": "b", "state": "active", "due_on": "2025-02-30"},
        {"number": 3, "title": " ", "state": "active", "due_on": "2025-01-01"}
    ]))
    .unwrap();
    let errors: Vec<String> = bad
        .iter()
        .map(|m| {
            GitCode::to_record(
                m,
                Some(format!("backup.csv:{}", m.number.as_i64().unwrap() + 1)),
            )
            .unwrap_err()[0]
                .to_string()
        })
        .collect();
    insta::assert_json_snapshot!(errors);
    let bad: sourcecraft::types::Milestone =
        serde_json::from_value(json!({"name": "x", "slug": "x", "status": "archived"})).unwrap();
    insta::assert_snapshot!(SourceCraft::to_record(&bad, None).unwrap_err()[0].to_string());
}

/// GitHub's milestones as GitHub returns them: due dates at midnight US
/// Pacific in UTC, summer and winter.
fn github_milestones() -> Vec<github::types::Milestone> {
    serde_json::from_value(json!([
        {"url": "https://api.github.com/repos/o/r/milestones/1", "html_url": "https://github.com/o/r/milestone/1",
         "labels_url": "https://api.github.com/repos/o/r/milestones/1/labels", "id": 1002604, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNA==",
         "number": 1, "state": "open", "title": "v1.0", "description": "Tracking milestone for version 1.0",
         "creator": {"login": "octocat", "id": 1, "type": "User"}, "open_issues": 4, "closed_issues": 8,
         "created_at": "2011-04-10T20:09:31Z", "updated_at": "2014-03-03T18:58:10Z", "closed_at": null,
         "due_on": "2025-03-09T08:00:00Z"},
        {"number": 2, "state": "closed", "title": "Summer", "description": null, "due_on": "2025-07-01T07:00:00Z"},
        {"number": 3, "state": "open", "title": "Leap", "description": "", "due_on": "2024-02-29T08:00:00Z"},
        {"number": 4, "state": "open", "title": "Someday", "due_on": null}
    ]))
    .unwrap()
}

fn github_records() -> Vec<MilestoneRecord> {
    github_milestones()
        .iter()
        .map(|m| GitHub::to_record(m, None).unwrap())
        .collect()
}

#[test]
fn github_milestones_read_into_records() {
    insta::assert_json_snapshot!(github_records());
}

/// Dates go to GitHub as noon UTC, which GitHub keeps as that date in any
/// season; closed milestones keep their state.
#[test]
fn gitcode_to_github() {
    let mapped =
        map::map_records::<GitHub>(gitcode_records(), &MappingOptions::default()).unwrap_err();
    // The sample repeats a title, which GitHub cannot hold twice.
    insta::assert_snapshot!("gitcode_to_github_repeated", mapped[0].to_string());
    let options = MappingOptions {
        repeated_titles: mapping::RepeatedTitles::Number,
        ..MappingOptions::default()
    };
    let mapped = map::map_records::<GitHub>(gitcode_records(), &options).unwrap();
    insta::assert_json_snapshot!(targets(&mapped));
    let bodies: Vec<_> = mapped
        .iter()
        .map(|m| <mileport::providers::github::GitHub as mileport::protocols::rest::write::RestBodies>::create_body(&m.target))
        .collect();
    insta::assert_json_snapshot!("gitcode_to_github_create_bodies", bodies);
}

#[test]
fn github_to_sourcecraft_and_gitcode() {
    let mapped =
        map::map_records::<SourceCraft>(github_records(), &MappingOptions::default()).unwrap();
    insta::assert_json_snapshot!("github_to_sourcecraft", targets(&mapped));
    let options = MappingOptions {
        default_due_on: NaiveDate::from_ymd_opt(2027, 6, 30),
        ..MappingOptions::default()
    };
    let mapped = map::map_records::<GitCode>(github_records(), &options).unwrap();
    insta::assert_json_snapshot!("github_to_gitcode", targets(&mapped));
    insta::assert_json_snapshot!(
        "github_to_gitcode_not_carried",
        map::not_carried::<GitCode>(&mapped[0].record)
    );
}
