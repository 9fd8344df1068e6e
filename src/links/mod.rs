//! Links: resolution (used while rendering Markdown) and checking (a pass of
//! its own, once every page's heading ids are known).

pub mod check;
pub mod resolve;
pub mod rewrite;
pub mod web;

pub use resolve::{resolve, Resolution};
