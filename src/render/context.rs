//! The typed template context. Every template gets one `PageContext`; the
//! README documents its fields for theme authors.

use super::strings::Strings;
use crate::config::{MermaidConfig, MermaidMode};
use crate::markdown::RenderedPage;
use crate::site::urls::{encode_fragment, relative_url, root_prefix};
use crate::site::{Entry, FolderId, PageId, Site};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// `zh-CN` or `en`.
    pub language: &'static str,
    pub base_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub site: &'a SiteInfo,
    pub page: PageInfo<'a>,
    /// Relative prefix from this page to the site root (`""`, `"../"`, ...).
    pub root: String,
    /// Home > folders > page; empty on the home page.
    pub breadcrumbs: Vec<Link<'a>>,
    /// The sidebar: the home page, then the top level; folders on the way
    /// to this page are open and list their children.
    pub sidebar: Vec<NavItem<'a>>,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    /// Headings h2-h3 of this page.
    pub toc: Vec<TocEntry<'a>>,
    /// For folder index pages: the folder's pages and sub-folders.
    pub children: Vec<Child<'a>>,
    pub strings: &'static Strings,
    /// URLs of folio's assets, relative to this page.
    pub assets: Assets,
}

#[derive(Debug, Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    /// The rendered Markdown (HTML).
    pub content: &'a str,
    /// Source path relative to the content folder; `None` for generated pages.
    pub source_path: Option<&'a str>,
    /// This page's own URL (relative to itself).
    pub url: String,
    pub is_home: bool,
    pub is_index: bool,
    /// A folder index folio generated (the folder has no README.md).
    pub is_generated: bool,
    /// The body starts with its own `# title` (templates then skip theirs).
    pub has_h1: bool,
    pub has_mermaid: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub url: String,
    pub is_folder: bool,
    /// This item is the current page.
    pub current: bool,
    /// A folder on the way to the current page (its children are listed).
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub title: &'a str,
    /// `#id`, percent-encoded.
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct Child<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub is_folder: bool,
}

#[derive(Debug, Serialize)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub highlight_css: String,
    /// Mermaid's script, only on pages with a diagram (and `mermaid.mode`
    /// not `"off"`): the bundled copy under `_folio/mermaid/`, or the
    /// configured `mermaid.url`.
    pub mermaid: Option<String>,
    /// folio's Mermaid start-up script (theme handling, error boxes), set
    /// together with `mermaid`.
    pub mermaid_init: Option<String>,
}

pub struct ContextBuilder<'a> {
    pub site: &'a Site,
    pub info: &'a SiteInfo,
    pub rendered: &'a [RenderedPage],
    pub bodies: &'a [String],
    pub strings: &'static Strings,
    pub show_breadcrumbs: bool,
    pub mermaid: &'a MermaidConfig,
}

impl<'a> ContextBuilder<'a> {
    pub fn page(&self, id: PageId, position: usize) -> PageContext<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let r = &self.rendered[id];
        let root = root_prefix(&page.out);
        let link = |p: PageId| Link {
            title: &site.pages[p].title,
            url: relative_url(&page.out, &site.pages[p].out),
        };
        let is_home = id == site.home();
        PageContext {
            site: self.info,
            page: PageInfo {
                title: &page.title,
                description: page.description.as_deref(),
                date: page.date.as_deref(),
                content: &self.bodies[id],
                source_path: page.src(),
                url: relative_url(&page.out, &page.out),
                is_home,
                is_index: page.is_index,
                is_generated: page.source.is_none(),
                has_h1: r.h1().is_some(),
                has_mermaid: r.has_mermaid,
            },
            breadcrumbs: if is_home || !self.show_breadcrumbs {
                Vec::new()
            } else {
                self.breadcrumbs(id)
            },
            sidebar: self.sidebar(id),
            prev: position.checked_sub(1).map(|i| link(site.order[i])),
            next: site.order.get(position + 1).map(|&p| link(p)),
            toc: r
                .headings
                .iter()
                .filter(|h| matches!(h.level, 2 | 3))
                .map(|h| TocEntry {
                    level: h.level,
                    title: &h.text,
                    url: format!("#{}", encode_fragment(&h.id)),
                })
                .collect(),
            children: if page.is_index {
                self.children(id, site.pages[id].folder)
            } else {
                Vec::new()
            },
            strings: self.strings,
            assets: self.assets(&root, r.has_mermaid),
            root,
        }
    }

    fn assets(&self, root: &str, has_mermaid: bool) -> Assets {
        let mermaid = match (has_mermaid, self.mermaid.mode) {
            (false, _) | (true, MermaidMode::Off) => None,
            (true, MermaidMode::Bundled) => Some(format!("{root}_folio/mermaid/mermaid.min.js")),
            (true, MermaidMode::Url) => self.mermaid.url.clone(),
        };
        Assets {
            css: format!("{root}_folio/folio.css"),
            js: format!("{root}_folio/folio.js"),
            highlight_css: format!("{root}_folio/highlight.css"),
            mermaid_init: mermaid
                .as_ref()
                .map(|_| format!("{root}_folio/mermaid/folio-mermaid.js")),
            mermaid,
        }
    }

    fn breadcrumbs(&self, id: PageId) -> Vec<Link<'a>> {
        let site = self.site;
        let page = &site.pages[id];
        let mut crumbs: Vec<Link> = site
            .ancestry(page.folder)
            .into_iter()
            .map(|f| {
                let index = site.folders[f].index;
                Link {
                    title: if f == 0 {
                        self.strings.home
                    } else {
                        &site.folders[f].title
                    },
                    url: relative_url(&page.out, &site.pages[index].out),
                }
            })
            .collect();
        if !page.is_index {
            crumbs.push(Link {
                title: &page.title,
                url: relative_url(&page.out, &page.out),
            });
        }
        crumbs
    }

    /// The context of `404.html`, which sits at the output root.
    pub fn not_found(&self) -> PageContext<'a> {
        let home = self.site.home();
        let from = "404.html";
        PageContext {
            site: self.info,
            page: PageInfo {
                title: self.strings.not_found_title,
                description: None,
                date: None,
                content: "",
                source_path: None,
                url: from.to_string(),
                is_home: false,
                is_index: false,
                is_generated: true,
                has_h1: false,
                has_mermaid: false,
            },
            root: String::new(),
            breadcrumbs: vec![Link {
                title: self.strings.home,
                url: relative_url(from, &self.site.pages[home].out),
            }],
            sidebar: self.sidebar_for(from, None, &[0]),
            prev: None,
            next: None,
            toc: Vec::new(),
            children: Vec::new(),
            strings: self.strings,
            assets: self.assets("", false),
        }
    }

    fn sidebar(&self, id: PageId) -> Vec<NavItem<'a>> {
        let site = self.site;
        let open: Vec<FolderId> = site.ancestry(site.pages[id].folder);
        self.sidebar_for(&site.pages[id].out, Some(id), &open)
    }

    fn sidebar_for(
        &self,
        from: &str,
        current: Option<PageId>,
        open: &[FolderId],
    ) -> Vec<NavItem<'a>> {
        let site = self.site;
        let home = site.home();
        let mut items = vec![NavItem {
            title: self.strings.home,
            url: relative_url(from, &site.pages[home].out),
            is_folder: false,
            current: current == Some(home),
            open: false,
            children: Vec::new(),
        }];
        items.extend(self.nav_children(0, from, current, open));
        items
    }

    fn nav_children(
        &self,
        folder: FolderId,
        from: &str,
        current: Option<PageId>,
        open: &[FolderId],
    ) -> Vec<NavItem<'a>> {
        let site = self.site;
        site.folders[folder]
            .children
            .iter()
            .map(|e| match *e {
                Entry::Page(p) => NavItem {
                    title: &site.pages[p].title,
                    url: relative_url(from, &site.pages[p].out),
                    is_folder: false,
                    current: Some(p) == current,
                    open: false,
                    children: Vec::new(),
                },
                Entry::Folder(f) => {
                    let is_open = open.contains(&f);
                    let index = site.folders[f].index;
                    NavItem {
                        title: &site.folders[f].title,
                        url: relative_url(from, &site.pages[index].out),
                        is_folder: true,
                        current: Some(index) == current,
                        open: is_open,
                        children: if is_open {
                            self.nav_children(f, from, current, open)
                        } else {
                            Vec::new()
                        },
                    }
                }
            })
            .collect()
    }

    fn children(&self, id: PageId, folder: FolderId) -> Vec<Child<'a>> {
        let site = self.site;
        let from = &site.pages[id].out;
        site.folders[folder]
            .children
            .iter()
            .map(|e| match *e {
                Entry::Page(p) => Child {
                    title: &site.pages[p].title,
                    url: relative_url(from, &site.pages[p].out),
                    description: site.pages[p].description.as_deref(),
                    is_folder: false,
                },
                Entry::Folder(f) => {
                    let index = site.folders[f].index;
                    Child {
                        title: &site.folders[f].title,
                        url: relative_url(from, &site.pages[index].out),
                        description: site.pages[index].description.as_deref(),
                        is_folder: true,
                    }
                }
            })
            .collect()
    }
}
