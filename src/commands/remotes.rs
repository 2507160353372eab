//! `mileport remotes`: the named remotes of the config file, with where
//! each one's token comes from (never the token), and which config file
//! was read, or where it would be.

use std::process::ExitCode;

use serde::Serialize;

use crate::{
    document::{Document, Kind},
    exit::{Exit, InvalidInput},
    printer::Printer,
    remotes::{self, NamedBy, Remote, Remotes, TokenSource},
};

#[derive(Debug, clap::Args)]
pub struct RemotesArgs {
    /// Print the config file and the remotes as one JSON document
    #[arg(long)]
    pub json: bool,
}

/// What `remotes --json` prints.
#[derive(Debug, Serialize)]
struct RemotesDocument {
    /// The config file read, or where it would be; `null` when no home
    /// directory is known.
    config: Option<String>,
    /// `flag`, `env` or `default`: what chose the file.
    named_by: Option<&'static str>,
    exists: bool,
    remotes: Vec<RemoteDocument>,
}

#[derive(Debug, Serialize)]
struct RemoteDocument {
    name: String,
    provider: &'static str,
    url: String,
    token: TokenDocument,
}

/// Where a token comes from, never the token.
#[derive(Debug, Serialize)]
struct TokenDocument {
    /// `env`, `file` or `config`.
    from: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variable: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

impl TokenDocument {
    fn of(remote: &Remote) -> TokenDocument {
        let env = |var: &str| TokenDocument {
            from: "env",
            variable: Some(var.to_owned()),
            set: Some(std::env::var_os(var).is_some_and(|v| !v.is_empty())),
            path: None,
        };
        match &remote.token {
            TokenSource::Provider => env(remote.provider.token_var()),
            TokenSource::Env(var) => env(var),
            TokenSource::File(path) => TokenDocument {
                from: "file",
                variable: None,
                set: None,
                path: Some(path.display().to_string()),
            },
            TokenSource::Inline(_) => TokenDocument {
                from: "config",
                variable: None,
                set: None,
                path: None,
            },
        }
    }

    /// `env GHE_TOKEN (set)`, `file PATH`, `in the config file`.
    fn describe(&self) -> String {
        match (self.from, &self.variable, &self.path) {
            ("env", Some(var), _) => {
                let set = if self.set == Some(true) {
                    "set"
                } else {
                    "not set"
                };
                format!("env {var} ({set})")
            }
            ("file", _, Some(path)) => format!("file {path}"),
            _ => "in the config file".to_owned(),
        }
    }
}

pub fn run(args: RemotesArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let remotes = remotes::loaded().map_err(|error| InvalidInput(error.to_string()))?;
    let document = document(remotes);
    if args.json {
        printer.out_json(&Document::new(Kind::Remotes, &document))?;
    } else {
        printer.out_lines(text(&document).into_iter().map(Into::into))?;
    }
    Ok(Exit::Success.into())
}

fn document(remotes: &Remotes) -> RemotesDocument {
    let place = remotes.place.as_ref();
    RemotesDocument {
        config: place.map(|place| place.path.display().to_string()),
        named_by: place.map(|place| match place.named_by {
            NamedBy::Flag => "flag",
            NamedBy::Env => "env",
            NamedBy::Default => "default",
        }),
        exists: remotes.exists,
        remotes: remotes
            .list
            .iter()
            .map(|remote| RemoteDocument {
                name: remote.name.clone(),
                provider: remote.provider.id(),
                url: remote.url().to_owned(),
                token: TokenDocument::of(remote),
            })
            .collect(),
    }
}

/// The config file's line, then one aligned line per remote.
fn text(document: &RemotesDocument) -> Vec<String> {
    let mut lines = vec![match (&document.config, document.exists) {
        (Some(path), true) => format!("config file: {path}"),
        (Some(path), false) => format!(
            "no config file at {path}: declare remotes there, or name a file with --config FILE or MILEPORT_CONFIG"
        ),
        (None, _) => "no config file: set HOME or XDG_CONFIG_HOME, or name a file with --config FILE or MILEPORT_CONFIG".to_owned(),
    }];
    if document.exists && document.remotes.is_empty() {
        lines.push(
            "no remotes: declare one as [remotes.NAME] with provider, url and token_env".to_owned(),
        );
    }
    let rows: Vec<[String; 4]> = document
        .remotes
        .iter()
        .map(|remote| {
            [
                remote.name.clone(),
                remote.provider.to_owned(),
                remote.url.clone(),
                remote.token.describe(),
            ]
        })
        .collect();
    let width = |column: usize| rows.iter().map(|row| row[column].len()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2)];
    for [name, provider, url, token] in &rows {
        lines.push(format!(
            "{name:<w0$}  {provider:<w1$}  {url:<w2$}  token: {token}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        ));
    }
    lines
}
