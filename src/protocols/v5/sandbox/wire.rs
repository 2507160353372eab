//! The family's wire in the sandbox: its error bodies, its timestamps, and
//! its paging (`page` and `per_page`, capped as the faults say; a bare
//! array with `total_count` and `total_page` unless the faults drop them).

use std::collections::BTreeMap;

use axum::{
    Json,
    body::Bytes,
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{FixedOffset, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::V5Side;
use crate::sandbox::Faults;

/// Items per page unless `per_page` says otherwise, and the most it may say.
pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;

/// `{"message": "..."}`, the family's shape for 401 and 404.
pub fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

/// `{"error_code": 400, "error_code_name": "...", "error_message": "..."}`,
/// the shape GitCode uses for rejected parameters.
pub fn coded(status: StatusCode, name: &str, text: &str) -> Response {
    let body = json!({
        "error_code": status.as_u16(),
        "error_code_name": name,
        "error_message": text,
    });
    (status, Json(body)).into_response()
}

/// A rejected parameter, with a message that names the field and its value.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

pub fn project_not_found() -> Response {
    message(StatusCode::NOT_FOUND, "404 Project Not Found")
}

pub fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "404 Not Found")
}

/// The family writes its timestamps in China Standard Time.
pub fn now() -> String {
    let cst = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    Utc::now()
        .with_timezone(&cst)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub fn query_pairs(query: Option<&str>) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// A positive integer query parameter, or a 400 naming it and its value.
pub fn positive(
    query: &BTreeMap<String, String>,
    name: &str,
    default: usize,
) -> Result<usize, Invalid> {
    match query.get(name) {
        None => Ok(default),
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(Invalid(format!(
                "{name} must be a positive integer, got {raw:?}"
            ))),
        },
    }
}

/// The most items a page of `P` holds, as the faults say (by default the
/// documented 100).
pub fn page_cap<P: V5Side>(faults: &Faults) -> usize {
    match P::quirks(faults).page_cap {
        0 => MAX_PER_PAGE,
        cap => cap,
    }
}

/// The page and the page size a listing asks for, the size capped as the
/// faults say.
pub fn page_asked<P: V5Side>(
    query: &BTreeMap<String, String>,
    faults: &Faults,
) -> Result<(usize, usize), Invalid> {
    Ok((
        positive(query, "page", 1)?,
        positive(query, "per_page", DEFAULT_PER_PAGE)?.min(page_cap::<P>(faults)),
    ))
}

/// A listing's page as the family answers it: a bare array, with the
/// `total_count` and `total_page` headers unless the faults drop them.
pub fn listed<P: V5Side, T: serde::Serialize>(
    items: Vec<T>,
    total: usize,
    per_page: usize,
    faults: &Faults,
) -> Response {
    let pages = total.div_ceil(per_page);
    let mut response = Json(items).into_response();
    if !P::quirks(faults).no_totals {
        let headers = response.headers_mut();
        headers.insert("total_count", HeaderValue::from(total));
        headers.insert("total_page", HeaderValue::from(pages));
    }
    response
}

/// A request's body as a JSON object, or the 400 that says it is not one.
pub fn object(body: &Bytes) -> Result<Map<String, Value>, Invalid> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Invalid(String::from(
            "the request body must be a JSON object",
        ))),
        Err(error) => Err(Invalid(format!(
            "the request body is not valid JSON: {error}"
        ))),
    }
}

/// An optional string field: absent and null both mean "not given".
pub fn optional_string(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Invalid> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Invalid(format!("{field} must be a string, got {other}"))),
    }
}
