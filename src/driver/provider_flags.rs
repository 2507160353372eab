//! Flags every provider has, made from the list of providers rather than
//! written out once each: `--<id>-url` on every command that connects, and
//! in the sandbox `--<id>-token` and each provider's own flags. A provider
//! added to the list gets them without this file naming it.

use std::collections::BTreeMap;

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};

use crate::provider::Provider;
#[cfg(feature = "sandbox")]
use crate::with_forge;

/// `--<id>-SUFFIX`, the flag of `provider` for `suffix`.
fn flag(provider: Provider, suffix: &str) -> String {
    format!("{}-{suffix}", provider.id())
}

/// The values given for the flags `--<id>-SUFFIX`, by provider.
fn given(matches: &ArgMatches, suffix: &str) -> BTreeMap<Provider, String> {
    Provider::all()
        .iter()
        .copied()
        .filter_map(|provider| {
            let value = matches.get_one::<String>(&flag(provider, suffix))?;
            Some((provider, value.clone()))
        })
        .collect()
}

/// `--<id>-url`: the API base URL given on the command line, by provider.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderUrls(BTreeMap<Provider, String>);

impl ProviderUrls {
    /// The base URL given for `provider`, if any.
    pub fn get(&self, provider: Provider) -> Option<&str> {
        self.0.get(&provider).map(String::as_str)
    }
}

/// The help of `--<id>-url`: where the URL comes from when the flag is not given.
fn url_help(provider: Provider) -> String {
    let fallback = match provider.default_url() {
        None => String::new(),
        Some(url) => format!(", else {url}"),
    };
    format!(
        "{} API base URL [default: ${}{fallback}{}]",
        provider.name(),
        provider.url_var(),
        provider.url_note()
    )
}

impl FromArgMatches for ProviderUrls {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(ProviderUrls(given(matches, "url")))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.extend(given(matches, "url"));
        Ok(())
    }
}

impl Args for ProviderUrls {
    fn augment_args(cmd: Command) -> Command {
        Provider::all().iter().copied().fold(cmd, |cmd, provider| {
            let name = flag(provider, "url");
            cmd.arg(
                Arg::new(name.clone())
                    .long(name)
                    .value_name("URL")
                    .global(true)
                    .help(url_help(provider)),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

/// `--<id>-token` of the sandbox: the token each provider's side accepts.
#[cfg(feature = "sandbox")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SandboxTokens(BTreeMap<Provider, String>);

#[cfg(feature = "sandbox")]
impl SandboxTokens {
    /// The token `provider`'s side accepts.
    pub fn get(&self, provider: Provider) -> &str {
        match self.0.get(&provider) {
            Some(token) => token,
            None => crate::sandbox::default_token(provider),
        }
    }

    /// The flag that sets `provider`'s token, as messages name it.
    pub fn flag(provider: Provider) -> String {
        format!("--{}", flag(provider, "token"))
    }

    /// Every side's token, by provider.
    pub fn all(&self) -> BTreeMap<Provider, String> {
        let token = |provider| (provider, self.get(provider).to_owned());
        Provider::all().iter().copied().map(token).collect()
    }
}

#[cfg(feature = "sandbox")]
impl FromArgMatches for SandboxTokens {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(SandboxTokens(given(matches, "token")))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.extend(given(matches, "token"));
        Ok(())
    }
}

#[cfg(feature = "sandbox")]
impl Args for SandboxTokens {
    fn augment_args(cmd: Command) -> Command {
        Provider::all().iter().copied().fold(cmd, |cmd, provider| {
            let name = flag(provider, "token");
            let env = format!(
                "MILEPORT_SANDBOX_{}_TOKEN",
                provider.id().to_ascii_uppercase()
            );
            cmd.arg(
                Arg::new(name.clone())
                    .long(name)
                    .value_name("TOKEN")
                    .env(env)
                    .default_value(crate::sandbox::default_token(provider))
                    .hide_default_value(true)
                    .hide_env_values(true)
                    .help(format!("Token the {} side accepts.", provider.name())),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

/// Each provider's own sandbox flags (its `Imitation::Args`), read into
/// the faults they describe, kept by provider.
#[cfg(feature = "sandbox")]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderSandboxFlags(crate::sandbox::Faults);

#[cfg(feature = "sandbox")]
impl ProviderSandboxFlags {
    /// `faults`, with each provider's own part set as its flags say.
    pub fn apply(&self, mut faults: crate::sandbox::Faults) -> crate::sandbox::Faults {
        faults.by_provider = self.0.by_provider.clone();
        faults
    }
}

#[cfg(feature = "sandbox")]
impl FromArgMatches for ProviderSandboxFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        use crate::sandbox::imitation::Imitation;
        let mut faults = crate::sandbox::Faults::default();
        for provider in Provider::all().iter().copied() {
            with_forge!(provider, F => {
                let args = <F as Imitation>::Args::from_arg_matches(matches)?;
                F::set_faults(&args, &mut faults);
            });
        }
        Ok(ProviderSandboxFlags(faults))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[cfg(feature = "sandbox")]
impl Args for ProviderSandboxFlags {
    fn augment_args(cmd: Command) -> Command {
        use crate::sandbox::imitation::Imitation;
        Provider::all().iter().copied().fold(
            cmd,
            |cmd, provider| with_forge!(provider, F => <F as Imitation>::Args::augment_args(cmd)),
        )
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}
