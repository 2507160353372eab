//! The differences `check` finds, as a table a person can read and as JSON
//! a script can. Long values are wrapped to the terminal's width, never
//! cut; in a long value the changed words are marked; a milestone only the
//! target holds is shown by its name.

use anstyle::Style;
use serde::Serialize;

use crate::record::{Kind, Neutral as _};
use crate::{
    forge::Forge,
    pipeline::{
        plan::{Action, Plan},
        verify::Duplicate,
    },
    printer::{Line, styles},
    redact::escape_inline,
};

use super::changes::{Pieces, display_width, marked, wrap};

/// One difference: a missing milestone, a differing field, or a
/// milestone only on the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The milestone's title, as the target should hold it (or holds it).
    pub milestone: String,
    /// The source's id for it (GitCode number, SourceCraft slug), or the
    /// target's for a milestone only the target holds.
    pub id: String,
    /// `missing` (on the target), `differs`, `duplicated` or `only_on_target`.
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What the source's milestone becomes after mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Every difference the plan shows, in plan order, then the source
/// milestones the target holds more than once, then the milestones only on
/// the target (extra copies of a duplicated one are counted there, not here).
pub fn differences<F: Forge>(plan: &Plan<F>, duplicates: &[Duplicate]) -> Vec<Difference> {
    let mut rows = Vec::new();
    for item in &plan.items {
        let milestone = F::fields_title(&item.mapped.target).to_owned();
        let id = item.mapped.record.origin().key.clone();
        match &item.action {
            Action::Create => rows.push(Difference {
                milestone,
                id,
                kind: "missing",
                field: None,
                source: None,
                target: None,
            }),
            Action::Update { changes, .. } => {
                for change in changes {
                    rows.push(Difference {
                        milestone: milestone.clone(),
                        id: id.clone(),
                        kind: "differs",
                        field: Some(change.name.to_owned()),
                        source: Some(change.wanted.clone()),
                        target: Some(change.target.clone()),
                    });
                }
            }
            Action::Unchanged { .. } => {}
        }
    }
    for duplicate in duplicates {
        rows.push(Difference {
            milestone: duplicate.title.clone(),
            id: [duplicate.kept.clone(), duplicate.extra.clone()]
                .concat()
                .join(", "),
            kind: "duplicated",
            field: None,
            source: Some(format!("{} time(s)", duplicate.kept.len())),
            target: Some(format!(
                "{} times",
                duplicate.kept.len() + duplicate.extra.len()
            )),
        });
    }
    let extra: Vec<&String> = duplicates.iter().flat_map(|d| &d.extra).collect();
    for only in plan
        .only_on_target
        .iter()
        .filter(|only| !extra.contains(&&only.id))
    {
        rows.push(Difference {
            milestone: only.title.clone(),
            id: only.id.clone(),
            kind: "only_on_target",
            field: None,
            source: None,
            target: None,
        });
    }
    rows
}

/// Values longer than this get their changed words marked.
const MARK_LONGER_THAN: usize = 24;

/// The table of differences, wrapped to `width` columns.
pub fn table(rows: &[Difference], kind: Kind, width: usize, color: bool) -> Vec<Line> {
    let what = kind.one().to_uppercase();
    let header = [what.as_str(), "FIELD", "SOURCE (MAPPED)", "TARGET"];
    let cells: Vec<[Pieces; 4]> = rows.iter().map(|row| cells(row, color)).collect();
    let natural = |column: usize| {
        cells
            .iter()
            .map(|row| pieces_width(&row[column]))
            .chain([display_width(header[column])])
            .max()
            .unwrap_or(0)
    };
    let mut widths = [natural(0), natural(1), natural(2), natural(3)];
    let gaps = 2 * 3;
    if widths.iter().sum::<usize>() + gaps > width {
        widths[0] = widths[0].min((width / 3).max(16));
        let room = width.saturating_sub(widths[0] + widths[1] + gaps).max(24);
        let (source, target) = (widths[2], widths[3]);
        let half = room / 2;
        if source <= half {
            widths[3] = target.min(room - source);
        } else if target <= half {
            widths[2] = source.min(room - target);
        } else {
            widths[2] = half;
            widths[3] = room - half;
        }
    }
    let mut lines = vec![render_row(
        &header.map(|h| vec![(styles::HEADER, h.to_owned())]),
        &widths,
    )];
    lines.extend(cells.into_iter().flat_map(|row| render_rows(row, &widths)));
    lines.into_iter().flatten().collect()
}

fn cells(row: &Difference, color: bool) -> [Pieces; 4] {
    let plain = |text: &str| vec![(Style::new(), text.to_owned())];
    let name = vec![
        (Style::new(), escape_inline(&row.milestone).into_owned()),
        (styles::DIM, format!(" [{}]", row.id)),
    ];
    match row.kind {
        "missing" => [
            name,
            plain("-"),
            vec![(styles::CREATE, "present".into())],
            vec![(styles::REMOVED, "missing".into())],
        ],
        "duplicated" => [
            name,
            plain("-"),
            plain(row.source.as_deref().unwrap_or_default()),
            vec![(styles::TARGET_ONLY, row.target.clone().unwrap_or_default())],
        ],
        "only_on_target" => [
            name,
            plain("-"),
            vec![(styles::REMOVED, "missing".into())],
            vec![(styles::TARGET_ONLY, "present".into())],
        ],
        _ => {
            let source = escape_inline(row.source.as_deref().unwrap_or_default()).into_owned();
            let target = escape_inline(row.target.as_deref().unwrap_or_default()).into_owned();
            let (removed, added) =
                if source.chars().count().max(target.chars().count()) > MARK_LONGER_THAN {
                    marked(&target, &source, color)
                } else {
                    (plain(&target), plain(&source))
                };
            [
                name,
                plain(row.field.as_deref().unwrap_or("-")),
                added,
                removed,
            ]
        }
    }
}

fn pieces_width(pieces: &Pieces) -> usize {
    pieces.iter().map(|(_, text)| display_width(text)).sum()
}

/// One table row, as many lines as its tallest cell needs.
fn render_rows(row: [Pieces; 4], widths: &[usize; 4]) -> Vec<Option<Line>> {
    let wrapped: Vec<Vec<Pieces>> = row
        .into_iter()
        .zip(widths)
        .map(|(cell, width)| wrap(cell, *width))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    (0..height)
        .map(|n| {
            let parts: [Pieces; 4] =
                std::array::from_fn(|c| wrapped[c].get(n).cloned().unwrap_or_default());
            render_row(&parts, widths)
        })
        .collect()
}

fn render_row(cells: &[Pieces; 4], widths: &[usize; 4]) -> Option<Line> {
    let mut line = Line::new();
    let mut pending = 0;
    for (column, cell) in cells.iter().enumerate() {
        let used = pieces_width(cell);
        if used > 0 {
            line.push(Style::new(), " ".repeat(pending));
            pending = 0;
            for (style, text) in cell {
                line.push(*style, text);
            }
        }
        if column < 3 {
            pending += widths[column].saturating_sub(used) + 2;
        }
    }
    Some(line)
}
