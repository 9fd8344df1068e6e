//! The content folder as the engine knows it between runs, and how a batch
//! of changed paths updates it (only those paths are read again).

use crate::audience::{Audience, Cut};
use crate::diagnostics::Diagnostic;
use crate::load::{self, LoadOptions, SourceAsset, SourcePage};
use crate::output::absolute;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The content folder as last loaded (page texts are dropped once rendered).
#[derive(Default)]
pub(super) struct ContentModel {
    pub(super) pages: BTreeMap<String, SourcePage>,
    pub(super) assets: BTreeMap<String, SourceAsset>,
    pub(super) folders: BTreeSet<String>,
    /// Files that could not be loaded, by relative path.
    pub(super) problems: BTreeMap<String, Vec<Diagnostic>>,
    /// The size of all Markdown at the last full load.
    pub(super) markdown_bytes: u64,
    /// The size of the largest page at the last full load.
    pub(super) largest_page: u64,
}

impl ContentModel {
    /// Forget what `exclude` globs leave out: it is as if absent (problems
    /// reading it included).
    pub(super) fn drop_excluded(&mut self, exclude: &globset::GlobSet) {
        if exclude.is_empty() {
            return;
        }
        let out = |rel: &String| crate::site::is_excluded(exclude, rel);
        self.pages.retain(|rel, _| !out(rel));
        self.assets.retain(|rel, _| !out(rel));
        self.folders.retain(|rel| rel.is_empty() || !out(rel));
        self.problems.retain(|rel, _| rel.is_empty() || !out(rel));
    }

    /// Forget what the audience leaves out (see [`crate::audience::Cut`]),
    /// as `exclude` globs are forgotten; returns what that was.
    pub(super) fn drop_for(&mut self, audience: &Audience, root: &Path, previous: &Cut) -> Cut {
        let content = crate::audience::cut::Content {
            pages: &self.pages,
            assets: &self.assets,
            folders: &self.folders,
        };
        let cut = Cut::decide(audience, root, content, previous);
        self.pages.retain(|rel, _| !cut.pages.contains_key(rel));
        self.assets.retain(|rel, _| !cut.assets.contains_key(rel));
        self.folders.retain(|rel| !cut.folders.contains_key(rel));
        self.problems
            .retain(|rel, _| rel.is_empty() || !cut.contains(rel));
        cut
    }

    pub(super) fn from_load(content: load::Content) -> Self {
        let mut model = ContentModel::default();
        for page in content.pages {
            model.pages.insert(page.rel.clone(), page);
        }
        for asset in content.assets {
            model.assets.insert(asset.rel.clone(), asset);
        }
        model.folders.extend(content.folders);
        model.markdown_bytes = content.markdown_bytes;
        model.largest_page = content.largest_page;
        for (rel, d) in content.problems {
            model.problems.entry(rel).or_default().push(d);
        }
        model
    }

    /// A `Content` for the site model (texts are not copied).
    /// What a path is in the model, for telling a text edit from a change
    /// of the tree or of a page's front matter.
    fn kind(&self, rel: &str) -> (Option<crate::load::FrontMatter>, bool, bool, bool) {
        (
            self.pages.get(rel).map(|p| p.front.clone()),
            self.assets.contains_key(rel),
            self.folders.contains(rel),
            self.problems.contains_key(rel),
        )
    }

    pub(super) fn snapshot(&self) -> load::Content {
        load::Content {
            pages: self
                .pages
                .values()
                .map(|p| SourcePage {
                    rel: p.rel.clone(),
                    text: String::new(),
                    body_start: p.body_start,
                    front: p.front.clone(),
                    hash: p.hash,
                })
                .collect(),
            assets: self.assets.values().cloned().collect(),
            folders: self.folders.iter().cloned().collect(),
            problems: Vec::new(),
            markdown_bytes: self.markdown_bytes,
            largest_page: self.largest_page,
        }
    }

    fn skip(&mut self, rel: &str, display_root: &str, skip: load::admit::Skip) {
        let shown = load::display_path(display_root, rel);
        let d = Diagnostic::warning(crate::diagnostics::Code::Skipped, skip.message(&shown))
            .with_path(shown);
        self.problems.insert(rel.to_string(), vec![d]);
    }

    /// Re-read the changed paths (absolute, as a watcher reports them):
    /// returns the new texts of the Markdown files that changed, and whether
    /// the tree or a page's front matter changed (not just texts).
    pub(super) fn apply(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        root: &Path,
        exclude: &[PathBuf],
        display_root: &str,
        changed_assets: &mut BTreeSet<String>,
    ) -> (HashMap<String, String>, bool) {
        let mut texts = HashMap::new();
        let mut touched = false;
        for path in changed {
            // The folder resolved, the name kept: a symlink is judged as
            // the entry it is, not as its target.
            let abs = match (path.parent(), path.file_name()) {
                (Some(dir), Some(name)) => absolute(dir).join(name),
                _ => absolute(path),
            };
            if exclude.iter().any(|x| abs.starts_with(x)) {
                continue;
            }
            let Some(rel) = load::relative(root, &abs) else {
                continue;
            };
            if rel.is_empty()
                || rel.split('/').any(|seg| seg.starts_with('.'))
                || rel == crate::config::CONFIG_FILE
            {
                continue;
            }
            // Forget what was there; read again what is there now.
            let before = self.kind(&rel);
            let prefix = format!("{rel}/");
            self.pages
                .retain(|k, _| k != &rel && !k.starts_with(&prefix));
            self.assets
                .retain(|k, _| k != &rel && !k.starts_with(&prefix));
            self.folders
                .retain(|k| k != &rel && !k.starts_with(&prefix));
            self.problems
                .retain(|k, _| k != &rel && !k.starts_with(&prefix));
            texts.retain(|k: &String, _| k != &rel && !k.starts_with(&prefix));
            let present = std::fs::symlink_metadata(&abs).is_ok();
            let admitted = if !present {
                false
            } else if abs.file_name().and_then(|n| n.to_str()).is_none() {
                self.skip(&rel, display_root, load::admit::Skip::NotUtf8);
                false
            } else {
                match load::admit::admit(root, &abs, exclude) {
                    Ok(()) => true,
                    Err(skip) => {
                        self.skip(&rel, display_root, skip);
                        false
                    }
                }
            };
            if !admitted {
                // Gone, or left out with a warning.
            } else if abs.is_dir() {
                let sub = load::load(&LoadOptions {
                    content_dir: &abs,
                    display_root: &load::display_path(display_root, &rel),
                    exclude,
                    keep_text: true,
                });
                let join = |r: &str| {
                    if r.is_empty() {
                        rel.clone()
                    } else {
                        format!("{rel}/{r}")
                    }
                };
                for mut page in sub.pages {
                    page.rel = join(&page.rel);
                    texts.insert(page.rel.clone(), std::mem::take(&mut page.text));
                    self.pages.insert(page.rel.clone(), page);
                }
                for mut asset in sub.assets {
                    asset.rel = join(&asset.rel);
                    self.assets.insert(asset.rel.clone(), asset);
                }
                self.folders.extend(sub.folders.iter().map(|f| join(f)));
                for (r, d) in sub.problems {
                    self.problems.entry(join(&r)).or_default().push(d);
                }
            } else if abs.is_file() {
                if load::is_markdown(&rel) {
                    match load::read_page(&rel, &abs, display_root) {
                        Ok(mut page) => {
                            texts.insert(rel.clone(), std::mem::take(&mut page.text));
                            self.pages.insert(rel.clone(), page);
                        }
                        Err(d) => {
                            self.problems.insert(rel.clone(), vec![*d]);
                        }
                    }
                } else {
                    changed_assets.insert(rel.clone());
                    self.assets.insert(
                        rel.clone(),
                        SourceAsset {
                            rel: rel.clone(),
                            abs: abs.clone(),
                        },
                    );
                }
            }
            // A file may arrive before (or without) its folder's own event.
            if abs.exists() {
                let mut dir = crate::site::urls::parent(&rel);
                while !dir.is_empty() {
                    touched |= self.folders.insert(dir.to_string());
                    dir = crate::site::urls::parent(dir);
                }
            }
            // The tree (or a page's front matter) changed, not just a text.
            touched |= abs.is_dir() || before != self.kind(&rel);
        }
        (texts, touched)
    }
}
