//! The providers' states, keyed by provider: each imitation keeps its own
//! (`Imitation::Store`, in its folder), behind a lock of its own.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use super::imitation::Imitation;
use super::side::sides;
use super::{SeedData, lock};
use crate::provider::Provider;

/// Every provider's state, made empty for each provider on start.
pub(crate) struct Stores {
    by_provider: BTreeMap<Provider, Box<dyn Any + Send + Sync>>,
}

impl Stores {
    /// Every provider's state, filled from `seed`.
    pub fn new(seed: SeedData) -> Stores {
        let by_provider = sides()
            .iter()
            .map(|side| (side.provider, (side.empty)()))
            .collect();
        let stores = Stores { by_provider };
        stores.seed(seed);
        stores
    }

    /// The state of the provider `I`, locked.
    pub fn of<I: Imitation>(&self) -> MutexGuard<'_, I::Store> {
        let store = self
            .by_provider
            .get(&I::PROVIDER)
            .and_then(|store| store.downcast_ref::<Mutex<I::Store>>())
            // `new` makes one of this type for every provider.
            .expect("every provider has a store of its own type");
        lock(store)
    }

    /// Loads more data into every provider's state.
    pub fn seed(&self, mut seed: SeedData) {
        for side in sides() {
            (side.seed)(self, &mut seed);
        }
    }

    /// Every repository held, as `provider:owner/repo` with its milestone
    /// count, provider by provider.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        sides()
            .iter()
            .flat_map(|side| {
                let id = side.provider.id();
                let named = move |(name, count)| (format!("{id}:{name}"), count);
                (side.repositories)(self).into_iter().map(named)
            })
            .collect()
    }
}

impl fmt::Debug for Stores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.by_provider.keys()).finish()
    }
}
