//! The providers: one folder each (`gitcode/`, `sourcecraft/`), holding
//! everything mileport knows of that provider behind the traits of
//! `src/forge/`: its client generated from `openapi/`, adapter, mapping,
//! writes, backup columns and sandbox imitation.
//!
//! A [`Provider`](crate::provider::Provider) names a provider;
//! [`with_forge!`](crate::with_forge) turns the name into its
//! implementation, once, at the top of a command. This file is the one list
//! of providers.

pub mod gitcode;
pub mod gitea;
pub mod gitee;
pub mod github;
pub mod gitlab;
pub mod sourcecraft;

/// The provider `mileport demo` moves every other provider's sample into.
pub type DemoTarget = sourcecraft::SourceCraft;
/// Its labels.
pub type DemoTargetLabels = sourcecraft::labels::SourceCraftLabels;

/// Runs `$body` with `$F` standing for the implementation of
/// `$provider`: the one place a provider's name becomes its code.
#[macro_export]
macro_rules! with_forge {
    ($provider:expr, $F:ident => $body:expr) => {{
        // The parts of `Forge`, for `$body` to call on the concrete type.
        #[allow(unused_imports)]
        use $crate::forge::{
            BackupFormat as _, Identity as _, Mapper as _, Reading as _, RepoListing as _,
            Writing as _,
        };
        let provider: $crate::provider::Provider = $provider;
        if provider == $crate::providers::gitcode::PROVIDER {
            type $F = $crate::providers::gitcode::GitCode;
            $body
        } else if provider == $crate::providers::sourcecraft::PROVIDER {
            type $F = $crate::providers::sourcecraft::SourceCraft;
            $body
        } else if provider == $crate::providers::github::PROVIDER {
            type $F = $crate::providers::github::GitHub;
            $body
        } else if provider == $crate::providers::gitea::PROVIDER {
            type $F = $crate::providers::gitea::Gitea;
            $body
        } else if provider == $crate::providers::gitee::PROVIDER {
            type $F = $crate::providers::gitee::Gitee;
            $body
        } else if provider == $crate::providers::gitlab::PROVIDER {
            type $F = $crate::providers::gitlab::GitLab;
            $body
        } else {
            unreachable!("{provider} is registered but not listed in providers/mod.rs")
        }
    }};
}

/// Runs `$body` with `$F` standing for `$provider`'s labels: the one place
/// a provider's name becomes the code for its labels.
#[macro_export]
macro_rules! with_labels {
    ($provider:expr, $F:ident => $body:expr) => {{
        #[allow(unused_imports)]
        use $crate::forge::{
            BackupFormat as _, Identity as _, Mapper as _, Reading as _, Writing as _,
        };
        let provider: $crate::provider::Provider = $provider;
        if provider == $crate::providers::gitcode::PROVIDER {
            type $F = $crate::providers::gitcode::labels::GitCodeLabels;
            $body
        } else if provider == $crate::providers::sourcecraft::PROVIDER {
            type $F = $crate::providers::sourcecraft::labels::SourceCraftLabels;
            $body
        } else if provider == $crate::providers::github::PROVIDER {
            type $F = $crate::providers::github::labels::GitHubLabels;
            $body
        } else if provider == $crate::providers::gitea::PROVIDER {
            type $F = $crate::providers::gitea::labels::GiteaLabels;
            $body
        } else if provider == $crate::providers::gitee::PROVIDER {
            type $F = $crate::providers::gitee::labels::GiteeLabels;
            $body
        } else if provider == $crate::providers::gitlab::PROVIDER {
            type $F = $crate::providers::gitlab::labels::GitLabLabels;
            $body
        } else {
            unreachable!("{provider} is registered but not listed in providers/mod.rs")
        }
    }};
}

/// Runs `$body` with `$F` standing for `$provider`'s forge for objects of
/// `$kind` (a [`Kind`](crate::record::Kind)).
#[macro_export]
macro_rules! with_kind {
    ($kind:expr, $provider:expr, $F:ident => $body:expr) => {{
        match $kind {
            $crate::record::Kind::Milestones => $crate::with_forge!($provider, $F => $body),
            $crate::record::Kind::Labels => $crate::with_labels!($provider, $F => $body),
        }
    }};
}
