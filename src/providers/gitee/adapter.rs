//! The Gitee adapter: reads every milestone of a repository (all states,
//! all pages) and writes single milestones, over the generated client,
//! whose hook adds the token to every request's query (`access_token`, the
//! one place Gitee takes it) and reads a 403 "Rate Limit Exceeded" as the
//! wait it is. Its paging serves every listing of a repository
//! ([`Listable`]: milestones, labels).

use std::{
    collections::{HashMap, HashSet},
    fmt,
    future::Future,
    hash::Hash,
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::{Request, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Gitee;
use crate::providers::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, ErrorBody, Failure},
    forge::Reading,
    generated::gitee::{
        Client,
        types::{CreateMilestoneBody, Error, Milestone, StateFilter, UpdateMilestoneBody},
    },
    number::WholeNumber,
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};

/// Gitee's largest page.
pub const PAGE_SIZE: usize = 100;

/// The query parameter Gitee takes the token in.
pub const TOKEN_PARAMETER: &str = "access_token";

/// What Gitee's refusal says when its rate limit is spent.
pub const RATE_LIMIT_EXCEEDED: &str = "Rate Limit Exceeded";

/// The transport of every Gitee client of `connection`: its pacer, the
/// token for every request's query, and the rate limit shared by every
/// client of the same token.
pub(super) fn transport(connection: &Connection, options: &ClientOptions) -> Transport {
    Transport::for_connection(connection, options)
        .with_url_secret(TOKEN_PARAMETER, connection.token().expose())
        .with_gauge(super::limits::shared_limit(&connection.pacing_key()))
}

/// One page of a listing, as the generated client answers it.
pub type PageAnswer = Result<ResponseValue<Vec<Value>>, progenitor_client::Error<Error>>;

/// What a repository's listing holds (milestones, labels): how one page
/// of it is asked for, and what tells one item apart from another.
pub trait Listable: DeserializeOwned + decode::Extra + PartialEq + Send + 'static {
    /// What errors call them (`milestones`) and one of them (`milestone`).
    const WHAT: &'static str;
    const ONE: &'static str;
    /// What tells one apart (`number`, `name`), in errors.
    const KEY_FIELD: &'static str;
    const LISTED: Listed;
    /// What the listing is narrowed by (milestones: their state).
    type Filter: Copy + Send + Sync;
    type Key: Clone + Eq + Hash + fmt::Display + Send;

    fn key(&self) -> Self::Key;
    /// How people tell it apart, in errors.
    fn title(&self) -> &str;
    /// One page of the listing, its items left undecoded.
    fn page(
        client: &Client,
        repo: &RepoRef,
        filter: Self::Filter,
        page: u64,
    ) -> impl Future<Output = PageAnswer> + Send;
}

impl Listable for Milestone {
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const KEY_FIELD: &'static str = "number";
    const LISTED: Listed = Listed::Milestones;
    type Filter = StateFilter;
    type Key = WholeNumber;

    fn key(&self) -> WholeNumber {
        self.number.clone()
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn page(
        client: &Client,
        repo: &RepoRef,
        state: StateFilter,
        page: u64,
    ) -> impl Future<Output = PageAnswer> + Send {
        client
            .list_milestones()
            .owner(&repo.owner)
            .repo(&repo.name)
            .state(state)
            .page(page)
            .per_page(PAGE_SIZE as u64)
            .send()
    }
}

/// A reading of every page, checked against the server's count; with no
/// count or page total to check it and more than one page, it stands only
/// once another reading finds the same keys (see `rereads`).
fn tally<T: Listable>(
    items: Vec<T>,
    total_count: Option<u64>,
    pages_counted: bool,
    pages_read: u32,
) -> Pass<Vec<T>> {
    match total_count {
        Some(count) if count != items.len() as u64 => Pass::Changed(format!(
            "read {} {} where the server counts {count}",
            items.len(),
            T::WHAT
        )),
        None if !pages_counted && pages_read > 1 => {
            let keys = items.iter().map(|item| item.key().to_string()).collect();
            Pass::Unconfirmed(items, keys)
        }
        _ => Pass::Complete(items),
    }
}

/// A number in a header such as `total_count`, when there is one.
pub(super) fn header_number(headers: &reqwest::header::HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// An answer that does not read as what was asked for.
fn invalid(operation: &str, message: String) -> ApiError {
    ApiError::new(
        Provider::Gitee,
        operation,
        Failure::InvalidResponse {
            status: Some(200),
            message,
        },
    )
}

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.message
            .clone()
            .or_else(|| self.error_message.clone())
            .or_else(|| self.error.as_ref().map(text))
    }

    /// The handle of a failed request, when the body carries one.
    fn request_id(&self) -> Option<String> {
        self.trace_id.clone()
    }
}

/// One Gitee repository.
#[derive(Clone, Debug)]
pub struct GiteeRepo {
    pub(super) client: Client,
    repo: RepoRef,
    pub(super) retry: RetryPolicy,
}

impl GiteeRepo {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GiteeRepo, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = transport(connection, options);
        Ok(GiteeRepo {
            client: Client::new_with_client(&connection.base(), http, transport),
            repo: repo.clone(),
            retry: options.retry,
        })
    }

    pub fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.client.baseurl()
    }

    pub fn transport(&self) -> &Transport {
        self.client.inner()
    }

    /// Every milestone, open and closed, or an error: never a silent part
    /// (see [`list_of`](Self::list_of)).
    pub async fn list_all(&self, on_page: impl FnMut(usize)) -> Result<Vec<Milestone>, ApiError> {
        self.list_of(StateFilter::All, on_page).await
    }

    /// Every item of a listing (milestones, labels) narrowed by `filter`,
    /// or an error: never a silent part. Pages are read until an empty one
    /// or until the `total_page` / `total_count` headers say the end (a
    /// short page is not the end: a server may cap `per_page`). A listing
    /// that changed while it was read (an item seen twice, a total that
    /// moved, a count that does not match, or, without the headers, a
    /// second reading that disagrees) is read again, up to `READS` times
    /// in all.
    pub async fn list_of<T: Listable>(
        &self,
        filter: T::Filter,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<T>, ApiError> {
        let operation = format!("list {} of {}", T::WHAT, self.repo);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self.read_pages(filter, &operation, &mut on_page).await?;
            if let Some(items) = rereads.complete(pass) {
                return Ok(items);
            }
        }
        Err(rereads.exhausted(Provider::Gitee, operation, T::LISTED))
    }

    /// Checks the list's `state` filter with one page of `state=closed`
    /// and returns the warning to show, if any. An open milestone in it
    /// says the server ignores the filter, so closed milestones may be
    /// missing from `listed`. Closed milestones absent from `listed` say
    /// that `state=all` left them out: they are then read with
    /// `state=closed` and added.
    pub async fn complete_closed(
        &self,
        listed: &mut Vec<Milestone>,
    ) -> Result<Option<String>, ApiError> {
        let operation = format!("list closed milestones of {}", self.repo);
        let page = self
            .retry
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
                self.client
                    .list_milestones()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .state(StateFilter::Closed)
                    .page(1)
                    .per_page(PAGE_SIZE as u64)
                    .send()
            })
            .await?;
        let numbers: HashSet<&WholeNumber> = listed.iter().map(|m| &m.number).collect();
        let mut open = 0;
        let mut unlisted = 0;
        for raw in page {
            let milestone: Milestone =
                decode::milestone(raw).map_err(|e| invalid(&operation, e))?;
            if matches!(milestone.state.as_deref(), Some("active" | "open")) {
                open += 1;
            }
            if !numbers.contains(&milestone.number) {
                unlisted += 1;
            }
        }
        if open > 0 {
            return Ok(Some(format!(
                "{} ignores the state filter (asked for closed milestones, it returned {open} open one(s)); closed milestones may be missing from what was read",
                self.repo
            )));
        }
        if unlisted == 0 {
            return Ok(None);
        }
        let closed: Vec<Milestone> = self.list_of(StateFilter::Closed, |_| {}).await?;
        let numbers: HashSet<WholeNumber> = listed.iter().map(|m| m.number.clone()).collect();
        let before = listed.len();
        listed.extend(closed.into_iter().filter(|m| !numbers.contains(&m.number)));
        Ok(Some(format!(
            "{} left closed milestones out of its listing of all states; {} were read with state=closed and added",
            self.repo,
            listed.len() - before
        )))
    }

    /// One reading of the whole listing.
    async fn read_pages<T: Listable>(
        &self,
        filter: T::Filter,
        operation: &str,
        on_page: &mut impl FnMut(usize),
    ) -> Result<Pass<Vec<T>>, ApiError> {
        let mut read = Gathered::default();
        let mut total_count: Option<u64> = None;
        let mut total_pages: Option<u64> = None;
        let mut pages_read = 0;
        for page in 1_u64.. {
            let answer = self
                .retry
                .send_response(Idempotence::Idempotent, Provider::Gitee, operation, || {
                    T::page(&self.client, &self.repo, filter, page)
                })
                .await?;
            let count = header_number(answer.headers(), "total_count");
            if let (Some(before), Some(now)) = (total_count, count)
                && before != now
            {
                return Ok(Pass::Changed(format!(
                    "the total went from {before} to {now} while reading"
                )));
            }
            total_count = total_count.or(count);
            total_pages = header_number(answer.headers(), "total_page").or(total_pages);
            let items = answer.into_inner();
            if items.is_empty() {
                break;
            }
            pages_read += 1;
            for raw in items {
                let item: T = decode::milestone(raw).map_err(|e| invalid(operation, e))?;
                if let Some(changed) = read.add(item) {
                    return Ok(Pass::Changed(changed));
                }
            }
            on_page(read.items.len());
            if total_pages.is_some_and(|pages| page >= pages)
                || (total_pages.is_none()
                    && total_count.is_some_and(|count| read.items.len() as u64 >= count))
            {
                break;
            }
        }
        let pass = tally(read.items, total_count, total_pages.is_some(), pages_read);
        match read.clash {
            Some(clash) if !matches!(pass, Pass::Changed(_)) => Err(ApiError::new(
                Provider::Gitee,
                operation,
                Failure::Incomplete(clash),
            )),
            _ => Ok(pass),
        }
    }

    pub async fn get(&self, number: &WholeNumber) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {number} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
                self.client
                    .get_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .number(number.clone())
                    .send()
            })
            .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller checks the repository first.
    pub async fn create(&self, body: &CreateMilestoneBody) -> Result<Milestone, ApiError> {
        let operation = format!("create milestone {:?} in {}", body.title, self.repo);
        self.retry
            .send(
                Idempotence::NotIdempotent,
                Provider::Gitee,
                &operation,
                || {
                    self.client
                        .create_milestone()
                        .owner(&self.repo.owner)
                        .repo(&self.repo.name)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    pub async fn update(
        &self,
        number: &WholeNumber,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        let operation = format!(
            "update milestone {number} ({:?}) in {}",
            body.title, self.repo
        );
        self.retry
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
                self.client
                    .update_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .number(number.clone())
                    .body(body.clone())
                    .send()
            })
            .await
    }

    pub async fn delete(&self, number: &WholeNumber) -> Result<(), ApiError> {
        let operation = format!("delete milestone {number} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
                self.client
                    .delete_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .number(number.clone())
                    .send()
            })
            .await
    }
}

impl Reading for Gitee {
    type Repo = GiteeRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GiteeRepo, ConnectionError> {
        GiteeRepo::new(connection, repo, options)
    }

    fn repo(repo: &GiteeRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GiteeRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GiteeRepo) -> &str {
        repo.base_url()
    }

    /// Every milestone, with the closed ones Gitee's `state=all` left
    /// out added (see [`GiteeRepo::complete_closed`]).
    async fn list(
        repo: &GiteeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        let mut milestones = repo.list_all(on_page).await?;
        let warnings = repo.complete_closed(&mut milestones).await?;
        Ok((milestones, warnings.into_iter().collect()))
    }

    async fn list_again(repo: &GiteeRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn delete(repo: &GiteeRepo, id: &WholeNumber) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

/// The items of one reading, by key: an item seen twice means the listing
/// moved under us; two different ones with one key, a repository mileport
/// cannot read safely.
struct Gathered<T: Listable> {
    items: Vec<T>,
    by_key: HashMap<T::Key, usize>,
    clash: Option<String>,
}

impl<T: Listable> Default for Gathered<T> {
    fn default() -> Self {
        Gathered {
            items: Vec::new(),
            by_key: HashMap::new(),
            clash: None,
        }
    }
}

impl<T: Listable> Gathered<T> {
    /// Adds one; `Some` says how the listing changed while it was read.
    fn add(&mut self, item: T) -> Option<String> {
        let key = item.key();
        match self.by_key.get(&key) {
            Some(&at) if self.items[at] == item => {
                return Some(format!("{} {key} was listed twice", T::ONE));
            }
            Some(&at) => {
                let first = &self.items[at];
                self.clash.get_or_insert_with(|| {
                    format!(
                        "two different {} carry the {} {key} ({:?} and {:?}); mileport tells {} apart by {} and cannot read this repository safely",
                        T::WHAT,
                        T::KEY_FIELD,
                        first.title(),
                        item.title(),
                        T::WHAT,
                        T::KEY_FIELD,
                    )
                });
            }
            None => {
                self.by_key.insert(key, self.items.len());
            }
        }
        self.items.push(item);
        None
    }
}

impl ClientHooks<Transport> for Client {
    /// Adds the token to the request's query, sends it, and makes a 403
    /// that says "Rate Limit Exceeded" the 429 it means (one with the
    /// limit's headers was already made a wait by the gauge).
    async fn exec(&self, mut request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        if let Some((name, value)) = self.inner().url_secret() {
            request.url_mut().query_pairs_mut().append_pair(name, value);
        }
        let response = self
            .inner()
            .execute(Provider::Gitee.name(), self.client(), request)
            .await?;
        if response.status() != reqwest::StatusCode::FORBIDDEN {
            *refusals() = Refusals::default();
            return Ok(response);
        }
        Ok(rate_limit_as_throttle(response).await)
    }
}

/// Refusals by the rate limit told by their body alone, in a row: each one
/// after the last one's wait asks to wait twice as long (Gitee does not say
/// how long its window is); those during it, sent before it was known,
/// wait out the same. Process-wide, as a run talks to one Gitee.
#[derive(Debug, Default)]
struct Refusals {
    in_a_row: u32,
    until: Option<std::time::Instant>,
}

fn refusals() -> std::sync::MutexGuard<'static, Refusals> {
    static REFUSALS: std::sync::Mutex<Refusals> = std::sync::Mutex::new(Refusals {
        in_a_row: 0,
        until: None,
    });
    REFUSALS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The seconds a refusal by the body alone received at `now` asks to wait.
fn next_refusal_wait(now: std::time::Instant) -> u64 {
    let mut refused = refusals();
    match refused.until {
        Some(until) if now < until => {
            let left = until - now;
            (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1)
        }
        _ => {
            refused.in_a_row += 1;
            let wait = refusal_wait(refused.in_a_row);
            refused.until = Some(now + std::time::Duration::from_secs(wait));
            wait
        }
    }
}

/// How long the `n`th refusal in a row asks to wait: a pause from
/// [`FIRST_PAUSE`](super::limits::FIRST_PAUSE) doubling up to
/// [`MAX_PAUSE`](super::limits::MAX_PAUSE), in whole seconds.
fn refusal_wait(n: u32) -> u64 {
    let first = super::limits::FIRST_PAUSE.as_secs().max(1);
    let doubled = first.saturating_mul(1 << n.saturating_sub(1).min(16));
    doubled.min(super::limits::MAX_PAUSE.as_secs())
}

/// A 403 whose body says "Rate Limit Exceeded" as a 429 asking to wait
/// (see [`refusal_wait`]); any other answer as it was.
async fn rate_limit_as_throttle(response: Response) -> Response {
    let status = response.status();
    let mut headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(_) => bytes::Bytes::new(),
    };
    let limited = String::from_utf8_lossy(&body)
        .to_ascii_lowercase()
        .contains(&RATE_LIMIT_EXCEEDED.to_ascii_lowercase());
    let status = if limited {
        let seconds = next_refusal_wait(std::time::Instant::now());
        headers.insert(reqwest::header::RETRY_AFTER, seconds.into());
        reqwest::StatusCode::TOO_MANY_REQUESTS
    } else {
        status
    };
    headers.remove(reqwest::header::CONTENT_LENGTH);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Response::from(rebuilt)
}

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Milestone {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

#[cfg(test)]
mod decode_tests {
    use serde_json::{Value, json};

    use crate::providers::{decode::milestone, generated::gitee};

    #[test]
    fn keeps_nulls_and_numbers_as_sent() {
        let sent: Value = serde_json::from_str(
            r#"{"number": "83", "title": "t", "id": null, "due_on": null,
                "repository_id": 123456789012345678901234567890, "x": 1}"#,
        )
        .unwrap();
        let read: gitee::types::Milestone = milestone(sent.clone()).unwrap();
        assert_eq!(read.number, 83);
        assert_eq!(read.id, None);
        let written: Value = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        let mut sent_sorted: Vec<_> = sent
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        let mut written_sorted: Vec<_> = written
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        sent_sorted.sort();
        written_sorted.sort();
        assert_eq!(written_sorted, sent_sorted);
        let error = milestone::<gitee::types::Milestone>(json!({"number": "x1", "title": "t"}))
            .unwrap_err();
        assert!(error.contains("x1"), "{error}");
    }
}

#[cfg(test)]
mod listing_tests {
    use serde_json::json;

    use super::*;
    use crate::providers::generated::gitee::types::Label;

    fn label(name: &str, color: &str) -> Label {
        decode::milestone(json!({"name": name, "color": color})).unwrap()
    }

    #[test]
    fn a_label_seen_twice_says_the_listing_moved() {
        let mut read = Gathered::default();
        assert_eq!(read.add(label("bug", "d73a4a")), None);
        assert_eq!(
            read.add(label("bug", "d73a4a")).as_deref(),
            Some("label bug was listed twice")
        );
    }

    #[test]
    fn two_labels_under_one_name_cannot_be_read_safely() {
        let mut read = Gathered::default();
        assert_eq!(read.add(label("bug", "d73a4a")), None);
        assert_eq!(read.add(label("bug", "ffffff")), None);
        let clash = read.clash.unwrap();
        assert!(
            clash.starts_with("two different labels carry the name bug (\"bug\" and \"bug\")"),
            "{clash}"
        );
    }

    #[test]
    fn a_count_that_does_not_match_reads_again_and_an_unchecked_one_waits_for_agreement() {
        let labels = vec![label("a", "000000"), label("b", "000000")];
        match tally(labels.clone(), Some(3), true, 1) {
            Pass::Changed(why) => assert_eq!(why, "read 2 labels where the server counts 3"),
            _ => panic!("a short count was taken"),
        }
        match tally(labels.clone(), None, false, 2) {
            Pass::Unconfirmed(_, keys) => {
                assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["a", "b"])
            }
            _ => panic!("two uncounted pages were taken at once"),
        }
        assert!(matches!(tally(labels, Some(2), true, 2), Pass::Complete(_)));
    }
}

#[cfg(test)]
mod rate_limit_tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Response {
        let mut answer = http::Response::new(bytes::Bytes::from(body.to_owned()));
        *answer.status_mut() = reqwest::StatusCode::from_u16(status).unwrap();
        Response::from(answer)
    }

    #[tokio::test]
    async fn a_403_saying_rate_limit_exceeded_is_a_wait_and_any_other_stays_a_refusal() {
        assert_eq!(
            (1..=8).map(refusal_wait).collect::<Vec<_>>(),
            [1, 2, 4, 8, 16, 32, 60, 60]
        );
        *refusals() = Refusals::default();
        let limited =
            rate_limit_as_throttle(answer(403, r#"{"message":"Rate Limit Exceeded"}"#)).await;
        assert_eq!(limited.status(), 429);
        assert_eq!(limited.headers()[reqwest::header::RETRY_AFTER], "1");
        // Refused during the wait (sent before it was known): the same wait.
        let again =
            rate_limit_as_throttle(answer(403, r#"{"message":"Rate Limit Exceeded"}"#)).await;
        assert_eq!(again.headers()[reqwest::header::RETRY_AFTER], "1");
        // Refused after it: twice as long.
        let later = std::time::Instant::now() + std::time::Duration::from_secs(1);
        assert_eq!(next_refusal_wait(later), 2);
        assert_eq!(
            limited.text().await.unwrap(),
            r#"{"message":"Rate Limit Exceeded"}"#
        );
        let refused = rate_limit_as_throttle(answer(403, r#"{"message":"403 Forbidden"}"#)).await;
        assert_eq!(refused.status(), 403);
        assert_eq!(
            refused.text().await.unwrap(),
            r#"{"message":"403 Forbidden"}"#
        );
    }
}
