//! GitLab (API v4): its client (generated from `openapi/gitlab.yaml`),
//! adapter (`page`/`per_page` paging that follows `x-next-page` and never
//! relies on the totals, which GitLab leaves out above 10,000 records),
//! mapping (`due_date` and `start_date` as dates, `active`/`closed`),
//! writes (created active, then closed by `state_event=close`), an owner's
//! project listing, backup columns and sandbox imitation, each file
//! implementing its part of [`Forge`](crate::forge::Forge). A project is addressed
//! by its URL-encoded full path (groups nest: `gitlab:GROUP/SUB/PROJECT`);
//! milestones are keyed by their global `id` and matched by title, which
//! GitLab keeps unique across a project and its ancestor groups. The
//! milestones a project sees from its ancestor groups are listed with it.

pub mod adapter;
pub mod backup;
pub mod client;
mod groups;
pub mod labels;
pub mod limits;
pub mod mapping;
pub mod pages;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
mod sandbox_labels;
#[cfg(feature = "sandbox")]
mod sandbox_limits;
#[cfg(feature = "sandbox")]
mod sandbox_lost;
#[cfg(feature = "sandbox")]
mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
#[cfg(feature = "sandbox")]
mod sandbox_store;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::GitLabRepo, mapping::GitLabFields};
use crate::forge::Identity;
use crate::provider::Provider;
use crate::providers::gitlab::client::types::Milestone;
use crate::record::State;

/// Whether `token` is an OAuth access token: 64 hexadecimal digits, as
/// GitLab's OAuth provider issues them; GitLab's own tokens never are.
pub fn is_oauth(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// GitLab, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<GitLab, labels::GitLabLabels>(5);

/// GitLab's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// GitLab, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitLab;

impl Identity for GitLab {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "gitlab";
    const NAME: &'static str = "GitLab";
    const TOKEN_VAR: &'static str = "GITLAB_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "GITLAB_TOKEN_FILE";
    const URL_VAR: &'static str = "GITLAB_API_URL";
    const DEFAULT_URL: Option<&'static str> = Some("https://gitlab.com/api/v4");
    const WEB_HOSTS: &'static [&'static str] = &["gitlab.com"];
    const URL_NOTE: &'static str = "; self-managed: https://HOST/api/v4";
    /// GitLab takes a personal, group or project access token as
    /// `PRIVATE-TOKEN: TOKEN`.
    const AUTH_HEADER: &'static str = "PRIVATE-TOKEN";
    /// Groups nest: `gitlab:GROUP/SUB/PROJECT`.
    const NESTED_OWNERS: bool = true;

    /// An OAuth access token (64 hexadecimal digits, as GitLab issues
    /// them) goes as `Authorization: Bearer`, which GitLab asks of OAuth
    /// tokens; every other token (personal, group, project: `glpat-…`, or
    /// an older one of 20 characters) as `PRIVATE-TOKEN`.
    fn auth_for(token: &str) -> (&'static str, String) {
        if is_oauth(token) {
            ("Authorization", format!("Bearer {token}"))
        } else {
            (Self::AUTH_HEADER, token.to_owned())
        }
    }
    type Object = Milestone;
    type Id = i64;
    type Fields = GitLabFields;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const KEY_FIELD: &'static str = "title";
    const DATE_ONLY: bool = true;
    /// A milestone is created active; closing is a second request.
    const CREATES_CLOSED: bool = false;

    fn id(milestone: &Milestone) -> Option<i64> {
        Some(milestone.id)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }

    /// A milestone of an ancestor group is shown as one, in plans and
    /// reports: `3001 of group 42`.
    fn shown_id(milestone: &Milestone) -> String {
        match milestone.group_id {
            Some(group) => format!("{} of group {group}", milestone.id),
            None => milestone.id.to_string(),
        }
    }

    fn title(milestone: &Milestone) -> &str {
        &milestone.title
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::parse_state(milestone.state.as_deref()).ok()
    }

    fn match_key(milestone: &Milestone) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(&milestone.title))
    }

    fn fields_match_key(fields: &GitLabFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.title)
    }

    fn fields_title(fields: &GitLabFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GitLabFields) -> State {
        fields.state
    }

    fn planned_id(_: &GitLabFields) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::location::{Location, OwnerRef};
    use crate::provider::RepoRef;

    #[test]
    fn an_oauth_token_goes_as_bearer_and_every_other_as_private_token() {
        use crate::forge::Identity;
        let oauth = "a".repeat(64);
        assert_eq!(
            super::GitLab::auth_for(&oauth),
            ("Authorization", format!("Bearer {oauth}"))
        );
        for other in [
            "glpat-xxxxxxxxxxxxxxxxxxxx",
            "abcdefghij0123456789",
            &"g".repeat(64),
        ] {
            assert_eq!(
                super::GitLab::auth_for(other),
                ("PRIVATE-TOKEN", other.to_owned())
            );
        }
    }

    #[test]
    fn a_location_in_nested_groups_names_its_project_last() {
        let Ok(Location::Repo(repo)) = "gitlab:acme/platform/deep/api".parse::<Location>() else {
            panic!("not a project")
        };
        assert_eq!(
            (repo.owner.as_str(), repo.name.as_str()),
            ("acme/platform/deep", "api")
        );
        assert_eq!(repo.to_string(), "gitlab:acme/platform/deep/api");
        let owner = "gitlab:acme".parse::<Location>().unwrap();
        assert_eq!(
            owner,
            Location::Owner(OwnerRef::new(super::PROVIDER, "acme"))
        );
        for bad in [
            "gitlab:acme/../api",
            "gitlab:acme//api",
            "gitlab:acme/api/",
            "gitlab:a/b%2Fc",
        ] {
            assert!(bad.parse::<Location>().is_err(), "{bad}");
            assert!(bad.parse::<RepoRef>().is_err(), "{bad}");
        }
    }
}
