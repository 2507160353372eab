//! Rate limits as providers publish them: at most N requests in each of a
//! few windows (GitCode: 50 a minute and 4000 an hour per token), written
//! on the command line as `50/min,4000/h`. The pacer keeps every window of
//! time of such a length under its count, and a plan can say how long its
//! requests will take within them.

use std::{fmt, str::FromStr, time::Duration};

/// At most `requests` requests in any `length` of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub requests: u32,
    pub length: Duration,
}

/// Up to four windows; all of them hold at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimits {
    windows: [Option<Window>; 4],
}

impl RateLimits {
    pub fn windows(&self) -> impl Iterator<Item = Window> + '_ {
        self.windows.iter().flatten().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.windows().next().is_none()
    }

    /// The shortest window: how long a provider that said "too many
    /// requests" without saying how long to wait needs at most to forget them.
    pub fn shortest(&self) -> Option<Duration> {
        self.windows().map(|w| w.length).min()
    }

    /// How many requests fit in an hour under every window.
    pub fn hourly_budget(&self) -> Option<u64> {
        self.windows()
            .map(|w| {
                let per_hour = 3600.0 / w.length.as_secs_f64() * f64::from(w.requests);
                per_hour.floor() as u64
            })
            .min()
    }

    /// How long `requests` requests take at best under every window.
    pub fn time_for(&self, requests: u64) -> Duration {
        self.windows()
            .map(|w| {
                let full_windows = requests.saturating_sub(1) / u64::from(w.requests.max(1));
                w.length
                    .saturating_mul(u32::try_from(full_windows).unwrap_or(u32::MAX))
            })
            .max()
            .unwrap_or_default()
    }
}

/// One fixed window, such as `50/min` or `5/2s`.
pub fn one_window(raw: &str) -> Result<Window, String> {
    let limits: RateLimits = raw.parse()?;
    let mut windows = limits.windows();
    match (windows.next(), windows.next()) {
        (Some(window), None) => Ok(window),
        _ => Err(format!("`{raw}` must be one window, such as 50/min")),
    }
}

impl FromStr for RateLimits {
    type Err = String;

    /// `N/UNIT` pairs separated by commas; UNIT is `s`, `min` or `h`, with
    /// an optional count (`5/2s`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut limits = RateLimits::default();
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        if parts.len() > limits.windows.len() {
            return Err(format!(
                "`{text}` has more than {} limits",
                limits.windows.len()
            ));
        }
        for (slot, part) in limits.windows.iter_mut().zip(parts) {
            *slot = Some(window(part)?);
        }
        Ok(limits)
    }
}

fn window(part: &str) -> Result<Window, String> {
    let usage = || {
        format!(
            "`{part}` is not a rate: write N/min, N/h or N/s (several with commas, e.g. 50/min,4000/h)"
        )
    };
    let (count, unit) = part.split_once('/').ok_or_else(usage)?;
    let requests: u32 = count.trim().parse().map_err(|_| usage())?;
    let unit = unit.trim();
    let digits = unit.chars().take_while(char::is_ascii_digit).count();
    let times: u32 = if digits == 0 {
        1
    } else {
        unit[..digits].parse().map_err(|_| usage())?
    };
    let seconds: u64 = match &unit[digits..] {
        "s" | "sec" => 1,
        "m" | "min" => 60,
        "h" | "hour" => 3600,
        _ => return Err(usage()),
    };
    if requests == 0 || times == 0 {
        return Err(usage());
    }
    Ok(Window {
        requests,
        length: Duration::from_secs(seconds * u64::from(times)),
    })
}

impl fmt::Display for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: Vec<String> = self
            .windows()
            .map(|w| format!("{}/{}", w.requests, unit(w.length)))
            .collect();
        f.write_str(&shown.join(", "))
    }
}

/// A window's length as a rate's unit: `s`, `min`, `h`, or `2s`.
fn unit(length: Duration) -> String {
    match length.as_secs() {
        1 => "s".to_owned(),
        60 => "min".to_owned(),
        3600 => "h".to_owned(),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}min", s / 60),
        s => format!("{s}s"),
    }
}

/// A duration as people say it: `45 s`, `15 min`, `4 h`, `1 h 30 min`, `1 d`.
pub fn human(duration: Duration) -> String {
    match duration.as_secs() {
        s if s < 120 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s.div_ceil(60)),
        s if s < 86_400 && s % 3600 == 0 => format!("{} h", s / 3600),
        s if s < 86_400 => format!("{} h {} min", s / 3600, (s % 3600).div_ceil(60)),
        s if (s % 86_400) / 3600 == 0 => format!("{} d", s / 86_400),
        s => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_published_limits() {
        let limits: RateLimits = "50/min,4000/h".parse().unwrap();
        assert_eq!(limits.to_string(), "50/min, 4000/h");
        assert_eq!(limits.hourly_budget(), Some(3000));
        assert_eq!(limits.shortest(), Some(Duration::from_secs(60)));
        let short: RateLimits = "5/2s".parse().unwrap();
        assert_eq!(short.shortest(), Some(Duration::from_secs(2)));
        for bad in ["", "50", "50/day", "0/min", "x/min", "1/s,2/s,3/s,4/s,5/s"] {
            assert!(bad.parse::<RateLimits>().is_err(), "{bad}");
        }
        assert_eq!(human(Duration::from_secs(4 * 3600)), "4 h");
        assert_eq!(human(Duration::from_secs(60)), "60 s");
        assert_eq!(human(Duration::from_secs(900)), "15 min");
        assert_eq!(human(Duration::from_secs(3600)), "1 h");
        assert_eq!(
            "5/2s,3/2h".parse::<RateLimits>().unwrap().to_string(),
            "5/2s, 3/2h"
        );
        assert_eq!(human(Duration::from_secs(3600 + 90)), "1 h 2 min");
        assert_eq!(human(Duration::from_secs(86_400)), "1 d");
        // 6000 requests at 50 a minute: 119 full minutes of waiting.
        assert_eq!(limits.time_for(6000), Duration::from_secs(119 * 60));
    }
}
