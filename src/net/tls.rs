//! The TLS crypto provider every HTTPS connection uses: rustls with ring,
//! installed once for the process before the first client is built.
//!
//! Certificates are checked against the system's trust store (on Linux the
//! files OpenSSL would read, so `SSL_CERT_FILE` and `SSL_CERT_DIR` name an
//! internal CA's certificate, as for curl).

use std::sync::Once;

/// Installs ring as the process's rustls provider, once. Later calls, and
/// a provider installed by someone else first, leave it as it is.
pub fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // An error only says a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
