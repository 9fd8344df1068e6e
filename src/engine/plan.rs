//! What an update can keep of the last run: the renderings whose text and
//! links still stand, the pages whose links must be checked again, and
//! whether navigation changed.

use crate::links::{resolve, Resolution};
use crate::markdown::RenderedPage;
use crate::nav::Nav;
use crate::site::{PageId, Site};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// What decides link resolution and page identity: page sources and
/// outputs, and the files next to them.
pub(super) fn shape(site: &Site) -> Vec<(Option<&str>, &str)> {
    site.pages
        .iter()
        .map(|p| (p.src(), p.out.as_str()))
        .chain(site.assets.iter().map(|a| (None, a.rel.as_str())))
        .collect()
}

/// The renderings of the last run that still stand, by page (`None`: to
/// render). `same_pages`: the same pages at the same ids, and each keeps its
/// rendering unless its text changed (its heading ids go to `old_ids`).
/// Otherwise the tree changed: renderings are matched by source path and
/// kept only if their links still resolve to the same URLs.
pub(super) fn reusable_renderings(
    site: &Site,
    same_pages: bool,
    old_site: Option<&Site>,
    old_rendered: Vec<RenderedPage>,
    texts: &HashMap<String, String>,
    old_ids: &mut HashMap<String, Vec<String>>,
) -> Vec<Option<RenderedPage>> {
    if same_pages {
        return old_rendered
            .into_iter()
            .enumerate()
            .map(|(id, r)| match site.pages[id].src() {
                Some(rel) if texts.contains_key(rel) => {
                    let ids = r.headings.into_iter().map(|h| h.id).chain(r.anchors);
                    old_ids.insert(rel.to_string(), ids.collect());
                    None
                }
                _ => Some(r),
            })
            .collect();
    }
    let home = site.home();
    let mut previous: HashMap<String, RenderedPage> = HashMap::new();
    if let Some(old_site) = old_site {
        let old_home = old_site.home();
        for (id, r) in old_rendered.into_iter().enumerate() {
            let Some(rel) = old_site.pages[id].src() else {
                continue;
            };
            // The home page renders differently (it keeps a hand-written
            // breadcrumb line).
            let now_home = site.pages[home].src() == Some(rel);
            if !texts.contains_key(rel) && now_home == (id == old_home) {
                previous.insert(rel.to_string(), r);
            }
        }
    }
    site.pages
        .iter()
        .enumerate()
        .map(|(id, page)| match page.src() {
            None => Some(RenderedPage::default()),
            Some(rel) => previous.remove(rel).and_then(|r| relink(site, id, r)),
        })
        .collect()
}

/// The changed pages whose heading ids are not what they were.
pub(super) fn moved_ids(
    site: &Site,
    rendered: &[RenderedPage],
    changed: &BTreeSet<PageId>,
    old_ids: &HashMap<String, Vec<String>>,
) -> HashSet<PageId> {
    changed
        .iter()
        .copied()
        .filter(|&id| {
            let r = &rendered[id];
            let headings = r.headings.iter().map(|h| h.id.as_str());
            let now = headings.chain(r.anchors.iter().map(String::as_str));
            site.pages[id]
                .src()
                .and_then(|rel| old_ids.get(rel))
                .is_none_or(|before| before.iter().map(String::as_str).ne(now))
        })
        .collect()
}

/// The pages to check again: the changed ones, and those linking to a page
/// whose heading ids moved.
pub(super) fn linking_to(
    site: &Site,
    rendered: &[RenderedPage],
    changed: &BTreeSet<PageId>,
    moved: &HashSet<PageId>,
) -> BTreeSet<PageId> {
    (0..site.pages.len())
        .filter(|id| {
            changed.contains(id)
                || rendered[*id].links.iter().any(|l| match &l.resolution {
                    Resolution::Internal { target, .. } => {
                        site.page_of(*target).is_some_and(|t| moved.contains(&t))
                    }
                    _ => false,
                })
        })
        .collect()
}

/// Re-resolve a cached page's links against a changed site: the cached
/// rendering stands (with its links re-targeted) if every href is the same.
fn relink(site: &Site, page: PageId, mut rendered: RenderedPage) -> Option<RenderedPage> {
    for link in &mut rendered.links {
        let now = resolve(site, page, &link.raw);
        let same = match (&link.resolution, &now) {
            (Resolution::Internal { href: a, .. }, Resolution::Internal { href: b, .. }) => a == b,
            (a, b) => a == b,
        };
        if !same {
            return None;
        }
        link.resolution = now;
    }
    Some(rendered)
}

/// Everything navigation shows of other pages: when it is unchanged, only
/// the changed pages themselves need new HTML.
pub(super) fn nav_signature(site: &Site, nav: &Nav) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for &p in nav.order() {
        let page = &site.pages[p];
        (&page.out, &page.title, &page.description).hash(&mut h);
    }
    // Titles a navigation file gives, and entries that are no pages.
    for node in nav.nodes() {
        (&node.title, node.children.len()).hash(&mut h);
    }
    for f in &site.folders {
        (&f.rel, &f.title, f.index).hash(&mut h);
    }
    h.finish()
}
