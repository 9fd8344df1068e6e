//! What a page's template shows of the knowledge base: its backlinks, its
//! task progress, its tags, and the links to the generated pages.

use super::Knowledge;
use crate::config::KnowledgeLinks;
use crate::markdown::RenderedPage;
use crate::render::context::Link;
use crate::render::strings::Strings;
use crate::site::urls::{encode_fragment, relative_url};
use crate::site::{PageId, Site};
use serde::Serialize;

/// Backlinks shown before the rest are collapsed.
pub const SHOWN_BACKLINKS: usize = 20;

#[derive(Debug, Default, Serialize)]
pub struct PageView<'a> {
    /// The generated pages, when they are linked from the header
    /// (`knowledge.links = "header"`).
    pub links: Vec<Link<'a>>,
    /// The pages linking to this one, in reading order: the first
    /// [`SHOWN_BACKLINKS`], then the rest (shown collapsed).
    pub backlinks: Vec<BacklinkView<'a>>,
    pub more_backlinks: Vec<BacklinkView<'a>>,
    /// The summary of the collapsed rest (`更多引用本页的页面（980）`).
    pub more_label: String,
    /// Done/total of the page's tasks (`3/12 已完成`); `None` without tasks.
    pub tasks: Option<String>,
    /// Its tags, linked to their pages.
    pub tags: Vec<Link<'a>>,
}

#[derive(Debug, Serialize)]
pub struct BacklinkView<'a> {
    pub title: &'a str,
    /// To the linking page, at the heading above the link.
    pub url: String,
    /// The text around the link.
    pub context: &'a str,
    /// `3 处链接` when the page links here more than once.
    pub count: Option<String>,
}

/// The links to the generated pages from the output file `from`.
pub fn nav_links<'a>(k: &Knowledge, from: &str, strings: &'static Strings) -> Vec<Link<'a>> {
    let w = &strings.knowledge;
    let c = &k.config;
    [
        (c.wanted, w.wanted, super::WANTED_PAGE),
        (c.tasks, w.tasks, super::TASKS_PAGE),
        (c.changes, w.changes, super::CHANGES_PAGE),
        (c.tags, w.tags, super::TAGS_PAGE),
    ]
    .into_iter()
    .filter(|(on, ..)| *on)
    .map(|(_, title, out)| Link {
        title,
        url: relative_url(from, out),
    })
    .collect()
}

/// The header links of a page at `from` (empty unless the configuration
/// puts them there).
pub fn header_links<'a>(k: &Knowledge, from: &str, strings: &'static Strings) -> Vec<Link<'a>> {
    match k.config.links {
        KnowledgeLinks::Header => nav_links(k, from, strings),
        KnowledgeLinks::Sidebar | KnowledgeLinks::Off => Vec::new(),
    }
}

/// The sidebar links of a folder whose pages' links start from `from`:
/// with `knowledge.links = "header"` too, for narrow screens, where the
/// header has no room for them (the theme shows them there only).
pub fn sidebar_links<'a>(k: &Knowledge, from: &str, strings: &'static Strings) -> Vec<Link<'a>> {
    match k.config.links {
        KnowledgeLinks::Sidebar | KnowledgeLinks::Header => nav_links(k, from, strings),
        KnowledgeLinks::Off => Vec::new(),
    }
}

/// What page `id` shows of the knowledge base.
pub fn page<'a>(
    k: &'a Knowledge,
    site: &'a Site,
    rendered: &'a [RenderedPage],
    id: PageId,
    strings: &'static Strings,
) -> PageView<'a> {
    let w = &strings.knowledge;
    let out = &site.pages[id].out;
    let r = &rendered[id];
    let mut backlinks: Vec<BacklinkView> = k
        .backlinks
        .get(id)
        .into_iter()
        .flatten()
        .map(|b| {
            let from = &rendered[b.from];
            let mut url = relative_url(out, &site.pages[b.from].out);
            if let Some(h) = b.spot.and_then(|i| from.headings.get(i as usize)) {
                url.push('#');
                url.push_str(&encode_fragment(&h.id));
            }
            let snippet = b.snippet.and_then(|i| from.snippets.get(i as usize));
            BacklinkView {
                title: &site.pages[b.from].title,
                url,
                context: snippet.map_or("", |s| &s.text),
                count: (b.links > 1).then(|| w.links_here.replace("{n}", &b.links.to_string())),
            }
        })
        .collect();
    let more_backlinks = backlinks.split_off(backlinks.len().min(SHOWN_BACKLINKS));
    let tasks = (k.config.tasks && !r.tasks.is_empty()).then(|| {
        let done = r.tasks.iter().filter(|t| t.done).count();
        format!("{done}/{} {}", r.tasks.len(), w.tasks_done)
    });
    let tags = if k.config.tags {
        let front = site.pages[id].source.as_ref().map(|s| &s.front.tags);
        front
            .into_iter()
            .flatten()
            .filter_map(|name| {
                let at = k.tags.binary_search_by(|t| t.name.as_str().cmp(name));
                at.ok().map(|i| &k.tags[i])
            })
            .map(|t| Link {
                title: &t.name,
                url: relative_url(out, &t.out),
            })
            .collect()
    } else {
        Vec::new()
    };
    PageView {
        links: header_links(k, out, strings),
        more_label: if more_backlinks.is_empty() {
            String::new()
        } else {
            w.more_backlinks
                .replace("{n}", &more_backlinks.len().to_string())
        },
        backlinks,
        more_backlinks,
        tasks,
        tags,
    }
}
