//! A member's label in a backup: one CSV row under the member's own field
//! names, every value kept as sent, and the check of one label object of
//! a JSON backup; and likewise a milestone of a member whose milestones
//! are flat objects. A member says which columns it has and how its header
//! is told apart ([`JsonColumns`]; for labels, which columns only its
//! files have: [`LabelColumns`]); the rest is written once.

use serde_json::{Map, Value};

use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, require_filled, unflatten_object},
    },
    forge::{BackupFormat, Identity},
};

/// A member's columns for one kind of object (milestones, labels), and
/// how its header is told from the others'.
pub trait JsonColumns: Identity {
    /// The columns, in the order of the member's schema.
    const COLUMNS: &'static [&'static str];
    /// The columns that hold text, written as it is.
    const TEXT: &'static [&'static str];
    /// The fields every object is checked against.
    const SCHEMA: &'static [(&'static str, Kind)];
    /// Fields that hint at the member in an object of a JSON file that does
    /// not say whose it is.
    const HINTS: &'static [&'static str];
    /// The fields every object of the member has filled in.
    const FILLED: &'static [&'static str];
    /// The fields the member sends as `null` when empty: without a cell,
    /// they read back as `null`.
    const ALWAYS_SENT: &'static [&'static str];
    /// One object, in errors: "a Gitea milestone".
    const A_ONE: &'static str;
    /// Why a field must be filled in: "filled in: every Gitea milestone
    /// has one".
    const EVERY_ONE: &'static str;
    /// Whether a CSV header (asked column by column) is the member's.
    fn claims(has: &dyn Fn(&str) -> bool) -> bool;
    /// The column a header that looks like the member's lacks, if any.
    fn lacks(has: &dyn Fn(&str) -> bool) -> Option<&'static str>;
}

impl<T: JsonColumns> BackupFormat for T {
    const COLUMNS: &'static [&'static str] = <T as JsonColumns>::COLUMNS;
    const HINTS: &'static [&'static str] = <T as JsonColumns>::HINTS;

    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        T::claims(has)
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        T::lacks(has)
    }

    fn flatten(object: &T::Object, location: &Location) -> Result<Row, FileError> {
        flatten_object(object, T::TEXT, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<T::Object, FileError> {
        unflatten_object(
            row,
            T::TEXT,
            T::ALWAYS_SENT,
            location,
            T::A_ONE,
            Self::check_json,
        )
    }

    /// Checks one object of a JSON backup: the fields every object has
    /// filled in, and every known field of the type the member gives it.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in T::FILLED {
            require_filled(fields, field, T::EVERY_ONE, location)?;
        }
        check_fields(fields, T::SCHEMA, "", location)
    }
}

/// A member's label columns and what marks a file as its own.
pub trait LabelColumns: Identity {
    /// The columns, in the order of the member's label schema.
    const COLUMNS: &'static [&'static str];
    /// The columns that hold text, written as it is.
    const TEXT: &'static [&'static str];
    /// The fields every label object is checked against.
    const SCHEMA: &'static [(&'static str, Kind)];
    /// The columns only this member's labels have: a header with `name`,
    /// `color` and one of them is its own.
    const MARKS: &'static [&'static str];
    /// The columns a header marked as the member's must have.
    const NEEDED: &'static [&'static str];
    /// The fields every label of the member has filled in.
    const FILLED: &'static [&'static str];
    /// The fields the member sends on every label, `null` when empty.
    const ALWAYS_SENT: &'static [&'static str];
    /// One of its labels, in errors: "a Gitea label".
    const A_LABEL: &'static str;
    /// Why a field must be filled in: "filled in: every Gitea label has one".
    const EVERY_LABEL: &'static str;
}

fn marked<L: LabelColumns>(has: &dyn Fn(&str) -> bool) -> bool {
    L::MARKS.iter().any(|column| has(column))
}

impl<L: LabelColumns> JsonColumns for L {
    const COLUMNS: &'static [&'static str] = <L as LabelColumns>::COLUMNS;
    const TEXT: &'static [&'static str] = <L as LabelColumns>::TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = <L as LabelColumns>::SCHEMA;
    const HINTS: &'static [&'static str] = L::MARKS;
    const FILLED: &'static [&'static str] = <L as LabelColumns>::FILLED;
    const ALWAYS_SENT: &'static [&'static str] = <L as LabelColumns>::ALWAYS_SENT;
    const A_ONE: &'static str = L::A_LABEL;
    const EVERY_ONE: &'static str = L::EVERY_LABEL;

    /// A labels file of the member: `name` and `color` with one of its
    /// marks.
    fn claims(has: &dyn Fn(&str) -> bool) -> bool {
        has("name") && has("color") && marked::<L>(has)
    }

    fn lacks(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !marked::<L>(has) {
            return None;
        }
        L::NEEDED.iter().copied().find(|column| !has(column))
    }
}
