//! Resolve a link as written in a page against the site: GitHub-style
//! relative paths to pages, folders and files, `?query` and `#fragment` kept,
//! percent-encoding decoded, external URLs left alone.

use crate::site::urls::{self, decode, encode_fragment, join_normalized, relative_url};
use crate::site::{PageId, Site, Target};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// `https:`, `mailto:`, `//host`: not touched, not checked.
    External,
    /// A published page (a folder resolves to its index page) or file.
    Internal {
        target: Target,
        /// Decoded fragment, if any, to be checked against the target's ids.
        fragment: Option<String>,
        /// The rewritten, relative, percent-encoded href.
        href: String,
        /// The target's real spelling, when the link names it in another
        /// letter case (the href uses the real one; GitHub would 404).
        miscased: Option<String>,
    },
    /// No page, folder or file at this path (relative to the content root).
    Missing { path: String },
    /// The target is a draft page, which is not published.
    Draft { path: String },
    /// The link climbs above the content folder.
    OutsideRoot,
}

impl Resolution {
    /// Can the link checker report this link? Only a fragment can be missing
    /// from a page that exists; every other internal link either resolved
    /// or did not.
    pub fn may_break(&self) -> bool {
        match self {
            Resolution::External => false,
            Resolution::Internal {
                fragment, miscased, ..
            } => fragment.is_some() || miscased.is_some(),
            Resolution::Missing { .. } | Resolution::Draft { .. } | Resolution::OutsideRoot => true,
        }
    }
}

/// An image from another host (`https://cdn…`, `//host/…`): it does not
/// show on an intranet without internet access.
pub fn is_remote_image(raw: &str, is_image: bool) -> bool {
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    is_image
        && (lower.starts_with("http://") || lower.starts_with("https://") || raw.starts_with("//"))
}

/// Does `href` start with a URL scheme (`https:`, `mailto:`) or `//`?
pub fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Split `path?query#fragment`.
fn split_href(href: &str) -> (&str, &str, Option<&str>) {
    let (rest, fragment) = match href.find('#') {
        Some(i) => (&href[..i], Some(&href[i + 1..])),
        None => (href, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    (path, query, fragment)
}

/// Resolve `href` written in page `from`.
pub fn resolve(site: &Site, from: PageId, href: &str) -> Resolution {
    if is_external(href) {
        return Resolution::External;
    }
    let page = &site.pages[from];
    let (path, query, fragment) = split_href(href);
    let fragment = fragment.map(decode);
    let encoded_fragment = fragment
        .as_deref()
        .map(|f| format!("#{}", encode_fragment(f)))
        .unwrap_or_default();
    if path.is_empty() {
        let href = if query.is_empty() {
            encoded_fragment
        } else {
            format!(
                "{}{query}{encoded_fragment}",
                relative_url(&page.out, &page.out)
            )
        };
        return Resolution::Internal {
            target: Target::Page(from),
            fragment,
            href,
            miscased: None,
        };
    }
    let decoded = decode(path);
    let base = page
        .src()
        .map_or_else(|| site.folders[page.folder].rel.as_str(), urls::parent);
    let Some(rel) = join_normalized(base, &decoded) else {
        return Resolution::OutsideRoot;
    };
    let wants_folder = decoded.ends_with('/');
    let (rel, miscased) = match site.lookup(&rel) {
        None => match site.spelled(&rel) {
            Some(real) => (real.to_string(), Some(real.to_string())),
            None => (rel, None),
        },
        Some(_) => (rel, None),
    };
    let target = match site.lookup(&rel) {
        Some(Target::Draft) => return Resolution::Draft { path: rel },
        Some(t @ Target::Folder(_)) => Some(t),
        Some(t) if !wants_folder => Some(t),
        _ => None,
    };
    let Some(target) = target else {
        return Resolution::Missing { path: rel };
    };
    let out = site.target_out(target).unwrap_or_default();
    Resolution::Internal {
        target,
        fragment,
        href: format!("{}{query}{encoded_fragment}", relative_url(&page.out, out)),
        miscased,
    }
}
