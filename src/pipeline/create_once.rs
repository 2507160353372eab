//! The exactly-once create, written once for every provider and kind of
//! object: a provider hands in how to send its create and how to list what
//! is under the object's key, and this decides.
//!
//! The create is journaled while its fate is unknown. After a failure that
//! may have stored it, or an answer without the object, what is under the
//! key is looked at before anything is sent again: an unclaimed object
//! there is taken instead. After an answer that says the key is taken, the
//! object under it is ours when it holds what we sent (the state may
//! differ, as some providers close after creating); otherwise it belongs
//! to someone else, is left untouched, and this object fails.

use std::future::Future;

use super::write::{
    CREATE_ROUNDS, LOOKUP_ROUNDS, answered_without_milestone, is_conflict, journaled,
    not_found_after_success, settle, wait_to_look_again,
};
use crate::{
    forge::{Forge, WriteContext},
    mapping::Field,
    net::error::{ApiError, Failure},
    record::Neutral,
};

/// Creates `fields` exactly once in `place` (the repository, as shown)
/// and returns the stored object. `send` sends one create; `look` lists
/// the target's objects (every one, or those under the key).
pub async fn create_once<F, S, L>(
    context: &WriteContext<'_, F>,
    place: &str,
    fields: &F::Fields,
    send: impl Fn() -> S,
    look: impl Fn() -> L,
) -> Result<F::Object, ApiError>
where
    F: Forge,
    S: Future<Output = Result<F::Object, ApiError>>,
    L: Future<Output = Result<Vec<F::Object>, ApiError>>,
{
    let what = format!("{place} {:?}", F::fields_title(fields));
    let mut round = 0;
    let mut tickets = Vec::new();
    let outcome = loop {
        let (result, ticket) = journaled(context.journal, &what, send()).await;
        tickets.extend(ticket);
        match result {
            Ok(created) => {
                context.claim_first([created.clone()]);
                break Ok(created);
            }
            Err(error) if answered_without_milestone(&error) => {
                break look_up(context, place, fields, &look, &error).await;
            }
            Err(error) if is_conflict(&error) => {
                break match look().await {
                    Ok(listing) => match claim_under_key(context, fields, listing) {
                        Some(found) => check_ours::<F>(place, found, fields, &error),
                        None => Err(error),
                    },
                    Err(lookup) => Err(lookup),
                };
            }
            Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                round += 1;
                match look().await {
                    Ok(listing) => {
                        if let Some(found) = claim_under_key(context, fields, listing) {
                            break check_ours::<F>(place, found, fields, &error);
                        }
                    }
                    Err(lookup) => break Err(lookup),
                }
                wait_to_look_again(error.provider, round, &what).await;
            }
            Err(error) => break Err(error),
        }
    };
    settle(context.journal, tickets);
    outcome
}

/// Creates `fields` exactly once (see [`create_once`]), then writes what
/// the create could not set (a closed state, a name's letter case) with the
/// forge's update; the object's key on the target.
pub async fn create_and_settle<F, S, L>(
    repo: &F::Repo,
    fields: &F::Fields,
    context: &WriteContext<'_, F>,
    send: impl Fn() -> S,
    look: impl Fn() -> L,
) -> Result<F::Id, ApiError>
where
    F: Forge,
    S: Future<Output = Result<F::Object, ApiError>>,
    L: Future<Output = Result<Vec<F::Object>, ApiError>>,
{
    let place = F::repo(repo).to_string();
    let created = create_once(context, &place, fields, send, look).await?;
    let Some(id) = F::id(&created) else {
        return Err(ApiError::new(
            F::PROVIDER,
            format!(
                "create {} {:?} in {place}",
                <F::Record as Neutral>::KIND.one(),
                F::fields_title(fields)
            ),
            Failure::InvalidResponse {
                status: None,
                message: format!("the answer has no {}", F::ID_FIELD),
            },
        ));
    };
    let remaining = F::changes(&created, fields);
    if !remaining.is_empty() {
        F::update(repo, &id, fields, &remaining, context).await?;
    }
    Ok(id)
}

/// Finds the object a create stored although its answer did not say
/// which; never sends the create again.
async fn look_up<F, L>(
    context: &WriteContext<'_, F>,
    place: &str,
    fields: &F::Fields,
    look: &impl Fn() -> L,
    answer: &ApiError,
) -> Result<F::Object, ApiError>
where
    F: Forge,
    L: Future<Output = Result<Vec<F::Object>, ApiError>>,
{
    let what = format!("{place} {:?}", F::fields_title(fields));
    for round in 0..LOOKUP_ROUNDS {
        if let Some(found) = claim_under_key(context, fields, look().await?) {
            return check_ours::<F>(place, found, fields, answer);
        }
        wait_to_look_again(answer.provider, round, &what).await;
    }
    Err(not_found_after_success(answer))
}

/// The first object under our key that no other object of this run has
/// matched or created, claimed now.
fn claim_under_key<F: Forge>(
    context: &WriteContext<'_, F>,
    fields: &F::Fields,
    listing: Vec<F::Object>,
) -> Option<F::Object> {
    let key = F::fields_match_key(fields);
    context.claim_first(listing.into_iter().filter(|found| {
        F::match_key(found).as_deref() == Some(key.as_ref())
            && (F::UNIQUE_KEYS || differing::<F>(found, fields).is_empty())
    }))
}

/// The fields other than the state in which `found` differs from what we
/// sent (a closed object may be created open, then closed).
fn differing<F: Forge>(found: &F::Object, fields: &F::Fields) -> Vec<&'static str> {
    F::changes(found, fields)
        .into_iter()
        .filter(|change| change.field != Field::State)
        .map(|change| change.name)
        .collect()
}

/// The object under our key is ours when everything but the state is what
/// we sent; otherwise it belongs to someone else and is left alone.
fn check_ours<F: Forge>(
    place: &str,
    found: F::Object,
    fields: &F::Fields,
    answer: &ApiError,
) -> Result<F::Object, ApiError> {
    let differing = differing::<F>(&found, fields);
    if differing.is_empty() {
        return Ok(found);
    }
    let kind = <F::Record as Neutral>::KIND.one();
    // The other object by its own key, or by its title when that is the key.
    let other = match F::ID_FIELD == F::KEY_FIELD {
        true => format!("{:?}", F::title(&found)),
        false => format!("{} {}", F::ID_FIELD, F::shown_id(&found)),
    };
    Err(ApiError::new(
        answer.provider,
        format!("create {kind} {:?} in {place}", F::fields_title(fields)),
        Failure::InvalidResponse {
            status: answer.status(),
            message: format!(
                "the {} {:?} is taken in {place} by another {kind} ({other}, differing in {}); it \
                 was left untouched: rename one of them, then run the same command again",
                F::KEY_FIELD,
                F::fields_match_key(fields),
                differing.join(", ")
            ),
        },
    ))
}
