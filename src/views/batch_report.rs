//! The batch report for people, as Markdown or one self-contained HTML
//! page: a summary card with the totals, a row per repository pair, what
//! failed (pairs and milestones), then every milestone of every pair under
//! its pair's heading, as a single run's report shows them.

use std::fmt::Write as _;

use super::report::{STYLE, html, md, milestones_html, milestones_markdown};
use crate::{batch::report::BatchReport, redact::scrub};

/// The summary card's rows: label and value.
fn card(report: &BatchReport) -> Vec<(&'static str, String)> {
    let totals = &report.totals;
    let mut rows = vec![
        ("Source", report.source.clone()),
        ("Target", report.target.clone()),
        ("When", report.started_at.clone()),
        (
            "How long",
            format!("{:.1} s", report.duration_ms as f64 / 1000.0),
        ),
    ];
    let result = if let Some(by) = &report.stopped_by {
        format!("stopped by {by}: {totals}")
    } else if report.interrupted {
        format!("stopped by Ctrl-C: {totals}")
    } else if report.dry_run {
        format!("dry run, nothing written: {totals}")
    } else {
        totals.to_string()
    };
    rows.push(("Result", result));
    rows
}

/// One row per pair: source, target, status, counts, and a note.
fn rows(report: &BatchReport) -> Vec<[String; 9]> {
    report
        .pairs
        .iter()
        .map(|pair| {
            let note = match (&pair.error, &pair.similar) {
                (Some(error), _) => error.clone(),
                (None, Some(similar)) => {
                    format!("the target has `{similar}`, which differs only in letter case")
                }
                (None, None) => String::new(),
            };
            let (created, updated, unchanged) = match pair.planned {
                Some(planned) => (planned.create, planned.update, planned.unchanged),
                None => (
                    pair.summary.created,
                    pair.summary.updated,
                    pair.summary.unchanged,
                ),
            };
            [
                pair.source.clone(),
                pair.target.clone(),
                pair.status.name().to_owned(),
                pair.milestones.to_string(),
                created.to_string(),
                updated.to_string(),
                unchanged.to_string(),
                pair.summary.failed.to_string(),
                note,
            ]
        })
        .collect()
}

/// Milestones that failed, with their pair: (pair, title, error).
fn failed_milestones(report: &BatchReport) -> Vec<(String, String, String)> {
    let mut failed = Vec::new();
    for pair in &report.pairs {
        let Some(inner) = &pair.report else { continue };
        for entry in &inner.milestones {
            if let Some(error) = &entry.error {
                failed.push((
                    format!("{} → {}", pair.source, pair.target),
                    entry.title.clone(),
                    error.clone(),
                ));
            }
        }
    }
    failed
}

fn headers(report: &BatchReport) -> [&'static str; 9] {
    let (create, update) = if report.dry_run {
        ("To create", "To update")
    } else {
        ("Created", "Updated")
    };
    [
        "Source",
        "Target",
        "Status",
        "Milestones",
        create,
        update,
        "Unchanged",
        "Failed",
        "Note",
    ]
}

fn title(report: &BatchReport) -> String {
    super::report::title(report.dry_run, &report.source, &report.target)
}

pub fn markdown(report: &BatchReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&title(report)));
    out.push_str("| | |\n|---|---|\n");
    for (label, value) in card(report) {
        let _ = writeln!(out, "| {label} | {} |", md(&value));
    }
    let _ = writeln!(out, "\n## Repositories\n");
    let _ = writeln!(out, "| {} |", headers(report).join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(9));
    for row in rows(report) {
        let cells: Vec<String> = row.iter().map(|cell| md(cell)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let failed = failed_milestones(report);
    if !failed.is_empty() {
        let _ = writeln!(out, "\n## Failed milestones\n");
        out.push_str("| Repositories | Milestone | Error |\n|---|---|---|\n");
        for (pair, title, error) in failed {
            let _ = writeln!(out, "| {} | {} | {} |", md(&pair), md(&title), md(&error));
        }
    }
    for pair in &report.pairs {
        if let Some(run) = pair
            .report
            .as_ref()
            .filter(|run| !run.milestones.is_empty())
        {
            let _ = writeln!(out, "\n## {} → {}\n", md(&pair.source), md(&pair.target));
            out.push_str(&milestones_markdown(run));
        }
    }
    scrub(&out).into_owned()
}

pub fn html_page(report: &BatchReport) -> String {
    let mut out = String::new();
    let title = html(&title(report));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    out.push_str("<table class=\"card\">\n");
    for (label, value) in card(report) {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", html(&value));
    }
    out.push_str("</table>\n<h2>Repositories</h2>\n<table>\n<tr>");
    for header in headers(report) {
        let _ = write!(out, "<th>{header}</th>");
    }
    out.push_str("</tr>\n");
    for row in rows(report) {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            if column == 2 {
                let _ = write!(out, "<td class=\"{0}\">{0}</td>", html(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", html(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    let failed = failed_milestones(report);
    if !failed.is_empty() {
        out.push_str(
            "<h2>Failed milestones</h2>\n<table>\n\
             <tr><th>Repositories</th><th>Milestone</th><th>Error</th></tr>\n",
        );
        for (pair, title, error) in failed {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"failed\">{}</td></tr>",
                html(&pair),
                html(&title),
                html(&error)
            );
        }
        out.push_str("</table>\n");
    }
    for pair in &report.pairs {
        if let Some(run) = pair
            .report
            .as_ref()
            .filter(|run| !run.milestones.is_empty())
        {
            let _ = writeln!(
                out,
                "<h2>{} → {}</h2>",
                html(&pair.source),
                html(&pair.target)
            );
            out.push_str(&milestones_html(run));
        }
    }
    out.push_str("</body>\n</html>\n");
    scrub(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::report::{PairEntry, PairStatus};

    #[test]
    fn every_pair_is_a_row_and_values_are_escaped() {
        let mut failed = PairEntry::without_run(
            "gitcode:a/<b>".into(),
            "sourcecraft:a/b".into(),
            PairStatus::Failed,
        );
        failed.error = Some("404 | not found".into());
        let mut missing =
            PairEntry::without_run("gitcode:a/Docs".into(), String::new(), PairStatus::Missing);
        missing.similar = Some("docs".into());
        let report = BatchReport::new(
            "gitcode:a".into(),
            "sourcecraft:a".into(),
            false,
            "2026-11-29T08:00:00Z".into(),
            1500,
            vec![failed, missing],
        );
        let text = markdown(&report);
        assert!(text.contains("| 404 \\| not found |"), "{text}");
        assert!(text.contains("gitcode:a/&lt;b&gt;"), "{text}");
        assert!(text.contains("differs only in letter case"), "{text}");
        let page = html_page(&report);
        assert!(page.contains("<td class=\"failed\">failed</td>"), "{page}");
        assert!(
            page.contains("<td class=\"missing\">missing</td>"),
            "{page}"
        );
        assert!(!page.contains("<b>"), "{page}");
    }

    #[test]
    fn every_milestone_of_every_pair_is_listed_under_its_pair() {
        use crate::pipeline::report::{Report, ReportEntry, Summary};
        let entry = ReportEntry {
            source_id: "7".into(),
            source_location: None,
            title: "<script>x</script>".into(),
            planned: "create",
            result: "created",
            target_id: Some("42".into()),
            slug: None,
            changes: Vec::new(),
            error: None,
        };
        let mut done = PairEntry::without_run(
            "gitcode:a/site".into(),
            "github:a/site".into(),
            PairStatus::Done,
        );
        done.report = Some(Report {
            source: "gitcode:a/site".into(),
            target: "github:a/site".into(),
            dry_run: false,
            stats: None,
            interrupted: false,
            stopped_by: None,
            summary: Summary::default(),
            not_carried: Default::default(),
            milestones: vec![entry],
            only_on_target: Vec::new(),
            duplicates: Vec::new(),
        });
        let report = BatchReport::new(
            "gitcode:a".into(),
            "github:a".into(),
            false,
            "2026-11-29T08:00:00Z".into(),
            10,
            vec![done],
        );
        let text = markdown(&report);
        assert!(text.contains("## gitcode:a/site → github:a/site"), "{text}");
        assert!(
            text.contains("| &lt;script&gt;x&lt;/script&gt; | 7 | create | created | 42 |"),
            "{text}"
        );
        let page = html_page(&report);
        assert!(
            page.contains("<h2>gitcode:a/site → github:a/site</h2>"),
            "{page}"
        );
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }
}
