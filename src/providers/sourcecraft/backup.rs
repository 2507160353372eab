//! SourceCraft's backup columns: its milestone as a CSV row and back, and
//! the checks on its objects in a JSON backup. Column names are
//! SourceCraft's own; its nested user objects (`author`, `updated_by`)
//! become `author_id`, `author_slug`, and `author_<key>` for keys not known.

use serde_json::{Map, Value};

use super::SourceCraft;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, decode_extras, encode_extra, insert_new},
    },
    forge::BackupFormat,
    providers::sourcecraft::client::types as sc,
};

/// SourceCraft's columns, in the order files show them.
pub const COLUMNS: [&str; 13] = [
    "id",
    "slug",
    "name",
    "description",
    "status",
    "start_date",
    "deadline",
    "author_id",
    "author_slug",
    "updated_by_id",
    "updated_by_slug",
    "created_at",
    "updated_at",
];

/// SourceCraft's nested user objects, whose fields become `<name>_<field>`.
const NESTED: [&str; 2] = ["author", "updated_by"];

/// Which nested object (index into `NESTED`) a column belongs to, and the
/// field name inside it.
fn nested_prefix(column: &str) -> Option<(usize, &str)> {
    NESTED.iter().enumerate().find_map(|(slot, prefix)| {
        let field = column.strip_prefix(prefix)?.strip_prefix('_')?;
        Some((slot, field))
    })
}

/// SourceCraft's embedded user.
const USER: Kind = Kind::Object("an object with `id` and `slug` strings");

const FIELDS: [(&str, Kind); 11] = [
    ("id", Kind::Text),
    ("slug", Kind::Text),
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("status", Kind::Text),
    ("start_date", Kind::Text),
    ("deadline", Kind::Text),
    ("author", USER),
    ("updated_by", USER),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

const USER_FIELDS: [(&str, Kind); 2] = [("id", Kind::Text), ("slug", Kind::Text)];

impl BackupFormat for SourceCraft {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["slug", "name", "deadline"];

    /// A SourceCraft header names `name`, and `slug` or `id`; a labels
    /// file's (`color`, which no milestone has) is not one.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("name") && (has("slug") || has("id")) && !has("color")
    }

    /// The column a header that looks like SourceCraft's lacks.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        (!has("name") && (has("slug") || has("deadline")) && !has("title")).then_some("name")
    }

    fn flatten(m: &sc::Milestone, location: &Location) -> Result<Row, FileError> {
        let mut row = Row::new();
        let text = [
            ("id", &m.id),
            ("slug", &m.slug),
            ("name", &m.name),
            ("description", &m.description),
            ("status", &m.status),
            ("start_date", &m.start_date),
            ("deadline", &m.deadline),
            ("created_at", &m.created_at),
            ("updated_at", &m.updated_at),
        ];
        for (column, value) in text {
            if let Some(value) = value {
                row.insert(column.into(), value.clone());
            }
        }
        for (prefix, user) in [("author", &m.author), ("updated_by", &m.updated_by)] {
            let Some(user) = user else { continue };
            for (field, value) in [("id", &user.id), ("slug", &user.slug)] {
                if let Some(value) = value {
                    row.insert(format!("{prefix}_{field}"), value.clone());
                }
            }
            for (key, value) in &user.extra {
                insert_new(
                    &mut row,
                    format!("{prefix}_{key}"),
                    encode_extra(value),
                    location,
                )?;
            }
        }
        for (key, value) in &m.extra {
            if value.is_null()
                && (NESTED.contains(&key.as_str()) || COLUMNS.contains(&key.as_str()))
            {
                continue;
            }
            // Reading sends every `author_…` column into `author`, so a top-level
            // field with such a name would come back somewhere else.
            if nested_prefix(key).is_some() {
                return Err(FileError::ColumnClash {
                    location: location.clone(),
                    column: key.clone(),
                });
            }
            insert_new(&mut row, key.clone(), encode_extra(value), location)?;
        }
        Ok(row)
    }

    fn unflatten(mut row: Row, _: &Location) -> Result<sc::Milestone, FileError> {
        let mut users: [Row; 2] = Default::default();
        let (nested, top): (Row, Row) = std::mem::take(&mut row)
            .into_iter()
            .partition(|(column, _)| nested_prefix(column).is_some());
        row = top;
        for (column, cell) in nested {
            if let Some((slot, field)) = nested_prefix(&column) {
                users[slot].insert(field.to_owned(), cell);
            }
        }
        let [author, updated_by] = users.map(|mut user| {
            (!user.is_empty()).then(|| sc::UserEmbedded {
                id: user.remove("id"),
                slug: user.remove("slug"),
                extra: decode_extras(user),
            })
        });
        Ok(sc::Milestone {
            id: row.remove("id"),
            slug: row.remove("slug"),
            name: row.remove("name"),
            description: row.remove("description"),
            status: row.remove("status"),
            start_date: row.remove("start_date"),
            deadline: row.remove("deadline"),
            created_at: row.remove("created_at"),
            updated_at: row.remove("updated_at"),
            author,
            updated_by,
            extra: decode_extras(row),
        })
    }

    /// Checks one milestone object of a JSON backup.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        check_fields(fields, &FIELDS, "", location)?;
        for user in ["author", "updated_by"] {
            if let Some(Value::Object(inner)) = fields.get(user) {
                check_fields(inner, &USER_FIELDS, &format!("{user}."), location)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::files::FileError;

    fn here() -> Location {
        Location {
            file: "t.csv".into(),
            kind: crate::record::Kind::Milestones,
            line: Some(2),
            index: 0,
        }
    }

    #[test]
    fn nested_users_flatten_with_underscores() {
        let milestone: sc::Milestone = serde_json::from_value(json!({
            "name": "v1",
            "author": {"id": "u1", "slug": "ann", "email": "a@example.com"},
            "updated_by": {"id": "u2"},
            "weight": 3
        }))
        .unwrap();
        let row = SourceCraft::flatten(&milestone, &here()).unwrap();
        let expected: Row = [
            ("name", "v1"),
            ("author_id", "u1"),
            ("author_slug", "ann"),
            ("author_email", "a@example.com"),
            ("updated_by_id", "u2"),
            ("weight", "3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(row, expected);
        assert_eq!(SourceCraft::unflatten(row, &here()).unwrap(), milestone);
    }

    #[test]
    fn a_top_level_field_named_like_a_nested_one_is_refused() {
        let milestone: sc::Milestone =
            serde_json::from_value(json!({"name": "v1", "author_email": "x"})).unwrap();
        let error = SourceCraft::flatten(&milestone, &here()).unwrap_err();
        assert!(
            matches!(error, FileError::ColumnClash { ref column, .. } if column == "author_email")
        );
    }
}
