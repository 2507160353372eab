//! Reads the config file: TOML holding one `[remotes.NAME]` table per
//! remote, each checked before anything runs. Every refusal names the file
//! and the line, and never shows a token written in it.

use std::{ops::Range, path::Path};

use toml_edit::{Document, Item, Key, TableLike};

use super::{ConfigPlace, NamedBy, Remote, Remotes, TokenSource, beside};
use crate::provider::Token;
use crate::provider::{Provider, suggest};

/// The keys a remote's table may hold.
const REMOTE_KEYS: &str = "provider, url, token_env, token_file, token";
/// The keys that say where the token comes from; one at most.
const TOKEN_KEYS: [&str; 3] = ["token_env", "token_file", "token"];
/// The longest remote name.
const MAX_NAME: usize = 40;

/// Why the config file was refused: the file, the line when one is at
/// fault, and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {kind}", file, line.map(|n| format!(":{n}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub kind: ConfigErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigErrorKind {
    #[error("no such config file ({0}): create it, or name an existing file")]
    Missing(NamedBy),
    #[error("cannot read the config file: {0}")]
    Unreadable(String),
    #[error("not valid TOML: {0}")]
    Syntax(String),
    #[error("unknown key `{key}`{within}: the keys are {allowed}")]
    UnknownKey {
        key: String,
        within: String,
        allowed: &'static str,
    },
    #[error("`{key}` must be {expected}")]
    WrongType { key: String, expected: &'static str },
    #[error("remote `{0}` has no `provider`: add `provider = \"github\"` (or another of {choices})", choices = Provider::choices())]
    NoProvider(String),
    #[error("remote `{remote}` has the unknown provider `{value}`: use one of {choices}{hint}", choices = Provider::choices())]
    UnknownProvider {
        remote: String,
        value: String,
        hint: String,
    },
    #[error(
        "the remote name `{0}` is a provider's name, which always means that provider's default: rename the remote (`{0}-work`, say)"
    )]
    ShadowsProvider(String),
    #[error(
        "`{0}` is not a valid remote name: start with a letter, then letters, digits, `-` or `_`, at most {MAX_NAME} in all"
    )]
    InvalidName(String),
    #[error(
        "remote `{0}` is declared twice (names are matched whatever their letter case): keep one"
    )]
    Duplicate(String),
    #[error(
        "remote `{remote}` names more than one token source ({keys}): keep one of token_env, token_file and token"
    )]
    TwoTokens { remote: String, keys: String },
    #[error(
        "remote `{remote}` has no `url`, and {provider} has no public API to default to: add `url = \"https://HOST/…\"`, its API's base URL"
    )]
    NoUrl { remote: String, provider: Provider },
    #[error("`{key}` of remote `{remote}` is empty: give a value or remove the key")]
    Empty { remote: String, key: String },
    #[error(
        "remote `{remote}` holds its token in the config file, which others can read (mode {mode:03o}): run `chmod 600 {file}`, or move the token to token_env or token_file"
    )]
    ExposedToken {
        remote: String,
        mode: u32,
        file: String,
    },
}

/// Reads the config file at `place`. A missing file is no remotes when it
/// is the default place, and an error when it was named.
pub fn read(place: Option<ConfigPlace>) -> Result<Remotes, ConfigError> {
    let Some(place) = place else {
        return Ok(Remotes::default());
    };
    let fail = |kind| ConfigError {
        file: place.path.display().to_string(),
        line: None,
        kind,
    };
    let text = match std::fs::read(&place.path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| fail(ConfigErrorKind::Unreadable("it is not UTF-8 text".into())))?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if place.named_by == NamedBy::Default {
                return Ok(Remotes {
                    place: Some(place),
                    exists: false,
                    list: Vec::new(),
                });
            }
            return Err(fail(ConfigErrorKind::Missing(place.named_by)));
        }
        Err(error) => return Err(fail(ConfigErrorKind::Unreadable(error.to_string()))),
    };
    let reader = Reader {
        text: &text,
        file: &place.path,
        others_mode: others_mode(&place.path),
    };
    let list = reader.remotes()?;
    Ok(Remotes {
        place: Some(place),
        exists: true,
        list,
    })
}

/// The permission bits for group and others, where the system has them.
fn others_mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map_or(0, |m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o600
    }
}

/// Whether `name` may name a remote.
pub fn valid_remote_name(name: &str) -> bool {
    name.len() <= MAX_NAME
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// One file's text being read.
struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    /// The file's permission bits (group and others matter).
    others_mode: u32,
}

impl Reader<'_> {
    fn error(&self, span: Option<Range<usize>>, kind: ConfigErrorKind) -> ConfigError {
        let line = span.map(|span| {
            let end = span.start.min(self.text.len());
            self.text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        ConfigError {
            file: self.file.display().to_string(),
            line,
            kind,
        }
    }

    fn remotes(&self) -> Result<Vec<Remote>, ConfigError> {
        let doc = Document::parse(self.text).map_err(|error| {
            let message = error.message().trim().replace('\n', "; ");
            self.error(error.span(), ConfigErrorKind::Syntax(message))
        })?;
        let root = doc.as_table();
        let unknown = |key: &str| ConfigErrorKind::UnknownKey {
            key: key.to_owned(),
            within: String::new(),
            allowed: "remotes",
        };
        if let Some((key, _)) = root.iter().find(|(key, _)| *key != "remotes") {
            return Err(self.error(span_of(root, key), unknown(key)));
        }
        let Some((key, item)) = root.get_key_value("remotes") else {
            return Ok(Vec::new());
        };
        let table = item.as_table_like().ok_or_else(|| {
            self.error(
                key.span(),
                ConfigErrorKind::WrongType {
                    key: "remotes".into(),
                    expected: "a table of remotes, one [remotes.NAME] each",
                },
            )
        })?;
        let mut list: Vec<Remote> = Vec::new();
        for (name, item) in table.iter() {
            let span = span_of(table, name);
            let remote = self.remote(name, span.clone(), item)?;
            if list.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
                return Err(self.error(span, ConfigErrorKind::Duplicate(name.to_owned())));
            }
            list.push(remote);
        }
        Ok(list)
    }

    /// One `[remotes.NAME]` table.
    fn remote(
        &self,
        name: &str,
        span: Option<Range<usize>>,
        item: &Item,
    ) -> Result<Remote, ConfigError> {
        if !valid_remote_name(name) {
            let shown = crate::redact::escape_inline(name).into_owned();
            return Err(self.error(span, ConfigErrorKind::InvalidName(shown)));
        }
        if name.parse::<Provider>().is_ok() {
            return Err(self.error(span, ConfigErrorKind::ShadowsProvider(name.to_owned())));
        }
        let table = item.as_table_like().ok_or_else(|| {
            self.error(
                span.clone(),
                ConfigErrorKind::WrongType {
                    key: format!("remotes.{name}"),
                    expected: "a table: [remotes.NAME] with provider, url and a token source",
                },
            )
        })?;
        if let Some((key, _)) = table
            .iter()
            .find(|(key, _)| !REMOTE_KEYS.split(", ").any(|k| k == *key))
        {
            return Err(self.error(
                span_of(table, key),
                ConfigErrorKind::UnknownKey {
                    key: crate::redact::escape_inline(key).into_owned(),
                    within: format!(" in [remotes.{name}]"),
                    allowed: REMOTE_KEYS,
                },
            ));
        }
        let provider = self.provider(name, span, table)?;
        let url = self.string(name, table, "url")?.map(str::to_owned);
        if url.is_none() && provider.default_url().is_none() {
            return Err(self.error(
                span_of(table, "provider"),
                ConfigErrorKind::NoUrl {
                    remote: name.to_owned(),
                    provider,
                },
            ));
        }
        let token = self.token(name, table)?;
        Ok(Remote {
            name: name.to_owned(),
            provider,
            url,
            token,
        })
    }

    fn provider(
        &self,
        name: &str,
        span: Option<Range<usize>>,
        table: &dyn TableLike,
    ) -> Result<Provider, ConfigError> {
        let Some(value) = self.string(name, table, "provider")? else {
            return Err(self.error(span, ConfigErrorKind::NoProvider(name.to_owned())));
        };
        value.parse().map_err(|_| {
            let ids: Vec<&str> = Provider::all().iter().map(|p| p.id()).collect();
            let hint = suggest::closest(value, &ids)
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            self.error(
                span_of(table, "provider"),
                ConfigErrorKind::UnknownProvider {
                    remote: name.to_owned(),
                    value: crate::redact::escape_inline(value).into_owned(),
                    hint,
                },
            )
        })
    }

    /// The one token source, if any, checked.
    fn token(&self, name: &str, table: &dyn TableLike) -> Result<TokenSource, ConfigError> {
        let given: Vec<&str> = TOKEN_KEYS
            .into_iter()
            .filter(|key| table.contains_key(key))
            .collect();
        if let [_, second, ..] = given[..] {
            return Err(self.error(
                span_of(table, second),
                ConfigErrorKind::TwoTokens {
                    remote: name.to_owned(),
                    keys: given.join(", "),
                },
            ));
        }
        let Some(&key) = given.first() else {
            return Ok(TokenSource::Provider);
        };
        let value = self.string(name, table, key)?.unwrap_or_default();
        Ok(match key {
            "token_env" => TokenSource::Env(value.to_owned()),
            "token_file" => TokenSource::File(beside(self.file, Path::new(value))),
            _ => {
                crate::redact::register_secret(value);
                if self.others_mode & 0o077 != 0 {
                    return Err(self.error(
                        span_of(table, key),
                        ConfigErrorKind::ExposedToken {
                            remote: name.to_owned(),
                            mode: self.others_mode,
                            file: self.file.display().to_string(),
                        },
                    ));
                }
                TokenSource::Inline(Token::new(value))
            }
        })
    }

    /// The non-empty string at `key`, if the key is there.
    fn string<'t>(
        &self,
        name: &str,
        table: &'t dyn TableLike,
        key: &str,
    ) -> Result<Option<&'t str>, ConfigError> {
        let Some(item) = table.get(key) else {
            return Ok(None);
        };
        let span = span_of(table, key);
        match item.as_str() {
            Some("") => Err(self.error(
                span,
                ConfigErrorKind::Empty {
                    remote: name.to_owned(),
                    key: key.to_owned(),
                },
            )),
            Some(value) => Ok(Some(value)),
            None => Err(self.error(
                span,
                ConfigErrorKind::WrongType {
                    key: format!("remotes.{name}.{key}"),
                    expected: "a string in quotes",
                },
            )),
        }
    }
}

/// Where `key` is written in `table`.
fn span_of(table: &dyn TableLike, key: &str) -> Option<Range<usize>> {
    table
        .get_key_value(key)
        .and_then(|(key, _): (&Key, _)| key.span())
}
