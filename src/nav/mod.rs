//! Navigation: the order and titles readers see, apart from the file tree.
//! One [`Nav`] feeds the sidebar (each page's branch and `_folio/nav.js`),
//! breadcrumbs, previous/next, folder index cards and print chapters.
//!
//! Siblings are ordered by the first rule that tells them apart:
//!
//! 1. an explicit navigation file ([`explicit`]: mkdocs.yml `nav`,
//!    `SUMMARY.md`), in the order it names them;
//! 2. front-matter `weight` (a folder takes its index page's);
//! 3. a number prefix in the name (`02-`), numerically;
//! 4. the order in which the folder's index page first links them;
//! 5. the name in pinyin order (as a file manager in a Chinese locale shows
//!    it, digit runs as numbers);
//! 6. natural order of the name (a total order for what collates alike).
//!
//! Each rule ranks entries it speaks of before those it does not. Pages
//! kept out of the navigation (front matter `hidden: true`, MkDocs
//! `not_in_nav`) are built and can be linked, but are in no sidebar and no previous/next. Titles:
//! the navigation file's, else the page's own (front matter, `# heading`,
//! name). The model is built after Markdown is rendered, since rule 4 reads
//! the index pages' links.

pub mod explicit;
pub mod gitbook;
pub mod import;
pub mod mdbook;
pub mod mkdocs;
mod order;
pub mod window;

use crate::links::Resolution;
use crate::markdown::RenderedPage;
use crate::site::{file_name, Entry, FolderId, PageId, Site, Target};
use explicit::{ExplicitItem, ExplicitNav};
use order::SortKey;
use std::collections::HashMap;

pub type NodeId = usize;

/// What a navigation entry stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Page(PageId),
    /// A folder; its index page is the page it opens.
    Folder(FolderId),
    /// A heading of a navigation file without a page and without a folder
    /// of its own to title: it groups nothing and links nowhere.
    Section,
    /// A link off the site, from a navigation file.
    External {
        url: String,
    },
    /// A chapter a navigation file names but that is not written yet.
    Draft,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub title: String,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// The file or folder name, when a sibling has the same title (so the
    /// sidebar tells `安装.md` from `安装/`).
    pub hint: Option<String>,
    /// Its index among its parent's children.
    pub place: usize,
}

/// The navigation of a site: a tree of nodes (node 0 is the root folder,
/// the home page), the reading order, and each page's node.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    nodes: Vec<Node>,
    order: Vec<PageId>,
    /// Each page's node; a folder's index page has its folder's node.
    page_nodes: Vec<Option<NodeId>>,
    /// Each page's position in `order`; `None` for pages not in it (folder
    /// listings).
    positions: Vec<Option<usize>>,
    folder_nodes: Vec<Option<NodeId>>,
    /// The titles the navigation file gives pages (MkDocs: a nav title is
    /// the page's title, in its header and `<title>` too).
    file_titles: Vec<(PageId, String)>,
}

/// What the navigation file says of one page or folder.
#[derive(Debug, Clone, Default)]
struct Named {
    rank: Option<usize>,
    title: Option<String>,
}

/// An entry of a navigation file that is not a page (an external link, a
/// draft chapter), with the folder it is shown in.
struct Extra {
    folder: FolderId,
    rank: usize,
    kind: NodeKind,
    title: String,
}

/// Reading a navigation file against the site.
struct ExplicitReading<'a> {
    site: &'a Site,
    rank: usize,
    pages: HashMap<PageId, Named>,
    folders: HashMap<FolderId, Named>,
    extras: Vec<Extra>,
}

impl ExplicitReading<'_> {
    /// Read `items`, shown in `folder` unless they name their own place.
    /// Returns the folders holding the pages read (for sections).
    fn items(&mut self, items: &[ExplicitItem], folder: FolderId) -> Vec<FolderId> {
        let mut found = Vec::new();
        // An entry without a page sits in the folder of the entry before it.
        let mut around = folder;
        for item in items {
            self.rank += 1;
            let rank = self.rank;
            match item {
                ExplicitItem::Page {
                    src,
                    title,
                    children,
                    ..
                } => {
                    // An entry naming no page is reported with its line
                    // and column by `ExplicitNav::missing_pages`.
                    let Some(page) = self.site.lookup(src).and_then(|t| self.site.page_of(t))
                    else {
                        continue;
                    };
                    let p = &self.site.pages[page];
                    let named = Named {
                        rank: Some(rank),
                        title: title.clone(),
                    };
                    // A folder's index page names its folder.
                    let place = if p.is_index {
                        self.name_folder(p.folder, named.clone());
                        p.folder
                    } else {
                        p.folder
                    };
                    self.pages.insert(page, named);
                    self.rank_ancestors(p.folder, rank);
                    // The pages of a section lie in the folder holding them
                    // (an index page's too: MkDocs' `navigation.indexes`);
                    // entries without a page after an index page sit next
                    // to its folder.
                    found.push(p.folder);
                    around = if p.is_index {
                        self.site.folders[p.folder].parent.unwrap_or(0)
                    } else {
                        p.folder
                    };
                    let beneath = self.items(children, place);
                    // mdBook's `- [复合类型](basic/compound-type/intro.md)`
                    // over the other pages of `compound-type/`: a chapter
                    // page that is no index page, with sub-chapters in its
                    // folder (or below), titles that folder, unless an index
                    // page of its own or the file already did.
                    let folder = p.folder;
                    let written_index = self.site.folders[folder]
                        .index
                        .is_some_and(|i| self.site.pages[i].source.is_some());
                    if !p.is_index
                        && folder != 0
                        && !beneath.is_empty()
                        && !written_index
                        && !self.titled(folder)
                        && beneath.iter().all(|&f| self.site.within(f, folder))
                    {
                        self.folders.entry(folder).or_default().title = title.clone();
                    }
                }
                ExplicitItem::Section {
                    title, children, ..
                } => {
                    let mut inside = self.items(children, around);
                    // A section whose pages all lie in one folder titles it.
                    inside.sort_unstable();
                    inside.dedup();
                    // (One the file titles itself keeps its title, and the
                    // section stays a heading: mdBook's `# 入门` over
                    // `[开始](start/README.md)`.)
                    match inside[..] {
                        [only] if only != 0 && !self.titled(only) => {
                            self.folders.entry(only).or_default().title = Some(title.clone());
                        }
                        _ => self.extras.push(Extra {
                            folder: around,
                            rank,
                            kind: NodeKind::Section,
                            title: title.clone(),
                        }),
                    }
                    found.extend(inside);
                }
                ExplicitItem::External { title, url, .. } => self.extras.push(Extra {
                    folder: around,
                    rank,
                    kind: NodeKind::External { url: url.clone() },
                    title: title.clone(),
                }),
                ExplicitItem::Draft { title, .. } => self.extras.push(Extra {
                    folder: around,
                    rank,
                    kind: NodeKind::Draft,
                    title: title.clone(),
                }),
            }
        }
        found
    }

    /// Has the file given `folder` a title already?
    fn titled(&self, folder: FolderId) -> bool {
        self.folders.get(&folder).is_some_and(|n| n.title.is_some())
    }

    fn name_folder(&mut self, folder: FolderId, named: Named) {
        let entry = self.folders.entry(folder).or_default();
        entry.rank = entry.rank.min(named.rank).or(named.rank);
        if named.title.is_some() {
            entry.title = named.title;
        }
    }

    /// A folder comes where the first page inside it is named.
    fn rank_ancestors(&mut self, folder: FolderId, rank: usize) {
        let mut f = Some(folder);
        while let Some(id) = f.filter(|&id| id != 0) {
            let entry = self.folders.entry(id).or_default();
            entry.rank = Some(entry.rank.map_or(rank, |r| r.min(rank)));
            f = self.site.folders[id].parent;
        }
    }
}

impl Nav {
    /// The navigation of `site` once its pages are rendered and titled;
    /// `not_in_nav` matches the source paths of pages kept out of it.
    pub fn build(
        site: &Site,
        rendered: &[RenderedPage],
        explicit: Option<&ExplicitNav>,
        not_in_nav: &globset::GlobSet,
    ) -> Nav {
        let mut reading = ExplicitReading {
            site,
            rank: 0,
            pages: HashMap::new(),
            folders: HashMap::new(),
            extras: Vec::new(),
        };
        if let Some(explicit) = explicit {
            reading.items(&explicit.items, 0);
        }
        let collator = order::Collator::new();
        let mut nav = Nav {
            nodes: Vec::new(),
            order: Vec::with_capacity(site.pages.len()),
            page_nodes: vec![None; site.pages.len()],
            positions: vec![None; site.pages.len()],
            folder_nodes: vec![None; site.folders.len()],
            file_titles: Vec::new(),
        };
        let mut extras: HashMap<FolderId, Vec<Extra>> = HashMap::new();
        for extra in reading.extras {
            extras.entry(extra.folder).or_default().push(extra);
        }
        let builder = NavBuilder {
            site,
            rendered,
            pages: &reading.pages,
            folders: &reading.folders,
            collator: &collator,
            hidden: &hidden_pages(site, not_in_nav),
        };
        if site
            .folders
            .first()
            .is_some_and(|root| root.index.is_some())
        {
            builder.folder(&mut nav, 0, None, &mut extras);
        }
        for (i, &p) in nav.order.iter().enumerate() {
            nav.positions[p] = Some(i);
        }
        nav.file_titles = reading
            .pages
            .iter()
            .filter_map(|(&p, named)| Some((p, named.title.clone()?)))
            .collect();
        // A folder the file titles gives its title to the index page folio
        // writes for it (one written in Markdown keeps its own).
        nav.file_titles
            .extend(reading.folders.iter().filter_map(|(&f, named)| {
                let index = site.folders[f].index?;
                let title = named.title.clone()?;
                site.pages[index].source.is_none().then_some((index, title))
            }));
        nav.file_titles.sort();
        nav
    }

    /// The titles the navigation file gives pages.
    pub fn file_titles(&self) -> &[(PageId, String)] {
        &self.file_titles
    }

    /// Every node, by id.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn root(&self) -> NodeId {
        0
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Every page in reading order: a folder's index page, then its
    /// entries.
    pub fn order(&self) -> &[PageId] {
        &self.order
    }

    /// A page's place in the reading order (`None`: not in it).
    pub fn position(&self, page: PageId) -> Option<usize> {
        self.positions.get(page).copied().flatten()
    }

    /// A page's node; a folder's index page has its folder's.
    pub fn page_node(&self, page: PageId) -> Option<NodeId> {
        self.page_nodes.get(page).copied().flatten()
    }

    pub fn folder_node(&self, folder: FolderId) -> Option<NodeId> {
        self.folder_nodes.get(folder).copied().flatten()
    }

    /// The page a node opens: its page, or its folder's index page.
    pub fn page_of(&self, site: &Site, node: NodeId) -> Option<PageId> {
        match self.nodes[node].kind {
            NodeKind::Page(p) => Some(p),
            NodeKind::Folder(f) => site.folders[f].index,
            _ => None,
        }
    }

    /// The folder nodes from the root down to the one holding `page` (a
    /// folder's index page: down to its folder; a folder listing, which is
    /// not in the navigation: down to the nearest folder that is).
    pub fn ancestry(&self, site: &Site, page: PageId) -> Vec<NodeId> {
        let mut cur = match self.page_node(page) {
            Some(node) => match self.nodes[node].kind {
                NodeKind::Folder(_) => Some(node),
                _ => self.nodes[node].parent,
            },
            None => {
                let mut folder = Some(site.pages[page].folder);
                while let Some(f) = folder.filter(|&f| self.folder_node(f).is_none()) {
                    folder = site.folders[f].parent;
                }
                folder.and_then(|f| self.folder_node(f))
            }
        };
        let mut chain = Vec::new();
        while let Some(id) = cur {
            chain.push(id);
            cur = self.nodes[id].parent;
        }
        chain.reverse();
        chain
    }

    /// Which of its folder's sidebars (one per window, see [`window`]) a
    /// page shows.
    pub fn sidebar_block(&self, page: PageId) -> usize {
        let Some(node) = self.page_node(page) else {
            return 0;
        };
        let n = &self.nodes[node];
        match (&n.kind, n.parent) {
            (NodeKind::Page(_), Some(parent)) => {
                window::block_of(n.place, self.nodes[parent].children.len())
            }
            _ => 0,
        }
    }

    /// How many sidebars the pages of `folder` show between them.
    pub fn sidebar_blocks(&self, folder: FolderId) -> usize {
        self.folder_node(folder)
            .map_or(1, |n| window::blocks(self.nodes[n].children.len()))
    }
}

struct NavBuilder<'a> {
    site: &'a Site,
    rendered: &'a [RenderedPage],
    pages: &'a HashMap<PageId, Named>,
    folders: &'a HashMap<FolderId, Named>,
    collator: &'a order::Collator,
    /// Pages kept out of the navigation, by id.
    hidden: &'a [bool],
}

/// One sibling being placed.
enum Sibling<'a> {
    Entry(Entry),
    Extra(&'a Extra),
}

impl NavBuilder<'_> {
    /// Add `folder`'s node and, below it, its entries in order.
    fn folder(
        &self,
        nav: &mut Nav,
        folder: FolderId,
        parent: Option<NodeId>,
        extras: &mut HashMap<FolderId, Vec<Extra>>,
    ) -> NodeId {
        let site = self.site;
        let f = &site.folders[folder];
        let id = self.push(
            nav,
            Node {
                kind: NodeKind::Folder(folder),
                title: self
                    .folders
                    .get(&folder)
                    .and_then(|n| n.title.clone())
                    .unwrap_or_else(|| f.title.clone()),
                parent,
                children: Vec::new(),
                hint: None,
                place: 0,
            },
        );
        nav.folder_nodes[folder] = Some(id);
        let index = site.index_page(folder);
        nav.page_nodes[index] = Some(id);
        nav.order.push(index);

        let linked = self.linked_order(folder);
        let own_extras = extras.remove(&folder).unwrap_or_default();
        let mut siblings: Vec<(SortKey, Sibling)> = f
            .children
            .iter()
            .filter(|&&e| match e {
                Entry::Page(p) => !self.hidden[p],
                Entry::Folder(sub) => site.folders[sub].index.is_some_and(|i| !self.hidden[i]),
            })
            .map(|&e| (self.key(e, &linked), Sibling::Entry(e)))
            .chain(
                own_extras
                    .iter()
                    .map(|x| (SortKey::explicit_only(x.rank), Sibling::Extra(x))),
            )
            .collect();
        siblings.sort_by(|(a, _), (b, _)| a.cmp(b, self.collator));
        let mut children = Vec::with_capacity(siblings.len());
        for (_, sibling) in siblings {
            let child = match sibling {
                Sibling::Entry(Entry::Page(p)) => {
                    let node = self.push(
                        nav,
                        Node {
                            kind: NodeKind::Page(p),
                            title: self
                                .pages
                                .get(&p)
                                .and_then(|n| n.title.clone())
                                .unwrap_or_else(|| site.pages[p].title.clone()),
                            parent: Some(id),
                            children: Vec::new(),
                            hint: None,
                            place: 0,
                        },
                    );
                    nav.page_nodes[p] = Some(node);
                    nav.order.push(p);
                    node
                }
                Sibling::Entry(Entry::Folder(sub)) => self.folder(nav, sub, Some(id), extras),
                Sibling::Extra(x) => self.push(
                    nav,
                    Node {
                        kind: x.kind.clone(),
                        title: x.title.clone(),
                        parent: Some(id),
                        children: Vec::new(),
                        hint: None,
                        place: 0,
                    },
                ),
            };
            children.push(child);
        }
        for (place, &c) in children.iter().enumerate() {
            nav.nodes[c].place = place;
        }
        self.hint_duplicates(nav, &children);
        nav.nodes[id].children = children;
        id
    }

    fn push(&self, nav: &mut Nav, node: Node) -> NodeId {
        nav.nodes.push(node);
        nav.nodes.len() - 1
    }

    /// Where the folder's index page first links each of its entries.
    fn linked_order(&self, folder: FolderId) -> HashMap<Entry, usize> {
        let site = self.site;
        let mut at = HashMap::new();
        let Some(index) = site.folders[folder].index else {
            return at;
        };
        if site.pages[index].source.is_none() {
            return at;
        }
        let Some(rendered) = self.rendered.get(index) else {
            return at;
        };
        for link in rendered.links.iter().filter(|l| !l.is_image) {
            let Resolution::Internal { target, .. } = &link.resolution else {
                continue;
            };
            let entry = match *target {
                Target::Page(p) if site.pages[p].is_index => Entry::Folder(site.pages[p].folder),
                Target::Page(p) => Entry::Page(p),
                Target::Folder(f) => Entry::Folder(f),
                Target::Asset(_) | Target::Draft => continue,
            };
            let parent = match entry {
                Entry::Page(p) => Some(site.pages[p].folder),
                Entry::Folder(f) => site.folders[f].parent,
            };
            if parent == Some(folder) {
                let next = at.len();
                at.entry(entry).or_insert(next);
            }
        }
        at
    }

    fn key(&self, entry: Entry, linked: &HashMap<Entry, usize>) -> SortKey {
        let site = self.site;
        let (named, weight, name) = match entry {
            Entry::Page(p) => (
                self.pages.get(&p),
                site.pages[p].weight,
                file_name(site.pages[p].src().unwrap_or_default()),
            ),
            Entry::Folder(f) => (
                self.folders.get(&f),
                site.folders[f].index.and_then(|i| site.pages[i].weight),
                file_name(&site.folders[f].rel),
            ),
        };
        SortKey::new(
            named.and_then(|n| n.rank),
            weight,
            linked.get(&entry).copied(),
            name.to_string(),
        )
    }

    /// Siblings sharing a title show their file or folder name.
    fn hint_duplicates(&self, nav: &mut Nav, children: &[NodeId]) {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &c in children {
            *counts.entry(nav.nodes[c].title.as_str()).or_default() += 1;
        }
        let hints: Vec<Option<String>> = children
            .iter()
            .map(|&c| {
                let node = &nav.nodes[c];
                if counts[node.title.as_str()] < 2 {
                    return None;
                }
                match node.kind {
                    NodeKind::Page(p) => {
                        Some(file_name(self.site.pages[p].src().unwrap_or_default()).to_string())
                    }
                    NodeKind::Folder(f) => {
                        Some(format!("{}/", file_name(&self.site.folders[f].rel)))
                    }
                    _ => None,
                }
            })
            .collect();
        for (&c, hint) in children.iter().zip(hints) {
            nav.nodes[c].hint = hint;
        }
    }
}

#[cfg(test)]
mod tests;

/// Which pages are kept out of the navigation: front matter `hidden` and
/// `not_in_nav` globs (over the file's path in the content folder). Language
/// twins are each in their own language's site (see [`crate::languages`]).
fn hidden_pages(site: &Site, not_in_nav: &globset::GlobSet) -> Vec<bool> {
    site.pages
        .iter()
        .map(|p| {
            p.source.as_ref().is_some_and(|s| {
                s.front.hidden || (!not_in_nav.is_empty() && not_in_nav.is_match(site.file(&s.rel)))
            })
        })
        .collect()
}
