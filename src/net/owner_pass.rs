//! One reading of an owner's repository listing, for every provider
//! alike: each repository by the name it is addressed by, the ones that
//! live under another owner apart, and a repository met twice told from
//! two that clash.

use std::collections::HashMap;

use crate::net::{
    error::{ApiError, Failure},
    rereads::Pass,
};
use crate::provider::Provider;

/// The repositories of one reading so far.
pub(crate) struct OwnerPass<'a> {
    provider: Provider,
    operation: &'a str,
    /// What the provider addresses a repository by: `path`, `slug`.
    key: &'static str,
    names: Vec<String>,
    elsewhere: Vec<String>,
    /// Name → id, to tell a repository listed twice from two that clash.
    seen: HashMap<String, Option<String>>,
}

impl<'a> OwnerPass<'a> {
    pub(crate) fn new(provider: Provider, operation: &'a str, key: &'static str) -> OwnerPass<'a> {
        OwnerPass {
            provider,
            operation,
            key,
            names: Vec::new(),
            elsewhere: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Adds the repository `name` (with its `id`, when listed), or says
    /// how the listing changed (`Some`: met twice). `home` is the owner it
    /// lives under when that is another. Two different repositories of one
    /// name are an error: mileport could not tell them apart.
    pub(crate) fn add(
        &mut self,
        name: String,
        id: Option<String>,
        home: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        match self.seen.get(&name) {
            Some(before) if before.is_none() || id.is_none() || *before == id => {
                return Ok(Some(format!("repository `{name}` was listed twice")));
            }
            Some(_) => {
                let key = self.key;
                return Err(ApiError::new(
                    self.provider,
                    self.operation,
                    Failure::Incomplete(format!(
                        "two different repositories carry the {key} `{name}`; mileport addresses repositories by {key} and cannot tell them apart"
                    )),
                ));
            }
            None => {
                self.seen.insert(name.clone(), id);
            }
        }
        match home {
            Some(home) => self.elsewhere.push(format!("{home}/{name}")),
            None => self.names.push(name),
        }
        Ok(None)
    }

    /// How many repositories were read.
    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }

    /// The reading: the owner's repositories, and those under others.
    pub(crate) fn complete(self) -> Pass<(Vec<String>, Vec<String>)> {
        Pass::Complete((self.names, self.elsewhere))
    }
}
