//! A repository of an owner's listing as the family lists it: where it
//! lives (its owner's login, else the first part of its full name) and how
//! an error names it (id, full name and name, as far as it has them).

/// The owner a listed repository lives under: its owner's `login`, else
/// the first part of its `full_name`.
pub fn home<'a>(login: Option<&'a str>, full_name: Option<&'a str>) -> Option<&'a str> {
    login.or_else(|| {
        full_name
            .and_then(|full| full.split_once('/'))
            .map(|(owner, _)| owner)
    })
}

/// A repository as an error message names it: `#id`, then its full name
/// and its name, each escaped, as far as it has them.
pub fn describe(id: Option<i64>, full_name: Option<&String>, name: &String) -> String {
    let mut parts = Vec::new();
    if let Some(id) = id {
        parts.push(format!("#{id}"));
    }
    for text in [full_name, Some(name)].into_iter().flatten() {
        parts.push(format!("`{}`", crate::redact::escape_inline(text)));
    }
    parts.join(" ")
}
