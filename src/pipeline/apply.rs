//! Carrying out a plan against the target, several milestones at a time.
//!
//! A create is a create whatever 2xx answers it; a create that fails in a
//! way that may have stored it anyway (a timeout, a dropped connection, a
//! 5xx, an answer without the milestone) is never simply sent again: the
//! target is asked first whether the milestone is there. A slug the target
//! says is taken is ours only if the milestone under it is the one we sent.
//! A closed milestone is created and then closed, its close following its
//! own create, and every close or reopen is checked in the answer. Each
//! create is written to the journal before it is sent, so a killed run is
//! not repeated blindly. A requested stop sends nothing new.

use std::{
    collections::{BTreeMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use futures::{StreamExt, stream};
use serde::Serialize;

use super::{
    endpoint::Endpoint,
    plan::{Action, Plan, PlanItem},
};
use crate::{
    interrupt::Stop,
    mapping::{
        TargetMilestone,
        gitcode::{self as gitcode_map, GitCodeFields},
        sourcecraft::{self as sourcecraft_map, SourceCraftFields},
    },
    providers::{
        Provider,
        error::{ApiError, Failure},
        generated::{gitcode, sourcecraft},
        gitcode::GitCodeRepo,
        number::WholeNumber,
        sourcecraft::SourceCraftRepo,
        waits::{self, WaitEvent, WaitReason},
    },
    record::State,
    state::journal::{Journal, Ticket},
};

/// How many times a create is re-sent after finding it was not stored.
pub(crate) const CREATE_ROUNDS: u32 = 6;

/// How many times a create answered without its milestone is looked up.
pub(crate) const LOOKUP_ROUNDS: u32 = 5;

/// What was done to one milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Done {
    Created,
    Updated,
    Unchanged,
}

impl Done {
    pub fn name(&self) -> &'static str {
        match self {
            Done::Created => "created",
            Done::Updated => "updated",
            Done::Unchanged => "unchanged",
        }
    }
}

/// The outcome for one plan item. Items not started because the run was
/// stopped have none.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub index: usize,
    pub result: Result<(Done, String), ApiError>,
}

/// Told about each milestone as it is finished, for progress display.
pub trait ApplyObserver: Send + Sync {
    fn finished(&self, _item: &PlanItem, _outcome: &Outcome) {}
}

impl ApplyObserver for () {}

/// What steers a run from outside the plan: the journal of creates, and
/// the user's request to stop with how long requests under way may take.
#[derive(Clone, Debug, Default)]
pub struct Controls {
    pub journal: Option<Arc<Journal>>,
    pub stop: Stop,
    /// After a stop is requested, how long requests under way may finish.
    pub stop_grace: Duration,
}

/// What the milestones being applied share.
struct Shared<'a> {
    target: &'a Endpoint,
    journal: Option<&'a Journal>,
    /// GitCode numbers matched or created by this run, so a look-up for a
    /// lost create never takes one of them for it.
    claimed: Mutex<HashSet<String>>,
    /// Set once GitCode has shown it wants `close`/`reopen` for the state.
    gitcode_verbs: AtomicBool,
}

/// Applies the plan with at most `concurrency` milestones under way.
/// Milestones that fail for good do not stop the others. Once a stop is
/// requested no milestone is started, and those under way get
/// `controls.stop_grace` to finish; the outcomes are in plan order.
pub async fn apply(
    plan: &Plan,
    target: &Endpoint,
    concurrency: usize,
    controls: &Controls,
    observer: &dyn ApplyObserver,
) -> Vec<Outcome> {
    let shared = Shared {
        target,
        journal: controls.journal.as_deref(),
        claimed: Mutex::new(plan.matched_ids().map(str::to_owned).collect()),
        gitcode_verbs: AtomicBool::new(false),
    };
    // GitCode has no unique key, so a lost create is found by its title:
    // milestones that share a title go one after another, never side by side.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, item) in plan.items.iter().enumerate() {
        let key = match &item.mapped.target {
            TargetMilestone::GitCode(fields) => fields.title.clone(),
            TargetMilestone::SourceCraft(_) => format!("#{index}"),
        };
        groups.entry(key).or_default().push(index);
    }
    let finished: Mutex<Vec<Outcome>> = Mutex::new(Vec::with_capacity(plan.items.len()));
    // A failure that stops the run (a provider asking to wait longer than
    // --max-wait) starts no further milestone.
    let halted = AtomicBool::new(false);
    let halted = &halted;
    let work =
        stream::iter(groups.into_values()).for_each_concurrent(concurrency.max(1), |indices| {
            let shared = &shared;
            let finished = &finished;
            async move {
                for index in indices {
                    if controls.stop.requested() || halted.load(Ordering::Relaxed) {
                        break;
                    }
                    let item = &plan.items[index];
                    let result = apply_one(item, shared).await;
                    if result.as_ref().is_err_and(ApiError::stops_the_run) {
                        halted.store(true, Ordering::Relaxed);
                    }
                    let outcome = Outcome { index, result };
                    observer.finished(item, &outcome);
                    lock(finished).push(outcome);
                }
            }
        });
    let cut_off = async {
        controls.stop.wait().await;
        tokio::time::sleep(controls.stop_grace).await;
    };
    tokio::select! {
        () = work => {}
        () = cut_off => {}
    }
    let mut outcomes = finished.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|o| o.index);
    outcomes
}

async fn apply_one(item: &PlanItem, shared: &Shared<'_>) -> Result<(Done, String), ApiError> {
    match (&item.action, &item.mapped.target, shared.target) {
        (Action::Unchanged { target_id }, _, _) => Ok((Done::Unchanged, target_id.clone())),
        (
            Action::Update { target_id, .. },
            TargetMilestone::GitCode(fields),
            Endpoint::GitCode(repo),
        ) => {
            let number = parse_number(target_id)?;
            update_gitcode(repo, &number, fields, &shared.gitcode_verbs).await?;
            Ok((Done::Updated, target_id.clone()))
        }
        (
            Action::Update { target_id, changes },
            TargetMilestone::SourceCraft(fields),
            Endpoint::SourceCraft(repo),
        ) => {
            repo.update(target_id, &sourcecraft_map::update_body(fields, changes))
                .await?;
            Ok((Done::Updated, target_id.clone()))
        }
        (Action::Create, TargetMilestone::GitCode(fields), Endpoint::GitCode(repo)) => {
            create_on_gitcode(repo, fields, shared).await
        }
        (Action::Create, TargetMilestone::SourceCraft(fields), Endpoint::SourceCraft(repo)) => {
            create_on_sourcecraft(repo, fields, shared.journal).await
        }
        _ => unreachable!("the plan was made for this target"),
    }
}

/// A GitCode target id is the milestone's number; anything else would
/// update the wrong milestone, so it is refused rather than guessed.
fn parse_number(id: &str) -> Result<WholeNumber, ApiError> {
    id.parse().map_err(|_| {
        ApiError::new(
            Provider::GitCode,
            format!("update milestone {id:?}"),
            Failure::InvalidRequest(format!("`{id}` is not a GitCode milestone number")),
        )
    })
}

/// A pause before sending a create again, or looking again for one.
/// Waits `pause(round)` before looking on the target again for a create
/// whose fate is unknown, saying so when the wait is long enough to notice.
pub(crate) async fn wait_to_look_again(provider: Provider, round: u32, what: &str) {
    let wait = pause(round);
    waits::announce(WaitEvent {
        provider: provider.name(),
        reason: WaitReason::LookingForCreate {
            what: what.to_owned(),
        },
        wait,
    });
    tokio::time::sleep(wait).await;
}

fn pause(round: u32) -> Duration {
    Duration::from_millis(100 * 2u64.pow(round.min(6)))
}

/// A success status whose answer did not carry the milestone (`202
/// Accepted`, an empty body): the create happened, the milestone must be
/// looked up, and sending it again would make a second one.
pub(crate) fn answered_without_milestone(error: &ApiError) -> bool {
    matches!(error.status(), Some(200..=299))
}

/// Sends one create with its journal line around it. The line is cleared
/// at once when the answer settles the create's fate; after an ambiguous
/// failure its ticket is handed back, and the caller clears it (with
/// [`settle`]) once the milestone is found or known to have failed.
pub(crate) async fn journaled<T>(
    journal: Option<&Journal>,
    what: &str,
    send: impl Future<Output = Result<T, ApiError>>,
) -> (Result<T, ApiError>, Option<Ticket>) {
    let ticket = journal.map(|j| j.sent(what));
    let result = send.await;
    let settled = match &result {
        Ok(_) => true,
        Err(error) => !error.may_have_committed() && !answered_without_milestone(error),
    };
    match (settled, journal, ticket) {
        (true, Some(journal), Some(ticket)) => {
            journal.answered(ticket);
            (result, None)
        }
        (_, _, ticket) => (result, ticket),
    }
}

/// Clears the journal lines of a milestone whose fate is now known.
pub(crate) fn settle(journal: Option<&Journal>, tickets: Vec<Ticket>) {
    if let Some(journal) = journal {
        for ticket in tickets {
            journal.answered(ticket);
        }
    }
}

/// Creates on GitCode exactly once. After an ambiguous failure, or an
/// answer without the milestone, the repository is listed and an unclaimed
/// milestone with the same title and due date is taken to be ours.
async fn create_on_gitcode(
    repo: &GitCodeRepo,
    fields: &GitCodeFields,
    shared: &Shared<'_>,
) -> Result<(Done, String), ApiError> {
    let body = gitcode_map::create_body(fields);
    let what = format!("{} {:?} due {}", repo.repo(), body.title, body.due_on);
    let mut round = 0;
    let mut tickets = Vec::new();
    let created = loop {
        let (result, ticket) = journaled(shared.journal, &what, repo.create(&body)).await;
        tickets.extend(ticket);
        match result {
            Ok(created) => break created,
            Err(error) if answered_without_milestone(&error) => {
                break look_up_gitcode(repo, &body, &shared.claimed, &error).await?;
            }
            Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                round += 1;
                let listing = repo.list_all(|_| {}).await?;
                if let Some(found) = claim_unclaimed(listing, &body, &shared.claimed) {
                    break found;
                }
                wait_to_look_again(Provider::GitCode, round, &what).await;
            }
            Err(error) => {
                settle(shared.journal, tickets);
                return Err(error);
            }
        }
    };
    settle(shared.journal, tickets);
    let number = created.number.clone();
    lock(&shared.claimed).insert(number.to_string());
    if !gitcode_map::changes(&created, fields).is_empty() {
        update_gitcode(repo, &number, fields, &shared.gitcode_verbs).await?;
    }
    Ok((Done::Created, number.to_string()))
}

/// Finds the milestone a create stored although its answer did not say
/// which; never sends the create again.
async fn look_up_gitcode(
    repo: &GitCodeRepo,
    body: &gitcode::types::CreateMilestoneBody,
    claimed: &Mutex<HashSet<String>>,
    answer: &ApiError,
) -> Result<gitcode::types::Milestone, ApiError> {
    for round in 0..LOOKUP_ROUNDS {
        let listing = repo.list_all(|_| {}).await?;
        if let Some(found) = claim_unclaimed(listing, body, claimed) {
            return Ok(found);
        }
        let what = format!("{} {:?} due {}", repo.repo(), body.title, body.due_on);
        wait_to_look_again(Provider::GitCode, round, &what).await;
    }
    Err(not_found_after_success(answer))
}

pub(crate) fn not_found_after_success(answer: &ApiError) -> ApiError {
    ApiError::new(
        answer.provider,
        answer.operation.clone(),
        Failure::InvalidResponse {
            status: answer.status(),
            message: "the provider accepted the create but the milestone does not appear on the \
                      target; it was not sent again, so as not to make two: run the same command \
                      again later"
                .to_owned(),
        },
    )
}

/// The first milestone with the body's title and due date that no other
/// plan item has matched or created: the one our lost create stored.
fn claim_unclaimed(
    listing: Vec<gitcode::types::Milestone>,
    body: &gitcode::types::CreateMilestoneBody,
    claimed: &Mutex<HashSet<String>>,
) -> Option<gitcode::types::Milestone> {
    let mut claimed = lock(claimed);
    let found = listing.into_iter().find(|m| {
        m.title == body.title
            && m.due_on.as_deref() == Some(body.due_on.as_str())
            && !claimed.contains(&m.number.to_string())
    })?;
    claimed.insert(found.number.to_string());
    Some(found)
}

/// GitCode's words for a state change: documented as `open`/`closed`, but
/// some of its endpoints want `reopen`/`close`.
fn state_word(state: State, verbs: bool) -> &'static str {
    match (state, verbs) {
        (State::Open, false) => "open",
        (State::Closed, false) => "closed",
        (State::Open, true) => "reopen",
        (State::Closed, true) => "close",
    }
}

/// Updates a GitCode milestone and checks the state in the answer. When
/// GitCode refuses or ignores `closed`/`open`, `close`/`reopen` is tried
/// (and used from then on); when neither works the milestone fails with
/// what the provider said.
async fn update_gitcode(
    repo: &GitCodeRepo,
    number: &WholeNumber,
    fields: &GitCodeFields,
    verbs: &AtomicBool,
) -> Result<(), ApiError> {
    let mut body = gitcode_map::update_body(fields);
    let first_verbs = verbs.load(Ordering::Relaxed);
    let mut refusal = None;
    for use_verbs in [first_verbs, !first_verbs] {
        body.state = Some(state_word(fields.state, use_verbs).to_owned());
        match repo.update(number, &body).await {
            Ok(answer) => {
                let state = match answer.state {
                    Some(_) => answer.state.clone(),
                    None => repo.get(number).await?.state,
                };
                if gitcode_map::parse_state(state.as_deref()).ok() == Some(fields.state) {
                    verbs.store(use_verbs, Ordering::Relaxed);
                    return Ok(());
                }
                refusal.get_or_insert(ApiError::new(
                    Provider::GitCode,
                    format!(
                        "update milestone {number} ({:?}) in {}",
                        body.title,
                        repo.repo()
                    ),
                    Failure::InvalidResponse {
                        status: Some(200),
                        message: format!(
                            "the milestone stays {:?} after asking for state {:?}",
                            state.as_deref().unwrap_or("(none)"),
                            body.state.as_deref().unwrap_or_default()
                        ),
                    },
                ));
            }
            Err(error) if matches!(error.status(), Some(400 | 422)) => {
                refusal.get_or_insert(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(refusal.unwrap_or_else(|| {
        ApiError::new(
            Provider::GitCode,
            format!("update milestone {number}"),
            Failure::InvalidRequest("no state could be set".to_owned()),
        )
    }))
}

/// A refusal that says the slug is taken, whatever its shape: 409, or a
/// 400 or gateway error whose message says so.
fn is_conflict(error: &ApiError) -> bool {
    if error.status() == Some(409) {
        return true;
    }
    let message = match &error.failure {
        Failure::Status { message, .. } => message.clone().unwrap_or_default(),
        Failure::InvalidResponse { message, .. } => message.clone(),
        _ => String::new(),
    }
    .to_lowercase();
    [
        "already exist",
        "taken",
        "conflict",
        "duplicate",
        "not unique",
    ]
    .iter()
    .any(|phrase| message.contains(phrase))
}

/// Creates on SourceCraft exactly once. Slugs are unique, so after an
/// ambiguous failure, an answer without the milestone, or any answer that
/// says the slug is taken, the milestone under the slug is fetched: ours
/// when it holds what we sent, someone else's (left untouched, and this
/// milestone fails) when not.
async fn create_on_sourcecraft(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
    journal: Option<&Journal>,
) -> Result<(Done, String), ApiError> {
    let body = sourcecraft_map::create_body(fields);
    let what = format!("{} slug {:?}", repo.repo(), fields.slug);
    let mut round = 0;
    let mut tickets = Vec::new();
    let outcome = loop {
        let (result, ticket) = journaled(journal, &what, repo.create(&body)).await;
        tickets.extend(ticket);
        match result {
            Ok(created) => break Ok(created),
            Err(error) if answered_without_milestone(&error) => {
                break look_up_sourcecraft(repo, fields, &error).await;
            }
            Err(error) if is_conflict(&error) => break ours_or_theirs(repo, fields).await,
            Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                round += 1;
                match repo.get(&fields.slug).await {
                    Ok(found) => break check_ours(repo, found, fields),
                    Err(lookup) if lookup.status() == Some(404) => {
                        wait_to_look_again(Provider::SourceCraft, round, &what).await
                    }
                    Err(lookup) => break Err(lookup),
                }
            }
            Err(error) => break Err(error),
        }
    };
    settle(journal, tickets);
    let created = outcome?;
    let changes = sourcecraft_map::changes(&created, fields);
    if !changes.is_empty() {
        repo.update(
            &fields.slug,
            &sourcecraft_map::update_body(fields, &changes),
        )
        .await?;
    }
    Ok((Done::Created, fields.slug.clone()))
}

async fn look_up_sourcecraft(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
    answer: &ApiError,
) -> Result<sourcecraft::types::Milestone, ApiError> {
    for round in 0..LOOKUP_ROUNDS {
        match repo.get(&fields.slug).await {
            Ok(found) => return check_ours(repo, found, fields),
            Err(lookup) if lookup.status() == Some(404) => {
                let what = format!("{} slug {:?}", repo.repo(), fields.slug);
                wait_to_look_again(Provider::SourceCraft, round, &what).await
            }
            Err(lookup) => return Err(lookup),
        }
    }
    Err(not_found_after_success(answer))
}

async fn ours_or_theirs(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
) -> Result<sourcecraft::types::Milestone, ApiError> {
    let found = repo.get(&fields.slug).await?;
    check_ours(repo, found, fields)
}

/// The milestone under our slug is ours when everything a create sets
/// (name, description, dates) is what we sent; the status may still differ,
/// as closing comes after the create.
fn check_ours(
    repo: &SourceCraftRepo,
    found: sourcecraft::types::Milestone,
    fields: &SourceCraftFields,
) -> Result<sourcecraft::types::Milestone, ApiError> {
    let differing: Vec<&str> = sourcecraft_map::changes(&found, fields)
        .into_iter()
        .filter(|c| c.field != "status")
        .map(|c| c.field)
        .collect();
    if differing.is_empty() {
        return Ok(found);
    }
    Err(ApiError::new(
        Provider::SourceCraft,
        format!(
            "create milestone {:?} ({}) in {}",
            fields.name,
            fields.slug,
            repo.repo()
        ),
        Failure::InvalidResponse {
            status: Some(409),
            message: format!(
                "the slug {:?} is taken by another milestone ({:?}, differing in {}); it was left \
                 untouched: rename one of them, then run the same command again",
                fields.slug,
                found.name.as_deref().unwrap_or_default(),
                differing.join(", ")
            ),
        },
    ))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, message: &str) -> ApiError {
        ApiError::new(
            Provider::SourceCraft,
            "create",
            Failure::Status {
                status,
                message: Some(message.to_owned()),
                request_id: None,
                retry_after: None,
            },
        )
    }

    #[test]
    fn conflicts_are_read_from_any_shape() {
        assert!(is_conflict(&status(409, "")));
        assert!(is_conflict(&status(400, "slug \"beta\" is already taken")));
        assert!(is_conflict(&status(400, "Milestone already exists")));
        assert!(!is_conflict(&status(400, "name must not be empty")));
        assert!(!is_conflict(&status(503, "unavailable")));
    }

    #[test]
    fn any_success_status_is_a_create() {
        assert!(answered_without_milestone(&status(202, "")));
        assert!(answered_without_milestone(&status(204, "")));
        assert!(!answered_without_milestone(&status(409, "")));
    }

    #[test]
    fn gitcode_state_words() {
        assert_eq!(state_word(State::Closed, false), "closed");
        assert_eq!(state_word(State::Closed, true), "close");
        assert_eq!(state_word(State::Open, false), "open");
        assert_eq!(state_word(State::Open, true), "reopen");
    }
}
