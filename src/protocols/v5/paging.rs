//! The family's paging: `page` and `per_page` (at most [`PAGE_SIZE`]),
//! checked against the `total_count` and `total_page` headers; what a
//! listing holds ([`Kind`]: milestones, labels) and how its items are told
//! apart ([`ByKey`]).

use std::{fmt, hash::Hash, marker::PhantomData};

use serde::{Serialize, de::DeserializeOwned};

use super::{WireLabel, WireMilestone};
use crate::net::{decode, number::WholeNumber, rereads::Listed};
use crate::protocols::streamed::{Rules, fingerprint};

/// The family's largest page.
pub const PAGE_SIZE: usize = 100;

/// A number in a header such as `total_count`, when there is one.
pub fn header_number(headers: &reqwest::header::HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// What a repository's listing holds (milestones, labels): what tells one
/// item apart from another, and how errors name them.
pub trait Kind: Send + 'static {
    type Item: DeserializeOwned + Serialize + decode::Extra + Clone + Send + 'static;
    type Key: Clone + Eq + Hash + fmt::Display + Send;
    /// What errors call them (`milestones`) and one of them (`milestone`).
    const WHAT: &'static str;
    const ONE: &'static str;
    /// What tells one apart (`number`, `name`), in errors.
    const KEY_FIELD: &'static str;
    const LISTED: Listed;

    fn key(item: &Self::Item) -> Self::Key;
    /// How people tell it apart, in errors.
    fn title(item: &Self::Item) -> &str;
}

/// Milestones, told apart by `number`.
pub struct Milestones<M>(PhantomData<M>);

impl<M: WireMilestone> Kind for Milestones<M> {
    type Item = M;
    type Key = WholeNumber;
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const KEY_FIELD: &'static str = "number";
    const LISTED: Listed = Listed::Milestones;

    fn key(milestone: &M) -> WholeNumber {
        milestone.number().clone()
    }

    fn title(milestone: &M) -> &str {
        milestone.title()
    }
}

/// Labels, told apart by `name`.
pub struct Labels<L>(PhantomData<L>);

impl<L: WireLabel> Kind for Labels<L> {
    type Item = L;
    type Key = String;
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const KEY_FIELD: &'static str = "name";
    const LISTED: Listed = Listed::Labels;

    fn key(label: &L) -> String {
        label.name().to_owned()
    }

    fn title(label: &L) -> &str {
        label.name()
    }
}

/// How the family tells the items of a listing apart: by key (`number`,
/// `name`); an item under a key already read that is the same in every
/// field was listed twice (the listing moved under us), a different one
/// makes a repository mileport cannot read safely.
pub struct ByKey<K>(PhantomData<K>);

impl<K: Kind> Rules<K::Item> for ByKey<K> {
    /// A hash of the item as sent, and how people tell it apart.
    type Mark = (u64, Box<str>);

    fn key(item: &K::Item) -> Option<String> {
        Some(K::key(item).to_string())
    }

    fn mark(item: &K::Item) -> (u64, Box<str>) {
        (fingerprint(item), K::title(item).into())
    }

    fn twice(key: &str) -> String {
        format!("{} {key} was listed twice", K::ONE)
    }

    fn clash(key: &str, (_, first): &(u64, Box<str>), second: &K::Item) -> String {
        format!(
            "two different {} carry the {} {key} ({first:?} and {:?}); mileport tells {} apart by {} and cannot read this repository safely",
            K::WHAT,
            K::KEY_FIELD,
            K::title(second),
            K::WHAT,
            K::KEY_FIELD,
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::*;

    /// A label with only what these tests read.
    #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Tag {
        name: String,
        color: String,
    }

    impl decode::Extra for Tag {
        fn extra_mut(&mut self) -> &mut Map<String, Value> {
            unreachable!("these tests never decode")
        }
    }

    struct Tags;

    impl Kind for Tags {
        type Item = Tag;
        type Key = String;
        const WHAT: &'static str = "labels";
        const ONE: &'static str = "label";
        const KEY_FIELD: &'static str = "name";
        const LISTED: Listed = Listed::Labels;

        fn key(tag: &Tag) -> String {
            tag.name.clone()
        }

        fn title(tag: &Tag) -> &str {
            &tag.name
        }
    }

    fn label(name: &str, color: &str) -> Tag {
        Tag {
            name: name.to_owned(),
            color: color.to_owned(),
        }
    }

    type Told = ByKey<Tags>;

    #[test]
    fn a_label_seen_twice_says_the_listing_moved() {
        let bug = label("bug", "d73a4a");
        assert_eq!(Told::mark(&bug), Told::mark(&label("bug", "d73a4a")));
        assert_eq!(Told::twice("bug"), "label bug was listed twice");
    }

    #[test]
    fn two_labels_under_one_name_cannot_be_read_safely() {
        let first = Told::mark(&label("bug", "d73a4a"));
        let second = label("bug", "ffffff");
        assert_ne!(first, Told::mark(&second));
        let clash = Told::clash("bug", &first, &second);
        assert!(
            clash.starts_with("two different labels carry the name bug (\"bug\" and \"bug\")"),
            "{clash}"
        );
    }
}
