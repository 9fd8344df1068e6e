//! Full-text search, built with the site and run in the browser with no
//! server: plain scripts under `_folio/search/` that pages load with
//! `<script>` tags, so it works offline, under any sub-path and from file://.
//! What a query loads stays small whatever the size of the site (about
//! 1 MB at 100,000 pages): the index is split three ways.
//!
//! - `index.js` (`window.FOLIO_SEARCH_INDEX`, format version 2), loaded on
//!   the first focus of the search box: the number of pages, the folders
//!   (breadcrumb trails), each page's title length ([`tokenize::name_len`],
//!   for the page named after a query), where each text shard starts, and
//!   the first term of each term shard.
//! - `terms-<k>.js` ([`terms`]): the inverted index ([`index`]) cut into
//!   runs of consecutive terms of about [`terms::SHARD_BYTES`]: every term
//!   of every page's title, headings and text, cut by [`tokenize`] exactly
//!   as `search.js` cuts queries. A query loads the shards its tokens fall
//!   in (one for a Chinese pair).
//! - `text-<k>.js` ([`shards`]): each page's title, folder, file name, text
//!   and heading positions, for showing a result, its snippet and the
//!   heading above its match; loaded only for the pages in the results.
//!
//! Version 1 (folio before the split) was one `index.js` holding the page
//! table and every term: 55.6 MB at 100,000 pages, parsed on first focus.
//!
//! [`query`] is the reference for how `search.js` ranks results.

pub mod builder;
pub mod cache;
pub mod encode;
pub mod index;
pub mod query;
pub mod shards;
pub mod terms;
pub mod tokenize;
mod write;

use crate::markdown::RenderedPage;
use crate::site::urls::relative_url;
use crate::site::{PageId, Site};
pub use cache::Cache;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
pub use write::{write, Output, Written};

/// Folder of the index and text shards in the output (the theme's
/// `search.js` and `search.css` sit there too).
pub const DIR: &str = "_folio/search";
/// The index script: what locates the shards.
pub const INDEX: &str = "_folio/search/index.js";
/// Term shard `k`'s script (path relative to the output root).
pub fn term_shard_path(k: usize) -> String {
    format!("{DIR}/terms-{k}.js")
}

/// Text shard `k`'s script (path relative to the output root).
pub fn text_shard_path(k: usize) -> String {
    format!("{DIR}/text-{k}.js")
}

/// The format of the search files (`version` in `index.js`).
pub const VERSION: u32 = 2;

/// A folder, for breadcrumb trails: its URL prefix (root-relative,
/// percent-encoded, `""` or ending in `/`), its title, and its parent's
/// position in the folder list (-1 for the root).
#[derive(Debug, Serialize)]
pub struct FolderEntry<'a>(pub String, pub Cow<'a, str>, pub i32);

/// A page: title, folder (position in the folder list) and file name
/// (percent-encoded); its URL is the folder's prefix and the name.
#[derive(Debug, Serialize)]
pub struct PageEntry<'a>(pub Cow<'a, str>, pub u32, pub String);

/// The folders and pages, as the text shards and `index.js` name them.
pub struct PageTable<'a> {
    pub folders: Vec<FolderEntry<'a>>,
    /// In reading order: position `i` is page `i` of the postings.
    pub pages: Vec<PageEntry<'a>>,
}

/// The inverted index and where it is cut into term shards.
pub struct Inverted {
    pub postings: index::Postings,
    pub shards: Vec<terms::TermShard>,
    /// After an update from a [`Cache`], the terms whose records changed
    /// (positions in the postings' terms, sorted), when all other terms
    /// kept their place; `None` when that is not known.
    pub changed_terms: Option<Vec<usize>>,
}

pub struct SearchIndex<'a> {
    pub table: PageTable<'a>,
    /// First page of each text shard.
    pub shards: Vec<u32>,
    pub inverted: Inverted,
}

/// Index the site's pages, in reading order (`order`: the navigation's).
pub fn build<'a>(
    site: &'a Site,
    order: &[PageId],
    rendered: &'a [RenderedPage],
) -> SearchIndex<'a> {
    SearchIndex {
        table: page_table(site, order),
        shards: shard_starts(order, rendered),
        inverted: invert(site, order, rendered, None, None),
    }
}

/// The first page of each text shard ([`shards::partition`]).
fn shard_starts(order: &[PageId], rendered: &[RenderedPage]) -> Vec<u32> {
    shards::partition(order.iter().map(|&p| rendered[p].text.len()))
}

/// The inverted index of the site's pages, filling `cache` if given; with
/// `changed` (reading positions, sorted), only those pages are read again
/// and the others come from it.
fn invert(
    site: &Site,
    order: &[PageId],
    rendered: &[RenderedPage],
    cache: Option<&mut Cache>,
    changed: Option<&[u32]>,
) -> Inverted {
    let input = |i: usize| {
        let page = order[i];
        let r = &rendered[page];
        index::IndexInput {
            title: &site.pages[page].title,
            headings: r.headings.iter().map(|h| h.text.as_str()).collect(),
            text: r.text.unpack(),
        }
    };
    let n = order.len();
    let (mut postings, changed_terms) = match (cache, changed) {
        (Some(cache), Some(changed)) => {
            let update = index::rebuild(n, input, cache, changed);
            (update.postings, update.changed_terms)
        }
        (cache, _) => (index::build_all(n, input, cache), None),
    };
    postings.name_lens = index::name_lens(n, |i| site.pages[order[i]].title.as_str());
    let shards = terms::partition(&postings);
    Inverted {
        postings,
        shards,
        changed_terms,
    }
}

/// The folders (those with an index page, not listings) and the pages in
/// reading order.
pub fn page_table<'a>(site: &'a Site, order: &[PageId]) -> PageTable<'a> {
    let mut folder_pos = vec![-1i32; site.folders.len()];
    let mut folders = Vec::new();
    for (f, folder) in site.folders.iter().enumerate() {
        // Folder listings are not searched.
        let Some(index) = folder.index.filter(|_| folder.listing.is_none()) else {
            continue;
        };
        folder_pos[f] = folders.len() as i32;
        let index_url = relative_url("index.html", &site.pages[index].out);
        let prefix = index_url.trim_end_matches("index.html").to_string();
        let parent = folder.parent.map_or(-1, |p| folder_pos[p]);
        folders.push(FolderEntry(prefix, one_line(&folder.title), parent));
    }
    // Made on every save while serving, in parallel: a URL each.
    let pages = order
        .par_iter()
        .map(|&p| {
            let page = &site.pages[p];
            let f = folder_pos[page.folder].max(0) as usize;
            let url = relative_url("index.html", &page.out);
            let name = match url.strip_prefix(folders[f].0.as_str()) {
                Some(name) => name.to_string(),
                None => url,
            };
            PageEntry(one_line(&page.title), f as u32, name)
        })
        .collect();
    PageTable { folders, pages }
}

#[derive(Serialize)]
struct IndexScript<'a> {
    version: u32,
    /// How many pages (the bitmaps of the term shards are this long).
    pages: usize,
    folders: &'a [FolderEntry<'a>],
    /// First page of each text shard.
    shards: &'a [u32],
    /// Base64 of each page's title length ([`index::Postings::name_lens`]).
    names: encode::Base64<'a>,
    /// The first term of each term shard.
    terms: Vec<&'a str>,
}

/// Write `_folio/search/index.js`: `shards` starts the text shards. It is
/// JavaScript as well as JSON: titles have no U+2028 or U+2029
/// ([`one_line`]), and everything else is ASCII or terms.
fn write_index(
    out: impl Write,
    table: &PageTable,
    shards: &[u32],
    inverted: &Inverted,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"window.FOLIO_SEARCH_INDEX=")?;
    let postings = &inverted.postings;
    let script = IndexScript {
        version: VERSION,
        pages: postings.pages,
        folders: &table.folders,
        shards,
        names: encode::Base64(&postings.name_lens),
        terms: inverted
            .shards
            .iter()
            .map(|t| postings.terms[t.terms.start].as_str())
            .collect(),
    };
    serde_json::to_writer(&mut out, &script)?;
    out.write_all(b";\n")?;
    out.flush()
}

impl SearchIndex<'_> {
    /// The contents of `_folio/search/index.js`, as a string.
    pub fn script(&self) -> String {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail, and the script is UTF-8.
        let _ = write_index(&mut bytes, &self.table, &self.shards, &self.inverted);
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// A title as one line of JavaScript: U+2028 and U+2029 become spaces.
fn one_line(title: &str) -> Cow<'_, str> {
    if title.contains(['\u{2028}', '\u{2029}']) {
        Cow::Owned(title.replace(['\u{2028}', '\u{2029}'], " "))
    } else {
        Cow::Borrowed(title)
    }
}

#[cfg(test)]
mod tests;
