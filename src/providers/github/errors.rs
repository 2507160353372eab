//! How GitHub's error bodies read: `basic-error` is a `message`, and a 422
//! `validation-error` adds `errors[]` saying which field failed and why
//! (`already_exists` for a taken milestone title). Both become one line a
//! user can act on, and the codes stay available for the caller to decide.

use serde_json::Value;

use crate::net::error::ErrorBody;
use crate::providers::github::client::types::Error;

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        let details: Vec<String> = self.items().filter_map(describe_item).collect();
        match (self.message.as_deref().filter(|m| !m.is_empty()), details) {
            (None, details) if details.is_empty() => None,
            (Some(message), details) if details.is_empty() => Some(message.to_owned()),
            (None, details) => Some(details.join("; ")),
            (Some(message), details) => Some(format!("{message}: {}", details.join("; "))),
        }
    }

    /// GitHub's `x-github-request-id`, which the transport puts in the body.
    fn request_id(&self) -> Option<String> {
        self.extra.get("request_id")?.as_str().map(str::to_owned)
    }
}

impl Error {
    /// The items of `errors`: an array's elements, or a lone value as one.
    fn items(&self) -> impl Iterator<Item = &Value> {
        let (list, single) = match &self.errors {
            Some(Value::Array(items)) => (items.as_slice(), None),
            other => (&[][..], other.as_ref()),
        };
        list.iter().chain(single)
    }
}

/// One item of `errors[]`: `Milestone.title already_exists`, or its own
/// message when it has one, or the item as sent when it is a plain string.
fn describe_item(item: &Value) -> Option<String> {
    let object = match item {
        Value::Object(object) => object,
        Value::String(text) => return Some(text.clone()).filter(|t| !t.is_empty()),
        Value::Null => return None,
        other => return Some(other.to_string()),
    };
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let place = match (text("resource"), text("field")) {
        (Some(resource), Some(field)) => Some(format!("{resource}.{field}")),
        (resource, field) => resource.or(field).map(str::to_owned),
    };
    // `custom` only says that `message` explains.
    let code = text("code").filter(|code| *code != "custom" || text("message").is_none());
    let head = [place.as_deref(), code]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    match (head.is_empty(), text("message")) {
        (true, None) => None,
        (true, Some(message)) => Some(message.to_owned()),
        (false, None) => Some(head),
        (false, Some(message)) => Some(format!("{head}: {message}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(body: &str) -> Error {
        serde_json::from_str(body).expect("a GitHub error body")
    }

    #[test]
    fn a_basic_error_reads_as_its_message() {
        let body = error(
            r#"{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}"#,
        );
        assert_eq!(body.message().as_deref(), Some("Bad credentials"));
        assert_eq!(error("{}").message(), None);
    }

    #[test]
    fn a_taken_title_names_the_field_and_the_code() {
        let body = error(
            r#"{"message": "Validation Failed", "errors": [{"resource": "Milestone", "code": "already_exists", "field": "title"}], "documentation_url": "https://docs.github.com/rest/issues/milestones#create-a-milestone", "status": "422"}"#,
        );
        assert_eq!(
            body.message().as_deref(),
            Some("Validation Failed: Milestone.title already_exists")
        );
    }

    #[test]
    fn custom_items_plain_strings_and_odd_items_all_read() {
        let body = error(
            r#"{"message": "Validation Failed", "errors": [
                {"resource": "Milestone", "field": "due_on", "code": "custom", "message": "due_on is not a date"},
                {"code": "invalid", "field": "state"},
                "Title is too long",
                {"message": "something else"},
                {},
                null,
                7
            ]}"#,
        );
        assert_eq!(
            body.message().as_deref(),
            Some(
                "Validation Failed: Milestone.due_on: due_on is not a date; state invalid; \
                 Title is too long; something else; 7"
            )
        );
        let body = error(r#"{"errors": [{"code": "missing_field", "field": "title"}]}"#);
        assert_eq!(body.message().as_deref(), Some("title missing_field"));
        let body = error(r#"{"message": "Validation Failed", "errors": "title is taken"}"#);
        assert_eq!(
            body.message().as_deref(),
            Some("Validation Failed: title is taken")
        );
        let body = error(r#"{"message": "Not Found", "errors": null}"#);
        assert_eq!(body.message().as_deref(), Some("Not Found"));
    }
}
