//! The manual page's ENVIRONMENT and EXIT STATUS, held against what the
//! sources read; and which options `--help` and the completion scripts
//! offer, held against the README: a knob kept for tests stays out of
//! sight unless the README documents it.

use std::collections::BTreeSet;

use clap::CommandFactory;

use crate::support::Run;

/// The README, where every option a person is offered is documented.
fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// Whether the README names `--option` (not as the start of a longer one).
fn documented(readme: &str, option: &str) -> bool {
    let pattern = format!(r"--{}([^a-z0-9-]|$)", regex::escape(option));
    regex::Regex::new(&pattern).unwrap().is_match(readme)
}

/// The section of a roff page under `heading`, up to the next one (or the
/// definitions clap_mangen writes before it).
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading} in the manual page"));
    let body = &page[start + heading.len()..];
    let end = ["\n.SH ", "\n.ie "]
        .iter()
        .filter_map(|next| body.find(next))
        .min();
    end.map_or(body, |end| &body[..end])
}

/// Every environment variable the sources name where they read one: the
/// `env::var("X")` calls, clap's `env = "X"`, the state directory's
/// `from("X")`, the proxies' `["X", "x"]` pairs and the providers'
/// `*_VAR: &str = "X"`.
fn variables_read_in(dir: &std::path::Path, found: &mut BTreeSet<String>) {
    let pattern = regex::Regex::new(
        r#"env::var(?:_os)?\("([A-Z][A-Z0-9_]*)"\)|env = "([A-Z][A-Z0-9_]*)"|from\("([A-Z][A-Z0-9_]*)"\)|\["([A-Z][A-Z0-9_]*)", "[a-z][a-z0-9_]*"\]|_VAR: &(?:'static )?str = "([A-Z][A-Z0-9_]*)""#,
    )
    .unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            variables_read_in(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for captures in pattern.captures_iter(&text) {
                let name = captures.iter().skip(1).flatten().next().unwrap();
                found.insert(name.as_str().to_owned());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manual_page_names_every_variable_read_and_every_exit_status() {
    let run = Run::command(&["manpage"], &[]).await;
    run.success();
    let environment = section(&run.stdout, "\n.SH ENVIRONMENT\n");
    let mut read = BTreeSet::new();
    variables_read_in(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut read,
    );
    // Read by the libraries underneath: colour, and the trusted certificates.
    read.extend(
        [
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
        ]
        .map(String::from),
    );
    for provider in mileport::provider::Provider::all().iter().copied() {
        read.extend(
            [
                provider.token_var(),
                provider.token_file_var(),
                provider.url_var(),
            ]
            .map(String::from),
        );
        read.insert(format!(
            "MILEPORT_SANDBOX_{}_TOKEN",
            provider.id().to_ascii_uppercase()
        ));
    }
    assert!(read.len() >= 25, "the search found too few: {read:?}");
    let missing: Vec<&String> = read
        .iter()
        .filter(|name| !environment.contains(&format!("\\fB{name}\\fR")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in ENVIRONMENT: {missing:?}\n{environment}"
    );
    insta::assert_snapshot!("manual_environment", environment);

    let exit_status = section(&run.stdout, "\n.SH \"EXIT STATUS\"\n");
    insta::assert_snapshot!(exit_status, @r#"
    .TP
    \fB0\fR
    done; for check, the repositories agree
    .TP
    \fB1\fR
    done, but some milestones (or, with many repositories, some pairs) failed, or copies were found on the target after writing; for check, differences found
    .TP
    \fB2\fR
    invalid input or usage (arguments, environment, a backup with an invalid row, an overwrite without a terminal and without \-\-yes); nothing was written
    .TP
    \fB3\fR
    could not finish: a provider, the network or the file system failed
    .TP
    \fB130\fR
    interrupted by Ctrl\-C (SIGINT)
    .TP
    \fB143\fR
    stopped by SIGTERM
    .TP
    \fB129\fR
    stopped by SIGHUP (the terminal went away)
    "#);
}

/// The options a `--help` page defines (its option lines, not its prose).
fn help_options(help: &str) -> BTreeSet<String> {
    let pattern = regex::Regex::new(r"(?m)^\s+(?:-[A-Za-z], )?--([a-z][a-z0-9-]*)").unwrap();
    pattern
        .captures_iter(help)
        .map(|captures| captures[1].to_owned())
        .collect()
}

/// The options a completion script offers: `--name`, or on fish's
/// `complete` lines `-l name`.
fn completed_options(shell: &str, script: &str) -> BTreeSet<String> {
    let pattern = regex::Regex::new(r"(?:^|[^A-Za-z0-9-])(?:--|-l )([a-z][a-z0-9-]*)").unwrap();
    script
        .lines()
        .filter(|line| shell != "fish" || line.starts_with("complete "))
        .flat_map(|line| pattern.captures_iter(line))
        .map(|captures| captures[1].to_owned())
        .collect()
}

/// Every hidden option, by its long name, in every command.
fn hidden_options(command: &clap::Command, found: &mut BTreeSet<String>) {
    for arg in command.get_arguments().filter(|arg| arg.is_hide_set()) {
        found.extend(arg.get_long().map(str::to_owned));
    }
    for sub in command.get_subcommands() {
        hidden_options(sub, found);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_completions_offer_only_documented_options() {
    let readme = readme();
    let mut hidden = BTreeSet::new();
    hidden_options(&mileport::cli::Cli::command(), &mut hidden);
    assert!(hidden.contains("settle-ms"), "{hidden:?}");
    for option in &hidden {
        // A documented knob is for people: it belongs in --help.
        assert!(
            !documented(&readme, option),
            "--{option} is documented in the README but hidden from --help"
        );
    }

    let commands = mileport::cli::Cli::command();
    let mut pages = vec![vec!["--help".to_owned()]];
    pages.extend(
        commands
            .get_subcommands()
            .map(|sub| vec![sub.get_name().to_owned(), "--help".to_owned()]),
    );
    for args in pages {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = Run::command(&args, &[]).await;
        run.success();
        let offered = help_options(&run.stdout);
        assert!(offered.contains("help"), "{args:?}: {}", run.stdout);
        let undocumented: Vec<_> = offered
            .iter()
            .filter(|option| !documented(&readme, option))
            .collect();
        assert!(
            undocumented.is_empty(),
            "`mileport {}` offers options the README does not document: {undocumented:?}",
            args.join(" ")
        );
    }

    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Run::command(&["completions", shell], &[]).await;
        run.success();
        let offered = completed_options(shell, &run.stdout);
        assert!(offered.contains("dry-run"), "{shell}: {offered:?}");
        let undocumented: Vec<_> = offered
            .iter()
            .filter(|option| !documented(&readme, option))
            .collect();
        assert!(
            undocumented.is_empty(),
            "the {shell} completions offer options the README does not document: {undocumented:?}"
        );
        let shown: Vec<_> = hidden.intersection(&offered).collect();
        assert!(
            shown.is_empty(),
            "the {shell} completions offer hidden {shown:?}"
        );
    }
}
