//! The family's imitation, written once: the wire's shapes and paging
//! (`wire.rs`), the state (`store.rs`), the milestone reads
//! (`milestones.rs`) and writes (`writes.rs`), the label routes
//! (`labels.rs`), the owner listings (`owners.rs`) and the built-in sample
//! (`sample.rs`). A member's `sandbox.rs` implements [`V5Side`]: its
//! addresses on the real service, the faults it reads the family's quirks
//! from, the state words it takes, and the shape of its 400.

pub mod labels;
pub mod milestones;
pub mod owners;
pub mod sample;
pub mod store;
pub mod wire;
pub mod writes;

use std::sync::Arc;

use axum::{Router, response::Response, routing};
use serde_json::{Map, Value};

use self::{owners::Owners, store::Store, wire::Invalid};
use super::{V5, WireMilestone};
use crate::{
    forge::Identity,
    net::number::WholeNumber,
    sandbox::{Faults, Shared, imitation::Imitation, owners as sandbox_owners},
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
    /// The fields a write changes, in place.
    fn parts_mut(&mut self) -> MilestonePartsMut<'_>;
    /// The state a seeded milestone is stored with: what its side answers
    /// for an open one (`active`, `open`), anything else kept.
    fn seeded_state(state: Option<&str>) -> Option<String>;
}

/// The fields of a [`StoredMilestone`] an update (or a seed's state)
/// changes.
pub struct MilestonePartsMut<'a> {
    pub title: &'a mut String,
    pub description: &'a mut Option<String>,
    pub due_on: &'a mut Option<String>,
    pub state: &'a mut Option<String>,
    pub updated_at: &'a mut Option<String>,
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
    /// The addresses (`url`, `html_url`) and the `id` it gives the
    /// milestone `number` of the repository `repo` (`owner/name`).
    fn milestone_links(repo: &str, number: i64) -> Map<String, Value>;
    /// The state an update's `state` (if any) stores, in the words the
    /// faults say it takes, or the 400 that says why not.
    fn state_written(asked: Option<&str>, faults: &Faults) -> Result<Option<String>, Invalid>;
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
}

/// The family's routes on `router`: labels, milestones, owner listings.
pub fn routes<P: V5Side>(router: Router<Arc<Shared>>) -> Router<Arc<Shared>>
where
    <P as Identity>::Object: StoredMilestone,
{
    labels::routes::<P>(router)
        .route(
            "/repos/{owner}/{repo}/milestones",
            routing::get(milestones::list::<P>).post(writes::create::<P>),
        )
        .route(
            "/repos/{owner}/{repo}/milestones/{number}",
            routing::get(milestones::get::<P>)
                .patch(writes::update::<P>)
                .delete(milestones::delete::<P>),
        )
        .route(
            "/orgs/{org}/repos",
            routing::get(sandbox_owners::list_org::<Owners<P>>),
        )
        .route(
            "/users/{username}/repos",
            routing::get(sandbox_owners::list_user::<Owners<P>>),
        )
}
