//! The site model: folders and pages as a tree, in reading order, with output
//! paths and a lookup from source paths to what links may point at.

pub mod forge;
pub mod order;
pub mod publish;
pub mod repo;
pub mod urls;

use crate::diagnostics::{Code, Diagnostic};
use crate::load::{display_path, Content, SourceAsset, SourcePage};
use order::{natural_cmp, strip_md_extension, title_from_name};
use repo::Repository;
use std::collections::HashMap;
use std::sync::Arc;

pub type PageId = usize;
pub type FolderId = usize;

#[derive(Debug)]
pub struct Page {
    /// The Markdown source; `None` for a generated folder index.
    pub source: Option<SourcePage>,
    /// Output path relative to the output root, `/`-separated.
    pub out: String,
    pub folder: FolderId,
    pub is_index: bool,
    pub title: String,
    pub weight: Option<i64>,
    pub description: Option<String>,
    pub date: Option<String>,
    /// Last updated: front matter `date`, else the last git commit of the file.
    pub updated: Option<String>,
}

impl Page {
    pub fn src(&self) -> Option<&str> {
        self.source.as_ref().map(|s| s.rel.as_str())
    }
}

#[derive(Debug)]
pub struct Folder {
    /// Relative path, `""` for the root.
    pub rel: String,
    pub title: String,
    pub parent: Option<FolderId>,
    pub index: PageId,
    pub children: Vec<Entry>,
    /// For a folder holding no page (`scripts/` with `run.sh`): what its
    /// generated listing shows. Such a folder is not in the navigation, and
    /// its listing is published only when a page links to it (see
    /// [`publish`]).
    pub listing: Option<Listing>,
}

/// The contents of a folder without pages, as GitHub lists a folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Folders inside it (folders without pages too), by name.
    pub folders: Vec<FolderId>,
    /// Its files (assets), by name.
    pub files: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Page(PageId),
    Folder(FolderId),
}

/// What a source path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page(PageId),
    Folder(FolderId),
    Asset(usize),
    /// A page marked `draft`: it exists but is not published.
    Draft,
}

#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    pub folders: Vec<Folder>,
    pub assets: Vec<SourceAsset>,
    /// Every page in sidebar order: a folder's index first, then its children.
    pub order: Vec<PageId>,
    lookup: HashMap<String, Target>,
    /// Every linkable path by its lower-case form (the first in path order
    /// when several fold alike), for links whose letter case is wrong.
    folded: HashMap<String, String>,
    /// The repository around the content folder (see [`repo`]).
    pub repo: Arc<Repository>,
    /// Where the repository's files (outside the content folder) start in
    /// `assets`: `repo.files()[i]` is `assets[repo_assets + i]`.
    repo_assets: usize,
    /// `exclude` globs: what they match is absent, and links to it say why.
    exclude: globset::GlobSet,
    /// Content files written where a page is (`page.html` next to
    /// `page.md`): the page wins and they are never published.
    shadowed: Vec<usize>,
}

impl Site {
    pub fn root(&self) -> &Folder {
        &self.folders[0]
    }

    pub fn home(&self) -> PageId {
        self.folders[0].index
    }

    pub fn lookup(&self, rel: &str) -> Option<Target> {
        self.lookup.get(rel).copied()
    }

    /// The path as it is spelled on disk, for a path that names it only in
    /// another letter case (`readme.md` for `README.md`): it works on
    /// Windows and macOS, not on GitHub or a Linux web server.
    pub fn spelled(&self, rel: &str) -> Option<&str> {
        self.folded.get(&rel.to_lowercase()).map(String::as_str)
    }

    /// The asset of a tracked file outside the content folder, by its path
    /// from the repository's root.
    pub fn repo_file(&self, path: &str) -> Option<Target> {
        self.repo
            .file(path)
            .map(|i| Target::Asset(self.repo_assets + i))
    }

    /// Is this asset one of the content folder's own files (not one from
    /// elsewhere in the repository)?
    pub fn is_content_asset(&self, asset: usize) -> bool {
        asset < self.repo_assets
    }

    /// Is this asset a file at a page's output path (never published)?
    pub fn is_shadowed(&self, asset: usize) -> bool {
        self.shadowed.binary_search(&asset).is_ok()
    }

    /// Does an `exclude` glob leave out `rel` (or a folder on its way)?
    pub fn is_excluded(&self, rel: &str) -> bool {
        is_excluded(&self.exclude, rel)
    }

    /// Place the site in its repository: the tracked files outside the
    /// content folder become assets under [`repo::REPO_FOLDER`], and
    /// `exclude` answers for links to what was left out.
    pub fn attach(&mut self, repo: Arc<Repository>, exclude: globset::GlobSet) {
        self.assets.truncate(self.repo_assets);
        self.assets
            .extend(repo.files().iter().map(|path| SourceAsset {
                rel: format!("{}/{path}", repo::REPO_FOLDER),
                abs: repo.root.join(path),
            }));
        self.repo = repo;
        self.exclude = exclude;
    }

    /// Every linkable source path (pages, folders, assets), for suggestions.
    pub fn paths(&self) -> impl Iterator<Item = (&str, Target)> {
        self.lookup.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The output path a target is reached at, if it is published.
    pub fn target_out(&self, target: Target) -> Option<&str> {
        match target {
            Target::Page(p) => Some(&self.pages[p].out),
            Target::Folder(f) => Some(&self.pages[self.folders[f].index].out),
            Target::Asset(a) => Some(&self.assets[a].rel),
            Target::Draft => None,
        }
    }

    /// The page a link target opens: a page, or a folder's index page.
    pub fn page_of(&self, target: Target) -> Option<PageId> {
        match target {
            Target::Page(p) => Some(p),
            Target::Folder(f) => Some(self.folders[f].index),
            Target::Asset(_) | Target::Draft => None,
        }
    }

    /// For each of `folder`'s children (in order): its file or folder name
    /// when a sibling has the same title, so that the sidebar can tell the
    /// two apart (`安装.md`, `安装/`); else `None`.
    pub fn title_hints(&self, folder: FolderId) -> Vec<Option<String>> {
        let children = &self.folders[folder].children;
        let title = |e: &Entry| match *e {
            Entry::Page(p) => self.pages[p].title.as_str(),
            Entry::Folder(f) => self.folders[f].title.as_str(),
        };
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in children {
            *counts.entry(title(e)).or_default() += 1;
        }
        children
            .iter()
            .map(|e| {
                (counts[title(e)] > 1).then(|| match *e {
                    Entry::Page(p) => {
                        file_name(self.pages[p].src().unwrap_or_default()).to_string()
                    }
                    Entry::Folder(f) => format!("{}/", file_name(&self.folders[f].rel)),
                })
            })
            .collect()
    }

    /// Folders from the root down to (and including) `folder`.
    pub fn ancestry(&self, folder: FolderId) -> Vec<FolderId> {
        let mut chain = vec![folder];
        let mut cur = folder;
        while let Some(p) = self.folders[cur].parent {
            chain.push(p);
            cur = p;
        }
        chain.reverse();
        chain
    }

    /// Once Markdown is rendered: a page without a front-matter title takes
    /// its first `# heading`; a folder takes its index page's title, else
    /// keeps its name without the number prefix (and a generated index page
    /// takes the folder's title). A home page without a title, written or
    /// generated, is titled `home_name` (never "README" or "首页").
    pub fn finalize_titles(&mut self, h1: impl Fn(PageId) -> Option<String>, home_name: &str) {
        for id in 0..self.pages.len() {
            let has_front_title = match &self.pages[id].source {
                Some(src) => src.front.title.is_some(),
                None => continue,
            };
            if !has_front_title {
                if let Some(title) = h1(id) {
                    self.pages[id].title = title;
                }
            }
            // Only the root's index page has no name to fall back on.
            if self.pages[id].title.is_empty() {
                self.pages[id].title = home_name.to_string();
            }
        }
        for f in 0..self.folders.len() {
            let index = self.folders[f].index;
            if index == usize::MAX {
                continue;
            }
            if self.pages[index].source.is_some() {
                self.folders[f].title = self.pages[index].title.clone();
            } else {
                if f == 0 {
                    self.folders[0].title = home_name.to_string();
                }
                self.pages[index].title = self.folders[f].title.clone();
            }
        }
    }

    /// A site with nothing in it (a placeholder while a site is moved out).
    pub fn empty() -> Site {
        Site {
            pages: Vec::new(),
            folders: Vec::new(),
            assets: Vec::new(),
            order: Vec::new(),
            lookup: HashMap::new(),
            folded: HashMap::new(),
            repo: Arc::default(),
            repo_assets: 0,
            exclude: globset::GlobSet::empty(),
            shadowed: Vec::new(),
        }
    }

    /// A page's file changed but not its front matter: take its new source
    /// (without the text) and derive its title again (from the front matter
    /// or the name; `finalize_titles` then applies its `# heading`).
    pub fn refresh_source(&mut self, id: PageId, source: &SourcePage) {
        let page = &mut self.pages[id];
        page.title = source
            .front
            .title
            .clone()
            .unwrap_or_else(|| name_title(&source.rel));
        page.source = Some(SourcePage {
            rel: source.rel.clone(),
            text: String::new(),
            body_start: source.body_start,
            front: source.front.clone(),
        });
    }

    /// Fill `updated` from git history for pages without a front-matter date.
    pub fn apply_git_dates(&mut self, dates: &HashMap<String, String>) {
        for page in &mut self.pages {
            if page.updated.is_none() {
                if let Some(src) = &page.source {
                    page.updated = dates.get(&src.rel).cloned();
                }
            }
        }
    }

    pub fn build(content: Content, display_root: &str) -> (Site, Vec<Diagnostic>) {
        Builder::default().build(content, display_root)
    }
}

#[derive(Default)]
struct Builder {
    pages: Vec<Page>,
    folders: Vec<Folder>,
    folder_ids: HashMap<String, FolderId>,
    lookup: HashMap<String, Target>,
    diagnostics: Vec<Diagnostic>,
}

fn index_rank(file_name: &str) -> Option<u8> {
    match file_name.to_ascii_lowercase().as_str() {
        "readme.md" => Some(0),
        "index.md" => Some(1),
        "_index.md" => Some(2),
        _ => None,
    }
}

pub fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The title a page has without front matter or heading: its file name, or
/// for an index page (`README.md`) its folder's name (empty for the root).
fn name_title(rel: &str) -> String {
    if index_rank(file_name(rel)).is_some() {
        title_from_name(file_name(urls::parent(rel)))
    } else {
        title_from_name(file_name(rel))
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

/// Content folders named for what they hold rather than for the project.
const GENERIC_FOLDER_NAMES: [&str; 10] = [
    "docs",
    "doc",
    "content",
    "contents",
    "src",
    "source",
    "documentation",
    "wiki",
    "book",
    "site",
];

/// What an untitled home page is called: the content folder's name, or the
/// repository's when the content folder is `docs`, `content`, `src`, ...
/// `None` when the folder has no usable name (the file system root).
pub fn root_name(content_dir: &std::path::Path) -> Option<String> {
    let dir = std::fs::canonicalize(content_dir).ok()?;
    let name_of = |p: &std::path::Path| {
        p.file_name()
            .map(|n| title_from_name(&n.to_string_lossy()))
            .filter(|n| !n.is_empty())
    };
    let name = name_of(&dir)?;
    let generic = GENERIC_FOLDER_NAMES
        .iter()
        .any(|g| name.eq_ignore_ascii_case(g));
    match dir.parent() {
        Some(parent) if generic => name_of(parent).or(Some(name)),
        _ => Some(name),
    }
}

impl Builder {
    fn build(mut self, content: Content, display_root: &str) -> (Site, Vec<Diagnostic>) {
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
                index: usize::MAX,
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
        self.sort_children();
        let mut order = Vec::with_capacity(self.pages.len());
        self.walk_order(0, &mut order);
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
            order,
            lookup: self.lookup,
            folded,
            repo: Arc::default(),
            exclude: globset::GlobSet::empty(),
            shadowed,
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
        if is_index && self.folders[folder].index != usize::MAX {
            let winner = self.folders[folder].index;
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
            self.folders[folder].index = id;
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
            if folder.index != usize::MAX || !folder.children.is_empty() {
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
                let parent_shown = parent.is_some_and(|p| self.folders[p].index != usize::MAX);
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
            if self.folders[f].index == usize::MAX {
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
                self.folders[f].index = id;
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

    fn entry_key(&self, e: Entry) -> (bool, i64, String) {
        let (weight, name) = match e {
            Entry::Page(p) => {
                let page = &self.pages[p];
                (
                    page.weight,
                    file_name(page.src().unwrap_or_default()).to_string(),
                )
            }
            Entry::Folder(f) => {
                let folder = &self.folders[f];
                (
                    self.pages[folder.index].weight,
                    file_name(&folder.rel).to_string(),
                )
            }
        };
        (weight.is_none(), weight.unwrap_or(0), name)
    }

    fn sort_children(&mut self) {
        for f in 0..self.folders.len() {
            let mut children = std::mem::take(&mut self.folders[f].children);
            let mut keyed: Vec<_> = children.drain(..).map(|e| (self.entry_key(e), e)).collect();
            keyed.sort_by(|(a, _), (b, _)| {
                a.0.cmp(&b.0)
                    .then(a.1.cmp(&b.1))
                    .then_with(|| natural_cmp(&a.2, &b.2))
            });
            self.folders[f].children = keyed.into_iter().map(|(_, e)| e).collect();
        }
    }

    fn walk_order(&self, folder: FolderId, order: &mut Vec<PageId>) {
        order.push(self.folders[folder].index);
        for e in &self.folders[folder].children {
            match *e {
                Entry::Page(p) => order.push(p),
                Entry::Folder(f) => self.walk_order(f, order),
            }
        }
    }
}

/// Does a glob of `globs` match `rel` or a folder on its way (`private`
/// leaves out `private/a.md`)?
pub fn is_excluded(globs: &globset::GlobSet, rel: &str) -> bool {
    if globs.is_empty() {
        return false;
    }
    let mut path = rel;
    loop {
        if globs.is_match(path) {
            return true;
        }
        if path.is_empty() {
            return false;
        }
        path = urls::parent(path);
        if path.is_empty() {
            return false;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FrontMatter;

    fn page(rel: &str, weight: Option<i64>) -> SourcePage {
        SourcePage {
            rel: rel.into(),
            text: String::new(),
            body_start: 0,
            front: FrontMatter {
                weight,
                ..FrontMatter::default()
            },
        }
    }

    #[test]
    fn tree_order_indexes_and_output_paths() {
        let content = Content {
            pages: vec![
                page("README.md", None),
                page("10-十.md", None),
                page("2-二.md", None),
                page("b/index.md", None),
                page("b/README.md", None),
                page("a/x.md", Some(1)),
                page("a/y.md", None),
            ],
            folders: vec!["".into(), "a".into(), "b".into(), "empty".into()],
            ..Content::default()
        };
        let (site, diags) = Site::build(content, "content");
        let outs: Vec<&str> = site
            .order
            .iter()
            .map(|&p| site.pages[p].out.as_str())
            .collect();
        assert_eq!(
            outs,
            [
                "index.html",
                "2-二.html",
                "10-十.html",
                "a/index.html",
                "a/x.html",
                "a/y.html",
                "b/index.html"
            ]
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::IndexClash);
        assert_eq!(site.lookup("b/index.md"), site.lookup("b/README.md"));
        assert!(
            site.pages[site.folders[1].index].source.is_none(),
            "a/ gets a generated index"
        );
        // A folder without pages is no entry of the navigation; a link to
        // it opens its listing.
        let empty = site.folders.iter().position(|f| f.rel == "empty").unwrap();
        assert!(site.folders[empty].listing.is_some());
        assert!(!site.order.contains(&site.folders[empty].index));
        assert!(!site.root().children.contains(&Entry::Folder(empty)));
        assert_eq!(site.lookup("empty"), Some(Target::Folder(empty)));
    }
}
