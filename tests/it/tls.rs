//! HTTPS as the real providers serve it: a TLS front (the test's own, with
//! a certificate from a test CA in `fixtures/tls/`) before the sandbox.
//! Proves that the TLS stack works end to end through the binary and that
//! `SSL_CERT_FILE` and `SSL_CERT_DIR` are how an internal CA is trusted.

use std::{net::SocketAddr, sync::Arc};

use mileport::sandbox::SeedData;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        self, ServerConfig,
        pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
    },
};

use crate::support::{Run, sandbox_env, start_sandbox};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/fixtures/tls");

/// Accepts TLS on an ephemeral loopback port as `localhost` and passes the
/// plain bytes on to `upstream` (the sandbox), connection by connection.
async fn tls_front(upstream: SocketAddr) -> SocketAddr {
    mileport::net::tls::install_crypto_provider();
    let certs = CertificateDer::pem_file_iter(format!("{FIXTURES}/server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{FIXTURES}/server.key")).unwrap();
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake.
                let Ok(mut client) = acceptor.accept(client).await else {
                    return;
                };
                let Ok(mut server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    addr
}

/// The sandbox's environment, with GitHub reached over HTTPS through the
/// front and the certificate settings given.
async fn https_env(
    certs: &[(&'static str, String)],
) -> (mileport::sandbox::Sandbox, Vec<(&'static str, String)>) {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let front = tls_front(sandbox.addr()).await;
    let mut env = sandbox_env(&sandbox);
    env.retain(|(key, _)| *key != "GITHUB_API_URL");
    env.push((
        "GITHUB_API_URL",
        format!("https://localhost:{}/github", front.port()),
    ));
    env.extend(certs.iter().cloned());
    (sandbox, env)
}

/// Backs up GitHub's sample repository to stdout over HTTPS.
async fn export(env: &[(&'static str, String)]) -> Run {
    Run::command(
        &[
            "export",
            "github:demo/roadmap",
            "--output",
            "-",
            "--format",
            "json",
        ],
        env,
    )
    .await
}

#[tokio::test]
async fn an_internal_ca_named_by_ssl_cert_file_is_trusted() {
    let (_sandbox, env) = https_env(&[("SSL_CERT_FILE", format!("{FIXTURES}/ca.pem"))]).await;
    let run = export(&env).await;
    run.success();
    let backup: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(!backup["milestones"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_internal_ca_in_ssl_cert_dir_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        format!("{FIXTURES}/ca.pem"),
        dir.path().join("company-ca.pem"),
    )
    .unwrap();
    let (_sandbox, env) = https_env(&[("SSL_CERT_DIR", dir.path().display().to_string())]).await;
    let run = export(&env).await;
    run.success();
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused_with_exit_3() {
    // Another CA only: the test CA is unknown whatever the system holds.
    let (_sandbox, env) = https_env(&[("SSL_CERT_FILE", format!("{FIXTURES}/other-ca.pem"))]).await;
    let run = export(&env).await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stdout.is_empty(), "{}", run.snapshot());
    assert!(run.stderr.contains("UnknownIssuer"), "{}", run.snapshot());
}

#[tokio::test]
async fn a_trust_store_without_certificates_says_which_variables_set_it() {
    let empty = tempfile::tempdir().unwrap();
    let (_sandbox, env) = https_env(&[("SSL_CERT_DIR", empty.path().display().to_string())]).await;
    let run = export(&env).await;
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("SSL_CERT_DIR"), "{}", run.snapshot());
    assert!(
        !run.stderr.contains("builder error\n"),
        "{}",
        run.snapshot()
    );
}
