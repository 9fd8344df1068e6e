//! Plan: what a run must do again, decided from what changed. Nothing here
//! renders, checks or writes; the stages ([`super::stages`]) and the runner
//! ([`super::produce`]) carry out what these functions decide:
//!
//! - [`Change`]: what the run starts from (everything, or edited paths);
//! - [`reusable_renderings`]: which pages keep their Markdown rendering;
//! - [`rechecks`]: which pages have their links checked again;
//! - [`output`]: which pages are filled and written, with the shared files
//!   and the search index, against which [`Target`].
//!
//! A full build is the plan "everything": every page rendered, checked,
//! filled and written into a staging folder.

use crate::links::{resolve, Resolution};
use crate::markdown::RenderedPage;
use crate::nav::Nav;
use crate::site::{PageId, Site};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// What a run starts from.
pub(super) enum Change {
    /// Everything was loaded afresh: nothing of a last run is kept.
    Everything,
    /// Paths were edited since the last run: the new texts of the Markdown
    /// files that changed, and whether the tree (or a page's front matter)
    /// changed, not just texts.
    Edits {
        texts: HashMap<String, String>,
        touched: bool,
    },
}

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

/// The pages whose links are checked again: all (`None`) when the tree
/// changed; otherwise the changed pages and those linking to a changed page
/// whose heading ids moved.
pub(super) fn rechecks(
    site: &Site,
    rendered: &[RenderedPage],
    reshaped: bool,
    changed: &BTreeSet<PageId>,
    old_ids: &HashMap<String, Vec<String>>,
) -> Option<BTreeSet<PageId>> {
    if reshaped {
        return None;
    }
    let moved = moved_ids(site, rendered, changed, old_ids);
    Some(linking_to(site, rendered, changed, &moved))
}

/// The changed pages whose heading ids are not what they were.
fn moved_ids(
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
fn linking_to(
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
pub(super) fn relink(
    site: &Site,
    page: PageId,
    mut rendered: RenderedPage,
) -> Option<RenderedPage> {
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
    let mut h = crate::hash::Hasher::new();
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

/// Where a run's output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nowhere: `folio check`, or a build with errors (templates are still
    /// filled, since they can fail too).
    Nothing,
    /// A staging folder swapped in at the end (a full build).
    Staging,
    /// The output folder itself, file by file (an update while serving).
    InPlace,
}

/// What the runner writes besides the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shared {
    /// Nothing (the target is [`Target::Nothing`]).
    Nothing,
    /// 404 page, theme files, `nav.js`, sitemap, every published file, and
    /// the whole search index.
    Everything,
    /// Same tree, same navigation: only files edited in place or newly
    /// referenced are copied (files no page references any more go), and
    /// the search index reads just the filled pages again.
    ChangedFiles,
}

/// What the page writers remember of the pages they write (serve: the
/// fingerprints that let an update skip unchanged pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Remember {
    Nothing,
    /// Forget what was remembered; remember these pages.
    Afresh,
    /// Skip the pages whose fingerprint is unchanged; remember the others.
    Updates,
}

/// What the runner does with one output target.
#[derive(Debug)]
pub(super) struct OutputPlan {
    pub target: Target,
    /// Pages whose templates are filled (and written, unless the target is
    /// [`Target::Nothing`]).
    pub pages: BTreeSet<PageId>,
    /// Fill every folder's sidebar again (navigation changed).
    pub sidebars: bool,
    pub shared: Shared,
    pub remember: Remember,
    /// Drop page bodies once written (and stored in the cache, when there
    /// is one): nothing renders them again.
    pub drop_bodies: bool,
    /// Keep what the generated pages are made of for the next update
    /// (serve: the tasks page's sections).
    pub keep_generated: bool,
}

/// What [`output`] decides from.
pub(super) struct Situation<'a> {
    /// Everything was loaded afresh ([`Change::Everything`]).
    pub full: bool,
    /// Pages whose HTML can have changed (`None`: all).
    pub dirty: Option<&'a BTreeSet<PageId>>,
    pub published: &'a BTreeSet<PageId>,
    /// The run may write (`false` for `folio check`).
    pub write: bool,
    /// Errors were found: nothing is written.
    pub errors: bool,
    /// A run failed since the last good one: the output is not what was
    /// last written.
    pub stale_output: bool,
    /// The engine keeps its state for updates (`folio serve`).
    pub incremental: bool,
    /// Every folder's sidebar of the last run is at hand.
    pub sidebars_known: bool,
    /// The output folder is what the build cache describes: a full build
    /// updates it in place.
    pub reuse_output: bool,
    /// A build cache is kept: what was written is remembered, and bodies
    /// are kept to be stored.
    pub cache: bool,
}

/// Decide what to fill and write, and where.
pub(super) fn output(s: &Situation) -> OutputPlan {
    let target = if !s.write || s.errors {
        Target::Nothing
    } else if s.full && !s.reuse_output {
        Target::Staging
    } else {
        Target::InPlace
    };
    let pages = match (s.dirty, s.stale_output) {
        (Some(d), false) => d.intersection(s.published).copied().collect(),
        _ => s.published.clone(),
    };
    let shared = match target {
        Target::Nothing => Shared::Nothing,
        Target::InPlace if s.dirty.is_some() && !s.stale_output => Shared::ChangedFiles,
        Target::Staging | Target::InPlace => Shared::Everything,
    };
    let remember = match target {
        Target::Nothing => Remember::Nothing,
        Target::Staging if s.incremental || s.cache => Remember::Afresh,
        Target::Staging => Remember::Nothing,
        // After a failed run every page is written, and remembered afresh.
        Target::InPlace if s.stale_output => Remember::Afresh,
        Target::InPlace => Remember::Updates,
    };
    OutputPlan {
        target,
        pages,
        sidebars: s.dirty.is_none() || !s.sidebars_known,
        shared,
        remember,
        drop_bodies: target == Target::Staging && !s.incremental,
        keep_generated: target != Target::Nothing && s.incremental,
    }
}

/// What a run decided, as `--timings` and serve's log show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanSummary {
    /// Pages whose Markdown was rendered.
    pub rendered: usize,
    /// Pages whose links were checked.
    pub checked: usize,
    /// Pages whose templates were filled.
    pub filled: usize,
    /// Where the output went (`None` before a plan was made).
    pub target: Option<Target>,
}

impl std::fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let target = match self.target {
            None => "no output",
            Some(Target::Nothing) => "nothing written",
            Some(Target::Staging) => "into a staging folder",
            Some(Target::InPlace) => "in place",
        };
        write!(
            f,
            "  plan: rendered {}, checked {}, filled {} pages, {target}",
            self.rendered, self.checked, self.filled
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn situation<'a>(
        dirty: Option<&'a BTreeSet<PageId>>,
        published: &'a BTreeSet<PageId>,
    ) -> Situation<'a> {
        Situation {
            full: false,
            dirty,
            published,
            write: true,
            errors: false,
            stale_output: false,
            incremental: true,
            sidebars_known: true,
            reuse_output: false,
            cache: false,
        }
    }

    #[test]
    fn a_full_build_is_everything_into_a_staging_folder() {
        let published: BTreeSet<PageId> = (0..5).collect();
        let plan = output(&Situation {
            full: true,
            incremental: false,
            sidebars_known: false,
            ..situation(None, &published)
        });
        assert_eq!(plan.target, Target::Staging);
        assert_eq!(plan.pages, published);
        assert!(plan.sidebars);
        assert_eq!(plan.shared, Shared::Everything);
        assert!(
            plan.drop_bodies,
            "a one-off build frees bodies once written"
        );
        assert!(!plan.keep_generated, "nothing comes after a one-off build");
    }

    #[test]
    fn a_body_edit_fills_only_its_pages_in_place() {
        let published: BTreeSet<PageId> = (0..5).collect();
        let dirty: BTreeSet<PageId> = [2, 7].into_iter().collect();
        let plan = output(&situation(Some(&dirty), &published));
        assert_eq!(plan.target, Target::InPlace);
        assert_eq!(
            plan.pages,
            [2].into_iter().collect(),
            "unpublished 7 is not filled"
        );
        assert!(!plan.sidebars);
        assert_eq!(plan.shared, Shared::ChangedFiles);
        assert_eq!(plan.remember, Remember::Updates);
        assert!(
            plan.keep_generated,
            "the next save reuses the tasks page's sections"
        );
    }

    #[test]
    fn a_full_build_into_the_output_the_cache_describes_updates_it_in_place() {
        let published: BTreeSet<PageId> = (0..4).collect();
        let full = Situation {
            full: true,
            incremental: false,
            sidebars_known: false,
            cache: true,
            ..situation(None, &published)
        };
        let plan = output(&Situation {
            reuse_output: true,
            ..full
        });
        assert_eq!(plan.target, Target::InPlace);
        assert_eq!(plan.shared, Shared::Everything);
        assert_eq!(plan.remember, Remember::Updates, "fingerprints skip pages");
        let plan = output(&full);
        assert_eq!(plan.target, Target::Staging, "an output not trusted");
        assert_eq!(plan.remember, Remember::Afresh, "remembered for the cache");
        assert!(
            plan.drop_bodies,
            "bodies go once written, the cache's first (before the search index)"
        );
    }

    #[test]
    fn after_a_failed_run_everything_is_written_again() {
        let published: BTreeSet<PageId> = (0..3).collect();
        let dirty: BTreeSet<PageId> = [1].into_iter().collect();
        let plan = output(&Situation {
            stale_output: true,
            ..situation(Some(&dirty), &published)
        });
        assert_eq!(plan.pages, published);
        assert_eq!(plan.shared, Shared::Everything);
        assert_eq!(plan.remember, Remember::Afresh);
    }

    #[test]
    fn errors_and_check_write_nothing() {
        let published: BTreeSet<PageId> = (0..3).collect();
        for s in [
            Situation {
                errors: true,
                ..situation(None, &published)
            },
            Situation {
                write: false,
                full: true,
                ..situation(None, &published)
            },
        ] {
            let plan = output(&s);
            assert_eq!(plan.target, Target::Nothing);
            assert_eq!(plan.shared, Shared::Nothing);
            assert_eq!(plan.remember, Remember::Nothing);
            assert_eq!(
                plan.pages, published,
                "templates are still filled: they can fail"
            );
        }
    }

    #[test]
    fn navigation_changes_fill_sidebars_again() {
        let published: BTreeSet<PageId> = (0..3).collect();
        let plan = output(&situation(None, &published));
        assert!(plan.sidebars);
        assert_eq!(plan.shared, Shared::Everything, "nav.js changes");
        assert_eq!(
            plan.pages, published,
            "fingerprints skip the unchanged ones"
        );
    }
}
