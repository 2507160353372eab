//! The `--report` document for people: Markdown (`.md`) or one
//! self-contained HTML page (`.html`, inline style, no scripts, every value
//! escaped). Both hold the same parts: a summary card, a row per milestone
//! with before and after, the fields the target could not hold, and the
//! milestones only the target has. `.json` stays the machine's report.

use std::{fmt::Write as _, path::Path};

use crate::{
    pipeline::report::Report,
    redact::{escape_inline, scrub},
};

/// The report's format, from the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Markdown,
    Html,
}

impl ReportFormat {
    /// `.json`, `.md`/`.markdown`, `.html`/`.htm`; anything else is `None`.
    pub fn from_path(path: &Path) -> Option<ReportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(ReportFormat::Json),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "html" | "htm" => Some(ReportFormat::Html),
            _ => None,
        }
    }
}

/// The summary card's rows: label and value.
fn card(report: &Report) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("Source", report.source.clone()),
        ("Target", report.target.clone()),
    ];
    if let Some(stats) = &report.stats {
        rows.push(("When", stats.started_at.clone()));
        rows.push((
            "How long",
            format!("{:.1} s", stats.duration_ms as f64 / 1000.0),
        ));
        rows.push(("Requests", stats.requests.to_string()));
        rows.push(("Retries", stats.retries.to_string()));
        rows.push(("429 waits", stats.rate_limited.to_string()));
    }
    rows.push((
        "Result",
        if report.interrupted {
            format!(
                "stopped by {}: {}",
                report.stopped_by.as_deref().unwrap_or("Ctrl-C"),
                report.summary
            )
        } else if report.dry_run {
            format!(
                "dry run, nothing written ({} planned)",
                report.milestones.len()
            )
        } else {
            report.summary.to_string()
        },
    ));
    rows
}

/// What changed, one `field: before → after` a line.
fn changes_of(entry: &crate::pipeline::report::ReportEntry) -> Vec<String> {
    entry
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.name,
                escape_inline(&c.target),
                escape_inline(&c.wanted)
            )
        })
        .collect()
}

/// Text safe in a Markdown table cell.
pub(crate) fn md(text: &str) -> String {
    let mut out = String::new();
    for c in escape_inline(text).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// The table of a run's milestones, in Markdown.
pub(crate) fn milestones_markdown(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("| Milestone | Source id | Planned | Result | Target id | Before → after |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for entry in &report.milestones {
        let mut after: Vec<String> = changes_of(entry).iter().map(|c| md(c)).collect();
        if let Some(error) = &entry.error {
            after.push(format!("error: {}", md(error)));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&entry.title),
            md(entry.source_location.as_deref().unwrap_or(&entry.source_id)),
            entry.planned,
            entry.result,
            md(entry
                .target_id
                .as_deref()
                .or(entry.slug.as_deref())
                .unwrap_or("")),
            after.join("<br>")
        );
    }
    out
}

/// A report's title: `Migration plan: SOURCE → TARGET` on a dry run,
/// `Migration report: …` after one that wrote.
pub(crate) fn title(dry_run: bool, source: &str, target: &str) -> String {
    let kind = if dry_run {
        "Migration plan"
    } else {
        "Migration report"
    };
    format!("{kind}: {source} → {target}")
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let title = title(report.dry_run, &report.source, &report.target);
    let _ = writeln!(out, "# {}\n", md(&title));
    out.push_str("| | |\n|---|---|\n");
    for (label, value) in card(report) {
        let _ = writeln!(out, "| {label} | {} |", md(&value));
    }
    let _ = writeln!(out, "\n## Milestones\n");
    out.push_str(&milestones_markdown(report));
    if !report.not_carried.is_empty() {
        let _ = writeln!(out, "\n## Fields the target could not hold\n");
        out.push_str("Their values stay in backups (`mileport export`).\n\n");
        out.push_str("| Field | Milestones |\n|---|---|\n");
        for (field, count) in &report.not_carried {
            let _ = writeln!(out, "| {} | {count} |", md(field));
        }
    }
    if !report.only_on_target.is_empty() {
        let _ = writeln!(out, "\n## Only on the target (left alone)\n");
        out.push_str("| Milestone | Target id |\n|---|---|\n");
        for only in &report.only_on_target {
            let _ = writeln!(out, "| {} | {} |", md(&only.title), md(&only.id));
        }
    }
    if !report.duplicates.is_empty() {
        let _ = writeln!(out, "\n## Duplicated on the target\n");
        out.push_str("| Milestone | Kept | Extra copies | Removed |\n|---|---|---|---|\n");
        for duplicate in &report.duplicates {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&duplicate.title),
                md(&duplicate.kept.join(", ")),
                md(&duplicate.extra.join(", ")),
                md(&duplicate.removed.join(", "))
            );
        }
    }
    scrub(&out).into_owned()
}

/// Text safe anywhere in HTML, attributes included.
pub(crate) fn html(text: &str) -> String {
    let mut out = String::new();
    for c in escape_inline(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;\
padding:0 1em;color:#222}h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}\
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f4f4f4}.card th{width:9em}.created,.create{color:#1a7f37}\
.updated,.update{color:#9a6700}.failed{color:#cf222e;font-weight:bold}\
.change{font-family:ui-monospace,monospace;font-size:.9em;white-space:pre-wrap}";

/// The table of a run's milestones, in HTML.
pub(crate) fn milestones_html(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(
        "<table>\n<tr><th>Milestone</th><th>Source id</th>\
                  <th>Planned</th><th>Result</th><th>Target id</th><th>Before → after</th></tr>\n",
    );
    for entry in &report.milestones {
        let mut after: Vec<String> = changes_of(entry).iter().map(|c| html(c)).collect();
        if let Some(error) = &entry.error {
            after.push(format!("error: {}", html(error)));
        }
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"{planned}\">{planned}</td>\
             <td class=\"{result}\">{result}</td><td>{}</td><td class=\"change\">{}</td></tr>",
            html(&entry.title),
            html(entry.source_location.as_deref().unwrap_or(&entry.source_id)),
            html(
                entry
                    .target_id
                    .as_deref()
                    .or(entry.slug.as_deref())
                    .unwrap_or("")
            ),
            after.join("<br>"),
            planned = entry.planned,
            result = entry.result,
        );
    }
    out.push_str("</table>\n");
    out
}

pub fn html_page(report: &Report) -> String {
    let mut out = String::new();
    let title = title(report.dry_run, &report.source, &report.target);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        html(&title),
        html(&title)
    );
    out.push_str("<table class=\"card\">\n");
    for (label, value) in card(report) {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", html(&value));
    }
    out.push_str("</table>\n<h2>Milestones</h2>\n");
    out.push_str(&milestones_html(report));
    if !report.not_carried.is_empty() {
        out.push_str(
            "<h2>Fields the target could not hold</h2>\n<p>Their values stay in backups.</p>\n\
             <table>\n<tr><th>Field</th><th>Milestones</th></tr>\n",
        );
        for (field, count) in &report.not_carried {
            let _ = writeln!(out, "<tr><td>{}</td><td>{count}</td></tr>", html(field));
        }
        out.push_str("</table>\n");
    }
    if !report.only_on_target.is_empty() {
        out.push_str(
            "<h2>Only on the target (left alone)</h2>\n<table>\n\
             <tr><th>Milestone</th><th>Target id</th></tr>\n",
        );
        for only in &report.only_on_target {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                html(&only.title),
                html(&only.id)
            );
        }
        out.push_str("</table>\n");
    }
    if !report.duplicates.is_empty() {
        out.push_str(
            "<h2>Duplicated on the target</h2>\n<table>\n\
             <tr><th>Milestone</th><th>Kept</th><th>Extra copies</th><th>Removed</th></tr>\n",
        );
        for duplicate in &report.duplicates {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&duplicate.title),
                html(&duplicate.kept.join(", ")),
                html(&duplicate.extra.join(", ")),
                html(&duplicate.removed.join(", "))
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    scrub(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_value() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("a\nb\x1b"), "a\\nb\\x1b");
    }

    #[test]
    fn duplicates_and_an_interrupted_run_are_shown() {
        use crate::pipeline::report::{DuplicateEntry, Summary};
        let report = Report {
            source: "gitcode:a/b".into(),
            target: "sourcecraft:c/d".into(),
            dry_run: false,
            stats: None,
            interrupted: true,
            stopped_by: None,
            summary: Summary::default(),
            not_carried: Default::default(),
            milestones: Vec::new(),
            only_on_target: Vec::new(),
            duplicates: vec![DuplicateEntry {
                title: "Beta".into(),
                kept: vec!["beta".into()],
                extra: vec!["beta-2".into(), "beta-3".into()],
                removed: vec!["beta-2".into()],
            }],
        };
        let text = markdown(&report);
        assert!(
            text.contains("| Result | stopped by Ctrl-C: created 0"),
            "{text}"
        );
        assert!(
            text.contains("| Beta | beta | beta-2, beta-3 | beta-2 |"),
            "{text}"
        );
        let page = html_page(&report);
        assert!(page.contains("<td>beta-2, beta-3</td>"), "{page}");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md("a|b\nc <i>"), "a\\|b\\\\nc &lt;i&gt;");
    }
}
