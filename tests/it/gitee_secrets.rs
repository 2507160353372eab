//! Gitee's token travels in every request's URL (`access_token`), so every
//! place a URL can show is searched for it through the real binary: `-vv`
//! logs, `--json`, a report file, errors from a 404 and a 500 whose bodies
//! echo the URL token and all, and a connection refused. The token is
//! never there.

use mileport::{
    providers::gitee::{sandbox::DEFAULT_GITEE_TOKEN, sandbox_faults::GiteeFaults},
    sandbox::{Faults, Sandbox, SandboxConfig, SeedData},
};

use crate::directions::source_for;
use crate::gitee::{DEFAULT_DUE_ON, gitee_env, gitee_seed};
use crate::support::Run;

/// A token long and odd enough that any leak of it, in any encoding the
/// URL gives it, is found.
const SECRET: &str = "gitee+secret/token=42";

fn secret_env(sandbox: &Sandbox, state: &std::path::Path) -> Vec<(&'static str, String)> {
    let mut env = gitee_env(sandbox);
    env.retain(|(name, _)| !matches!(*name, "GITEE_TOKEN" | "MILEPORT_STATE_DIR"));
    env.push(("GITEE_TOKEN", SECRET.to_owned()));
    env.push(("MILEPORT_STATE_DIR", state.display().to_string()));
    env
}

/// Every file under `dir` (journals, locks, reports), searched.
fn assert_files_clean(dir: &std::path::Path) {
    let mut files = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                assert_clean(
                    &path.display().to_string(),
                    &String::from_utf8_lossy(&bytes),
                );
            }
        }
    }
    assert!(files > 0, "nothing was written under {}", dir.display());
}

/// Every form the token takes on the wire or in text.
fn forms() -> Vec<String> {
    let encoded: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
    vec![
        SECRET.to_owned(),
        encoded.clone(),
        encoded.replace('+', "%20"),
        "secret%2Ftoken".to_owned(),
        "secret/token".to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for form in forms() {
        assert!(
            !text.contains(&form),
            "{what} shows the token ({form}):\n{text}"
        );
    }
}

fn assert_run_clean(what: &str, run: &Run) {
    assert_clean(&format!("{what} stdout"), &run.stdout);
    assert_clean(&format!("{what} stderr"), &run.stderr);
}

async fn start(faults: GiteeFaults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["github:safe/target", "gitee:safe/target"]);
    seed.gitee().milestones.insert(
        "safe/source".into(),
        gitee_seed(&source_for("gitcode"), 9001),
    );
    let mut config = SandboxConfig {
        seed,
        faults: Faults::default().with_gitee(faults),
        ..SandboxConfig::default()
    };
    config
        .tokens
        .insert(mileport::providers::gitee::PROVIDER, SECRET.to_owned());
    Sandbox::start(config).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gitee_token_never_shows_in_logs_json_reports_or_errors() {
    let sandbox = start(GiteeFaults {
        echo_token: true,
        server_errors: 2,
        ..GiteeFaults::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let env = secret_env(&sandbox, dir.path());
    // Two 500s echoing the URL on the way, waited out; every request logged.
    let run = Run::command(
        &[
            "migrate",
            "gitee:safe/source",
            "github:safe/target",
            "-vv",
            "--json",
            "--report",
            report.to_str().unwrap(),
        ],
        &env,
    )
    .await;
    run.success();
    assert!(
        run.stderr.contains("access_token"),
        "the log names the parameter: {}",
        run.stderr
    );
    assert_run_clean("-vv --json migrate", &run);
    assert_clean("the report", &std::fs::read_to_string(&report).unwrap());

    // Into Gitee, with a dry run's plan and a backup file.
    let backup = dir.path().join("b.json");
    for args in [
        vec![
            "migrate",
            "github:safe/target",
            "gitee:safe/target",
            "--dry-run",
            "-vv",
        ],
        vec![
            "export",
            "gitee:safe/source",
            "-o",
            backup.to_str().unwrap(),
            "-vv",
        ],
    ] {
        let run = Run::command(&args, &env).await;
        run.success();
        assert_run_clean(&args.join(" "), &run);
    }
    assert_clean("the backup", &std::fs::read_to_string(&backup).unwrap());

    // A 404 whose body echoes the URL, token and all.
    let missing = Run::command(
        &[
            "export",
            "gitee:safe/none",
            "-o",
            "-",
            "--format",
            "json",
            "-vv",
        ],
        &env,
    )
    .await;
    assert_eq!(missing.code, 3, "{}", missing.stderr);
    assert!(missing.stderr.contains("404"), "{}", missing.stderr);
    // The server's echo reached the error, and was scrubbed there.
    assert!(
        missing.stderr.contains("access_token=[REDACTED]"),
        "{}",
        missing.stderr
    );
    assert_run_clean("a 404", &missing);
    let missing = Run::command(
        &["migrate", "gitee:safe/none", "github:safe/target", "--json"],
        &env,
    )
    .await;
    assert_ne!(missing.code, 0);
    assert_run_clean("a 404 in --json", &missing);
    // The state mileport keeps (journals, locks) and every file written.
    assert_files_clean(dir.path());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_server_and_a_refused_connection_show_no_gitee_token() {
    let sandbox = start(GiteeFaults {
        echo_token: true,
        server_errors: 1000,
        ..GiteeFaults::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let env = secret_env(&sandbox, dir.path());
    let failed = Run::command(
        &[
            "migrate",
            "github:safe/target",
            "gitee:safe/target",
            "--retries",
            "1",
            "--default-due-on",
            DEFAULT_DUE_ON,
            "--json",
            "--report",
            report.to_str().unwrap(),
            "-vv",
        ],
        &env,
    )
    .await;
    assert_ne!(failed.code, 0, "{}", failed.stderr);
    assert!(
        failed.stdout.contains("500") || failed.stderr.contains("500"),
        "{}",
        failed.stderr
    );
    assert_run_clean("a 500 echoing the URL", &failed);
    if let Ok(page) = std::fs::read_to_string(&report) {
        assert_clean("the report of a failed run", &page);
    }

    let mut refused = env.clone();
    refused.retain(|(name, _)| *name != "GITEE_API_URL");
    refused.push(("GITEE_API_URL", "http://127.0.0.1:9/api/v5".to_owned()));
    let run = Run::command(
        &[
            "export",
            "gitee:safe/source",
            "-o",
            "-",
            "--format",
            "json",
            "--retries",
            "0",
            "-vv",
        ],
        &refused,
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("127.0.0.1:9"), "{}", run.stderr);
    assert_run_clean("a refused connection", &run);
    let run = Run::command(
        &[
            "migrate",
            "gitee:safe/source",
            "github:safe/target",
            "--retries",
            "0",
            "--json",
        ],
        &refused,
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_run_clean("a refused connection in --json", &run);
    assert_ne!(DEFAULT_GITEE_TOKEN, SECRET);
    assert_files_clean(dir.path());
}
