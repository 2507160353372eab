//! Every ordered pair of providers in the list, through the binary: each
//! provider's sample repository migrated into an empty repository of
//! every other, milestones and labels, nothing failed; run again, nothing
//! is written (every milestone and label planned unchanged, so the target
//! holds what the source maps to).

use mileport::{provider::Provider, sandbox::SeedData};

use crate::support::{mileport, start_sandbox, writes};

/// Every ordered pair of two different providers.
fn pairs() -> Vec<(Provider, Provider)> {
    let mut pairs = Vec::new();
    for from in Provider::all().iter().copied() {
        for to in Provider::all().iter().copied() {
            if from != to {
                pairs.push((from, to));
            }
        }
    }
    pairs
}

#[tokio::test(flavor = "multi_thread")]
async fn each_sample_moves_to_every_other_provider_once() {
    let targets: Vec<String> = pairs()
        .iter()
        .map(|(from, to)| format!("{}:pairs/from-{}", to.id(), from.id()))
        .collect();
    let held: Vec<&str> = targets.iter().map(String::as_str).collect();
    let sandbox = start_sandbox(SeedData::sample().with_repos(&held)).await;
    for ((from, _), target) in pairs().iter().zip(&targets) {
        let source = format!("{}:demo/roadmap", from.id());
        // What some targets need of some samples: a date for undated
        // milestones, numbers for repeated titles.
        let args = [
            "migrate",
            source.as_str(),
            target.as_str(),
            "--default-due-on",
            "2026-06-30",
            "--repeated-titles",
            "number",
        ];
        let first = mileport(&sandbox, &args).await;
        assert_eq!(
            first.code, 0,
            "{source} -> {target}:\n{}\n{}",
            first.stdout, first.stderr
        );
        let before = writes(&sandbox);
        let again = mileport(&sandbox, &args).await;
        assert_eq!(
            again.code, 0,
            "{source} -> {target} again: {}",
            again.stderr
        );
        assert_eq!(
            writes(&sandbox),
            before,
            "{source} -> {target} wrote again:\n{}",
            again.stdout
        );
    }
}
