//! A provider's backups: its objects written to a file in its own shape
//! (CSV columns, JSON objects) and read back as its objects, every field
//! kept, with the checks across a file's rows made before anything is
//! written. The formats themselves, their errors and locations are in
//! `crate::files`; this is what is generic over a provider `F: Forge`.

mod checks;
mod read;
mod write;

pub use self::{
    checks::RowChecks,
    read::{Backup, parse_backup, read_backup, read_entry, read_rest},
    write::{write_backup, write_backup_to},
};
