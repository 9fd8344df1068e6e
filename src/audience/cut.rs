//! What an audience build leaves out of the content: pages, files and
//! folders, each with why. The engine drops them from its content model
//! as it drops `exclude` globs, so no stage sees them; links to them are
//! `link-to-excluded` (see [`crate::links::Resolution::OtherAudience`]).

use super::Audience;
use crate::load::{SourceAsset, SourcePage};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Why an audience build leaves something out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Front matter names the audiences it is for (`audience = [...]`,
    /// `confidential = true`).
    Marked(Vec<String>),
    /// An `exclude` glob of the audience matches it (or a folder on its
    /// way, or its real path behind a symlink).
    Glob(String),
    /// A folder whose every page is left out goes with its files.
    Emptied,
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Marked(names) => write!(f, "front matter: for {}", names.join(", ")),
            Why::Glob(glob) => write!(f, "exclude glob `{glob}`"),
            Why::Emptied => write!(f, "every page in it is left out"),
        }
    }
}

/// The content an audience is judged on: the engine's content model.
pub struct Content<'a> {
    pub pages: &'a BTreeMap<String, SourcePage>,
    pub assets: &'a BTreeMap<String, SourceAsset>,
    pub folders: &'a BTreeSet<String>,
}

/// What one audience build leaves out, by path in the content folder.
#[derive(Debug, Default)]
pub struct Cut {
    pub pages: BTreeMap<String, Why>,
    pub assets: BTreeMap<String, Why>,
    pub folders: BTreeMap<String, Why>,
}

impl Cut {
    /// Decide what `audience` leaves out of the content (the content
    /// folder at `root`, for the real paths of what symlinks lead to).
    /// `previous` is what the last run left out (serve updates the content
    /// it kept): what is still absent stays left out.
    pub fn decide(audience: &Audience, root: &Path, content: Content<'_>, previous: &Cut) -> Cut {
        let Content {
            pages,
            assets,
            folders,
        } = content;
        let real_root = std::fs::canonicalize(root).ok();
        let canonical = |rel: &str| -> Option<String> {
            let real = std::fs::canonicalize(root.join(rel)).ok()?;
            let inside = real.strip_prefix(real_root.as_ref()?).ok()?;
            Some(inside.to_string_lossy().replace('\\', "/"))
        };
        let mut cut = Cut::default();
        for (rel, page) in pages {
            let real = canonical(rel);
            if let Some(why) = audience.leaves_out(rel, real.as_deref(), Some(&page.front)) {
                cut.pages.insert(rel.clone(), why);
            }
        }
        // A folder goes when nothing of it is kept: an `exclude` glob
        // matches it, or every page in it is left out (its pictures would
        // otherwise be listed, or published under another name).
        let mut kept_pages: BTreeSet<&str> = BTreeSet::new();
        let mut had_pages: BTreeSet<&str> = BTreeSet::new();
        for (rel, why) in &previous.pages {
            if !pages.contains_key(rel) {
                cut.pages.insert(rel.clone(), why.clone());
            }
        }
        for rel in cut.pages.keys().chain(pages.keys()) {
            let mut dir = crate::site::urls::parent(rel);
            let kept = !cut.pages.contains_key(rel);
            while !dir.is_empty() {
                had_pages.insert(dir);
                if kept {
                    kept_pages.insert(dir);
                }
                dir = crate::site::urls::parent(dir);
            }
        }
        let mut folded = BTreeMap::new();
        for rel in folders.iter().chain(previous.folders.keys()) {
            if rel.is_empty() || kept_pages.contains(rel.as_str()) {
                continue;
            }
            let real = canonical(rel);
            let why = audience
                .leaves_out(rel, real.as_deref(), None)
                .or_else(|| had_pages.contains(rel.as_str()).then_some(Why::Emptied))
                .or_else(|| previous.folders.get(rel).cloned());
            if let Some(why) = why {
                folded.insert(rel.clone(), why);
            }
        }
        cut.folders = folded;
        for (rel, why) in &previous.assets {
            if !assets.contains_key(rel) {
                cut.assets.insert(rel.clone(), why.clone());
            }
        }
        for rel in assets.keys() {
            let real = canonical(rel);
            let why = audience
                .leaves_out(rel, real.as_deref(), None)
                .or_else(|| cut.in_cut_folder(rel).then_some(Why::Emptied));
            if let Some(why) = why {
                cut.assets.insert(rel.clone(), why);
            }
        }
        cut
    }

    fn in_cut_folder(&self, rel: &str) -> bool {
        let mut dir = crate::site::urls::parent(rel);
        while !dir.is_empty() {
            if self.folders.contains_key(dir) {
                return true;
            }
            dir = crate::site::urls::parent(dir);
        }
        false
    }

    /// Is `rel` (a page, file or folder) left out, itself or with its folder?
    pub fn contains(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        self.pages.contains_key(rel)
            || self.assets.contains_key(rel)
            || self.folders.contains_key(rel)
            || self.in_cut_folder(rel)
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.assets.is_empty() && self.folders.is_empty()
    }
}
