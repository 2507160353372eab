//! End-to-end: what a newcomer finds without reading the README — the
//! version, examples in every `--help`, completion scripts, the manual
//! page — and tokens read from files, as container secrets are.

use mileport::sandbox::SeedData;

use crate::support::{Run, sandbox_env, start_sandbox};

const SUBCOMMANDS: &[&str] = &[
    "export",
    "import",
    "validate",
    "migrate",
    "check",
    "demo",
    "sandbox",
    "remotes",
    "completions",
    "manpage",
];

#[tokio::test(flavor = "multi_thread")]
async fn version_names_the_commit_and_the_build_date() {
    let run = Run::command(&["--version"], &[]).await;
    run.success();
    let pattern = regex::Regex::new(
        r"^mileport \d+\.\d+\.\d+ \(([0-9a-f]{10}|unknown) \d{4}-\d{2}-\d{2}\)\n$",
    )
    .unwrap();
    assert!(pattern.is_match(&run.stdout), "{:?}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_subcommand_help_ends_with_examples() {
    for sub in SUBCOMMANDS {
        let run = Run::command(&[sub, "--help"], &[]).await;
        run.success();
        let examples = run
            .stdout
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("`{sub} --help` has no examples:\n{}", run.stdout))
            .1;
        let lines = examples
            .lines()
            .filter(|line| line.starts_with(&format!("  mileport {sub}")))
            .count();
        assert!(
            lines >= 2,
            "`{sub} --help` shows {lines} examples:\n{examples}"
        );
    }
    let top = Run::command(&["--help"], &[]).await;
    top.success();
    for code in ["0 ", "1 ", "2 ", "3 ", "130 "] {
        assert!(
            top.stdout.contains(&format!("\n  {code}")),
            "exit code {code}missing:\n{}",
            top.stdout
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_cover_every_shell_and_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Run::command(&["completions", shell], &[]).await;
        run.success();
        for sub in SUBCOMMANDS {
            assert!(run.stdout.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            run.stdout.contains("dry-run"),
            "{shell} completion lacks options"
        );
    }
    let run = Run::command(&["completions", "tcsh"], &[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manual_page_documents_every_subcommand() {
    let run = Run::command(&["manpage"], &[]).await;
    run.success();
    assert!(run.stdout.starts_with(".ie"), "{}", &run.stdout[..80]);
    assert!(run.stdout.contains(".TH mileport 1"), "no title");
    for sub in SUBCOMMANDS {
        let heading = format!(".SH \"MILEPORT {}\"", sub.to_uppercase());
        assert!(run.stdout.contains(&heading), "no section {heading}");
    }
    // Options of subcommands are documented, not only their names.
    assert!(run.stdout.contains("dry\\-run"), "no --dry-run in the page");
    assert!(run.stdout.contains(".SH \"EXIT CODES\"") || run.stdout.contains("Exit codes"));
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_can_come_from_files() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let env: Vec<_> = sandbox_env(&sandbox)
        .into_iter()
        .filter(|(key, _)| *key != "GITCODE_TOKEN")
        .collect();
    let defaults = mileport::sandbox::SandboxConfig::default();
    let token_file = dir.path().join("gitcode-token");
    // As `echo TOKEN > file` or a container secret writes it: with a line break.
    std::fs::write(
        &token_file,
        format!(
            "{}\n",
            defaults.tokens[&mileport::providers::gitcode::PROVIDER]
        ),
    )
    .unwrap();
    let mut with_file = env.clone();
    with_file.push(("GITCODE_TOKEN_FILE", token_file.display().to_string()));
    let args = [
        "export",
        "gitcode:demo/roadmap",
        "--output",
        "-",
        "--format",
        "json",
    ];
    let run = Run::command(&args, &with_file).await;
    run.success();
    assert!(run.stdout.contains("\"milestones\""), "{}", run.stdout);

    // Both set: which one was meant cannot be guessed.
    let mut both = with_file.clone();
    both.push((
        "GITCODE_TOKEN",
        defaults.tokens[&mileport::providers::gitcode::PROVIDER].clone(),
    ));
    let run = Run::command(&args, &both).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("both GITCODE_TOKEN and GITCODE_TOKEN_FILE are set"),
        "{}",
        run.stderr
    );

    // A missing file is named, with the reason; nothing is sent.
    let requests = sandbox.stats().total();
    let missing = dir.path().join("no-such-file");
    let mut absent = env.clone();
    absent.push(("GITCODE_TOKEN_FILE", missing.display().to_string()));
    let run = Run::command(&args, &absent).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&missing.display().to_string())
            && run.stderr.contains("GITCODE_TOKEN_FILE"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.stats().total(), requests, "a request was sent");

    // Neither set: the message names both ways.
    let run = Run::command(&args, &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("GITCODE_TOKEN_FILE"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn help_pages_read_as_a_whole() {
    for (name, args) in [
        ("help_top", vec!["--help"]),
        ("help_migrate", vec!["migrate", "--help"]),
        ("help_check", vec!["check", "--help"]),
    ] {
        let run = Run::command(&args, &[]).await;
        crate::run_snapshot!(name, run);
    }
}
