//! What mileport must never show as it came: secrets and control
//! characters. Every token the run holds is registered here once, and every
//! string printed or written passes through `clean` (or `scrub` for files),
//! so a server that echoes a token back, or a title carrying `\x1b[2J`,
//! cannot leak the token or take over the terminal.

use std::{
    borrow::Cow,
    sync::{OnceLock, RwLock},
};

/// Shorter values are not worth hiding and would mangle ordinary text.
const MIN_SECRET_LEN: usize = 4;

fn secrets() -> &'static RwLock<Vec<String>> {
    static SECRETS: OnceLock<RwLock<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| RwLock::new(Vec::new()))
}

/// Remembers a secret (a token, a URL password) so that `scrub` hides it,
/// in its raw form and in the forms a URL or a form body would carry.
pub fn register_secret(secret: &str) {
    let secret = secret.trim();
    if secret.len() < MIN_SECRET_LEN {
        return;
    }
    let mut forms = vec![secret.to_owned()];
    let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    forms.push(encoded.clone());
    forms.push(encoded.replace('+', "%20"));
    let mut known = secrets().write().unwrap_or_else(|e| e.into_inner());
    for form in forms {
        if !known.contains(&form) {
            known.push(form);
        }
    }
    // Longest first, so a secret that contains another is hidden whole.
    known.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// Query parameters whose values are credentials, in any URL shown
/// (`?access_token=…`, `&private_token=…`, `&token=…`), whatever provider
/// the URL is of and whether or not the value was registered.
const SECRET_PARAMS: [&str; 3] = ["access_token", "private_token", "token"];

/// What the value of a query parameter ends at in running text.
fn ends_value(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '&' | '#' | '"' | '\'' | '<' | '>' | ')' | ']' | '`' | '\\'
        )
}

/// The text with the value of every [`SECRET_PARAMS`] query parameter
/// replaced by `[REDACTED]`.
fn scrub_params(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !SECRET_PARAMS
        .iter()
        .any(|name| lower.contains(&format!("{name}=")))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let rest = &lower[at..];
        let found = SECRET_PARAMS
            .iter()
            .flat_map(|name| {
                ['?', '&', ';'].into_iter().filter_map(move |lead| {
                    rest.find(&format!("{lead}{name}="))
                        .map(|i| (i, i + 1 + name.len() + 1))
                })
            })
            .min();
        let Some((_, value_start)) = found else {
            out.push_str(&text[at..]);
            break;
        };
        let value_start = at + value_start;
        out.push_str(&text[at..value_start]);
        let value_len = text[value_start..]
            .find(ends_value)
            .unwrap_or(text.len() - value_start);
        if value_len > 0 {
            out.push_str("[REDACTED]");
        }
        at = value_start + value_len;
    }
    Cow::Owned(out)
}

/// The text with every registered secret, and the value of every query
/// parameter that carries a credential, replaced by `[REDACTED]`.
pub fn scrub(text: &str) -> Cow<'_, str> {
    match scrub_params(text) {
        Cow::Borrowed(text) => scrub_secrets(text),
        Cow::Owned(text) => Cow::Owned(scrub_secrets(&text).into_owned()),
    }
}

/// The text with every registered secret replaced by `[REDACTED]`.
fn scrub_secrets(text: &str) -> Cow<'_, str> {
    let known = secrets().read().unwrap_or_else(|e| e.into_inner());
    if !known.iter().any(|secret| text.contains(secret.as_str())) {
        return Cow::Borrowed(text);
    }
    let mut owned = text.to_owned();
    for secret in known.iter() {
        if owned.contains(secret.as_str()) {
            owned = owned.replace(secret.as_str(), "[REDACTED]");
        }
    }
    Cow::Owned(owned)
}

/// Control characters shown as escapes (`\x1b`, `\u{7}`…), except line
/// breaks and tabs, which multi-line text keeps.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// Control characters shown as escapes, line breaks and tabs included: for
/// values shown on one line (a title in a table, a field in a message).
pub fn escape_inline(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_control(c) && !keep(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls, DEL, and the bidirectional overrides that can make
/// text read differently from what it is.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What every line shown to a person goes through: secrets hidden, control
/// characters escaped (line breaks and tabs kept).
pub fn clean(text: &str) -> String {
    escape_controls(&scrub(text)).into_owned()
}

/// Makes a panic's message go through [`clean`] like every other line: a
/// panic that carried a URL (a token in its query) or a server's words
/// shows neither the secret nor raw control characters. The backtrace, when
/// `RUST_BACKTRACE` asks for one, is cleaned too.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let backtrace = std::backtrace::Backtrace::capture();
        let shown = match backtrace.status() {
            std::backtrace::BacktraceStatus::Captured => format!("{info}\n{backtrace}"),
            _ => info.to_string(),
        };
        eprintln!("mileport: internal error, {}", clean(&shown));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_secrets_in_every_form() {
        register_secret("s3cr+t/tok");
        assert_eq!(scrub("echo s3cr+t/tok"), "echo [REDACTED]");
        assert_eq!(
            scrub("?access_token=s3cr%2Bt%2Ftok&x"),
            "?access_token=[REDACTED]&x"
        );
        assert_eq!(scrub("nothing here"), "nothing here");
        register_secret("ab"); // too short to hide
        assert_eq!(scrub("about"), "about");
    }

    #[test]
    fn hides_credentials_in_any_url_query() {
        assert_eq!(
            scrub("GET https://h/api?access_token=unknown-1&page=2 failed"),
            "GET https://h/api?access_token=[REDACTED]&page=2 failed"
        );
        assert_eq!(
            scrub("\"url\":\"/x?page=1&PRIVATE_TOKEN=abc\"}"),
            "\"url\":\"/x?page=1&PRIVATE_TOKEN=[REDACTED]\"}"
        );
        assert_eq!(scrub("/x?token=t0k#f"), "/x?token=[REDACTED]#f");
        assert_eq!(scrub("a token=word stays"), "a token=word stays");
        assert_eq!(scrub("/x?my_token=v"), "/x?my_token=v");
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(escape_controls("a\x1b[2Jb\u{7}"), "a\\x1b[2Jb\\x07");
        assert_eq!(escape_controls("line\nnext\tcol"), "line\nnext\tcol");
        assert_eq!(escape_inline("line\nnext"), "line\\nnext");
        assert_eq!(escape_inline("nul\0"), "nul\\x00");
        assert_eq!(escape_inline("rtl\u{202e}x"), "rtl\\u{202e}x");
        assert_eq!(escape_inline("Релиз 你好 🎉"), "Релиз 你好 🎉");
    }
}
