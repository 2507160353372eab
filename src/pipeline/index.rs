//! The target's listing reduced, as it is read, to what planning and the
//! check after a run need of it, so that a large target is never held
//! whole: each milestone whose match key a source milestone has is kept as
//! its key's group, age, id and how it is shown, and as itself only when
//! some source milestone of its key differs from it (the update needs it);
//! every other milestone is kept as a line of the plan's "only on the
//! target"; and how often each content the sources have is there is
//! counted, for the duplicate search of a run that writes nothing.

use std::{borrow::Cow, collections::HashMap};

use super::{plan::TargetOnly, verify};
use crate::{
    forge::{Forge, Mapped, Sink},
    net::number::WholeNumber,
};

/// What the plan keeps of one target milestone whose key a source has.
pub(super) struct Entry<F: Forge> {
    /// Its key's group (see [`Groups`]).
    pub group: usize,
    pub position: usize,
    /// Oldest first, within a group.
    pub age: (String, WholeNumber),
    pub id: Option<F::Id>,
    /// How the plan names it when no source milestone takes it, where
    /// that is not its id and its key's first source's title.
    named: Option<Box<TargetOnly>>,
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

    /// How the plan names it; `first` is the first source of its key.
    pub fn target_only(&self, first: &F::Fields) -> TargetOnly {
        match &self.named {
            Some(named) => (**named).clone(),
            None => TargetOnly {
                id: self
                    .id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                title: F::fields_title(first).to_owned(),
            },
        }
    }
}

/// The sources by match key: each source's group, and each group's
/// sources in order, held flat (100,000 groups of one source would
/// otherwise be as many small vectors).
pub(super) struct Groups {
    /// Each source's group, in the sources' order.
    pub of_source: Vec<usize>,
    /// The sources of group `g` are `members[starts[g]..starts[g + 1]]`.
    members: Vec<usize>,
    starts: Vec<usize>,
}

impl Groups {
    fn new(of_source: Vec<usize>, groups: usize) -> Groups {
        let mut starts = vec![0; groups + 1];
        for group in &of_source {
            starts[group + 1] += 1;
        }
        for group in 0..groups {
            starts[group + 1] += starts[group];
        }
        let mut next = starts.clone();
        let mut members = vec![0; of_source.len()];
        for (source, group) in of_source.iter().enumerate() {
            members[next[*group]] = source;
            next[*group] += 1;
        }
        Groups {
            of_source,
            members,
            starts,
        }
    }

    /// The sources of `group`, in order.
    pub fn members(&self, group: usize) -> &[usize] {
        &self.members[self.starts[group]..self.starts[group + 1]]
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// A reading of the target as planning needs it (see the module's doc).
pub struct Indexed<F: Forge> {
    /// The target's milestones whose key a source has, by group, each
    /// group oldest first.
    pub(super) entries: Vec<Entry<F>>,
    /// Where each group's entries start in `entries` (one more at the end).
    pub(super) starts: Vec<usize>,
    pub(super) groups: Groups,
    /// The other target milestones, by their place in the listing.
    pub(super) others: Vec<(usize, TargetOnly)>,
    /// How often each content the sources have was found.
    pub(super) found: HashMap<u128, usize>,
}

/// How often each content the sources have was found on the target (none
/// at all, for some).
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
    sources: &'m [Box<Mapped<F>>],
    keys: HashMap<Cow<'m, str>, usize>,
    groups: Groups,
    /// How often each content the sources have was found (one table for
    /// what is wanted and what was found).
    found: HashMap<u128, usize>,
    start_dates_matter: bool,
    entries: Vec<Entry<F>>,
    others: Vec<(usize, TargetOnly)>,
    position: usize,
}

impl<'m, F: Forge> TargetIndex<'m, F> {
    pub fn new(sources: &'m [Box<Mapped<F>>]) -> Self {
        let mut keys: HashMap<Cow<'m, str>, usize> = HashMap::new();
        let mut of_source = Vec::with_capacity(sources.len());
        for source in sources {
            let next = keys.len();
            of_source.push(
                *keys
                    .entry(F::fields_match_key(&source.target))
                    .or_insert(next),
            );
        }
        let groups = Groups::new(of_source, keys.len());
        let (wanted, start_dates_matter) =
            verify::wanted_counts::<F>(sources.iter().map(|s| &s.target));
        TargetIndex {
            sources,
            keys,
            groups,
            found: found_none(wanted),
            start_dates_matter,
            entries: Vec::new(),
            others: Vec::new(),
            position: 0,
        }
    }

    /// The reading reduced, each group's milestones oldest first (in
    /// listing order where equally old).
    pub fn finish(self) -> Indexed<F> {
        let mut entries = self.entries;
        // In listing order where equally old; unstable, as no two entries
        // share a position: a stable sort would take half the list again.
        entries.sort_unstable_by(|a, b| {
            (a.group, &a.age, a.position).cmp(&(b.group, &b.age, b.position))
        });
        entries.shrink_to_fit();
        let groups = self.groups.len();
        let mut starts = vec![0; groups + 1];
        for entry in &entries {
            starts[entry.group + 1] += 1;
        }
        for group in 0..groups {
            starts[group + 1] += starts[group];
        }
        let mut others = self.others;
        others.shrink_to_fit();
        Indexed {
            entries,
            starts,
            groups: self.groups,
            others,
            found: self.found,
        }
    }
}

/// The table of wanted contents, each found no time yet (the same table,
/// not a copy of it).
fn found_none(mut wanted: HashMap<u128, usize>) -> HashMap<u128, usize> {
    wanted.values_mut().for_each(|count| *count = 0);
    wanted
}

impl<F: Forge> Sink<F::Object> for TargetIndex<'_, F> {
    fn restart(&mut self) {
        self.entries.clear();
        self.others.clear();
        self.found.values_mut().for_each(|count| *count = 0);
        self.position = 0;
    }

    fn take(&mut self, object: &F::Object) {
        let position = self.position;
        self.position += 1;
        let content = verify::fingerprint(&F::content(object, self.start_dates_matter));
        if let Some(count) = self.found.get_mut(&content) {
            *count += 1;
        }
        let group = F::match_key(object).and_then(|key| self.keys.get(key.as_ref()).copied());
        let named = TargetOnly {
            id: F::shown_id(object),
            title: F::title(object).to_owned(),
        };
        let Some(group) = group else {
            self.others.push((position, named));
            return;
        };
        let members = self.groups.members(group);
        let id = F::id(object);
        let first = &self.sources[members[0]].target;
        let plain = id.as_ref().is_some_and(|id| id.to_string() == named.id)
            && F::fields_title(first) == named.title;
        let differs = members
            .iter()
            .any(|&source| !F::changes(object, &self.sources[source].target).is_empty());
        self.entries.push(Entry {
            group,
            position,
            age: F::age(object, position),
            id,
            named: (!plain).then(|| Box::new(named)),
            object: differs.then(|| Box::new(object.clone())),
        });
    }
}
