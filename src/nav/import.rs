//! A tree set up for another tool, built with no `folio.toml`: `mkdocs.yml`
//! in the folder (or beside it, naming it as its `docs_dir`), else mdBook's
//! `book.toml` in the folder, else GitBook's `.gitbook.yaml` or `book.json`
//! (GitBook's `SUMMARY.md` is mdBook's, with `*` lists and `##` parts).
//! What they say of the title, the content folder, what is left out and the
//! navigation is taken; the rest is theirs.

use super::explicit::ExplicitNav;
use super::gitbook::{self, GitBook};
use super::mdbook::{self, Book};
use super::mkdocs::{self, MkDocs};
use crate::diagnostics::{Code, Diagnostic};
use std::path::{Path, PathBuf};

/// What a tree's MkDocs or mdBook files give folio.
#[derive(Debug, Default)]
pub struct Imported {
    /// The file that said where the content is (`mkdocs.yml`, `book.toml`).
    pub file: PathBuf,
    pub title: Option<String>,
    pub content_dir: PathBuf,
    pub nav: Option<ExplicitNav>,
    /// Globs (paths in the content folder) left out entirely.
    pub exclude: Vec<String>,
    /// Globs of pages built but kept out of the sidebar.
    pub not_in_nav: Vec<String>,
    /// Notes on what the files ask for that folio does not do.
    pub notes: Vec<Diagnostic>,
    /// MkDocs' `i18n` plugin languages.
    pub i18n: Vec<crate::languages::I18nLanguage>,
}

/// Look for another tool's files at `path` (a folder without
/// `folio.toml`); `show` spells a path as diagnostics do.
pub fn detect(
    path: &Path,
    show: impl Fn(&Path) -> String,
) -> Result<Option<Imported>, Box<Diagnostic>> {
    if let Some(file) = mkdocs::FILES
        .iter()
        .map(|f| path.join(f))
        .find(|f| f.is_file())
    {
        return from_mkdocs(&file, path, &show).map(Some);
    }
    let book = path.join(mdbook::BOOK_FILE);
    if book.is_file() {
        return from_mdbook(&book, path, &show).map(Some);
    }
    if let Some(file) = gitbook::FILES
        .iter()
        .map(|f| path.join(f))
        .find(|f| f.is_file())
    {
        return from_gitbook(&file, path, &show).map(Some);
    }
    // `folio build docs` beside the `mkdocs.yml` that names `docs`.
    let Some(parent) = path.parent() else {
        return Ok(None);
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Some(file) = mkdocs::FILES
        .iter()
        .map(|f| parent.join(f))
        .find(|f| f.is_file())
    else {
        return Ok(None);
    };
    // Read only if it names this folder: a file the user did not point at
    // that fails to parse is not this build's problem.
    let Ok(m) = from_mkdocs(&file, parent, &show) else {
        return Ok(None);
    };
    let same = matches!(
        (m.content_dir.canonicalize(), path.canonicalize()),
        (Ok(a), Ok(b)) if a == b
    );
    Ok(same.then(|| Imported {
        content_dir: path.to_path_buf(),
        ..m
    }))
}

fn read(file: &Path, shown: &str) -> Result<String, Box<Diagnostic>> {
    std::fs::read_to_string(file).map_err(|e| {
        Box::new(Diagnostic::error(Code::Config, format!("cannot read it: {e}")).with_path(shown))
    })
}

fn from_mkdocs(
    file: &Path,
    root: &Path,
    show: &impl Fn(&Path) -> String,
) -> Result<Imported, Box<Diagnostic>> {
    let shown = show(file);
    let m = MkDocs::parse(&read(file, &shown)?, &shown)?;
    Ok(Imported {
        file: file.to_path_buf(),
        title: m.site_name.clone(),
        content_dir: root.join(&m.docs_dir),
        notes: m.plugins_note(&shown).into_iter().collect(),
        nav: m.nav,
        exclude: m.exclude_docs,
        not_in_nav: m.not_in_nav,
        i18n: m.i18n,
    })
}

fn from_gitbook(
    file: &Path,
    root: &Path,
    show: &impl Fn(&Path) -> String,
) -> Result<Imported, Box<Diagnostic>> {
    let shown = show(file);
    let book = GitBook::parse(file, &read(file, &shown)?, &shown)?;
    let content_dir = root.join(&book.root);
    let summary = content_dir.join(&book.summary);
    let nav = match summary.is_file() {
        true => {
            let shown = show(&summary);
            Some(mdbook::summary(&read(&summary, &shown)?, &shown))
        }
        false => None,
    };
    Ok(Imported {
        file: file.to_path_buf(),
        title: book.title,
        content_dir,
        nav,
        exclude: vec![book.summary],
        not_in_nav: Vec::new(),
        notes: Vec::new(),
        i18n: Vec::new(),
    })
}

fn from_mdbook(
    file: &Path,
    root: &Path,
    show: &impl Fn(&Path) -> String,
) -> Result<Imported, Box<Diagnostic>> {
    let shown = show(file);
    let book = Book::parse(&read(file, &shown)?, &shown)?;
    let content_dir = root.join(&book.src);
    let summary = content_dir.join(mdbook::SUMMARY_FILE);
    let nav = match summary.is_file() {
        true => {
            let shown = show(&summary);
            Some(mdbook::summary(&read(&summary, &shown)?, &shown))
        }
        false => None,
    };
    Ok(Imported {
        file: file.to_path_buf(),
        title: book.title,
        content_dir,
        nav,
        // The summary is the navigation, not a page (as in mdBook).
        exclude: vec![mdbook::SUMMARY_FILE.to_string()],
        not_in_nav: Vec::new(),
        notes: Vec::new(),
        i18n: Vec::new(),
    })
}
