//! The typed template context. Every template gets one `PageContext`; the
//! README documents its fields for theme authors.

use super::strings::Strings;
use crate::config::{MermaidConfig, MermaidMode};
use crate::knowledge::view::{self, PageView};
use crate::knowledge::Knowledge;
use crate::markdown::{metadata, RenderedPage};
use crate::nav::{window, Nav, NodeId, NodeKind};
use crate::site::forge::WebAddress;
use crate::site::publish::is_listed_file;
use crate::site::urls::{encode_fragment, relative_url, root_prefix};
use crate::site::{file_name, FolderId, PageId, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// `zh-CN` or `en`.
    pub language: &'static str,
    pub base_url: Option<String>,
    /// Full-text search is on (`search.enabled`): pages show the search box.
    pub search: bool,
    /// The audience build's banner, shown on every page and printed sheet.
    pub banner: Option<String>,
    /// Pages link to their source on the forge (`repo-url`): not in an
    /// audience build, unless it sets `source-links`.
    pub source_links: bool,
}

#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub site: &'a SiteInfo,
    pub page: PageInfo<'a>,
    /// Relative prefix from this page to the site root (`""`, `"../"`, ...).
    pub root: String,
    /// Home > folders > page; empty on the home page.
    pub breadcrumbs: Vec<Link<'a>>,
    /// The sidebar HTML of this page's folder (the `sidebar.html` template,
    /// rendered once per folder and window: the pages of a folder share its
    /// branch, see `nav::window`).
    /// The page marks its own entry (`data-key` = `page.key`) at load time.
    pub sidebar_html: &'a str,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    /// Headings h2-h3 of this page.
    pub toc: Vec<TocEntry<'a>>,
    /// For folder index pages: the folder's pages and sub-folders; on the
    /// 404 page: the top-level sections.
    pub children: Vec<Child<'a>>,
    /// For the listing of a folder without pages: its folders, then its
    /// files, by name (empty on other pages).
    pub listing: Vec<ListedEntry<'a>>,
    pub strings: &'static Strings,
    /// URLs of folio's assets, relative to this page.
    pub assets: Assets,
    /// Backlinks, task progress, tags and the knowledge-base links.
    pub knowledge: PageView<'a>,
    /// A multi-language tree: this page in the other languages (its twin,
    /// else the nearest folder index that language has); empty otherwise.
    pub translations: Vec<crate::languages::Translation>,
}

#[derive(Debug, Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    /// The `key` of this page's sidebar entry.
    pub key: String,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    /// The rendered Markdown (HTML).
    pub content: &'a str,
    /// Source path relative to the content folder; `None` for generated pages.
    pub source_path: Option<&'a str>,
    /// The forge's editor and view of the source file (`repo-url`,
    /// `repo-branch`); `None` without `repo-url` and on generated pages.
    pub edit_url: Option<String>,
    pub source_url: Option<String>,
    /// This page's own URL (relative to itself).
    pub url: String,
    /// The page's absolute URL under `base-url`, when one is configured.
    pub canonical: Option<String>,
    pub is_home: bool,
    pub is_index: bool,
    /// A folder index folio generated (the folder has no README.md).
    pub is_generated: bool,
    /// The generated listing of a folder without pages (see `listing`).
    pub is_listing: bool,
    /// The body shows its own title (templates then skip theirs): a
    /// `# title`, or a first heading of any level that reads as the title
    /// (GitBook and mdBook pages open with `## 7.17 多阶段构建` and take the
    /// same words from the summary).
    pub has_h1: bool,
    pub has_mermaid: bool,
    /// Inner HTML of the page's opening `# title` (taken out of `content`)
    /// and its id; `None` when the page does not open with one.
    pub title_html: Option<&'a str>,
    pub title_id: Option<&'a str>,
    /// Last updated: front matter `date`, else the file's last git commit.
    pub updated: Option<&'a str>,
    /// The metadata block: the page's leading `**key**: value` lines, plus
    /// "last updated" when those lines do not say it.
    pub meta: Vec<MetaItem<'a>>,
    /// The print page of this page's folder (its chapter), if it has one
    /// (`print.enabled`).
    pub print_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MetaItem<'a> {
    pub key: &'a str,
    pub value: &'a str,
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
    /// A short stable key of the page this item links to (a hash of its
    /// output path); the current page's entry is the one whose key equals
    /// `page.key`.
    pub key: String,
    /// A folder on the way to the current page (its children are listed).
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
    /// The file or folder name, when a sibling has the same title.
    pub hint: Option<String>,
    /// For the "… N more" entry that stands for siblings left out of this
    /// page's window (a large folder): which they are. `None` for entries.
    pub more: Option<More>,
}

/// Siblings a sidebar leaves out: `count` entries from `from` (their
/// indices in the folder's `children` of `_folio/nav.js`). The item's
/// `url` is the folder's index page, which lists them all.
#[derive(Debug, Serialize)]
pub struct More {
    pub from: usize,
    pub count: usize,
}

/// The context of `sidebar.html`, rendered once per folder.
#[derive(Debug, Serialize)]
pub struct SidebarContext<'a> {
    pub items: Vec<NavItem<'a>>,
    /// Relative prefix from the folder to the site root.
    pub root: String,
    pub strings: &'static Strings,
    /// The knowledge-base pages (unless `knowledge.links = "off"`).
    pub knowledge_links: Vec<Link<'a>>,
    /// They are in the header too (the sidebar shows them on narrow
    /// screens only).
    pub knowledge_in_header: bool,
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
    /// The `description` from front matter (of a folder's index page).
    pub description: Option<&'a str>,
    /// A folder with entries besides its index page (one holding only its
    /// index page, such as a folder note, is shown as the page it is).
    pub is_folder: bool,
    /// For folders: how many pages and sub-folders it holds directly.
    pub entries: usize,
}

/// One entry of a folder listing: a sub-folder or a file.
#[derive(Debug, Serialize)]
pub struct ListedEntry<'a> {
    /// The file or folder name, as on disk.
    pub name: &'a str,
    pub url: String,
    pub is_folder: bool,
}

#[derive(Debug, Serialize)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub highlight_css: String,
    /// The full navigation tree as a script (`window.FOLIO_NAV`), shared by
    /// every page; the sidebar script expands folders from it.
    pub nav: String,
    /// Mermaid's script, only on pages with a diagram (and `mermaid.mode`
    /// not `"off"`): the bundled copy under `_folio/mermaid/`, or the
    /// configured `mermaid.url`.
    pub mermaid: Option<String>,
    /// folio's Mermaid start-up script (theme handling, error boxes), set
    /// together with `mermaid`.
    pub mermaid_init: Option<String>,
    /// The search box's script and stylesheet, when search is on. The
    /// script loads the index (`_folio/search/index.js`) itself, on the
    /// first focus of the box.
    pub search_js: Option<String>,
    pub search_css: Option<String>,
}

/// The sidebar key of a page: 32-bit FNV-1a of its output path, in hex.
/// It depends on nothing but the page itself, so pages do not change when
/// others are added.
pub fn nav_key(out: &str) -> String {
    let hash = out.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

pub struct ContextBuilder<'a> {
    pub site: &'a Site,
    pub nav: &'a Nav,
    pub info: &'a SiteInfo,
    pub rendered: &'a [RenderedPage],
    pub strings: &'static Strings,
    pub show_breadcrumbs: bool,
    pub mermaid: &'a MermaidConfig,
    pub knowledge: &'a Knowledge,
    /// The folders that have a print page, by id (none with
    /// `print.enabled = false`).
    pub printed: &'a [bool],
}

impl<'a> ContextBuilder<'a> {
    /// The context of one page: `sidebar_html` is its folder's rendered
    /// sidebar, `content` its body (broken links marked).
    pub fn page<'b>(
        &'b self,
        id: PageId,
        sidebar_html: &'b str,
        content: &'b str,
    ) -> PageContext<'b>
    where
        'a: 'b,
    {
        let site = self.site;
        let page = &site.pages[id];
        let r = &self.rendered[id];
        let root = root_prefix(&page.out);
        let nav = self.nav;
        let link = |p: PageId| Link {
            title: self.nav_title(p),
            url: relative_url(&page.out, &site.pages[p].out),
        };
        let position = nav.position(id);
        let is_home = id == site.home();
        PageContext {
            site: self.info,
            page: PageInfo {
                key: nav_key(&page.out),
                title: &page.title,
                description: page.description.as_deref(),
                date: page.date.as_deref(),
                content,
                source_path: page.src().map(|s| site.file(s)),
                edit_url: self.on_forge(page.src(), WebAddress::edit),
                source_url: self.on_forge(page.src(), WebAddress::blob),
                url: relative_url(&page.out, &page.out),
                canonical: self.canonical(&page.out),
                is_home,
                is_index: page.is_index,
                is_generated: page.source.is_none(),
                is_listing: site.folders[page.folder].listing.is_some(),
                has_h1: r.title.is_none()
                    && (r.h1().is_some()
                        || r.headings.first().is_some_and(|h| h.text == page.title)),
                has_mermaid: r.has_mermaid,
                title_html: r.title.as_ref().map(|t| t.html.as_str()),
                title_id: r.title.as_ref().map(|t| t.id.as_str()),
                updated: page.updated.as_deref(),
                meta: self.meta(r, page.updated.as_deref()),
                print_url: self.print_url(id),
            },
            breadcrumbs: if is_home || !self.show_breadcrumbs {
                Vec::new()
            } else {
                self.breadcrumbs(id)
            },
            sidebar_html,
            prev: position
                .and_then(|p| p.checked_sub(1))
                .map(|i| link(nav.order()[i])),
            next: position
                .and_then(|p| nav.order().get(p + 1))
                .map(|&p| link(p)),
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
                self.children(&page.out, page.folder)
            } else {
                Vec::new()
            },
            listing: self.listing(&page.out, page.folder),
            strings: self.strings,
            assets: self.assets(&root, r.has_mermaid),
            knowledge: view::page(self.knowledge, site, self.rendered, id, self.strings),
            translations: self.translations(&page.out),
            root,
        }
    }

    /// The print page of page `id`'s folder, relative to the page.
    fn print_url(&self, id: PageId) -> Option<String> {
        let site = self.site;
        let page = &site.pages[id];
        let has = self.printed.get(page.folder).copied().unwrap_or(false);
        has.then(|| relative_url(&page.out, &crate::print::print_path(site, page.folder)))
    }

    /// `view` of the source file `src` on the forge, if `repo-url` is set.
    /// The language switcher of the page written at `out`.
    fn translations(&self, out: &str) -> Vec<crate::languages::Translation> {
        self.site
            .language()
            .map(|v| v.translations(out))
            .unwrap_or_default()
    }

    fn on_forge(&self, src: Option<&str>, view: fn(&WebAddress, &str) -> String) -> Option<String> {
        if !self.info.source_links {
            return None;
        }
        let repo = &self.site.repo;
        let web = repo.web.as_ref()?;
        let src = self.site.file(src?);
        let path = if repo.content_prefix.is_empty() {
            src.to_string()
        } else {
            format!("{}/{src}", repo.content_prefix)
        };
        Some(view(web, &path))
    }

    fn canonical(&self, out: &str) -> Option<String> {
        let base = self.info.base_url.as_deref()?;
        Some(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            relative_url("index.html", out)
        ))
    }

    fn assets(&self, root: &str, has_mermaid: bool) -> Assets {
        let mermaid = match (has_mermaid, self.mermaid.mode) {
            (false, _) | (true, MermaidMode::Off) => None,
            (true, MermaidMode::Bundled) => Some(format!("{root}_folio/mermaid/mermaid.min.js")),
            (true, MermaidMode::Url) => self.mermaid.url.clone(),
        };
        let search = self.info.search;
        Assets {
            css: format!("{root}_folio/folio.css"),
            js: format!("{root}_folio/folio.js"),
            highlight_css: format!("{root}_folio/highlight.css"),
            nav: format!("{root}_folio/nav.js"),
            mermaid_init: mermaid
                .as_ref()
                .map(|_| format!("{root}_folio/mermaid/folio-mermaid.js")),
            mermaid,
            search_js: search.then(|| format!("{root}_folio/search/search.js")),
            search_css: search.then(|| format!("{root}_folio/search/search.css")),
        }
    }

    fn meta(&self, r: &'a RenderedPage, updated: Option<&'a str>) -> Vec<MetaItem<'a>> {
        let mut items: Vec<MetaItem> = r
            .metadata
            .iter()
            .map(|m| MetaItem {
                key: &m.key,
                value: &m.value,
            })
            .collect();
        if let (Some(date), None) = (updated, metadata::updated(&r.metadata)) {
            items.push(MetaItem {
                key: self.strings.last_updated,
                value: date,
            });
        }
        items
    }

    /// A page's title as navigation shows it (a navigation file may name
    /// it otherwise).
    fn nav_title(&self, page: PageId) -> &'a str {
        match self.nav.page_node(page) {
            Some(node) => &self.nav.node(node).title,
            None => &self.site.pages[page].title,
        }
    }

    fn breadcrumbs(&self, id: PageId) -> Vec<Link<'a>> {
        let site = self.site;
        let nav = self.nav;
        let page = &site.pages[id];
        if nav.page_node(id).is_none() {
            return self.listing_breadcrumbs(id);
        }
        let mut crumbs: Vec<Link> = nav
            .ancestry(site, id)
            .into_iter()
            .filter_map(|node| {
                let index = nav.page_of(site, node)?;
                Some(Link {
                    title: if node == nav.root() {
                        self.strings.home
                    } else {
                        &nav.node(node).title
                    },
                    url: relative_url(&page.out, &site.pages[index].out),
                })
            })
            .collect();
        if !page.is_index {
            crumbs.push(Link {
                title: self.nav_title(id),
                url: relative_url(&page.out, &page.out),
            });
        }
        crumbs
    }

    /// A folder listing is not in the navigation: its breadcrumbs lead up
    /// through the folders on disk (listings among them).
    fn listing_breadcrumbs(&self, id: PageId) -> Vec<Link<'a>> {
        let site = self.site;
        let page = &site.pages[id];
        site.ancestry(page.folder)
            .into_iter()
            .map(|f| Link {
                title: if f == 0 {
                    self.strings.home
                } else {
                    self.nav
                        .folder_node(f)
                        .map_or(&site.folders[f].title, |n| &self.nav.node(n).title)
                },
                url: relative_url(&page.out, &site.pages[site.index_page(f)].out),
            })
            .collect()
    }

    /// The context of `404.html`, which sits at the output root.
    /// `sidebar_html` is the root folder's sidebar (404.html sits at the root).
    pub fn not_found(&self, sidebar_html: &'a str) -> PageContext<'a> {
        let home = self.site.home();
        let from = "404.html";
        PageContext {
            site: self.info,
            page: PageInfo {
                key: String::new(),
                title: self.strings.not_found_title,
                description: None,
                date: None,
                content: "",
                source_path: None,
                edit_url: None,
                source_url: None,
                url: from.to_string(),
                canonical: None,
                is_home: false,
                is_index: false,
                is_generated: true,
                is_listing: false,
                has_h1: false,
                has_mermaid: false,
                title_html: None,
                title_id: None,
                updated: None,
                meta: Vec::new(),
                print_url: None,
            },
            root: String::new(),
            breadcrumbs: vec![Link {
                title: self.strings.home,
                url: relative_url(from, &self.site.pages[home].out),
            }],
            sidebar_html,
            prev: None,
            next: None,
            toc: Vec::new(),
            children: self.children(from, 0),
            listing: Vec::new(),
            strings: self.strings,
            assets: self.assets("", false),
            knowledge: PageView {
                links: view::header_links(self.knowledge, from, self.strings),
                ..PageView::default()
            },
            translations: self.translations(from),
        }
    }

    /// The context of a page folio generates (the knowledge base's) at
    /// `out`, with its title, content and sidebar.
    pub fn generated(
        &self,
        out: &'a str,
        title: &'a str,
        content: &'a str,
        sidebar_html: &'a str,
    ) -> PageContext<'a> {
        let mut context = self.not_found(sidebar_html);
        let root = root_prefix(out);
        context.page.title = title;
        context.page.content = content;
        context.page.url = relative_url(out, out);
        context.page.canonical = self.canonical(out);
        context.page.is_generated = false;
        context.breadcrumbs = vec![
            Link {
                title: self.strings.home,
                url: relative_url(out, &self.site.pages[self.site.home()].out),
            },
            Link {
                title,
                url: relative_url(out, out),
            },
        ];
        context.children = Vec::new();
        context.knowledge.links = view::header_links(self.knowledge, out, self.strings);
        context.translations = self.translations(out);
        context.assets = self.assets(&root, false);
        context.root = root;
        context
    }

    /// The sidebar of the pages of `folder` in window `block` (see
    /// `nav::window`): the home page, the top level, and the folders from
    /// the root down to `folder` open.
    pub fn sidebar(&self, folder: FolderId, block: usize) -> SidebarContext<'a> {
        let site = self.site;
        self.sidebar_from(folder, block, &site.pages[site.index_page(folder)].out)
    }

    /// The sidebar of `folder` in window `block`, its links made from the
    /// output file `from` (a generated page's).
    pub fn sidebar_from(&self, folder: FolderId, block: usize, from: &str) -> SidebarContext<'a> {
        let site = self.site;
        let nav = self.nav;
        let open: Vec<NodeId> = nav.ancestry(site, site.index_page(folder));
        let home = site.home();
        let mut items = vec![NavItem {
            title: self.strings.home,
            url: relative_url(from, &site.pages[home].out),
            is_folder: false,
            key: nav_key(&site.pages[home].out),
            open: false,
            children: Vec::new(),
            hint: None,
            more: None,
        }];
        items.extend(self.nav_children(nav.root(), from, &open, block));
        SidebarContext {
            items,
            root: root_prefix(from),
            strings: self.strings,
            knowledge_links: view::sidebar_links(self.knowledge, from, self.strings),
            knowledge_in_header: self.knowledge.config.links
                == crate::config::KnowledgeLinks::Header,
        }
    }

    /// The entries of the open folder `node`: the window around the open
    /// sub-folder on the way down, or (the page's own folder) `block`.
    fn nav_children(
        &self,
        node: NodeId,
        from: &str,
        open: &[NodeId],
        block: usize,
    ) -> Vec<NavItem<'a>> {
        let site = self.site;
        let nav = self.nav;
        let children = &nav.node(node).children;
        let len = children.len();
        let shown = match children.iter().position(|c| open.contains(c)) {
            Some(at) => window::window(window::block_of(at, len), len),
            None => window::window(block, len),
        };
        let more = |from_entry: usize, count: usize| NavItem {
            title: "",
            url: nav
                .page_of(site, node)
                .map(|p| relative_url(from, &site.pages[p].out))
                .unwrap_or_default(),
            is_folder: false,
            key: String::new(),
            open: false,
            children: Vec::new(),
            hint: None,
            more: Some(More {
                from: from_entry,
                count,
            }),
        };
        let mut items = Vec::with_capacity(shown.len() + 2);
        if shown.start > 0 {
            items.push(more(0, shown.start));
        }
        for &child in &children[shown.clone()] {
            let n = nav.node(child);
            let is_open = open.contains(&child);
            let url = match &n.kind {
                NodeKind::External { url } => url.clone(),
                _ => nav
                    .page_of(site, child)
                    .map(|p| relative_url(from, &site.pages[p].out))
                    .unwrap_or_default(),
            };
            let key = match nav.page_of(site, child) {
                Some(p) => nav_key(&site.pages[p].out),
                None => String::new(),
            };
            items.push(NavItem {
                title: &n.title,
                url,
                is_folder: matches!(n.kind, NodeKind::Folder(_)),
                key,
                open: is_open,
                children: if is_open {
                    self.nav_children(child, from, open, block)
                } else {
                    Vec::new()
                },
                hint: n.hint.clone(),
                more: None,
            });
        }
        if shown.end < len {
            items.push(more(shown.end, len - shown.end));
        }
        items
    }

    /// What the listing of `folder` shows, linked from `from`; empty for a
    /// folder with pages.
    fn listing(&self, from: &str, folder: FolderId) -> Vec<ListedEntry<'a>> {
        let site = self.site;
        let Some(listing) = &site.folders[folder].listing else {
            return Vec::new();
        };
        let folders = listing.folders.iter().map(|&f| ListedEntry {
            name: file_name(&site.folders[f].rel),
            url: relative_url(from, &site.pages[site.index_page(f)].out),
            is_folder: true,
        });
        let files = listing
            .files
            .iter()
            .filter(|&&a| is_listed_file(site, a))
            .map(|&a| ListedEntry {
                name: file_name(&site.assets[a].rel),
                url: relative_url(from, &site.assets[a].rel),
                is_folder: false,
            });
        folders.chain(files).collect()
    }

    /// A folder's entries as its index page's cards (every one, however
    /// many: readers without JavaScript reach a large folder's pages here).
    fn children(&self, from: &str, folder: FolderId) -> Vec<Child<'a>> {
        let site = self.site;
        let nav = self.nav;
        let Some(node) = nav.folder_node(folder) else {
            return Vec::new();
        };
        nav.node(node)
            .children
            .iter()
            .filter_map(|&c| {
                let n = nav.node(c);
                let (url, description, entries) = match &n.kind {
                    NodeKind::Page(p) => (
                        relative_url(from, &site.pages[*p].out),
                        site.pages[*p].description.as_deref(),
                        0,
                    ),
                    NodeKind::Folder(f) => {
                        let index = site.index_page(*f);
                        (
                            relative_url(from, &site.pages[index].out),
                            site.pages[index].description.as_deref(),
                            n.children.len(),
                        )
                    }
                    NodeKind::External { url } => (url.clone(), None, 0),
                    NodeKind::Section | NodeKind::Draft => return None,
                };
                Some(Child {
                    title: &n.title,
                    url,
                    description,
                    // A folder holding nothing but its index page (a
                    // folder note, `X/X.md`) is, to a reader, that page.
                    is_folder: entries > 0,
                    entries,
                })
            })
            .collect()
    }
}
