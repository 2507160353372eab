//! GitLab owners through the real binary: what a location names is asked
//! of GitLab (a project by its full path, else a group, else a user) and
//! said on stderr; a group's projects include its subgroups'; owners pair
//! by a project's path, and two projects of one path in different
//! subgroups are refused before any write unless a --repos file pairs them.

use mileport::sandbox::{Sandbox, SeedData};

use crate::directions::{Seen, source_for};
use crate::gitlab::{gitlab_seed, held, writes};
use crate::support::{mileport, start_sandbox};

fn seeded(projects: &[&str], users: &[&str], targets: &[&str]) -> SeedData {
    let mut seed = SeedData::default().with_repos(targets);
    let milestones: Vec<Seen> = source_for("gitlab");
    for (n, project) in projects.iter().enumerate() {
        seed.gitlab().milestones.insert(
            (*project).to_owned(),
            gitlab_seed(&milestones, 1000 * (n as i64 + 1)),
        );
    }
    for user in users {
        seed.gitlab().users.insert((*user).to_owned());
    }
    seed
}

async fn sandbox() -> Sandbox {
    start_sandbox(seeded(
        &[
            "org/web",
            "org/platform/api",
            "org/platform/deep/tools",
            "alice/notes",
            "dup/a/site",
            "dup/b/site",
        ],
        &["alice"],
        &[
            "github:tgt/web",
            "github:tgt/api",
            "github:tgt/tools",
            "github:sub/api",
            "github:sub/tools",
            "github:two/site",
        ],
    ))
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_a_location_is_asked_for_and_a_group_brings_its_subgroups_projects() {
    let sandbox = sandbox().await;
    let run = mileport(&sandbox, &["migrate", "gitlab:org", "github:tgt", "--yes"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("gitlab:org is a group"),
        "{}",
        run.stderr
    );
    for (source, target) in [
        ("gitlab:org/web", "github:tgt/web"),
        ("gitlab:org/platform/api", "github:tgt/api"),
        ("gitlab:org/platform/deep/tools", "github:tgt/tools"),
    ] {
        assert_eq!(held(&sandbox, target), held(&sandbox, source), "{target}");
    }
    // A subgroup is a group too.
    let run = mileport(
        &sandbox,
        &["migrate", "gitlab:org/platform", "github:sub", "--yes"],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("gitlab:org/platform is a group"),
        "{}",
        run.stderr
    );
    assert_eq!(
        held(&sandbox, "github:sub/tools"),
        held(&sandbox, "gitlab:org/platform/deep/tools")
    );
    // A project by its full path; a user by name.
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:org/platform/api",
            "-o",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stderr.contains("gitlab:org/platform/api is a project"),
        "{}",
        run.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alice");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:alice",
            "--output-dir",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("gitlab:alice is no group"),
        "{}",
        run.stderr
    );
    assert!(out.join("notes.json").exists());
    // A group exported whole: one file per project, subgroups' named by path.
    let whole = dir.path().join("org");
    mileport(
        &sandbox,
        &[
            "export",
            "gitlab:org",
            "--output-dir",
            whole.to_str().unwrap(),
        ],
    )
    .await
    .success();
    assert!(whole.join("platform%2Fdeep%2Ftools.json").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_two_projects_of_one_path_are_refused_before_any_write_unless_paired_by_file() {
    let sandbox = sandbox().await;
    let run = mileport(&sandbox, &["migrate", "gitlab:dup", "github:two", "--yes"]).await;
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("gitlab:dup/a/site") && run.stderr.contains("gitlab:dup/b/site"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&sandbox), 0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.txt");
    std::fs::write(&file, "gitlab:dup/b/site github:two/site\n").unwrap();
    let run = mileport(
        &sandbox,
        &["migrate", "--repos", file.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        held(&sandbox, "github:two/site"),
        held(&sandbox, "gitlab:dup/b/site")
    );
}
