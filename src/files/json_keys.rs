//! JSON allows an object to name a key twice and then keeps only the last
//! value, so a backup with two `"milestones"` lists, or a milestone with
//! two `"title"`s, would be read without a word as something else than what
//! the file shows. This pass walks the document once and refuses any
//! object that names a key twice, with the line and column.

use std::{collections::HashSet, fmt};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::FileError;

/// Fails on the first object in `text` that names a key twice. Text that
/// is not valid JSON passes: the parser that follows says what is wrong.
pub(crate) fn check_unique_keys(text: &str, file: &str) -> Result<(), FileError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match Unique.deserialize(&mut deserializer) {
        Err(error) if error.to_string().starts_with(DUPLICATE) => Err(FileError::DuplicateKey {
            file: file.to_owned(),
            line: error.line(),
            column: error.column(),
            message: error
                .to_string()
                .trim_start_matches(DUPLICATE)
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        }),
        _ => Ok(()),
    }
}

const DUPLICATE: &str = "duplicate key: ";

/// Any JSON value, checked for repeated keys all the way down.
#[derive(Clone, Copy)]
struct Unique;

impl<'de> DeserializeSeed<'de> for Unique {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Unique)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                // Skip the value so the position points past the repeated key.
                map.next_value::<IgnoredAny>()?;
                return Err(de::Error::custom(format!(
                    "{DUPLICATE}`{key}` appears twice in the same object"
                )));
            }
            map.next_value_seed(Unique)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_refused_anywhere_with_their_place() {
        let text = "{\"milestones\": [{\"title\": \"a\"}],\n \"milestones\": []}";
        let error = check_unique_keys(text, "b.json").unwrap_err().to_string();
        assert!(error.contains("b.json:2:"), "{error}");
        assert!(error.contains("`milestones` appears twice"), "{error}");
        let nested = "[{\"title\": \"a\", \"state\": \"closed\", \"title\": \"b\"}]";
        let error = check_unique_keys(nested, "b.json").unwrap_err().to_string();
        assert!(error.contains("`title` appears twice"), "{error}");
        assert!(check_unique_keys("[{\"a\": {\"a\": 1}}]", "b.json").is_ok());
        assert!(check_unique_keys("{broken", "b.json").is_ok());
    }
}
