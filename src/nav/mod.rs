//! Navigation: the order and titles readers see, apart from the file tree.
//! See [`explicit`] for navigation files written for other tools.

pub mod explicit;
pub mod import;
pub mod interim;
pub mod languages;
pub mod mdbook;
pub mod mkdocs;
