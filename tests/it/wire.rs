//! What is true on the wire between mileport and a provider: a try that
//! got no answer in time, compressed answers, a firewall's page in place
//! of the API's answer, and proxies (never for loopback, named when they
//! cannot be reached).

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use mileport::sandbox::{Coding, Faults, SeedData};
use tokio::{io::AsyncReadExt, net::TcpListener};

use crate::{
    run_snapshot,
    support::{Run, mileport, run_filters, sandbox_env, start_sandbox, state_dir},
};

const EXPORT: [&str; 6] = [
    "export",
    "gitcode:demo/roadmap",
    "--output",
    "-",
    "--format",
    "csv",
];

#[tokio::test(flavor = "multi_thread")]
async fn a_try_that_timed_out_is_said_and_counted_as_a_retry() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:wire/target"])).await;
    let plain = mileport(&sandbox, &EXPORT).await;
    plain.success();

    sandbox.set_faults(Faults {
        stall_once_ms: 2_500,
        ..Faults::default()
    });
    let args = [&["-v"][..], &EXPORT[..], &["--timeout", "1"][..]].concat();
    let run = mileport(&sandbox, &args).await;
    run.success();
    assert_eq!(run.stdout, plain.stdout, "the second try read it all");
    insta::with_settings!({filters => run_filters()}, {
        insta::assert_snapshot!(run.stderr, @r#"
        labels not written: a CSV file holds one kind of object; add --only labels for them
        [TIME]  INFO mileport::http: no answer provider=GitCode method=GET path=/gitcode/api/v5/repos/demo/roadmap/milestones attempt=1 ms=[MS] error=error sending request: operation timed out
        [TIME]  INFO mileport::http: list milestones of gitcode:demo/roadmap: try 1 of 8: no answer within 1 s (--timeout) provider=GitCode
        [TIME]  INFO mileport::http: answer provider=GitCode method=GET path=/gitcode/api/v5/repos/demo/roadmap/milestones status=200 attempt=2 ms=[MS] request_id="[REQUEST-ID]"
        [TIME]  INFO mileport::http: answer provider=GitCode method=GET path=/gitcode/api/v5/repos/demo/roadmap/milestones status=200 attempt=1 ms=[MS] request_id="[REQUEST-ID]"
        "#);
    });

    // The summary counts the try that timed out among the retries.
    sandbox.set_faults(Faults {
        stall_once_ms: 2_500,
        ..Faults::default()
    });
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:wire/target",
            "--timeout",
            "1",
            "--json",
            "--only",
            "milestones",
        ],
    )
    .await;
    run.success();
    let report = crate::support::json_document(&run.stdout);
    assert_eq!(report["stats"]["retries"], 1, "{}", run.stderr);
}

/// A client that leaves answers as they came, to see what the sandbox sent.
fn undecoding_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_deflate()
        .no_brotli()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn compressed_answers_are_read_and_an_unknown_coding_is_refused() {
    let targets = [
        "sourcecraft:wire/gzip",
        "sourcecraft:wire/deflate",
        "sourcecraft:wire/br",
    ];
    let sandbox = start_sandbox(SeedData::sample().with_repos(&targets)).await;
    let plain = mileport(&sandbox, &EXPORT).await;
    plain.success();
    let listing = format!("{}/repos/demo/roadmap/milestones", sandbox.gitcode_url());
    for (coding, target) in [Coding::Gzip, Coding::Deflate, Coding::Brotli]
        .into_iter()
        .zip(targets)
    {
        sandbox.set_faults(Faults {
            compress: Some(coding),
            ..Faults::default()
        });
        let sent = undecoding_client().get(&listing).send().await.unwrap();
        assert_eq!(sent.headers()["content-encoding"], coding.name());

        let run = mileport(&sandbox, &EXPORT).await;
        run.success();
        assert_eq!(run.stdout, plain.stdout, "{coding:?}");
        // Writes read their compressed answers too.
        let run = mileport(&sandbox, &["migrate", "gitcode:demo/roadmap", target]).await;
        run.success();
        let path = target.trim_start_matches("sourcecraft:");
        assert_eq!(
            sandbox.sourcecraft_milestones(path).len(),
            sandbox.gitcode_milestones("demo/roadmap").len(),
            "{coding:?}"
        );
    }

    sandbox.set_faults(Faults {
        compress: Some(Coding::Zstd),
        ..Faults::default()
    });
    let run = mileport(&sandbox, &EXPORT).await;
    run_snapshot!(run, @r#"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    labels not written: a CSV file holds one kind of object; add --only labels for them
    mileport: GitCode: list milestones of gitcode:demo/roadmap failed: unexpected answer: encoded as `zstd`, which mileport cannot decode (it accepts gzip, deflate and br); a proxy or server between mileport and the provider may have changed it
    "#);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_firewalls_page_is_not_taken_for_the_apis_verdict_on_the_token() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    sandbox.set_faults(Faults {
        firewall: true,
        ..Faults::default()
    });
    let run = mileport(&sandbox, &EXPORT).await;
    run_snapshot!(run, @r#"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    labels not written: a CSV file holds one kind of object; add --only labels for them
    mileport: GitCode: list milestones of gitcode:demo/roadmap failed: HTTP 403 Forbidden, not from the GitCode API but a text/html page titled "Access Denied"; a firewall or proxy between mileport and GitCode refused the request before GitCode saw it, so the token was not judged: ask whoever runs that network, or try from another
    "#);
    assert!(!run.stderr.contains("write access"), "{}", run.stderr);
    assert_eq!(sandbox.stats().blocked, 1);

    let run = mileport(
        &sandbox,
        &[
            "export",
            "sourcecraft:demo/roadmap",
            "--output",
            "-",
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains(
            "HTTP 403 Forbidden, not from the SourceCraft API but a text/html page titled \"Access Denied\""
        ),
        "{}",
        run.stderr
    );
}

/// A loopback listener standing in for a proxy: it counts the connections
/// it gets and reads what they send, answering nothing.
async fn listening_proxy() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut sink = Vec::new();
                let _ = socket.read_to_end(&mut sink).await;
            });
        }
    });
    (addr, connections)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_loopback_api_never_goes_through_a_proxy() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let (proxy, connections) = listening_proxy().await;
    let mut env = sandbox_env(&sandbox);
    for var in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"] {
        env.push((var, format!("http://{proxy}")));
    }
    let args = [&EXPORT[..], &["--timeout", "2", "--retries", "0"][..]].concat();
    let run = Run::command(&args, &env).await;
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the proxy saw a request to loopback, token and all"
    );
    run.success();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_that_cannot_be_reached_is_named_without_its_credentials() {
    // A port nothing listens on any more.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let env = [
        ("GITCODE_TOKEN", "wire-test-token".to_owned()),
        (
            "HTTPS_PROXY",
            format!("http://proxyuser:pr0xy-s3cret@{dead}"),
        ),
        ("MILEPORT_STATE_DIR", state_dir().display().to_string()),
    ];
    let started = std::time::Instant::now();
    let run = Run::command(
        &[
            &EXPORT[..],
            &[
                "--gitcode-url",
                "https://gitcode.mileport-test.invalid/api/v5",
            ],
        ]
        .concat(),
        &env,
    )
    .await;
    run_snapshot!(run, @r#"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    labels not written: a CSV file holds one kind of object; add --only labels for them
    mileport: GitCode: list milestones of gitcode:demo/roadmap failed: cannot connect to gitcode.mileport-test.invalid:443 through the proxy [ADDR] (HTTPS_PROXY): Connection refused (os error 111)
    "#);
    assert!(!run.stderr.contains("pr0xy-s3cret"), "{}", run.stderr);
    // Never reached, so not retried: it fails at once.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}
