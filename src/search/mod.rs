//! Full-text search, built with the site and run in the browser with no
//! server: plain scripts under `_folio/search/` that pages load with
//! `<script>` tags, so it works offline, under any sub-path and from file://.
//!
//! - `index.js` (`window.FOLIO_SEARCH_INDEX`): the pages (title, folder,
//!   URL) and folders (breadcrumb trail), and the inverted index
//!   ([`index`]): every term of every page's title, headings and text, cut
//!   by [`tokenize`] exactly as `search.js` cuts queries. The theme loads it
//!   on the first focus of the search box.
//! - `text-<k>.js` ([`shards`]): the page texts and heading positions, for
//!   snippets and for linking a result to the heading above its match;
//!   loaded only for the pages in the results.
//!
//! [`query`] is the reference for how `search.js` ranks results.

pub mod builder;
pub mod cache;
pub mod encode;
pub mod index;
pub mod query;
pub mod shards;
pub mod tokenize;
mod write;

use crate::markdown::RenderedPage;
use crate::site::urls::relative_url;
use crate::site::Site;
pub use cache::Cache;
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
pub use write::{write, Written};

/// Folder of the index and text shards in the output (the theme's
/// `search.js` and `search.css` sit there too).
pub const DIR: &str = "_folio/search";
/// The index script.
pub const INDEX: &str = "_folio/search/index.js";

/// A folder, for breadcrumb trails: its URL prefix (root-relative,
/// percent-encoded, `""` or ending in `/`), its title, and its parent's
/// position in the folder list (-1 for the root).
#[derive(Debug, Serialize)]
pub struct FolderEntry<'a>(pub String, pub Cow<'a, str>, pub i32);

/// A page: title, folder (position in the folder list) and file name
/// (percent-encoded); its URL is the folder's prefix and the name.
#[derive(Debug, Serialize)]
pub struct PageEntry<'a>(pub Cow<'a, str>, pub u32, pub String);

pub struct SearchIndex<'a> {
    pub folders: Vec<FolderEntry<'a>>,
    /// In reading order: position `i` is page `i` of the postings.
    pub pages: Vec<PageEntry<'a>>,
    /// First page of each text shard.
    pub shards: Vec<u32>,
    pub postings: index::Postings,
}

/// Index the site's pages, in reading order.
pub fn build<'a>(site: &'a Site, rendered: &'a [RenderedPage]) -> SearchIndex<'a> {
    build_with(site, rendered, shard_starts(site, rendered), None, None)
}

/// The first page of each text shard ([`shards::partition`]).
fn shard_starts(site: &Site, rendered: &[RenderedPage]) -> Vec<u32> {
    shards::partition(site.order.iter().map(|&p| rendered[p].text.len()))
}

/// [`build`] with the text shards starting at `shards`, filling `cache` if
/// given; with `changed` (reading positions, sorted), only those pages are
/// read again and the others come from it.
fn build_with<'a>(
    site: &'a Site,
    rendered: &'a [RenderedPage],
    shards: Vec<u32>,
    cache: Option<&mut Cache>,
    changed: Option<&[u32]>,
) -> SearchIndex<'a> {
    let mut folder_pos = vec![-1i32; site.folders.len()];
    let mut folders = Vec::new();
    for (f, folder) in site.folders.iter().enumerate() {
        // Folder listings are not searched.
        if folder.index == usize::MAX || folder.listing.is_some() {
            continue;
        }
        folder_pos[f] = folders.len() as i32;
        let index_url = relative_url("index.html", &site.pages[folder.index].out);
        let prefix = index_url.trim_end_matches("index.html").to_string();
        let parent = folder.parent.map_or(-1, |p| folder_pos[p]);
        folders.push(FolderEntry(prefix, one_line(&folder.title), parent));
    }
    let pages: Vec<PageEntry> = site
        .order
        .iter()
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
    let input = |i: usize| {
        let page = site.order[i];
        let r = &rendered[page];
        index::IndexInput {
            title: &site.pages[page].title,
            headings: r.headings.iter().map(|h| h.text.as_str()).collect(),
            text: &r.text,
        }
    };
    let n = site.order.len();
    let postings = match (cache, changed) {
        (Some(cache), Some(changed)) => index::rebuild(n, input, cache, changed),
        (cache, _) => index::build_all(n, input, cache),
    };
    SearchIndex {
        folders,
        pages,
        shards,
        postings,
    }
}

#[derive(Serialize)]
struct IndexScript<'a> {
    version: u32,
    folders: &'a [FolderEntry<'a>],
    pages: &'a [PageEntry<'a>],
    shards: &'a [u32],
    /// Base64 of each page's title length ([`index::Postings::name_lens`]).
    names: encode::Base64<'a>,
    /// Sorted terms, front-coded ([`index::front_code`]).
    terms: String,
    /// Base64 of the records.
    records: encode::Base64<'a>,
}

impl SearchIndex<'_> {
    /// Write `_folio/search/index.js`. Streamed: the index is never held as
    /// one string. It is JavaScript as well as JSON: titles have no U+2028
    /// or U+2029 ([`one_line`]), and everything else is ASCII or terms.
    pub fn write_script(&self, out: impl Write) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        out.write_all(b"window.FOLIO_SEARCH_INDEX=")?;
        let script = IndexScript {
            version: 1,
            folders: &self.folders,
            pages: &self.pages,
            shards: &self.shards,
            names: encode::Base64(&self.postings.name_lens),
            terms: index::front_code(&self.postings.terms),
            records: encode::Base64(&self.postings.records),
        };
        serde_json::to_writer(&mut out, &script)?;
        out.write_all(b";\n")?;
        out.flush()
    }

    /// About the length of the script (to size its buffer once).
    fn estimated_len(&self) -> usize {
        let p = &self.postings;
        let terms: usize = p.terms.iter().map(|t| t.len() + 2).sum();
        let pages: usize = self.pages.iter().map(|e| e.0.len() + e.2.len() + 16).sum();
        let folders: usize = self
            .folders
            .iter()
            .map(|e| e.0.len() + e.1.len() + 16)
            .sum();
        p.records.len().div_ceil(3) * 4 + terms + pages + folders + 8 * self.shards.len() + 256
    }

    /// The contents of `_folio/search/index.js`, as a string.
    pub fn script(&self) -> String {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail, and the script is UTF-8.
        let _ = self.write_script(&mut bytes);
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
