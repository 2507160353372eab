//! Results of work done out of order, handed back in order: the pairs of a
//! batch finish in any order (a slow repository must not hold the others
//! back), but their plans and tables are printed in the order listed.

use std::collections::BTreeMap;

/// Holds results that arrived early until those before them are in.
#[derive(Debug)]
pub struct InOrder<T> {
    next: usize,
    waiting: BTreeMap<usize, T>,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> InOrder<T> {
    /// Takes result `index` (from 0, each once) and returns every result
    /// that is now next in line, in order.
    pub fn push(&mut self, index: usize, item: T) -> Vec<T> {
        self.waiting.insert(index, item);
        let mut ready = Vec::new();
        while let Some(item) = self.waiting.remove(&self.next) {
            ready.push(item);
            self.next += 1;
        }
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_back_in_order_whatever_the_arrival() {
        let mut order = InOrder::default();
        assert!(order.push(2, 'c').is_empty());
        assert!(order.push(1, 'b').is_empty());
        assert_eq!(order.push(0, 'a'), ['a', 'b', 'c']);
        assert_eq!(order.push(3, 'd'), ['d']);
    }
}
