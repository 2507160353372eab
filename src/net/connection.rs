//! Where a provider is and who we are there: the base URL (plain `http://`
//! only to loopback), the access token (from the environment, or as a named
//! remote says; sent only as a sensitive `Authorization` header) and the
//! HTTP client that carries both (through the proxy `proxy.rs` chooses).

use std::{net::IpAddr, path::Path, time::Duration};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::provider::{Provider, Token};
use crate::remotes::{Remote, TokenSource};

#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    #[error(
        "{var} is not set: export the {provider} access token as {var}, or the path of a file holding it as {file_var}"
    )]
    MissingToken {
        provider: Provider,
        var: &'static str,
        file_var: &'static str,
    },
    #[error("both {var} and {file_var} are set: keep the one that holds the {provider} token")]
    TwoTokens {
        provider: Provider,
        var: &'static str,
        file_var: &'static str,
    },
    #[error("cannot read the {provider} token from {path} (named by {file_var}): {reason}")]
    TokenFile {
        provider: Provider,
        file_var: &'static str,
        path: String,
        reason: String,
    },
    #[error(
        "{var} is empty or holds characters a header cannot carry: check the {provider} access token"
    )]
    InvalidToken {
        provider: Provider,
        var: &'static str,
    },
    #[error(
        "{provider} has no public API to default to: set {var}, or give {flag}, to the instance's API base URL (or name a remote of it)"
    )]
    NoUrl {
        provider: Provider,
        var: &'static str,
        flag: String,
    },
    #[error("{source_name} is not a valid URL (`{url}`): {reason}")]
    InvalidUrl {
        source_name: String,
        url: String,
        reason: String,
    },
    #[error(
        "refusing plain http:// for {host}: the token would travel unencrypted. Use https://, or http:// only to a loopback address (127.0.0.1, ::1, localhost)"
    )]
    InsecureUrl { host: String },
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    #[error("remote `{remote}` is not declared in the config file: see `mileport remotes`")]
    UnknownRemote { remote: String },
    #[error("cannot get the token of remote `{remote}`: {reason}")]
    RemoteToken { remote: String, reason: String },
}

/// Everything needed to reach one provider.
#[derive(Clone, Debug)]
pub struct Connection {
    pub provider: Provider,
    pub base_url: Url,
    token: Token,
}

impl Connection {
    /// Reads the base URL (`GITCODE_API_URL`/`SOURCECRAFT_API_URL`, else the
    /// provider's public API) and the token (`GITCODE_TOKEN`/`SOURCECRAFT_TOKEN`).
    /// `url_override` (a command-line flag) wins over the environment.
    pub fn from_env(
        provider: Provider,
        url_override: Option<&str>,
    ) -> Result<Connection, ConnectionError> {
        let (url, source_name) = match url_override {
            Some(url) => (url.to_owned(), "the --*-url option".to_owned()),
            None => match std::env::var(provider.url_var()) {
                Ok(url) if !url.trim().is_empty() => (url, provider.url_var().to_owned()),
                _ => (
                    provider
                        .default_url()
                        .ok_or(ConnectionError::NoUrl {
                            provider,
                            var: provider.url_var(),
                            flag: format!("--{}-url", provider.id()),
                        })?
                        .to_owned(),
                    "the default URL".to_owned(),
                ),
            },
        };
        let token = token_from_env(provider)?;
        Connection::new(provider, &url, &source_name, token)
    }

    /// Connects where a location points: a named remote's URL and token,
    /// or, for `remote` `None`, the provider's default (see [`from_env`]).
    ///
    /// [`from_env`]: Connection::from_env
    pub fn for_scope(
        provider: Provider,
        remote: Option<&str>,
        url_override: Option<&str>,
    ) -> Result<Connection, ConnectionError> {
        let Some(name) = remote else {
            return Connection::from_env(provider, url_override);
        };
        let remote =
            crate::remotes::current()
                .find(name)
                .ok_or_else(|| ConnectionError::UnknownRemote {
                    remote: name.to_owned(),
                })?;
        let token = remote_token(remote)?;
        if token.expose().chars().any(char::is_control) {
            return Err(ConnectionError::RemoteToken {
                remote: remote.name.clone(),
                reason: "it holds characters a header cannot carry: check the token".to_owned(),
            });
        }
        let source_name = format!("the url of remote `{}`", remote.name);
        Connection::new(remote.provider, remote.url(), &source_name, token)
    }

    pub fn new(
        provider: Provider,
        url: &str,
        source_name: &str,
        token: Token,
    ) -> Result<Connection, ConnectionError> {
        crate::redact::register_secret(token.expose());
        let base_url = parse_base_url(url, source_name)?;
        if token.expose().trim().is_empty() {
            return Err(ConnectionError::InvalidToken {
                provider,
                var: provider.token_var(),
            });
        }
        Ok(Connection {
            provider,
            base_url,
            token,
        })
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The host requests go to, as written in the base URL.
    pub fn host(&self) -> Option<&str> {
        self.base_url.host_str()
    }

    /// The rate limits the provider publishes for this host, which apply
    /// by default (GitCode's public API's, say).
    pub fn published_limits(&self) -> Option<crate::provider::rate::RateLimits> {
        self.provider.published_limits(self.host()?)
    }

    /// What identifies whose requests a provider counts together: the
    /// provider, the base URL and a fingerprint of the token (never the
    /// token itself).
    pub fn pacing_key(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.token.expose().hash(&mut hasher);
        format!(
            "{}|{}|{:016x}",
            self.provider.id(),
            self.base(),
            hasher.finish()
        )
    }

    /// The token, for a provider whose API takes it only in the URL's
    /// query (see [`Transport::with_url_secret`](crate::net::transport::Transport::with_url_secret)).
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The base URL as the generated client wants it: no trailing slash.
    pub fn base(&self) -> String {
        self.base_url.as_str().trim_end_matches('/').to_owned()
    }

    /// An HTTP client that sends the token in a sensitive header (the
    /// provider's: `Authorization` in its scheme, `Bearer` for most) and
    /// identifies itself as `mileport/VERSION`.
    pub fn http_client(&self, timeout: Duration) -> Result<reqwest::Client, ConnectionError> {
        crate::net::tls::install_crypto_provider();
        let (name, value) = self.provider.auth_value(self.token.expose());
        let invalid = || ConnectionError::InvalidToken {
            provider: self.provider,
            var: self.provider.token_var(),
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut auth = HeaderValue::from_str(&value).map_err(|_| invalid())?;
        // Sensitive values are left out of reqwest's and hyper's debug output.
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(name, auth);
        reqwest::Client::builder()
            .user_agent(concat!("mileport/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(10))
            .timeout(timeout)
            // A redirect could carry the Authorization header to another host.
            .redirect(reqwest::redirect::Policy::none())
            // Never through a proxy to loopback: see `proxy.rs`.
            .proxy(crate::net::proxy::ProxySettings::from_env().into_proxy())
            .build()
            .map_err(|e| ConnectionError::Client(client_error_text(e.without_url())))
    }
}

/// reqwest's "builder error" with every cause under it. A trust store with
/// no certificate in it gets the variables that name one.
fn client_error_text(error: reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    if text.contains("certificate") {
        text.push_str(
            " (SSL_CERT_FILE and SSL_CERT_DIR, when set, replace the system's certificate authorities)",
        );
    }
    text
}

/// The token from `GITCODE_TOKEN` (or `SOURCECRAFT_TOKEN`), else from the
/// file named by `GITCODE_TOKEN_FILE`, its trailing line break ignored.
/// Both set is refused: which one the user meant cannot be guessed.
fn token_from_env(provider: Provider) -> Result<Token, ConnectionError> {
    let set = |var: &str| std::env::var_os(var).filter(|value| !value.is_empty());
    let (var, file_var) = (provider.token_var(), provider.token_file_var());
    match (set(var), set(file_var)) {
        (Some(_), Some(_)) => Err(ConnectionError::TwoTokens {
            provider,
            var,
            file_var,
        }),
        (Some(value), None) => value
            .into_string()
            .map(Token::new)
            .map_err(|_| ConnectionError::InvalidToken { provider, var }),
        (None, Some(path)) => read_token_file(Path::new(&path))
            .map(Token::new)
            .map_err(|reason| ConnectionError::TokenFile {
                provider,
                file_var,
                path: path.to_string_lossy().into_owned(),
                reason,
            }),
        (None, None) => Err(ConnectionError::MissingToken {
            provider,
            var,
            file_var,
        }),
    }
}

/// The token a file holds, its trailing line break ignored; or why it
/// cannot be used.
fn read_token_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
    let token = text.trim_end_matches(['\n', '\r']);
    if token.is_empty() || token.contains(['\n', '\r']) {
        return Err("it must hold the token alone, on one line".to_owned());
    }
    Ok(token.to_owned())
}

/// The token of a named remote, from where its table says.
fn remote_token(remote: &Remote) -> Result<Token, ConnectionError> {
    let failed = |reason: String| ConnectionError::RemoteToken {
        remote: remote.name.clone(),
        reason,
    };
    match &remote.token {
        TokenSource::Provider => token_from_env(remote.provider),
        TokenSource::Inline(token) => Ok(token.clone()),
        TokenSource::Env(var) => match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => Ok(Token::new(value)),
            Ok(_) | Err(std::env::VarError::NotPresent) => Err(failed(format!(
                "{var} (its token_env) is not set: export the token as {var}"
            ))),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(failed(format!("{var} (its token_env) is not UTF-8 text")))
            }
        },
        TokenSource::File(path) => read_token_file(path).map(Token::new).map_err(|reason| {
            failed(format!(
                "cannot read {} (its token_file): {reason}",
                path.display()
            ))
        }),
    }
}

/// Accepts `https://` anywhere and `http://` only to loopback.
fn parse_base_url(url: &str, source_name: &str) -> Result<Url, ConnectionError> {
    let invalid = |reason: &str| ConnectionError::InvalidUrl {
        source_name: source_name.to_owned(),
        url: mask_password(url),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if let Some(password) = parsed.password() {
        crate::redact::register_secret(password);
        if let Ok(decoded) = urlencoding_decode(password) {
            crate::redact::register_secret(&decoded);
        }
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "credentials do not belong in the URL; use the token variable",
        ));
    }
    if parsed.query().is_some() {
        return Err(invalid("the base URL must not carry a query"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| invalid("it has no host"))?
        .to_owned();
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&host) => Ok(parsed),
        "http" => Err(ConnectionError::InsecureUrl { host }),
        other => Err(invalid(&format!(
            "unsupported scheme `{other}`; use https://"
        ))),
    }
}

/// A URL as it may be shown: any password in it replaced by `****`, even
/// when the URL does not parse.
pub fn mask_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_owned();
    };
    let userinfo = &rest[..at];
    let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
    let masked = if userinfo.contains(':') {
        format!("{user}:****")
    } else {
        user.to_owned()
    };
    format!("{}{masked}{}", &url[..scheme_end + 3], &rest[at..])
}

/// Percent-decoding, for a password as typed before it was encoded.
fn urlencoding_decode(text: &str) -> Result<String, std::string::FromUtf8Error> {
    String::from_utf8(
        url::form_urlencoded::parse(format!("p={text}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned().into_bytes())
            .unwrap_or_default(),
    )
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect(url: &str) -> Result<Connection, ConnectionError> {
        Connection::new(Provider::all()[0], url, "test", Token::new("t0k3n"))
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(connect("https://api.example.com/api/v5").is_ok());
        assert!(connect("http://127.0.0.1:8080/forge/api/v5").is_ok());
        assert!(connect("http://127.8.0.1/x").is_ok());
        assert!(connect("http://localhost:1/x").is_ok());
        assert!(connect("http://[::1]:9/x").is_ok());
        let error = connect("http://api.example.com/api/v5").unwrap_err();
        assert!(matches!(error, ConnectionError::InsecureUrl { .. }));
        assert!(error.to_string().contains("loopback"));
        assert!(connect("http://10.0.0.1/x").is_err());
        assert!(connect("ftp://127.0.0.1/x").is_err());
        assert!(connect("https://user:pw@host/x").is_err());
        assert!(connect("https://host/x?access_token=1").is_err());
    }

    #[test]
    fn passwords_in_urls_never_print() {
        let error = connect("https://user:s3cretpw@api.gitcode.com/api/v5").unwrap_err();
        let shown = error.to_string();
        assert!(
            !shown.contains("s3cretpw") && shown.contains("user:****@"),
            "{shown}"
        );
        assert_eq!(mask_password("https://a:b@h/p@q"), "https://a:****@h/p@q");
        assert_eq!(mask_password("not a url"), "not a url");
        assert_eq!(mask_password("https://u@h/x"), "https://u@h/x");
    }

    #[test]
    fn published_limits_hold_only_on_the_providers_own_hosts() {
        for provider in Provider::all().iter().copied() {
            let connect = |url: &str| {
                Connection::new(provider, url, "test", Token::new("t0k3n"))
                    .unwrap()
                    .published_limits()
            };
            assert!(connect("http://127.0.0.1:9/forge/api/v5").is_none());
            assert!(connect("https://forge.example.com/api").is_none());
        }
    }

    #[test]
    fn tokens_never_print() {
        let connection = connect("https://api.example.com/api/v5").unwrap();
        let shown = format!("{connection:?}");
        assert!(!shown.contains("t0k3n"), "{shown}");
        assert_eq!(connection.base(), "https://api.example.com/api/v5");
    }
}
