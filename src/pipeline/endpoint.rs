//! A repository on either provider, behind one type: connect from the
//! command line's `gitcode:OWNER/REPO`, list everything, read it into
//! neutral records.

use crate::{
    mapping::{self, MappingError},
    providers::{
        ClientOptions, Provider, RepoRef,
        connection::{Connection, ConnectionError},
        decode::{self, Extra},
        error::ApiError,
        generated::{gitcode, sourcecraft},
        gitcode::GitCodeRepo,
        pacer::PaceSettings,
        sourcecraft::SourceCraftRepo,
    },
    record::MilestoneRecord,
};

/// A connected repository.
#[derive(Clone, Debug)]
pub enum Endpoint {
    GitCode(GitCodeRepo),
    SourceCraft(SourceCraftRepo),
}

/// Every milestone of a repository, as the provider sent them.
#[derive(Clone, Debug, PartialEq)]
pub enum Listing {
    GitCode(Vec<gitcode::types::Milestone>),
    SourceCraft(Vec<sourcecraft::types::Milestone>),
}

impl Listing {
    pub fn len(&self) -> usize {
        match self {
            Listing::GitCode(items) => items.len(),
            Listing::SourceCraft(items) => items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The listing with every registered secret hidden (see `redact`), for
    /// writing to a file: a milestone is rewritten only when it holds one.
    /// Should a rewritten milestone not read back, the error says so
    /// rather than let the secret through.
    pub fn scrubbed(self) -> Result<Listing, String> {
        fn clean<M: serde::Serialize + serde::de::DeserializeOwned + Extra>(
            item: M,
        ) -> Result<M, String> {
            let text = serde_json::to_string(&item).map_err(|e| e.to_string())?;
            match crate::redact::scrub(&text) {
                std::borrow::Cow::Borrowed(_) => Ok(item),
                std::borrow::Cow::Owned(clean) => serde_json::from_str(&clean)
                    .map_err(|e| e.to_string())
                    .and_then(decode::milestone)
                    .map_err(|e| {
                        format!("a milestone holds a token that cannot be hidden without breaking it ({e})")
                    }),
            }
        }
        Ok(match self {
            Listing::GitCode(items) => {
                Listing::GitCode(items.into_iter().map(clean).collect::<Result<_, _>>()?)
            }
            Listing::SourceCraft(items) => {
                Listing::SourceCraft(items.into_iter().map(clean).collect::<Result<_, _>>()?)
            }
        })
    }

    /// How many milestones are open and how many closed, by the provider's
    /// own state names (`active`/`open`, `closed`); others count as neither.
    pub fn open_and_closed(&self) -> (usize, usize) {
        let states: Vec<Option<&str>> = match self {
            Listing::GitCode(items) => items.iter().map(|m| m.state.as_deref()).collect(),
            Listing::SourceCraft(items) => items.iter().map(|m| m.status.as_deref()).collect(),
        };
        let open = states
            .iter()
            .filter(|s| matches!(s, Some("active" | "open")))
            .count();
        let closed = states.iter().filter(|s| **s == Some("closed")).count();
        (open, closed)
    }

    /// Reads every milestone into a record, or lists every one that cannot be.
    pub fn to_records(&self) -> Result<Vec<MilestoneRecord>, Vec<MappingError>> {
        let results: Vec<_> = match self {
            Listing::GitCode(items) => items
                .iter()
                .map(|m| mapping::gitcode::to_record(m, None))
                .collect(),
            Listing::SourceCraft(items) => items
                .iter()
                .map(|m| mapping::sourcecraft::to_record(m, None))
                .collect(),
        };
        collect_all(results)
    }
}

/// All the values, or all the errors.
pub fn collect_all<T, E>(results: Vec<Result<T, E>>) -> Result<Vec<T>, Vec<E>> {
    let mut values = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

impl Endpoint {
    /// Connects with the token and base URL from the environment (or
    /// `url_override`).
    pub fn connect(
        repo: &RepoRef,
        url_override: Option<&str>,
        options: &ClientOptions,
    ) -> Result<Endpoint, ConnectionError> {
        let connection = Connection::from_env(repo.provider, url_override)?;
        Endpoint::with_connection(&connection, repo, options)
    }

    pub fn with_connection(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<Endpoint, ConnectionError> {
        Ok(match repo.provider {
            Provider::GitCode => Endpoint::GitCode(GitCodeRepo::new(connection, repo, options)?),
            Provider::SourceCraft => {
                Endpoint::SourceCraft(SourceCraftRepo::new(connection, repo, options)?)
            }
        })
    }

    pub fn repo(&self) -> &RepoRef {
        match self {
            Endpoint::GitCode(repo) => repo.repo(),
            Endpoint::SourceCraft(repo) => repo.repo(),
        }
    }

    /// The pacing requests to this repository are held to.
    pub fn pace(&self) -> PaceSettings {
        match self {
            Endpoint::GitCode(repo) => *repo.transport().pace(),
            Endpoint::SourceCraft(repo) => *repo.transport().pace(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        match self {
            Endpoint::GitCode(repo) => repo.base_url(),
            Endpoint::SourceCraft(repo) => repo.base_url(),
        }
    }

    /// Requests sent, retries among them, and 429 answers met, so far.
    pub fn traffic(&self) -> (u64, u64, u64) {
        let transport = match self {
            Endpoint::GitCode(repo) => repo.transport(),
            Endpoint::SourceCraft(repo) => repo.transport(),
        };
        (
            transport.requests(),
            transport.retries(),
            transport.throttled(),
        )
    }

    pub fn provider(&self) -> Provider {
        self.repo().provider
    }

    /// Every milestone, all states, all pages, without the state-filter
    /// check: for reading again a target this run has already listed.
    pub async fn list_pages(&self, on_page: impl FnMut(usize)) -> Result<Listing, ApiError> {
        Ok(match self {
            Endpoint::GitCode(repo) => Listing::GitCode(repo.list_all(on_page).await?),
            Endpoint::SourceCraft(repo) => Listing::SourceCraft(repo.list_all(on_page).await?),
        })
    }

    /// Every milestone, all states, all pages, and warnings about how the
    /// provider listed them (a GitCode server that ignores the state
    /// filter, or leaves closed milestones out of `state=all`).
    /// `on_page` gets the running count.
    pub async fn list(
        &self,
        on_page: impl FnMut(usize),
    ) -> Result<(Listing, Vec<String>), ApiError> {
        Ok(match self {
            Endpoint::GitCode(repo) => {
                let mut milestones = repo.list_all(on_page).await?;
                let warnings = repo.complete_closed(&mut milestones).await?;
                (Listing::GitCode(milestones), warnings.into_iter().collect())
            }
            Endpoint::SourceCraft(repo) => (
                Listing::SourceCraft(repo.list_all(on_page).await?),
                Vec::new(),
            ),
        })
    }
}
