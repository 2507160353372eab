//! What the real providers are seen to do beyond their documentation, for
//! the sandbox to imitate on request: numbers sent as strings, error bodies
//! of other shapes (or echoing the request's token), and deadlines
//! normalised to UTC. Each is off unless asked for (see `Faults`); the gate
//! passes every answer through `reshape`.

use std::str::FromStr;

use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::provider::Provider;

/// The shape of error bodies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorShape {
    /// As each provider documents it.
    #[default]
    Documented,
    /// SourceCraft's shape with `"details": null`.
    NullDetails,
    /// A gRPC gateway's own: `{"code": 14, "message", "details": []}`.
    Gateway,
    /// GitCode's `{"message": {…}}`, an object where text is documented.
    NestedMessage,
    /// An HTML page from a proxy.
    Html,
    /// Plain text.
    Text,
    /// No body at all.
    Empty,
}

impl FromStr for ErrorShape {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text {
            "documented" => ErrorShape::Documented,
            "null-details" => ErrorShape::NullDetails,
            "gateway" => ErrorShape::Gateway,
            "nested-message" => ErrorShape::NestedMessage,
            "html" => ErrorShape::Html,
            "text" => ErrorShape::Text,
            "empty" => ErrorShape::Empty,
            other => {
                return Err(format!(
                    "unknown error body shape `{other}`: use documented, null-details, gateway, nested-message, html, text or empty"
                ));
            }
        })
    }
}

/// The rewrites of numbers in a successful answer that an imitation's own
/// faults may ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NumberQuirks {
    /// Numbers, ids and issue counts sent as strings.
    pub string_ids: bool,
    /// A listing's second milestone given the first one's number.
    pub duplicate_numbers: bool,
}

/// The quirks in force for one answer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Quirks {
    pub string_ids: bool,
    /// A listing's second milestone given the first one's number.
    pub duplicate_numbers: bool,
    pub error_shape: ErrorShape,
    /// The request's token, when error bodies should echo it.
    pub echo: Option<String>,
}

impl Quirks {
    fn any(&self) -> bool {
        self.string_ids
            || self.duplicate_numbers
            || self.error_shape != ErrorShape::Documented
            || self.echo.is_some()
    }
}

/// The answer as the quirks would have `provider` send it.
pub(crate) async fn reshape(provider: Provider, quirks: &Quirks, response: Response) -> Response {
    if !quirks.any() {
        return response;
    }
    let status = response.status();
    let numbered_success = status.is_success();
    let string_ids = quirks.string_ids && numbered_success;
    let duplicate_numbers = quirks.duplicate_numbers && numbered_success;
    let rewrite = string_ids || duplicate_numbers;
    if !rewrite && !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if rewrite && value.is_null() {
        // No JSON to change (a 204 after a delete): the answer as it was.
        return Response::from_parts(parts, Body::from(bytes));
    }
    let (content_type, body) = if rewrite {
        let mut value = value;
        if duplicate_numbers {
            repeat_first_number(&mut value);
        }
        if string_ids {
            value = stringify_numbers(value);
        }
        ("application/json", value.to_string())
    } else {
        error_body(provider, status, quirks, &value)
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Response::from_parts(parts, Body::from(body))
}

/// GitCode milestones with every number as a string, as other GitCode
/// endpoints send them.
fn stringify_numbers(value: Value) -> Value {
    let one = |mut item: Value| {
        if let Value::Object(fields) = &mut item {
            for name in [
                "number",
                "id",
                "repository_id",
                "open_issues",
                "closed_issues",
            ] {
                if let Some(Value::Number(n)) = fields.get(name) {
                    let text = n.to_string();
                    fields.insert(name.to_owned(), Value::String(text));
                }
            }
        }
        item
    };
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(one).collect()),
        other => one(other),
    }
}

/// In a list answer, the second milestone takes the first one's number.
fn repeat_first_number(value: &mut Value) {
    if let Value::Array(items) = value
        && items.len() >= 2
    {
        let first = items[0]["number"].clone();
        items[1]["number"] = first;
    }
}

fn error_body(
    provider: Provider,
    status: StatusCode,
    quirks: &Quirks,
    documented: &Value,
) -> (&'static str, String) {
    let mut message = documented
        .get("message")
        .or_else(|| documented.get("error_message"))
        .and_then(Value::as_str)
        .unwrap_or("error")
        .to_owned();
    if let Some(token) = &quirks.echo {
        message = format!("{message} (request had Authorization: Bearer {token})");
    }
    let json = |value: Value| ("application/json", value.to_string());
    match quirks.error_shape {
        ErrorShape::Documented => {
            let mut value = documented.clone();
            for key in ["message", "error_message"] {
                if value.get(key).is_some() {
                    value[key] = json!(message);
                }
            }
            json(value)
        }
        ErrorShape::NullDetails => json(json!({
            "error_code": "Unavailable",
            "message": message,
            "request_id": "sandbox-null-details",
            "details": null,
        })),
        ErrorShape::Gateway => json(json!({"code": 14, "message": message, "details": []})),
        ErrorShape::NestedMessage => json(json!({
            "message": {"error": message, "code": status.as_u16()},
            "trace_id": format!("sandbox-trace-{}", provider.id()),
        })),
        ErrorShape::Html => (
            "text/html",
            format!(
                "<html><head><title>{status}</title></head><body><h1>{status}</h1><p>{message}</p></body></html>"
            ),
        ),
        ErrorShape::Text => ("text/plain", message),
        ErrorShape::Empty => ("text/plain", String::new()),
    }
}

/// A date-time as a gRPC gateway returns it: the same instant in UTC.
pub(crate) fn utc(text: &str) -> String {
    DateTime::parse_from_rfc3339(text).map_or_else(
        |_| text.to_owned(),
        |moment| {
            moment
                .with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::AutoSi, true)
        },
    )
}
