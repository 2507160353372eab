//! The account of a batch: one entry per repository pair (what became of
//! its milestones, or why the pair failed, or that its target repository
//! is missing) and totals that are the sums of the entries. `--report` and
//! `--json` write this document; each pair's own [`Report`] (every
//! milestone, its action and ids) is kept inside its entry when asked for.

use serde::Serialize;

use crate::pipeline::{
    plan::PlanCounts,
    report::{Report, Summary},
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
}

impl PairStatus {
    pub fn name(self) -> &'static str {
        match self {
            PairStatus::Done => "done",
            PairStatus::Failed => "failed",
            PairStatus::Missing => "missing",
            PairStatus::Stopped => "stopped",
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
    /// Why the pair failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
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
    pub pairs: usize,
    pub done: usize,
    pub failed_pairs: usize,
    pub missing: usize,
    pub stopped: usize,
    pub milestones: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
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
            }
            totals.milestones += entry.milestones;
            totals.created += entry.summary.created;
            totals.updated += entry.summary.updated;
            totals.unchanged += entry.summary.unchanged;
            totals.failed += entry.summary.failed;
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
        ] {
            if count > 0 {
                write!(f, ", {count} {word}")?;
            }
        }
        match self.planned {
            Some(planned) => {
                write!(
                    f,
                    "; milestones: {} to create, {} to update, {} unchanged",
                    planned.create, planned.update, planned.unchanged
                )?;
                match planned.cannot {
                    0 => Ok(()),
                    cannot => write!(f, ", {cannot} cannot be migrated"),
                }
            }
            None => write!(
                f,
                "; milestones: created {}, updated {}, unchanged {}, failed {}",
                self.created, self.updated, self.unchanged, self.failed
            ),
        }?;
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

/// The whole batch's report.
#[derive(Clone, Debug, Serialize)]
pub struct BatchReport {
    /// The two owners, or the pairs file, the batch was given.
    pub source: String,
    pub target: String,
    pub dry_run: bool,
    /// When the batch started (RFC 3339, UTC) and how long it took.
    pub started_at: String,
    pub duration_ms: u64,
    /// Stopped before every pair was done.
    pub interrupted: bool,
    /// What stopped it: `Ctrl-C`, `SIGTERM`, `SIGHUP`, or the failure
    /// every pair would have met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<String>,
    pub totals: BatchTotals,
    pub pairs: Vec<PairEntry>,
}

impl BatchReport {
    pub fn new(
        source: String,
        target: String,
        dry_run: bool,
        started_at: String,
        duration_ms: u64,
        pairs: Vec<PairEntry>,
    ) -> BatchReport {
        BatchReport {
            source,
            target,
            dry_run,
            started_at,
            duration_ms,
            interrupted: pairs.iter().any(|p| p.status == PairStatus::Stopped),
            stopped_by: None,
            totals: BatchTotals::of(&pairs),
            pairs,
        }
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
