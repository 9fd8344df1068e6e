//! A navigation file written for another tool (mkdocs.yml `nav`, mdBook's
//! `SUMMARY.md`): the order and titles its writer chose. It comes first in
//! the navigation's precedence; what it does not name is ordered by the
//! rules below it.

use crate::diagnostics::{Code, Diagnostic, Location};

/// A navigation file, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitNav {
    /// The file it was read from, as diagnostics show it (`mkdocs.yml`).
    pub file: String,
    /// The file's text, for diagnostics that show an entry's line.
    pub text: String,
    pub items: Vec<ExplicitItem>,
}

/// One entry of a navigation file; `line` is its 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplicitItem {
    /// A page, by its source path relative to the content folder, with the
    /// title the file gives it (else the page's own) and the entries nested
    /// under it (mdBook's sub-chapters).
    Page {
        src: String,
        title: Option<String>,
        line: usize,
        children: Vec<ExplicitItem>,
    },
    /// A heading without a page of its own (a MkDocs section, an mdBook
    /// part title).
    Section {
        title: String,
        line: usize,
        children: Vec<ExplicitItem>,
    },
    /// A link off the site.
    External {
        title: String,
        url: String,
        line: usize,
    },
    /// A chapter named but not written yet (mdBook's `- [Title]()`).
    Draft { title: String, line: usize },
}

impl ExplicitNav {
    /// A diagnostic for every page entry naming no page (`exists` answers
    /// for a source path), at its line in the navigation file.
    pub fn missing_pages(&self, exists: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        walk(&self.items, &mut |item| {
            if let ExplicitItem::Page { src, line, .. } = item {
                if !exists(src) {
                    found.push(self.missing(src, *line));
                }
            }
        });
        found
    }

    fn missing(&self, src: &str, line: usize) -> Diagnostic {
        let diagnostic = Diagnostic::warning(
            Code::NavEntry,
            format!(
                "`{}` names `{src}`, which is no page of the site",
                self.file
            ),
        )
        .with_path(self.file.clone())
        .with_target(src);
        let Some(text) = self.text.lines().nth(line.saturating_sub(1)) else {
            return diagnostic;
        };
        // The entry's column: where its path is written on that line.
        let column = text.find(src).map_or(1, |i| text[..i].chars().count() + 1);
        diagnostic.at(Location::in_line(line, text, column, src.chars().count()))
    }
}

/// Visit every item, depth first, in the file's order.
fn walk<'a>(items: &'a [ExplicitItem], visit: &mut impl FnMut(&'a ExplicitItem)) {
    for item in items {
        visit(item);
        if let ExplicitItem::Page { children, .. } | ExplicitItem::Section { children, .. } = item {
            walk(children, visit);
        }
    }
}
