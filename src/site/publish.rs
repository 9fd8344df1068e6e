//! What gets published: every page, and of the other files only those a
//! page references (Markdown links and images, raw-HTML links, folder
//! listings: whatever resolved to the file) plus those the `assets` globs
//! match. Configuration, sources and private files lying next to the
//! documents stay out unless a page asks for them.

use super::{FolderId, PageId, Site, Target};
use globset::GlobSet;

/// Which of the site's assets and folder listings are published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    published: Vec<bool>,
    /// By folder: its listing is published (always false for folders with
    /// pages, which have none).
    listed: Vec<bool>,
}

impl Publication {
    /// Publish the assets `referenced` names, the listings of the folders
    /// without pages it names (with what they show), and the content files
    /// that `globs` match (by their path in the content folder).
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
        let mut listed = vec![false; site.folders.len()];
        for target in referenced {
            match target {
                Target::Asset(a) => published[a] = true,
                Target::Folder(f) if site.folders[f].listing.is_some() => {
                    // Its breadcrumbs lead up through the folders around it,
                    // and each listing links to what it holds: the topmost
                    // folder without pages is listed, with all inside it.
                    let mut top = f;
                    while let Some(p) = site.folders[top].parent {
                        if site.folders[p].listing.is_none() {
                            break;
                        }
                        top = p;
                    }
                    list(site, top, &mut listed, &mut published);
                }
                _ => {}
            }
        }
        // A file where a page is written is never published (the page wins).
        for (i, p) in published.iter_mut().enumerate() {
            *p &= !site.is_shadowed(i);
        }
        Publication { published, listed }
    }

    /// Is this page published? Every page is, but a folder listing only
    /// when a page links to it (or to a folder inside it).
    pub fn has_page(&self, site: &Site, page: PageId) -> bool {
        let folder = site.pages[page].folder;
        site.folders[folder].listing.is_none() || self.is_listed(folder)
    }

    fn is_listed(&self, folder: FolderId) -> bool {
        self.listed.get(folder).copied().unwrap_or(false)
    }

    /// Which folders' listings are published, by folder.
    pub fn listings(&self) -> &[bool] {
        &self.listed
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

/// Publish the listing of `folder`, the files it shows and the listings of
/// the folders inside it (which it links to).
fn list(site: &Site, folder: FolderId, listed: &mut [bool], published: &mut [bool]) {
    if listed[folder] {
        return;
    }
    listed[folder] = true;
    let Some(listing) = &site.folders[folder].listing else {
        return;
    };
    for &file in &listing.files {
        published[file] |= is_listed_file(site, file);
    }
    for &inner in &listing.folders {
        list(site, inner, listed, published);
    }
}

/// Does a listing show (and so publish) this file of its folder? Not what
/// git ignores (see `Private::Ignored`), nor a file where a page is written.
pub fn is_listed_file(site: &Site, file: usize) -> bool {
    !site.repo.is_ignored(&site.assets[file].rel) && !site.is_shadowed(file)
}
