//! The value parser of arguments that name a location: reads the value as
//! its type does, and offers shell completions the prefixes a location
//! starts with (`gitcode:`, `sourcecraft:`, `github:` and each remote's
//! name, as the config file holds them when the script is generated).

use std::{ffi::OsStr, fmt::Display, str::FromStr, sync::OnceLock};

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use crate::provider::Provider;

/// Parses with `parse`; lists the location prefixes as possible values,
/// which only completions use (help hides them, and any value is read).
#[derive(Clone, Copy)]
pub struct LocationParser<T> {
    parse: fn(&str) -> Result<T, String>,
}

/// The parser for a type read from a location (`Location`, `RepoRef`).
pub fn location<T>() -> LocationParser<T>
where
    T: FromStr,
    T::Err: Display,
{
    LocationParser {
        parse: |text| text.parse().map_err(|error: T::Err| error.to_string()),
    }
}

impl<T> LocationParser<T> {
    /// The parser for a location or something else (a backup file).
    pub fn new(parse: fn(&str) -> Result<T, String>) -> LocationParser<T> {
        LocationParser { parse }
    }
}

/// `gitcode:`, `sourcecraft:`, `github:`, then the remotes' names. Made
/// once per run and kept for its length, as clap's values borrow them.
pub fn prefix_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        Provider::all()
            .iter()
            .map(|provider| provider.id())
            .chain(crate::remotes::current().names())
            .map(|prefix| &*Box::leak(format!("{prefix}:").into_boxed_str()))
            .collect()
    })
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for LocationParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let parse = self.parse;
        StringValueParser::new()
            .try_map(move |text: String| parse(&text))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            prefix_words().iter().map(|word| PossibleValue::new(*word)),
        ))
    }
}
