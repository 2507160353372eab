//! Named remotes, through the real binary: a remote pointing at the
//! sandbox's GitHub as the source and the target of migrations (its token
//! from `token_env`, `token_file` or the file itself), in a `--repos` file
//! and between owners; `mileport remotes`, which never shows a token; each
//! refusal of a config file naming its line; the 0600 rule for tokens in
//! the file; locks apart for two remotes holding one `OWNER/REPO`; and
//! locations that help: web addresses and misspelt prefixes answered with
//! the location meant, and completions that offer the prefixes.

use std::{path::Path, time::Duration};

use mileport::providers::gitcode::sandbox::DEFAULT_GITCODE_TOKEN;
use mileport::providers::github::sandbox::DEFAULT_GITHUB_TOKEN;
use mileport::{
    provider::RepoRef,
    sandbox::{Sandbox, SeedData},
    state::{lock::TargetLock, repo_key},
};
use tempfile::TempDir;

use crate::{
    run_snapshot,
    support::{Run, start_sandbox, state_dir},
};

/// A GitHub token the remote's tests give, never printed.
const INLINE_TOKEN: &str = "inline-secret-7d41c9";

/// The sandbox: `demo/roadmap` on every provider, and empty targets.
async fn sandbox() -> Sandbox {
    start_sandbox(SeedData::sample().with_repos(&[
        "github:acme/copy",
        "github:acme/two",
        "gitcode:acme/copy",
        "gitcode:acme/one",
        "gitcode:mirror/roadmap",
        "github:acme/site",
    ]))
    .await
}

/// Writes `text` as `config.toml` in a new directory, with `mode`.
fn config(text: &str, mode: u32) -> (TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    set_mode(&path, mode);
    let shown = path.display().to_string();
    (dir, shown)
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The environment of a run with the config file `path`: GitCode at the
/// sandbox, GitHub only through the remotes (no GITHUB_* variables).
fn env(sandbox: &Sandbox, path: &str) -> Vec<(&'static str, String)> {
    vec![
        ("MILEPORT_CONFIG", path.to_owned()),
        ("GITCODE_API_URL", sandbox.gitcode_url()),
        ("GITCODE_TOKEN", DEFAULT_GITCODE_TOKEN.to_owned()),
        ("GHE_TOKEN", DEFAULT_GITHUB_TOKEN.to_owned()),
        ("MILEPORT_STATE_DIR", state_dir().display().to_string()),
    ]
}

/// A remote `ghe` at the sandbox's GitHub with its token from `GHE_TOKEN`.
fn ghe(sandbox: &Sandbox) -> String {
    format!(
        "[remotes.ghe]\nprovider = \"github\"\nurl = \"{}\"\ntoken_env = \"GHE_TOKEN\"\n",
        sandbox.github_url()
    )
}

fn sorted(titles: impl Iterator<Item = String>) -> Vec<String> {
    let mut titles: Vec<String> = titles.collect();
    titles.sort();
    titles
}

fn titles_on_github(sandbox: &Sandbox, repo: &str) -> Vec<String> {
    sorted(sandbox.github_milestones(repo).into_iter().map(|m| m.title))
}

fn titles_on_gitcode(sandbox: &Sandbox, repo: &str) -> Vec<String> {
    sorted(
        sandbox
            .gitcode_milestones(repo)
            .into_iter()
            .map(|m| m.title),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_remote_with_its_token_in_a_variable_is_a_source_and_a_checked_pair() {
    let sandbox = sandbox().await;
    let (_dir, path) = config(&ghe(&sandbox), 0o644);
    let env = env(&sandbox, &path);
    let args = [
        "migrate",
        "ghe:demo/roadmap",
        "gitcode:acme/copy",
        "--default-due-on",
        "2026-06-30",
    ];
    let run = Run::command(&args, &env).await;
    run.success();
    assert!(!titles_on_github(&sandbox, "demo/roadmap").is_empty());
    assert_eq!(
        titles_on_gitcode(&sandbox, "acme/copy"),
        titles_on_github(&sandbox, "demo/roadmap")
    );
    let check = [
        "check",
        "ghe:demo/roadmap",
        "gitcode:acme/copy",
        "--default-due-on",
        "2026-06-30",
    ];
    Run::command(&check, &env).await.success();
    // Without the remote's variable the run names it, and sends nothing.
    let bare: Vec<_> = env.into_iter().filter(|(k, _)| *k != "GHE_TOKEN").collect();
    let run = Run::command(&args, &bare).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot get the token of remote `ghe`: GHE_TOKEN (its token_env) is not set"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_remote_with_its_token_in_a_file_is_a_target() {
    let sandbox = sandbox().await;
    let text = format!(
        "[remotes.ghe]\nprovider = \"GitHub\"\nurl = \"{}\"\ntoken_file = \"ghe.token\"\n",
        sandbox.github_url()
    );
    let (dir, path) = config(&text, 0o644);
    // Relative to the config file, with the line break an editor leaves.
    std::fs::write(
        dir.path().join("ghe.token"),
        format!("{DEFAULT_GITHUB_TOKEN}\n"),
    )
    .unwrap();
    let run = Run::command(
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "ghe:acme/copy",
            "--repeated-titles",
            "number",
        ],
        &env(&sandbox, &path),
    )
    .await;
    run.success();
    // Titles GitCode repeats are numbered on GitHub: counted, not compared.
    assert_eq!(
        titles_on_github(&sandbox, "acme/copy").len(),
        titles_on_gitcode(&sandbox, "demo/roadmap").len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_in_the_config_file_needs_a_file_only_its_owner_reads() {
    let sandbox = sandbox().await;
    let text = format!(
        "[remotes.ghe]\nprovider = \"github\"\nurl = \"{}\"\ntoken = \"{DEFAULT_GITHUB_TOKEN}\"\n",
        sandbox.github_url()
    );
    let (_dir, path) = config(&text, 0o644);
    let args = [
        "export",
        "ghe:demo/roadmap",
        "--output",
        "-",
        "--format",
        "csv",
    ];
    let run = Run::command(&args, &env(&sandbox, &path)).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "mileport: {path}:4: remote `ghe` holds its token in the config file, which others can read (mode 644): run `chmod 600 {path}`, or move the token to token_env or token_file\n"
        )
    );
    assert!(run.stdout.is_empty());
    set_mode(Path::new(&path), 0o600);
    let run = Run::command(&[&args[..], &["-vv"]].concat(), &env(&sandbox, &path)).await;
    run.success();
    assert!(run.stdout.contains("title"), "{}", run.stdout);
    // Even logging every request in detail, the token stays hidden.
    assert!(run.stderr.contains("GET"), "{}", run.stderr);
    assert!(!run.stderr.contains(DEFAULT_GITHUB_TOKEN), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pairs_file_and_two_owners_may_name_remotes() {
    let sandbox = sandbox().await;
    let (dir, path) = config(&ghe(&sandbox), 0o644);
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "ghe:demo/roadmap gitcode:acme/one\ngitcode:demo/roadmap ghe:acme/two\n",
    )
    .unwrap();
    let env = env(&sandbox, &path);
    let run = Run::command(
        &[
            "migrate",
            "--repos",
            pairs.to_str().unwrap(),
            "--default-due-on",
            "2026-06-30",
            "--repeated-titles",
            "number",
        ],
        &env,
    )
    .await;
    run.success();
    assert_eq!(
        titles_on_gitcode(&sandbox, "acme/one"),
        titles_on_github(&sandbox, "demo/roadmap")
    );
    assert_eq!(
        titles_on_github(&sandbox, "acme/two").len(),
        titles_on_gitcode(&sandbox, "demo/roadmap").len()
    );
    // Owner to owner: the remote's owner is listed through the remote.
    let run = Run::command(
        &[
            "migrate",
            "ghe:demo",
            "gitcode:mirror",
            "--default-due-on",
            "2026-06-30",
        ],
        &env,
    )
    .await;
    run.success();
    assert!(
        run.stdout
            .contains("ghe:demo/roadmap -> gitcode:mirror/roadmap"),
        "{}",
        run.stdout
    );
    assert_eq!(
        titles_on_gitcode(&sandbox, "mirror/roadmap"),
        titles_on_github(&sandbox, "demo/roadmap")
    );
    // An owner on a remote is listed through the remote: its repositories
    // are named with it.
    let args = ["check", "gitcode:demo", "ghe:demo", "--json"];
    let run = Run::command(
        &[&args[..], &["--repeated-titles", "number"]].concat(),
        &env,
    )
    .await;
    assert!(matches!(run.code, 0 | 1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("\"ghe:demo/roadmap\""),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn remotes_are_listed_with_where_their_tokens_come_from_never_the_tokens() {
    let text = format!(
        "[remotes.ghe]\nprovider = \"github\"\nurl = \"https://github.example.com/api/v3\"\ntoken_env = \"GHE_TOKEN\"\n\n\
         [remotes.lab]\nprovider = \"gitcode\"\ntoken_env = \"LAB_TOKEN\"\n\n\
         [remotes.craft]\nprovider = \"sourcecraft\"\nurl = \"https://sc.example.org\"\ntoken_file = \"/run/secrets/craft\"\n\n\
         [remotes.mine]\nprovider = \"github\"\ntoken = \"{INLINE_TOKEN}\"\n"
    );
    let (_dir, path) = config(&text, 0o600);
    let env = [
        ("MILEPORT_CONFIG", path.clone()),
        ("GHE_TOKEN", "ghe-secret-value".to_owned()),
    ];
    let run = Run::command(&["remotes"], &env).await;
    run_snapshot!(run, @r"
    exit: 0
    ----- stdout -----
    config file: [TMP]/config.toml
    ghe    github       https://github.example.com/api/v3  token: env GHE_TOKEN (set)
    lab    gitcode      https://api.gitcode.com/api/v5     token: env LAB_TOKEN (not set)
    craft  sourcecraft  https://sc.example.org             token: file /run/secrets/craft
    mine   github       https://api.github.com             token: in the config file
    ----- stderr -----
    ");
    let json = Run::command(&["remotes", "--json"], &env).await;
    json.success();
    let document = crate::support::json_document(&json.stdout);
    assert_eq!(document["kind"], "remotes");
    assert_eq!(document["named_by"], "env");
    assert_eq!(document["exists"], true);
    assert_eq!(document["remotes"][0]["token"]["variable"], "GHE_TOKEN");
    assert_eq!(document["remotes"][0]["token"]["set"], true);
    assert_eq!(document["remotes"][3]["token"]["from"], "config");
    for run in [&run, &json] {
        for secret in [INLINE_TOKEN, "ghe-secret-value"] {
            assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
        }
    }
    // The flag wins over the variable; a missing default file is no remotes.
    let home = tempfile::tempdir().unwrap();
    let home_env = [("HOME", home.path().display().to_string())];
    let run = Run::command(&["remotes"], &home_env).await;
    run_snapshot!(run, @r"
    exit: 0
    ----- stdout -----
    no config file at [TMP]/.config/mileport/config.toml: declare remotes there, or name a file with --config FILE or MILEPORT_CONFIG
    ----- stderr -----
    ");
    let run = Run::command(&["remotes", "--config", &path], &home_env).await;
    assert!(run.stdout.contains("mine   github"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_file_named_but_missing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.toml").display().to_string();
    let args = ["--config", &path, "export", "github:o/r", "--output", "-"];
    let run = Run::command(&args, &[]).await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: [TMP]/absent.toml: no such config file (named by --config): create it, or name an existing file
    ");
    let run = Run::command(&["remotes"], &[("MILEPORT_CONFIG", path)]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("absent.toml: no such config file (named by MILEPORT_CONFIG)")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_mistake_in_a_config_file_is_refused_with_its_line() {
    let cases: &[(&str, &str)] = &[
        (
            "[remotes.ghe]\nprovider = \"gthub\"\n",
            ":2: remote `ghe` has the unknown provider `gthub`: use one of `gitcode`, `sourcecraft`, `github`, `gitea`, `gitee`, `gitlab` (did you mean `github`?)",
        ),
        (
            "\n[remotes.ghe]\nurl = \"https://h/api/v3\"\n",
            ":2: remote `ghe` has no `provider`",
        ),
        (
            "[remotes.GitHub]\nprovider = \"github\"\n",
            ":1: the remote name `GitHub` is a provider's name",
        ),
        (
            "[remotes.\"my remote\"]\nprovider = \"github\"\n",
            ":1: `my remote` is not a valid remote name",
        ),
        (
            "[remotes.ghe]\nprovider = \"github\"\ntoken_env = \"A\"\ntoken_file = \"b\"\n",
            ":4: remote `ghe` names more than one token source (token_env, token_file)",
        ),
        (
            "[remotes.ghe]\nprovider = \"github\"\ntokenenv = \"A\"\n",
            ":3: unknown key `tokenenv` in [remotes.ghe]: the keys are provider, url, token_env, token_file, token",
        ),
        (
            "[remote.ghe]\nprovider = \"github\"\n",
            ":1: unknown key `remote`: the keys are remotes",
        ),
        (
            "[remotes.ghe]\nprovider = \"github\"\nurl = 8\n",
            ":3: `remotes.ghe.url` must be a string in quotes",
        ),
        (
            "[remotes.ghe]\nprovider = \"github\"\n[remotes.GHE]\nprovider = \"github\"\n",
            ":3: remote `GHE` is declared twice",
        ),
        ("[remotes.ghe\n", ":1: not valid TOML"),
    ];
    for (text, expected) in cases {
        let (_dir, path) = config(text, 0o600);
        let run = Run::command(&["remotes"], &[("MILEPORT_CONFIG", path.clone())]).await;
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        let wanted = format!("mileport: {path}{expected}");
        assert!(
            run.stderr.starts_with(&wanted),
            "{text}:\n{}\nwanted {wanted}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_remotes_holding_one_owner_and_repo_never_share_a_lock() {
    let sandbox = sandbox().await;
    let text = format!(
        "{}\n[remotes.ghe2]\nprovider = \"github\"\nurl = \"{}\"\ntoken_env = \"GHE_TOKEN\"\n",
        ghe(&sandbox),
        sandbox.github_url()
    );
    let (_dir, path) = config(&text, 0o644);
    let held = RepoRef {
        provider: mileport::providers::github::PROVIDER,
        remote: Some("ghe".to_owned()),
        owner: "acme".to_owned(),
        name: "site".to_owned(),
    };
    let _lock = TargetLock::acquire(
        &state_dir(),
        &repo_key(&held, &sandbox.github_url()),
        "ghe:acme/site",
        "pid 4242, a run started by the test",
        Duration::ZERO,
        |_| {},
    )
    .await
    .unwrap();
    let env = env(&sandbox, &path);
    let into = |target: &'static str| ["migrate", "ghe:demo/roadmap", target, "--lock-wait", "0"];
    let run = Run::command(&into("ghe2:acme/site"), &env).await;
    run.success();
    let run = Run::command(&into("ghe:acme/site"), &env).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another mileport run is writing to ghe:acme/site (pid 4242"),
        "{}",
        run.stderr
    );
    // Nor does a remote share one with the provider's default.
    let mut plain = env.clone();
    plain.push(("GITHUB_API_URL", sandbox.github_url()));
    plain.push(("GITHUB_TOKEN", DEFAULT_GITHUB_TOKEN.to_owned()));
    let run = Run::command(
        &[
            "migrate",
            "github:demo/roadmap",
            "github:acme/site",
            "--lock-wait",
            "0",
        ],
        &plain,
    )
    .await;
    run.success();
}

#[tokio::test(flavor = "multi_thread")]
async fn web_addresses_and_misspelt_prefixes_get_the_location_meant() {
    let (_dir, path) = config(
        "[remotes.ghe]\nprovider = \"github\"\nurl = \"https://github.example.com/api/v3\"\n",
        0o600,
    );
    let env = [("MILEPORT_CONFIG", path)];
    let export = |location: &'static str| ["export", location, "--output", "-"];
    let run = Run::command(&export("https://github.com/o/r/tree/main"), &env).await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value 'https://github.com/o/r/tree/main' for '<SOURCE>': `https://github.com/o/r/tree/main` is a web address, not a location: did you mean github:o/r?

    For more information, try '--help'.
    ");
    for (location, meant) in [
        ("https://gitcode.com/o/r.git", "gitcode:o/r"),
        ("https://sourcecraft.dev/org/repo/", "sourcecraft:org/repo"),
        ("https://gitcode.com/o/r/-/milestones", "gitcode:o/r"),
        ("https://github.example.com/o/r", "ghe:o/r"),
        ("gthub:o/r", "github:o/r"),
        ("gh:o/r", "ghe:o/r"),
    ] {
        let run = Run::command(&export(location), &env).await;
        assert_eq!(run.code, 2, "{location}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("did you mean {meant}?")),
            "{location}: {}",
            run.stderr
        );
    }
    let run = Run::command(&["import", "x.csv", "forgejo:o/r"], &env).await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value 'forgejo:o/r' for '<TARGET>': unknown provider `forgejo` in `forgejo:o/r`: write PREFIX:OWNER/REPO for one repository or PREFIX:OWNER for all of them, PREFIX one of `gitcode`, `sourcecraft`, `github`, `gitea`, `gitee`, `gitlab` or the remote `ghe`

    For more information, try '--help'.
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_offer_the_prefixes_and_the_remotes() {
    let (_dir, path) = config("[remotes.ghe]\nprovider = \"github\"\n", 0o600);
    let env = [("MILEPORT_CONFIG", path)];
    for shell in ["bash", "zsh", "fish"] {
        let run = Run::command(&["completions", shell], &env).await;
        run.success();
        for prefix in ["gitcode:", "sourcecraft:", "github:", "ghe:"] {
            // zsh escapes the colon in a value.
            let written = match shell {
                "zsh" => prefix.replace(':', "\\:"),
                _ => prefix.to_owned(),
            };
            assert!(run.stdout.contains(&written), "{shell} lacks {prefix}");
        }
    }
    let bash = Run::command(&["completions", "bash"], &[]).await;
    assert!(
        bash.stdout.contains("gitcode: sourcecraft: github:"),
        "bash"
    );
    assert!(!bash.stdout.contains("ghe:"), "no config, no remote");
    // Help keeps the prefixes to completions.
    let help = Run::command(&["export", "--help"], &[]).await;
    assert!(
        !help.stdout.contains("possible values: gitcode:"),
        "{}",
        help.stdout
    );
}
