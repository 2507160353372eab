//! Helpers shared by the integration tests.

use mileport::net::{
    ClientOptions, connection::Connection, pacer::PaceSettings, retry::RetryPolicy,
};
use mileport::provider::Token;
use mileport::provider::{Provider, RepoRef};
use mileport::providers::{gitcode::GitCodeRepo, sourcecraft::SourceCraftRepo};
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
            ..RetryPolicy::default()
        },
        timeout: Duration::from_secs(5),
        ..ClientOptions::default()
    }
}

pub fn gitcode_repo(base_url: &str, repo: &str) -> GitCodeRepo {
    let connection = Connection::new(
        mileport::providers::gitcode::PROVIDER,
        base_url,
        "test",
        Token::new(TOKEN),
    )
    .unwrap();
    let repo: RepoRef = format!("gitcode:{repo}").parse().unwrap();
    GitCodeRepo::new(&connection, &repo, &quick_options()).unwrap()
}

pub fn sourcecraft_repo(base_url: &str, repo: &str) -> SourceCraftRepo {
    let connection = Connection::new(
        mileport::providers::sourcecraft::PROVIDER,
        base_url,
        "test",
        Token::new(TOKEN),
    )
    .unwrap();
    let repo: RepoRef = format!("sourcecraft:{repo}").parse().unwrap();
    SourceCraftRepo::new(&connection, &repo, &quick_options()).unwrap()
}

/// The state directory (target locks and create journals) the runs share
/// unless a test gives its own; lock names differ per sandbox port.
pub fn state_dir() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap())
        .path()
        .to_owned()
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `mileport ARGS` with the given environment, off the async runtime
    /// so an in-process sandbox keeps serving.
    pub async fn command(args: &[&str], env: &[(&str, String)]) -> Run {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("mileport"));
            command
                .args(&args)
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("MILEPORT_STATE_DIR", state_dir());
            for (key, value) in env {
                command.env(key, value);
            }
            let output = command.output().unwrap();
            Run {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            }
        })
        .await
        .unwrap()
    }

    /// The whole run as one text: exit code, stdout and stderr, for a
    /// snapshot that shows how any of them changed.
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn success(&self) {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
    }
}

/// The environment that points the binary at a sandbox.
pub fn sandbox_env(sandbox: &mileport::sandbox::Sandbox) -> Vec<(&'static str, String)> {
    let defaults = mileport::sandbox::SandboxConfig::default();
    let mut env = Vec::new();
    for provider in Provider::all().iter().copied() {
        env.push((provider.url_var(), sandbox.url(provider)));
        env.push((provider.token_var(), defaults.tokens[&provider].clone()));
    }
    env.push(("MILEPORT_STATE_DIR", state_dir().display().to_string()));
    env
}

/// Runs `mileport ARGS` against the sandbox.
pub async fn mileport(sandbox: &mileport::sandbox::Sandbox, args: &[&str]) -> Run {
    Run::command(args, &sandbox_env(sandbox)).await
}

/// Requests that write, by route.
pub fn writes(sandbox: &mileport::sandbox::Sandbox) -> u64 {
    sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| {
            route.contains(" POST ") || route.contains(" PATCH ") || route.contains(" DELETE ")
        })
        .map(|(_, count)| count)
        .sum()
}

/// A sandbox on an ephemeral loopback port, seeded.
pub async fn start_sandbox(seed: mileport::sandbox::SeedData) -> mileport::sandbox::Sandbox {
    let config = mileport::sandbox::SandboxConfig {
        seed,
        ..Default::default()
    };
    mileport::sandbox::Sandbox::start(config).await.unwrap()
}

/// What varies from run to run in a command's output, and what it becomes
/// in snapshots: times, addresses, temporary paths, durations.
pub fn run_filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
            "[TIME]",
        ),
        // Ephemeral ports only: a fixed port in a test (127.0.0.1:9) stays.
        (r"127\.0\.0\.1:\d{4,5}", "[ADDR]"),
        (r"(/private)?/tmp/\.tmp[A-Za-z0-9]+", "[TMP]"),
        (r"\bms=\d+", "ms=[MS]"),
        (r#""duration_ms": \d+"#, r#""duration_ms": "[MS]""#),
        (r"\b\d+\.\d+ s\b", "[DURATION]"),
        (r"\bin \d+ s\b", "in [N] s"),
        (r"\bwaiting \d+ s:", "waiting [N] s:"),
        (r"\bsandbox-[0-9a-f]{16}\b", "[REQUEST-ID]"),
    ]
}

/// Snapshots a whole run of the binary (exit code, stdout and stderr) with
/// the filters of `run_filters`, named or inline, like uv's `uv_snapshot!`.
#[macro_export]
macro_rules! run_snapshot {
    ($run:expr, @$snapshot:literal) => {
        insta::with_settings!({filters => $crate::support::run_filters()}, {
            insta::assert_snapshot!($run.snapshot(), @$snapshot);
        })
    };
    ($name:expr, $run:expr) => {
        insta::with_settings!({filters => $crate::support::run_filters()}, {
            insta::assert_snapshot!($name, $run.snapshot());
        })
    };
}

/// A snapshot of some output (stdout alone, a report) with the filters
/// of `run_filters`, the same as whole runs get.
#[macro_export]
macro_rules! assert_output_snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => $crate::support::run_filters()}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// Reads a whole backup in memory as whichever provider it holds: the
/// provider, and how many milestones; or the first error.
pub fn read_any(
    bytes: &[u8],
    file: &str,
    format: Option<mileport::files::Format>,
) -> Result<(Provider, usize), mileport::files::FileError> {
    let reader =
        mileport::files::BackupReader::new(std::io::Cursor::new(bytes.to_vec()), file, format)?;
    let provider = reader.provider;
    let count = mileport::with_forge!(provider, F => mileport::backup::read_rest::<F>(reader)?.milestones.len());
    Ok((provider, count))
}

/// A plain HTTP client for talking to the sandbox directly, with the
/// process's TLS provider installed first as mileport's own clients do.
pub fn http_client() -> reqwest::Client {
    http_client_builder().build().unwrap()
}

/// The builder behind [`http_client`], for tests that set headers.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    mileport::net::tls::install_crypto_provider();
    reqwest::Client::builder()
}

/// The schema every `--json` document and JSON report follows.
const SCHEMA: &str = include_str!("../../schema/mileport-report.schema.json");

/// Reads one of mileport's JSON documents (`--json` on stdout, a
/// `--report FILE.json`) and checks it against the schema, `"schema"`
/// first: every test that reads one goes through here.
pub fn json_document(text: &str) -> serde_json::Value {
    let value: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}:\n{text}"));
    let first = value.as_object().and_then(|o| o.keys().next().cloned());
    assert_eq!(
        first.as_deref(),
        Some("schema"),
        "schema comes first:\n{text}"
    );
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource(
            "mileport-report.schema.json",
            serde_json::from_str(SCHEMA).unwrap(),
        )
        .unwrap();
    let index = compiler
        .compile("mileport-report.schema.json", &mut schemas)
        .unwrap_or_else(|e| panic!("the schema itself: {e:#}"));
    if let Err(error) = schemas.validate(&value, index) {
        panic!("does not follow the schema: {error:#}\n{text}");
    }
    value
}

/// A JSON report written to `path`, checked as [`json_document`] checks it.
pub fn json_report(path: &std::path::Path) -> serde_json::Value {
    json_document(&std::fs::read_to_string(path).unwrap())
}

/// A single repository's run is a batch of one: its pair's own report,
/// every milestone in it.
pub fn pair_report(document: &serde_json::Value) -> &serde_json::Value {
    let pairs = document["pairs"].as_array().expect("a run's pairs");
    assert_eq!(pairs.len(), 1, "one pair: {document}");
    &pairs[0]["report"]
}

/// A child process (a `mileport sandbox`, which serves until killed)
/// killed and reaped when the test ends, however it ends: a failed
/// assertion leaves no sandbox running behind it.
pub struct Reaped(pub std::process::Child);

impl std::ops::Deref for Reaped {
    type Target = std::process::Child;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Reaped {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        // Already gone when the test killed it itself: nothing to do.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
