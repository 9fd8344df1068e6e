//! A navigation file written for another tool (mkdocs.yml `nav`, mdBook's
//! `SUMMARY.md`): the order and titles its writer chose. It comes first in
//! the navigation's precedence; what it does not name is ordered by the
//! rules below it.

/// A navigation file, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitNav {
    /// The file it was read from, as diagnostics show it (`mkdocs.yml`).
    pub file: String,
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
