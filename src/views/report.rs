//! The parts of a `--report` page that show one pair's run: a row per
//! milestone with what the plan said, what became of it and what changed
//! (the changed words of a long value, not two whole texts), the fields
//! the target could not hold, the milestones only the target has, and the
//! copies found after writing. `batch_report.rs` puts them on the page;
//! `.json` stays the machine's report.

use std::path::Path;

use super::{
    changes::display_width,
    changes::{Piece, changed_words},
    page::{Cell, Section, Span},
};
use crate::{
    mapping::FieldChange,
    pipeline::report::{Report, ReportEntry},
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

/// Values longer than this show only their changed words.
const LONG: usize = 60;

/// Unchanged words kept on either side of a change in a long value.
const CONTEXT_WORDS: usize = 5;

/// One change: `field: before → after`, or for a long value the changed
/// words marked within a few words of their context.
fn change_spans(change: &FieldChange) -> Vec<Span> {
    let (old, new) = (&change.target, &change.wanted);
    if display_width(old) <= LONG && display_width(new) <= LONG {
        return vec![Span::Text(format!("{}: {old} → {new}", change.name))];
    }
    let mut spans = vec![Span::Text(format!("{}: ", change.name))];
    for piece in changed_words(old, new, CONTEXT_WORDS) {
        match piece {
            Piece::Same(text) => spans.push(Span::Text(text)),
            Piece::Removed(text) => spans.push(Span::Removed(text)),
            Piece::Added(text) => {
                // Words replaced: a space between the old and the new.
                if matches!(spans.last(), Some(Span::Removed(_))) {
                    spans.push(Span::Text(" ".to_owned()));
                }
                spans.push(Span::Added(text));
            }
        }
    }
    spans
}

/// What changed and, for a failure, why: one line each.
fn after_cell(entry: &ReportEntry) -> Cell {
    let mut spans = Vec::new();
    let error = entry
        .error
        .iter()
        .map(|e| vec![Span::Text(format!("error: {e}"))]);
    for part in entry.changes.iter().map(change_spans).chain(error) {
        if !spans.is_empty() {
            spans.push(Span::Break);
        }
        spans.extend(part);
    }
    Cell {
        spans,
        class: Some("change".to_owned()),
    }
}

/// A run's milestones, one row each, under `heading`.
pub fn milestones(report: &Report, heading: String) -> Section {
    let rows = report
        .milestones
        .iter()
        .map(|entry| {
            vec![
                Cell::text(&entry.title),
                Cell::text(entry.source_location.as_deref().unwrap_or(&entry.source_id)),
                Cell::status(entry.planned),
                Cell::status(entry.result),
                Cell::text(
                    entry
                        .target_id
                        .as_deref()
                        .or(entry.slug.as_deref())
                        .unwrap_or(""),
                ),
                after_cell(entry),
            ]
        })
        .collect();
    Section {
        heading,
        level: 2,
        headers: vec![
            "Milestone",
            "Source id",
            "Planned",
            "Result",
            "Target id",
            "Before → after",
        ],
        rows,
        ..Section::default()
    }
}

/// What else a run found: fields the target could not hold, milestones
/// only on the target, copies after writing; each part only when there is
/// something in it, at heading `level`.
pub fn findings(report: &Report, level: usize) -> Vec<Section> {
    let mut sections = Vec::new();
    if !report.not_carried.is_empty() {
        sections.push(Section {
            heading: "Fields the target could not hold".to_owned(),
            level,
            note: Some("Their values stay in backups (mileport export)."),
            headers: vec!["Field", "Milestones"],
            rows: report
                .not_carried
                .iter()
                .map(|(field, count)| vec![Cell::text(field), Cell::text(count.to_string())])
                .collect(),
        });
    }
    if !report.only_on_target.is_empty() {
        sections.push(Section {
            heading: "Only on the target (left alone)".to_owned(),
            level,
            headers: vec!["Milestone", "Target id"],
            rows: report
                .only_on_target
                .iter()
                .map(|only| vec![Cell::text(&only.title), Cell::text(&only.id)])
                .collect(),
            ..Section::default()
        });
    }
    if !report.duplicates.is_empty() {
        sections.push(Section {
            heading: "Duplicated on the target".to_owned(),
            level,
            headers: vec!["Milestone", "Kept", "Extra copies", "Removed"],
            rows: report
                .duplicates
                .iter()
                .map(|d| {
                    vec![
                        Cell::text(&d.title),
                        Cell::text(d.kept.join(", ")),
                        Cell::text(d.extra.join(", ")),
                        Cell::text(d.removed.join(", ")),
                    ]
                })
                .collect(),
            ..Section::default()
        });
    }
    sections
}

/// A report's title: `Migration plan: SOURCE → TARGET` on a dry run,
/// `Migration report: …` after one that wrote.
pub fn title(dry_run: bool, source: &str, target: &str) -> String {
    let kind = if dry_run {
        "Migration plan"
    } else {
        "Migration report"
    };
    format!("{kind}: {source} → {target}")
}
