//! A whole number as a provider sends it: a JSON integer or a string of
//! digits, of any size. GitCode returns ids and numbers both ways, and
//! SourceCraft's gateway sends 64-bit counters as strings. The number is
//! kept as it came (`"83"` stays a string, `83` an integer, a 30-digit id
//! every digit), so a backup writes it back unchanged; two numbers are
//! equal when their values are.

use std::{cmp::Ordering, fmt, hash::Hash, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A whole number, as a JSON integer or as a string of digits.
#[derive(Clone, Debug)]
pub struct WholeNumber {
    /// The digits as sent, with an optional leading `-`.
    text: String,
    /// Sent as a JSON string.
    quoted: bool,
}

/// Text that is not a whole number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a whole number")]
pub struct NotAWholeNumber(pub String);

impl WholeNumber {
    /// The number as sent in a string (`"83"`), or an error naming the text.
    pub fn quoted(text: &str) -> Result<WholeNumber, NotAWholeNumber> {
        let mut number: WholeNumber = text.parse()?;
        number.quoted = true;
        Ok(number)
    }

    /// The value, when it fits 64 bits.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// Whether it came as a JSON string.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// Sign and digits without leading zeros: what equality compares.
    fn canonical(&self) -> (bool, &str) {
        let (negative, digits) = match self.text.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, self.text.as_str()),
        };
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            (false, "0")
        } else {
            (negative, digits)
        }
    }
}

impl From<i64> for WholeNumber {
    fn from(value: i64) -> Self {
        WholeNumber {
            text: value.to_string(),
            quoted: false,
        }
    }
}

impl FromStr for WholeNumber {
    type Err = NotAWholeNumber;

    /// Digits with an optional leading `-`, nothing else (no spaces, signs
    /// or exponents): read as an integer.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NotAWholeNumber(text.to_owned()));
        }
        Ok(WholeNumber {
            text: text.to_owned(),
            quoted: false,
        })
    }
}

impl fmt::Display for WholeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for WholeNumber {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl Eq for WholeNumber {}

impl Hash for WholeNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical().hash(state);
    }
}

impl PartialEq<i64> for WholeNumber {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl Ord for WholeNumber {
    /// By value, whatever the size.
    fn cmp(&self, other: &Self) -> Ordering {
        let (a_negative, a) = self.canonical();
        let (b_negative, b) = other.canonical();
        let magnitude = a.len().cmp(&b.len()).then_with(|| a.cmp(b));
        match (a_negative, b_negative) {
            (false, false) => magnitude,
            (true, true) => magnitude.reverse(),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        }
    }
}

impl PartialOrd for WholeNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for WholeNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            return serializer.serialize_str(&self.text);
        }
        // serde_json keeps the digits of a number of any size as they are.
        match serde_json::Number::from_str(&self.text) {
            Ok(number) => number.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wrong = |shown: String| {
            serde::de::Error::custom(format!(
                "expected a whole number or a string of digits, got {shown}"
            ))
        };
        match Value::deserialize(deserializer)? {
            Value::Number(number) => number
                .to_string()
                .parse()
                .map_err(|_| wrong(number.to_string())),
            Value::String(text) => {
                WholeNumber::quoted(&text).map_err(|_| wrong(format!("{text:?}")))
            }
            other => Err(wrong(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_was_sent_and_compares_values() {
        for text in [
            "83",
            "\"83\"",
            "123456789012345678901234567890",
            "\"-7\"",
            "0",
        ] {
            let number: WholeNumber = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&number).unwrap(), text);
        }
        let quoted: WholeNumber = serde_json::from_str("\"0083\"").unwrap();
        let plain: WholeNumber = serde_json::from_str("83").unwrap();
        assert_eq!(quoted, plain);
        assert_eq!(quoted.as_i64(), Some(83));
        let big: WholeNumber = "123456789012345678901234567890".parse().unwrap();
        assert!(big > plain && big.as_i64().is_none());
        let (minus_five, three) = (WholeNumber::from(-5), WholeNumber::from(3));
        assert!(minus_five < three);
        for bad in ["\"4.5\"", "1.5", "\"\"", "\"12a\"", "null", "\" 1\"", "1e3"] {
            assert!(serde_json::from_str::<WholeNumber>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_inside_a_flattened_struct() {
        #[derive(Deserialize)]
        struct Item {
            number: WholeNumber,
            #[serde(flatten)]
            extra: serde_json::Map<String, Value>,
        }
        let value = serde_json::json!({"number": 5, "big": 1});
        let item: Item = serde_json::from_str(
            r#"{"number": 18446744073709551617, "big": 123456789012345678901234567890}"#,
        )
        .unwrap();
        assert_eq!(item.number.to_string(), "18446744073709551617");
        assert_eq!(
            item.extra["big"].to_string(),
            "123456789012345678901234567890"
        );
        let item: Item = serde_json::from_value(value).unwrap();
        assert_eq!(item.number, 5);
    }
}
