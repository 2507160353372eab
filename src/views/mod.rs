//! How results look to a person: the plan, the differences `check` finds,
//! and the Markdown and HTML reports. Each view turns pipeline data into
//! `printer::Line`s or a document; none of them prints.

pub mod batch_report;
pub mod changes;
pub mod check;
pub mod page;
pub mod plan;
pub mod report;
