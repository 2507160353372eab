//! How a provider's milestones are kept in backup files: its CSV columns,
//! a milestone as a row and back, and the checks on its JSON objects.
//! Implemented in the provider's `backup.rs`.

use serde_json::{Map, Value};

use super::Identity;
use crate::files::{FileError, Location, Row};

/// A provider's backup format.
pub trait BackupFormat: Identity {
    /// The CSV columns, in the order files show them.
    const COLUMNS: &'static [&'static str];
    /// Whether a CSV header (asked column by column) is this provider's.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool;
    /// Fields that hint at this provider in a milestone object of a JSON
    /// file that does not say whose it is.
    const HINTS: &'static [&'static str];
    /// The column a header that looks like this provider's lacks, if any.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str>;
    /// A milestone as a CSV row.
    fn flatten(milestone: &Self::Object, location: &Location) -> Result<Row, FileError>;
    /// A CSV row as a milestone.
    fn unflatten(row: Row, location: &Location) -> Result<Self::Object, FileError>;
    /// Checks one milestone object of a JSON backup before it is read.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError>;
}
