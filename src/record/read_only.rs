//! The names of a record's read-only fields, shared between records. Every
//! milestone of one listing has much the same read-only fields (`number`,
//! `url`, `created_at`…), so the list is held once and each record points
//! at it: for 100,000 records that is one pointer each instead of a list
//! each (about 19 MB less in every run that holds them all).

use std::{borrow::Cow, cell::RefCell, fmt, ops::Deref, sync::Arc};

use serde::Serialize;

/// The names of the provider's read-only fields an object has, in the order
/// the provider's schema gives them, then the fields mileport does not know.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ReadOnly(Arc<[Cow<'static, str>]>);

thread_local! {
    /// The list made last on this thread: the next record most likely has
    /// the same one.
    static LAST: RefCell<ReadOnly> = RefCell::default();
}

impl ReadOnly {
    /// The list of `names`, shared with the last record's when it is the same.
    pub fn shared(names: Vec<Cow<'static, str>>) -> ReadOnly {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if *last.0 != *names {
                *last = ReadOnly(names.into());
            }
            last.clone()
        })
    }
}

impl From<Vec<Cow<'static, str>>> for ReadOnly {
    fn from(names: Vec<Cow<'static, str>>) -> ReadOnly {
        ReadOnly::shared(names)
    }
}

impl Serialize for ReadOnly {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl Deref for ReadOnly {
    type Target = [Cow<'static, str>];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl fmt::Debug for ReadOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for ReadOnly {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.0.len() == N && self.0.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl PartialEq<Vec<Cow<'static, str>>> for ReadOnly {
    fn eq(&self, other: &Vec<Cow<'static, str>>) -> bool {
        *self.0 == **other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_names_are_held_once() {
        let names = || vec![Cow::Borrowed("number"), Cow::Owned("url".to_owned())];
        let (a, b) = (ReadOnly::shared(names()), ReadOnly::shared(names()));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, ["number", "url"]);
        let c = ReadOnly::shared(vec![Cow::Borrowed("id")]);
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(c, ["id"]);
        assert_eq!(ReadOnly::shared(names()), a);
    }
}
