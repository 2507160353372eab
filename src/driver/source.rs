//! A source repository, whatever its provider, as `migrate` and `check`
//! need it: read into neutral records, its requests counted. The provider
//! is chosen here, once, when connecting; what comes back names none.

use futures::future::BoxFuture;

use super::{
    backup_input::records_of,
    common::{ConnectArgs, counted, read_all},
};
use crate::{
    files::BackupReader,
    forge::Forge,
    pipeline::{endpoint::Endpoint, run::RunError},
    printer::Printer,
    provider::RepoRef,
    record::{LabelRecord, MilestoneRecord, Neutral},
    with_forge, with_labels,
};

/// A connected source repository, read for records of type `R` (one kind
/// of object).
pub trait Source<R>: Send + Sync {
    /// Every object as a record, and how many were read (`12
    /// milestones (9 open, 3 closed)`); every problem of every object
    /// is an error.
    fn read<'a>(&'a self, printer: &'a Printer) -> BoxFuture<'a, anyhow::Result<(Vec<R>, String)>>;
    /// `read` without a spinner, the provider's warnings returned rather
    /// than printed: for a batch, which draws one bar for all.
    fn read_quietly(&self) -> BoxFuture<'_, anyhow::Result<QuietRead<R>>>;
    /// Requests sent so far: sent, retried, rate-limited.
    fn traffic(&self) -> (u64, u64, u64);
}

/// What [`Source::read_quietly`] gives.
pub struct QuietRead<R> {
    pub records: Vec<R>,
    /// `12 milestones (9 open, 3 closed)`.
    pub counted: String,
    /// What the provider's listing suggests may be missing.
    pub warnings: Vec<String>,
}

impl<F: Forge> Source<F::Record> for Endpoint<F> {
    fn read<'a>(
        &'a self,
        printer: &'a Printer,
    ) -> BoxFuture<'a, anyhow::Result<(Vec<F::Record>, String)>> {
        Box::pin(async move {
            let listing = read_all(self, printer).await?;
            let records = listing.to_records().map_err(RunError::Invalid)?;
            Ok((records, counted(&listing)))
        })
    }

    fn read_quietly(&self) -> BoxFuture<'_, anyhow::Result<QuietRead<F::Record>>> {
        Box::pin(async move {
            let (listing, warnings) = self.list(|_| {}).await?;
            let records = listing.to_records().map_err(RunError::Invalid)?;
            Ok(QuietRead {
                records,
                counted: counted(&listing),
                warnings,
            })
        })
    }

    fn traffic(&self) -> (u64, u64, u64) {
        Endpoint::traffic(self)
    }
}

/// A kind of record some source can be read for: the provider's forge
/// for that kind is chosen here, once, when connecting or opening a file.
pub trait Readable: Neutral + Sized {
    /// Connects to `repo` as a source of records of this kind.
    fn connect_source(
        repo: &RepoRef,
        connect: &ConnectArgs,
    ) -> anyhow::Result<Box<dyn Source<Self>>>;

    /// Reads a backup of this kind into records, each handed to `keep` as
    /// it is made (see [`records_of`](super::backup_input::records_of)).
    fn read_backup(reader: &mut BackupReader, keep: &mut dyn FnMut(Self)) -> anyhow::Result<()>;

    /// Keeps records read ahead of their pass, with how many were read.
    fn stash(_read: &mut Preread, _records: (Vec<Self>, String)) {}

    /// The records read ahead for this kind, if any.
    fn take(_read: &mut Preread) -> Option<(Vec<Self>, String)> {
        None
    }
}

/// Records read before the first write of a run of several kinds (to find
/// input that cannot be migrated while nothing is written yet), kept for
/// their own pass so the source is not read twice.
#[derive(Default)]
pub struct Preread {
    labels: Option<(Vec<LabelRecord>, String)>,
}

impl Readable for MilestoneRecord {
    fn connect_source(
        repo: &RepoRef,
        connect: &ConnectArgs,
    ) -> anyhow::Result<Box<dyn Source<Self>>> {
        with_forge!(repo.provider, S => Ok(Box::new(connect.connect::<S>(repo)?)))
    }

    fn read_backup(reader: &mut BackupReader, keep: &mut dyn FnMut(Self)) -> anyhow::Result<()> {
        with_forge!(reader.provider, F => records_of::<F>(reader, &mut |r| keep(r)))
    }
}

impl Readable for LabelRecord {
    fn connect_source(
        repo: &RepoRef,
        connect: &ConnectArgs,
    ) -> anyhow::Result<Box<dyn Source<Self>>> {
        with_labels!(repo.provider, S => Ok(Box::new(connect.connect::<S>(repo)?)))
    }

    fn read_backup(reader: &mut BackupReader, keep: &mut dyn FnMut(Self)) -> anyhow::Result<()> {
        with_labels!(reader.provider, F => records_of::<F>(reader, &mut |r| keep(r)))
    }

    fn stash(read: &mut Preread, records: (Vec<Self>, String)) {
        read.labels = Some(records);
    }

    fn take(read: &mut Preread) -> Option<(Vec<Self>, String)> {
        read.labels.take()
    }
}

/// Connects to `repo` as a source of records of type `R`.
pub fn connect_source<R: Readable>(
    repo: &RepoRef,
    connect: &ConnectArgs,
) -> anyhow::Result<Box<dyn Source<R>>> {
    R::connect_source(repo, connect)
}
