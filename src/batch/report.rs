//! The account of a run, of many repository pairs or of one (a single
//! repository's run is a batch of one, so scripts read one shape): one
//! entry per pair (what became of its milestones, or why the pair failed,
//! or that its target repository is missing), totals that are the sums of
//! the entries, and every failure listed first. `--report` and `--json`
//! write this document; each pair's own [`Report`] (every milestone, its
//! action and ids) is kept inside its entry when asked for.

use serde::Serialize;

use crate::pipeline::{
    plan::PlanCounts,
    report::{Failure, Report, RunStats, Summary},
};

/// What became of one pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairStatus {
    /// Run to the end (its milestones may still have failed one by one).
    Done,
    /// The pair could not be run: a provider refused, a milestone could
    /// not be mapped, the target could not be held.
    Failed,
    /// The target owner has no repository of the source's name; skipped.
    Missing,
    /// Stopped by Ctrl-C, before or while it ran.
    Stopped,
    /// Never begun: the run refused to start (a target repository
    /// missing without `--skip-missing`), and nothing was written.
    NotStarted,
}

impl PairStatus {
    pub fn name(self) -> &'static str {
        match self {
            PairStatus::Done => "done",
            PairStatus::Failed => "failed",
            PairStatus::Missing => "missing",
            PairStatus::Stopped => "stopped",
            PairStatus::NotStarted => "not started",
        }
    }
}

/// One repository pair in the batch report.
#[derive(Clone, Debug, Serialize)]
pub struct PairEntry {
    pub source: String,
    pub target: String,
    pub status: PairStatus,
    /// Milestones the source holds (the plan's length).
    pub milestones: usize,
    /// What became of them: created, updated, unchanged, failed.
    #[serde(flatten)]
    pub summary: Summary,
    /// On a dry run, what would be done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<PlanCounts>,
    /// Milestones found on the target more than once after writing (and
    /// not all removed).
    pub duplicates: usize,
    /// Reading the target after writing showed every milestone once (true
    /// when nothing was read again: a dry run, a pair that did not run).
    pub confirmed: bool,
    /// Why the pair failed or stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Failure>,
    /// For a missing target: a repository whose name differs only in case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similar: Option<String>,
    /// The pair's own report, every milestone in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

impl PairEntry {
    /// A pair that did not run (failed, missing or stopped before it began).
    pub fn without_run(source: String, target: String, status: PairStatus) -> PairEntry {
        PairEntry {
            source,
            target,
            status,
            milestones: 0,
            summary: Summary::default(),
            planned: None,
            duplicates: 0,
            confirmed: true,
            error: None,
            similar: None,
            report: None,
        }
    }

    /// The entry of a pair that ran, or planned (`planned`, on a dry run),
    /// from its report: `confirmed` when reading the target after writing
    /// showed every milestone once; the report kept inside when `keep`
    /// says so.
    pub fn of_run(
        report: Report,
        status: PairStatus,
        planned: Option<PlanCounts>,
        confirmed: bool,
        error: Option<Failure>,
        keep: bool,
    ) -> PairEntry {
        PairEntry {
            source: report.source.clone(),
            target: report.target.clone(),
            status,
            milestones: report.milestones.len(),
            summary: report.summary,
            planned,
            duplicates: report
                .duplicates
                .iter()
                .filter(|d| d.removed.len() < d.extra.len())
                .count(),
            confirmed,
            error,
            similar: None,
            report: keep.then_some(report),
        }
    }

    /// Whether the pair counts against the batch (exit code 1): it
    /// failed, a milestone failed, or copies were found after writing.
    pub fn has_failures(&self) -> bool {
        self.status == PairStatus::Failed
            || self.summary.failed > 0
            || self.duplicates > 0
            || !self.confirmed
    }
}

/// The sums of every entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchTotals {
    /// What was moved, to name it.
    #[serde(skip)]
    pub objects: crate::record::Kind,
    pub pairs: usize,
    pub done: usize,
    pub failed_pairs: usize,
    pub missing: usize,
    pub stopped: usize,
    /// Pairs never begun because the run refused to start.
    pub not_started_pairs: usize,
    pub milestones: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Milestones a stop kept the run from reaching.
    pub not_started: usize,
    pub duplicates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<PlanCounts>,
}

impl BatchTotals {
    pub fn of(entries: &[PairEntry]) -> BatchTotals {
        let mut totals = BatchTotals {
            pairs: entries.len(),
            ..BatchTotals::default()
        };
        for entry in entries {
            match entry.status {
                PairStatus::Done => totals.done += 1,
                PairStatus::Failed => totals.failed_pairs += 1,
                PairStatus::Missing => totals.missing += 1,
                PairStatus::Stopped => totals.stopped += 1,
                PairStatus::NotStarted => totals.not_started_pairs += 1,
            }
            totals.milestones += entry.milestones;
            totals.created += entry.summary.created;
            totals.updated += entry.summary.updated;
            totals.unchanged += entry.summary.unchanged;
            totals.failed += entry.summary.failed;
            totals.not_started += entry.summary.not_started;
            totals.duplicates += entry.duplicates;
            if let Some(planned) = entry.planned {
                let sum = totals.planned.get_or_insert_with(PlanCounts::default);
                sum.create += planned.create;
                sum.update += planned.update;
                sum.unchanged += planned.unchanged;
                sum.cannot += planned.cannot;
            }
        }
        totals
    }
}

impl std::fmt::Display for BatchTotals {
    /// `3 repositories: 2 done, 1 failed, 1 missing; milestones: created 4, …`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let done = match self.planned {
            Some(_) => "planned",
            None => "done",
        };
        write!(
            f,
            "{} {}: {} {done}",
            self.pairs,
            repositories(self.pairs),
            self.done
        )?;
        for (count, word) in [
            (self.failed_pairs, "failed"),
            (self.missing, "missing on the target"),
            (self.stopped, "stopped"),
            (self.not_started_pairs, "not started"),
        ] {
            if count > 0 {
                write!(f, ", {count} {word}")?;
            }
        }
        match self.planned {
            Some(planned) => {
                write!(
                    f,
                    "; {}: {} to create, {} to update, {} unchanged",
                    self.objects.many(),
                    planned.create,
                    planned.update,
                    planned.unchanged
                )?;
                match planned.cannot {
                    0 => Ok(()),
                    cannot => write!(f, ", {cannot} cannot be migrated"),
                }
            }
            None => write!(
                f,
                "; {}: created {}, updated {}, unchanged {}, failed {}",
                self.objects.many(),
                self.created,
                self.updated,
                self.unchanged,
                self.failed
            ),
        }?;
        if self.not_started > 0 {
            write!(f, ", not started {}", self.not_started)?;
        }
        if self.duplicates > 0 {
            write!(f, ", {} duplicated on the target", self.duplicates)?;
        }
        Ok(())
    }
}

/// `repository` or `repositories`, for `count` of them.
pub fn repositories(count: usize) -> &'static str {
    match count {
        1 => "repository",
        _ => "repositories",
    }
}

/// One failure of the run, a pair's or a milestone's, with where it was.
#[derive(Clone, Debug, Serialize)]
pub struct FailureEntry {
    pub source: String,
    pub target: String,
    /// The milestone that failed; none when the whole pair did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(flatten)]
    pub failure: Failure,
}

/// Every failure of the pairs, a pair's own before its milestones'.
fn failures_of(pairs: &[PairEntry]) -> Vec<FailureEntry> {
    let mut failures = Vec::new();
    for pair in pairs {
        let at = |title: Option<&str>, source_id: Option<&str>, failure: &Failure| FailureEntry {
            source: pair.source.clone(),
            target: pair.target.clone(),
            title: title.map(str::to_owned),
            source_id: source_id.map(str::to_owned),
            failure: failure.clone(),
        };
        if let Some(error) = pair
            .error
            .as_ref()
            .filter(|_| pair.status == PairStatus::Failed)
        {
            failures.push(at(None, None, error));
        }
        let milestones = pair.report.iter().flat_map(|r| &r.milestones);
        for entry in milestones {
            if let Some(error) = &entry.error {
                failures.push(at(Some(&entry.title), Some(&entry.source_id), error));
            }
        }
    }
    failures
}

/// The whole run's report.
#[derive(Clone, Debug, Serialize)]
pub struct BatchReport {
    /// What the run moved, when it is not milestones: `labels`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<crate::record::Kind>,
    /// The two owners, the pairs file, or the one repository (or backup
    /// file) the run was given.
    pub source: String,
    pub target: String,
    pub dry_run: bool,
    /// When the run started, how long it took, and the requests of the
    /// pairs whose reports are kept.
    pub stats: RunStats,
    /// Stopped before every pair was done.
    pub interrupted: bool,
    /// What stopped it: `Ctrl-C`, `SIGTERM`, `SIGHUP`, or the failure
    /// every pair would have met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<String>,
    pub totals: BatchTotals,
    /// Every failure, the pairs' and the milestones', first.
    pub failures: Vec<FailureEntry>,
    pub pairs: Vec<PairEntry>,
}

impl BatchReport {
    /// The report of a run of `kind`: labels are named, milestones go
    /// unsaid (as before there were labels).
    pub fn of_objects(mut self, kind: crate::record::Kind) -> BatchReport {
        self.objects = (kind != crate::record::Kind::Milestones).then_some(kind);
        self.totals.objects = kind;
        self
    }

    pub fn new(
        source: String,
        target: String,
        dry_run: bool,
        started_at: String,
        duration_ms: u64,
        pairs: Vec<PairEntry>,
    ) -> BatchReport {
        let mut stats = RunStats {
            started_at,
            duration_ms,
            ..RunStats::default()
        };
        for pair_stats in pairs
            .iter()
            .filter_map(|p| p.report.as_ref()?.stats.as_ref())
        {
            stats.requests += pair_stats.requests;
            stats.retries += pair_stats.retries;
            stats.rate_limited += pair_stats.rate_limited;
        }
        BatchReport {
            objects: None,
            source,
            target,
            dry_run,
            stats,
            interrupted: pairs.iter().any(|p| p.status == PairStatus::Stopped),
            stopped_by: None,
            totals: BatchTotals::of(&pairs),
            failures: failures_of(&pairs),
            pairs,
        }
    }

    /// A single repository's run as the batch of one it is.
    pub fn of_one(entry: PairEntry) -> BatchReport {
        let stats = entry
            .report
            .as_ref()
            .and_then(|r| r.stats.clone())
            .unwrap_or_default();
        let stopped_by = entry.report.as_ref().and_then(|r| r.stopped_by.clone());
        let interrupted = entry.report.as_ref().is_some_and(|r| r.interrupted);
        let mut report = BatchReport::new(
            entry.source.clone(),
            entry.target.clone(),
            entry.report.as_ref().is_some_and(|r| r.dry_run),
            stats.started_at,
            stats.duration_ms,
            vec![entry],
        );
        report.stopped_by = stopped_by;
        report.interrupted |= interrupted;
        report
    }

    /// Whether this is one repository's run rather than a batch's.
    pub fn is_single(&self) -> bool {
        matches!(&self.pairs[..], [pair] if pair.source == self.source && pair.target == self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(created: usize, failed: usize) -> PairEntry {
        let mut entry = PairEntry::without_run("s".into(), "t".into(), PairStatus::Done);
        entry.milestones = created + failed;
        entry.summary.created = created;
        entry.summary.failed = failed;
        entry
    }

    #[test]
    fn totals_are_the_sums_of_the_entries() {
        let entries = vec![
            done(3, 0),
            done(2, 1),
            PairEntry::without_run("a".into(), "b".into(), PairStatus::Missing),
            PairEntry::without_run("c".into(), "d".into(), PairStatus::Failed),
        ];
        let totals = BatchTotals::of(&entries);
        assert_eq!(
            (
                totals.pairs,
                totals.done,
                totals.missing,
                totals.failed_pairs
            ),
            (4, 2, 1, 1)
        );
        assert_eq!(
            (totals.milestones, totals.created, totals.failed),
            (6, 5, 1)
        );
        assert_eq!(
            totals.to_string(),
            "4 repositories: 2 done, 1 failed, 1 missing on the target; milestones: created 5, updated 0, unchanged 0, failed 1"
        );
        assert!(entries[1].has_failures() && !entries[0].has_failures());
        assert!(!entries[2].has_failures() && entries[3].has_failures());
    }
}
