//! The site model: folders and pages as the file tree, with output paths
//! and a lookup from source paths to what links may point at. The order and
//! titles readers navigate by are [`crate::nav`]'s.

mod builder;
use builder::{index_rank, Builder};
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
    /// Its index page, written or generated; `None` for a folder left out
    /// of the site (no page in it, and no listing: see
    /// `prune_and_generate_indexes`).
    pub index: Option<PageId>,
    /// Its pages (index page apart) and sub-folders with pages, in path
    /// order: the file tree. The order readers see is [`crate::nav`]'s.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    Page(PageId),
    Folder(FolderId),
}

/// What a source path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// What the audience build leaves out: links to it are
    /// `link-to-excluded`, shown as plain text.
    audience_cut: Arc<crate::audience::Cut>,
    /// One language's site of a multi-language tree: where its renamed
    /// pages are read from, and where the other languages' pages are.
    language: Option<Arc<crate::languages::View>>,
}

impl Site {
    pub fn root(&self) -> &Folder {
        &self.folders[0]
    }

    pub fn home(&self) -> PageId {
        self.index_page(0)
    }

    /// The index page of a folder that is part of the site: the root, a
    /// folder in the navigation, a link target, a listed folder. Each gets
    /// one, written or generated, when the site is built (see
    /// `SiteBuilder::prune_and_generate_indexes`); only folders left out
    /// entirely have none.
    pub fn index_page(&self, folder: FolderId) -> PageId {
        self.folders[folder]
            .index
            .expect("every folder in the site has an index page")
    }

    /// What a path of the content folder names here; in one language's
    /// site, a page of that language by its file name too (`X.en.md` is
    /// the English site's `X.md`).
    pub fn lookup(&self, rel: &str) -> Option<Target> {
        self.lookup.get(rel).copied().or_else(|| {
            let renamed = self.language.as_ref()?.renamed(rel)?;
            self.lookup.get(renamed).copied()
        })
    }

    /// The file (path in the content folder) a page or file of this site
    /// is read from: its own path, unless its language's site renamed it.
    pub fn file<'a>(&'a self, rel: &'a str) -> &'a str {
        match &self.language {
            Some(view) => view.file(rel),
            None => rel,
        }
    }

    /// Another language's page or folder (by its path in the content
    /// folder): where it is written, from the output folder's root.
    pub fn elsewhere(&self, rel: &str) -> Option<&str> {
        self.language.as_ref()?.elsewhere(rel)
    }

    /// The language this site is in, when the tree has several.
    pub fn language(&self) -> Option<&crate::languages::View> {
        self.language.as_deref()
    }

    /// Is this the site at the output's root (a single-language site too)?
    pub fn is_default_language(&self) -> bool {
        self.language.as_ref().is_none_or(|v| v.prefix.is_empty())
    }

    pub fn set_language(&mut self, view: Arc<crate::languages::View>) {
        self.language = Some(view);
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

    /// Does the audience build leave out `rel` (a page, folder or file)?
    pub fn is_for_other_audience(&self, rel: &str) -> bool {
        self.audience_cut.contains(rel)
    }

    /// What the audience build leaves out, for links to it.
    pub fn set_audience_cut(&mut self, cut: Arc<crate::audience::Cut>) {
        self.audience_cut = cut;
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
            Target::Folder(f) => self.folders[f].index.map(|i| self.pages[i].out.as_str()),
            Target::Asset(a) => Some(&self.assets[a].rel),
            Target::Draft => None,
        }
    }

    /// The page a link target opens: a page, or a folder's index page.
    pub fn page_of(&self, target: Target) -> Option<PageId> {
        match target {
            Target::Page(p) => Some(p),
            Target::Folder(f) => self.folders[f].index,
            Target::Asset(_) | Target::Draft => None,
        }
    }

    /// Is `folder` the folder `ancestor` or inside it?
    pub fn within(&self, folder: FolderId, ancestor: FolderId) -> bool {
        let mut cur = Some(folder);
        while let Some(f) = cur {
            if f == ancestor {
                return true;
            }
            cur = self.folders[f].parent;
        }
        false
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
            let Some(index) = self.folders[f].index else {
                continue;
            };
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
            lookup: HashMap::new(),
            folded: HashMap::new(),
            repo: Arc::default(),
            repo_assets: 0,
            exclude: globset::GlobSet::empty(),
            shadowed: Vec::new(),
            audience_cut: Arc::default(),
            language: None,
        }
    }

    /// A page's file changed but not its front matter: take its new source
    /// (without the text) and derive its title again (from the front matter
    /// or the name; `finalize_titles` then applies its `# heading`).
    /// The page keeps its path in the site (a language's site renames
    /// `X.en.md` to `X.md`).
    pub fn refresh_source(&mut self, id: PageId, source: &SourcePage) {
        let page = &mut self.pages[id];
        let rel = page.src().unwrap_or(&source.rel).to_string();
        page.title = source
            .front
            .title
            .clone()
            .unwrap_or_else(|| name_title(&rel));
        page.source = Some(SourcePage {
            rel,
            text: String::new(),
            body_start: source.body_start,
            front: source.front.clone(),
            hash: source.hash,
        });
    }

    /// Fill `updated` from git history for pages without a front-matter date.
    pub fn apply_git_dates(&mut self, dates: &HashMap<String, String>) {
        for page in &mut self.pages {
            if page.updated.is_none() {
                if let Some(src) = &page.source {
                    let file = match &self.language {
                        Some(view) => view.file(&src.rel),
                        None => &src.rel,
                    };
                    page.updated = dates.get(file).cloned();
                }
            }
        }
    }

    pub fn build(content: Content, display_root: &str) -> (Site, Vec<Diagnostic>) {
        Builder::default().build(content, display_root)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, weight: Option<i64>) -> SourcePage {
        SourcePage::unread(rel, weight)
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
        let nav = crate::nav::Nav::build(&site, &[], None, &globset::GlobSet::empty());
        let outs: Vec<&str> = nav
            .order()
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
            site.pages[site.index_page(1)].source.is_none(),
            "a/ gets a generated index"
        );
        // A folder without pages is no entry of the navigation; a link to
        // it opens its listing.
        let empty = site.folders.iter().position(|f| f.rel == "empty").unwrap();
        assert!(site.folders[empty].listing.is_some());
        assert!(!nav.order().contains(&site.index_page(empty)));
        assert!(!site.root().children.contains(&Entry::Folder(empty)));
        assert_eq!(site.lookup("empty"), Some(Target::Folder(empty)));
    }
}
