//! The migration pipeline, in the order the data flows: read the source
//! (`endpoint`), map each milestone (`map`, over each provider's mapping), compare with the
//! target and decide (`plan`), write (`apply`, each provider's writes
//! built on `write`, stopped by `streak` when every write fails alike), check the target (`verify`), and account for it
//! (`report`). Every step is written once, for any provider `F: Forge`.

pub mod apply;
pub mod create_once;
pub mod endpoint;
pub mod index;
pub mod map;
pub mod plan;
pub mod report;
pub mod run;
pub mod streak;
pub mod verify;
pub mod write;
