//! One migration from records to target: map every record (all of them
//! valid, or nothing is written), list the target, plan, apply unless this
//! is a dry run, and read the target again to confirm the work.

use super::{
    apply::{self, ApplyObserver, Controls, Done, Outcome},
    endpoint::{Endpoint, Listing},
    index::{FoundCounts, Indexed, TargetIndex},
    map::map_each,
    plan::{self, Plan},
    verify::{self, Verification},
};
use crate::{
    forge::{Forge, Mapped, Mapping, Sink},
    interrupt::Cause,
    mapping::{MappingError, MappingOptions, one_by_one},
    net::{access::WriteAccess, error::ApiError},
};

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    pub dry_run: bool,
    pub concurrency: usize,
    pub mapping: MappingOptions,
    /// The journal of creates and the user's request to stop.
    pub controls: Controls,
    /// Delete copies of our milestones found after writing (identical ones only).
    pub remove_duplicates: bool,
}

/// Why a run stopped before writing anything.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Input that cannot be mapped; nothing was written.
    #[error("{} {}(s) cannot be migrated; nothing was written:\n{}", .0.len(), kind_of(.0).one(), list(.0))]
    Invalid(Vec<MappingError>),
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The user was shown the plan and said no.
    #[error("the plan was not approved; nothing was written")]
    Declined,
    /// The plan overwrites existing milestones and there is no terminal
    /// to ask on, nor `--yes`.
    #[error(
        "{0} existing milestone(s) would be overwritten and there is no terminal to ask on; nothing was written: add --yes to apply it"
    )]
    NeedsYes(usize),
    /// The provider says the token may not write to the target.
    #[error(
        "your token cannot write to {target}: {why}. Nothing was written: use a token that may write there"
    )]
    CannotWrite { target: String, why: String },
}

/// What the problems are of: labels when they all are, else milestones.
fn kind_of(errors: &[MappingError]) -> crate::record::Kind {
    match errors.iter().all(|e| e.kind == crate::record::Kind::Labels) && !errors.is_empty() {
        true => crate::record::Kind::Labels,
        false => crate::record::Kind::Milestones,
    }
}

fn list(errors: &[MappingError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan, and what became of each of its milestones (none on a dry run).
pub struct RunResult<F: Forge> {
    pub plan: Plan<F>,
    pub outcomes: Vec<Outcome<F::Id>>,
    /// Stopped before every milestone was done: by a signal, or by a
    /// failure every further write would meet.
    pub interrupted: bool,
    /// What stopped it, when something did.
    pub stopped: Option<Cause>,
    /// The failure that stopped the run, when it was this run's own (exit 3).
    pub halted_by: Option<ApiError>,
    /// What reading the target after writing showed (none on a dry run or
    /// after a stop).
    pub verification: Option<Result<Verification, ApiError>>,
    /// On a dry run, why the source cannot be migrated as it is (the run
    /// would refuse it): the plan's refused milestones, explained.
    pub invalid: Vec<MappingError>,
}

/// Reading progress for the target listing.
pub trait RunObserver<F: Forge>: ApplyObserver<F> {
    fn target_listed(&self, _count: usize) {}
    fn planned(&self, _plan: &Plan<F>) {}
    /// Asked once the plan is known, before anything is written; an error
    /// (`RunError::Declined` or `RunError::NeedsYes`) stops the run.
    fn approve(&self, _plan: &Plan<F>) -> Result<(), RunError> {
        Ok(())
    }
    /// Something the user must know about what was read.
    fn warning(&self, _text: &str) {}
}

impl<F: Forge> RunObserver<F> for () {}

/// What a run starts from: the records, with the target's listing when
/// the caller has already read it (alongside the source); or the records
/// already mapped, with the target read into an index for them as it was
/// read, so that a large target is never held whole.
pub enum Start<F: Forge> {
    Records(Vec<F::Record>, Option<Listing<F>>),
    Mapped(Mapping<F>, Box<Indexed<F>>),
}

/// Maps, plans and (unless a dry run) applies. `existing` is the target's
/// listing when the caller has already read it (alongside the source);
/// otherwise the target is listed here, after every record has mapped.
pub async fn migrate_records<F: Forge>(
    records: Vec<F::Record>,
    target: &Endpoint<F>,
    existing: Option<Listing<F>>,
    options: &RunOptions,
    observer: &dyn RunObserver<F>,
) -> Result<RunResult<F>, RunError> {
    migrate(Start::Records(records, existing), target, options, observer).await
}

/// Maps what `start` has not, plans and (unless a dry run) applies.
pub async fn migrate<F: Forge>(
    start: Start<F>,
    target: &Endpoint<F>,
    options: &RunOptions,
    observer: &dyn RunObserver<F>,
) -> Result<RunResult<F>, RunError> {
    let (mapping, indexed) = match start {
        Start::Records(records, existing) => {
            (map_each::<F>(records, &options.mapping), Err(existing))
        }
        Start::Mapped(mapping, indexed) => (mapping, Ok(*indexed)),
    };
    if !options.dry_run && !mapping.errors.is_empty() {
        return Err(RunError::Invalid(mapping.errors));
    }
    let mut indexed = match indexed {
        Ok(indexed) => indexed,
        Err(existing) => index_target(&mapping.mapped, target, existing, observer).await?,
    };
    let counts = indexed.found_counts();
    let mut plan = plan::plan_indexed(mapping.mapped, indexed);
    plan.refused = mapping.refused;
    plan.cannot_write = cannot_write(&plan, target).await?;
    observer.planned(&plan);
    if options.dry_run {
        return Ok(RunResult {
            plan,
            outcomes: Vec::new(),
            interrupted: false,
            stopped: None,
            halted_by: None,
            verification: None,
            invalid: mapping.errors,
        });
    }
    if let Some(why) = plan.cannot_write.clone() {
        return Err(RunError::CannotWrite {
            target: target.repo().to_string(),
            why,
        });
    }
    observer.approve(&plan)?;
    Ok(apply_and_verify(plan, target, counts, options, observer).await)
}

/// The target's listing, read here unless `existing` holds it, reduced to
/// what planning for `mapped` needs; a listing held is let go as it is.
async fn index_target<F: Forge>(
    mapped: &[Box<Mapped<F>>],
    target: &Endpoint<F>,
    existing: Option<Listing<F>>,
    observer: &dyn RunObserver<F>,
) -> Result<Indexed<F>, ApiError> {
    let mut index = TargetIndex::new(mapped);
    match existing {
        Some(listing) => one_by_one(listing.items).for_each(|m| index.take(&m)),
        None => {
            let warnings = target
                .list_checked_into(|count| observer.target_listed(count), &mut index)
                .await?;
            for warning in &warnings {
                observer.warning(warning);
            }
        }
    }
    Ok(index.finish())
}

/// Writes the approved plan, then reads the target again to confirm it
/// (unless stopped), the target's first listing standing in when nothing
/// was written.
async fn apply_and_verify<F: Forge>(
    plan: Plan<F>,
    target: &Endpoint<F>,
    counts: FoundCounts,
    options: &RunOptions,
    observer: &dyn RunObserver<F>,
) -> RunResult<F> {
    // What the first listing counted stands in for the reading after the
    // run only when nothing was written: a plan that writes lets it go.
    let existing = (plan.requests_needed() == 0).then_some(counts);
    let apply::Applied {
        mut outcomes,
        halted_by,
    } = apply::apply(
        &plan,
        target,
        options.concurrency,
        &options.controls,
        observer,
    )
    .await;
    let stopped = options.controls.stop.cause();
    let interrupted = stopped.is_some();
    let verification = if interrupted {
        None
    } else {
        let wrote = outcomes.iter().any(|o| {
            matches!(&o.result, Ok((Done::Created | Done::Updated, _))) || o.result.is_err()
        });
        let unchanged_since = existing.filter(|_| !wrote);
        Some(
            verify::verify(
                &plan,
                &mut outcomes,
                target,
                options.remove_duplicates,
                unchanged_since,
            )
            .await,
        )
    };
    RunResult {
        plan,
        outcomes,
        interrupted,
        stopped,
        halted_by,
        verification,
        invalid: Vec::new(),
    }
}

/// Why the token cannot write to the target, when the plan writes and the
/// provider says so before a write.
async fn cannot_write<F: Forge>(
    plan: &Plan<F>,
    target: &Endpoint<F>,
) -> Result<Option<String>, ApiError> {
    let counts = plan.counts();
    if counts.create + counts.update == 0 {
        return Ok(None);
    }
    Ok(match target.write_access().await? {
        WriteAccess::Refused(why) => Some(why),
        WriteAccess::Allowed | WriteAccess::Unknown => None,
    })
}
