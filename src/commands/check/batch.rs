//! `mileport check` over many repository pairs (two owners, or `--repos
//! FILE`): each pair compared as a single check compares it, at most
//! `--repos-in-flight` at a time; a table for each pair with differences,
//! then the totals. Exit 0 when every pair agrees, 1 for differences, a
//! missing target repository or a pair that could not be read, 3 when no
//! pair could be read at all.

use std::process::ExitCode;

use futures::StreamExt;
use serde::Serialize;

use super::{CheckArgs, CheckDocument, compare_quietly, print_differences};
use crate::driver::batch::{Batch, describe_missing};
use crate::driver::kinds::{KindsArgs, Passes, check_supported};
use crate::{
    batch::{RepoPair, in_order::InOrder},
    document::{Document, Kind},
    exit::Exit,
    pipeline::report::Failure,
    printer::{Line, Printer, styles},
    progress::BatchProgress,
    with_kind,
};

/// What became of one pair's comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum PairCheckStatus {
    Equal,
    Different,
    Failed,
    Missing,
}

/// One pair in `check --json`.
#[derive(Debug, Serialize)]
struct PairCheck {
    source: String,
    target: String,
    status: PairCheckStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<CheckDocument>,
}

/// The sums over every pair.
#[derive(Debug, Default, Serialize)]
struct CheckTotals {
    pairs: usize,
    equal: usize,
    different: usize,
    failed: usize,
    missing: usize,
    /// Differences found, over every pair compared.
    differences: usize,
}

/// What `check --json` prints, for a batch or for one pair (a batch of
/// one, so scripts read one shape).
#[derive(Debug, Serialize)]
pub struct BatchCheckDocument {
    /// What was compared, when it is not milestones: `labels`.
    #[serde(skip_serializing_if = "Option::is_none")]
    objects: Option<crate::record::Kind>,
    source: String,
    target: String,
    equal: bool,
    totals: CheckTotals,
    pairs: Vec<PairCheck>,
}

impl BatchCheckDocument {
    fn new(source: String, target: String, pairs: Vec<PairCheck>) -> BatchCheckDocument {
        let mut totals = CheckTotals {
            pairs: pairs.len(),
            ..CheckTotals::default()
        };
        for pair in &pairs {
            match pair.status {
                PairCheckStatus::Equal => totals.equal += 1,
                PairCheckStatus::Different => totals.different += 1,
                PairCheckStatus::Failed => totals.failed += 1,
                PairCheckStatus::Missing => totals.missing += 1,
            }
            totals.differences += pair
                .check
                .as_ref()
                .map_or(0, CheckDocument::counted_differences);
        }
        let objects = pairs
            .iter()
            .filter_map(|pair| pair.check.as_ref())
            .map(|check| check.objects)
            .find(|kind| *kind != crate::record::Kind::Milestones);
        BatchCheckDocument {
            objects,
            source,
            target,
            equal: totals.equal == totals.pairs,
            totals,
            pairs,
        }
    }

    /// One pair that could not be compared, as the batch of one it is.
    pub fn of_failure(source: String, target: String, error: Failure) -> BatchCheckDocument {
        let pair = PairCheck {
            source: source.clone(),
            target: target.clone(),
            status: PairCheckStatus::Failed,
            error: Some(error),
            similar: None,
            check: None,
        };
        BatchCheckDocument::new(source, target, vec![pair])
    }

    /// One pair's comparison as the batch of one it is.
    pub fn of_one(document: CheckDocument) -> BatchCheckDocument {
        let status = match document.equal {
            true => PairCheckStatus::Equal,
            false => PairCheckStatus::Different,
        };
        let pair = PairCheck {
            source: document.source.clone(),
            target: document.target.clone(),
            status,
            error: None,
            similar: None,
            check: Some(document),
        };
        BatchCheckDocument::new(pair.source.clone(), pair.target.clone(), vec![pair])
    }
}

impl std::fmt::Display for CheckTotals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "checked {} {}: {} equal, {} with differences ({} differences)",
            self.pairs,
            crate::batch::report::repositories(self.pairs),
            self.equal,
            self.different,
            self.differences
        )?;
        if self.failed > 0 {
            write!(f, ", {} could not be read", self.failed)?;
        }
        if self.missing > 0 {
            write!(f, ", {} missing on the target", self.missing)?;
        }
        Ok(())
    }
}

/// Checks every pair, one kind of object after the other.
pub async fn run(batch: Batch, args: &CheckArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let kinds = args.kinds.kinds();
    check_supported(&kinds, &batch.providers())?;
    let passes = Passes::new(&kinds, args.json, printer);
    passes
        .each(&kinds, async |kind| {
            let mut one = args.clone();
            one.kinds = KindsArgs::only(*kind);
            if kinds.len() > 1 && !args.json {
                printer.note(format!("{}:", kind.many()));
            }
            run_kind(batch.clone(), &one, printer).await
        })
        .await
}

/// Checks every pair's objects of the one kind `args` names.
async fn run_kind(batch: Batch, args: &CheckArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let progress = printer.progress().batch(batch.pairs.len(), "checking");
    let mut pairs = Vec::with_capacity(batch.pairs.len() + batch.missing.len());
    let mut in_order = InOrder::default();
    let mut runs = futures::stream::iter(batch.pairs.iter().enumerate())
        .map(|(index, pair)| {
            let progress = &progress;
            async move { (index, check_pair(pair, args, progress, printer).await) }
        })
        .buffer_unordered(usize::from(args.batch.repos_in_flight));
    while let Some((index, checked)) = runs.next().await {
        for checked in in_order.push(index, checked) {
            if !args.json {
                print_pair(&checked, printer)?;
            }
            pairs.push(checked);
        }
    }
    drop(runs);
    progress.finish();
    for missing in &batch.missing {
        let line = format!(
            "missing: {}: {}",
            missing.source,
            describe_missing(missing, &batch.target)
        );
        if !args.json {
            printer.out(line)?;
        }
        pairs.push(PairCheck {
            source: missing.source.to_string(),
            target: batch.target.clone(),
            status: PairCheckStatus::Missing,
            error: None,
            similar: missing.similar.clone(),
            check: None,
        });
    }
    let document = BatchCheckDocument::new(batch.source, batch.target, pairs);
    let totals = &document.totals;
    let nothing_read = totals.pairs > 0 && totals.failed == totals.pairs;
    let equal = document.equal;
    if args.json {
        printer.out_json(&Document::new(Kind::Check, &document))?;
    } else {
        let named = match args.kinds.first() {
            crate::record::Kind::Milestones => String::new(),
            other => format!("{}: ", other.many()),
        };
        printer.out(format!("{named}{totals}"))?;
    }
    Ok(if nothing_read {
        Exit::Unfinished
    } else if equal {
        Exit::Success
    } else {
        Exit::Failure
    }
    .into())
}

/// A pair with differences as a table under a heading; a failed pair as
/// its error.
fn print_pair(checked: &PairCheck, printer: &Printer) -> std::io::Result<()> {
    let heading = || {
        Line::new().styled(
            styles::HEADER,
            format!("{} -> {}", checked.source, checked.target),
        )
    };
    match (&checked.check, &checked.error) {
        (_, Some(error)) => {
            printer.out(heading())?;
            printer.out(format!("could not compare: {error}"))?;
            printer.out("")
        }
        (Some(document), None) if !document.differences.is_empty() => {
            printer.out(heading())?;
            print_differences(document, printer)?;
            printer.out("")
        }
        _ => Ok(()),
    }
}

/// Compares one pair; an error is kept, not returned, so the others go on.
async fn check_pair(
    pair: &RepoPair,
    args: &CheckArgs,
    progress: &BatchProgress,
    printer: &Printer,
) -> PairCheck {
    let kind = args.kinds.first();
    let compared = with_kind!(kind, pair.target.provider, T => compare_quietly::<T>(&pair.source, &pair.target, args).await);
    progress.repository_done();
    let (status, check, error) = match compared {
        Ok((document, warnings)) => {
            for warning in warnings {
                printer.err(format!("warning: {pair}: {warning}"));
            }
            let status = match document.equal {
                true => PairCheckStatus::Equal,
                false => PairCheckStatus::Different,
            };
            (status, Some(document), None)
        }
        Err(error) => (
            PairCheckStatus::Failed,
            None,
            Some(Failure::of_error(&error)),
        ),
    };
    PairCheck {
        source: pair.source.to_string(),
        target: pair.target.to_string(),
        status,
        error,
        similar: None,
        check,
    }
}
