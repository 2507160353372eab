//! A collection keyed by provider whose parts are each of their provider's
//! own type (its part of the seed, its faults), yet which can be cloned,
//! compared and printed whole, for the shared sandbox to carry them
//! without naming a provider.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;

use crate::provider::Provider;

/// A provider's part, whatever its type.
pub(crate) trait Part: Any + fmt::Debug + Send + Sync {
    fn clone_part(&self) -> Box<dyn Part>;
    fn same(&self, other: &dyn Part) -> bool;
    /// Whether it is its type's default, as a missing part reads.
    fn is_default(&self) -> bool;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Clone + Default + fmt::Debug + PartialEq + Send + Sync> Part for T {
    fn clone_part(&self) -> Box<dyn Part> {
        Box::new(self.clone())
    }

    fn same(&self, other: &dyn Part) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn is_default(&self) -> bool {
        *self == T::default()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One part per provider, each of its own type; a missing part reads as
/// its type's default.
#[derive(Default)]
pub struct Keyed {
    parts: BTreeMap<Provider, Box<dyn Part>>,
}

impl Keyed {
    /// The part of `provider`, as a `T` (its default when none was set).
    pub(crate) fn get<T: Part + Clone + Default>(&self, provider: Provider) -> T {
        self.parts
            .get(&provider)
            .and_then(|part| part.as_any().downcast_ref::<T>())
            .cloned()
            .unwrap_or_default()
    }

    /// The part of `provider`, as a `T` to change (made default first
    /// when none, or one of another type, was set).
    pub(crate) fn get_mut<T: Part + Default>(&mut self, provider: Provider) -> &mut T {
        let part = self
            .parts
            .entry(provider)
            .or_insert_with(|| Box::new(T::default()));
        if !part.as_any().is::<T>() {
            *part = Box::new(T::default());
        }
        match part.as_any_mut().downcast_mut::<T>() {
            Some(part) => part,
            None => unreachable!("the part was just made a T"),
        }
    }

    /// Sets the part of `provider`.
    pub(crate) fn set<T: Part>(&mut self, provider: Provider, part: T) {
        self.parts.insert(provider, Box::new(part));
    }
}

impl Clone for Keyed {
    fn clone(&self) -> Self {
        let parts = self.parts.iter().map(|(p, part)| (*p, part.clone_part()));
        Keyed {
            parts: parts.collect(),
        }
    }
}

/// Equal when every provider's parts are, a missing part being equal to
/// its type's default.
impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        let providers = self.parts.keys().chain(other.parts.keys());
        providers.into_iter().all(|provider| {
            match (self.parts.get(provider), other.parts.get(provider)) {
                (Some(a), Some(b)) => a.same(b.as_ref()),
                (Some(only), None) | (None, Some(only)) => only.is_default(),
                (None, None) => true,
            }
        })
    }
}

impl fmt::Debug for Keyed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.parts.iter()).finish()
    }
}
