//! `mileport sandbox`: serve the local imitation of the providers until
//! Ctrl-C (or SIGTERM, SIGHUP), printing the URLs and token variables to
//! export, and how to undo them.
//!
//! Standard output carries only `export NAME=value` lines, ready for `eval`
//! (and `--env-file` writes the same lines to a file); everything meant for
//! a person, such as the repositories it holds, goes to standard error.

use std::net::SocketAddr;
use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::Context;

use crate::backup::read_entry;
use crate::driver::provider_flags::{ProviderSandboxFlags, SandboxTokens};
use crate::exit::InvalidInput;
use crate::files::{self, BackupReader};
use crate::forge::Forge;
use crate::location::{Location, OwnerRef};
use crate::printer::{Line, Printer};
use crate::provider::rate::{Window, one_window};
use crate::provider::{Provider, RepoRef};
use crate::record::Kind;
use crate::sandbox::{Coding, ErrorShape, Faults, Sandbox, SandboxConfig, SeedData};
use crate::{with_forge, with_labels};

/// Serve a local, stateful imitation of the GitCode, SourceCraft, GitHub,
/// Gitea and Gitee milestone and label APIs, with optional deterministic
/// faults.
#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on; loopback only. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub tokens: SandboxTokens,

    /// Delay every request by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,

    /// Probability (0 to 1) that a request answers 503.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub fail_rate: f64,

    /// Requests per minute per provider before answering 429; 0 is unlimited.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit: u32,

    /// Probability (0 to 1) that a create is stored but its connection is
    /// closed before the answer.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = probability)]
    pub drop_after_commit: f64,

    /// Seed of the fault draws: the same seed replays the same faults.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fault_seed: u64,

    /// Fixed windows per provider, e.g. 50/min: beyond them 429 without
    /// Retry-After, as GitCode documents its limits.
    #[arg(long, value_name = "N/UNIT", value_parser = one_window)]
    pub rate_window: Option<Window>,

    /// The first N listings (of any provider) see a milestone deleted
    /// between page 1 and page 2.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub delete_while_listing: u32,

    /// The shape of error bodies: documented, null-details, gateway,
    /// nested-message, html, text or empty.
    #[arg(long, value_name = "SHAPE", default_value = "documented")]
    pub error_body: ErrorShape,

    /// Error bodies repeat the token the request carried.
    #[arg(long)]
    pub echo_token: bool,

    /// Writes take this many milliseconds more than reads, and are carried
    /// out even if the client goes away meanwhile.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub write_latency_ms: u64,

    /// Store creates but answer them `202 Accepted` without the milestone.
    #[arg(long)]
    pub create_accepted: bool,

    #[command(flatten)]
    pub own: ProviderSandboxFlags,

    /// The first request is handled only after this many milliseconds
    /// (once), so that a client's --timeout runs out and its next try is
    /// answered.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub stall_once_ms: u64,

    /// Compress every answer with this Content-Encoding, whatever the
    /// request accepts: gzip, deflate, br, or zstd (which mileport refuses).
    #[arg(long, value_name = "CODING", value_enum)]
    pub compress: Option<Coding>,

    /// A web application firewall in front of the API refuses every
    /// request with its own HTML page and a 403.
    #[arg(long)]
    pub firewall: bool,
    /// A repository that answers 404, as PROVIDER:OWNER/REPO (repeatable).
    /// Any repository the sandbox does not hold answers 404 too.
    #[arg(long, value_name = "PROVIDER:OWNER/REPO")]
    pub missing_repo: Vec<RepoRef>,

    /// An empty repository to hold, as PROVIDER:OWNER/REPO (repeatable),
    /// e.g. a target to migrate into
    #[arg(long, value_name = "PROVIDER:OWNER/REPO")]
    pub repo: Vec<RepoRef>,

    /// An owner that is a user, not an organisation, as PROVIDER:NAME
    /// (repeatable; SourceCraft has organisations only): its repositories are listed
    /// under /users/NAME/repos. Every other owner of a held repository is an
    /// organisation.
    #[arg(long, value_name = "PROVIDER:NAME", value_parser = user)]
    pub user: Vec<OwnerRef>,

    /// Also write the `export NAME=value` lines to this file, for `source`
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Start with no milestones instead of the built-in sample.
    #[arg(long)]
    pub empty: bool,

    /// Seed from a backup written by `mileport export` instead of the sample
    /// (repeatable). A CSV file needs the repository it fills: OWNER/REPO=FILE.
    #[arg(long, value_name = "[OWNER/REPO=]FILE", value_parser = seed_file)]
    pub seed: Vec<SeedFile>,
}

/// A `--user` value: an owner on a provider whose repositories can belong
/// to a user, `PROVIDER:NAME`.
fn user(raw: &str) -> Result<OwnerRef, String> {
    let has_users = crate::sandbox::users_own_repositories;
    match raw.parse::<Location>().map_err(|e| e.to_string())? {
        Location::Owner(owner) if has_users(owner.provider) => Ok(owner),
        _ => {
            let ids: Vec<String> = Provider::all()
                .iter()
                .copied()
                .filter(|provider| has_users(*provider))
                .map(|provider| format!("{}:NAME", provider.id()))
                .collect();
            Err(format!(
                "`{}` is not an owner that can be a user: write {}",
                crate::redact::escape_inline(raw),
                ids.join(" or ")
            ))
        }
    }
}

fn probability(raw: &str) -> Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("expected a probability from 0 to 1, got {raw:?}")),
    }
}

/// A `--seed` value: a backup file, with the repository it fills when the
/// file does not name one (CSV files never do).
#[derive(Clone, Debug)]
pub struct SeedFile {
    pub repository: Option<String>,
    pub path: PathBuf,
}

fn seed_file(raw: &str) -> Result<SeedFile, String> {
    match raw.split_once('=') {
        Some((repo, path)) if repo.contains('/') && !path.is_empty() => Ok(SeedFile {
            repository: Some(repo.to_owned()),
            path: PathBuf::from(path),
        }),
        _ => Ok(SeedFile {
            repository: None,
            path: PathBuf::from(raw),
        }),
    }
}

/// Adds the milestones and labels of one backup file to the seed: a JSON
/// file holds both, a CSV file one kind or the other.
fn add_seed_file(seed: &mut SeedData, file: &SeedFile) -> anyhow::Result<()> {
    let labels = files::open_backup_of(&file.path, None, Kind::Labels)?;
    if labels.kind == Kind::Labels {
        add_seed_labels(seed, file, labels)?;
    }
    if matches!(
        files::Format::from_path(&file.path),
        Some(files::Format::Csv)
    ) && files::open_backup(&file.path, None)?.kind == Kind::Labels
    {
        return Ok(());
    }
    add_seed_milestones(seed, file)
}

/// Adds the labels a backup file holds to the seed, as its provider sent
/// them.
fn add_seed_labels(
    seed: &mut SeedData,
    file: &SeedFile,
    mut reader: BackupReader,
) -> anyhow::Result<()> {
    let mut values = Vec::new();
    with_labels!(reader.provider, L => {
        for entry in &mut reader {
            values.push(serde_json::to_value(read_entry::<L>(entry?)?.milestone)?);
        }
    });
    let repository = repository_of(file, &reader)?;
    with_forge!(reader.provider, F => {
        let labels = values
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<Vec<_>, _>>()?;
        seed.part::<F>().labels.entry(repository).or_default().extend(labels);
    });
    Ok(())
}

/// Adds the milestones of one backup file to the seed.
fn add_seed_milestones(seed: &mut SeedData, file: &SeedFile) -> anyhow::Result<()> {
    fn read_all<F: Forge>(reader: &mut BackupReader) -> anyhow::Result<Vec<F::Object>> {
        let mut milestones = Vec::new();
        for entry in reader {
            milestones.push(read_entry::<F>(entry?)?.milestone);
        }
        Ok(milestones)
    }
    let mut reader = files::open_backup(&file.path, None)?;
    with_forge!(reader.provider, F => {
        let milestones = read_all::<F>(&mut reader)?;
        // The repository is seeded even when the file holds no milestone:
        // it then exists, empty.
        let repository = repository_of(file, &reader)?;
        seed.part::<F>().milestones.entry(repository).or_default().extend(milestones);
    });
    Ok(())
}

/// The repository a seed file fills: as given, else as its JSON envelope
/// names it (asked once the file is read: the envelope may name it after
/// the milestones).
fn repository_of(file: &SeedFile, reader: &BackupReader) -> anyhow::Result<String> {
    Ok(file
        .repository
        .clone()
        .or_else(|| reader.repository.clone())
        .ok_or_else(|| {
            InvalidInput(format!(
                "{} does not name its repository: write --seed OWNER/REPO={}",
                file.path.display(),
                file.path.display()
            ))
        })?)
}

impl SandboxArgs {
    /// The validated configuration these flags describe.
    pub fn config(&self) -> anyhow::Result<SandboxConfig> {
        if !self.listen.ip().is_loopback() {
            return Err(InvalidInput(format!(
                "refusing --listen {}: the sandbox accepts well-known tokens, so it serves on a \
                 loopback address only (127.0.0.1 or [::1])",
                self.listen
            ))
            .into());
        }
        let mut seed = if self.empty || !self.seed.is_empty() {
            SeedData::default()
        } else {
            SeedData::sample()
        };
        for file in &self.seed {
            add_seed_file(&mut seed, file)?;
        }
        for repo in &self.repo {
            seed = seed.with_repo(repo);
        }
        for user in &self.user {
            seed = seed.with_user(user.provider, &user.owner);
        }
        for repo in &self.missing_repo {
            seed = seed.with_missing_repo(repo);
        }
        Ok(SandboxConfig {
            listen: self.listen,
            tokens: self.tokens.all(),
            faults: self.own.apply(Faults {
                latency_ms: self.latency_ms,
                fail_rate: self.fail_rate,
                rate_limit_per_minute: self.rate_limit,
                drop_after_commit: self.drop_after_commit,
                seed: self.fault_seed,
                rate_window: self.rate_window,
                delete_while_listing: self.delete_while_listing,
                error_shape: self.error_body,
                echo_token: self.echo_token,
                write_latency_ms: self.write_latency_ms,
                create_accepted: self.create_accepted,
                stall_once_ms: self.stall_once_ms,
                compress: self.compress,
                firewall: self.firewall,
                by_provider: Default::default(),
            }),
            seed,
        })
    }
}

/// A variable and the line that sets it (or says how to).
type EnvLine = (&'static str, String);

/// The line that tells which token a side expects: the value itself only
/// when it is the well-known default, never a token the user chose.
fn token_line(variable: &'static str, token: &str, default: &str, flag: &str) -> EnvLine {
    let text = if token == default {
        format!("export {variable}={token}")
    } else {
        format!("# {variable}: set it to the token given with {flag}")
    };
    (variable, text)
}

/// `export NAME=value`.
fn export_line(variable: &'static str, value: String) -> EnvLine {
    (variable, format!("export {variable}={value}"))
}

/// The lines to `eval` (or `source`) to point mileport at this sandbox,
/// then, as a comment, the `unset` line that undoes them.
fn env_lines(args: &SandboxArgs, sandbox: &Sandbox) -> Vec<String> {
    let set: Vec<EnvLine> = Provider::all()
        .iter()
        .copied()
        .flat_map(|provider| {
            let token = token_line(
                provider.token_var(),
                args.tokens.get(provider),
                crate::sandbox::default_token(provider),
                &SandboxTokens::flag(provider),
            );
            [
                export_line(provider.url_var(), sandbox.url(provider)),
                token,
            ]
        })
        .collect();
    let names: Vec<&str> = set.iter().map(|(variable, _)| *variable).collect();
    let undo = format!("# when done, undo with: unset {}", names.join(" "));
    set.into_iter()
        .map(|(_, line)| line)
        .chain([undo])
        .collect()
}

/// How to stop the sandbox, as its start says: Ctrl-C only when a Ctrl-C
/// typed on its terminal would reach it.
fn how_to_stop() -> String {
    match crate::terminal::ctrl_c_reaches_us() {
        true => "press Ctrl-C to stop".to_owned(),
        false => format!("stop it with: kill {}", std::process::id()),
    }
}

pub async fn run(args: SandboxArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let config = args.config()?;
    let sandbox = Sandbox::start(config)
        .await
        .context("cannot start the sandbox")?;
    // Listening before saying how to stop: a signal right after the line
    // stops the sandbox as any other does.
    let mut signals = crate::interrupt::Signals::listen();
    let lines = env_lines(&args, &sandbox);
    if let Some(path) = &args.env_file {
        let mut text = lines.join("\n");
        text.push('\n');
        files::write_text_atomically(path, &text).context("cannot write the --env-file")?;
    }
    printer.out_lines(lines.iter().map(Line::from))?;
    printer.note(format!(
        "mileport: sandbox serving on {}{}; {}",
        sandbox.addr(),
        if !args.seed.is_empty() {
            " with the milestones of the --seed files"
        } else if args.empty {
            " (empty)"
        } else {
            " with the sample data"
        },
        how_to_stop()
    ));
    let repositories = sandbox.repositories();
    if repositories.is_empty() {
        printer
            .note("mileport: it holds no repository; declare one with --repo PROVIDER:OWNER/REPO");
    } else {
        printer.note("mileport: repositories (any other answers 404; add empty ones with --repo):");
        for (name, count) in repositories {
            printer.note(format!("  {name} ({count} milestones)"));
        }
    }
    if !args.user.is_empty() {
        let users: Vec<String> = args.user.iter().map(ToString::to_string).collect();
        printer.note(format!(
            "mileport: users (every other owner is an organisation): {}",
            users.join(", ")
        ));
    }
    if args.env_file.is_none() {
        printer.note(
            "mileport: in another shell, paste the export lines above (or start with --env-file FILE, then: source FILE)",
        );
    }
    // Stopping is how a sandbox ends: by Ctrl-C, SIGTERM or SIGHUP alike.
    let signal = signals.next().await.context("cannot listen for signals")?;
    printer.note(format!(
        "mileport: stopping the sandbox ({})",
        signal.name()
    ));
    sandbox.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod quirk_flags {
    use clap::Parser;

    use crate::cli::{Cli, Command};
    use crate::provider::Provider;
    use crate::sandbox::ErrorShape;

    /// Every imitated provider habit is a flag of `mileport sandbox`.
    #[test]
    fn each_quirk_is_a_flag() {
        let cli = Cli::try_parse_from([
            "mileport",
            "sandbox",
            "--empty",
            "--rate-window",
            "50/min",
            "--delete-while-listing",
            "2",
            "--error-body",
            "gateway",
            "--echo-token",
            "--stall-once-ms",
            "1500",
            "--compress",
            "br",
            "--firewall",
        ])
        .unwrap();
        let Command::Sandbox(args) = cli.command else {
            panic!("not the sandbox command")
        };
        let faults = args.config().unwrap().faults;
        let window = faults.rate_window.unwrap();
        assert_eq!((window.requests, window.length.as_secs()), (50, 60));
        assert_eq!(faults.delete_while_listing, 2);
        assert_eq!(faults.error_shape, ErrorShape::Gateway);
        assert_eq!(faults.stall_once_ms, 1500);
        assert_eq!(faults.compress, Some(crate::sandbox::Coding::Brotli));
        assert!(faults.firewall);
        assert!(faults.echo_token);
        assert!(Cli::try_parse_from(["mileport", "sandbox", "--error-body", "xml"]).is_err());
        let users = Provider::all()
            .iter()
            .copied()
            .filter(|p| crate::sandbox::users_own_repositories(*p));
        for provider in users {
            let owner = format!("{}:alice", provider.id());
            let cli = Cli::try_parse_from(["mileport", "sandbox", "--empty", "--user", &owner]);
            let Command::Sandbox(args) = cli.unwrap().command else {
                panic!("not the sandbox command")
            };
            let mut sandbox = args.config().unwrap();
            assert_eq!(sandbox.seed.users_of(provider), ["alice"], "{provider}");
        }
        for bad in Provider::all()
            .iter()
            .copied()
            .map(|p| format!("{}:a/b", p.id()))
            .chain(["a".to_owned()])
        {
            let bad = bad.as_str();
            assert!(
                Cli::try_parse_from(["mileport", "sandbox", "--user", bad]).is_err(),
                "{bad}"
            );
        }
        assert!(
            Cli::try_parse_from(["mileport", "sandbox", "--rate-window", "1/s,2/min"]).is_err()
        );
    }
}
