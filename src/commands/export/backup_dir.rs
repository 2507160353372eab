//! Whose backups a directory already holds: `export OWNER --output-dir DIR`
//! refuses a directory holding backups of another source, so a second
//! owner's export never silently replaces the first's.
//!
//! A JSON backup names its provider and `OWNER/REPO` in its envelope; a CSV
//! backup says only its provider (by its columns). A backup is another
//! source's when its provider differs, or when its envelope names another
//! owner. Files that are not backups are left alone and not counted.

use std::path::{Path, PathBuf};

use crate::{
    files::{self, Format},
    location::OwnerRef,
    provider::Provider,
};

/// A backup in the directory that holds another source's milestones.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} holds backups of {held}, not of {wanted}; nothing was written: export {wanted} to another directory, or add --overwrite to replace them",
    file.display()
)]
pub struct ForeignBackup {
    pub file: PathBuf,
    /// `gitcode:acme`, or `gitcode` when the file names no owner (CSV).
    pub held: String,
    pub wanted: String,
}

/// The first backup (in name order) directly in `dir` whose source is not
/// `owner`, if any. A directory that cannot be listed holds none.
pub fn foreign_backup(dir: &Path, owner: &OwnerRef) -> Option<ForeignBackup> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file() && Format::from_path(path).is_some())
        .collect();
    paths.sort();
    paths.into_iter().find_map(|path| {
        let held = source_of(&path)?;
        (!held.is(owner)).then(|| ForeignBackup {
            file: path,
            held: held.to_string(),
            wanted: owner.to_string(),
        })
    })
}

/// What a backup's header says of its source.
struct Held {
    provider: Provider,
    owner: Option<String>,
}

impl Held {
    fn is(&self, owner: &OwnerRef) -> bool {
        self.provider == owner.provider
            && self.owner.as_ref().is_none_or(|held| *held == owner.owner)
    }
}

impl std::fmt::Display for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.owner {
            Some(owner) => write!(f, "{}:{owner}", self.provider.id()),
            None => write!(f, "{}", self.provider.id()),
        }
    }
}

/// The source `path` records, or `None` when it is no backup mileport reads.
fn source_of(path: &Path) -> Option<Held> {
    let reader = files::open_backup(path, None).ok()?;
    let owner = reader
        .repository
        .as_deref()
        .and_then(|repository| repository.split_once('/'))
        .map(|(owner, _)| owner.to_owned());
    Some(Held {
        provider: reader.provider,
        owner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(text: &str) -> OwnerRef {
        match text.parse().unwrap() {
            crate::location::Location::Owner(owner) => owner,
            other => panic!("not an owner: {other}"),
        }
    }

    #[test]
    fn the_same_owner_is_no_stranger_and_another_is() {
        for provider in Provider::all().iter().copied() {
            let id = provider.id();
            let held = Held {
                provider,
                owner: Some("acme".into()),
            };
            assert!(held.is(&owner(&format!("{id}:acme"))));
            assert!(!held.is(&owner(&format!("{id}:other"))));
            let csv = Held {
                provider,
                owner: None,
            };
            assert!(csv.is(&owner(&format!("{id}:other"))));
            for other in Provider::all().iter().copied().filter(|p| *p != provider) {
                assert!(!held.is(&owner(&format!("{}:acme", other.id()))));
                assert!(!csv.is(&owner(&format!("{}:acme", other.id()))));
            }
        }
    }
}
