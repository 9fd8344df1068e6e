//! folio: a static documentation site generator for folders of Markdown.
//!
//! The pipeline, one module per stage:
//! `load` (walk, read, front matter) -> `site` (tree, order, URLs) ->
//! `markdown` (parse once, named passes) -> `links` (resolve, check) ->
//! `render` (typed context, Tera) -> `output` (staging folder, swap).
//! `build` runs the stages; `cli` parses arguments; `diagnostics` reports.

pub mod audience;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod hash;
pub mod init;
pub mod knowledge;
pub mod languages;
pub mod links;
pub mod load;
pub mod markdown;
pub mod nav;
pub mod output;
pub mod print;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
