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
//! Each rule ranks entries it speaks of before those it does not. Titles:
//! the navigation file's, else the page's own (front matter, `# heading`,
//! name). The model is built after Markdown is rendered, since rule 4 reads
//! the index pages' links.

pub mod explicit;
mod order;
pub mod window;

use crate::diagnostics::{Code, Diagnostic};
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
    /// What was wrong with the navigation file.
    diagnostics: Vec<Diagnostic>,
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
    file: &'a str,
    rank: usize,
    pages: HashMap<PageId, Named>,
    folders: HashMap<FolderId, Named>,
    extras: Vec<Extra>,
    diagnostics: Vec<Diagnostic>,
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
                    line,
                    children,
                } => {
                    let Some(page) = self.site.lookup(src).and_then(|t| self.site.page_of(t))
                    else {
                        let mut d = Diagnostic::warning(
                            Code::NavEntry,
                            format!(
                                "`{src}` names no published page; the entry is left out of the navigation"
                            ),
                        )
                        .with_path(self.file.to_string())
                        .with_target(src.clone());
                        d.line = Some(*line);
                        self.diagnostics.push(d);
                        continue;
                    };
                    let p = &self.site.pages[page];
                    // A folder's index page names its folder, which is an
                    // entry of the folder above.
                    let sits_in = if p.is_index {
                        if title.is_some() {
                            self.folders.entry(p.folder).or_default().title = title.clone();
                        }
                        self.site.folders[p.folder].parent.unwrap_or(0)
                    } else {
                        p.folder
                    };
                    self.pages.insert(
                        page,
                        Named {
                            rank: Some(rank),
                            title: title.clone(),
                        },
                    );
                    self.rank_ancestors(p.folder, rank);
                    found.push(sits_in);
                    around = sits_in;
                    // Entries nested under a page are ordered in its folder.
                    self.items(children, p.folder);
                }
                ExplicitItem::Section {
                    title, children, ..
                } => {
                    let mut inside = self.items(children, around);
                    // A section whose pages all lie in one folder titles it.
                    inside.sort_unstable();
                    inside.dedup();
                    match inside[..] {
                        [only] if only != 0 => {
                            let named = self.folders.entry(only).or_default();
                            named.title.get_or_insert_with(|| title.clone());
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
    /// The navigation of `site` once its pages are rendered and titled.
    /// Problems of the navigation file (entries naming no page) are kept
    /// as warnings naming it ([`Nav::diagnostics`]).
    pub fn build(site: &Site, rendered: &[RenderedPage], explicit: Option<&ExplicitNav>) -> Nav {
        let mut reading = ExplicitReading {
            site,
            file: explicit.map_or("", |e| e.file.as_str()),
            rank: 0,
            pages: HashMap::new(),
            folders: HashMap::new(),
            extras: Vec::new(),
            diagnostics: Vec::new(),
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
            diagnostics: Vec::new(),
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
        };
        if !site.folders.is_empty() && site.folders[0].index != usize::MAX {
            builder.folder(&mut nav, 0, None, &mut extras);
        }
        for (i, &p) in nav.order.iter().enumerate() {
            nav.positions[p] = Some(i);
        }
        nav.diagnostics = reading.diagnostics;
        nav
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
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
            NodeKind::Folder(f) => Some(site.folders[f].index),
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
        nav.page_nodes[f.index] = Some(id);
        nav.order.push(f.index);

        let linked = self.linked_order(folder);
        let own_extras = extras.remove(&folder).unwrap_or_default();
        let mut siblings: Vec<(SortKey, Sibling)> = f
            .children
            .iter()
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
        let index = site.folders[folder].index;
        let mut at = HashMap::new();
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
                site.pages[site.folders[f].index].weight,
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
