//! SourceCraft slugs derived from titles: transliterated to ASCII
//! (`Релиз 2.0` → `reliz-2-0`, `你好中国` → `ni-hao-zhong-guo`), unique within
//! the repository, and the same from one run to the next, so a re-run finds
//! what an earlier run created.

use std::collections::{BTreeMap, HashSet};

/// SourceCraft's longest slug, as far as we rely on it.
pub const MAX_LEN: usize = 100;

/// The slug a title gives before de-duplication.
pub fn slug_from_title(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if slug.len() > MAX_LEN - 12 {
        // Room for a de-duplicating suffix.
        slug.truncate(MAX_LEN - 12);
        slug = slug.trim_end_matches('-').to_owned();
    }
    if slug.is_empty() {
        "milestone".to_owned()
    } else {
        slug
    }
}

/// Slugs for a set of milestones, given as (stable key, title) in a stable
/// order (by source key). The first milestone of a title keeps the plain
/// slug; later ones with the same title get `-<key>`, which depends only on
/// the milestone itself, so adding a milestone never renames another.
/// `taken` holds slugs that must not be given out (explicit ones).
pub fn assign_slugs<'a>(
    milestones: impl IntoIterator<Item = (&'a str, &'a str)>,
    taken: &HashSet<String>,
) -> BTreeMap<String, String> {
    let mut used: HashSet<String> = taken.clone();
    let mut slugs = BTreeMap::new();
    for (key, title) in milestones {
        let base = slug_from_title(title);
        let mut candidate = base.clone();
        if used.contains(&candidate) {
            let key_part = slug_from_title(key);
            candidate = format!("{base}-{key_part}");
            let mut n = 2;
            while used.contains(&candidate) {
                candidate = format!("{base}-{key_part}-{n}");
                n += 1;
            }
        }
        used.insert(candidate.clone());
        slugs.insert(key.to_owned(), candidate);
    }
    slugs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_and_tidies() {
        assert_eq!(slug_from_title("Релиз 2.0"), "reliz-2-0");
        assert_eq!(slug_from_title("你好中国"), "ni-hao-zhong-guo");
        assert_eq!(slug_from_title("  v1.0 -- Beta!  "), "v1-0-beta");
        assert_eq!(slug_from_title("🚀🚀"), "rocket-rocket");
        assert_eq!(slug_from_title("!!!"), "milestone");
        assert!(slug_from_title(&"x".repeat(500)).len() <= MAX_LEN);
    }

    #[test]
    fn duplicates_get_stable_distinct_slugs() {
        let slugs = assign_slugs(
            [("1", "Beta"), ("5", "Beta"), ("9", "beta!")],
            &HashSet::new(),
        );
        assert_eq!(slugs["1"], "beta");
        assert_eq!(slugs["5"], "beta-5");
        assert_eq!(slugs["9"], "beta-9");
        let taken = HashSet::from(["beta".to_owned()]);
        assert_eq!(assign_slugs([("1", "Beta")], &taken)["1"], "beta-1");
    }
}
