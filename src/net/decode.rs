//! Milestones from a listing's JSON, read tolerantly and kept losslessly:
//! numbers may come as strings or integers (see `number.rs`), unknown fields
//! are kept, and a field the provider sent as an explicit `null` stays
//! `null` in a backup (absent stays absent), which the generated types alone
//! cannot tell apart.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::net::error::preview;

/// A provider milestone with a bag of fields its type does not name.
pub trait Extra {
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// One milestone object. A known field sent as `null` reads as absent in the
/// typed field and is remembered as `null` among the unknown ones, so that
/// writing the milestone back writes `null` again. The error names the
/// field that could not be read and its value.
pub fn milestone<M: DeserializeOwned + Extra>(value: Value) -> Result<M, String> {
    let Value::Object(fields) = value else {
        return Err(format!(
            "a milestone is not a JSON object: {}",
            preview(value.to_string().as_bytes())
        ));
    };
    let nulls: Vec<String> = fields
        .iter()
        .filter(|(_, value)| value.is_null())
        .map(|(name, _)| name.clone())
        .collect();
    // Read from text, not from the `Value`: an integer beyond 128 bits
    // reaches the flattened unknown fields intact only this way.
    let text = Value::Object(fields).to_string();
    let mut milestone: M = serde_json::from_str(&text)
        .map_err(|error| format!("{error} in {}", preview(text.as_bytes())))?;
    let extra = milestone.extra_mut();
    for name in nulls {
        extra.entry(name).or_insert(Value::Null);
    }
    Ok(milestone)
}
