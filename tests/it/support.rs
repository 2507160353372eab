//! Helpers shared by the integration tests.

use mileport::providers::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, Token},
    gitcode::GitCodeRepo,
    pacer::PaceSettings,
    retry::RetryPolicy,
    sourcecraft::SourceCraftRepo,
};
use std::time::Duration;

pub const TOKEN: &str = "test-token-3f9a";

/// Client options that retry fast, so failure tests stay quick.
pub fn quick_options() -> ClientOptions {
    ClientOptions {
        pace: PaceSettings::default(),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
        },
        timeout: Duration::from_secs(5),
    }
}

pub fn gitcode_repo(base_url: &str, repo: &str) -> GitCodeRepo {
    let connection =
        Connection::new(Provider::GitCode, base_url, "test", Token::new(TOKEN)).unwrap();
    let repo: RepoRef = format!("gitcode:{repo}").parse().unwrap();
    GitCodeRepo::new(&connection, &repo, &quick_options()).unwrap()
}

pub fn sourcecraft_repo(base_url: &str, repo: &str) -> SourceCraftRepo {
    let connection =
        Connection::new(Provider::SourceCraft, base_url, "test", Token::new(TOKEN)).unwrap();
    let repo: RepoRef = format!("sourcecraft:{repo}").parse().unwrap();
    SourceCraftRepo::new(&connection, &repo, &quick_options()).unwrap()
}
