//! GitCode's own faults in the sandbox: which state words its milestone
//! update takes, how its labels' colours are written, and the `mileport
//! sandbox` flags that set them.

use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

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
    /// The most milestones (or repositories, or labels) a page holds,
    /// whatever `per_page` asks; 0 for the documented 100.
    pub page_cap: usize,
    /// Its list ignores the state filter and answers open milestones only.
    pub ignore_state_filter: bool,
    /// Its list answers `state=all` with open milestones only.
    pub state_all_as_open: bool,
    /// Its listings answer a bare array, without the `total_count` and
    /// `total_page` headers.
    pub no_totals: bool,
    /// Numbers, ids and issue counts are sent as strings.
    pub string_ids: bool,
    /// Listings give their second milestone the first one's number.
    pub duplicate_numbers: bool,
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

    /// The most milestones (or repositories) a GitCode page holds,
    /// whatever per_page asks (its total_count and total_page headers stay
    /// true).
    #[arg(long, alias = "page-cap", value_name = "N", default_value_t = 0)]
    pub gitcode_page_cap: usize,

    /// GitCode's list ignores the state filter and answers open milestones only.
    #[arg(long, alias = "ignore-state-filter")]
    pub gitcode_ignore_state_filter: bool,

    /// GitCode's list answers state=all with open milestones only
    /// (state=closed works).
    #[arg(long, alias = "state-all-as-open")]
    pub gitcode_state_all_as_open: bool,

    /// GitCode's listings answer a bare array, without the total_count and
    /// total_page headers.
    #[arg(long, alias = "no-totals")]
    pub gitcode_no_totals: bool,

    /// GitCode numbers, ids and issue counts sent as strings.
    #[arg(long, alias = "string-ids")]
    pub gitcode_string_ids: bool,

    /// GitCode listings give their second milestone the first one's number.
    #[arg(long, alias = "duplicate-numbers")]
    pub gitcode_duplicate_numbers: bool,
}

impl OwnFlags for GitCodeSandboxArgs {
    type Faults = GitCodeFaults;

    fn faults(&self) -> GitCodeFaults {
        GitCodeFaults {
            states: self.gitcode_states,
            label_colors_without_hash: self.gitcode_label_colors_without_hash,
            page_cap: self.gitcode_page_cap,
            ignore_state_filter: self.gitcode_ignore_state_filter,
            state_all_as_open: self.gitcode_state_all_as_open,
            no_totals: self.gitcode_no_totals,
            string_ids: self.gitcode_string_ids,
            duplicate_numbers: self.gitcode_duplicate_numbers,
        }
    }
}

impl Faults {
    /// GitCode's own faults.
    pub fn gitcode(&self) -> GitCodeFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with GitCode's own set to `faults`.
    pub fn with_gitcode(mut self, faults: GitCodeFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(flags: &[&str]) -> GitCodeFaults {
        crate::sandbox::imitation::faults_of::<GitCodeSandboxArgs>(flags)
    }

    #[test]
    fn its_flags_set_its_faults_under_either_name() {
        let wanted = GitCodeFaults {
            page_cap: 20,
            ignore_state_filter: true,
            state_all_as_open: true,
            no_totals: true,
            string_ids: true,
            duplicate_numbers: true,
            ..GitCodeFaults::default()
        };
        let named = parse(&[
            "--gitcode-page-cap",
            "20",
            "--gitcode-ignore-state-filter",
            "--gitcode-state-all-as-open",
            "--gitcode-no-totals",
            "--gitcode-string-ids",
            "--gitcode-duplicate-numbers",
        ]);
        assert_eq!(named, wanted);
        // The names they had before they were GitCode's own.
        let earlier = parse(&[
            "--page-cap",
            "20",
            "--ignore-state-filter",
            "--state-all-as-open",
            "--no-totals",
            "--string-ids",
            "--duplicate-numbers",
        ]);
        assert_eq!(earlier, wanted);
        assert_eq!(parse(&[]), GitCodeFaults::default());
    }
}
