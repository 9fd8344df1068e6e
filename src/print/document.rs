//! One print document: its pages' bodies, with ids made unique across it
//! and links rewritten for a document that is read on paper, and the
//! context of the `print.html` template around them.

use super::ids::{IdSpace, PageIds, Scan};
use crate::config::{MermaidConfig, MermaidMode, Paper};
use crate::links::check::{self, CheckedPage};
use crate::links::rewrite::{self, NewUrl, Splice};
use crate::links::Resolution;
use crate::markdown::spill::Bodies;
use crate::markdown::{escape_html, metadata, push_escaped, RenderedPage};
use crate::render::context::MetaItem;
use crate::render::strings::Strings;
use crate::render::SiteInfo;
use crate::site::urls::{encode_fragment, relative_url, root_prefix};
use crate::site::{FolderId, PageId, Site, Target};
use foldhash::HashMap;
use serde::Serialize;
use std::borrow::Cow;

/// What print pages are made of.
pub struct Sources<'a> {
    pub site: &'a Site,
    /// The navigation's reading order: the order of a print page's pages.
    pub order: &'a [PageId],
    pub rendered: &'a [RenderedPage],
    /// The pages' bodies (in `rendered`, or spilled).
    pub bodies: Bodies<'a>,
    pub checked: &'a [CheckedPage],
    pub strings: &'static Strings,
    pub info: &'a SiteInfo,
    pub mermaid: &'a MermaidConfig,
    pub paper: Paper,
}

/// The context of `print.html`.
#[derive(Debug, Serialize)]
pub struct PrintContext<'a> {
    pub site: &'a SiteInfo,
    /// Relative prefix from the print page to the site root.
    pub root: String,
    pub strings: &'static Strings,
    /// The chapter's title (the folder's; the site's for the whole site).
    pub title: &'a str,
    /// The same, as a CSS string, for the running head in the margins.
    pub title_css: String,
    /// The chapter's index page's metadata lines, and the document's date.
    pub meta: Vec<MetaItem<'a>>,
    /// The newest date among the pages (front matter, metadata lines or the
    /// last git commit): the same input prints the same date.
    pub date: Option<&'a str>,
    pub toc: Vec<PrintTocEntry<'a>>,
    /// Each page's HTML: its title, metadata and body.
    pub sections: Vec<String>,
    /// CSS `@page` size (`A4`, `letter`, ...).
    pub paper: &'static str,
    pub assets: PrintAssets,
}

#[derive(Debug, Serialize)]
pub struct PrintTocEntry<'a> {
    /// 1 for the chapter's own pages, 2 for a sub-folder's, ...
    pub level: usize,
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PrintAssets {
    pub css: String,
    pub highlight_css: String,
    pub print_css: String,
    /// Mermaid, when a page has diagrams and `mermaid.mode` is not `off`.
    pub mermaid: Option<String>,
    pub mermaid_init: Option<String>,
}

/// The print document of `folder` (the root folder: the whole site), which
/// holds `pages` (its [`super::Chapters`] entry).
pub fn document<'a>(
    src: &Sources<'a>,
    folder: FolderId,
    pages: &[PageId],
    out: &str,
    bodies: &mut HeldBodies<'a>,
) -> PrintContext<'a> {
    let site = src.site;
    // Every section's id and every page's known ids (their footnotes' come
    // on top).
    let known: usize = pages
        .iter()
        .map(|&p| {
            let r = &src.rendered[p];
            1 + usize::from(r.title.is_some()) + r.headings.len() + r.anchors.len()
        })
        .sum();
    let mut space = IdSpace::with_capacity(known + 2);
    for reserved in ["print-cover", "print-contents"] {
        space.take(reserved.into());
    }
    // Sections first, so that a page is always reachable at its own id.
    let sections_of: HashMap<PageId, Section> = pages
        .iter()
        .map(|&p| {
            let id = section_id(&site.pages[p].out);
            let id = space.take(id.clone().into()).unwrap_or(id);
            // Written in the contents and in every link to the page.
            let url = format!("#{}", encode_fragment(&id));
            (p, Section { id, url })
        })
        .collect();
    let mut page_ids: HashMap<PageId, PageIds> = pages
        .iter()
        .map(|&p| {
            let r = &src.rendered[p];
            let known = r
                .title
                .iter()
                .map(|t| t.id.as_str())
                .chain(r.headings.iter().map(|h| h.id.as_str()))
                .chain(r.anchors.iter().map(String::as_str));
            (p, PageIds::new(&mut space, known))
        })
        .collect();
    let depth = |f: FolderId| site.ancestry(f).len();
    let top = depth(folder);
    let toc = pages
        .iter()
        .map(|&p| {
            let page = &site.pages[p];
            PrintTocEntry {
                // The chapter's pages and its sub-folders' index pages at
                // level 1, their pages at 2, ...
                level: 1 + depth(page.folder)
                    - top
                    - usize::from(page.is_index && page.folder != folder),
                title: &page.title,
                url: sections_of[&p].url.clone(),
            }
        })
        .collect();
    let doc = Doc {
        src,
        out,
        sections: &sections_of,
    };
    let mut sections = Vec::with_capacity(pages.len());
    for &p in pages {
        let links = doc.link_splices(p, &page_ids);
        let ids = page_ids.get_mut(&p).expect("every page has its ids");
        let held = bodies.get(p);
        sections.push(doc.section(p, held, ids, &mut space, links));
    }
    let root = root_prefix(out);
    let index_meta = site.folders[folder]
        .index
        .filter(|&i| site.pages[i].source.is_some())
        .and_then(|i| src.rendered.get(i))
        .map(|r| r.metadata.as_slice())
        .unwrap_or_default();
    let date = pages
        .iter()
        .flat_map(|&p| {
            [
                site.pages[p].updated.as_deref(),
                metadata::updated(&src.rendered[p].metadata),
            ]
        })
        .flatten()
        .max();
    let mut meta: Vec<MetaItem> = index_meta
        .iter()
        .filter(|m| metadata::updated(std::slice::from_ref(*m)).is_none())
        .map(|m| MetaItem {
            key: &m.key,
            value: &m.value,
        })
        .collect();
    if let Some(date) = date {
        meta.push(MetaItem {
            key: src.strings.last_updated,
            value: date,
        });
    }
    let title = if folder == 0 {
        src.info.title.as_str()
    } else {
        site.folders[folder].title.as_str()
    };
    let has_mermaid = pages.iter().any(|&p| src.rendered[p].has_mermaid);
    let mermaid = match (has_mermaid, src.mermaid.mode) {
        (false, _) | (true, MermaidMode::Off) => None,
        (true, MermaidMode::Bundled) => Some(format!("{root}_folio/mermaid/mermaid.min.js")),
        (true, MermaidMode::Url) => src.mermaid.url.clone(),
    };
    PrintContext {
        site: src.info,
        strings: src.strings,
        title,
        title_css: super::css_string(title),
        meta,
        date,
        toc,
        sections,
        paper: src.paper.css(),
        assets: PrintAssets {
            css: format!("{root}_folio/folio.css"),
            highlight_css: format!("{root}_folio/highlight.css"),
            print_css: format!("{root}_folio/print.css"),
            mermaid_init: mermaid
                .as_ref()
                .map(|_| format!("{root}_folio/mermaid/folio-mermaid.js")),
            mermaid,
        },
        root,
    }
}

/// The bodies of one tree of print pages, each read (from the spill file,
/// unpacked) once: a page is in its folder's print page and in those of the
/// folders above that have one, and each read unpacks it again. Held for
/// one tree at a time, so that no more bodies than the largest print page
/// holds are in memory at once.
pub struct HeldBodies<'a> {
    bodies: Bodies<'a>,
    held: HashMap<PageId, Held<'a>>,
}

/// One body, and where it writes its ids and in-page links.
struct Held<'a> {
    body: Cow<'a, str>,
    scan: Scan,
}

impl<'a> HeldBodies<'a> {
    pub fn new(bodies: Bodies<'a>) -> HeldBodies<'a> {
        HeldBodies {
            bodies,
            held: HashMap::default(),
        }
    }

    fn get(&mut self, page: PageId) -> &Held<'a> {
        let bodies = self.bodies;
        self.held.entry(page).or_insert_with(|| {
            let body = bodies.get(page);
            let scan = Scan::of(&body);
            Held { body, scan }
        })
    }
}

/// A page's section in one document: its id, and the link to it.
struct Section {
    id: String,
    url: String,
}

/// A page's section id: its output path without `.html`
/// (`10-战略报告/技术解决方案/index`), which no heading id looks like.
fn section_id(out: &str) -> String {
    out.strip_suffix(".html").unwrap_or(out).to_string()
}

struct Doc<'a, 's> {
    src: &'s Sources<'a>,
    /// The print page's own output path.
    out: &'s str,
    sections: &'s HashMap<PageId, Section>,
}

impl<'a> Doc<'a, '_> {
    /// The new URL of each of page `p`'s links: into the document where
    /// its target is in it, to the published site (`base-url`) or plain text
    /// where it is not, and files relative to the print page.
    fn link_splices(
        &self,
        p: PageId,
        page_ids: &HashMap<PageId, PageIds<'a>>,
    ) -> Vec<(usize, NewUrl)> {
        let site = self.src.site;
        let fixes = &self.src.checked[p].fixes;
        let base = self
            .src
            .info
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/'));
        let mut edits = Vec::new();
        for link in &self.src.rendered[p].links {
            let Some(offset) = link.html_offset else {
                continue;
            };
            let (target, fragment) = match &link.resolution {
                Resolution::Internal {
                    target, fragment, ..
                } => (target, fragment),
                Resolution::External | Resolution::Web { href: Some(_) } => continue,
                // A link to nothing on the site (a page not written yet, a
                // draft, a private file): relative to the page, its href
                // would lead nowhere from here; its words stay.
                _ => {
                    edits.push((offset, NewUrl::Removed));
                    continue;
                }
            };
            // The id as the checker found it (letter case corrected).
            let fragment = fixes
                .iter()
                .find(|f| f.html_offset == offset)
                .map(|f| f.id.as_str())
                .or(fragment.as_deref());
            let new = match (*target, site.page_of(*target)) {
                (_, Some(to)) if self.sections.contains_key(&to) => {
                    match fragment.and_then(|f| page_ids.get(&to).and_then(|ids| ids.get(f))) {
                        Some(id) => NewUrl::Whole(format!("#{}", encode_fragment(id))),
                        None => NewUrl::Whole(self.sections[&to].url.clone()),
                    }
                }
                (_, Some(to)) => match base {
                    Some(base) => {
                        let url = relative_url("index.html", &site.pages[to].out);
                        let hash = fragment.map(|f| format!("#{}", encode_fragment(f)));
                        NewUrl::Whole(format!("{base}/{url}{}", hash.unwrap_or_default()))
                    }
                    None => NewUrl::Removed,
                },
                (Target::Asset(a), None) => {
                    let rel = &site.assets[a].rel;
                    match base.filter(|_| !link.is_image) {
                        Some(base) => {
                            NewUrl::Whole(format!("{base}/{}", relative_url("index.html", rel)))
                        }
                        None => NewUrl::Whole(relative_url(self.out, rel)),
                    }
                }
                _ => continue,
            };
            edits.push((offset, new));
        }
        edits
    }

    /// Page `p` as a section of the document: its title, metadata lines and
    /// body, with the document's ids, its links rewritten and its broken
    /// links marked.
    fn section(
        &self,
        p: PageId,
        held: &Held,
        ids: &mut PageIds<'a>,
        space: &mut IdSpace<'a>,
        links: Vec<(usize, NewUrl)>,
    ) -> String {
        let site = self.src.site;
        let r = &self.src.rendered[p];
        let body = held.body.as_ref();
        let mut offsets: Vec<usize> = links.iter().map(|(o, _)| *o).collect();
        offsets.sort_unstable();
        let mut splices: Vec<Splice> = links
            .iter()
            .filter_map(|(offset, new)| rewrite::url_splice(body, *offset, new))
            .collect();
        splices.extend(ids.splices(space, body, &held.scan, None, &offsets));
        let title = match &r.title {
            Some(t) => {
                let splices = ids.splices(space, &t.html, &Scan::of(&t.html), Some(&t.id), &[]);
                let inner = rewrite::apply(&t.html, splices, &mut []);
                let id = ids.get(&t.id).unwrap_or(&t.id);
                format!(
                    "<h1 id=\"{}\">{inner}</h1>",
                    crate::markdown::escape_attr(id)
                )
            }
            None if r.h1().is_none() => format!("<h1>{}</h1>", escape_html(&site.pages[p].title)),
            None => String::new(),
        };
        let updated = site.pages[p].updated.as_deref();
        let items = r
            .metadata
            .iter()
            .map(|m| (m.key.as_str(), m.value.as_str()))
            .chain(
                updated
                    .filter(|_| metadata::updated(&r.metadata).is_none())
                    .map(|d| (self.src.strings.last_updated, d)),
            );
        // One buffer the size of the section, the body spliced straight
        // into it: `format!` grew it by doubling, copying the body again
        // each time.
        let id = crate::markdown::escape_attr(&self.sections[&p].id);
        let mut out = String::with_capacity(body.len() + title.len() + id.len() + 512);
        out.push_str("<section class=\"print-page\" id=\"");
        out.push_str(&id);
        out.push_str("\">\n<header class=\"page-header\">");
        out.push_str(&title);
        let mut items = items.peekable();
        if items.peek().is_some() {
            out.push_str("\n<dl class=\"page-meta\">");
            for (key, value) in items {
                out.push_str("<div><dt>");
                push_escaped(&mut out, key);
                out.push_str("</dt><dd>");
                push_escaped(&mut out, value);
                out.push_str("</dd></div>");
            }
            out.push_str("</dl>");
        }
        out.push_str("</header>\n");
        let mut marks = self.src.checked[p].marks.clone();
        if marks.is_empty() {
            rewrite::apply_onto(&mut out, body, splices, &mut marks);
        } else {
            let body = rewrite::apply(body, splices, &mut marks);
            out.push_str(&check::mark_broken(
                &body,
                &marks,
                &check::Marking {
                    broken_prefix: self.src.strings.broken_link,
                    known_prefix: self.src.strings.knowledge.known_prefix,
                    wanted_url: None,
                },
            ));
        }
        out.push_str("\n</section>");
        out
    }
}
