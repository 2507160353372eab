//! JSON allows an object to name a key twice and then keeps only the last
//! value, so a backup with two `"milestones"` lists, or a milestone with
//! two `"title"`s, would be read without a word as something else than what
//! the file shows. [`UniqueValue`] builds a value while it is read and
//! refuses any object that names a key twice; the error carries the line
//! and column, and [`duplicate_key`] turns it into a [`FileError`].

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::FileError;

const DUPLICATE: &str = "duplicate key: ";

/// The key under which serde_json hands out a number it keeps as text
/// (with its `arbitrary_precision` feature): such a "map" is a number.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The error for `key` named twice in one object, once its second value
/// has been skipped, so that the position points past it.
pub(crate) fn repeated<'de, A: MapAccess<'de>>(map: &mut A, key: &str) -> A::Error {
    match map.next_value::<IgnoredAny>() {
        Ok(IgnoredAny) => de::Error::custom(format!(
            "{DUPLICATE}`{key}` appears twice in the same object"
        )),
        Err(error) => error,
    }
}

/// The [`FileError`] a repeated key reported by serde_json stands for, if
/// `error` is one.
pub(crate) fn duplicate_key(error: &serde_json::Error, file: &str) -> Option<FileError> {
    let text = error.to_string();
    let message = text.strip_prefix(DUPLICATE)?;
    Some(FileError::DuplicateKey {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        message: message
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Any JSON value, read whole, with repeated keys refused all the way down.
#[derive(Clone, Copy)]
pub(crate) struct UniqueValue;

impl<'de> DeserializeSeed<'de> for UniqueValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(UniqueValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.is_empty() && key == NUMBER_TOKEN {
                let digits: String = map.next_value()?;
                return digits
                    .parse::<Number>()
                    .map(Value::Number)
                    .map_err(de::Error::custom);
            }
            if fields.contains_key(&key) {
                return Err(repeated(&mut map, &key));
            }
            let value = map.next_value_seed(UniqueValue)?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Value, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        UniqueValue.deserialize(&mut deserializer).map_err(|error| {
            match duplicate_key(&error, "b.json") {
                Some(duplicate) => duplicate.to_string(),
                None => error.to_string(),
            }
        })
    }

    #[test]
    fn repeated_keys_are_refused_anywhere_with_their_place() {
        let error =
            read("{\"milestones\": [{\"title\": \"a\"}],\n \"milestones\": []}").unwrap_err();
        assert!(error.contains("b.json:2:"), "{error}");
        assert!(error.contains("`milestones` appears twice"), "{error}");
        let nested = "[{\"title\": \"a\", \"state\": \"closed\", \"title\": \"b\"}]";
        let error = read(nested).unwrap_err();
        assert!(error.contains("`title` appears twice"), "{error}");
        let broken = read("{\"a\": 1, \"a").unwrap_err();
        assert!(broken.starts_with("EOF while parsing"), "{broken}");
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"[{"a": {"a": 1}}, null, true, -3, 18446744073709551615, 1.5, "x", [], {}]"#;
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(read(text).unwrap(), expected);
    }
}
