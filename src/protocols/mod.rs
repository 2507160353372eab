//! Protocol families several providers speak, each written once and
//! generic over what its members supply (their wire types, calls and
//! quirks): `v5`, the page-numbered API of Gitee and GitCode, and `rest`,
//! the JSON API of Gitea, GitHub and GitLab; and what the families'
//! listings share (`streamed`: a listing read into a sink with a whole
//! reading's checks). A provider's folder keeps only what is its own and
//! names the family it belongs to.

pub mod json_pages;
pub mod rest;
pub mod streamed;
pub mod v5;
