//! GitHub: its milestones read and written over the generated client, its
//! error bodies and rate limits, its due dates, its backup columns and an
//! imitation of its API for the sandbox.

pub mod adapter;
pub mod backup;
pub mod budget;
pub mod dates;
pub mod errors;
pub mod limits;
pub mod mapping;
