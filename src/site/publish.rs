//! What gets published: every page, and of the other files only those a
//! page references (Markdown links and images, raw-HTML links, folder
//! listings: whatever resolved to the file) plus those the `assets` globs
//! match. Configuration, sources and private files lying next to the
//! documents stay out unless a page asks for them.

use super::{Site, Target};
use globset::GlobSet;

/// Which of the site's assets are published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    published: Vec<bool>,
}

impl Publication {
    /// Publish the assets `referenced` names and the content files that
    /// `globs` match (by their path in the content folder).
    pub fn decide(
        site: &Site,
        referenced: impl IntoIterator<Item = Target>,
        globs: &GlobSet,
    ) -> Publication {
        let mut published: Vec<bool> = site
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                site.is_content_asset(i)
                    && !globs.is_empty()
                    && globs.is_match(&a.rel)
                    // What git ignores is never published (see `Private::Ignored`).
                    && !site.repo.is_ignored(&a.rel)
            })
            .collect();
        for target in referenced {
            if let Target::Asset(a) = target {
                published[a] = true;
            }
        }
        // A file where a page is written is never published (the page wins).
        for (i, p) in published.iter_mut().enumerate() {
            *p &= !site.is_shadowed(i);
        }
        Publication { published }
    }

    pub fn is_published(&self, asset: usize) -> bool {
        self.published.get(asset).copied().unwrap_or(false)
    }

    /// How many files are published.
    pub fn count(&self) -> usize {
        self.published.iter().filter(|&&p| p).count()
    }

    /// The content folder's files that are not published, by path in the
    /// content folder, sorted.
    pub fn unpublished<'s>(&self, site: &'s Site) -> Vec<&'s str> {
        let mut left: Vec<&str> = site
            .assets
            .iter()
            .enumerate()
            .filter(|&(i, _)| site.is_content_asset(i) && !self.is_published(i))
            .map(|(_, a)| a.rel.as_str())
            .collect();
        left.sort_unstable();
        left
    }
}
