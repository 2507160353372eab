//! A provider's [`Description`], read off its traits: what its folder
//! registers so that the floors below the list of providers know it.

use super::{BackupFormat, Reading};
use crate::provider::{Columns, Description};

/// The description of the provider whose milestones are `M` and labels
/// `L`, listed in place `order`.
pub const fn describe<M: Reading + BackupFormat, L: BackupFormat>(order: u8) -> Description {
    Description {
        order,
        id: M::ID,
        name: M::NAME,
        token_var: M::TOKEN_VAR,
        token_file_var: M::TOKEN_FILE_VAR,
        url_var: M::URL_VAR,
        default_url: M::DEFAULT_URL,
        url_note: M::URL_NOTE,
        web_hosts: M::WEB_HOSTS,
        auth_scheme: M::AUTH_SCHEME,
        auth_header: M::AUTH_HEADER,
        auth_for: M::auth_for,
        nested_owners: M::NESTED_OWNERS,
        status_advice: M::STATUS_ADVICE,
        request_id_name: M::REQUEST_ID_NAME,
        published_limits: M::published_limits,
        milestones: columns::<M>(),
        labels: columns::<L>(),
    }
}

/// `F`'s backup columns.
const fn columns<F: BackupFormat>() -> Columns {
    Columns {
        columns: F::COLUMNS,
        hints: F::HINTS,
        claims: F::claims_columns,
        missing: F::missing_column,
    }
}
