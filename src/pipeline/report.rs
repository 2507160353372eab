//! The account of a run: counts for the summary line, and the `--report`
//! document listing every milestone, the action taken, and its id on the
//! source and on the target.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    apply::Done,
    map,
    plan::{Action, Plan, PlanItem},
    run::RunResult,
};
use crate::record::Neutral as _;
use crate::{forge::Forge, interrupt::Cause, net::error::ApiError};

/// Counts for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Milestones the plan had that a stop kept the run from reaching.
    pub not_started: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "created {}, updated {}, unchanged {}, failed {}",
            self.created, self.updated, self.unchanged, self.failed
        )?;
        match self.not_started {
            0 => Ok(()),
            n => write!(f, ", not started {n}"),
        }
    }
}

/// A failure as scripts read it: what went wrong, and the provider's
/// answer when there was one. Secrets are scrubbed from the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub message: String,
    /// The HTTP status the provider answered with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The provider's id of the request, for its support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Failure {
    pub fn message(text: &str) -> Failure {
        Failure {
            message: crate::redact::scrub(text).into_owned(),
            status: None,
            request_id: None,
        }
    }

    pub fn of_api(error: &ApiError) -> Failure {
        Failure {
            status: error.status(),
            request_id: error.request_id().map(str::to_owned),
            ..Failure::message(&error.to_string())
        }
    }

    /// An error with its causes; the provider's answer when one of them is.
    pub fn of_error(error: &anyhow::Error) -> Failure {
        let api = api_error(error);
        Failure {
            status: api.and_then(ApiError::status),
            request_id: api.and_then(ApiError::request_id).map(str::to_owned),
            ..Failure::message(&crate::error_text::chain_text(error))
        }
    }
}

/// The provider's failure among an error's causes, if one of them is.
pub fn api_error(error: &anyhow::Error) -> Option<&ApiError> {
    error.chain().find_map(|cause| {
        cause.downcast_ref::<ApiError>().or_else(|| {
            match cause.downcast_ref::<super::run::RunError>() {
                Some(super::run::RunError::Api(error)) => Some(error),
                _ => None,
            }
        })
    })
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One milestone in the report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportEntry {
    pub source_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_location: Option<String>,
    pub title: String,
    /// What the plan said: create, update or unchanged.
    pub planned: &'static str,
    /// What happened: created, updated, unchanged, failed, planned (dry
    /// run), or not started (the run was stopped first).
    pub result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The slug a SourceCraft milestone has or will get.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::mapping::FieldChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Failure>,
}

/// When the run happened and what it cost in requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunStats {
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    pub duration_ms: u64,
    /// Requests sent to the source and the target, retries included.
    pub requests: u64,
    /// Requests that were tries after the first.
    pub retries: u64,
    /// Answers of 429 (too many requests) met.
    pub rate_limited: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub source: String,
    pub target: String,
    pub dry_run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<RunStats>,
    /// Stopped before every milestone was done.
    pub interrupted: bool,
    /// What stopped it: `Ctrl-C`, `SIGTERM`, `SIGHUP`, or the failure
    /// every further write would have met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<String>,
    pub summary: Summary,
    /// Source fields the target has no place for, with how many milestones
    /// had them. Their values stay in backups.
    pub not_carried: BTreeMap<String, usize>,
    pub milestones: Vec<ReportEntry>,
    /// Target milestones that match no source milestone (left alone).
    pub only_on_target: Vec<super::plan::TargetOnly>,
    /// Copies of migrated milestones found on the target after writing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<DuplicateEntry>,
}

/// A milestone found on the target more often than the source has it.
#[derive(Clone, Debug, Serialize)]
pub struct DuplicateEntry {
    pub title: String,
    pub kept: Vec<String>,
    pub extra: Vec<String>,
    /// Extra copies deleted by `--remove-duplicates`.
    pub removed: Vec<String>,
}

impl Summary {
    /// Counts what became of each milestone of a run.
    pub fn of<F: Forge>(result: &RunResult<F>) -> Summary {
        let mut summary = Summary::default();
        for outcome in &result.outcomes {
            match &outcome.result {
                Ok((Done::Created, _)) => summary.created += 1,
                Ok((Done::Updated, _)) => summary.updated += 1,
                Ok((Done::Unchanged, _)) => summary.unchanged += 1,
                Err(_) => summary.failed += 1,
            }
        }
        summary
    }
}

/// Source fields the target has no place for, with how many milestones had
/// each.
pub fn not_carried<F: Forge>(plan: &Plan<F>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in &plan.items {
        for field in map::not_carried::<F>(&item.mapped.record) {
            *counts.entry(field.into_owned()).or_insert(0) += 1;
        }
    }
    counts
}

/// The milestones that failed for good, with why.
pub fn failures<F: Forge>(
    result: &RunResult<F>,
) -> impl Iterator<Item = (&PlanItem<F>, &ApiError)> {
    result
        .outcomes
        .iter()
        .filter_map(|outcome| match &outcome.result {
            Err(error) => result
                .plan
                .items
                .get(outcome.index)
                .map(|item| (item, &**error)),
            Ok(_) => None,
        })
}

/// What stopped a run before its end, in words.
fn stopped_by<F: Forge>(result: &RunResult<F>) -> Option<String> {
    if let Some(error) = &result.halted_by {
        return Some(crate::redact::scrub(&error.to_string()).into_owned());
    }
    match result.stopped? {
        Cause::Signal(signal) => Some(signal.name().to_owned()),
        Cause::Failure => {
            Some("a failure every request would meet, in another repository of the run".to_owned())
        }
    }
}

impl Report {
    /// The report of a run that ended before it had a plan (a repository
    /// that could not be read, a stop while reading): nothing done, and
    /// why, scrubbed of secrets.
    pub fn unplanned(source: String, target: String, dry_run: bool, reason: &str) -> Report {
        Report {
            source,
            target,
            dry_run,
            stats: None,
            interrupted: crate::interrupt::received().is_some(),
            stopped_by: Some(crate::redact::scrub(reason).into_owned()),
            summary: Summary::default(),
            not_carried: BTreeMap::new(),
            milestones: Vec::new(),
            only_on_target: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    pub fn new<F: Forge>(
        source: String,
        target: String,
        dry_run: bool,
        result: &RunResult<F>,
    ) -> Report {
        let milestones = entries(result, dry_run);
        Report {
            source,
            target,
            dry_run,
            stats: None,
            interrupted: result.interrupted,
            stopped_by: stopped_by(result),
            summary: Summary {
                not_started: match dry_run {
                    true => 0,
                    false => result.plan.items.len() - result.outcomes.len(),
                },
                ..Summary::of(result)
            },
            not_carried: not_carried(&result.plan),
            milestones,
            only_on_target: result.plan.only_on_target.clone(),
            duplicates: match &result.verification {
                Some(Ok(verification)) => verification
                    .duplicates
                    .iter()
                    .map(|d| DuplicateEntry {
                        title: d.title.clone(),
                        kept: d.kept.clone(),
                        extra: d.extra.clone(),
                        removed: d
                            .extra
                            .iter()
                            .filter(|id| verification.removed.contains(id))
                            .cloned()
                            .collect(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// One entry per planned milestone: what the plan said and what became of it.
fn entries<F: Forge>(result: &RunResult<F>, dry_run: bool) -> Vec<ReportEntry> {
    // Outcomes come in plan order, at most one per item (none on a dry
    // run, none for items a stop kept from starting).
    let outcome_of = |index: usize| {
        result
            .outcomes
            .binary_search_by_key(&index, |o| o.index)
            .ok()
            .map(|at| &result.outcomes[at])
    };
    let unstarted = if dry_run { "planned" } else { "not started" };
    result
        .plan
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let planned_id = item.action.target_id().map(ToString::to_string);
            let (result_text, target_id, error) = match outcome_of(index).map(|o| &o.result) {
                None => (unstarted, planned_id, None),
                Some(Ok((done, id))) => (done.name(), Some(id.to_string()), None),
                Some(Err(error)) => ("failed", planned_id, Some(Failure::of_api(error))),
            };
            ReportEntry {
                source_id: item.mapped.record.origin().key.clone(),
                source_location: item.mapped.record.origin().location.clone(),
                title: item.mapped.record.title().to_owned(),
                planned: item.action.name(),
                result: result_text,
                target_id,
                slug: F::planned_id(&item.mapped.target),
                changes: match &item.action {
                    Action::Update { changes, .. } => changes.clone(),
                    _ => Vec::new(),
                },
                error,
            }
        })
        .collect()
}
