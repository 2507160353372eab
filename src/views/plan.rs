//! The plan as a person reads it, in the manner of `terraform plan`:
//! `+` a milestone to create (with the slug it will get), `~` one to update
//! (old → new per field), `·` one only the target holds (left alone), `!`
//! what would fail (a milestone the target cannot hold, a token that
//! cannot write), and the unchanged ones summed up in one line unless
//! asked to list them.

use chrono::NaiveDate;

use crate::record::Neutral as _;
use crate::{
    forge::Forge,
    mapping::dates::Zone,
    pipeline::plan::{Action, Plan, PlanItem},
    printer::{Line, styles},
};

use super::changes::change_lines;

/// How to show a plan.
#[derive(Clone, Debug)]
pub struct PlanLook {
    pub show_unchanged: bool,
    pub width: usize,
    pub color: bool,
    /// The zone SourceCraft deadlines are read in, by name (`UTC`).
    pub zone: String,
}

/// The deadline of a plan item that is not at midnight where dates are
/// read, when the target keeps only its date (GitCode, GitHub).
pub fn off_midnight<F: Forge>(item: &PlanItem<F>) -> Option<(&str, NaiveDate)> {
    if !F::DATE_ONLY {
        return None;
    }
    let due = item.mapped.record.due()?;
    match &due.original_deadline {
        Some(deadline) if !due.midnight => Some((deadline, due.date)),
        _ => None,
    }
}

pub fn zone_name(zone: Option<&Zone>) -> String {
    zone.map_or_else(|| "UTC".to_owned(), ToString::to_string)
}

/// A line under a milestone whose deadline may be a day off as a date.
fn deadline_note<F: Forge>(item: &PlanItem<F>, look: &PlanLook) -> Option<Line> {
    let (deadline, date) = off_midnight(item)?;
    Some(Line::new().styled(
        styles::UPDATE,
        format!(
            "      deadline {deadline} is not at midnight in {}: read as {date}; see --timezone",
            look.zone
        ),
    ))
}

/// How a target milestone is named: `slug beta` or `number 4921`.
fn target_label<F: Forge>(id: &impl std::fmt::Display) -> String {
    format!("{} {id}", F::ID_FIELD)
}

fn head<F: Forge>(
    sign: &str,
    style: anstyle::Style,
    item: &PlanItem<F>,
    label: Option<String>,
) -> Line {
    let mut line = Line::new()
        .styled(style, format!("  {sign} "))
        .styled(styles::BOLD, F::fields_title(&item.mapped.target));
    if let Some(label) = label {
        line.push(styles::DIM, format!("  ({label})"));
    }
    if let Some(location) = &item.mapped.record.origin().location {
        line.push(styles::DIM, format!("  from {location}"));
    }
    line
}

/// Every line of the plan, the closing count included, made as they are
/// printed: a plan of 100,000 milestones is not held twice.
pub fn plan_lines<'a, F: Forge>(
    plan: &'a Plan<F>,
    look: &'a PlanLook,
) -> impl Iterator<Item = Line> + 'a {
    let unchanged = plan
        .items
        .iter()
        .filter(|item| matches!(item.action, Action::Unchanged { .. }))
        .count();
    plan.items
        .iter()
        .flat_map(move |item| item_lines(item, look))
        .chain(closing_lines(plan, look, unchanged))
}

/// The lines of one milestone of the plan.
fn item_lines<F: Forge>(item: &PlanItem<F>, look: &PlanLook) -> Vec<Line> {
    let mut lines = Vec::new();
    match &item.action {
        Action::Create => {
            let label = F::planned_id(&item.mapped.target).map(|id| target_label::<F>(&id));
            lines.push(head("+", styles::CREATE, item, label));
            lines.extend(deadline_note(item, look));
        }
        Action::Update { target_id, changes } => {
            lines.push(head(
                "~",
                styles::UPDATE,
                item,
                Some(target_label::<F>(target_id)),
            ));
            lines.extend(deadline_note(item, look));
            for change in changes {
                lines.extend(change_lines(
                    "      ",
                    change.name,
                    &change.target,
                    &change.wanted,
                    look.width,
                    look.color,
                ));
            }
        }
        Action::Unchanged { target_id } => {
            if look.show_unchanged {
                lines.push(head(
                    "=",
                    styles::DIM,
                    item,
                    Some(target_label::<F>(target_id)),
                ));
            }
        }
    }
    lines
}

/// What follows the milestones: the target's own, and the counts.
fn closing_lines<F: Forge>(plan: &Plan<F>, look: &PlanLook, unchanged: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    for only in &plan.only_on_target {
        let label = target_label::<F>(&only.id);
        lines.push(
            Line::new()
                .styled(styles::TARGET_ONLY, "  · ")
                .styled(styles::BOLD, &only.title)
                .styled(styles::DIM, format!("  ({label})"))
                .text(": only on the target, left alone"),
        );
    }
    if unchanged > 0 && !look.show_unchanged {
        lines.push(Line::new().styled(
            styles::DIM,
            format!("  = {unchanged} unchanged (--show-unchanged lists them)"),
        ));
    }
    lines.extend(failure_lines(plan));
    let counts = plan.counts();
    let kind = <F::Record as crate::record::Neutral>::KIND;
    let named = match kind {
        crate::record::Kind::Milestones => String::new(),
        other => format!("{} ", other.many()),
    };
    let mut total = format!(
        "{named}plan: create {}, update {}, unchanged {}, only on the target {}",
        counts.create,
        counts.update,
        counts.unchanged,
        plan.only_on_target.len()
    );
    if counts.cannot > 0 {
        total.push_str(&format!(", cannot be migrated {}", counts.cannot));
    }
    lines.push(Line::new().text(total));
    lines
}

/// What the run would fail on: each milestone the target cannot hold, and
/// a token that may not write.
fn failure_lines<F: Forge>(plan: &Plan<F>) -> Vec<Line> {
    let mut lines: Vec<Line> = plan
        .refused
        .iter()
        .map(|refused| {
            Line::new()
                .styled(styles::FAILED, "  ! ")
                .styled(styles::BOLD, &refused.title)
                .styled(styles::DIM, format!("  from {}", refused.origin))
                .text(format!(": {}", refused.reason))
        })
        .collect();
    if let Some(why) = &plan.cannot_write {
        lines.push(
            Line::new()
                .styled(styles::FAILED, "  ! ")
                .text(format!("your token cannot write to the target: {why}")),
        );
    }
    lines
}
