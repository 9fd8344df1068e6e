//! The typed template context. Every template gets one `PageContext`; the
//! README documents its fields for theme authors.

use super::strings::Strings;
use crate::config::{MermaidConfig, MermaidMode};
use crate::markdown::{metadata, RenderedPage};
use crate::site::forge::WebAddress;
use crate::site::publish::is_listed_file;
use crate::site::urls::{encode_fragment, relative_url, root_prefix};
use crate::site::{file_name, Entry, FolderId, PageId, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    /// `zh-CN` or `en`.
    pub language: &'static str,
    pub base_url: Option<String>,
    /// Full-text search is on (`search.enabled`): pages show the search box.
    pub search: bool,
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
    /// rendered once per folder: every page of a folder shares its branch).
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
    /// The body starts with its own `# title` (templates then skip theirs).
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
}

/// The context of `sidebar.html`, rendered once per folder.
#[derive(Debug, Serialize)]
pub struct SidebarContext<'a> {
    pub items: Vec<NavItem<'a>>,
    /// Relative prefix from the folder to the site root.
    pub root: String,
    pub strings: &'static Strings,
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
    pub info: &'a SiteInfo,
    pub rendered: &'a [RenderedPage],
    pub strings: &'static Strings,
    pub show_breadcrumbs: bool,
    pub mermaid: &'a MermaidConfig,
    /// Print pages are written (`print.enabled`).
    pub print: bool,
}

impl<'a> ContextBuilder<'a> {
    /// The context of one page: `sidebar_html` is its folder's rendered
    /// sidebar, `content` its body (broken links marked).
    pub fn page<'b>(
        &'b self,
        id: PageId,
        position: Option<usize>,
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
        let link = |p: PageId| Link {
            title: &site.pages[p].title,
            url: relative_url(&page.out, &site.pages[p].out),
        };
        let is_home = id == site.home();
        PageContext {
            site: self.info,
            page: PageInfo {
                key: nav_key(&page.out),
                title: &page.title,
                description: page.description.as_deref(),
                date: page.date.as_deref(),
                content,
                source_path: page.src(),
                edit_url: self.on_forge(page.src(), WebAddress::edit),
                source_url: self.on_forge(page.src(), WebAddress::blob),
                url: relative_url(&page.out, &page.out),
                canonical: self.canonical(&page.out),
                is_home,
                is_index: page.is_index,
                is_generated: page.source.is_none(),
                is_listing: site.folders[page.folder].listing.is_some(),
                has_h1: r.title.is_none() && r.h1().is_some(),
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
                .map(|i| link(site.order[i])),
            next: position
                .and_then(|p| site.order.get(p + 1))
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
            root,
        }
    }

    /// The print page of page `id`'s folder, relative to the page.
    fn print_url(&self, id: PageId) -> Option<String> {
        let site = self.site;
        let page = &site.pages[id];
        let has = self.print
            && (page.source.is_some() || crate::print::has_print_page(site, page.folder));
        has.then(|| relative_url(&page.out, &crate::print::print_path(site, page.folder)))
    }

    /// `view` of the source file `src` on the forge, if `repo-url` is set.
    fn on_forge(&self, src: Option<&str>, view: fn(&WebAddress, &str) -> String) -> Option<String> {
        let repo = &self.site.repo;
        let web = repo.web.as_ref()?;
        let src = src?;
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
        }
    }

    /// The sidebar of every page in `folder`: the home page, the top level,
    /// and the folders from the root down to `folder` open.
    pub fn sidebar(&self, folder: FolderId) -> SidebarContext<'a> {
        let site = self.site;
        let open: Vec<FolderId> = site.ancestry(folder);
        let from = &site.pages[site.folders[folder].index].out;
        let home = site.home();
        let mut items = vec![NavItem {
            title: self.strings.home,
            url: relative_url(from, &site.pages[home].out),
            is_folder: false,
            key: nav_key(&site.pages[home].out),
            open: false,
            children: Vec::new(),
            hint: None,
        }];
        items.extend(self.nav_children(0, from, &open));
        SidebarContext {
            items,
            root: root_prefix(from),
            strings: self.strings,
        }
    }

    fn nav_children(&self, folder: FolderId, from: &str, open: &[FolderId]) -> Vec<NavItem<'a>> {
        let site = self.site;
        site.folders[folder]
            .children
            .iter()
            .zip(site.title_hints(folder))
            .map(|(e, hint)| match *e {
                Entry::Page(p) => NavItem {
                    title: &site.pages[p].title,
                    url: relative_url(from, &site.pages[p].out),
                    is_folder: false,
                    key: nav_key(&site.pages[p].out),
                    open: false,
                    children: Vec::new(),
                    hint,
                },
                Entry::Folder(f) => {
                    let is_open = open.contains(&f);
                    let index = site.folders[f].index;
                    NavItem {
                        title: &site.folders[f].title,
                        url: relative_url(from, &site.pages[index].out),
                        is_folder: true,
                        key: nav_key(&site.pages[index].out),
                        open: is_open,
                        children: if is_open {
                            self.nav_children(f, from, open)
                        } else {
                            Vec::new()
                        },
                        hint,
                    }
                }
            })
            .collect()
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
            url: relative_url(from, &site.pages[site.folders[f].index].out),
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

    fn children(&self, from: &str, folder: FolderId) -> Vec<Child<'a>> {
        let site = self.site;
        site.folders[folder]
            .children
            .iter()
            .map(|e| match *e {
                Entry::Page(p) => Child {
                    title: &site.pages[p].title,
                    url: relative_url(from, &site.pages[p].out),
                    description: site.pages[p].description.as_deref(),
                    is_folder: false,
                    entries: 0,
                },
                Entry::Folder(f) => {
                    let index = site.folders[f].index;
                    let entries = site.folders[f].children.len();
                    Child {
                        title: &site.folders[f].title,
                        url: relative_url(from, &site.pages[index].out),
                        description: site.pages[index].description.as_deref(),
                        // A folder holding nothing but its index page (a
                        // folder note, `X/X.md`) is, to a reader, that page.
                        is_folder: entries > 0,
                        entries,
                    }
                }
            })
            .collect()
    }
}
