//! Turning a long list into another one item at a time while letting go of
//! the first list as it empties, so that a hundred thousand milestones are
//! not held twice, once as they were and once as they become.

/// The items of `items` in order; the list's memory shrinks as they are taken.
pub(crate) fn one_by_one<T>(mut items: Vec<T>) -> OneByOne<T> {
    items.reverse();
    OneByOne { rest: items }
}

pub(crate) struct OneByOne<T> {
    /// What is left, last first.
    rest: Vec<T>,
}

impl<T> Iterator for OneByOne<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let item = self.rest.pop()?;
        // Halving at a time keeps the copying to about one more pass.
        if self.rest.len() < self.rest.capacity() / 2 {
            self.rest.shrink_to_fit();
        }
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.rest.len(), Some(self.rest.len()))
    }
}

impl<T> ExactSizeIterator for OneByOne<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_out_in_order_and_lets_go_of_memory() {
        let mut items = one_by_one((0..1000).collect::<Vec<u32>>());
        assert_eq!(items.by_ref().take(3).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(items.by_ref().take(900).last(), Some(902));
        assert!(items.rest.capacity() < 200, "{}", items.rest.capacity());
        assert_eq!(items.collect::<Vec<_>>(), (903..1000).collect::<Vec<_>>());
    }
}
