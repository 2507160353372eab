//! The family's imitation, written once: the wire's shapes and paging
//! (`wire.rs`), the state (`store.rs`), the milestone reads
//! (`milestones.rs`), the label routes (`labels.rs`) and the owner listings
//! (`owners.rs`). A member's `sandbox.rs` adds its milestone writes and
//! implements [`V5Side`]: its addresses on the real
//! service, the faults it reads the family's quirks from, and the shape of
//! its 400.

pub mod labels;
pub mod milestones;
pub mod owners;
pub mod store;
pub mod wire;

use axum::response::Response;

use self::store::Store;
use super::{V5, WireMilestone};
use crate::{
    providers::{forge::Identity, number::WholeNumber},
    sandbox::{Faults, imitation::Imitation},
};

/// The family's quirks, as a member's faults set them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quirks {
    /// The most items a page holds (`0`: the documented 100).
    pub page_cap: usize,
    /// Listings answered without `total_count` and `total_page`.
    pub no_totals: bool,
    /// Label colours answered without their `#`.
    pub bare_label_colors: bool,
}

/// A stored milestone, as the family's state reads it when seeded.
pub trait StoredMilestone: WireMilestone {
    fn repository_id(&self) -> Option<&WholeNumber>;
    fn due_on(&self) -> Option<&str>;
    fn state_mut(&mut self) -> &mut Option<String>;
}

/// A member of the family, as the sandbox imitates it.
pub trait V5Side:
    V5
    + Imitation<
        Store = Store<<Self as Identity>::Object, <Self as V5>::Label, <Self as V5Side>::Extra>,
        Label = <Self as V5>::Label,
    >
{
    /// Its API on the real service (`https://api.gitcode.com/api/v5`), for
    /// the `url` of what it answers.
    const API_URL: &'static str;
    /// Its web site (`https://gitcode.com`), for `html_url`.
    const WEB_URL: &'static str;
    /// Its host for git over SSH (`gitcode.com`).
    const SSH_HOST: &'static str;
    /// What its state holds beyond the family's (Gitee: its rate limit).
    type Extra: Default + std::fmt::Debug + Send + 'static;

    /// The family's quirks its faults ask for.
    fn quirks(faults: &Faults) -> Quirks;
    /// Its 400 for a rejected parameter, saying `text`.
    fn invalid(text: &str) -> Response;
    /// Whether a stored milestone in `state` is open.
    fn is_open(state: Option<&str>) -> bool;
    /// The `state` a listing filters by, as the faults bend what was asked
    /// (by default what was asked, else `open`).
    fn state_asked<'a>(asked: Option<&'a str>, _faults: &Faults) -> &'a str {
        asked.unwrap_or("open")
    }
    /// A stored milestone as the side answers it (by default, as stored).
    fn answered(
        milestone: &<Self as Identity>::Object,
        _faults: &Faults,
    ) -> <Self as Identity>::Object {
        milestone.clone()
    }
    /// The state a seeded milestone is stored with: what it answers for an
    /// open one (`active`, `open`), anything else kept.
    fn seeded_state(state: Option<&str>) -> Option<String>;
}
