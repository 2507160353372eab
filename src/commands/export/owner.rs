//! `mileport export OWNER --output-dir DIR`: a backup of every repository
//! of an owner, one file a repository (`DIR/REPO.json` or `DIR/REPO.csv`),
//! each written atomically, at most `--repos-in-flight` at a time. A
//! repository that cannot be read is named and the others are still
//! written.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context;
use futures::StreamExt;
use serde::Serialize;

use super::kinds::{Reading, Written, write_repo};
use crate::driver::{batch::list_owner, common::ConnectArgs};
use crate::{
    batch::in_order::InOrder,
    document::{Document, Kind},
    exit::{Exit, InvalidInput},
    files::Format,
    location::OwnerRef,
    pipeline::report::Failure,
    printer::Printer,
    progress::BatchProgress,
    provider::RepoRef,
};

/// What `export --json` prints, of an owner or of one repository (an
/// export of one, so scripts read one shape), and what the summary counts.
#[derive(Debug, Serialize)]
pub struct OwnerExport {
    source: String,
    /// Where an owner's backups were written.
    #[serde(skip_serializing_if = "Option::is_none")]
    directory: Option<String>,
    format: &'static str,
    repositories: usize,
    written: usize,
    failed: usize,
    milestones: usize,
    /// Labels written, when they were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<usize>,
    files: Vec<Exported>,
}

/// One repository's backup, or why there is none.
#[derive(Debug, Serialize)]
struct Exported {
    source: String,
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    milestones: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure>,
}

impl OwnerExport {
    fn new(
        source: String,
        directory: Option<String>,
        format: Format,
        files: Vec<Exported>,
    ) -> Self {
        let written = files.iter().filter(|f| f.error.is_none()).count();
        OwnerExport {
            source,
            directory,
            format: format_name(format),
            repositories: files.len(),
            written,
            failed: files.len() - written,
            milestones: files.iter().filter_map(|f| f.milestones).sum(),
            labels: files
                .iter()
                .any(|f| f.labels.is_some())
                .then(|| files.iter().filter_map(|f| f.labels).sum()),
            files,
        }
    }

    /// One repository's backup, as the export of one it is.
    pub fn of_one(source: String, file: String, format: Format, written: &Written) -> Self {
        let exported = Exported {
            source: source.clone(),
            file,
            milestones: written.milestones,
            labels: written.labels,
            error: None,
        };
        OwnerExport::new(source, None, format, vec![exported])
    }

    /// One repository that could not be backed up, as the export of one
    /// it is.
    pub fn of_failure(source: String, file: String, format: Format, error: Failure) -> Self {
        let failed = Exported {
            source: source.clone(),
            file,
            milestones: None,
            labels: None,
            error: Some(error),
        };
        OwnerExport::new(source, None, format, vec![failed])
    }
}

/// The file `DIR/REPO.EXT` that backs up `repo`. Repository names are
/// letters, digits, `-`, `_` and `.` (never `.` or `..`): safe as names; a
/// name below nested owners (`sub/repo`) has its `/` written `%2F`, which
/// no name holds.
pub fn file_in(dir: &Path, repo: &RepoRef, format: Format) -> PathBuf {
    let extension = match format {
        Format::Csv => "csv",
        Format::Json => "json",
    };
    dir.join(format!("{}.{extension}", repo.name.replace('/', "%2F")))
}

pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "csv",
        Format::Json => "json",
    }
}

/// How an owner is exported.
pub struct OwnerOptions<'a> {
    pub format: Format,
    /// How many repositories are read at once.
    pub in_flight: usize,
    pub json: bool,
    pub kinds: &'a [crate::record::Kind],
}

pub async fn run(
    owner: &OwnerRef,
    dir: &Path,
    options: OwnerOptions<'_>,
    connect: &ConnectArgs,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let OwnerOptions {
        format,
        in_flight,
        json,
        kinds,
    } = options;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let listed = list_owner(owner, connect).await?;
    let repos = listed.repos();
    refuse_clashing_names(&repos, dir)?;
    let progress = printer.progress().batch(repos.len(), "exporting");
    let mut files = Vec::with_capacity(repos.len());
    let mut in_order = InOrder::default();
    let mut runs = futures::stream::iter(repos.iter().enumerate())
        .map(|(index, repo)| {
            let progress = &progress;
            async move {
                let reading = Reading {
                    connect,
                    printer,
                    spinner: false,
                };
                let exported = export_one(repo, dir, (format, kinds), reading, progress).await;
                (index, exported)
            }
        })
        .buffer_unordered(in_flight);
    while let Some((index, exported)) = runs.next().await {
        if let Some(error) = &exported.error {
            printer.err(format!("failed: {}: {error}", exported.source));
        }
        files.extend(in_order.push(index, exported));
    }
    drop(runs);
    progress.finish();
    let document = OwnerExport::new(
        owner.to_string(),
        Some(dir.display().to_string()),
        format,
        files,
    );
    if json {
        printer.out_json(&Document::new(Kind::Export, &document))?;
    } else {
        let failed = match document.failed {
            0 => String::new(),
            n => format!("; {n} failed"),
        };
        let labels = match document.labels {
            Some(labels) => format!(", {labels} labels"),
            None => String::new(),
        };
        printer.out(format!(
            "exported {} {} ({} milestones{labels}) of {owner} to {}{failed}",
            document.written,
            crate::batch::report::repositories(document.written),
            document.milestones,
            dir.display()
        ))?;
    }
    Ok(match document.failed {
        0 => Exit::Success,
        _ => Exit::Failure,
    }
    .into())
}

/// Names that differ only in letter case would write one file on a file
/// system that does not tell case apart (macOS, Windows by default): the
/// second backup would replace the first. Refused there before anything
/// is written (exit 2).
fn refuse_clashing_names(repos: &[RepoRef], dir: &Path) -> anyhow::Result<()> {
    let clashes = clashing_names(repos);
    if clashes.is_empty() || !ignores_case(dir)? {
        return Ok(());
    }
    let shown: Vec<String> = clashes.iter().map(|names| names.join(" and ")).collect();
    Err(InvalidInput(format!(
        "{} does not tell letter case apart, and these repositories would write one file: {}; nothing was written: export to a directory on a case-sensitive file system, or export those repositories one at a time with --output",
        dir.display(),
        shown.join("; ")
    ))
    .into())
}

/// The groups of repository names equal but for letter case.
fn clashing_names(repos: &[RepoRef]) -> Vec<Vec<String>> {
    let mut by_folded: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for repo in repos {
        by_folded
            .entry(repo.name.to_lowercase())
            .or_default()
            .push(repo.name.clone());
    }
    by_folded
        .into_values()
        .filter(|names| names.len() > 1)
        .collect()
}

/// Whether `dir` finds a file under another case of its name.
fn ignores_case(dir: &Path) -> anyhow::Result<bool> {
    let probe = tempfile::Builder::new()
        .prefix(".mileport-case-probe-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let name = probe
        .path()
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_uppercase();
    Ok(dir.join(name).exists())
}

/// Backs up one repository; an error is kept, not returned, so the
/// others go on.
async fn export_one(
    repo: &RepoRef,
    dir: &Path,
    (format, kinds): (Format, &[crate::record::Kind]),
    reading: Reading<'_>,
    progress: &BatchProgress,
) -> Exported {
    let path = file_in(dir, repo, format);
    let written = write_repo(repo, &path, format, kinds, reading).await;
    progress.repository_done();
    let (written, error) = match written {
        Ok(written) => {
            let count = written.milestones.unwrap_or_default() + written.labels.unwrap_or_default();
            progress.milestones_written(count as u64);
            (written, None)
        }
        Err(error) => (Written::default(), Some(Failure::of_error(&error))),
    };
    Exported {
        source: repo.to_string(),
        file: path.display().to_string(),
        milestones: written.milestones,
        labels: written.labels,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(name: &str) -> RepoRef {
        format!("gitcode:acme/{name}").parse().unwrap()
    }

    #[test]
    fn names_equal_but_for_case_are_found() {
        let repos = [
            repo("Docs"),
            repo("site"),
            repo("docs"),
            repo("DOCS"),
            repo("api"),
        ];
        assert_eq!(clashing_names(&repos), [["Docs", "docs", "DOCS"]]);
        assert!(clashing_names(&[repo("a"), repo("b")]).is_empty());
    }

    #[test]
    fn a_case_sensitive_directory_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        // Linux file systems tell case apart; the probe leaves nothing behind.
        if cfg!(target_os = "linux") {
            assert!(!ignores_case(dir.path()).unwrap());
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
