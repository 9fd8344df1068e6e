//! Building the site model from the loaded content: folders, index pages
//! (README.md wins; folder notes; generated indexes and listings), order,
//! and the lookup from source paths to what links may point at.

use super::*;

#[derive(Default)]
pub(super) struct Builder {
    pages: Vec<Page>,
    folders: Vec<Folder>,
    folder_ids: HashMap<String, FolderId>,
    lookup: HashMap<String, Target>,
    diagnostics: Vec<Diagnostic>,
}

pub(super) fn index_rank(file_name: &str) -> Option<u8> {
    match file_name.to_ascii_lowercase().as_str() {
        "readme.md" => Some(0),
        "index.md" => Some(1),
        "_index.md" => Some(2),
        _ => None,
    }
}

/// Folder notes: `X/X.md` when it is the only published page directly in
/// `X/` (one folder per article, with its images) and `X/` has no
/// `README.md`/`index.md`/`_index.md`. It is the folder's index page rather
/// than the single entry of a generated one.
fn folder_notes(sources: &[SourcePage]) -> std::collections::HashSet<String> {
    let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
    for source in sources.iter().filter(|s| !s.front.draft) {
        by_folder
            .entry(urls::parent(&source.rel))
            .or_default()
            .push(&source.rel);
    }
    by_folder
        .into_iter()
        .filter_map(|(dir, pages)| match pages[..] {
            [only]
                if !dir.is_empty()
                    && index_rank(file_name(only)).is_none()
                    && strip_md_extension(file_name(only)) == file_name(dir) =>
            {
                Some(only.to_string())
            }
            _ => None,
        })
        .collect()
}

impl Builder {
    pub(super) fn build(mut self, content: Content, display_root: &str) -> (Site, Vec<Diagnostic>) {
        let mut folders = content.folders;
        if !folders.iter().any(|f| f.is_empty()) {
            folders.push(String::new());
        }
        folders.sort();
        for rel in folders {
            let id = self.folders.len();
            let parent = (!rel.is_empty()).then(|| self.folder_ids[urls::parent(&rel)]);
            self.folder_ids.insert(rel.clone(), id);
            self.folders.push(Folder {
                title: title_from_name(file_name(&rel)),
                rel,
                parent,
                index: None,
                children: Vec::new(),
                listing: None,
            });
        }

        // Index pages first (best rank wins), then the others.
        let mut sources = content.pages;
        sources.sort_by(|a, b| {
            let ra = index_rank(file_name(&a.rel)).unwrap_or(u8::MAX);
            let rb = index_rank(file_name(&b.rel)).unwrap_or(u8::MAX);
            ra.cmp(&rb).then_with(|| a.rel.cmp(&b.rel))
        });
        let notes = folder_notes(&sources);
        for source in sources {
            if source.front.draft {
                self.lookup.insert(source.rel.clone(), Target::Draft);
                continue;
            }
            let is_note = notes.contains(&source.rel);
            self.add_page(source, display_root, is_note);
        }
        self.prune_and_generate_indexes(&content.assets);
        let shadowed = self.shadow_html_files(&content.assets, display_root);
        for (i, a) in content.assets.iter().enumerate() {
            if shadowed.binary_search(&i).is_err() {
                self.lookup.insert(a.rel.clone(), Target::Asset(i));
            }
        }
        let mut paths: Vec<&String> = self.lookup.keys().collect();
        paths.sort();
        let mut folded = HashMap::with_capacity(paths.len());
        for path in paths {
            folded
                .entry(path.to_lowercase())
                .or_insert_with(|| path.clone());
        }
        let site = Site {
            pages: self.pages,
            folders: self.folders,
            repo_assets: content.assets.len(),
            assets: content.assets,
            lookup: self.lookup,
            folded,
            repo: Arc::default(),
            exclude: globset::GlobSet::empty(),
            shadowed,
            audience_cut: Arc::default(),
            language: None,
        };
        (site, self.diagnostics)
    }

    /// The files at a page's output path (docsify's `index.html` next to
    /// `README.md`, `page.html` next to `page.md`), sorted: the page wins,
    /// a link to the file opens the page, and a warning names both.
    fn shadow_html_files(&mut self, assets: &[SourceAsset], display_root: &str) -> Vec<usize> {
        let outs: HashMap<&str, PageId> = self
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.out.as_str(), id))
            .collect();
        let mut shadowed = Vec::new();
        for (i, asset) in assets.iter().enumerate() {
            let Some(&page) = outs.get(asset.rel.as_str()) else {
                continue;
            };
            let page_name = match self.pages[page].src() {
                Some(src) => format!("the page `{src}`"),
                None => "the folder's generated index page".to_string(),
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::HtmlClash,
                    format!(
                        "`{}` and {page_name} are both published as `{}`; the page is used and this file is not published",
                        asset.rel, asset.rel
                    ),
                )
                .with_path(display_path(display_root, &asset.rel)),
            );
            self.lookup.insert(asset.rel.clone(), Target::Page(page));
            shadowed.push(i);
        }
        shadowed
    }

    /// Add one page; `is_note` makes it its folder's index page (see
    /// [`folder_notes`]).
    fn add_page(&mut self, source: SourcePage, display_root: &str, is_note: bool) {
        let dir = urls::parent(&source.rel).to_string();
        let folder = self.folder_ids[&dir];
        let name = file_name(&source.rel);
        let is_index = is_note || index_rank(name).is_some();
        if let Some(winner) = self.folders[folder].index.filter(|_| is_index) {
            let winner_src = self.pages[winner].src().unwrap_or_default().to_string();
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::IndexClash,
                    format!(
                        "`{}` and `{}` are both index pages of this folder; `{}` is used and this one is not published",
                        file_name(&winner_src),
                        name,
                        file_name(&winner_src)
                    ),
                )
                .with_path(display_path(display_root, &source.rel)),
            );
            self.lookup.insert(source.rel, Target::Page(winner));
            return;
        }
        let out = if is_index {
            join(&dir, "index.html")
        } else {
            join(&dir, &format!("{}.html", strip_md_extension(name)))
        };
        let id = self.pages.len();
        self.lookup.insert(source.rel.clone(), Target::Page(id));
        if is_index {
            self.folders[folder].index = Some(id);
        } else {
            self.folders[folder].children.push(Entry::Page(id));
        }
        let front = &source.front;
        self.pages.push(Page {
            out,
            folder,
            is_index,
            title: front
                .title
                .clone()
                .unwrap_or_else(|| name_title(&source.rel)),
            weight: front.weight,
            description: front.description.clone(),
            date: front.date.clone(),
            updated: front.date.clone(),
            source: Some(source),
        });
    }

    /// Folders holding no page (at any depth) are dropped from navigation
    /// and get a listing of their files instead (unless they hold their own
    /// `index.html`); the others without an index page get a generated one.
    fn prune_and_generate_indexes(&mut self, assets: &[SourceAsset]) {
        let n = self.folders.len();
        let mut has_pages = vec![false; n];
        for f in (0..n).rev() {
            let folder = &self.folders[f];
            if folder.index.is_some() || !folder.children.is_empty() {
                has_pages[f] = true;
            }
            if has_pages[f] {
                if let Some(p) = folder.parent {
                    has_pages[p] = true;
                }
            }
        }
        has_pages[0] = true;
        let mut files: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in assets.iter().enumerate() {
            files.entry(urls::parent(&a.rel)).or_default().push(i);
        }
        // Folders come sorted by path: a parent before its sub-folders.
        for (f, &keep) in has_pages.iter().enumerate() {
            let parent = self.folders[f].parent;
            if keep {
                if let Some(p) = parent {
                    self.folders[p].children.push(Entry::Folder(f));
                }
            } else {
                let own = files
                    .remove(self.folders[f].rel.as_str())
                    .unwrap_or_default();
                let served_as_is = own
                    .iter()
                    .any(|&i| file_name(&assets[i].rel) == "index.html");
                // A listing's breadcrumbs lead up through its parent.
                let parent_shown = parent.is_some_and(|p| self.folders[p].index.is_some());
                if served_as_is || !parent_shown {
                    continue;
                }
                let mut own = own;
                own.sort_by(|&a, &b| {
                    natural_cmp(file_name(&assets[a].rel), file_name(&assets[b].rel))
                });
                self.folders[f].listing = Some(Listing {
                    folders: Vec::new(),
                    files: own,
                });
                if let Some(listing) = parent.and_then(|p| self.folders[p].listing.as_mut()) {
                    listing.folders.push(f);
                }
            }
            self.lookup
                .insert(self.folders[f].rel.clone(), Target::Folder(f));
            if self.folders[f].index.is_none() {
                let id = self.pages.len();
                self.pages.push(Page {
                    source: None,
                    out: join(&self.folders[f].rel, "index.html"),
                    folder: f,
                    is_index: true,
                    title: self.folders[f].title.clone(),
                    weight: None,
                    description: None,
                    date: None,
                    updated: None,
                });
                self.folders[f].index = Some(id);
            }
        }
        for f in 0..n {
            if let Some(mut listing) = self.folders[f].listing.take() {
                listing.folders.sort_by(|&a, &b| {
                    natural_cmp(
                        file_name(&self.folders[a].rel),
                        file_name(&self.folders[b].rel),
                    )
                });
                self.folders[f].listing = Some(listing);
            }
        }
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}
