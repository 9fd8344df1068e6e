//! Print pages: for every folder with pages, and for the whole site, one
//! HTML document that holds its pages in reading order — a cover, a table of
//! contents, each page on a new sheet — made from the pages' rendered bodies
//! (no second parse), for the browser's Ctrl+P and for `folio pdf`.
//!
//! A folder's print page is `_folio/print/<folder>/index.html`, the site's
//! `_folio/print/index.html`: under folio's own prefix, so that no page of
//! the content can be written where one is.

mod document;
mod ids;
pub mod pdf;

pub use document::Sources;

use document::{document, HeldBodies};

use crate::diagnostics::Diagnostic;
use crate::render::{Renderer, CONTENT_MARK};
use crate::site::{Entry, FolderId, PageId, Site};
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

/// Fill `print.html` for each of `folders` and hand each page to `put`
/// (its output path and bytes, in parts); returns the problems met (a
/// template error once, a write error per file).
pub fn write(
    src: &Sources,
    renderer: &Renderer,
    folders: &[FolderId],
    put: impl Fn(&str, &[&[u8]]) -> Option<Diagnostic> + Sync,
) -> Vec<Diagnostic> {
    let chapters = Chapters::new(src.site, src.order, folders);
    let mut problems: Vec<Diagnostic> = trees(src.site, folders)
        .par_iter()
        .flat_map_iter(|tree| {
            let mut bodies = HeldBodies::new(src.bodies);
            tree.iter()
                .filter_map(|&f| write_one(src, renderer, f, chapters.of(f), &mut bodies, &put))
                .collect::<Vec<_>>()
        })
        .collect();
    // One broken template fails every print page the same way.
    problems.dedup_by(|a, b| a.message == b.message && a.path == b.path && a.line == b.line);
    problems
}

/// `folders` by tree: each folder goes with the highest folder above it
/// that is in `folders` too, whose print page holds every page of theirs.
fn trees(site: &Site, folders: &[FolderId]) -> Vec<Vec<FolderId>> {
    let mut asked = vec![false; site.folders.len()];
    for &f in folders {
        asked[f] = true;
    }
    let mut trees: HashMap<FolderId, Vec<FolderId>> = HashMap::new();
    for &f in folders {
        let mut top = f;
        let mut up = site.folders[f].parent;
        while let Some(parent) = up {
            if asked[parent] {
                top = parent;
            }
            up = site.folders[parent].parent;
        }
        trees.entry(top).or_default().push(f);
    }
    let mut trees: Vec<Vec<FolderId>> = trees.into_values().collect();
    // Largest first, so that no long tree starts last.
    trees.sort_unstable_by_key(|t| (std::cmp::Reverse(t.len()), t[0]));
    trees
}

/// Fill and write the print page of `folder`.
fn write_one<'a>(
    src: &Sources<'a>,
    renderer: &Renderer,
    folder: FolderId,
    pages: &[PageId],
    bodies: &mut HeldBodies<'a>,
    put: &(impl Fn(&str, &[&[u8]]) -> Option<Diagnostic> + Sync),
) -> Option<Diagnostic> {
    let out = print_path(src.site, folder);
    let mut context = document(src, folder, pages, &out, bodies);
    // The built-in template is filled around its sections (one mark in
    // their place), which then go to disk as they are, not copied into
    // Tera's context and out again.
    let sections = std::mem::replace(&mut context.sections, vec![CONTENT_MARK.into()]);
    match renderer.render_around("print.html", &context) {
        Ok(Some(around)) => {
            let mut parts: Vec<&[u8]> = Vec::with_capacity(2 * sections.len() + 1);
            parts.push(around.before());
            for (i, section) in sections.iter().enumerate() {
                if i > 0 {
                    // As the template's loop separates them.
                    parts.push(b"\n");
                }
                parts.push(section.as_bytes());
            }
            parts.push(around.after());
            put(&out, &parts)
        }
        Ok(None) => {
            context.sections = sections;
            match renderer.render_bytes("print.html", &context) {
                Ok(html) => put(&out, &[&html]),
                Err(d) => Some(*d),
            }
        }
        Err(d) => Some(*d),
    }
}

/// Where folio's print pages live.
pub const PRINT_FOLDER: &str = "_folio/print";

/// The output path of `folder`'s print page.
pub fn print_path(site: &Site, folder: FolderId) -> String {
    let rel = &site.folders[folder].rel;
    if rel.is_empty() {
        format!("{PRINT_FOLDER}/index.html")
    } else {
        format!("{PRINT_FOLDER}/{rel}/index.html")
    }
}

/// The pages that print pages hold, by folder, in the order the sidebar
/// shows them: the folder's own pages and its sub-folders'. The print
/// pages take their order from here alone. Generated folder indexes have
/// nothing to print and are left out.
pub struct Chapters {
    pages: Vec<Option<Vec<PageId>>>,
}

impl Chapters {
    /// The chapters of `folders`, in one pass over the reading order (a
    /// pass per folder, as before, was folders x pages).
    pub fn new(site: &Site, order: &[PageId], folders: &[FolderId]) -> Chapters {
        let mut pages: Vec<Option<Vec<PageId>>> = vec![None; site.folders.len()];
        for &f in folders {
            pages[f] = Some(Vec::new());
        }
        for &p in order.iter().filter(|&&p| site.pages[p].source.is_some()) {
            let mut f = Some(site.pages[p].folder);
            while let Some(id) = f {
                if let Some(chapter) = &mut pages[id] {
                    chapter.push(p);
                }
                f = site.folders[id].parent;
            }
        }
        Chapters { pages }
    }

    /// The pages of `folder`'s print page (none when it was not asked for).
    pub fn of(&self, folder: FolderId) -> &[PageId] {
        self.pages[folder].as_deref().unwrap_or_default()
    }
}

/// Does `folder` get a print page: is there a written page in it or below?
pub fn has_print_page(site: &Site, folder: FolderId) -> bool {
    let f = &site.folders[folder];
    let Some(index) = f.index.filter(|_| f.listing.is_none()) else {
        return false;
    };
    f.children.iter().any(|e| match *e {
        Entry::Page(p) => site.pages[p].source.is_some(),
        Entry::Folder(sub) => has_print_page(site, sub),
    }) || site.pages[index].source.is_some()
}

/// Which folders have a print page, by id: those with a written page in
/// them or below (`has_print_page`), and no more than `max_pages` pages
/// below them. Computed once per run: page links and print pages read it.
pub fn printed_folders(site: &Site, order: &[PageId], max_pages: usize) -> Vec<bool> {
    // Pages below each folder, counted once up the tree.
    let mut below = vec![0usize; site.folders.len()];
    for &p in order {
        if site.pages[p].source.is_some() {
            let mut f = Some(site.pages[p].folder);
            while let Some(id) = f {
                below[id] += 1;
                f = site.folders[id].parent;
            }
        }
    }
    (0..site.folders.len())
        .map(|f| below[f] <= max_pages && has_print_page(site, f))
        .collect()
}

/// The folders whose print pages hold one of `pages` (each page's folder and
/// the folders above it), or every folder with a print page (`printed`).
pub fn folders_to_print(site: &Site, printed: &[bool], pages: Option<&[PageId]>) -> Vec<FolderId> {
    let mut folders: Vec<FolderId> = match pages {
        None => (0..site.folders.len()).collect(),
        Some(pages) => pages
            .iter()
            .flat_map(|&p| site.ancestry(site.pages[p].folder))
            .collect(),
    };
    folders.sort_unstable();
    folders.dedup();
    folders.retain(|&f| printed[f]);
    folders
}

/// A CSS string literal of `text` (for the running title in the page
/// margins): quotes, backslashes, line breaks and `<` escaped.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\A "),
            '<' => out.push_str("\\3C "),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("a\"b\\c</style>"), r#""a\"b\\c\3C /style>""#);
    }
}
