//! An error and its causes as one line of text, for messages and
//! reports alike.

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
