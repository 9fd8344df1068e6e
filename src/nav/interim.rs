//! Until the navigation model lands: another tool's navigation file and
//! `hidden` pages applied to the folder tree in the simplest way. Entries a
//! navigation file names come first in their folder, in its order, with its
//! titles (a section's title names the folder holding its pages); pages it
//! does not name follow them, in folio's own order. Hidden pages (front
//! matter `hidden: true`, MkDocs `not_in_nav`, language twins) leave the
//! sidebar and previous/next but are built. External links and drafts are
//! not shown: the folder tree has no place for them.

use super::explicit::{ExplicitItem, ExplicitNav};
use crate::site::{Entry, FolderId, PageId, Site, Target};

/// Reorder, retitle and hide; then recompute the reading order.
pub fn apply(site: &mut Site, nav: Option<&ExplicitNav>, hidden: &globset::GlobSet) {
    let mut ranks = Ranks {
        pages: vec![None; site.pages.len()],
        folders: vec![None; site.folders.len()],
        next: 0,
    };
    if let Some(nav) = nav {
        for item in &nav.items {
            ranks.visit(site, item);
        }
    }
    let mut twin = vec![false; site.pages.len()];
    for t in super::languages::suffix_twins(site) {
        twin[t.page] = true;
    }
    let is_hidden = |site: &Site, p: PageId| {
        twin[p]
            || site.pages[p]
                .source
                .as_ref()
                .is_some_and(|s| s.front.hidden || (!hidden.is_empty() && hidden.is_match(&s.rel)))
    };
    for f in 0..site.folders.len() {
        let mut children = std::mem::take(&mut site.folders[f].children);
        children.retain(|e| match *e {
            Entry::Page(p) => !is_hidden(site, p),
            Entry::Folder(sub) => !is_hidden(site, site.folders[sub].index),
        });
        // Stable: entries the file does not name keep folio's order.
        children.sort_by_key(|e| {
            match *e {
                Entry::Page(p) => ranks.pages[p],
                Entry::Folder(sub) => ranks.folders[sub],
            }
            .unwrap_or(usize::MAX)
        });
        site.folders[f].children = children;
    }
    let mut order = Vec::with_capacity(site.pages.len());
    walk(site, 0, &mut order);
    site.order = order;
}

struct Ranks {
    pages: Vec<Option<usize>>,
    folders: Vec<Option<usize>>,
    next: usize,
}

impl Ranks {
    /// Give `item`'s page (and the folders on its way) their place, set its
    /// title; returns the folder holding the pages under it, if one does.
    fn visit(&mut self, site: &mut Site, item: &ExplicitItem) -> Option<FolderId> {
        match item {
            ExplicitItem::Page {
                src,
                title,
                children,
                ..
            } => {
                let page = site.lookup(src).and_then(|t| match t {
                    Target::Page(p) => Some(p),
                    Target::Folder(f) => Some(site.folders[f].index),
                    _ => None,
                })?;
                let folder = site.pages[page].folder;
                let is_index = site.folders[folder].index == page;
                if is_index {
                    self.place_folder(site, folder);
                } else {
                    self.place_folder(site, folder);
                    self.pages[page].get_or_insert(self.next);
                    self.next += 1;
                }
                if let Some(title) = title.as_ref().filter(|t| !t.is_empty()) {
                    site.pages[page].title = title.clone();
                    if is_index {
                        site.folders[folder].title = title.clone();
                    }
                }
                for child in children {
                    self.visit(site, child);
                }
                Some(folder)
            }
            ExplicitItem::Section {
                title, children, ..
            } => {
                let folders: Vec<Option<FolderId>> =
                    children.iter().map(|c| self.visit(site, c)).collect();
                let first = folders.iter().flatten().copied().next()?;
                let common = folders
                    .iter()
                    .flatten()
                    .fold(first, |a, &b| common_ancestor(site, a, b));
                // A part whose folder has a chapter of its own (mdBook's
                // `# 入门` over `[开始](start/README.md)`) keeps that title.
                let titled_index = children.iter().any(|c| {
                    matches!(c, ExplicitItem::Page { src, title: Some(_), .. }
                        if site.lookup(src) == Some(Target::Folder(common))
                            || site.lookup(src).and_then(|t| site.page_of(t))
                                == Some(site.folders[common].index))
                });
                if common != 0 && !titled_index {
                    site.folders[common].title = title.clone();
                }
                Some(common)
            }
            ExplicitItem::External { .. } | ExplicitItem::Draft { .. } => None,
        }
    }

    /// A folder takes its place where its first page is named, and so do
    /// the folders above it.
    fn place_folder(&mut self, site: &Site, folder: FolderId) {
        for f in site.ancestry(folder) {
            if self.folders[f].is_none() {
                self.folders[f] = Some(self.next);
                self.next += 1;
            }
        }
    }
}

fn common_ancestor(site: &Site, a: FolderId, b: FolderId) -> FolderId {
    let (a, b) = (site.ancestry(a), site.ancestry(b));
    a.iter()
        .zip(&b)
        .take_while(|(x, y)| x == y)
        .last()
        .map_or(0, |(x, _)| *x)
}

fn walk(site: &Site, folder: FolderId, order: &mut Vec<PageId>) {
    order.push(site.folders[folder].index);
    for e in &site.folders[folder].children {
        match *e {
            Entry::Page(p) => order.push(p),
            Entry::Folder(f) => walk(site, f, order),
        }
    }
}
