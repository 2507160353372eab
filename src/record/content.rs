//! What copies of one object are told apart by: the fields a create sets
//! (title, description, due date, start date), each as its provider
//! compares them, so that a copy left by an earlier run is recognised
//! whatever offset its dates were written in.

use chrono::DateTime;

/// A milestone reduced to what a create sets, for spotting copies: title,
/// description, due date and start date, as each provider compares them.
pub type Content = (String, String, String, String);

/// A date-time as one instant's text, for comparing dates written in
/// different offsets; text that is not a date-time stays as it is.
pub fn instant(text: Option<&str>) -> String {
    match text {
        None | Some("") => String::new(),
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.to_utc().to_rfc3339())
            .unwrap_or_else(|_| text.to_owned()),
    }
}
