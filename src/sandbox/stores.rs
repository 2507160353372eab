//! The providers' states, keyed by provider: each imitation keeps its own
//! (`Imitation::Store`, in its folder), behind a lock of its own.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use super::imitation::{Holding, Imitation};
use super::{SeedData, lock};
use crate::provider::Provider;
use crate::with_forge;

/// Every provider's state, made empty for each provider on start.
pub(crate) struct Stores {
    by_provider: BTreeMap<Provider, Box<dyn Any + Send + Sync>>,
}

impl Stores {
    /// Every provider's state, filled from `seed`.
    pub fn new(seed: SeedData) -> Stores {
        let by_provider = Provider::ALL
            .into_iter()
            .map(|provider| (provider, with_forge!(provider, F => empty::<F>())))
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
        for provider in Provider::ALL {
            with_forge!(provider, F => self.of::<F>().seed(seed.take::<F>()));
        }
    }

    /// Every repository held, as `provider:owner/repo` with its milestone
    /// count, provider by provider.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        let held = |provider: Provider| with_forge!(provider, F => self.of::<F>().repositories());
        Provider::ALL
            .into_iter()
            .flat_map(|provider| {
                let named = move |(name, count)| (format!("{}:{name}", provider.id()), count);
                held(provider).into_iter().map(named)
            })
            .collect()
    }
}

fn empty<I: Imitation>() -> Box<dyn Any + Send + Sync> {
    Box::new(Mutex::new(I::Store::default()))
}

impl fmt::Debug for Stores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.by_provider.keys()).finish()
    }
}
