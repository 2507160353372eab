//! The `--report` page for people, as Markdown or one self-contained HTML
//! page, of a run of one repository or many: a card with what the run was
//! and cost (requests, retries, waits) and its counts, then what failed,
//! then the repositories missing on the target, then (for a batch) a row
//! per pair, then every milestone planned or done, under its pair's
//! heading in a batch.

use super::{
    page::{self, Cell, Page, Section},
    report::{findings, milestones, title},
};
use crate::batch::report::{BatchReport, PairEntry, PairStatus};

/// The card's rows: label and value.
fn card(report: &BatchReport) -> Vec<(&'static str, String)> {
    let stats = &report.stats;
    let counts = match (report.is_single(), report.pairs.first()) {
        (true, Some(pair)) => pair_counts(pair),
        _ => report.totals.to_string(),
    };
    let result = match (&report.stopped_by, report.interrupted) {
        (Some(by), true) => format!("stopped by {by}: {counts}"),
        (None, true) => format!("stopped by Ctrl-C: {counts}"),
        (Some(why), false) => format!("stopped: {why}; {counts}"),
        (None, false) if report.dry_run => format!("dry run, nothing written: {counts}"),
        (None, false) => counts,
    };
    vec![
        ("Source", report.source.clone()),
        ("Target", report.target.clone()),
        ("When", stats.started_at.clone()),
        (
            "How long",
            format!("{:.1} s", stats.duration_ms as f64 / 1000.0),
        ),
        ("Requests", stats.requests.to_string()),
        ("Retries", stats.retries.to_string()),
        ("429 waits", stats.rate_limited.to_string()),
        ("Result", result),
    ]
}

/// One pair's counts: planned on a dry run, else what became of them.
fn pair_counts(pair: &PairEntry) -> String {
    match pair.planned {
        Some(planned) => format!(
            "{} to create, {} to update, {} unchanged",
            planned.create, planned.update, planned.unchanged
        ),
        None => pair.summary.to_string(),
    }
}

/// Every failure, first: the pairs' and the milestones'.
fn failures(report: &BatchReport) -> Option<Section> {
    if report.failures.is_empty() {
        return None;
    }
    let single = report.is_single();
    let rows = report
        .failures
        .iter()
        .map(|failure| {
            let mut row = Vec::new();
            if !single {
                row.push(Cell::text(format!(
                    "{} → {}",
                    failure.source, failure.target
                )));
            }
            row.push(Cell::text(
                failure.title.as_deref().unwrap_or("(the whole repository)"),
            ));
            row.push(Cell::text(failure.source_id.as_deref().unwrap_or("")));
            row.push(Cell {
                class: Some("failed".to_owned()),
                ..Cell::text(failure.failure.message.clone())
            });
            row
        })
        .collect();
    let mut headers = vec!["Milestone", "Source id", "Error"];
    if !single {
        headers.insert(0, "Repositories");
    }
    Some(Section {
        heading: "Failures".to_owned(),
        level: 2,
        headers,
        rows,
        ..Section::default()
    })
}

/// The source repositories whose target is missing: skipped, or the
/// reason the run refused to start.
fn missing(report: &BatchReport) -> Option<Section> {
    let rows: Vec<Vec<Cell>> = report
        .pairs
        .iter()
        .filter(|pair| pair.status == PairStatus::Missing)
        .map(|pair| {
            let note = match &pair.similar {
                Some(similar) => {
                    format!("it has `{similar}`, which differs only in letter case")
                }
                None => "no repository of this name".to_owned(),
            };
            vec![
                Cell::text(&pair.source),
                Cell::text(&pair.target),
                Cell::text(note),
            ]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let note = match report.totals.not_started_pairs {
        0 => "Skipped (--skip-missing): mileport never creates a repository.",
        _ => {
            "The run refused to start and wrote nothing: create these repositories, or give --skip-missing to migrate the others."
        }
    };
    Some(Section {
        heading: "Missing on the target".to_owned(),
        level: 2,
        note: Some(note),
        headers: vec!["Source", "Target", "Note"],
        rows,
    })
}

/// A batch's row per pair: source, target, status and counts.
fn repositories(report: &BatchReport) -> Section {
    let (create, update) = match report.dry_run {
        true => ("To create", "To update"),
        false => ("Created", "Updated"),
    };
    let rows = report
        .pairs
        .iter()
        .map(|pair| {
            let (created, updated, unchanged) = match pair.planned {
                Some(planned) => (planned.create, planned.update, planned.unchanged),
                None => (
                    pair.summary.created,
                    pair.summary.updated,
                    pair.summary.unchanged,
                ),
            };
            let counts = [
                pair.milestones,
                created,
                updated,
                unchanged,
                pair.summary.failed,
                pair.summary.not_started,
            ];
            let mut row = vec![
                Cell::text(&pair.source),
                Cell::text(&pair.target),
                Cell::status(pair.status.name()),
            ];
            row.extend(counts.iter().map(|n| Cell::text(n.to_string())));
            row
        })
        .collect();
    Section {
        heading: "Repositories".to_owned(),
        level: 2,
        headers: vec![
            "Source",
            "Target",
            "Status",
            "Milestones",
            create,
            update,
            "Unchanged",
            "Failed",
            "Not started",
        ],
        rows,
        ..Section::default()
    }
}

/// The page: card, failures, missing repositories, the pairs, and every
/// milestone planned or done.
pub fn page(report: &BatchReport) -> Page {
    let single = report.is_single();
    let mut sections: Vec<Section> = failures(report).into_iter().collect();
    sections.extend(missing(report));
    if !single {
        sections.push(repositories(report));
    }
    for pair in &report.pairs {
        let Some(run) = pair.report.as_ref().filter(|r| !r.milestones.is_empty()) else {
            continue;
        };
        // A batch's findings sit under their pair's heading.
        let (heading, level) = match single {
            true => ("Milestones".to_owned(), 2),
            false => (format!("{} → {}", pair.source, pair.target), 3),
        };
        sections.push(milestones(run, heading));
        sections.extend(findings(run, level));
    }
    Page {
        title: title(report.dry_run, &report.source, &report.target),
        card: card(report),
        sections,
    }
}

pub fn markdown(report: &BatchReport) -> String {
    page::markdown(&page(report))
}

pub fn html_page(report: &BatchReport) -> String {
    page::html_page(&page(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::report::{Report, ReportEntry, Summary};

    #[test]
    fn every_pair_is_a_row_and_values_are_escaped() {
        let mut failed = PairEntry::without_run(
            "gitcode:a/<b>".into(),
            "sourcecraft:a/b".into(),
            PairStatus::Failed,
        );
        failed.error = Some(crate::pipeline::report::Failure::message("404 | not found"));
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
        let failures_at = text.find("## Failures").unwrap_or(usize::MAX);
        assert!(
            failures_at < text.find("## Repositories").unwrap_or(0),
            "{text}"
        );
        let page = html_page(&report);
        assert!(page.contains("<td class=\"failed\">failed</td>"), "{page}");
        assert!(
            page.contains("<td class=\"missing\">missing</td>"),
            "{page}"
        );
        assert!(!page.contains("<b>"), "{page}");
    }

    fn run_of(source: &str, target: &str, entry: ReportEntry) -> Report {
        Report {
            source: source.into(),
            target: target.into(),
            dry_run: false,
            stats: None,
            interrupted: false,
            stopped_by: None,
            summary: Summary::default(),
            not_carried: Default::default(),
            milestones: vec![entry],
            only_on_target: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    fn entry(title: &str, result: &'static str) -> ReportEntry {
        ReportEntry {
            source_id: "7".into(),
            source_location: None,
            title: title.into(),
            planned: "create",
            result,
            target_id: Some("42".into()),
            slug: None,
            changes: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn every_milestone_of_every_pair_is_listed_under_its_pair() {
        let run = run_of(
            "gitcode:a/site",
            "github:a/site",
            entry("<script>x</script>", "created"),
        );
        let done = PairEntry::of_run(run, PairStatus::Done, None, true, None, true);
        let other =
            PairEntry::without_run("gitcode:a/x".into(), "github:a/x".into(), PairStatus::Done);
        let report = BatchReport::new(
            "gitcode:a".into(),
            "github:a".into(),
            false,
            "2026-11-29T08:00:00Z".into(),
            10,
            vec![done, other],
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
        assert!(!page.contains("<script>"), "{page}");
    }

    #[test]
    fn a_stopped_run_shows_duplicates_what_was_not_started_and_changed_words() {
        use crate::{mapping::FieldChange, pipeline::report::DuplicateEntry};
        let old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        let mut changed = entry("Beta", "not started");
        changed.planned = "update";
        changed.changes = vec![FieldChange {
            field: crate::mapping::Field::Description,
            name: "description",
            target: old.into(),
            wanted: old.replace("eight", "EIGHT"),
        }];
        let mut run = run_of("gitcode:a/b", "sourcecraft:c/d", changed);
        run.interrupted = true;
        run.stopped_by = Some("SIGTERM".into());
        run.summary.not_started = 1;
        run.duplicates = vec![DuplicateEntry {
            title: "Beta".into(),
            kept: vec!["beta".into()],
            extra: vec!["beta-2".into(), "beta-3".into()],
            removed: vec!["beta-2".into()],
        }];
        let one = PairEntry::of_run(run, PairStatus::Stopped, None, true, None, true);
        let report = BatchReport::of_one(one);
        assert!(report.is_single() && report.interrupted);
        let text = markdown(&report);
        assert!(
            text.contains("| Result | stopped by SIGTERM: created 0, updated 0, unchanged 0, failed 0, not started 1 |"),
            "{text}"
        );
        assert!(
            text.contains("description: … three four five six seven ~~eight~~ **EIGHT** nine ten eleven twelve thirteen …"),
            "{text}"
        );
        assert!(
            text.contains("| Beta | beta | beta-2, beta-3 | beta-2 |"),
            "{text}"
        );
        assert!(!text.contains("## Repositories"), "{text}");
        let page = html_page(&report);
        assert!(page.contains("<del>eight</del> <ins>EIGHT</ins>"), "{page}");
    }
}
