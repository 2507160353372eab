//! What a provider's writes to one target share for the length of a run:
//! the journal creates are recorded in, the milestones this run has taken
//! as its own (so that a look-up for a lost create never takes one of them
//! for it), and what the provider has learnt about its server.

use std::{
    collections::HashSet,
    sync::{Mutex, MutexGuard},
};

use super::Forge;
use crate::state::journal::Journal;

/// What the writes to one target share for the length of a run.
pub struct WriteContext<'a, F: Forge> {
    pub journal: Option<&'a Journal>,
    /// Milestones matched or created by this run, so that a look-up for a
    /// lost create never takes one of them for it.
    pub claimed: Mutex<HashSet<F::Id>>,
    /// What the provider has learnt about its server during the run.
    pub state: F::WriteState,
}

impl<'a, F: Forge> WriteContext<'a, F> {
    pub fn new(journal: Option<&'a Journal>, claimed: impl IntoIterator<Item = F::Id>) -> Self {
        WriteContext {
            journal,
            claimed: Mutex::new(claimed.into_iter().collect()),
            state: F::WriteState::default(),
        }
    }

    /// Marks `id` as this run's.
    pub fn claim(&self, id: F::Id) {
        lock(&self.claimed).insert(id);
    }

    /// The first of `candidates` that no other milestone of this run has
    /// taken, now taken.
    pub fn claim_first(
        &self,
        candidates: impl IntoIterator<Item = F::Object>,
    ) -> Option<F::Object> {
        let mut claimed = lock(&self.claimed);
        let found = candidates
            .into_iter()
            .find(|m| F::id(m).is_some_and(|id| !claimed.contains(&id)))?;
        claimed.extend(F::id(&found));
        Some(found)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
