//! The sandbox's imitation of GitHub's label API: the five operations on
//! `/repos/{owner}/{repo}/labels`, a label addressed by its name (one
//! percent-encoded path segment), names unique without regard to case,
//! colours of six hex digits answered in lower case, `Link` paging as for
//! milestones, and, on request, the nine labels of a new repository.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing,
};
use serde_json::{Map, Value};

use super::GitHub;
use super::sandbox::{
    DEFAULT_PER_PAGE, GitHubSide, Listing, MAX_PER_PAGE, Refused, listing_routes, not_found,
    object, origin, page_links, positive, query_pairs, text, validation_of,
};
use crate::providers::github::client::types::Label;
use crate::sandbox::{Sandbox, Shared, lock, store::with_segment};

/// The labels GitHub puts in every new repository: (name, colour, description).
const DEFAULT_LABELS: [(&str, &str, &str); 9] = [
    ("bug", "d73a4a", "Something isn't working"),
    (
        "documentation",
        "0075ca",
        "Improvements or additions to documentation",
    ),
    (
        "duplicate",
        "cfd3d7",
        "This issue or pull request already exists",
    ),
    ("enhancement", "a2eeef", "New feature or request"),
    ("good first issue", "7057ff", "Good for newcomers"),
    ("help wanted", "008672", "Extra attention is needed"),
    ("invalid", "e4e669", "This doesn't seem right"),
    ("question", "d876e3", "Further information is requested"),
    ("wontfix", "ffffff", "This will not be worked on"),
];

/// The colour of a label created without one.
const DEFAULT_COLOR: &str = "ededed";

/// A repository's labels in creation order. Until they are first looked
/// at, a repository seeded without any may still receive the defaults.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    items: Vec<Label>,
    settled: bool,
}

impl Labels {
    /// Loads seeded labels, keeping their ids (a label of the same name,
    /// whatever its case, is replaced); `next_id` continues above them.
    pub fn seed(&mut self, labels: Vec<Label>, next_id: &mut i64) {
        self.settled |= !labels.is_empty();
        for mut label in labels {
            match label.id {
                Some(id) => *next_id = (*next_id).max(id + 1),
                None => label.id = Some(take(next_id)),
            }
            match self.find(&label.name) {
                Some(at) => self.items[at] = label,
                None => self.items.push(label),
            }
        }
    }

    /// The labels, the defaults given first when `defaults` asks and none
    /// were ever there.
    fn settle(&mut self, defaults: bool, next_id: &mut i64) -> &mut Vec<Label> {
        if !self.settled {
            self.settled = true;
            if defaults && self.items.is_empty() {
                self.items = DEFAULT_LABELS
                    .iter()
                    .map(|(name, color, description)| Label {
                        id: Some(take(next_id)),
                        name: (*name).to_owned(),
                        color: Some((*color).to_owned()),
                        description: Some((*description).to_owned()),
                        default: Some(true),
                        node_id: None,
                        url: None,
                        extra: Map::new(),
                    })
                    .collect();
            }
        }
        &mut self.items
    }

    /// Where the label named `name` is, compared without regard to case.
    fn find(&self, name: &str) -> Option<usize> {
        position(&self.items, name)
    }
}

fn position(labels: &[Label], name: &str) -> Option<usize> {
    let name = name.to_lowercase();
    labels.iter().position(|l| l.name.to_lowercase() == name)
}

fn take(next_id: &mut i64) -> i64 {
    let id = *next_id;
    *next_id += 1;
    id
}

impl GitHubSide {
    /// The labels of the repository `name`, settled; `None` when it is
    /// not held or answers 404.
    fn labels_of(&mut self, name: &str, defaults: bool) -> Option<&mut Vec<Label>> {
        let (repo, ids) = self.repo_and_ids(name)?;
        Some(repo.labels.settle(defaults, ids))
    }
}

/// Whether GitHub's side gives new repositories its default labels.
fn defaults(shared: &Shared) -> bool {
    lock(&shared.faults).faults().github().default_labels
}

/// A label as GitHub sends it: every field, `description` `null` when
/// unset, the colour in lower case and the URL naming it as it is now.
fn answer(label: &Label, base: &str, repo: &str) -> Value {
    let mut value = serde_json::to_value(label).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        let color = label.color.as_deref().unwrap_or(DEFAULT_COLOR);
        fields.insert("color".into(), color.to_lowercase().into());
        fields.insert("url".into(), label_url(base, repo, &label.name).into());
        let id = label.id.unwrap_or_default();
        let node_id = label
            .node_id
            .clone()
            .unwrap_or_else(|| format!("LA_kwDOsandbox{id}"));
        fields.insert("node_id".into(), node_id.into());
        fields.entry("description").or_insert(Value::Null);
        fields.entry("default").or_insert(Value::Bool(false));
    }
    value
}

/// `{base}/repos/{repo}/labels/{name}`, the name percent-encoded.
fn label_url(base: &str, repo: &str, name: &str) -> String {
    with_segment(&format!("{base}/repos/{repo}/labels"), name)
}

/// A repository's labels.
pub(super) struct LabelListing;

impl Listing for LabelListing {
    const PATH: &'static str = "labels";

    fn page(
        shared: &Shared,
        name: &str,
        id: i64,
        headers: &HeaderMap,
        query: Option<&str>,
    ) -> Response {
        let query = query_pairs(query);
        let page = positive(&query, "page", 1);
        let per_page = positive(&query, "per_page", DEFAULT_PER_PAGE).min(MAX_PER_PAGE);
        let base = origin(headers);
        let defaults = defaults(shared);
        let (items, total) = {
            let mut side = shared.stores.of::<GitHub>();
            let Some(labels) = side.labels_of(name, defaults) else {
                return not_found();
            };
            let items: Vec<Value> = labels
                .iter()
                .skip((page - 1).saturating_mul(per_page))
                .take(per_page)
                .map(|label| answer(label, &base, name))
                .collect();
            (items, labels.len())
        };
        let pages = total.div_ceil(per_page).max(1);
        let mut response = Json(items).into_response();
        let first = format!("{base}/repositories/{id}/labels?per_page={per_page}");
        if let Some(value) = page_links(&first, page, pages) {
            response.headers_mut().insert(header::LINK, value);
        }
        response
    }
}

/// The fields of a create (`name`) or an update (`new_name`), checked.
struct Fields {
    name: Option<String>,
    color: Option<String>,
    description: Option<Option<String>>,
}

/// Reads a body whose name is in `name_field`: a name must not be blank,
/// a colour is six hex digits without `#`.
fn fields(body: &Bytes, name_field: &'static str) -> Result<Fields, Refused> {
    let body = object(body)?;
    let name = match text(&body, name_field)? {
        Some(Some(name)) if !name.trim().is_empty() => Some(name),
        Some(_) => return Err(Refused::Field(name_field, "missing_field")),
        None => None,
    };
    let color = match text(&body, "color")? {
        Some(Some(color)) if is_hex_color(&color) => Some(color),
        Some(_) => return Err(Refused::Field("color", "invalid")),
        None => None,
    };
    Ok(Fields {
        name,
        color,
        description: text(&body, "description")?,
    })
}

fn is_hex_color(color: &str) -> bool {
    color.len() == 6 && color.chars().all(|c| c.is_ascii_hexdigit())
}

fn refused(refusal: Refused) -> Response {
    refusal.answer_as("Label")
}

fn already_exists() -> Response {
    validation_of("Label", "name", "already_exists")
}

async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let name = format!("{owner}/{repo}");
    let defaults = defaults(&shared);
    let label = {
        let mut side = shared.stores.of::<GitHub>();
        if side.labels_of(&name, defaults).is_none() {
            return not_found();
        }
        let fields = match fields(&body, "name") {
            Ok(fields) => fields,
            Err(refusal) => return refused(refusal),
        };
        let Some(label_name) = fields.name else {
            return refused(Refused::Field("name", "missing_field"));
        };
        let Some((repository, ids)) = side.repo_and_ids(&name) else {
            return not_found();
        };
        if repository.labels.find(&label_name).is_some() {
            return already_exists();
        }
        let label = Label {
            id: Some(take(ids)),
            name: label_name,
            color: Some(fields.color.unwrap_or_else(|| DEFAULT_COLOR.to_owned())),
            description: fields.description.flatten(),
            default: Some(false),
            node_id: None,
            url: None,
            extra: Map::new(),
        };
        repository.labels.settle(defaults, ids).push(label.clone());
        label
    };
    lock(&shared.stats).count_label_created(super::PROVIDER);
    let answer = answer(&label, &origin(&headers), &name);
    (StatusCode::CREATED, Json(answer)).into_response()
}

async fn get(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, label)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let name = format!("{owner}/{repo}");
    let defaults = defaults(&shared);
    let mut side = shared.stores.of::<GitHub>();
    let found = side
        .labels_of(&name, defaults)
        .and_then(|labels| Some(labels[position(labels, &label)?].clone()));
    match found {
        Some(found) => Json(answer(&found, &origin(&headers), &name)).into_response(),
        None => not_found(),
    }
}

/// PATCH renames with `new_name` (a change of case included) and changes
/// the colour and the description; absent fields stay.
async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, label)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let name = format!("{owner}/{repo}");
    let defaults = defaults(&shared);
    let mut side = shared.stores.of::<GitHub>();
    let Some(labels) = side.labels_of(&name, defaults) else {
        return not_found();
    };
    let Some(at) = position(labels, &label) else {
        return not_found();
    };
    let fields = match fields(&body, "new_name") {
        Ok(fields) => fields,
        Err(refusal) => return refused(refusal),
    };
    if let Some(new_name) = &fields.name
        && position(labels, new_name).is_some_and(|other| other != at)
    {
        return already_exists();
    }
    let label = &mut labels[at];
    if let Some(new_name) = fields.name {
        label.name = new_name;
    }
    if let Some(color) = fields.color {
        label.color = Some(color);
    }
    if let Some(description) = fields.description {
        label.description = description;
    }
    Json(answer(label, &origin(&headers), &name)).into_response()
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, label)): Path<(String, String, String)>,
) -> Response {
    let defaults = defaults(&shared);
    let mut side = shared.stores.of::<GitHub>();
    let removed = side
        .labels_of(&format!("{owner}/{repo}"), defaults)
        .and_then(|labels| Some(labels.remove(position(labels, &label)?)));
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

/// The label routes, added to GitHub's others (inside its limits).
pub(super) fn routes(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    listing_routes::<LabelListing, _, _>(router, create).route(
        "/repos/{owner}/{repo}/labels/{name}",
        routing::get(get).patch(update).delete(delete),
    )
}

impl Sandbox {
    /// Every label of a GitHub repository, in creation order, as the side
    /// would answer them now (the defaults given, when the faults ask).
    pub fn github_labels(&self, repo: &str) -> Vec<Label> {
        let defaults = self.faults().github().default_labels;
        self.store::<GitHub>()
            .labels_of(repo, defaults)
            .map(|labels| labels.clone())
            .unwrap_or_default()
    }
}
