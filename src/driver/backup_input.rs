//! Reading backup files into provider-neutral records: every row checked,
//! every problem listed before anything is written, a large file never
//! held as provider milestones. `import`, `check` and the sources of
//! `migrate` read their files here.

use std::path::{Path, PathBuf};

use super::source::Readable;
use crate::{
    backup,
    files::{self, BackupReader, Format},
    forge::Forge,
    pipeline::run::RunError,
    provider::Provider,
    record::{Kind, MilestoneRecord, Neutral, State},
};

/// The records of one kind read from one backup file.
pub struct Input<R> {
    pub file: PathBuf,
    pub provider: Provider,
    pub records: Vec<R>,
}

/// Reads a backup file into records of `R`'s kind, or every reason it
/// cannot be (see [`for_each_record`]).
pub fn read_records<R: Readable>(
    file: &Path,
    format: Option<Format>,
) -> anyhow::Result<(Provider, Vec<R>)> {
    let input = read_kind::<R>(file, format)?;
    Ok((input.provider, input.records))
}

/// Reads the records of `R`'s kind a backup file holds: `None` when it
/// holds none (a CSV file of the other kind, a JSON file without the list).
pub fn read_held<R: Readable>(
    file: &Path,
    format: Option<Format>,
) -> anyhow::Result<Option<Input<R>>> {
    let mut reader = files::open_backup_of(file, format, R::KIND)?;
    if reader.kind != R::KIND {
        return Ok(None);
    }
    let mut records = Vec::new();
    R::read_backup(&mut reader, &mut |record| records.push(record))?;
    records.shrink_to_fit();
    Ok(reader.held_the_list().then(|| Input {
        file: file.to_path_buf(),
        provider: reader.provider,
        records,
    }))
}

/// Reads the records of `R`'s kind of a backup file that must hold them.
fn read_kind<R: Readable>(file: &Path, format: Option<Format>) -> anyhow::Result<Input<R>> {
    let reader = files::open_backup_of(file, format, R::KIND)?;
    reader.check_kind(R::KIND)?;
    drop(reader);
    Ok(read_held::<R>(file, format)?.unwrap_or_else(|| Input {
        file: file.to_path_buf(),
        provider: Provider::all()[0],
        records: Vec::new(),
    }))
}

/// Reads a backup file one milestone at a time and hands each valid
/// record to `keep` as soon as it is made; returns whose milestones they
/// were, or every reason the file cannot be used. Each milestone is dropped
/// as soon as its record is made, so a large file is never held as provider
/// milestones. A damaged file stops reading at once; milestones that cannot
/// be mapped are all reported together, after the whole file was read.
pub fn for_each_record(
    file: &Path,
    format: Option<Format>,
    mut keep: impl FnMut(MilestoneRecord),
) -> anyhow::Result<Provider> {
    let mut reader = files::open_backup(file, format)?;
    reader.check_kind(Kind::Milestones)?;
    MilestoneRecord::read_backup(&mut reader, &mut keep)?;
    Ok(reader.provider)
}

/// Reads `reader` as a backup of `F` (see [`for_each_record`]): every
/// record without a problem of its own is kept, and every problem listed
/// before the error that ends it.
pub fn records_of<F: Forge>(
    reader: &mut BackupReader,
    keep: &mut impl FnMut(F::Record),
) -> anyhow::Result<()> {
    let mut invalid = Vec::new();
    let mut checks = backup::RowChecks::default();
    for entry in reader {
        let item = backup::read_entry::<F>(entry?)?;
        let mut problems = checks.check::<F>(&item);
        let record = F::to_record(&item.milestone, Some(item.location.to_string()));
        match record {
            Ok(record) if problems.is_empty() => keep(record),
            Ok(_) => {}
            Err(more) => problems.extend(more),
        }
        invalid.append(&mut problems);
    }
    if !invalid.is_empty() {
        return Err(RunError::Invalid(invalid).into());
    }
    Ok(())
}

/// `12 gitcode milestones (9 open, 3 closed)`, `9 github labels`.
pub fn counted_records<R: Neutral>(provider: Provider, records: &[R]) -> String {
    let kind = R::KIND.many();
    let states: Vec<State> = records.iter().filter_map(Neutral::state).collect();
    if states.is_empty() && R::KIND != Kind::Milestones {
        return format!("{} {provider} {kind}", records.len());
    }
    let closed = states.iter().filter(|s| **s == State::Closed).count();
    format!(
        "{} {provider} {kind} ({} open, {closed} closed)",
        records.len(),
        records.len() - closed
    )
}
