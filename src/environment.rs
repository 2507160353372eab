//! Every environment variable mileport reads, and what for: the list the
//! manual page's ENVIRONMENT section prints. The providers' variables come
//! from the list of providers and the variables behind options from the
//! command line's definitions, so that neither a new provider nor a new
//! option needs another line here.

use crate::provider::Provider;

/// One variable and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// The names it may have (`HTTPS_PROXY`, `https_proxy`).
    pub names: Vec<String>,
    pub meaning: String,
}

impl Variable {
    fn new(names: &[&str], meaning: impl Into<String>) -> Variable {
        Variable {
            names: names.iter().map(|name| (*name).to_owned()).collect(),
            meaning: meaning.into(),
        }
    }
}

/// Every variable read: each provider's, the network's, the state
/// directory's, the terminal's, the logs', then those behind `command`'s
/// options (and its subcommands').
pub fn variables(command: &clap::Command) -> Vec<Variable> {
    let mut all: Vec<Variable> = Provider::all().iter().copied().flat_map(provider).collect();
    all.extend(common());
    all.extend(behind_options(command));
    all
}

/// A provider's token, token file and base URL.
fn provider(provider: Provider) -> [Variable; 3] {
    let (name, token) = (provider.name(), provider.token_var());
    [
        Variable::new(&[token], format!("the {name} access token")),
        Variable::new(
            &[provider.token_file_var()],
            format!(
                "a file holding the {name} access token alone (a container secret, say), read when {token} is not set; both set is refused"
            ),
        ),
        Variable::new(
            &[provider.url_var()],
            match provider.default_url() {
                Some(url) => format!(
                    "the {name} API's base URL (default {url}); http:// only to a loopback address"
                ),
                None => format!(
                    "the {name} instance's API base URL (no default: required); http:// only to a loopback address"
                ),
            },
        ),
    ]
}

/// The variables every command may read, whatever the provider.
fn common() -> Vec<Variable> {
    vec![
        Variable::new(
            &["HTTPS_PROXY", "https_proxy"],
            "the proxy for https:// providers, as curl reads it; credentials in it are never shown",
        ),
        Variable::new(
            &["HTTP_PROXY", "http_proxy"],
            "the proxy for http:// providers",
        ),
        Variable::new(
            &["ALL_PROXY", "all_proxy"],
            "the proxy for both, when the one above is not set",
        ),
        Variable::new(
            &["NO_PROXY", "no_proxy"],
            "hosts (comma-separated) reached without a proxy; loopback addresses never use one",
        ),
        Variable::new(
            &["SSL_CERT_FILE", "SSL_CERT_DIR"],
            "a PEM bundle, or a folder of certificates, that replaces the system's certificate authorities (an internal CA)",
        ),
        Variable::new(
            &["MILEPORT_STATE_DIR"],
            "where writing runs keep their target locks and the journal of unanswered creates",
        ),
        Variable::new(
            &["XDG_STATE_HOME", "HOME"],
            "without MILEPORT_STATE_DIR, the state is kept in $XDG_STATE_HOME/mileport, else ~/.local/state/mileport",
        ),
        Variable::new(&["NO_COLOR"], "no colour with --color auto (the default)"),
        Variable::new(
            &["CLICOLOR_FORCE"],
            "colour with --color auto even when the output is not a terminal",
        ),
        Variable::new(
            &["COLUMNS"],
            "the width tables are wrapped to when the output is not a terminal (default 100)",
        ),
        Variable::new(
            &["RUST_LOG"],
            "which logs to show on stderr, instead of what -v asks for (e.g. mileport=debug); tokens are never logged",
        ),
    ]
}

/// The variables that set an option (clap's `env`), named with the option.
fn behind_options(command: &clap::Command) -> Vec<Variable> {
    let mut found = Vec::new();
    let path = command.get_bin_name().unwrap_or(command.get_name());
    for arg in command.get_arguments() {
        let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) else {
            continue;
        };
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let help = help.trim_end_matches('.');
        found.push(Variable::new(
            &[&env.to_string_lossy()],
            format!("{path} --{long}: {help}"),
        ));
    }
    for sub in command.get_subcommands() {
        let sub = sub.clone().bin_name(format!("{path} {}", sub.get_name()));
        found.extend(behind_options(&sub));
    }
    found
}
