//! The repository around the content folder. Links are resolved as GitHub
//! resolves them: against the content folder's real place in the git work
//! tree (`../../source/B/Ray.md` from `source/A/x.md` comes back in), `/x`
//! from the work tree's root, and a climb two folders above the root into
//! the repository's own web pages (`../../issues`). Files outside the
//! content folder are published only when git tracks them.

use super::forge::WebAddress;
use crate::load::{admit, git};
use std::path::{Path, PathBuf};

/// The folder of the site that holds files from the repository outside the
/// content folder: `../resources/a.png` is published as `_repo/resources/a.png`.
pub const REPO_FOLDER: &str = "_repo";

/// The pages of a repository's web site that `../../NAME` reaches from its
/// root, on GitHub (`/org/repo/issues`) and GitLab (`/group/project/-/issues`).
const WEB_PAGES: [&str; 28] = [
    "issues",
    "pulls",
    "pull",
    "wiki",
    "releases",
    "actions",
    "discussions",
    "projects",
    "security",
    "pulse",
    "graphs",
    "network",
    "tags",
    "branches",
    "commits",
    "commit",
    "compare",
    "milestones",
    "labels",
    "tree",
    "blob",
    "raw",
    "blame",
    "activity",
    "stargazers",
    "merge_requests",
    "pipelines",
    "-",
];

/// Where a link path lands, seen from the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// Inside the content folder: the path from the content folder.
    Content(String),
    /// In the repository, outside the content folder: the path from the
    /// repository's root.
    Repository(String),
    /// `levels` folders above the repository's root, then `rest`.
    Above { levels: usize, rest: String },
}

/// Why a file that exists is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Private {
    /// Its name or a folder on its way starts with `.`.
    Hidden,
    /// git does not track it (new, or ignored).
    Untracked,
    /// In the content folder, and git ignores it (a key a CI step wrote,
    /// build output): never published, even when a page links to it.
    Ignored,
    /// Outside the content folder, and the content folder is in no git
    /// work tree: nothing says the file is meant to be public.
    NoGit,
    /// A tracked symlink to somewhere outside the repository.
    LeavesRepository,
}

impl Private {
    /// Why, for a diagnostic about the file `shown`.
    pub fn message(self, shown: &str) -> String {
        match self {
            Private::Hidden => format!(
                "`{shown}` is hidden (a name starting with `.`), and hidden files are never published"
            ),
            Private::Untracked => format!(
                "`{shown}` is not tracked by git (new, or ignored), so it is not published; `git add` it if it is meant to be"
            ),
            Private::Ignored => format!(
                "`{shown}` is ignored by git (`.gitignore`), so it is never published"
            ),
            Private::NoGit => format!(
                "`{shown}` is outside the content folder, which is in no git repository: only files git tracks are published from outside it"
            ),
            Private::LeavesRepository => format!(
                "`{shown}` is a symlink that leaves the repository, so it is not followed"
            ),
        }
    }
}

/// The repository holding the content folder, as far as links need it.
#[derive(Debug, Default)]
pub struct Repository {
    /// The git work tree holding the content folder, else the site root
    /// (resolved).
    pub root: PathBuf,
    /// The content folder's path from `root`, `/`-separated (`""`: the root).
    pub content_prefix: String,
    /// `root` is a git work tree.
    pub is_git: bool,
    /// Tracked files outside the content folder that may be published (not
    /// hidden, no symlink out of the repository, not in the output), sorted.
    files: Vec<String>,
    /// Tracked symlinks that leave the repository.
    refused: Vec<String>,
    /// What git ignores in the content folder (folders end in `/`), sorted.
    ignored: Vec<String>,
    pub web: Option<WebAddress>,
}

impl Repository {
    /// Find the repository of `content_dir`: its git work tree, else
    /// `site_root` when it holds the content folder, else the content folder
    /// itself. `exclude` are the output and staging folders.
    pub fn discover(
        content_dir: &Path,
        site_root: &Path,
        exclude: &[PathBuf],
        web: Option<WebAddress>,
    ) -> Repository {
        let content = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.into());
        let tree = git::work_tree(&content).filter(|t| content.starts_with(t));
        let is_git = tree.is_some();
        let root = tree.unwrap_or_else(|| {
            std::fs::canonicalize(site_root)
                .ok()
                .filter(|r| content.starts_with(r))
                .unwrap_or_else(|| content.clone())
        });
        let content_prefix = crate::load::relative(&root, &content).unwrap_or_default();
        let mut repo = Repository {
            root,
            content_prefix,
            is_git,
            web,
            ..Repository::default()
        };
        if is_git {
            repo.index(git::tracked_files(&repo.root), exclude);
            repo.ignored = git::ignored(&repo.root, &repo.content_prefix);
        }
        repo
    }

    fn index(&mut self, tracked: Vec<git::TrackedFile>, exclude: &[PathBuf]) {
        let exclude: Vec<PathBuf> = exclude
            .iter()
            .map(|x| std::fs::canonicalize(x).unwrap_or_else(|_| x.clone()))
            .collect();
        for file in tracked {
            if self.in_content(&file.path).is_some()
                || file.path.split('/').any(|s| s.starts_with('.'))
            {
                continue;
            }
            let abs = self.root.join(&file.path);
            if exclude.iter().any(|x| abs.starts_with(x)) {
                continue;
            }
            // The rule of the content folder, with the repository as its
            // root: a symlink is followed only if it stays inside.
            if file.is_symlink && admit::admit(&self.root, &abs, &exclude).is_err() {
                self.refused.push(file.path);
                continue;
            }
            self.files.push(file.path);
        }
    }

    /// The tracked files outside the content folder that may be published,
    /// sorted, by path from the repository's root.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Position of `path` in [`Repository::files`].
    pub fn file(&self, path: &str) -> Option<usize> {
        self.files.binary_search_by(|f| f.as_str().cmp(path)).ok()
    }

    /// Does git track files under the folder `path`?
    pub fn is_tracked_folder(&self, path: &str) -> bool {
        let prefix = format!("{path}/");
        let at = self.files.partition_point(|f| f.as_str() < prefix.as_str());
        self.files.get(at).is_some_and(|f| f.starts_with(&prefix))
    }

    /// Does git ignore the content folder's file `rel` (or a folder on its way)?
    pub fn is_ignored(&self, rel: &str) -> bool {
        if self.ignored.is_empty() {
            return false;
        }
        let path = if self.content_prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.content_prefix)
        };
        let listed = |p: &str| self.ignored.binary_search_by(|i| i.as_str().cmp(p)).is_ok();
        let mut end = path.len();
        loop {
            if (end == path.len() && listed(&path)) || listed(&format!("{}/", &path[..end])) {
                return true;
            }
            match path[..end].rfind('/') {
                Some(i) => end = i,
                None => return false,
            }
        }
    }

    /// `path` (from the root) as a path in the content folder, if it is in it.
    fn in_content<'p>(&self, path: &'p str) -> Option<&'p str> {
        if self.content_prefix.is_empty() {
            return Some(path);
        }
        match path.strip_prefix(self.content_prefix.as_str()) {
            Some("") => Some(""),
            Some(rest) => rest.strip_prefix('/'),
            None => None,
        }
    }

    /// Where `link_path` (decoded), written in the content folder's
    /// `base_dir`, lands: `/`-rooted paths start at the repository's root.
    pub fn locate(&self, base_dir: &str, link_path: &str) -> Located {
        let mut parts: Vec<&str> = Vec::new();
        if !link_path.starts_with('/') {
            parts.extend(self.content_prefix.split('/').filter(|s| !s.is_empty()));
            parts.extend(base_dir.split('/').filter(|s| !s.is_empty()));
        }
        let mut above = 0;
        for seg in link_path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        above += 1;
                    }
                }
                s => parts.push(s),
            }
        }
        let path = parts.join("/");
        if above > 0 {
            return Located::Above {
                levels: above,
                rest: path,
            };
        }
        match self.in_content(&path) {
            Some(rel) => Located::Content(rel.to_string()),
            None => Located::Repository(path),
        }
    }

    /// Is `levels` up then `rest` one of the repository's web pages? On
    /// GitHub a file at the root is shown at `/org/repo/blob/main/README.md`,
    /// so two folders up is the repository's own address.
    pub fn is_web_page(levels: usize, rest: &str) -> bool {
        let first = rest.split('/').next().unwrap_or("");
        levels == 2 && WEB_PAGES.contains(&first)
    }

    /// Why the file or folder at `path` (from the root), which is not
    /// published, is left out; `None` when nothing is there.
    pub fn why_private(&self, path: &str) -> Option<Private> {
        let abs = self.root.join(path);
        std::fs::symlink_metadata(&abs).ok()?;
        let inside = self.in_content(path);
        Some(if path.split('/').any(|s| s.starts_with('.')) {
            Private::Hidden
        } else if inside.is_some_and(|rel| self.is_ignored(rel)) {
            Private::Ignored
        } else if self.refused.iter().any(|r| r == path) {
            Private::LeavesRepository
        } else if inside.is_some() || self.is_git {
            Private::Untracked
        } else {
            Private::NoGit
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(prefix: &str, files: &[&str]) -> Repository {
        Repository {
            content_prefix: prefix.into(),
            is_git: true,
            files: files.iter().map(|f| f.to_string()).collect(),
            ..Repository::default()
        }
    }

    #[test]
    fn paths_are_located_from_the_content_folders_real_place() {
        let r = repo("docs/source", &[]);
        let content = |p: &str| Located::Content(p.into());
        assert_eq!(r.locate("A", "../../source/B/Ray.md"), content("B/Ray.md"));
        assert_eq!(r.locate("A", "../B/Ray.md"), content("B/Ray.md"));
        assert_eq!(r.locate("A", "../.."), Located::Repository("docs".into()));
        assert_eq!(
            r.locate("A", "../../../resources/grpo.png"),
            Located::Repository("resources/grpo.png".into())
        );
        assert_eq!(r.locate("A", "/docs/source/x.md"), content("x.md"));
        assert_eq!(
            r.locate("A", "/README.md"),
            Located::Repository("README.md".into())
        );
        assert_eq!(
            r.locate("", "../../../../issues/3"),
            Located::Above {
                levels: 2,
                rest: "issues/3".into()
            }
        );
    }

    #[test]
    fn web_pages_are_two_folders_above_the_root() {
        assert!(Repository::is_web_page(2, "issues"));
        assert!(Repository::is_web_page(2, "wiki/Home"));
        assert!(!Repository::is_web_page(1, "issues"));
        assert!(!Repository::is_web_page(2, "elsewhere"));
    }

    #[test]
    fn ignored_files_and_folders() {
        let r = Repository {
            content_prefix: "docs".into(),
            ignored: vec!["docs/_build/".into(), "docs/key.pem".into()],
            ..Repository::default()
        };
        assert!(r.is_ignored("key.pem"));
        assert!(r.is_ignored("_build/html/a.png"));
        assert!(!r.is_ignored("_build.png"));
        assert!(!r.is_ignored("a/key.pem"));
    }

    #[test]
    fn tracked_folders() {
        let r = repo("docs", &["resources/a.png", "resourcesX"]);
        assert!(r.is_tracked_folder("resources"));
        assert!(!r.is_tracked_folder("resource"));
        assert_eq!(r.file("resources/a.png"), Some(0));
    }
}
