//! Where the config file is: the file `--config` names, else the one
//! `MILEPORT_CONFIG` names, else `$XDG_CONFIG_HOME/mileport/config.toml`,
//! else `$HOME/.config/mileport/config.toml`.

use std::{
    fmt,
    path::{Path, PathBuf},
};

/// What chose the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedBy {
    Flag,
    Env,
    /// The default place: a missing file there means no remotes.
    Default,
}

impl fmt::Display for NamedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NamedBy::Flag => "named by --config",
            NamedBy::Env => "named by MILEPORT_CONFIG",
            NamedBy::Default => "the default place",
        })
    }
}

/// The config file and what chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigPlace {
    pub path: PathBuf,
    pub named_by: NamedBy,
}

impl ConfigPlace {
    /// The file to read: `flag`, else the environment's choice. `None`
    /// when nothing names one and no home directory is known.
    pub fn locate(flag: Option<PathBuf>) -> Option<ConfigPlace> {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        if let Some(path) = flag {
            return Some(ConfigPlace {
                path,
                named_by: NamedBy::Flag,
            });
        }
        if let Some(path) = var("MILEPORT_CONFIG") {
            return Some(ConfigPlace {
                path,
                named_by: NamedBy::Env,
            });
        }
        let dir = var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|home| home.join(".config")));
        dir.map(|dir| ConfigPlace {
            path: default_path(&dir),
            named_by: NamedBy::Default,
        })
    }
}

fn default_path(config_dir: &Path) -> PathBuf {
    config_dir.join("mileport").join("config.toml")
}
