//! An error and its causes as one line of text, and a value as messages
//! quote it, for messages and reports alike.

/// The error and its causes, joined as `{:#}` would, but without a cause
/// whose words are already shown (an error that repeats its source's
/// message, a context that repeats the path), so nothing is said twice.
pub fn chain_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// How many characters of a value messages quote.
pub(crate) const EXCERPT: usize = 60;

/// A value as messages quote it: whole when short, else its first
/// characters and how long it is.
pub(crate) fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &value[..cut], value.len()).into(),
        None => value.into(),
    }
}
