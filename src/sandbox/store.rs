//! What the providers' stores (`providers/<name>/sandbox_store.rs`) share.

/// A stable repository id derived from the name, so that it is the same on
/// every run and in every snapshot.
pub(crate) fn repository_id(repo: &str) -> i64 {
    let hash = repo.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // Seven-digit ids, like the real service's.
    1_000_000 + (hash % 9_000_000) as i64
}

/// `base` (a URL) with `segment` appended as one percent-encoded path
/// segment, as a label's name is in its URL; `base/segment` as it is when
/// `base` is no URL.
pub(crate) fn with_segment(base: &str, segment: &str) -> String {
    match url::Url::parse(base) {
        Ok(mut url) => {
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop_if_empty().push(segment);
            }
            url.to_string()
        }
        Err(_) => format!("{base}/{segment}"),
    }
}
