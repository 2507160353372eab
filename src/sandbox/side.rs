//! Each provider's imitation as the sandbox reaches it without naming it:
//! a [`Side`] its folder registers in [`IMITATIONS`], made of the
//! imitation's own functions. The sandbox walks this list to make the
//! stores, load the seed and mount the routes.

use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;

use super::imitation::{Holding, Imitation};
use super::stores::Stores;
use super::{SeedData, Shared, routes, sample};
use crate::provider::Provider;

/// Every imitation, each registered by its provider's folder.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice]
pub(crate) static IMITATIONS: [Side];

/// One provider's imitation, as functions of the sandbox's own types.
pub(crate) struct Side {
    pub provider: Provider,
    /// Where its API is mounted on the sandbox's port (`/gitcode/api/v5`).
    pub prefix: &'static str,
    /// The token it accepts unless told otherwise.
    pub default_token: &'static str,
    /// Whether a user, not only an organisation, can own repositories.
    pub users: bool,
    /// Its state, empty.
    pub(crate) empty: fn() -> Box<dyn Any + Send + Sync>,
    /// Loads its part of a seed into its state.
    pub(crate) seed: fn(&Stores, &mut SeedData),
    /// Every repository it holds, with its milestone count.
    pub(crate) repositories: fn(&Stores) -> Vec<(String, usize)>,
    /// Its routes, gated.
    pub(crate) mount: fn(&Arc<Shared>) -> Router,
    /// Sets its part of a seed to the built-in sample.
    pub(crate) sample: fn(&mut SeedData),
    /// Declares a repository (`owner/repo`) unless it is held.
    pub(crate) declare: fn(&mut SeedData, String),
    /// Marks a repository as answering 404.
    pub(crate) missing: fn(&mut SeedData, String),
    /// Marks an owner as a user.
    pub(crate) user: fn(&mut SeedData, String),
    /// The owners marked as users.
    pub(crate) users_of: fn(&mut SeedData) -> Vec<String>,
}

impl Side {
    /// The side of the imitation `I`.
    pub(crate) const fn of<I: Imitation>() -> Side {
        Side {
            provider: I::PROVIDER,
            prefix: I::PREFIX,
            default_token: I::DEFAULT_TOKEN,
            users: I::USERS,
            empty: empty::<I>,
            seed: seed::<I>,
            repositories: repositories::<I>,
            mount: routes::mount::<I>,
            sample: |seed| *seed.part::<I>() = sample::part::<I>(),
            declare: |seed, path| {
                seed.part::<I>().milestones.entry(path).or_default();
            },
            missing: |seed, path| {
                seed.part::<I>().missing.insert(path);
            },
            user: |seed, name| {
                seed.part::<I>().users.insert(name);
            },
            users_of: |seed| seed.part::<I>().users.iter().cloned().collect(),
        }
    }
}

/// Every imitation, in the order providers are listed.
pub(crate) fn sides() -> &'static [&'static Side] {
    static SORTED: OnceLock<Vec<&'static Side>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut sides: Vec<&'static Side> = IMITATIONS.iter().collect();
        sides.sort_by_key(|side| side.provider);
        sides
    })
}

/// The imitation of `provider`.
pub(crate) fn side(provider: Provider) -> &'static Side {
    sides()
        .iter()
        .copied()
        .find(|side| side.provider == provider)
        // Every provider's folder registers its imitation beside its
        // description; `tests` below checks that none is missing.
        .unwrap_or_else(|| unreachable!("{provider} has no imitation registered"))
}

fn empty<I: Imitation>() -> Box<dyn Any + Send + Sync> {
    Box::new(Mutex::new(I::Store::default()))
}

fn seed<I: Imitation>(stores: &Stores, seed: &mut SeedData) {
    stores.of::<I>().seed(seed.take::<I>());
}

fn repositories<I: Imitation>(stores: &Stores) -> Vec<(String, usize)> {
    stores.of::<I>().repositories()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_one_imitation() {
        for provider in Provider::all() {
            let count = IMITATIONS
                .iter()
                .filter(|side| side.provider == *provider)
                .count();
            assert_eq!(count, 1, "{provider}");
        }
        assert_eq!(IMITATIONS.len(), Provider::all().len());
    }
}
