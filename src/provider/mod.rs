//! Who a provider is: the [`Provider`] a command line, a file or a journal
//! names, what it is called, where its API is, how its token is sent and
//! what limits it publishes; and [`RepoRef`], one repository on it.
//!
//! Each provider's folder registers its [`Description`] in [`PROVIDERS`];
//! nothing here names one, so every floor can speak of providers without
//! importing the list of them.

mod description;
pub mod rate;
pub mod suggest;
mod token;

use std::{
    cmp::Ordering,
    fmt,
    hash::{Hash, Hasher},
    str::FromStr,
    sync::OnceLock,
};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use self::description::{Columns, Description};
pub use self::token::Token;
use crate::kind::Kind;

/// Every provider's description, each registered by its folder.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice]
pub static PROVIDERS: [Description];

/// A code-hosting provider mileport knows: a handle on its description.
#[derive(Clone, Copy)]
pub struct Provider(&'static Description);

impl Provider {
    /// The provider `description` describes (for its folder's constant).
    pub const fn new(description: &'static Description) -> Provider {
        Provider(description)
    }

    /// Every provider, in the order they are listed to people.
    pub fn all() -> &'static [Provider] {
        static ALL: OnceLock<Vec<Provider>> = OnceLock::new();
        ALL.get_or_init(|| {
            let mut all: Vec<Provider> = PROVIDERS.iter().map(Provider).collect();
            all.sort();
            all
        })
    }

    /// The name used on the command line and in files: `gitcode`, `sourcecraft`.
    pub fn id(self) -> &'static str {
        self.0.id
    }

    /// The environment variable that holds the access token.
    pub fn token_var(self) -> &'static str {
        self.0.token_var
    }

    /// The environment variable that names a file holding the access token
    /// (a container secret, say), read when the token variable is not set.
    pub fn token_file_var(self) -> &'static str {
        self.0.token_file_var
    }

    /// The environment variable that overrides the API's base URL.
    pub fn url_var(self) -> &'static str {
        self.0.url_var
    }

    /// Its public API's base URL; `None` when it is only self-hosted.
    pub fn default_url(self) -> Option<&'static str> {
        self.0.default_url
    }

    /// The hosts of its public web site.
    pub fn web_hosts(self) -> &'static [&'static str] {
        self.0.web_hosts
    }

    /// The word before the token in the `Authorization` header.
    pub fn auth_scheme(self) -> &'static str {
        self.0.auth_scheme
    }

    /// The header the token is sent in (`Authorization` for most).
    pub fn auth_header(self) -> &'static str {
        self.0.auth_header
    }

    /// The header that carries `token` and its value.
    pub fn auth_value(self, token: &str) -> (&'static str, String) {
        (self.0.auth_for)(token)
    }

    /// Whether its owners nest (`PREFIX:GROUP/SUB/REPO`).
    pub fn nested_owners(self) -> bool {
        self.0.nested_owners
    }

    /// What else the help of `--<id>-url` says of the base URL.
    pub fn url_note(self) -> &'static str {
        self.0.url_note
    }

    /// The providers whose objects of `kind` mileport moves.
    pub fn all_of(kind: Kind) -> &'static [Provider] {
        match kind {
            Kind::Milestones | Kind::Labels => Provider::all(),
        }
    }

    /// The name people know it by: `GitCode`, `SourceCraft`.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Its backup columns and hints for objects of `kind`.
    fn columns_of(self, kind: Kind) -> &'static Columns {
        match kind {
            Kind::Milestones => &self.0.milestones,
            Kind::Labels => &self.0.labels,
        }
    }

    /// Whether a backup's columns (or an object's fields) are this
    /// provider's, for objects of `kind`.
    pub fn claims_columns(self, kind: Kind, has: &dyn Fn(&str) -> bool) -> bool {
        (self.columns_of(kind).claims)(has)
    }

    /// What to do about `status` where the provider means something of its
    /// own by it.
    pub fn status_advice(self, status: u16) -> Option<&'static str> {
        self.0
            .status_advice
            .iter()
            .find(|(code, _)| *code == status)
            .map(|(_, text)| *text)
    }

    /// What the provider calls the id of a failed request.
    pub fn request_id_name(self) -> &'static str {
        self.0.request_id_name
    }

    /// The rate limits the provider publishes for `host`, if any.
    pub fn published_limits(self, host: &str) -> Option<rate::RateLimits> {
        (self.0.published_limits)(host)
    }

    /// Fields that hint at this provider in a JSON object of `kind`.
    pub fn hints(self, kind: Kind) -> &'static [&'static str] {
        self.columns_of(kind).hints
    }

    /// The provider's backup columns for objects of `kind`.
    pub fn columns(self, kind: Kind) -> &'static [&'static str] {
        self.columns_of(kind).columns
    }

    /// The column a header that looks like this provider's lacks.
    pub fn missing_column(self, kind: Kind, has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        (self.columns_of(kind).missing)(has)
    }

    /// `"gitcode" or "sourcecraft"`: the names as a JSON file writes them.
    pub fn quoted_choices() -> String {
        let names: Vec<String> = Provider::all()
            .iter()
            .map(|p| format!("\"{}\"", p.id()))
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// `gitcode`, `sourcecraft`: for messages that list the choices.
    pub fn choices() -> String {
        let ids: Vec<String> = Provider::all()
            .iter()
            .map(|p| format!("`{}`", p.id()))
            .collect();
        ids.join(", ")
    }
}

impl PartialEq for Provider {
    fn eq(&self, other: &Provider) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Provider {}

impl Hash for Provider {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

impl Ord for Provider {
    /// In the order providers are listed to people.
    fn cmp(&self, other: &Provider) -> Ordering {
        (self.0.order, self.0.id).cmp(&(other.0.order, other.0.id))
    }
}

impl PartialOrd for Provider {
    fn partial_cmp(&self, other: &Provider) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Provider {
    /// As its id: `"gitcode"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Provider {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Provider, D::Error> {
        let id = String::deserialize(deserializer)?;
        Provider::all()
            .iter()
            .copied()
            .find(|provider| provider.id() == id)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown provider `{}`: expected {}",
                    crate::redact::escape_inline(&id),
                    Provider::quoted_choices()
                ))
            })
    }
}

impl FromStr for Provider {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_ascii_lowercase();
        Provider::all()
            .iter()
            .copied()
            .find(|provider| provider.id() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown provider `{}`: use one of {}",
                    crate::redact::escape_inline(s),
                    Provider::choices()
                )
            })
    }
}

/// Whether `part` may name an owner or a repository. Names go into request
/// paths: `.`, `..`, `/`, `?`, `#`, `%`, `\` or control characters could
/// send the token somewhere else.
pub fn valid_name(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A repository on a provider: `gitcode:OWNER/REPO`, `sourcecraft:ORG/REPO`,
/// `github:OWNER/REPO`, or on a named remote: `ghe:OWNER/REPO`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RepoRef {
    pub provider: Provider,
    /// The named remote, or `None` for the provider's default.
    pub remote: Option<String>,
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    /// `OWNER/REPO`, as files and messages name the repository.
    pub fn path(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// The prefix that names where it is: the remote, else the provider.
    pub fn scope(&self) -> &str {
        self.remote.as_deref().unwrap_or(self.provider.id())
    }
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.scope(), self.owner, self.name)
    }
}
