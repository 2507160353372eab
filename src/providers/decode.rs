//! Milestones from a listing's JSON, read tolerantly and kept losslessly:
//! numbers may come as strings or integers (see `number.rs`), unknown fields
//! are kept, and a field the provider sent as an explicit `null` stays
//! `null` in a backup (absent stays absent), which the generated types alone
//! cannot tell apart.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{
    error::preview,
    generated::{gitcode, sourcecraft},
};

/// A provider milestone with a bag of fields its type does not name.
pub trait Extra {
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

impl Extra for gitcode::types::Milestone {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl Extra for sourcecraft::types::Milestone {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_nulls_and_numbers_as_sent() {
        let sent: Value = serde_json::from_str(
            r#"{"number": "83", "title": "t", "id": null, "due_on": null,
                "repository_id": 123456789012345678901234567890, "x": 1}"#,
        )
        .unwrap();
        let read: gitcode::types::Milestone = milestone(sent.clone()).unwrap();
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
        let error = milestone::<gitcode::types::Milestone>(json!({"number": "x1", "title": "t"}))
            .unwrap_err();
        assert!(error.contains("x1"), "{error}");
    }
}
