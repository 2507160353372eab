//! The family's paging: `page` and `per_page` (at most [`PAGE_SIZE`]),
//! checked against the `total_count` and `total_page` headers; what a
//! listing holds ([`Kind`]: milestones, labels) and how one reading of it is
//! gathered and judged.

use std::{collections::HashMap, fmt, hash::Hash, marker::PhantomData};

use serde::de::DeserializeOwned;

use super::{WireLabel, WireMilestone};
use crate::net::{decode, number::WholeNumber, rereads, rereads::Listed, rereads::Pass};

/// The family's largest page.
pub const PAGE_SIZE: usize = 100;

/// A number in a header such as `total_count`, when there is one.
pub fn header_number(headers: &reqwest::header::HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// What a repository's listing holds (milestones, labels): what tells one
/// item apart from another, and how errors name them.
pub trait Kind: Send + 'static {
    type Item: DeserializeOwned + decode::Extra + PartialEq + Send + 'static;
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

/// A reading of every page, checked against the server's count; with no
/// count or page total to check it and more than one page, it stands only
/// once another reading finds the same keys (see `rereads`).
pub fn tally<K: Kind>(
    items: Vec<K::Item>,
    total_count: Option<u64>,
    pages_counted: bool,
    pages_read: u32,
) -> Pass<Vec<K::Item>> {
    // A page total counted the pages: the reading needs no second one.
    let pages = if pages_counted {
        1
    } else {
        pages_read as usize
    };
    rereads::tally(items, total_count, pages, K::WHAT, K::key)
}

/// The items of one reading, by key: an item seen twice means the listing
/// moved under us; two different ones with one key, a repository mileport
/// cannot read safely.
pub struct Gathered<K: Kind> {
    pub items: Vec<K::Item>,
    by_key: HashMap<K::Key, usize>,
    pub clash: Option<String>,
}

impl<K: Kind> Default for Gathered<K> {
    fn default() -> Self {
        Gathered {
            items: Vec::new(),
            by_key: HashMap::new(),
            clash: None,
        }
    }
}

impl<K: Kind> Gathered<K> {
    /// Adds one; `Some` says how the listing changed while it was read.
    pub fn add(&mut self, item: K::Item) -> Option<String> {
        let key = K::key(&item);
        match self.by_key.get(&key) {
            Some(&at) if self.items[at] == item => {
                return Some(format!("{} {key} was listed twice", K::ONE));
            }
            Some(&at) => {
                let first = &self.items[at];
                self.clash.get_or_insert_with(|| {
                    format!(
                        "two different {} carry the {} {key} ({:?} and {:?}); mileport tells {} apart by {} and cannot read this repository safely",
                        K::WHAT,
                        K::KEY_FIELD,
                        K::title(first),
                        K::title(&item),
                        K::WHAT,
                        K::KEY_FIELD,
                    )
                });
            }
            None => {
                self.by_key.insert(key, self.items.len());
            }
        }
        self.items.push(item);
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::*;

    /// A label with only what these tests read.
    #[derive(Debug, PartialEq, serde::Deserialize)]
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

    #[test]
    fn a_label_seen_twice_says_the_listing_moved() {
        let mut read = Gathered::<Tags>::default();
        assert_eq!(read.add(label("bug", "d73a4a")), None);
        assert_eq!(
            read.add(label("bug", "d73a4a")).as_deref(),
            Some("label bug was listed twice")
        );
    }

    #[test]
    fn two_labels_under_one_name_cannot_be_read_safely() {
        let mut read = Gathered::<Tags>::default();
        assert_eq!(read.add(label("bug", "d73a4a")), None);
        assert_eq!(read.add(label("bug", "ffffff")), None);
        let clash = read.clash.unwrap();
        assert!(
            clash.starts_with("two different labels carry the name bug (\"bug\" and \"bug\")"),
            "{clash}"
        );
    }

    #[test]
    fn a_count_that_does_not_match_reads_again_and_an_unchecked_one_waits_for_agreement() {
        let labels = || vec![label("a", "000000"), label("b", "000000")];
        match tally::<Tags>(labels(), Some(3), true, 1) {
            Pass::Changed(why) => assert_eq!(why, "read 2 labels where the server counts 3"),
            _ => panic!("a short count was taken"),
        }
        match tally::<Tags>(labels(), None, false, 2) {
            Pass::Unconfirmed(_, keys) => {
                assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["a", "b"])
            }
            _ => panic!("two uncounted pages were taken at once"),
        }
        assert!(matches!(
            tally::<Tags>(labels(), Some(2), true, 2),
            Pass::Complete(_)
        ));
    }
}
