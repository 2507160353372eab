//! Gitea's own quirks in the sandbox: the instance's page cap
//! (`max_response_items`), whether listings carry a `Link` header (Forgejo
//! does, not every Gitea version), the server's timezone `due_on` is shown
//! in, "no due date" shown as year 9999, label colours with their `#`
//! (older versions), and the `mileport sandbox` flags that set them.

use chrono::FixedOffset;

use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

/// Gitea's default `[api] MAX_RESPONSE_ITEMS`.
pub const DEFAULT_PAGE_CAP: usize = 50;

/// The quirks only the Gitea side shows.
#[derive(Clone, Debug, PartialEq)]
pub struct GiteaFaults {
    /// The most items a page holds (`max_response_items`), whatever
    /// `limit` asks.
    pub page_cap: usize,
    /// Listings leave out the `Link` header.
    pub no_link: bool,
    /// The server's timezone, which `due_on` (and every time) is shown in.
    pub timezone: FixedOffset,
    /// "No due date" is shown as 9999-12-31T23:59:59 in the server's
    /// timezone instead of being left out.
    pub year_9999: bool,
    /// Label colours are answered with their `#`, as older versions do.
    pub label_colors_with_hash: bool,
}

impl Default for GiteaFaults {
    fn default() -> Self {
        GiteaFaults {
            page_cap: DEFAULT_PAGE_CAP,
            no_link: false,
            timezone: utc(),
            year_9999: false,
            label_colors_with_hash: false,
        }
    }
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("UTC is a valid offset"))
}

/// Reads `+HH:MM` / `-HH:MM` (or `Z`) as an offset.
pub fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    if text == "Z" || text == "z" {
        return Ok(utc());
    }
    let bad = || format!("{text:?} is not an offset: write +HH:MM or -HH:MM (e.g. +08:00)");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let (hours, minutes) = rest.split_once(':').ok_or_else(bad)?;
    let hours: i32 = hours.parse().map_err(|_| bad())?;
    let minutes: i32 = minutes.parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// The `mileport sandbox` flags of Gitea's quirks.
#[derive(Debug, clap::Args)]
pub struct GiteaSandboxArgs {
    /// The most items a Gitea page holds (its max_response_items, answered
    /// by /settings/api)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PAGE_CAP)]
    pub gitea_page_cap: usize,

    /// Gitea listings leave out the Link header, as some Gitea versions do
    #[arg(long)]
    pub gitea_no_link: bool,

    /// The Gitea server's timezone, which due dates are shown in
    #[arg(long, value_name = "+HH:MM", default_value = "+00:00", value_parser = parse_offset)]
    pub gitea_timezone: FixedOffset,

    /// Gitea shows "no due date" as 9999-12-31T23:59:59 in its timezone, as
    /// some versions do, instead of leaving due_on out
    #[arg(long)]
    pub gitea_year_9999: bool,

    /// Gitea answers label colours with their `#`, as older versions do
    #[arg(long)]
    pub gitea_label_colors_with_hash: bool,
}

impl OwnFlags for GiteaSandboxArgs {
    type Faults = GiteaFaults;

    fn faults(&self) -> GiteaFaults {
        GiteaFaults {
            page_cap: self.gitea_page_cap.max(1),
            no_link: self.gitea_no_link,
            timezone: self.gitea_timezone,
            year_9999: self.gitea_year_9999,
            label_colors_with_hash: self.gitea_label_colors_with_hash,
        }
    }
}

impl Faults {
    /// Gitea's own quirks.
    pub fn gitea(&self) -> GiteaFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with Gitea's own set to `faults`.
    pub fn with_gitea(mut self, faults: GiteaFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_written() {
        assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(
            parse_offset("-05:30").unwrap().local_minus_utc(),
            -(5 * 3600 + 1800)
        );
        assert_eq!(parse_offset("Z").unwrap().local_minus_utc(), 0);
        for bad in ["8", "+8", "+25:00", "x", ""] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }
}
