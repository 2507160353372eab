//! GitLab's labels through the real binary: moved both ways with every
//! other provider once (a second run writes nothing), the labels of the
//! project's ancestor groups moved out as the target's own and, moving in,
//! found under their name and never made again, and each label once when
//! create answers are lost.

use mileport::{
    provider::Provider,
    sandbox::{Faults, SeedData},
};

use crate::gitlab::writes;
use crate::support::{mileport, start_sandbox};

/// The sample's label of the group `demo`.
const GROUP_LABEL: &str = "group::triage";

fn names_on(sandbox: &mileport::sandbox::Sandbox, provider: Provider, repo: &str) -> Vec<String> {
    let mut names: Vec<String> = match provider.id() {
        "gitlab" => sandbox
            .gitlab_labels(repo)
            .into_iter()
            .map(|l| l.name)
            .collect(),
        "github" => sandbox
            .github_labels(repo)
            .into_iter()
            .map(|l| l.name)
            .collect(),
        "gitcode" => sandbox
            .gitcode_labels(repo)
            .into_iter()
            .map(|l| l.name)
            .collect(),
        "gitea" => sandbox
            .gitea_labels(repo)
            .into_iter()
            .map(|l| l.name)
            .collect(),
        _ => panic!("not read here: {provider:?}"),
    };
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_labels_move_both_ways_once_with_the_groups_labels_flattened_out() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[
        "gitlab:lab/from-github",
        "gitlab:lab/from-gitea",
        "github:lab/from-gitlab",
        "gitcode:lab/from-gitlab",
    ]))
    .await;
    for (source, target) in [
        ("github:demo/roadmap", "gitlab:lab/from-github"),
        ("gitea:demo/roadmap", "gitlab:lab/from-gitea"),
        ("gitlab:demo/roadmap", "github:lab/from-gitlab"),
        ("gitlab:demo/roadmap", "gitcode:lab/from-gitlab"),
    ] {
        let args = ["migrate", source, target, "--only", "labels", "-q"];
        let run = mileport(&sandbox, &args).await;
        assert_eq!(
            run.code, 0,
            "{source} → {target}: {}\n{}",
            run.stdout, run.stderr
        );
        let before = writes(&sandbox);
        mileport(&sandbox, &args).await.success();
        assert_eq!(writes(&sandbox), before, "{source} → {target} again wrote");
        let (from, from_repo) = source.split_once(':').unwrap();
        let (to, to_repo) = target.split_once(':').unwrap();
        let mut wanted = names_on(&sandbox, from.parse().unwrap(), from_repo);
        if from == "gitlab" {
            wanted.push(GROUP_LABEL.to_owned());
            wanted.sort();
        }
        let got = names_on(&sandbox, to.parse().unwrap(), to_repo);
        // GitHub's new repositories hold its default labels besides.
        assert!(
            wanted.iter().all(|n| got.contains(n)),
            "{target}: {got:?} lacks some of {wanted:?}"
        );
    }
    let colour = sandbox
        .gitlab_labels("lab/from-github")
        .into_iter()
        .find(|l| l.name == "area/ui")
        .and_then(|l| l.color);
    assert_eq!(colour.as_deref(), Some("#1d76db"));
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_a_label_held_by_the_group_is_found_not_made_again_and_lost_creates_land_once() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[
        "github:lab/out",
        "gitlab:demo/labels-in",
        "gitlab:lost/labels",
    ]))
    .await;
    mileport(
        &sandbox,
        &[
            "migrate",
            "gitlab:demo/roadmap",
            "github:lab/out",
            "--only",
            "labels",
            "-q",
        ],
    )
    .await
    .success();
    // Into a project of the group that holds it: the group's label is ours.
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:lab/out",
            "gitlab:demo/labels-in",
            "--only",
            "labels",
            "--yes",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let own = names_on(
        &sandbox,
        mileport::providers::gitlab::PROVIDER,
        "demo/labels-in",
    );
    assert!(!own.contains(&GROUP_LABEL.to_owned()), "{own:?}");
    assert!(own.contains(&"area/ui".to_owned()), "{own:?}");
    // Lost create answers: every label once.
    sandbox.set_faults(Faults {
        drop_after_commit: 0.5,
        seed: 3,
        ..Faults::default()
    });
    let args = [
        "migrate",
        "github:lab/out",
        "gitlab:lost/labels",
        "--only",
        "labels",
        "-q",
    ];
    mileport(&sandbox, &args).await.success();
    assert!(sandbox.stats().dropped > 0, "{:?}", sandbox.stats());
    let landed = names_on(
        &sandbox,
        mileport::providers::gitlab::PROVIDER,
        "lost/labels",
    );
    let mut unique = landed.clone();
    unique.dedup();
    assert_eq!(landed, unique);
    assert_eq!(
        landed,
        names_on(&sandbox, mileport::providers::github::PROVIDER, "lab/out")
    );
}

/// A source label whose name a group label holds with another colour: the
/// plan shows the difference, a warning names the group's labels, and the
/// change is refused by name, the
/// group's label left as it is and none made in the project.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_a_label_held_by_the_group_with_other_content_is_named_never_duplicated() {
    let mut seed = SeedData::sample().with_repos(&["gitlab:demo/labels-differ"]);
    seed.github().labels.insert(
        "src/labels".into(),
        vec![
            serde_json::from_value(serde_json::json!({
                "id": 1, "node_id": "L1", "url": "u", "name": GROUP_LABEL,
                "color": "ff0000", "description": null, "default": false
            }))
            .unwrap(),
        ],
    );
    let sandbox = start_sandbox(seed).await;
    let args = [
        "migrate",
        "github:src/labels",
        "gitlab:demo/labels-differ",
        "--only",
        "labels",
    ];
    let asked = mileport(&sandbox, &args).await;
    assert_eq!(asked.code, 2, "{}\n{}", asked.stdout, asked.stderr);
    assert!(asked.stdout.contains("~ group::triage"), "{}", asked.stdout);
    assert!(
        asked
            .stderr
            .contains("of its ancestor groups, included and marked by is_project_label"),
        "{}",
        asked.stderr
    );
    let mut with_yes = args.to_vec();
    with_yes.push("--yes");
    let run = mileport(&sandbox, &with_yes).await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        format!("{}{}", run.stdout, run.stderr).contains("ancestor group"),
        "{}",
        run.stderr
    );
    assert!(sandbox.gitlab_labels("demo/labels-differ").is_empty());
}
