//! What `migrate` and `check` take to work on many repositories at once,
//! and how their arguments become a list of repository pairs: two owners'
//! listings paired by name, or the pairs of a `--repos FILE`. One
//! repository on each side stays a single-repository run.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::{ConnectArgs, invalid};
use crate::{
    batch::{
        RepoPair,
        pairing::{Missing, pair_owners},
        pairs::read_pairs,
    },
    location::{Location, OwnerRef},
    net::{connection::Connection, owner::OwnerRepos},
    printer::Printer,
    provider::RepoRef,
    with_forge,
};

/// Options of the commands that can work on many repositories.
#[derive(Clone, Debug, Args)]
pub struct BatchArgs {
    /// Work on the repository pairs listed in FILE, one `SOURCE TARGET`
    /// a line (`#` starts a comment), instead of SOURCE and TARGET
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "target"])]
    pub repos: Option<PathBuf>,

    /// With many repositories: how many are worked on at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub repos_in_flight: u16,
}

/// What the command line asks to work on.
#[derive(Debug)]
pub enum Work {
    /// One repository into one repository.
    One { source: RepoRef, target: RepoRef },
    /// Many pairs.
    Many(Batch),
}

/// The pairs of a batch, and the source repositories that have no target.
#[derive(Clone, Debug)]
pub struct Batch {
    /// How the report names the two sides: the owners, or the pairs file.
    pub source: String,
    pub target: String,
    pub pairs: Vec<RepoPair>,
    /// Source repositories the target owner lacks (owners only).
    pub missing: Vec<Missing>,
}

impl Batch {
    /// The providers of every pair, both sides.
    pub fn providers(&self) -> Vec<crate::provider::Provider> {
        self.pairs
            .iter()
            .flat_map(|pair| [pair.source.provider, pair.target.provider])
            .collect()
    }
}

/// Turns SOURCE, TARGET and `--repos` into the work to do. Owners are
/// listed here; nothing is written.
pub async fn resolve(
    source: Option<Location>,
    target: Option<Location>,
    batch: &BatchArgs,
    connect: &ConnectArgs,
    printer: &Printer,
) -> anyhow::Result<Work> {
    if let Some(file) = &batch.repos {
        let listed = read_pairs(file).map_err(|error| invalid(error.to_string()))?;
        let name = format!("--repos {}", file.display());
        return Ok(Work::Many(Batch {
            source: name.clone(),
            target: name,
            pairs: listed.into_iter().map(|listed| listed.pair).collect(),
            missing: Vec::new(),
        }));
    }
    let (Some(source), Some(target)) = (source, target) else {
        return Err(invalid(
            "name a SOURCE and a TARGET, or give --repos FILE listing the pairs",
        ));
    };
    let (source, target) = tokio::try_join!(
        located(source, connect, printer),
        located(target, connect, printer)
    )?;
    match (source, target) {
        (Location::Repo(source), Location::Repo(target)) => Ok(Work::One { source, target }),
        (Location::Owner(source), Location::Owner(target)) => {
            if source == target {
                return Err(invalid(format!(
                    "{source} is both source and target: name another owner to write to"
                )));
            }
            let (from, into) =
                tokio::try_join!(list_owner(&source, connect), list_owner(&target, connect))?;
            let pairing = pair_owners(&from, &into);
            if !pairing.clashing.is_empty() {
                return Err(invalid(format!(
                    "{}: mileport pairs repositories by name and cannot tell them apart; pair them in a --repos FILE",
                    pairing.clashing.join("; ")
                )));
            }
            Ok(Work::Many(Batch {
                source: source.to_string(),
                target: target.to_string(),
                pairs: pairing.pairs,
                missing: pairing.missing,
            }))
        }
        (Location::Owner(owner), Location::Repo(repo)) => Err(invalid(format!(
            "{owner} is a whole owner but {repo} one repository: give two owners (their repositories are paired by name) or two repositories"
        ))),
        (Location::Repo(repo), Location::Owner(owner)) => Err(invalid(format!(
            "{repo} is one repository but {owner} a whole owner: give two owners (their repositories are paired by name) or two repositories"
        ))),
    }
}

/// What `location` names, asked of its provider where owners nest (a
/// path may be a repository or an owner), said on stderr; as it reads
/// elsewhere, without a request.
pub async fn located(
    location: Location,
    connect: &ConnectArgs,
    printer: &Printer,
) -> anyhow::Result<Location> {
    let (provider, remote) = match &location {
        Location::Repo(repo) => (repo.provider, repo.remote.clone()),
        Location::Owner(owner) => (owner.provider, owner.remote.clone()),
    };
    if !provider.nested_owners() {
        return Ok(location);
    }
    let connection = Connection::for_scope(provider, remote.as_deref(), connect.url_for(provider))?;
    let options = connect.options_for(&connection);
    let found = with_forge!(provider, F => F::locate(&connection, &location, &options).await)
        .map_err(|error| error.into_anyhow())
        .with_context(|| format!("cannot tell what {location} is"))?;
    Ok(match found {
        Some((mut found, said)) => {
            printer.note(said);
            // The provider knows itself, not which remote was asked.
            match &mut found {
                Location::Repo(repo) => repo.remote = remote,
                Location::Owner(owner) => owner.remote = remote,
            }
            found
        }
        None => location,
    })
}

/// Every repository of `owner`, through the pacer its provider's other
/// requests share.
pub async fn list_owner(owner: &OwnerRef, connect: &ConnectArgs) -> anyhow::Result<OwnerRepos> {
    let connection = Connection::for_scope(
        owner.provider,
        owner.remote.as_deref(),
        connect.url_for(owner.provider),
    )?;
    let options = connect.options_for(&connection);
    let listed =
        with_forge!(owner.provider, F => F::list_repos(&connection, &owner.owner, &options).await);
    let mut listed = listed
        .map_err(|error| error.into_anyhow())
        .with_context(|| format!("cannot list the repositories of {owner}"))?;
    // The listing knows the provider, not which remote was asked.
    listed.owner = owner.clone();
    Ok(listed)
}

/// Why a source repository has no pair: `no repository docs` with, when
/// one differs only in letter case, a word about it.
pub fn describe_missing(missing: &Missing, target: &str) -> String {
    let name = &missing.source.name;
    match &missing.similar {
        Some(similar) => format!(
            "{target} has no repository `{name}` (it has `{similar}`, which differs only in letter case)"
        ),
        None => format!("{target} has no repository `{name}`"),
    }
}

/// The error for source repositories the target owner lacks: every one
/// is named before anything is written.
pub fn missing_error(batch: &Batch, hint: &str) -> anyhow::Error {
    let lines: Vec<String> = batch
        .missing
        .iter()
        .map(|m| format!("  {}: {}", m.source, describe_missing(m, &batch.target)))
        .collect();
    invalid(format!(
        "{} lacks {} of the repositories of {} (repositories are paired by name, and mileport never creates one): create them, or {hint}; nothing was written:\n{}",
        batch.target,
        batch.missing.len(),
        batch.source,
        lines.join("\n")
    ))
}
