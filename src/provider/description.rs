//! What a provider's folder says of it to every floor below the list of
//! providers: its names, where its API is, how its token travels, what its
//! errors and limits mean, and its backup columns of each kind. Built from
//! the provider's traits (`forge::describe`) and registered in
//! [`PROVIDERS`](super::PROVIDERS).

use super::rate::RateLimits;

/// A provider, as data.
pub struct Description {
    /// Its place when providers are listed to people.
    pub order: u8,
    /// The name used on the command line and in files (`gitcode`).
    pub id: &'static str,
    /// The name people know it by (`GitCode`).
    pub name: &'static str,
    pub token_var: &'static str,
    pub token_file_var: &'static str,
    pub url_var: &'static str,
    pub default_url: Option<&'static str>,
    pub url_note: &'static str,
    pub web_hosts: &'static [&'static str],
    pub auth_scheme: &'static str,
    pub auth_header: &'static str,
    /// The header that carries a token, and its value.
    pub auth_for: fn(&str) -> (&'static str, String),
    pub nested_owners: bool,
    /// What to do about a status the provider means something of its own by.
    pub status_advice: &'static [(u16, &'static str)],
    pub request_id_name: &'static str,
    /// The rate limits it publishes for a host.
    pub published_limits: fn(&str) -> Option<RateLimits>,
    pub milestones: Columns,
    pub labels: Columns,
}

/// Whether a header has a column, asked column by column.
pub type HasColumn<'a> = &'a dyn Fn(&str) -> bool;

/// A provider's backup columns for one kind of object.
pub struct Columns {
    /// The CSV columns, in the order files show them.
    pub columns: &'static [&'static str],
    /// Fields that hint at the provider in a JSON object.
    pub hints: &'static [&'static str],
    /// Whether a CSV header (asked column by column) is the provider's.
    pub claims: fn(HasColumn<'_>) -> bool,
    /// The column a header that looks like the provider's lacks.
    pub missing: fn(HasColumn<'_>) -> Option<&'static str>,
}
