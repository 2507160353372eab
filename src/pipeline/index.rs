//! The target's listing reduced, as it is read, to what planning and the
//! check after a run need of it, so that a large target is never held
//! whole: each milestone whose match key a source milestone has is kept as
//! its key's group, age, id and how it is shown, and as itself only when
//! some source milestone of its key differs from it (the update needs it);
//! every other milestone is kept as a line of the plan's "only on the
//! target"; and how often each content the sources have is there is
//! counted, for the duplicate search of a run that writes nothing.

use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
};

use super::{plan::TargetOnly, verify};
use crate::{
    forge::{Forge, Sink},
    mapping::Mapped,
    net::number::WholeNumber,
};

/// What the plan keeps of one target milestone whose key a source has.
pub(super) struct Entry<F: Forge> {
    /// Its key's group: the sources of [`Indexed::members`] at this place.
    pub group: usize,
    pub position: usize,
    /// Oldest first, within a group.
    pub age: (String, WholeNumber),
    pub id: Option<F::Id>,
    /// Its shown id, where it is not `id` written out, and its title: what
    /// the plan names it by when no source milestone takes it.
    shown: Option<Box<str>>,
    title: Box<str>,
    /// The milestone itself, when some source of its key would change it.
    pub object: Option<Box<F::Object>>,
}

impl<F: Forge> Entry<F> {
    /// Where the milestone differs from `wanted`: nowhere, when it was let
    /// go as identical to every source of its key.
    pub fn changes(&self, wanted: &F::Fields) -> Vec<crate::mapping::FieldChange> {
        self.object
            .as_deref()
            .map(|object| F::changes(object, wanted))
            .unwrap_or_default()
    }

    pub fn target_only(&self) -> TargetOnly {
        let id = match (&self.shown, &self.id) {
            (Some(shown), _) => shown.to_string(),
            (None, Some(id)) => id.to_string(),
            (None, None) => String::new(),
        };
        TargetOnly {
            id,
            title: self.title.to_string(),
        }
    }
}

/// A reading of the target as planning needs it (see the module's doc).
pub struct Indexed<F: Forge> {
    /// The target's milestones whose key a source has, by group, each
    /// group oldest first.
    pub(super) entries: Vec<Entry<F>>,
    /// Where each group's entries start in `entries` (one more at the end).
    pub(super) starts: Vec<usize>,
    /// Each source's group, in the sources' order.
    pub(super) source_group: Vec<usize>,
    /// The other target milestones, by their place in the listing.
    pub(super) others: Vec<(usize, TargetOnly)>,
    /// How often each content the sources have was found.
    pub(super) found: HashMap<u128, usize>,
}

/// How often each content the sources have was found on the target.
pub struct FoundCounts(pub(super) HashMap<u128, usize>);

impl<F: Forge> Indexed<F> {
    /// What the reading counted, for confirming a run that wrote nothing.
    pub fn found_counts(&mut self) -> FoundCounts {
        FoundCounts(std::mem::take(&mut self.found))
    }
}

/// Reduces a reading of the target, handed over object by object, to an
/// [`Indexed`] for the sources `sources`.
pub struct TargetIndex<'m, F: Forge> {
    sources: &'m [Mapped<F>],
    /// Each group's sources, in order.
    members: Vec<Vec<usize>>,
    groups: HashMap<Cow<'m, str>, usize>,
    source_group: Vec<usize>,
    wanted: HashSet<u128>,
    start_dates_matter: bool,
    entries: Vec<Entry<F>>,
    others: Vec<(usize, TargetOnly)>,
    found: HashMap<u128, usize>,
    position: usize,
}

impl<'m, F: Forge> TargetIndex<'m, F> {
    pub fn new(sources: &'m [Mapped<F>]) -> Self {
        let mut groups: HashMap<Cow<'m, str>, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut source_group = Vec::with_capacity(sources.len());
        for (index, source) in sources.iter().enumerate() {
            let group = *groups
                .entry(F::fields_match_key(&source.target))
                .or_insert_with(|| {
                    members.push(Vec::new());
                    members.len() - 1
                });
            members[group].push(index);
            source_group.push(group);
        }
        let (wanted, start_dates_matter) =
            verify::wanted_counts::<F>(sources.iter().map(|s| &s.target));
        TargetIndex {
            sources,
            members,
            groups,
            source_group,
            wanted: wanted.into_keys().collect(),
            start_dates_matter,
            entries: Vec::new(),
            others: Vec::new(),
            found: HashMap::new(),
            position: 0,
        }
    }

    /// The reading reduced, each group's milestones oldest first (in
    /// listing order where equally old).
    pub fn finish(self) -> Indexed<F> {
        let mut entries = self.entries;
        entries.sort_by(|a, b| (a.group, &a.age).cmp(&(b.group, &b.age)));
        entries.shrink_to_fit();
        let mut starts = vec![0; self.members.len() + 1];
        for entry in &entries {
            starts[entry.group + 1] += 1;
        }
        for group in 0..self.members.len() {
            starts[group + 1] += starts[group];
        }
        let mut others = self.others;
        others.shrink_to_fit();
        Indexed {
            entries,
            starts,
            source_group: self.source_group,
            others,
            found: self.found,
        }
    }
}

impl<F: Forge> Sink<F::Object> for TargetIndex<'_, F> {
    fn restart(&mut self) {
        self.entries.clear();
        self.others.clear();
        self.found.clear();
        self.position = 0;
    }

    fn take(&mut self, object: &F::Object) {
        let position = self.position;
        self.position += 1;
        let content = verify::fingerprint(&F::content(object, self.start_dates_matter));
        if self.wanted.contains(&content) {
            *self.found.entry(content).or_default() += 1;
        }
        let group = F::match_key(object).and_then(|key| self.groups.get(key.as_ref()).copied());
        let Some(group) = group else {
            let shown = TargetOnly {
                id: F::shown_id(object),
                title: F::title(object).to_owned(),
            };
            self.others.push((position, shown));
            return;
        };
        let id = F::id(object);
        let shown = F::shown_id(object);
        let differs = self.members[group]
            .iter()
            .any(|&source| !F::changes(object, &self.sources[source].target).is_empty());
        self.entries.push(Entry {
            group,
            position,
            age: F::age(object, position),
            shown: id
                .as_ref()
                .is_none_or(|id| id.to_string() != shown)
                .then(|| shown.into_boxed_str()),
            id,
            title: F::title(object).into(),
            object: differs.then(|| Box::new(object.clone())),
        });
    }
}
