//! The provider-neutral label, and its colour in one form whatever form a
//! provider writes it in (`d73a4a`, `#D73A4A`, `#d7a`).

use std::{borrow::Cow, fmt};

use serde::Serialize;

use super::{Kind, Neutral, Origin, ReadOnly};

/// One label, whatever provider it came from. Its name is its identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelRecord {
    pub origin: Origin,
    pub name: String,
    /// `None` when the provider sent none.
    pub colour: Option<Colour>,
    /// Byte-exact; `None` when the provider sent none (SourceCraft has no
    /// such field).
    pub description: Option<String>,
    /// SourceCraft's slug, when the record came from SourceCraft.
    pub slug: Option<String>,
    /// The names of the provider's read-only fields this label has (ids,
    /// URLs, authors, timestamps…): reported, and kept in backups.
    pub read_only: ReadOnly,
}

impl Neutral for LabelRecord {
    const KIND: Kind = Kind::Labels;

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn title(&self) -> &str {
        &self.name
    }

    fn read_only(&self) -> &[Cow<'static, str>] {
        &self.read_only
    }
}

/// A colour as red, green and blue: written `d73a4a` (six lowercase
/// hexadecimal digits), read from six or three digits in either case, with
/// or without `#`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour([u8; 3]);

impl Colour {
    /// Reads `text`; `None` when it is not a colour in one of the forms
    /// above (a name such as `red` is not read: no provider agrees on them).
    pub fn parse(text: &str) -> Option<Colour> {
        let digits = text.strip_prefix('#').unwrap_or(text);
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = |s: &str| u8::from_str_radix(s, 16).ok();
        match digits.len() {
            6 => Some(Colour([
                value(&digits[0..2])?,
                value(&digits[2..4])?,
                value(&digits[4..6])?,
            ])),
            3 => {
                let twice = |i: usize| value(&digits[i..=i].repeat(2));
                Some(Colour([twice(0)?, twice(1)?, twice(2)?]))
            }
            _ => None,
        }
    }

    /// Six lowercase hexadecimal digits, no `#`: GitHub's form.
    pub fn hex(self) -> String {
        self.to_string()
    }

    /// `#` and six lowercase hexadecimal digits.
    pub fn hash_hex(self) -> String {
        format!("#{self}")
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_reads_the_same() {
        let red = Colour::parse("d73a4a").unwrap();
        for form in ["#d73a4a", "D73A4A", "#D73a4A"] {
            assert_eq!(Colour::parse(form), Some(red), "{form}");
        }
        assert_eq!(red.hex(), "d73a4a");
        assert_eq!(red.hash_hex(), "#d73a4a");
        assert_eq!(Colour::parse("#fA0").unwrap().hex(), "ffaa00");
    }

    #[test]
    fn what_is_not_a_colour_is_refused() {
        for text in [
            "", "#", "red", "d73a4", "#d73a4a0", "gg0000", "#+12345", "d7 3a4a",
        ] {
            assert_eq!(Colour::parse(text), None, "{text}");
        }
    }
}
