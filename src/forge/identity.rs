//! Who a provider is and who its milestones are: names, environment
//! variables, wire types, keys, titles and what milestones are matched by.
//! Implemented in the provider's `mod.rs`.

use std::{borrow::Cow, fmt, hash::Hash};

use serde::{Serialize, de::DeserializeOwned};

use crate::{net::decode::Extra, provider::Provider, record::State};

/// A provider's names and the identity of its milestones.
pub trait Identity: Sized + Send + Sync + 'static {
    /// Which provider this is.
    const PROVIDER: Provider;
    /// The name used on the command line and in files (`gitcode`).
    const ID: &'static str;
    /// The name people know it by (`GitCode`).
    const NAME: &'static str;
    /// The environment variables that hold the access token, name a file
    /// holding it, and override the API's base URL.
    const TOKEN_VAR: &'static str;
    const TOKEN_FILE_VAR: &'static str;
    const URL_VAR: &'static str;
    /// Its public API, `None` for a forge that is only self-hosted (the
    /// URL must then be given).
    const DEFAULT_URL: Option<&'static str>;
    /// What else to say of the base URL in the help of `--<id>-url`
    /// (`; GitHub Enterprise Server: https://HOST/api/v3`).
    const URL_NOTE: &'static str = "";
    /// The hosts of its public web site (`github.com`), whose addresses
    /// pasted from a browser are read as its locations.
    const WEB_HOSTS: &'static [&'static str] = &[];
    /// The word before the token in the `Authorization` header (`Bearer` for
    /// most; some forges want `token`).
    const AUTH_SCHEME: &'static str = "Bearer";
    /// The header the token is sent in: `Authorization` for most, with
    /// [`AUTH_SCHEME`](Identity::AUTH_SCHEME) before the token. In any
    /// other header (GitLab's `PRIVATE-TOKEN`) the token is sent alone.
    const AUTH_HEADER: &'static str = "Authorization";
    /// The header that carries `token` and its value: by default
    /// [`AUTH_HEADER`](Identity::AUTH_HEADER), with
    /// [`AUTH_SCHEME`](Identity::AUTH_SCHEME) before the token in
    /// `Authorization` and the token alone elsewhere. A provider that takes
    /// tokens of different kinds in different headers (GitLab: OAuth tokens
    /// as `Authorization: Bearer`) tells them apart here.
    fn auth_for(token: &str) -> (&'static str, String) {
        if Self::AUTH_HEADER.eq_ignore_ascii_case("authorization") {
            (Self::AUTH_HEADER, format!("{} {token}", Self::AUTH_SCHEME))
        } else {
            (Self::AUTH_HEADER, token.to_owned())
        }
    }
    /// Whether owners nest (GitLab's groups and subgroups): a location's
    /// last part is then the repository and every part before it its owner
    /// (`PREFIX:GROUP/SUB/REPO`). Elsewhere a location has at most two parts.
    const NESTED_OWNERS: bool = false;

    /// A milestone as the provider sends it, every field kept.
    type Object: Clone
        + fmt::Debug
        + PartialEq
        + Serialize
        + DeserializeOwned
        + Extra
        + Send
        + Sync
        + 'static;
    /// The provider's own key for a milestone (GitCode's and GitHub's
    /// `number`, SourceCraft's `slug`).
    type Id: Clone + fmt::Debug + fmt::Display + Eq + Hash + Ord + Serialize + Send + Sync + 'static;
    /// What a migration writes to one of its milestones.
    type Fields: Clone + fmt::Debug + Eq + Serialize + Send + Sync + 'static;

    /// What the provider calls its key (`number`, `slug`), and the verb for
    /// giving a milestone another (`renumber`, `rename`).
    const ID_FIELD: &'static str;
    const ID_FIX: &'static str;
    /// What the provider calls a milestone's title (`title`, `name`).
    const TITLE_FIELD: &'static str;
    /// What the provider calls the field objects are matched by (see
    /// [`match_key`](Identity::match_key)): `title`, `slug`, `name`.
    const KEY_FIELD: &'static str;
    /// Whether the provider keeps keys unique (a taken key is another
    /// object's when it differs), or lets objects share one (GitCode's
    /// titles: only an object that holds what we sent can be ours).
    const UNIQUE_KEYS: bool = true;
    /// Whether due dates are calendar dates (a time of day is lost).
    const DATE_ONLY: bool;
    /// Whether a closed milestone is created closed in one request.
    const CREATES_CLOSED: bool;

    /// The milestone's key; `None` when it has none (a SourceCraft
    /// milestone without a slug).
    fn id(milestone: &Self::Object) -> Option<Self::Id>;
    /// The key as a 64-bit number, when it is one that fits: kept that way
    /// where a million keys are remembered at once.
    fn small_id(_id: &Self::Id) -> Option<i64> {
        None
    }
    /// How a person is shown which milestone this is, key or not.
    fn shown_id(milestone: &Self::Object) -> String {
        Self::id(milestone)
            .map(|id| id.to_string())
            .unwrap_or_default()
    }
    /// The title, as people tell milestones apart.
    fn title(milestone: &Self::Object) -> &str;
    /// Whether the milestone is open, closed or neither by the provider's
    /// own words.
    fn state(milestone: &Self::Object) -> Option<State>;
    /// What a source object is matched with on the target by: the title
    /// (GitCode, GitHub), the slug (SourceCraft), a label's name (in lower
    /// case where the provider compares names without regard to case).
    fn match_key(milestone: &Self::Object) -> Option<Cow<'_, str>>;
    fn fields_match_key(fields: &Self::Fields) -> Cow<'_, str>;
    fn fields_title(fields: &Self::Fields) -> &str;
    fn fields_state(fields: &Self::Fields) -> State;
    /// The key shown for a milestone to be created (SourceCraft: the slug
    /// it will get); `None` when the provider assigns it.
    fn planned_id(fields: &Self::Fields) -> Option<String>;
}
