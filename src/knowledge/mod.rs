//! The knowledge-base layer: what the site knows about itself once its pages
//! are rendered and checked. Backlinks per page (with the text around each
//! link), wanted pages (links to pages not written yet, broken anchors),
//! task-list items, recent changes from git, and tags from front matter.
//!
//! Everything is computed from the pages that are published, never from the
//! content folder: a page left out of the build is never listed, and its
//! links, tasks and tags are never shown.

pub mod changes;
pub mod pages;
pub mod view;

pub use changes::Commit;

use crate::config::KnowledgeConfig;
use crate::diagnostics::Code;
use crate::links::check::CheckedPage;
use crate::links::Resolution;
use crate::markdown::RenderedPage;
use crate::site::publish::Publication;
use crate::site::{PageId, Site};
use globset::GlobSet;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the generated pages are written.
pub const WANTED_PAGE: &str = "_folio/wanted.html";
pub const TASKS_PAGE: &str = "_folio/tasks.html";
pub const CHANGES_PAGE: &str = "_folio/changes.html";
pub const TAGS_PAGE: &str = "_folio/tags/index.html";

/// What the knowledge base knows, for one build.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Knowledge {
    pub config: KnowledgeConfig,
    /// By page: the pages linking to it.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Missing targets, by path.
    pub wanted: Vec<Wanted>,
    pub broken_anchors: Vec<BrokenAnchor>,
    /// By name.
    pub tags: Vec<Tag>,
    /// Newest first; commits that touched no published page are left out.
    pub changes: Vec<Change>,
    /// The published pages in reading order (the order lists use).
    pub order: Vec<PageId>,
}

/// A page that links to another (once, however often it links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub from: PageId,
    /// The heading above its first link to the page, to land near the
    /// link: an index in `from`'s headings. (Indices, not copies: a large
    /// site has a hundred thousand backlinks.)
    pub spot: Option<u32>,
    /// The text around that link: an index in `from`'s snippets.
    pub snippet: Option<u32>,
    /// How many links it has to the page.
    pub links: usize,
}

/// A target path that no page, folder or file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// From the content root.
    pub path: String,
    /// Matched by `links.ignore`: known to be not written yet.
    pub known: bool,
    /// The links wanting it, in reading order.
    pub wanted_by: Vec<Want>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    pub page: PageId,
    pub line: usize,
}

impl Wanted {
    /// How many pages want it.
    pub fn pages(&self) -> usize {
        let mut pages: Vec<PageId> = self.wanted_by.iter().map(|w| w.page).collect();
        pages.dedup();
        pages.len()
    }
}

/// A `#fragment` naming no id of its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenAnchor {
    pub page: PageId,
    pub line: usize,
    /// The link as written.
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    /// Its page's output path.
    pub out: String,
    /// In reading order.
    pub pages: Vec<PageId>,
}

/// One commit, with the published pages it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub date: String,
    /// `None` when subjects are not shown (`knowledge.show-subjects`).
    pub subject: Option<String>,
    pub pages: Vec<PageId>,
}

/// What the knowledge base is computed from.
pub struct Inputs<'a> {
    pub config: &'a KnowledgeConfig,
    pub site: &'a Site,
    /// The navigation's reading order (lists follow it).
    pub order: &'a [PageId],
    pub rendered: &'a [RenderedPage],
    pub checked: &'a [CheckedPage],
    pub publication: &'a Publication,
    /// `links.ignore`, compiled.
    pub ignore: &'a GlobSet,
    /// The content folder's recent commits, newest first.
    pub history: &'a [Commit],
}

/// What one page tells the knowledge base.
struct Gleaned<'a> {
    /// Its backlinks on the pages it links to, in the order of its first
    /// link to each.
    backlinks: Vec<Linked>,
    wanted: Vec<WantedLink<'a>>,
    anchors: Vec<BrokenAnchor>,
}

/// A backlink and the page it goes on.
struct Linked {
    to: PageId,
    backlink: Backlink,
}

/// A link to a missing target.
struct WantedLink<'a> {
    path: &'a str,
    /// Matched by `links.ignore`.
    known: bool,
    want: Want,
}

impl<'a> Gleaned<'a> {
    fn of(inputs: &Inputs<'a>, from: PageId) -> Gleaned<'a> {
        let (config, r) = (inputs.config, &inputs.rendered[from]);
        let mut page = Gleaned {
            backlinks: Vec::new(),
            wanted: Vec::new(),
            anchors: Vec::new(),
        };
        if config.backlinks {
            page.backlinks = backlinks_from(inputs.site, r, from);
        }
        if config.wanted {
            for link in &r.links {
                let Resolution::Missing { path } = &link.resolution else {
                    continue;
                };
                page.wanted.push(WantedLink {
                    path,
                    known: inputs.ignore.is_match(&link.raw) || inputs.ignore.is_match(path),
                    want: Want {
                        page: from,
                        line: link.location.as_ref().map_or(0, |l| l.line),
                    },
                });
            }
            let anchors = inputs.checked[from]
                .diagnostics
                .iter()
                .filter(|d| d.code == Code::BrokenAnchor);
            page.anchors = anchors
                .map(|d| BrokenAnchor {
                    page: from,
                    line: d.line.unwrap_or(0),
                    target: d.target.clone().unwrap_or_default(),
                })
                .collect();
        }
        page
    }
}

/// `from`'s links, as backlinks of the pages they lead to.
fn backlinks_from(site: &Site, r: &RenderedPage, from: PageId) -> Vec<Linked> {
    let mut snippets: Vec<Option<u32>> = vec![None; r.links.len()];
    for (i, s) in r.snippets.iter().enumerate() {
        if let Some(slot) = snippets.get_mut(s.link) {
            *slot = u32::try_from(i).ok();
        }
    }
    let mut out: Vec<Linked> = Vec::new();
    // Where each page it links to is in `out`.
    let mut seen: HashMap<PageId, usize> = HashMap::new();
    for (i, link) in r.links.iter().enumerate() {
        let Some(to) = link.resolution.target().and_then(|t| site.page_of(t)) else {
            continue;
        };
        // Links a reader does not see (a hand-written breadcrumb line,
        // which folio drops) lead nobody anywhere.
        if to == from || link.is_image || link.html_offset.is_none() {
            continue;
        }
        if let Some(&at) = seen.get(&to) {
            out[at].backlink.links += 1;
            continue;
        }
        seen.insert(to, out.len());
        // The page's title heading is the page itself.
        let skip_title = usize::from(r.title.is_some());
        let above = r.headings[skip_title.min(r.headings.len())..]
            .iter()
            .take_while(|h| h.offset <= link.span.start)
            .count();
        let spot = (above > 0)
            .then(|| u32::try_from(skip_title + above - 1).ok())
            .flatten();
        out.push(Linked {
            to,
            backlink: Backlink {
                from,
                spot,
                snippet: snippets[i],
                links: 1,
            },
        });
    }
    out
}

impl Knowledge {
    pub fn build(inputs: &Inputs) -> Knowledge {
        let Inputs { config, site, .. } = *inputs;
        let order: Vec<PageId> = inputs
            .order
            .iter()
            .copied()
            .filter(|&id| inputs.publication.has_page(site, id))
            .collect();
        let mut k = Knowledge {
            config: config.clone(),
            backlinks: vec![Vec::new(); site.pages.len()],
            ..Knowledge::default()
        };
        // What each page tells, gathered in parallel (a large site has a
        // hundred thousand links), then put together in reading order.
        let gleaned: Vec<Gleaned> = order
            .par_iter()
            .map(|&from| Gleaned::of(inputs, from))
            .collect();
        let mut wanted: BTreeMap<&str, Wanted> = BTreeMap::new();
        let mut tags: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
        for (&from, page) in order.iter().zip(gleaned) {
            for Linked { to, backlink } in page.backlinks {
                k.backlinks[to].push(backlink);
            }
            for link in page.wanted {
                wanted
                    .entry(link.path)
                    .or_insert_with(|| Wanted {
                        path: link.path.to_string(),
                        known: link.known,
                        wanted_by: Vec::new(),
                    })
                    .wanted_by
                    .push(link.want);
            }
            k.broken_anchors.extend(page.anchors);
            if config.tags {
                let front = site.pages[from].source.as_ref().map(|s| &s.front.tags);
                for tag in front.into_iter().flatten() {
                    tags.entry(tag).or_default().push(from);
                }
            }
        }
        k.wanted = wanted.into_values().collect();
        k.tags = tag_files(tags);
        if config.changes {
            k.changes = changes::published(inputs.history, site, &order, config.show_subjects);
        }
        k.order = order;
        k
    }

    /// The pages whose backlinks differ from `old`'s, or quote a page of
    /// `rendered_again` (its text may have changed): their HTML must be
    /// made again.
    pub fn changed_pages<'s>(
        &'s self,
        old: &'s Knowledge,
        rendered_again: &'s BTreeSet<PageId>,
    ) -> impl Iterator<Item = PageId> + 's {
        (0..self.backlinks.len()).filter(move |&id| {
            old.backlinks.get(id) != Some(&self.backlinks[id])
                || self.backlinks[id]
                    .iter()
                    .any(|b| rendered_again.contains(&b.from))
        })
    }
}

/// Each tag with the file of its page: the name with the characters a file
/// name cannot hold replaced, made unique.
fn tag_files(tags: BTreeMap<&str, Vec<PageId>>) -> Vec<Tag> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    tags.into_iter()
        .map(|(name, pages)| {
            let mut stem: String = name
                .chars()
                .map(|c| match c {
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%' => '-',
                    c if c.is_control() => '-',
                    c => c,
                })
                .collect();
            if stem.starts_with('.') || stem == "index" {
                stem.insert(0, '-');
            }
            let n = taken.entry(stem.to_lowercase()).or_insert(0);
            *n += 1;
            if *n > 1 {
                stem = format!("{stem}-{n}");
            }
            Tag {
                name: name.to_string(),
                out: format!("_folio/tags/{stem}.html"),
                pages,
            }
        })
        .collect()
}
