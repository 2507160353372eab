//! Carrying out a plan against the target, several milestones at a time.
//! A create that fails in a way that may have stored it anyway (a timeout,
//! a dropped connection, a 5xx) is never simply sent again: the target is
//! asked first whether the milestone is there. A closed milestone is created
//! and then closed, its close following its own create.

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
    },
};

/// How many times a create is re-sent after finding it was not stored.
const CREATE_ROUNDS: u32 = 6;

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

/// The outcome for one plan item, in plan order.
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

/// Applies the plan with at most `concurrency` milestones under way.
/// Milestones that fail for good do not stop the others; a failure that
/// stops the run (a provider asking to wait longer than `--max-wait`) stops
/// every milestone not yet started.
pub async fn apply(
    plan: &Plan,
    target: &Endpoint,
    concurrency: usize,
    observer: &dyn ApplyObserver,
) -> Vec<Outcome> {
    let claimed: Arc<Mutex<HashSet<String>>> =
        Arc::new(Mutex::new(plan.matched_ids().map(str::to_owned).collect()));
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
    let halted = AtomicBool::new(false);
    let halted = &halted;
    let mut outcomes: Vec<Outcome> = stream::iter(groups.into_values())
        .map(|indices| {
            let claimed = Arc::clone(&claimed);
            async move {
                let mut outcomes = Vec::with_capacity(indices.len());
                for index in indices {
                    if halted.load(Ordering::Relaxed) {
                        break;
                    }
                    let item = &plan.items[index];
                    let result = apply_one(item, target, &claimed).await;
                    if result.as_ref().is_err_and(ApiError::stops_the_run) {
                        halted.store(true, Ordering::Relaxed);
                    }
                    let outcome = Outcome { index, result };
                    observer.finished(item, &outcome);
                    outcomes.push(outcome);
                }
                outcomes
            }
        })
        .buffer_unordered(concurrency.max(1))
        .flat_map(stream::iter)
        .collect()
        .await;
    outcomes.sort_by_key(|o| o.index);
    outcomes
}

async fn apply_one(
    item: &PlanItem,
    target: &Endpoint,
    claimed: &Mutex<HashSet<String>>,
) -> Result<(Done, String), ApiError> {
    match (&item.action, &item.mapped.target, target) {
        (Action::Unchanged { target_id }, _, _) => Ok((Done::Unchanged, target_id.clone())),
        (
            Action::Update { target_id, .. },
            TargetMilestone::GitCode(fields),
            Endpoint::GitCode(repo),
        ) => {
            let number = parse_number(target_id)?;
            repo.update(&number, &gitcode_map::update_body(fields))
                .await?;
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
            create_on_gitcode(repo, fields, claimed).await
        }
        (Action::Create, TargetMilestone::SourceCraft(fields), Endpoint::SourceCraft(repo)) => {
            create_on_sourcecraft(repo, fields).await
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

/// A pause before sending a create again, after finding it was not stored.
fn pause(round: u32) -> Duration {
    Duration::from_millis(100 * 2u64.pow(round.min(6)))
}

/// Creates on GitCode exactly once. After an ambiguous failure the
/// repository is listed and an unclaimed milestone with the same title and
/// due date is taken to be ours.
async fn create_on_gitcode(
    repo: &GitCodeRepo,
    fields: &GitCodeFields,
    claimed: &Mutex<HashSet<String>>,
) -> Result<(Done, String), ApiError> {
    let body = gitcode_map::create_body(fields);
    let mut round = 0;
    let created = loop {
        match repo.create(&body).await {
            Ok(created) => break created,
            Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                round += 1;
                let listing = repo.list_all(|_| {}).await?;
                if let Some(found) = claim_unclaimed(listing, &body, claimed) {
                    break found;
                }
                tokio::time::sleep(pause(round)).await;
            }
            Err(error) => return Err(error),
        }
    };
    let number = created.number.clone();
    lock(claimed).insert(number.to_string());
    finish_gitcode(repo, &created, fields).await?;
    Ok((Done::Created, number.to_string()))
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

/// Brings a just-created (or just-found) GitCode milestone to what it should
/// be: closes it, or corrects it when the found one differs.
async fn finish_gitcode(
    repo: &GitCodeRepo,
    current: &gitcode::types::Milestone,
    fields: &GitCodeFields,
) -> Result<(), ApiError> {
    if !gitcode_map::changes(current, fields).is_empty() {
        repo.update(&current.number, &gitcode_map::update_body(fields))
            .await?;
    }
    Ok(())
}

/// Creates on SourceCraft exactly once. Slugs are unique, so after an
/// ambiguous failure, or a 409 for our own slug, the slug tells whether the
/// milestone is there.
async fn create_on_sourcecraft(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
) -> Result<(Done, String), ApiError> {
    let body = sourcecraft_map::create_body(fields);
    let mut round = 0;
    let created = loop {
        match repo.create(&body).await {
            Ok(created) => break created,
            Err(error) if error.status() == Some(409) => break repo.get(&fields.slug).await?,
            Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                round += 1;
                match repo.get(&fields.slug).await {
                    Ok(found) => break found,
                    Err(lookup) if lookup.status() == Some(404) => {
                        tokio::time::sleep(pause(round)).await
                    }
                    Err(lookup) => return Err(lookup),
                }
            }
            Err(error) => return Err(error),
        }
    };
    finish_sourcecraft(repo, &created, fields).await?;
    Ok((Done::Created, fields.slug.clone()))
}

async fn finish_sourcecraft(
    repo: &SourceCraftRepo,
    current: &sourcecraft::types::Milestone,
    fields: &SourceCraftFields,
) -> Result<(), ApiError> {
    let changes = sourcecraft_map::changes(current, fields);
    if !changes.is_empty() {
        repo.update(
            &fields.slug,
            &sourcecraft_map::update_body(fields, &changes),
        )
        .await?;
    }
    Ok(())
}

fn lock(set: &Mutex<HashSet<String>>) -> std::sync::MutexGuard<'_, HashSet<String>> {
    set.lock().unwrap_or_else(|e| e.into_inner())
}
