//! Named remotes: a provider at another address (a GitHub Enterprise
//! Server, say) with a token of its own, declared once in the config file
//! and named in locations like a provider (`ghe:OWNER/REPO`).
//!
//! `place.rs` finds the config file, `file.rs` reads it; this file keeps
//! what was read for the whole run and answers lookups by name.

pub mod file;
pub mod place;

use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    sync::OnceLock,
};

pub use file::{ConfigError, ConfigErrorKind};
pub use place::{ConfigPlace, NamedBy};

use crate::provider::Provider;
use crate::provider::Token;

/// Where a remote's token comes from.
#[derive(Clone, Debug)]
pub enum TokenSource {
    /// Not said: the provider's own variables (`GITHUB_TOKEN`, …).
    Provider,
    /// `token_env`: the variable that holds it.
    Env(String),
    /// `token_file`: the file that holds it (relative to the config file).
    File(PathBuf),
    /// `token`: written in the config file itself.
    Inline(Token),
}

/// One `[remotes.NAME]` table.
#[derive(Clone, Debug)]
pub struct Remote {
    pub name: String,
    pub provider: Provider,
    /// The API's base URL; `None` for the provider's default.
    pub url: Option<String>,
    pub token: TokenSource,
}

impl Remote {
    /// The base URL requests go to.
    pub fn url(&self) -> &str {
        // A remote of a self-hosted-only provider has its url: the file is
        // refused without one.
        self.url
            .as_deref()
            .or_else(|| self.provider.default_url())
            .unwrap_or_default()
    }
}

/// The config file as read: where it is (or would be) and its remotes.
#[derive(Clone, Debug, Default)]
pub struct Remotes {
    /// `None` when no file was named and no home directory is known.
    pub place: Option<ConfigPlace>,
    /// Whether the file exists (a missing default file holds no remotes).
    pub exists: bool,
    pub list: Vec<Remote>,
}

impl Remotes {
    /// The remote called `name` (letter case aside).
    pub fn find(&self, name: &str) -> Option<&Remote> {
        self.list
            .iter()
            .find(|remote| remote.name.eq_ignore_ascii_case(name))
    }

    /// Every remote's name, in the file's order.
    pub fn names(&self) -> Vec<&str> {
        self.list
            .iter()
            .map(|remote| remote.name.as_str())
            .collect()
    }
}

static LOADED: OnceLock<Result<Remotes, ConfigError>> = OnceLock::new();

/// Reads the config file, once per run: the file `--config` names (found
/// in `args`), else `MILEPORT_CONFIG`, else the default place. Later calls
/// return what the first read.
pub fn load(args: impl IntoIterator<Item = OsString>) -> &'static Result<Remotes, ConfigError> {
    LOADED.get_or_init(|| {
        let place = ConfigPlace::locate(config_flag(args));
        file::read(place)
    })
}

/// The remotes read by [`load`]; none when nothing was loaded or the
/// file was refused (the refusal is reported by [`loaded`]).
pub fn current() -> &'static Remotes {
    static NONE: OnceLock<Remotes> = OnceLock::new();
    match LOADED.get() {
        Some(Ok(remotes)) => remotes,
        _ => NONE.get_or_init(Remotes::default),
    }
}

/// What [`load`] read, or why the file was refused.
pub fn loaded() -> Result<&'static Remotes, &'static ConfigError> {
    match LOADED.get() {
        Some(Ok(remotes)) => Ok(remotes),
        Some(Err(error)) => Err(error),
        None => Ok(current()),
    }
}

/// The value of `--config FILE` (or `--config=FILE`) anywhere before `--`:
/// the file must be read before clap parses, as locations name remotes.
fn config_flag(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            found = args.next().map(PathBuf::from);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            found = Some(PathBuf::from(value));
        }
    }
    found
}

/// `path` as written, or, when relative, beside the config file.
pub(crate) fn beside(config: &Path, path: &Path) -> PathBuf {
    match config.parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(args: &[&str]) -> Option<PathBuf> {
        config_flag(args.iter().map(OsString::from))
    }

    #[test]
    fn the_config_flag_is_found_anywhere_before_a_double_dash() {
        assert_eq!(flag(&["mileport", "export", "x"]), None);
        assert_eq!(
            flag(&["mileport", "--config", "a.toml", "export"]),
            Some("a.toml".into())
        );
        assert_eq!(
            flag(&["mileport", "export", "--config=b.toml"]),
            Some("b.toml".into())
        );
        assert_eq!(flag(&["mileport", "--", "--config", "c.toml"]), None);
    }

    #[test]
    fn relative_token_files_are_beside_the_config_file() {
        let config = Path::new("/etc/mileport/config.toml");
        assert_eq!(
            beside(config, Path::new("ghe.token")),
            Path::new("/etc/mileport/ghe.token")
        );
        assert_eq!(beside(config, Path::new("/t")), Path::new("/t"));
    }
}
