//! Links into the repository's own web pages (`../../issues`) work on
//! GitHub but lead nowhere on the site unless folio knows the repository's
//! address: one warning per site (not one per link) suggests `repo-url`.

use super::Resolution;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::display_path;
use crate::markdown::RenderedPage;
use crate::site::{PageId, Site};

/// The warning, at the first such link, when any page has one.
/// `order`: the reading order (the first link is the first a reader meets).
pub fn missing_repo_url(
    site: &Site,
    order: &[PageId],
    rendered: &[RenderedPage],
    display_root: &str,
) -> Option<Diagnostic> {
    let mut found = order.iter().flat_map(|&id| {
        rendered[id]
            .links
            .iter()
            .filter(|l| matches!(l.resolution, Resolution::Web { href: None }))
            .map(move |l| (id, l))
    });
    let (first_page, first) = found.next()?;
    let others = found.count();
    let also = match others {
        0 => String::new(),
        1 => " (and 1 more link)".to_string(),
        n => format!(" (and {n} more links)"),
    };
    let mut d = Diagnostic::warning(
        Code::RepoUrl,
        format!(
            "`{}` leads to the repository's own pages on GitHub{also}, but folio does not know the repository's address; set `repo-url = \"https://github.com/ORG/REPO\"` in folio.toml",
            first.raw
        ),
    )
    .with_target(first.raw.clone());
    if let Some(rel) = site.pages[first_page].src() {
        d = d.with_path(display_path(display_root, rel));
    }
    if let Some(location) = first.location.clone() {
        d = d.at(location);
    }
    Some(d)
}
