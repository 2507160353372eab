//! What of a project's listing belongs to its ancestor groups: noted as
//! the listing streams into its sink, and named in a warning.

use super::adapter::GroupListable;
use crate::forge::Sink;
use crate::provider::RepoRef;

/// A sink that passes each object on and notes those of ancestor groups.
pub(super) struct GroupsSeen<'a, T> {
    sink: &'a mut (dyn Sink<T> + Send),
    named: Vec<String>,
}

impl<'a, T: GroupListable> GroupsSeen<'a, T> {
    pub(super) fn new(sink: &'a mut (dyn Sink<T> + Send)) -> Self {
        GroupsSeen {
            sink,
            named: Vec::new(),
        }
    }

    /// A warning naming the objects of ancestor groups the reading held.
    pub(super) fn notice(self, repo: &RepoRef) -> Option<String> {
        let groups = self.named;
        (!groups.is_empty()).then(|| {
            // "milestones", "labels": one of them is said in the singular.
            let what = match groups.len() {
                1 => T::WHAT.strip_suffix('s').unwrap_or(T::WHAT),
                _ => T::WHAT,
            };
            format!(
                "{repo} sees {} {what} of its ancestor groups, included and marked by {}: {}",
                groups.len(),
                T::GROUP_MARK,
                groups.join(", ")
            )
        })
    }
}

impl<T: GroupListable> Sink<T> for GroupsSeen<'_, T> {
    fn restart(&mut self) {
        self.named.clear();
        self.sink.restart();
    }

    fn take(&mut self, object: &T) {
        self.named.extend(object.of_group());
        self.sink.take(object);
    }
}
