//! The migration pipeline, in the order the data flows: read the source
//! (`endpoint`), map each milestone (`crate::mapping`), compare with the
//! target and decide (`plan`), write (`apply`), and account for it
//! (`report`).

pub mod apply;
pub mod endpoint;
pub mod plan;
pub mod report;
pub mod run;
pub mod verify;
