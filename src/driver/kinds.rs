//! `--only`: which kinds of object a command moves (milestones and labels
//! unless it says), where each kind's file goes, and running a command
//! once per kind.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
    sync::atomic::{AtomicBool, Ordering},
};

use clap::Args;

use crate::{printer::Printer, provider::Provider, record::Kind};

#[derive(Clone, Debug, Default, Args)]
pub struct KindsArgs {
    /// Move only these kinds of object, comma-separated: milestones,
    /// labels (default: both)
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub only: Vec<Kind>,
}

impl KindsArgs {
    /// The kinds to move, in the order they are moved: milestones first.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = if self.only.is_empty() {
            Kind::ALL.to_vec()
        } else {
            self.only.clone()
        };
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// The first kind to move: the only one, in a pass of one kind.
    pub fn first(&self) -> Kind {
        self.kinds()[0]
    }

    /// These arguments for a pass of `kind` alone.
    pub fn only(kind: Kind) -> KindsArgs {
        KindsArgs { only: vec![kind] }
    }
}

/// Where a file of `kind` goes when a command writes several kinds: the
/// milestones to `path` as given, the labels beside it
/// (`roadmap.csv` → `roadmap.labels.csv`). One kind alone goes to `path`.
pub fn path_for(path: &Path, kind: Kind, kinds: &[Kind]) -> PathBuf {
    if kinds.len() < 2 || kind == Kind::Milestones || path.as_os_str() == "-" {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(extension) => format!("{stem}.{}.{}", kind.many(), extension.to_string_lossy()),
        None => format!("{stem}.{}", kind.many()),
    };
    path.with_file_name(name)
}

/// The exit code of a run of several kinds: the first that is not
/// success, so failures of one kind are not hidden by another. (A kind
/// that could not finish ends the run at once, as an error.)
#[derive(Debug)]
pub struct Ending(ExitCode);

impl Default for Ending {
    fn default() -> Self {
        Ending(ExitCode::SUCCESS)
    }
}

impl Ending {
    pub fn add(&mut self, code: ExitCode) {
        if self.0 == ExitCode::SUCCESS {
            self.0 = code;
        }
    }

    pub fn code(self) -> ExitCode {
        self.0
    }
}

/// Set once a person declines a plan: the kinds after it are not moved.
static DECLINED: AtomicBool = AtomicBool::new(false);

/// Notes that a person declined the plan of the run under way.
pub fn declined() {
    DECLINED.store(true, Ordering::Relaxed);
}

/// The kinds of a run, one pass after the other: `--json` documents held
/// and printed as one when there are several kinds, and the passes after
/// a declined plan not run.
pub struct Passes<'a> {
    printer: &'a Printer,
    holding: bool,
    ending: Ending,
}

impl<'a> Passes<'a> {
    pub fn new(kinds: &[Kind], json: bool, printer: &'a Printer) -> Passes<'a> {
        let holding = json && kinds.len() > 1;
        if holding {
            printer.hold_json();
        }
        Passes {
            printer,
            holding,
            ending: Ending::default(),
        }
    }

    /// Whether the next kind's pass may run.
    pub fn go_on() -> bool {
        !DECLINED.load(Ordering::Relaxed)
    }

    /// Ends the run with the last pass's result (`Ok` ones are added up):
    /// the documents held are printed whatever it was.
    pub fn end(mut self, last: anyhow::Result<()>) -> anyhow::Result<ExitCode> {
        let released = match self.holding {
            true => self.printer.release_json(),
            false => Ok(()),
        };
        self.holding = false;
        last?;
        released?;
        Ok(self.ending.code())
    }

    /// Adds a pass's exit code.
    pub fn add(&mut self, code: ExitCode) {
        self.ending.add(code);
    }

    /// Runs `pass` on each of `items` (the kinds, or what was read of
    /// each), one after the other: the passes after one that could not
    /// finish, or after a declined plan, do not run. The run's exit is the
    /// first pass's that was not success, or the error that ended it.
    pub async fn each<T>(
        mut self,
        items: impl IntoIterator<Item = T>,
        mut pass: impl AsyncFnMut(T) -> anyhow::Result<ExitCode>,
    ) -> anyhow::Result<ExitCode> {
        let mut last = Ok(());
        for item in items {
            if !Passes::go_on() {
                break;
            }
            match pass(item).await {
                Ok(code) => self.add(code),
                Err(error) => {
                    last = Err(error);
                    break;
                }
            }
        }
        self.end(last)
    }
}

/// Refuses, before anything is read, a kind of object a provider of the
/// run has no support for.
pub fn check_supported(kinds: &[Kind], providers: &[Provider]) -> anyhow::Result<()> {
    for kind in kinds {
        if let Some(provider) = providers
            .iter()
            .find(|provider| !Provider::all_of(*kind).contains(provider))
        {
            return Err(super::common::invalid(format!(
                "mileport does not move the {} of {provider}: add --only {}",
                kind.many(),
                Kind::ALL
                    .iter()
                    .filter(|other| *other != kind)
                    .map(|other| other.many())
                    .collect::<Vec<_>>()
                    .join(",")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_go_beside_milestones_only_when_both_are_written() {
        let both = Kind::ALL;
        let path = Path::new("out/roadmap.csv");
        assert_eq!(path_for(path, Kind::Milestones, &both), path);
        assert_eq!(
            path_for(path, Kind::Labels, &both),
            Path::new("out/roadmap.labels.csv")
        );
        assert_eq!(path_for(path, Kind::Labels, &[Kind::Labels]), path);
        assert_eq!(
            path_for(Path::new("report"), Kind::Labels, &both),
            Path::new("report.labels")
        );
        assert_eq!(
            path_for(Path::new("-"), Kind::Labels, &both),
            Path::new("-")
        );
    }

    #[test]
    fn kinds_come_in_order_once() {
        let args = KindsArgs {
            only: vec![Kind::Labels, Kind::Milestones, Kind::Labels],
        };
        assert_eq!(args.kinds(), Kind::ALL);
        assert_eq!(KindsArgs::default().kinds(), Kind::ALL);
    }
}
