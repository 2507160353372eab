//! GitCode's own faults in the sandbox: which state words its milestone
//! update takes, how its labels' colours are written, and the `mileport
//! sandbox` flags that set them.

use crate::providers::Provider;
use crate::sandbox::Faults;

/// The state words GitCode's milestone update accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GitCodeStates {
    /// `open` and `closed`, as documented.
    #[default]
    Documented,
    /// Only `reopen` and `close` (as its issue update); others answer 400.
    Verbs,
    /// Only `reopen` and `close`; others are ignored with a 200.
    VerbsIgnoringOthers,
}

/// The faults only the GitCode side injects. `Default` injects none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GitCodeFaults {
    /// Which state words its milestone update takes.
    pub states: GitCodeStates,
    /// Label colours are answered without their `#`, as some
    /// Gitee-derived servers write them.
    pub label_colors_without_hash: bool,
}

/// The `mileport sandbox` flags of GitCode's faults.
#[derive(Debug, clap::Args)]
pub struct GitCodeSandboxArgs {
    /// The state words GitCode's milestone update takes: documented
    /// (open/closed), verbs (close/reopen only, others answer 400),
    /// verbs-ignoring-others (close/reopen; others ignored).
    #[arg(long, value_name = "WORDS", value_enum, default_value_t = GitCodeStates::Documented)]
    pub gitcode_states: GitCodeStates,

    /// GitCode answers label colours without their `#` (`d73a4a`), as some
    /// Gitee-derived servers do
    #[arg(long)]
    pub gitcode_label_colors_without_hash: bool,
}

impl GitCodeSandboxArgs {
    /// The faults these flags describe.
    pub fn faults(&self) -> GitCodeFaults {
        GitCodeFaults {
            states: self.gitcode_states,
            label_colors_without_hash: self.gitcode_label_colors_without_hash,
        }
    }
}

impl Faults {
    /// GitCode's own faults.
    pub fn gitcode(&self) -> GitCodeFaults {
        self.by_provider.get(Provider::GitCode)
    }

    /// These faults, with GitCode's own set to `faults`.
    pub fn with_gitcode(mut self, faults: GitCodeFaults) -> Faults {
        self.by_provider.set(Provider::GitCode, faults);
        self
    }
}
