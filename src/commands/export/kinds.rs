//! One repository's backup of the kinds of object asked for: one JSON file
//! holding each kind's list, or one CSV file per kind (the labels beside
//! the milestones, `NAME.labels.csv`). What `export` writes for one
//! repository and for each of an owner's.

use std::path::{Path, PathBuf};

use crate::driver::{
    common::{ConnectArgs, counted, read_all},
    kinds::path_for,
};
use crate::{
    backup::write_backup,
    files::{self, Format, Lists},
    forge::Forge,
    pipeline::endpoint::Listing,
    printer::Printer,
    provider::RepoRef,
    record::{Kind, Neutral},
    with_forge, with_kind, with_labels,
};

/// What was written of one repository.
#[derive(Debug, Default)]
pub struct Written {
    pub milestones: Option<usize>,
    pub labels: Option<usize>,
    /// `12 milestones (9 open, 3 closed) and 9 labels`.
    pub counted: String,
    /// Every file written, milestones first.
    pub files: Vec<PathBuf>,
}

/// How a repository is read: with a spinner (one repository), or quietly
/// with warnings named after it (one of an owner's).
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub connect: &'a ConnectArgs,
    pub printer: &'a Printer,
    pub spinner: bool,
}

/// Reads `repo` for each of `kinds` and writes it to `path` (the
/// milestones' file; see [`path_for`] for the others in CSV).
pub async fn write_repo(
    repo: &RepoRef,
    path: &Path,
    format: Format,
    kinds: &[Kind],
    reading: Reading<'_>,
) -> anyhow::Result<Written> {
    match format {
        Format::Json => with_forge!(repo.provider, M => {
            with_labels!(repo.provider, L => write_json::<M, L>(repo, path, kinds, reading).await)
        }),
        Format::Csv => {
            let mut written = Written::default();
            for kind in kinds {
                let file = path_for(path, *kind, kinds);
                let (count, said) = with_kind!(*kind, repo.provider, F => {
                    let listing = read::<F>(repo, reading).await?;
                    write_backup::<F>(&file, format, &repo.path(), &listing.items)?;
                    (listing.len(), counted(&listing))
                });
                written.note(*kind, count, said);
                written.files.push(file);
            }
            Ok(written)
        }
    }
}

/// Both kinds' lists in one JSON file, each read only when asked for.
async fn write_json<M: Forge, L: Forge>(
    repo: &RepoRef,
    path: &Path,
    kinds: &[Kind],
    reading: Reading<'_>,
) -> anyhow::Result<Written> {
    let milestones = match kinds.contains(&Kind::Milestones) {
        true => Some(read::<M>(repo, reading).await?),
        false => None,
    };
    let labels = match kinds.contains(&Kind::Labels) {
        true => Some(read::<L>(repo, reading).await?),
        false => None,
    };
    let lists = Lists {
        milestones: milestones.as_ref().map(|l| &l.items[..]),
        labels: labels.as_ref().map(|l| &l.items[..]),
    };
    files::write_json_lists(path, repo.provider, &repo.path(), lists)?;
    let mut written = Written::default();
    if let Some(listing) = &milestones {
        written.note(Kind::Milestones, listing.len(), counted(listing));
    }
    if let Some(listing) = &labels {
        written.note(Kind::Labels, listing.len(), counted(listing));
    }
    written.files.push(path.to_path_buf());
    Ok(written)
}

impl Written {
    fn note(&mut self, kind: Kind, count: usize, said: String) {
        match kind {
            Kind::Milestones => self.milestones = Some(count),
            Kind::Labels => self.labels = Some(count),
        }
        if !self.counted.is_empty() {
            self.counted.push_str(" and ");
        }
        self.counted.push_str(&said);
    }
}

/// Every object of `F`'s kind in `repo`, with any token a provider echoed
/// into a field taken out: a backup never holds one.
async fn read<F: Forge>(repo: &RepoRef, reading: Reading<'_>) -> anyhow::Result<Listing<F>> {
    let source = reading.connect.connect::<F>(repo)?;
    let listing = if reading.spinner {
        read_all(&source, reading.printer).await?
    } else {
        let (listing, warnings) = source.list(|_| {}).await?;
        // Warnings show even with --quiet: they say data may be missing.
        for warning in warnings {
            let kind = <F::Record as Neutral>::KIND.many();
            reading
                .printer
                .err(format!("warning: {repo} ({kind}): {warning}"));
        }
        listing
    };
    listing.scrubbed().map_err(anyhow::Error::msg)
}
