//! The JSON REST family (Gitea's and Forgejo's API v1, GitHub's REST API,
//! GitLab's API v4): listings answered as JSON arrays and paged by headers,
//! milestones with a title, description, state and due date, labels with a
//! name, colour and description. What its members share is written here
//! once, generic over small traits each member implements on its wire
//! types: reading a whole listing (`listing.rs`) and its numbered pages
//! (`../json_pages.rs`), a milestone read into a neutral record
//! (`read.rs`), what a write sends (`fields.rs`), records made into
//! milestones matched by title (`titles.rs`), milestones compared
//! (`compare.rs`), due dates written and read (`dates.rs`), a milestone or
//! label created exactly once and updated, and the check of an update's
//! answer (`write.rs`), who labels are (`label_kind.rs`), labels mapped
//! and compared (`labels.rs`), an owner's listed
//! repositories named (`repos.rs`), and milestones and labels kept in
//! backups (`backup.rs`). A member keeps its identity, its generated types
//! and calls, its paging headers, its quirks and its wording.

pub mod backup;
pub mod compare;
pub mod dates;
pub mod fields;
pub mod label_kind;
pub mod labels;
pub mod listing;
pub mod read;
pub mod repos;
pub mod titles;
pub mod write;
