//! What a writing run keeps on this machine between runs, in the user's
//! state directory (`$MILEPORT_STATE_DIR`, else `$XDG_STATE_HOME/mileport`,
//! else `~/.local/state/mileport`): one lock per target, so that two runs
//! never write to the same repository at once (`lock.rs`), and beside it a
//! journal of the creates sent and not yet answered (`journal.rs`), so that
//! a run that was killed is not repeated blindly.

pub mod journal;
pub mod lock;

use std::path::{Path, PathBuf};

/// Where the state lives, from the environment.
pub fn state_dir() -> Result<PathBuf, StateError> {
    let from = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from("MILEPORT_STATE_DIR") {
        return Ok(dir);
    }
    if let Some(dir) = from("XDG_STATE_HOME") {
        return Ok(dir.join("mileport"));
    }
    if let Some(home) = from("HOME") {
        return Ok(home.join(".local").join("state").join("mileport"));
    }
    Err(StateError::NoDirectory)
}

/// Why the state directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "cannot tell where to keep the lock of this run: set MILEPORT_STATE_DIR (or XDG_STATE_HOME or HOME)"
    )]
    NoDirectory,
    #[error("cannot use the state directory {dir}: {source}")]
    Io {
        dir: String,
        #[source]
        source: std::io::Error,
    },
}

/// The file name stem for one target: readable (provider, owner, repo) and
/// unique (a hash of the base URL and the path), so that a sandbox and the
/// real provider never share a lock.
pub fn target_key(provider: &str, base_url: &str, path: &str) -> String {
    let readable: String = format!("{provider}-{path}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in base_url.bytes().chain([0]).chain(path.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{readable}-{hash:016x}")
}

/// The key of `repo`'s lock and journal, reached at `base_url`: two named
/// remotes never share one, even at one address and with the same
/// `OWNER/REPO`, nor a remote with the provider's default.
pub fn repo_key(repo: &crate::provider::RepoRef, base_url: &str) -> String {
    match &repo.remote {
        None => target_key(repo.provider.id(), base_url, &repo.path()),
        Some(remote) => target_key(
            remote,
            &format!("{base_url}\0remote={remote}"),
            &repo.path(),
        ),
    }
}

/// Creates the state directory (owner only: it names the user's repositories).
pub fn ensure_dir(dir: &Path) -> Result<(), StateError> {
    let io = |source| StateError::Io {
        dir: dir.display().to_string(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_targets_apart() {
        let a = target_key("gitcode", "https://api.gitcode.com/api/v5", "o/r");
        let b = target_key("gitcode", "http://127.0.0.1:9/gitcode/api/v5", "o/r");
        assert_ne!(a, b);
        assert!(a.starts_with("gitcode-o_r-"), "{a}");
        assert_eq!(
            a,
            target_key("gitcode", "https://api.gitcode.com/api/v5", "o/r")
        );
    }

    #[test]
    fn remotes_at_one_address_have_keys_of_their_own() {
        let url = "https://github.example.com/api/v3";
        let on = |remote: Option<&str>| crate::provider::RepoRef {
            provider: crate::provider::Provider::all()[0],
            remote: remote.map(str::to_owned),
            owner: "o".into(),
            name: "r".into(),
        };
        let keys = [
            repo_key(&on(None), url),
            repo_key(&on(Some("ghe")), url),
            repo_key(&on(Some("ghe2")), url),
        ];
        let id = crate::provider::Provider::all()[0].id();
        assert_eq!(keys[0], target_key(id, url, "o/r"));
        assert!(keys[1].starts_with("ghe-o_r-"), "{}", keys[1]);
        assert!(keys[0] != keys[1] && keys[1] != keys[2] && keys[0] != keys[2]);
    }
}
