//! A repository on provider `F`: connect from the command line's
//! `PROVIDER:OWNER/REPO`, list everything, read it into neutral records.

use crate::{
    forge::{Forge, Sink},
    net::{
        ClientOptions,
        access::WriteAccess,
        connection::{Connection, ConnectionError},
        decode::{self, Extra},
        error::ApiError,
        pacer::{Holds, PaceSettings},
    },
    provider::{Provider, RepoRef},
    record::State,
};

/// A connected repository.
pub struct Endpoint<F: Forge> {
    repo: F::Repo,
    /// How long one request may take before it is given up.
    timeout: std::time::Duration,
}

/// Every milestone of a repository, as the provider sent them.
pub struct Listing<F: Forge> {
    pub items: Vec<F::Object>,
}

impl<F: Forge> Clone for Listing<F> {
    fn clone(&self) -> Self {
        Listing {
            items: self.items.clone(),
        }
    }
}

impl<F: Forge> std::fmt::Debug for Listing<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<F: Forge> Listing<F> {
    /// The objects read, held without the room their vector grew into
    /// (up to half again: 16 MB for 100,000 SourceCraft milestones). A
    /// large vector shrinks where it lies, without a copy.
    pub fn new(mut items: Vec<F::Object>) -> Listing<F> {
        items.shrink_to_fit();
        Listing { items }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The listing with every registered secret hidden (see `redact`), for
    /// writing to a file: a milestone is rewritten only when it holds one.
    /// Should a rewritten milestone not read back, the error says so
    /// rather than let the secret through.
    pub fn scrubbed(self) -> Result<Listing<F>, String> {
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
        Ok(Listing {
            items: self
                .items
                .into_iter()
                .map(clean)
                .collect::<Result<_, _>>()?,
        })
    }

    /// How many milestones are open and how many closed, by the provider's
    /// own state names; others count as neither.
    pub fn open_and_closed(&self) -> (usize, usize) {
        let states: Vec<Option<State>> = self.items.iter().map(F::state).collect();
        let open = states.iter().filter(|s| **s == Some(State::Open)).count();
        let closed = states.iter().filter(|s| **s == Some(State::Closed)).count();
        (open, closed)
    }

    /// Reads every milestone into a record, or lists every problem of
    /// every one that cannot be.
    pub fn to_records(&self) -> Result<Vec<F::Record>, Vec<crate::mapping::MappingError>> {
        let results: Vec<_> = self.items.iter().map(|m| F::to_record(m, None)).collect();
        let mut values = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(value) => values.push(value),
                Err(problems) => errors.extend(problems.into_iter().take(1)),
            }
        }
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }
}

impl<F: Forge> Endpoint<F> {
    /// Connects with the token and base URL from the environment (or
    /// `url_override`), or the named remote's.
    pub fn connect(
        repo: &RepoRef,
        url_override: Option<&str>,
        options: &ClientOptions,
    ) -> Result<Endpoint<F>, ConnectionError> {
        let connection =
            Connection::for_scope(repo.provider, repo.remote.as_deref(), url_override)?;
        Endpoint::with_connection(&connection, repo, options)
    }

    pub fn with_connection(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<Endpoint<F>, ConnectionError> {
        Ok(Endpoint {
            repo: F::connect(connection, repo, options)?,
            timeout: options.timeout,
        })
    }

    /// How long one request may take before it is given up (`--timeout`).
    pub fn request_timeout(&self) -> std::time::Duration {
        self.timeout
    }

    /// The provider's own client for the repository.
    pub fn client(&self) -> &F::Repo {
        &self.repo
    }

    pub fn repo(&self) -> &RepoRef {
        F::repo(&self.repo)
    }

    /// The pacing requests to this repository are held to.
    pub fn pace(&self) -> PaceSettings {
        *F::transport(&self.repo).pace()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        F::base_url(&self.repo)
    }

    /// Requests sent, retries among them, and 429 answers met, so far.
    pub fn traffic(&self) -> (u64, u64, u64) {
        let transport = F::transport(&self.repo);
        (
            transport.requests(),
            transport.retries(),
            transport.throttled(),
        )
    }

    pub fn provider(&self) -> Provider {
        F::PROVIDER
    }

    /// Every milestone again, each handed to `sink` as it is read, none
    /// held here: for confirming what a run wrote.
    pub async fn list_into(&self, sink: &mut (dyn Sink<F::Object> + Send)) -> Result<(), ApiError> {
        F::list_into(&self.repo, sink).await
    }

    /// The limits known before a run: the pace of every request, and that
    /// of creates where the provider holds them apart.
    pub fn known_limits(&self) -> Vec<(PaceSettings, Holds)> {
        let mut limits = vec![(self.pace(), Holds::Requests)];
        limits.extend(F::create_pace(&self.repo).map(|pace| (pace, Holds::Creates)));
        limits
    }

    /// Whether the token may write here, where the provider says.
    pub async fn write_access(&self) -> Result<WriteAccess, ApiError> {
        F::write_access(&self.repo).await
    }

    /// Every milestone, all states, all pages, and warnings about how the
    /// provider listed them (a GitCode server that ignores the state
    /// filter, say). `on_page` gets the running count.
    pub async fn list(
        &self,
        mut on_page: impl FnMut(usize) + Send,
    ) -> Result<(Listing<F>, Vec<String>), ApiError> {
        let (items, mut warnings) = F::list(&self.repo, &mut on_page).await?;
        warnings.extend(self.moved());
        Ok((Listing::new(items), warnings))
    }

    /// Every milestone, as [`list`](Self::list) reads them, each handed to
    /// `sink` as it is read instead of held; the warnings.
    pub async fn list_checked_into(
        &self,
        mut on_page: impl FnMut(usize) + Send,
        sink: &mut (dyn Sink<F::Object> + Send),
    ) -> Result<Vec<String>, ApiError> {
        let mut warnings = F::list_checked_into(&self.repo, &mut on_page, sink).await?;
        warnings.extend(self.moved());
        Ok(warnings)
    }

    /// Where the repository says it has moved to, as a warning.
    fn moved(&self) -> Option<String> {
        F::transport(&self.repo).moved_to().map(|new| {
            format!(
                "{} has moved to {}:{new}; name it so from now on",
                self.repo(),
                F::PROVIDER.id()
            )
        })
    }
}
