//! What the sandbox needs of a provider's imitation, which lives in that
//! provider's folder (`providers/<name>/sandbox*.rs`): where it is mounted,
//! the token it accepts, its state and how the seed fills it, its sample,
//! its routes, how it checks a token, and the shape of its refusals. The
//! sandbox wraps every route in the same gate (faults, rate limits,
//! counting) whatever the provider.

use std::fmt;
use std::sync::Arc;

use axum::{Router, http::StatusCode, http::request::Parts, response::Response};

use super::{Faults, NumberQuirks, ProviderSeed, Shared, keyed::Part};
use crate::forge::Forge;

/// A refusal the gate makes before a handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    PayloadTooLarge,
    TooManyRequests,
    Unavailable,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// The flags of an imitation that has no faults of its own.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct NoFlags {}

/// The `mileport sandbox` flags of an imitation's own faults, and the
/// faults they describe (kept in `Faults::by_provider`).
pub trait OwnFlags: clap::Args + fmt::Debug {
    /// Its own faults, as its handlers read them.
    type Faults: Part + Clone + Default;
    /// The faults these flags describe.
    fn faults(&self) -> Self::Faults;
}

impl OwnFlags for NoFlags {
    type Faults = ();

    fn faults(&self) {}
}

/// The faults that `flags`, as given to `mileport sandbox`, set of the
/// imitation whose flags are `A`.
#[cfg(test)]
pub(crate) fn faults_of<A: OwnFlags>(flags: &[&str]) -> A::Faults {
    let command = A::augment_args(clap::Command::new("sandbox"));
    let matches = command
        .try_get_matches_from(std::iter::once("sandbox").chain(flags.iter().copied()))
        .expect("the flags parse");
    A::from_arg_matches(&matches)
        .expect("the flags are read")
        .faults()
}

/// An imitation's state, as the sandbox fills and counts it.
pub trait Holding<Object, Label>: Default + fmt::Debug + Send + 'static {
    /// Loads its part of the seed. Seeded milestones keep their keys; the
    /// counters continue above them.
    fn seed(&mut self, seed: ProviderSeed<Object, Label>);
    /// Every repository it holds (`owner/repo`), with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)>;
}

/// A provider as the sandbox imitates it.
pub trait Imitation: Forge {
    /// Where its API is mounted on the sandbox's port (`/gitcode/api/v5`).
    const PREFIX: &'static str;
    /// The token it accepts unless told otherwise.
    const DEFAULT_TOKEN: &'static str;
    /// What is worth noticing in its sample's milestones, as the demo
    /// says it (`in Chinese, Russian and emoji`).
    const SAMPLE_ABOUT: &'static str;
    /// Whether a user, not only an organisation, can own repositories.
    const USERS: bool = true;
    /// Its state: repositories, milestones, labels, counters.
    type Store: Holding<Self::Object, Self::Label>;
    /// A label as it goes on its wire (its generated `Label`).
    type Label: Clone + fmt::Debug + PartialEq + Send + Sync + 'static;

    /// The milestones of the built-in sample repository.
    fn sample() -> Vec<Self::Object>;
    /// The labels of the built-in sample repository.
    fn sample_labels() -> Vec<Self::Label>;

    /// The `mileport sandbox` flags of its own faults ([`NoFlags`] when it
    /// has none), named `--<id>-…`.
    type Args: OwnFlags;
    /// Sets its own part of `faults` (`Faults::by_provider`) as `args` say.
    fn set_faults(args: &Self::Args, faults: &mut Faults) {
        faults.by_provider.set(Self::PROVIDER, args.faults());
    }
    /// Which of the shared number rewrites its own faults ask of its
    /// successful answers (none unless it has such faults).
    fn number_quirks(_faults: &Faults) -> NumberQuirks {
        NumberQuirks::default()
    }

    /// Its routes, with the layers of its own (rate-limit headers…); the
    /// sandbox adds the gate around them.
    fn routes(router: Router<Arc<Shared>>, shared: &Arc<Shared>) -> Router<Arc<Shared>>;
    /// The answer for paths it does not know.
    fn not_found(shared: &Shared) -> Response;
    /// Whether the request carries its token the way it accepts one.
    fn authorized(shared: &Shared, parts: &Parts) -> bool;
    /// Its answer to a missing or wrong token.
    fn unauthorized(shared: &Shared) -> Response;
    /// Its answer to a refusal of the gate, with `message`.
    fn refuse(shared: &Shared, refusal: Refusal, message: &str) -> Response;
}
