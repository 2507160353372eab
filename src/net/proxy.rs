//! Which proxy a request to a provider goes through: the one named by
//! `HTTPS_PROXY` (for https), `HTTP_PROXY` (for http) or `ALL_PROXY`, in
//! capitals or not, as curl reads them, unless `NO_PROXY` names the host.
//! A loopback address never goes through a proxy: a plain-http request to
//! it would hand the token to the proxy unencrypted. The HTTP client and
//! the error messages ask the same question here, so that a failure names
//! the proxy really used, as `host:port`, never with its credentials.

use std::net::IpAddr;

use url::Url;

/// A proxy a request goes through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The variable that named it.
    pub var: &'static str,
    /// Where it is, credentials included: for the client alone.
    url: Url,
}

impl Route {
    /// The proxy as it may be shown: `host:port`.
    pub fn shown(&self) -> String {
        let host = self.url.host_str().unwrap_or("?");
        match self.url.port_or_known_default() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }
}

/// The proxy variables of the environment, read once.
#[derive(Clone, Debug, Default)]
pub struct ProxySettings {
    http: Option<Route>,
    https: Option<Route>,
    /// `NO_PROXY`'s entries, in lower case.
    bypass: Vec<String>,
}

impl ProxySettings {
    pub fn from_env() -> ProxySettings {
        ProxySettings::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings `var` gives (a variable's value by name).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> ProxySettings {
        let first = |names: [&'static str; 2]| {
            names.into_iter().find_map(|name| {
                let value = var(name).filter(|value| !value.trim().is_empty())?;
                Some((name, value.trim().to_owned()))
            })
        };
        let proxy = |names| first(names).and_then(|(name, value)| route(name, &value));
        let all = proxy(["ALL_PROXY", "all_proxy"]);
        ProxySettings {
            http: proxy(["HTTP_PROXY", "http_proxy"]).or_else(|| all.clone()),
            https: proxy(["HTTPS_PROXY", "https_proxy"]).or(all),
            bypass: first(["NO_PROXY", "no_proxy"])
                .map(|(_, list)| {
                    list.split(',')
                        .map(|entry| entry.trim().to_ascii_lowercase())
                        .filter(|entry| !entry.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The proxy a request to `target` goes through, if any.
    pub fn route(&self, target: &Url) -> Option<&Route> {
        let host = target.host_str()?;
        if crate::net::connection::is_loopback(host) || self.bypassed(host) {
            return None;
        }
        match target.scheme() {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        }
    }

    /// The client's proxy: these settings, asked for every request.
    pub fn into_proxy(self) -> reqwest::Proxy {
        reqwest::Proxy::custom(move |target| self.route(target).map(|route| route.url.clone()))
    }

    fn bypassed(&self, host: &str) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.bypass.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            match ip {
                Some(ip) => in_network(ip, entry),
                None => {
                    let domain = entry.trim_start_matches('.');
                    host == domain || host.ends_with(&format!(".{domain}"))
                }
            }
        })
    }
}

/// A proxy from a variable's value; a value without a scheme is an http
/// proxy, as curl takes it. Its password is registered as a secret.
fn route(var: &'static str, value: &str) -> Option<Route> {
    let url = Url::parse(value)
        .ok()
        .filter(|url| url.has_host())
        .or_else(|| Url::parse(&format!("http://{value}")).ok())?;
    if let Some(password) = url.password() {
        crate::redact::register_secret(password);
    }
    Some(Route { var, url })
}

/// Whether `ip` is the address, or in the network (`10.0.0.0/8`), `entry`.
fn in_network(ip: IpAddr, entry: &str) -> bool {
    let (address, bits) = entry.split_once('/').unwrap_or((entry, ""));
    let Ok(network) = address.trim_matches(['[', ']']).parse::<IpAddr>() else {
        return false;
    };
    let bits: Option<u32> = if bits.is_empty() {
        None
    } else {
        bits.parse().ok()
    };
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> ProxySettings {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ProxySettings::from_vars(move |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    fn shown(settings: &ProxySettings, target: &str) -> Option<String> {
        let route = settings.route(&Url::parse(target).unwrap())?;
        Some(format!("{} {}", route.var, route.shown()))
    }

    #[test]
    fn loopback_never_goes_through_a_proxy() {
        let all = settings(&[
            ("HTTP_PROXY", "http://proxy:3128"),
            ("HTTPS_PROXY", "http://proxy:3128"),
        ]);
        for target in [
            "http://127.0.0.1:8080/x",
            "http://localhost:1/x",
            "http://[::1]:9/x",
            "https://127.0.0.2/x",
        ] {
            assert_eq!(shown(&all, target), None, "{target}");
        }
        assert_eq!(
            shown(&all, "https://api.gitcode.com/api/v5").as_deref(),
            Some("HTTPS_PROXY proxy:3128")
        );
    }

    #[test]
    fn reads_the_variables_as_curl_does() {
        let lower = settings(&[
            ("https_proxy", "proxy.corp:8080"),
            ("ALL_PROXY", "http://all:1"),
        ]);
        assert_eq!(
            shown(&lower, "https://api.github.com").as_deref(),
            Some("https_proxy proxy.corp:8080")
        );
        let all = settings(&[("ALL_PROXY", "http://u:pw@all:1")]);
        assert_eq!(
            shown(&all, "https://api.github.com").as_deref(),
            Some("ALL_PROXY all:1")
        );
        assert_eq!(shown(&settings(&[]), "https://api.github.com"), None);
    }

    #[test]
    fn no_proxy_names_hosts_domains_and_networks() {
        let bypass = settings(&[
            ("HTTPS_PROXY", "http://proxy:3128"),
            (
                "NO_PROXY",
                ".corp.example, gitcode.com,10.0.0.0/8, 192.168.1.7",
            ),
        ]);
        let routed = |target: &str| shown(&bypass, target).is_some();
        assert!(!routed("https://git.corp.example/x"));
        assert!(!routed("https://api.gitcode.com/x"));
        assert!(!routed("https://gitcode.com/x"));
        assert!(routed("https://notgitcode.com/x"));
        assert!(!routed("https://10.1.2.3/x"));
        assert!(!routed("https://192.168.1.7/x"));
        assert!(routed("https://192.168.1.8/x"));
        let star = settings(&[("HTTPS_PROXY", "http://proxy:3128"), ("no_proxy", "*")]);
        assert_eq!(shown(&star, "https://api.github.com"), None);
    }
}
