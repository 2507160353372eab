//! After writing, the target is read again (pages only) to confirm that
//! every milestone the plan wrote is there exactly once. A copy of one of
//! ours that should not be there (a late create from a killed run, a run
//! on another machine) is named; with `--remove-duplicates` the copies
//! identical to the source milestone, or left open by a run stopped
//! before its close, are deleted, the oldest complete one kept.
//! `check` uses the same search.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{
    apply::Outcome,
    endpoint::{Endpoint, Listing},
    index::FoundCounts,
    plan::Plan,
};
use crate::{
    forge::{Forge, Sink},
    mapping::Field,
    net::{error::ApiError, number::WholeNumber},
    record::{Content, State},
};

/// A source milestone found more often on the target than the source has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub title: String,
    /// The target ids kept, as many as the source has: the oldest copies
    /// (on SourceCraft, those under the slugs written first).
    pub kept: Vec<String>,
    /// The other copies, oldest first.
    pub extra: Vec<String>,
    /// Those of `extra` identical to the source milestone in every field
    /// written, or identical but open where the provider creates a closed
    /// milestone open and then closes it (a run stopped before the close):
    /// the only ones `--remove-duplicates` deletes.
    pub removable: Vec<String>,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is on the target {} times: keep {}, extra {}",
            self.title,
            self.kept.len() + self.extra.len(),
            self.kept.join(", "),
            self.extra.join(", ")
        )
    }
}

/// A milestone the run wrote (or found unchanged) that is not on the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub title: String,
    pub target_id: String,
}

/// What reading the target after writing showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    pub duplicates: Vec<Duplicate>,
    pub missing: Vec<Missing>,
    /// Ids deleted by `--remove-duplicates`.
    pub removed: Vec<String>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self
                .duplicates
                .iter()
                .all(|d| d.extra.iter().all(|id| self.removed.contains(id)))
    }
}

/// A [`Content`] reduced to 128 bits. The search holds one number per
/// milestone instead of its whole text: with 100,000 milestones on each
/// side, the titles and descriptions held twice over came to more than the
/// plan itself. Whether a copy may be deleted is still decided on the
/// whole fields (`left_by_us`), never on this number.
pub(super) fn fingerprint(content: &Content) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |salt: u8| {
        // `DefaultHasher::new` has fixed keys: the same text, the same number.
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        content.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// One target milestone whose content a source milestone has: its id and
/// its age (oldest first).
struct Found {
    id: String,
    age: (String, WholeNumber),
}

/// The target's milestones whose content is among `wanted`, by content.
fn copies<F: Forge, T>(
    listing: &Listing<F>,
    start_dates_matter: bool,
    wanted: &HashMap<u128, T>,
) -> BTreeMap<u128, Vec<Found>> {
    let mut found: BTreeMap<u128, Vec<Found>> = BTreeMap::new();
    for (position, m) in listing.items.iter().enumerate() {
        let key = fingerprint(&F::content(m, start_dates_matter));
        if wanted.contains_key(&key) {
            found.entry(key).or_default().push(Found {
                id: F::shown_id(m),
                age: F::age(m, position),
            });
        }
    }
    found
}

/// Whether the target milestone `id` holds every field `wanted` writes.
fn identical<F: Forge>(listing: &Listing<F>, id: &str, wanted: &F::Fields) -> bool {
    listing
        .items
        .iter()
        .find(|m| F::shown_id(m) == id)
        .is_some_and(|m| F::changes(m, wanted).is_empty())
}

/// Whether the target milestone `id` is what mileport would have left of
/// `wanted` had it been stopped mid-way: identical, or, where a closed
/// milestone is created open and then closed, identical but still open
/// (the close never came). Such a copy is ours to delete.
fn left_by_us<F: Forge>(listing: &Listing<F>, id: &str, wanted: &F::Fields) -> bool {
    let Some(found) = listing.items.iter().find(|m| F::shown_id(m) == id) else {
        return false;
    };
    match F::changes(found, wanted).as_slice() {
        [] => true,
        [only] => {
            !F::CREATES_CLOSED
                && only.field == Field::State
                && F::fields_state(wanted) == State::Closed
                && F::state(found) == Some(State::Open)
        }
        _ => false,
    }
}

/// How often the plan writes each content (of `targets`, what it writes),
/// and whether any start date is among what is compared.
pub(super) fn wanted_counts<'a, F: Forge>(
    targets: impl Iterator<Item = &'a F::Fields>,
) -> (HashMap<u128, usize>, bool) {
    let mut wanted_count: HashMap<u128, usize> = HashMap::new();
    let mut start_dates_matter = false;
    for target in targets {
        let content = F::wanted_content(target);
        start_dates_matter |= !content.3.is_empty();
        *wanted_count.entry(fingerprint(&content)).or_default() += 1;
    }
    (wanted_count, start_dates_matter)
}

/// [`wanted_counts`] of what the plan writes.
fn planned_counts<F: Forge>(plan: &Plan<F>) -> (HashMap<u128, usize>, bool) {
    wanted_counts::<F>(plan.items.iter().map(|item| &item.mapped.target))
}

/// The source milestones found on the target more often than the source
/// has them (same title, description and dates).
pub fn find_duplicates<F: Forge>(plan: &Plan<F>, listing: &Listing<F>) -> Vec<Duplicate> {
    // Counted first, by content: a target of 100,000 milestones with no
    // copies is never gathered whole.
    let (wanted_count, start_dates_matter) = planned_counts(plan);
    let mut tally = Tally::<F>::new(&wanted_count, start_dates_matter, []);
    for m in &listing.items {
        tally.take(m);
    }
    let over = tally.over();
    if over.is_empty() {
        return Vec::new();
    }
    let mut wanted: HashMap<u128, Vec<&F::Fields>> = HashMap::new();
    for item in &plan.items {
        let key = fingerprint(&F::wanted_content(&item.mapped.target));
        if over.contains(&key) {
            wanted.entry(key).or_default().push(&item.mapped.target);
        }
    }
    let found = copies(listing, start_dates_matter, &wanted);
    let mut duplicates = Vec::new();
    for (key, mut copies) in found {
        let sources = &wanted[&key];
        if copies.len() <= sources.len() {
            continue;
        }
        // A milestone under the key we write (a SourceCraft slug) is the
        // one that stays (the key is its identity); otherwise the oldest
        // of those complete, then the oldest.
        let slugs: HashSet<String> = sources.iter().filter_map(|s| F::planned_id(s)).collect();
        let complete = |id: &str| sources.iter().any(|s| identical::<F>(listing, id, s));
        copies.sort_by_cached_key(|c| (!slugs.contains(&c.id), !complete(&c.id), c.age.clone()));
        let extra: Vec<String> = copies[sources.len()..]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let removable = extra
            .iter()
            .filter(|id| sources.iter().any(|s| left_by_us::<F>(listing, id, s)))
            .cloned()
            .collect();
        duplicates.push(Duplicate {
            title: F::fields_title(sources[0]).to_owned(),
            kept: copies[..sources.len()]
                .iter()
                .map(|c| c.id.clone())
                .collect(),
            extra,
            removable,
        });
    }
    // In title order, as a person looks for them.
    duplicates.sort_by(|a, b| (&a.title, &a.kept).cmp(&(&b.title, &b.kept)));
    duplicates
}

/// What one reading of the target leaves for the checks, however large
/// the target: how often each content the plan writes is there, and which
/// of the ids the run claims were seen.
struct Tally<'a, F: Forge> {
    wanted: &'a HashMap<u128, usize>,
    start_dates_matter: bool,
    /// Each id the run claims, and whether this reading has seen it.
    claimed: HashMap<&'a F::Id, bool>,
    found: HashMap<u128, usize>,
}

impl<'a, F: Forge> Tally<'a, F> {
    fn new(
        wanted: &'a HashMap<u128, usize>,
        start_dates_matter: bool,
        claimed: impl IntoIterator<Item = &'a F::Id>,
    ) -> Self {
        Tally {
            wanted,
            start_dates_matter,
            claimed: claimed.into_iter().map(|id| (id, false)).collect(),
            found: HashMap::new(),
        }
    }

    /// The tally of a reading already counted: `found`, how often each
    /// wanted content was there.
    fn counted(
        wanted: &'a HashMap<u128, usize>,
        start_dates_matter: bool,
        found: FoundCounts,
    ) -> Self {
        Tally {
            wanted,
            start_dates_matter,
            claimed: HashMap::new(),
            found: found.0,
        }
    }

    /// Whether the reading saw the claimed id `id`.
    fn saw(&self, id: &F::Id) -> bool {
        self.claimed.get(id).copied().unwrap_or(false)
    }

    /// The contents found more often than the plan writes them.
    fn over(&self) -> HashSet<u128> {
        self.found
            .iter()
            .filter(|(key, found)| **found > self.wanted[*key])
            .map(|(key, _)| *key)
            .collect()
    }
}

impl<F: Forge> Sink<F::Object> for Tally<'_, F> {
    fn restart(&mut self) {
        self.found.clear();
        self.claimed.values_mut().for_each(|seen| *seen = false);
    }

    fn take(&mut self, m: &F::Object) {
        // Without start dates to compare, the wanted ones hold none either.
        let key = fingerprint(&F::content(m, self.start_dates_matter));
        if self.wanted.contains_key(&key) {
            *self.found.entry(key).or_default() += 1;
        }
        if let Some(seen) = F::id(m).and_then(|id| self.claimed.get_mut(&id)) {
            *seen = true;
        }
    }
}

/// The objects of a reading whose content is among `over`: all the
/// duplicate search needs to hold.
struct Kept<'a, F: Forge> {
    over: &'a HashSet<u128>,
    start_dates_matter: bool,
    objects: Vec<F::Object>,
}

impl<F: Forge> Sink<F::Object> for Kept<'_, F> {
    fn restart(&mut self) {
        self.objects.clear();
    }

    fn take(&mut self, m: &F::Object) {
        if self
            .over
            .contains(&fingerprint(&F::content(m, self.start_dates_matter)))
        {
            self.objects.push(m.clone());
        }
    }
}

/// Every milestone the run says it wrote or found that the reading did
/// not see.
fn find_missing<F: Forge>(
    plan: &Plan<F>,
    outcomes: &[Outcome<F::Id>],
    tally: &Tally<'_, F>,
) -> Vec<Missing> {
    outcomes
        .iter()
        .filter_map(|outcome| match &outcome.result {
            Ok((_, id)) if !tally.saw(id) => Some(Missing {
                title: F::fields_title(&plan.items[outcome.index].mapped.target).to_owned(),
                target_id: id.to_string(),
            }),
            _ => None,
        })
        .collect()
}

/// Reads the target again and checks the run's work; deletes the
/// removable copies when asked to, and points outcomes that named a
/// deleted copy at the kept one. `unchanged_since` is what the listing the
/// plan was made from counted, when the run wrote nothing: it is still
/// what the target holds, as far as this run knows, and reading it again
/// would cost pages.
///
/// A reading only tallies (how often each content is there, which ids
/// are): only when some content is there more often than the run wrote
/// it is the target read a second time, keeping just those copies, so a
/// large target is never held whole here.
pub async fn verify<F: Forge>(
    plan: &Plan<F>,
    outcomes: &mut [Outcome<F::Id>],
    target: &Endpoint<F>,
    remove_duplicates: bool,
    unchanged_since: Option<FoundCounts>,
) -> Result<Verification, ApiError> {
    let (wanted, start_dates_matter) = planned_counts(plan);
    let (missing, over) = match unchanged_since {
        // Every id the run claims is one the plan matched in that very
        // listing: none is missing.
        Some(counts) => {
            let tally = Tally::<F>::counted(&wanted, start_dates_matter, counts);
            (Vec::new(), tally.over())
        }
        None => {
            // Borrowed, not copied: a run of 100,000 milestones claims as many ids.
            let claimed = outcomes
                .iter()
                .filter_map(|o| o.result.as_ref().ok().map(|(_, id)| id));
            let mut tally = Tally::<F>::new(&wanted, start_dates_matter, claimed);
            target.list_into(&mut tally).await?;
            (find_missing(plan, outcomes, &tally), tally.over())
        }
    };
    if over.is_empty() {
        return Ok(Verification {
            missing,
            ..Verification::default()
        });
    }
    let mut kept = Kept::<F> {
        over: &over,
        start_dates_matter,
        objects: Vec::new(),
    };
    target.list_into(&mut kept).await?;
    let copies = Listing::new(kept.objects);
    let duplicates = find_duplicates(plan, &copies);
    let removed = match remove_duplicates {
        true => remove(&duplicates, outcomes, target, &copies).await?,
        false => Vec::new(),
    };
    Ok(Verification {
        duplicates,
        missing,
        removed,
    })
}

/// Deletes the removable copies and points outcomes that named a deleted
/// copy at a kept one no other outcome names; the ids deleted.
async fn remove<F: Forge>(
    duplicates: &[Duplicate],
    outcomes: &mut [Outcome<F::Id>],
    target: &Endpoint<F>,
    listing: &Listing<F>,
) -> Result<Vec<String>, ApiError> {
    let mut removed = Vec::new();
    let object = |shown: &str| listing.items.iter().find(|m| F::shown_id(m) == shown);
    for duplicate in duplicates {
        for shown in &duplicate.removable {
            let Some(id) = object(shown).and_then(F::id) else {
                continue;
            };
            F::delete(target.client(), &id).await?;
            removed.push(shown.clone());
        }
        let claimed: HashSet<String> = outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok().map(|(_, id)| id.to_string()))
            .collect();
        let mut free = duplicate
            .kept
            .iter()
            .filter(|id| !claimed.contains(*id))
            .filter_map(|kept| object(kept))
            .filter_map(F::id);
        for outcome in outcomes.iter_mut() {
            if let Ok((_, id)) = &mut outcome.result
                && removed.contains(&id.to_string())
                && let Some(kept) = free.next()
            {
                *id = kept;
            }
        }
    }
    Ok(removed)
}
