//! The envelope of every JSON document mileport prints or writes for
//! scripts (`--json`, `--report FILE.json`): `"schema"` first, then what
//! kind of document it is, then the document itself. The schema is
//! written down in `schema/mileport-report.schema.json`; a change that
//! breaks a script raises [`SCHEMA`].

use serde::Serialize;

/// The version of the documents' shape.
pub const SCHEMA: u32 = 1;

/// What a document is the result of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `migrate` and `import`, of one repository or many, dry or not.
    Run,
    /// `check`, of one pair or many.
    Check,
    /// `validate`.
    Validate,
    /// `export`, of one repository or an owner's.
    Export,
    /// `remotes`: the config file's remotes.
    Remotes,
}

/// A document in its envelope.
#[derive(Debug, Serialize)]
pub struct Document<'a, T: Serialize> {
    schema: u32,
    kind: Kind,
    #[serde(flatten)]
    body: &'a T,
}

impl<'a, T: Serialize> Document<'a, T> {
    pub fn new(kind: Kind, body: &'a T) -> Self {
        Document {
            schema: SCHEMA,
            kind,
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_comes_first_then_kind() {
        #[derive(Serialize)]
        struct Body {
            source: &'static str,
        }
        let text = serde_json::to_string(&Document::new(Kind::Run, &Body { source: "a" }))
            .unwrap_or_default();
        assert_eq!(text, r#"{"schema":1,"kind":"run","source":"a"}"#);
    }
}
