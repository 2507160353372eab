//! Whole owners on every provider in the list, through the binary: an
//! organisation of several pages is exported whole, a user is found where
//! the provider has users, an unknown owner is named and a wrong token
//! never shown. Each provider's own paging quirks are tested beside its
//! other tests.

use mileport::{
    provider::Provider,
    sandbox::{SeedData, users_own_repositories},
};

use crate::support::{Run, mileport, sandbox_env, start_sandbox};

/// More than the largest page any provider serves (100).
const MANY: usize = 120;

fn names(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("r{n:03}")).collect()
}

/// The backups an owner's export wrote, by repository name, sorted.
fn written(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    names
}

async fn export_owner(
    sandbox: &mileport::sandbox::Sandbox,
    owner: &str,
    dir: &std::path::Path,
) -> Run {
    let out = dir.to_str().unwrap();
    mileport(
        sandbox,
        &["export", owner, "--output-dir", out, "--format", "json"],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organisation_of_several_pages_is_exported_whole_on_every_provider() {
    let mut seed = SeedData::default();
    for provider in Provider::all().iter().copied() {
        let repos: Vec<String> = names(MANY)
            .iter()
            .map(|name| format!("{}:big/{name}", provider.id()))
            .collect();
        let repos: Vec<&str> = repos.iter().map(String::as_str).collect();
        seed = seed.with_repos(&repos);
    }
    let sandbox = start_sandbox(seed).await;
    for provider in Provider::all().iter().copied() {
        let dir = tempfile::tempdir().unwrap();
        let run = export_owner(&sandbox, &format!("{}:big", provider.id()), dir.path()).await;
        run.success();
        assert_eq!(written(dir.path()), names(MANY), "{provider}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_is_found_where_no_organisation_has_the_name() {
    let mut seed = SeedData::default();
    let with_users: Vec<Provider> = Provider::all()
        .iter()
        .copied()
        .filter(|p| users_own_repositories(*p))
        .collect();
    assert!(!with_users.is_empty());
    for &provider in &with_users {
        seed = seed
            .with_repos(&[
                &format!("{}:alice/notes", provider.id()),
                &format!("{}:alice/site", provider.id()),
            ])
            .with_user(provider, "alice");
    }
    let sandbox = start_sandbox(seed).await;
    for provider in with_users {
        let dir = tempfile::tempdir().unwrap();
        let run = export_owner(&sandbox, &format!("{}:alice", provider.id()), dir.path()).await;
        run.success();
        assert_eq!(written(dir.path()), ["notes", "site"], "{provider}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_owner_is_named_and_nothing_is_written() {
    let sandbox = start_sandbox(SeedData::default()).await;
    for provider in Provider::all().iter().copied() {
        let dir = tempfile::tempdir().unwrap();
        let owner = format!("{}:nobody", provider.id());
        let run = export_owner(&sandbox, &owner, dir.path()).await;
        assert_eq!(run.code, 3, "{provider}: {}", run.stderr);
        assert!(run.stderr.contains("nobody"), "{provider}: {}", run.stderr);
        assert!(written(dir.path()).is_empty(), "{provider}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_is_refused_and_never_shown() {
    let sandbox = start_sandbox(
        SeedData::default().with_repos(
            &Provider::all()
                .iter()
                .map(|p| format!("{}:acme/site", p.id()))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
    )
    .await;
    for provider in Provider::all().iter().copied() {
        let secret = format!("{}-wr0ng-t0ken-4242", provider.id());
        let env: Vec<(&str, String)> = sandbox_env(&sandbox)
            .into_iter()
            .map(|(name, value)| match name == provider.token_var() {
                true => (name, secret.clone()),
                false => (name, value),
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let owner = format!("{}:acme", provider.id());
        let out = dir.path().to_str().unwrap();
        for args in [
            vec!["export", owner.as_str(), "--output-dir", out, "-vv"],
            vec!["export", "--json", owner.as_str(), "--output-dir", out],
        ] {
            let run = Run::command(&args, &env).await;
            assert_eq!(run.code, 3, "{provider}: {}", run.stderr);
            assert!(
                !run.stdout.contains(&secret) && !run.stderr.contains(&secret),
                "{provider} showed its token:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    }
}
