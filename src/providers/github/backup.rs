//! A GitHub milestone in a backup: as a flat CSV row under GitHub's own
//! field names, in the order of its published schema, with `creator`
//! flattened into `creator_<field>` columns; and the check of one milestone
//! object of a JSON backup.
//!
//! GitHub sends every field of its schema, `null` when empty; the wire type
//! keeps such a `null` among its unknown fields (see `decode.rs`). A `null`
//! has no cell, and a schema field without a cell reads back as `null`, so
//! a milestone comes back exactly as it was read. Unknown fields keep their
//! own names, their values written as in the other providers' files.

use serde_json::{Map, Value};

use super::GitHub;
use crate::{
    files::{
        FileError, Location, Row, encode_extra,
        fields::{Kind, check_fields, decode_extras, insert_new},
    },
    forge::BackupFormat,
    net::decode::Extra,
    providers::github::client::types::{Milestone, SimpleUser},
};

/// GitHub's columns, in the order of its published milestone schema.
pub const COLUMNS: [&str; 20] = [
    "url",
    "html_url",
    "labels_url",
    "id",
    "node_id",
    "number",
    "state",
    "title",
    "description",
    "creator_login",
    "creator_id",
    "creator_node_id",
    "creator_html_url",
    "creator_type",
    "open_issues",
    "closed_issues",
    "created_at",
    "updated_at",
    "closed_at",
    "due_on",
];

/// The fields of the published schema that GitHub sends as `null` when
/// empty: all but `number` and `title`, which it always fills.
fn nullable() -> impl Iterator<Item = &'static str> {
    SCHEMA
        .iter()
        .map(|(field, _)| *field)
        .filter(|field| !matches!(*field, "number" | "title"))
}

/// The nested user object, whose fields become `creator_<field>`.
const CREATOR: &str = "creator";

impl Extra for Milestone {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

/// `creator_<field>` → the field's name inside `creator`.
fn creator_field(column: &str) -> Option<&str> {
    column.strip_prefix(CREATOR)?.strip_prefix('_')
}

fn integer(row: &mut Row, column: &str, location: &Location) -> Result<Option<i64>, FileError> {
    match row.remove(column).filter(|cell| !cell.is_empty()) {
        None => Ok(None),
        Some(cell) => cell.parse().map(Some).map_err(|_| FileError::NotAnInteger {
            location: location.clone(),
            field: column.to_owned(),
            value: crate::files::shown(&cell),
        }),
    }
}

fn missing(field: &str, location: &Location) -> FileError {
    FileError::WrongType {
        location: location.clone(),
        field: field.to_owned(),
        expected: "filled in: every GitHub milestone has one",
        value: "empty or missing".to_owned(),
    }
}

/// GitHub's embedded user.
const USER: Kind = Kind::Object("an object (a GitHub user)");

/// The fields of GitHub's published milestone schema, with what each holds.
pub(crate) const SCHEMA: [(&str, Kind); 16] = [
    ("url", Kind::Text),
    ("html_url", Kind::Text),
    ("labels_url", Kind::Text),
    ("id", Kind::SmallInteger),
    ("node_id", Kind::Text),
    ("number", Kind::SmallInteger),
    ("state", Kind::Text),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("creator", USER),
    ("open_issues", Kind::SmallInteger),
    ("closed_issues", Kind::SmallInteger),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
    ("closed_at", Kind::Text),
    ("due_on", Kind::Text),
];

const CREATOR_FIELDS: [(&str, Kind); 5] = [
    ("login", Kind::Text),
    ("id", Kind::SmallInteger),
    ("node_id", Kind::Text),
    ("html_url", Kind::Text),
    ("type", Kind::Text),
];

impl BackupFormat for GitHub {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["node_id", "html_url", "labels_url"];

    /// Whether a CSV header is a GitHub milestones backup's: GitHub-only
    /// columns (`node_id`, or `html_url` with `labels_url`), and none of
    /// GitCode's own (`repository_id`), since both share `number` and
    /// `title`; a labels file (`color`, no `title`) is not.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        (has("node_id") || (has("html_url") && has("labels_url")))
            && !has("repository_id")
            && (!has("color") || has("title"))
    }

    /// The column a header that looks like GitHub's lacks.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !Self::claims_columns(has) {
            return None;
        }
        ["number", "title"].into_iter().find(|column| !has(column))
    }

    /// The milestone as a row; a field absent or `null` has no cell.
    fn flatten(m: &Milestone, location: &Location) -> Result<Row, FileError> {
        let mut row = Row::new();
        row.insert("number".into(), m.number.to_string());
        row.insert("title".into(), m.title.clone());
        let text = [
            ("url", &m.url),
            ("html_url", &m.html_url),
            ("labels_url", &m.labels_url),
            ("node_id", &m.node_id),
            ("state", &m.state),
            ("description", &m.description),
            ("created_at", &m.created_at),
            ("updated_at", &m.updated_at),
            ("closed_at", &m.closed_at),
            ("due_on", &m.due_on),
        ];
        for (column, value) in text {
            if let Some(value) = value {
                row.insert(column.into(), value.clone());
            }
        }
        let integers = [
            ("id", m.id),
            ("open_issues", m.open_issues),
            ("closed_issues", m.closed_issues),
        ];
        for (column, value) in integers {
            if let Some(value) = value {
                row.insert(column.into(), value.to_string());
            }
        }
        if let Some(user) = &m.creator {
            let text = [
                ("login", &user.login),
                ("node_id", &user.node_id),
                ("html_url", &user.html_url),
                ("type", &user.type_),
            ];
            for (field, value) in text {
                if let Some(value) = value {
                    row.insert(format!("{CREATOR}_{field}"), value.clone());
                }
            }
            if let Some(id) = user.id {
                row.insert(format!("{CREATOR}_id"), id.to_string());
            }
            for (key, value) in &user.extra {
                insert_new(
                    &mut row,
                    format!("{CREATOR}_{key}"),
                    encode_extra(value),
                    location,
                )?;
            }
        }
        for (key, value) in &m.extra {
            if value.is_null() && (nullable().any(|field| field == key) || key == "number") {
                continue;
            }
            // Reading sends every `creator_…` column into `creator`, so a
            // top-level field with such a name would come back somewhere else.
            if creator_field(key).is_some() {
                return Err(FileError::ColumnClash {
                    location: location.clone(),
                    column: key.clone(),
                });
            }
            insert_new(&mut row, key.clone(), encode_extra(value), location)?;
        }
        Ok(row)
    }

    /// The milestone a row holds.
    fn unflatten(mut row: Row, location: &Location) -> Result<Milestone, FileError> {
        let number =
            integer(&mut row, "number", location)?.ok_or_else(|| missing("number", location))?;
        let title = row
            .remove("title")
            .ok_or_else(|| missing("title", location))?;
        let id = integer(&mut row, "id", location)?;
        let open_issues = integer(&mut row, "open_issues", location)?;
        let closed_issues = integer(&mut row, "closed_issues", location)?;
        let (creator_cells, top): (Row, Row) = std::mem::take(&mut row)
            .into_iter()
            .partition(|(column, _)| creator_field(column).is_some());
        row = top;
        let mut user: Row = creator_cells
            .into_iter()
            .filter_map(|(column, cell)| Some((creator_field(&column)?.to_owned(), cell)))
            .collect();
        let creator = if user.is_empty() {
            None
        } else {
            let id = integer(&mut user, "id", location).map_err(|error| match error {
                FileError::NotAnInteger {
                    location, value, ..
                } => FileError::NotAnInteger {
                    location,
                    field: format!("{CREATOR}_id"),
                    value,
                },
                other => other,
            })?;
            Some(SimpleUser {
                login: user.remove("login"),
                id,
                node_id: user.remove("node_id"),
                html_url: user.remove("html_url"),
                type_: user.remove("type"),
                extra: decode_extras(user),
            })
        };
        let mut milestone = Milestone {
            url: row.remove("url"),
            html_url: row.remove("html_url"),
            labels_url: row.remove("labels_url"),
            id,
            node_id: row.remove("node_id"),
            number,
            state: row.remove("state"),
            title,
            description: row.remove("description"),
            creator,
            open_issues,
            closed_issues,
            created_at: row.remove("created_at"),
            updated_at: row.remove("updated_at"),
            closed_at: row.remove("closed_at"),
            due_on: row.remove("due_on"),
            extra: decode_extras(row),
        };
        let value = serde_json::to_value(&milestone).unwrap_or(Value::Null);
        for field in nullable() {
            if value.get(field).is_none() {
                milestone.extra.insert(field.to_owned(), Value::Null);
            }
        }
        Ok(milestone)
    }

    /// Checks one milestone object of a JSON backup: `number` and `title`
    /// present, every known field of the type GitHub gives it.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in ["number", "title"] {
            if fields.get(field).is_none_or(Value::is_null) {
                return Err(missing(field, location));
            }
        }
        check_fields(fields, &SCHEMA, "", location)?;
        if let Some(Value::Object(user)) = fields.get(CREATOR) {
            check_fields(user, &CREATOR_FIELDS, "creator.", location)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::net::decode;

    fn here() -> Location {
        Location {
            file: "b.csv".into(),
            kind: crate::record::Kind::Milestones,
            line: Some(2),
            index: 0,
        }
    }

    /// A milestone as GitHub sends it: every field, nulls included.
    fn github_milestone(extra: Value) -> Value {
        let mut value = json!({
            "url": "https://api.github.com/repos/octocat/Hello-World/milestones/1",
            "html_url": "https://github.com/octocat/Hello-World/milestones/v1.0",
            "labels_url": "https://api.github.com/repos/octocat/Hello-World/milestones/1/labels",
            "id": 1002604, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNA==", "number": 1,
            "state": "open", "title": "v1.0", "description": "Tracking milestone for version 1.0",
            "creator": {
                "login": "octocat", "id": 1, "node_id": "MDQ6VXNlcjE=",
                "avatar_url": "https://github.com/images/error/octocat_happy.gif",
                "gravatar_id": "", "html_url": "https://github.com/octocat",
                "type": "User", "site_admin": false, "name": null
            },
            "open_issues": 4, "closed_issues": 8,
            "created_at": "2011-04-10T20:09:31Z", "updated_at": "2014-03-03T18:58:10Z",
            "closed_at": "2013-02-12T13:22:01Z", "due_on": "2012-10-09T23:39:01Z"
        });
        if let (Value::Object(fields), Value::Object(more)) = (&mut value, extra) {
            fields.extend(more);
        }
        value
    }

    fn read(value: Value) -> Milestone {
        decode::milestone(value).expect("a GitHub milestone")
    }

    #[test]
    fn a_row_reads_back_as_the_milestone_nulls_and_unknown_fields_included() {
        for value in [
            github_milestone(json!({})),
            github_milestone(json!({
                "description": null, "creator": null, "closed_at": null, "due_on": null,
                "id": null, "weight": 3, "labels": ["a", {"b": null}], "note": "42",
            })),
            github_milestone(json!({"description": "", "state": "closed"})),
        ] {
            let milestone = read(value.clone());
            let row = GitHub::flatten(&milestone, &here()).unwrap();
            let back = GitHub::unflatten(row, &here()).unwrap();
            assert_eq!(back, milestone, "{value}");
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }

    #[test]
    fn columns_follow_the_published_schema_and_creator_is_flattened() {
        let row = GitHub::flatten(&read(github_milestone(json!({}))), &here()).unwrap();
        let known: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| row.contains_key(*c))
            .collect();
        assert_eq!(known, COLUMNS);
        assert_eq!(row["creator_login"], "octocat");
        assert_eq!(row["creator_site_admin"], "false");
        assert_eq!(row["creator_gravatar_id"], "");
        assert_eq!(row["creator_name"], "null");
        assert_eq!(row.len(), COLUMNS.len() + 4);
    }

    #[test]
    fn a_top_level_field_named_like_a_creator_one_is_refused() {
        let milestone = read(github_milestone(json!({"creator_email": "x"})));
        let error = GitHub::flatten(&milestone, &here()).unwrap_err();
        assert!(
            matches!(error, FileError::ColumnClash { ref column, .. } if column == "creator_email")
        );
    }

    #[test]
    fn bad_cells_are_named() {
        let mut row = Row::new();
        row.insert("title".into(), "v1".into());
        let error = GitHub::unflatten(row.clone(), &here()).unwrap_err();
        assert!(error.to_string().contains("`number`"), "{error}");
        row.insert("number".into(), "1".into());
        row.insert("open_issues".into(), "many".into());
        let error = GitHub::unflatten(row, &here()).unwrap_err();
        assert!(error.to_string().contains("`open_issues`"), "{error}");
    }

    #[test]
    fn claims_githubs_columns_and_not_a_v5_header() {
        // Every other provider's header is told apart by the test over all
        // of them (`tests/it/backup_checks.rs`); these are GitHub's edges.
        let claims = |columns: &[&str]| GitHub::claims_columns(&|c| columns.contains(&c));
        assert!(claims(&COLUMNS));
        assert!(claims(&["number", "title", "node_id"]));
        assert!(claims(&["number", "title", "html_url", "labels_url"]));
        // A v5 forge's columns with two of GitHub's URLs is not GitHub's.
        let v5 = [
            "number",
            "title",
            "description",
            "state",
            "due_on",
            "repository_id",
            "created_at",
            "updated_at",
        ];
        assert!(!claims(&[&v5[..], &["html_url", "labels_url"]].concat()));
        assert!(!claims(&["number", "title", "html_url"]));
    }

    #[test]
    fn json_milestones_are_checked_by_field() {
        let fields = |value: Value| match value {
            Value::Object(fields) => fields,
            _ => unreachable!("a test object"),
        };
        assert!(GitHub::check_json(&fields(github_milestone(json!({}))), &here()).is_ok());
        let error = GitHub::check_json(&fields(json!({"number": 1})), &here()).unwrap_err();
        assert!(error.to_string().contains("`title`"), "{error}");
        let error =
            GitHub::check_json(&fields(github_milestone(json!({"number": "one"}))), &here())
                .unwrap_err();
        assert!(error.to_string().contains("`number`"), "{error}");
        let error = GitHub::check_json(
            &fields(github_milestone(json!({"creator": {"login": 5}}))),
            &here(),
        )
        .unwrap_err();
        assert!(error.to_string().contains("`creator.login`"), "{error}");
        let nulls = github_milestone(json!({"description": null, "creator": null}));
        assert!(GitHub::check_json(&fields(nulls), &here()).is_ok());
    }
}
