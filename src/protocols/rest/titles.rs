//! Records made into milestones of a member that mileport matches by
//! title: a source that repeats a title is refused before anything is
//! written (each holder named with where the others are), or its later
//! holders numbered `TITLE (2)`, `TITLE (3)`… when the user chose so
//! (`--repeated-titles number`). What a member says of its titles (unique,
//! unique with its groups', or kept apart only by mileport) is its
//! [`TitleRule`].

use std::collections::{HashMap, HashSet};

use crate::{
    forge::{Forge, Mapped, Mapping},
    mapping::{MappingError, MappingOptions, Refused, RepeatedTitles, one_by_one},
    record::MilestoneRecord,
};

/// How a member words why repeated titles cannot be written as they are.
#[derive(Clone, Copy, Debug)]
pub struct TitleRule {
    /// Why one holder is refused, after "its title is held by N source
    /// milestones, and ".
    pub refused: &'static str,
    /// Why the title is an error, after "{title} is held by N milestones
    /// (where)" and before ": rename all but one of them…".
    pub error: &'static str,
}

/// Maps `records` for `F`, each made into its fields by `target` under the
/// title it gets: refused where titles repeat, unless `options` says to
/// number them.
pub fn map_titled<F: Forge<Record = MilestoneRecord>>(
    records: Vec<MilestoneRecord>,
    options: &MappingOptions,
    rule: TitleRule,
    target: impl Fn(&MilestoneRecord, String) -> F::Fields,
) -> Mapping<F> {
    let titles = match options.repeated_titles {
        RepeatedTitles::Refuse => {
            let errors = repeated_titles(&records, rule);
            if !errors.is_empty() {
                return refuse_repeated(records, errors, rule, target);
            }
            records.iter().map(|r| r.title.clone()).collect()
        }
        RepeatedTitles::Number => numbered_titles(&records),
    };
    Mapping::all(
        one_by_one(records)
            .zip(titles)
            .map(|(record, title)| {
                let target = target(&record, title);
                Box::new(Mapped { record, target })
            })
            .collect(),
    )
}

/// How many source milestones hold each title.
fn holders(records: &[MilestoneRecord]) -> HashMap<&str, usize> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for record in records {
        *count.entry(record.title.as_str()).or_default() += 1;
    }
    count
}

/// A source that repeats titles: each holder of a repeated title is
/// refused, the others mapped, so that a dry run can show both.
fn refuse_repeated<F: Forge<Record = MilestoneRecord>>(
    records: Vec<MilestoneRecord>,
    errors: Vec<MappingError>,
    rule: TitleRule,
    target: impl Fn(&MilestoneRecord, String) -> F::Fields,
) -> Mapping<F> {
    let count = holders(&records);
    let refused = records
        .iter()
        .filter_map(|record| {
            let n = count[record.title.as_str()];
            (n > 1).then(|| {
                Refused::new(
                    record,
                    format!(
                        "its title is held by {n} source milestones, and {} (--repeated-titles number renames the later ones)",
                        rule.refused
                    ),
                )
            })
        })
        .collect();
    let mapped = records
        .iter()
        .filter(|record| count[record.title.as_str()] == 1)
        .map(|record| {
            Box::new(Mapped {
                target: target(record, record.title.clone()),
                record: record.clone(),
            })
        })
        .collect();
    Mapping {
        mapped,
        refused,
        errors,
    }
}

/// One error per title held by more than one record, naming where each
/// holder is, in the order the titles first appear.
fn repeated_titles(records: &[MilestoneRecord], rule: TitleRule) -> Vec<MappingError> {
    let mut by_title: HashMap<&str, Vec<&MilestoneRecord>> = HashMap::new();
    let mut order = Vec::new();
    for record in records {
        let list = by_title.entry(record.title.as_str()).or_default();
        if list.is_empty() {
            order.push(record.title.as_str());
        }
        list.push(record);
    }
    order
        .into_iter()
        .filter_map(|title| {
            let list = &by_title[title];
            let [first, _, ..] = list.as_slice() else {
                return None;
            };
            let places: Vec<String> = list.iter().map(|r| r.origin.to_string()).collect();
            Some(MappingError::new(
                &first.origin,
                "title",
                format!(
                    "{title:?} is held by {} milestones ({}){}: rename all but one of them in the source, or give --repeated-titles number to have the later ones numbered `{title} (2)`, `{title} (3)`…",
                    list.len(),
                    places.join(", "),
                    rule.error,
                ),
            ))
        })
        .collect()
}

/// Every record's title, the second and later holders of a title renamed
/// `TITLE (N)` in source order, N from 2 up, skipping any title already
/// taken by a record or by an earlier renaming.
fn numbered_titles(records: &[MilestoneRecord]) -> Vec<String> {
    let mut taken: HashSet<String> = records.iter().map(|r| r.title.clone()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut next: HashMap<&str, u64> = HashMap::new();
    records
        .iter()
        .map(|record| {
            let title = record.title.as_str();
            if seen.insert(title) {
                return record.title.clone();
            }
            let counter = next.entry(title).or_insert(2);
            loop {
                let candidate = format!("{title} ({counter})");
                *counter += 1;
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
            }
        })
        .collect()
}
