//! Link pass: resolve every link and image destination against the site,
//! rewrite internal ones to relative output URLs, and record each with its
//! source range for the link checker. Code spans and blocks hold no link
//! events, so links inside code are never touched.

use crate::diagnostics::{LineIndex, Location};
use crate::links::{resolve, Resolution};
use crate::site::{PageId, Site};
use pulldown_cmark::{CowStr, Event, LinkType, Tag};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutLink {
    /// The destination as written (after Markdown unescaping).
    pub raw: String,
    pub resolution: Resolution,
    /// Byte range of the link in the page source.
    pub span: Range<usize>,
    /// Line, column and source line of the link, for diagnostics (set only
    /// for links the checker can report: see [`Resolution::may_break`]).
    pub location: Option<Location>,
    pub is_image: bool,
    /// Byte offset of the link's `<a`/`<img` tag in the rendered body; `None`
    /// for links that are not in the body (a dropped breadcrumb line, the
    /// title) or have no tag of their own (inside an image's alt text).
    pub html_offset: Option<usize>,
}

/// Resolve and rewrite the links of `events`, in document order.
pub fn rewrite(
    events: &mut [super::Spanned],
    site: &Site,
    page: PageId,
    lines: &LineIndex,
) -> Vec<OutLink> {
    let mut links = Vec::new();
    for (event, range) in events.iter_mut() {
        let (dest, is_image, email) = match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => (dest_url, false, *link_type == LinkType::Email),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true, false),
            _ => continue,
        };
        let raw = dest.to_string();
        // `<a@b.c>`: the parser keeps the address; the serializer writes
        // `mailto:` before it.
        let resolution = if email {
            Resolution::External
        } else {
            resolve(site, page, &raw)
        };
        if let Some(href) = resolution.href() {
            *dest = CowStr::from(href.to_string());
        }
        let location = (resolution.may_break()
            || crate::links::resolve::is_remote_image(&raw, is_image))
        .then(|| lines.locate(range.start, range.end));
        links.push(OutLink {
            raw,
            resolution,
            location,
            span: range.clone(),
            is_image,
            html_offset: None,
        });
    }
    links
}
