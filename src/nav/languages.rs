//! Two-language trees, suffix convention (as mkdocs-static-i18n writes
//! them): `页面.md` and its English twin `页面.en.md` side by side. Only the
//! twins are found here; a site per language (`/` and `/en/`) with a
//! switcher is still to come, so today a twin is built but kept out of the
//! sidebar of the site's language.

use crate::site::{file_name, urls, PageId, Site, Target};

/// Language codes a file name may carry before `.md`.
const CODES: [&str; 14] = [
    "en", "zh", "zh-cn", "zh-tw", "zh-hans", "zh-hant", "ja", "ko", "fr", "de", "es", "ru", "pt",
    "it",
];

/// A page written in another language beside the page it translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twin {
    pub page: PageId,
    /// The page it translates (`页面.md` for `页面.en.md`).
    pub of: PageId,
    /// Its language code as the file name spells it (`en`).
    pub language: String,
}

/// Every `X.<code>.md` page whose `X.md` is a page of the same folder.
pub fn suffix_twins(site: &Site) -> Vec<Twin> {
    let mut twins = Vec::new();
    for (page, p) in site.pages.iter().enumerate() {
        let Some(src) = p.src() else { continue };
        let Some(stem) = file_name(src).strip_suffix(".md") else {
            continue;
        };
        let Some((base, code)) = stem.rsplit_once('.') else {
            continue;
        };
        if base.is_empty() || !CODES.contains(&code.to_ascii_lowercase().as_str()) {
            continue;
        }
        let dir = urls::parent(src);
        let base_src = if dir.is_empty() {
            format!("{base}.md")
        } else {
            format!("{dir}/{base}.md")
        };
        if let Some(Target::Page(of)) = site.lookup(&base_src) {
            twins.push(Twin {
                page,
                of,
                language: code.to_string(),
            });
        }
    }
    twins
}
