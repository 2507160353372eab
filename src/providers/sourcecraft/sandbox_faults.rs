//! SourceCraft's own faults in the sandbox: how its gateway stores dates,
//! how it answers a taken slug, slugs someone else takes mid-run, and the
//! `mileport sandbox` flags that set them.

use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

/// How a taken slug is answered on SourceCraft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ConflictAnswer {
    /// 409 with SourceCraft's error shape.
    #[default]
    Conflict,
    /// 400 `ValidationError` whose message says the slug is taken.
    BadRequest,
    /// 409 with a gRPC gateway body: `{"code": 6, "message", "details": null}`.
    Gateway,
}

/// The faults only the SourceCraft side injects. `Default` injects none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceCraftFaults {
    /// Deadlines and start dates stored as the same instant in UTC, as its
    /// gateway does.
    pub utc_deadlines: bool,
    /// How a create whose slug is taken is answered.
    pub conflict: ConflictAnswer,
    /// Slugs another user takes just before our create of the same slug
    /// arrives (each once), with a milestone of their own.
    pub slugs_taken_mid_run: Vec<String>,
}

/// The `mileport sandbox` flags of SourceCraft's faults.
#[derive(Debug, clap::Args)]
pub struct SourceCraftSandboxArgs {
    /// SourceCraft stores deadlines and start dates in UTC, as its gateway does.
    #[arg(long, alias = "utc-deadlines")]
    pub sourcecraft_utc_deadlines: bool,

    /// How SourceCraft answers a taken slug: conflict (409), bad-request
    /// (400 saying the slug is taken), gateway (409 with a gRPC gateway body).
    #[arg(
        long,
        alias = "conflict",
        value_name = "ANSWER",
        value_enum,
        default_value_t = ConflictAnswer::Conflict
    )]
    pub sourcecraft_conflict: ConflictAnswer,

    /// A SourceCraft slug someone else takes just before our create of it
    /// arrives (repeatable).
    #[arg(long, alias = "slug-taken-mid-run", value_name = "SLUG")]
    pub sourcecraft_slug_taken_mid_run: Vec<String>,
}

impl OwnFlags for SourceCraftSandboxArgs {
    type Faults = SourceCraftFaults;

    fn faults(&self) -> SourceCraftFaults {
        SourceCraftFaults {
            utc_deadlines: self.sourcecraft_utc_deadlines,
            conflict: self.sourcecraft_conflict,
            slugs_taken_mid_run: self.sourcecraft_slug_taken_mid_run.clone(),
        }
    }
}

impl Faults {
    /// SourceCraft's own faults.
    pub fn sourcecraft(&self) -> SourceCraftFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with SourceCraft's own set to `faults`.
    pub fn with_sourcecraft(mut self, faults: SourceCraftFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(flags: &[&str]) -> SourceCraftFaults {
        crate::sandbox::imitation::faults_of::<SourceCraftSandboxArgs>(flags)
    }

    #[test]
    fn its_flags_set_its_faults_under_either_name() {
        let wanted = SourceCraftFaults {
            utc_deadlines: true,
            conflict: ConflictAnswer::Gateway,
            slugs_taken_mid_run: vec!["beta".into(), "gamma".into()],
        };
        let named = parse(&[
            "--sourcecraft-utc-deadlines",
            "--sourcecraft-conflict",
            "gateway",
            "--sourcecraft-slug-taken-mid-run",
            "beta",
            "--sourcecraft-slug-taken-mid-run",
            "gamma",
        ]);
        assert_eq!(named, wanted);
        // The names they had before they were SourceCraft's own.
        let earlier = parse(&[
            "--utc-deadlines",
            "--conflict",
            "gateway",
            "--slug-taken-mid-run",
            "beta",
            "--slug-taken-mid-run",
            "gamma",
        ]);
        assert_eq!(earlier, wanted);
        assert_eq!(parse(&[]), SourceCraftFaults::default());
    }
}
