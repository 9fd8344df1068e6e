//! Markdown: each page is parsed once into an event list, transformed by
//! small named passes, and serialized once. The result carries everything
//! later stages need: body, headings with ids, outgoing links with their
//! source ranges, and plain text for search.

pub mod breadcrumb;
pub mod code;
pub mod headings;
pub mod html;
pub mod links;
pub mod metadata;
pub mod packed;
pub mod slug;
pub mod tables;
pub mod text;

pub use code::Highlighter;
pub use headings::Heading;
pub use links::OutLink;
pub use packed::PackedHtml;

use crate::site::{PageId, Site};
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// One event with its byte range in the page source.
pub type Spanned<'a> = (Event<'a>, Range<usize>);
/// A page's events, in order.
pub type Events<'a> = Vec<Spanned<'a>>;

#[derive(Debug, Clone, Default)]
pub struct RenderedPage {
    /// The HTML of the page's content (without its title heading).
    pub body: PackedHtml,
    pub headings: Vec<Heading>,
    pub links: Vec<OutLink>,
    pub text: String,
    pub has_mermaid: bool,
    /// Leading `**key**: value` lines, taken out of the body.
    pub metadata: Vec<metadata::MetaEntry>,
    /// The opening `# title`, rendered apart from the body.
    pub title: Option<TitleHeading>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleHeading {
    pub id: String,
    /// Inner HTML of the `<h1>` (inline markup and the self-link).
    pub html: String,
}

impl RenderedPage {
    /// The text of the first level-1 heading.
    pub fn h1(&self) -> Option<&str> {
        self.headings
            .iter()
            .find(|h| h.level == 1 && !h.text.is_empty())
            .map(|h| h.text.as_str())
    }
}

pub struct RenderOptions<'a> {
    pub highlighter: &'a Highlighter,
    /// Remove a hand-written breadcrumb line (automatic ones are shown).
    pub drop_breadcrumb: bool,
    /// Accessible name of table scroll containers.
    pub table_label: &'a str,
    /// Accessible name of heading self-links.
    pub anchor_label: &'a str,
    /// Keep the body compressed (large sites: see [`packed`]).
    pub pack_bodies: bool,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Parse Markdown starting at byte `base` of the page text; ranges are
/// relative to the whole page text.
pub fn parse(markdown: &str, base: usize) -> Events<'_> {
    // About one event for every 6-10 bytes of Chinese prose with tables:
    // sized once rather than doubled (and copied) a dozen times.
    let mut events = Vec::with_capacity(markdown.len() / 6);
    events.extend(
        Parser::new_ext(markdown, options())
            .into_offset_iter()
            .map(|(e, r)| (e, r.start + base..r.end + base)),
    );
    events
}

/// Render one source page from its `text` (the whole file, front matter
/// included; the Markdown starts at byte `body_start`). Generated pages
/// have no Markdown and render empty.
pub fn render(
    site: &Site,
    page: PageId,
    text: &str,
    body_start: usize,
    opts: &RenderOptions,
) -> RenderedPage {
    if site.pages[page].source.is_none() {
        return RenderedPage::default();
    }
    let lines = crate::diagnostics::LineIndex::new(text);
    let body_start = if text.is_char_boundary(body_start) {
        body_start
    } else {
        0
    };
    let body = &text[body_start..];
    let mut events = parse(body, body_start);
    // The page's events are `events[start..]`: the passes that take blocks
    // out of the opening move `start` (see `take_near_front`).
    let mut start = 0;
    let mut dropped = if opts.drop_breadcrumb {
        breadcrumb::take_manual(&mut events, &mut start)
    } else {
        Vec::new()
    };
    let metadata = metadata::take(&mut events, &mut start);
    let mut out_links = links::rewrite(&mut dropped, site, page, &lines);
    let first_kept = out_links.len();
    out_links.extend(links::rewrite(&mut events[start..], site, page, &lines));
    let headings = headings::assign_ids(&mut events[start..]);
    let text = text::plain_text(&events[start..]);
    let title = headings::take_title(&mut events, &mut start).map(|(id, mut inner)| {
        let links_in_title = inner
            .iter()
            .filter(|(e, _)| {
                matches!(
                    e,
                    Event::Start(
                        pulldown_cmark::Tag::Link { .. } | pulldown_cmark::Tag::Image { .. }
                    )
                )
            })
            .count();
        let h = &headings[0];
        inner.push(headings::self_link(
            h,
            opts.anchor_label,
            &(h.offset..h.offset),
        ));
        let (html, _) = html::serialize(inner, String::new());
        (TitleHeading { id, html }, links_in_title)
    });
    let (title, first_kept, body_headings) = match title {
        Some((t, n)) => (Some(t), first_kept + n, &headings[1..]),
        None => (None, first_kept, &headings[..]),
    };
    let has_mermaid = code::has_mermaid(&events[start..]);
    // The passes below are lazy: each event goes through all of them into
    // the serializer, and the page's events are never copied.
    let events = events.into_iter().skip(start);
    let events = headings::add_self_links(events, body_headings, opts.anchor_label);
    let events = code::render_blocks(events, opts.highlighter);
    let events = tables::wrap(events, opts.table_label);
    // Serialized into this thread's buffer, which is kept at its size for
    // the next page (unless a huge page made it huge).
    let (body, offsets) = BODY.with_borrow_mut(|buf| {
        buf.clear();
        let (html, offsets) = html::serialize(events, std::mem::take(buf));
        if html.capacity() > KEEP_BUFFER_BYTES {
            return (PackedHtml::from_string(html, opts.pack_bodies), offsets);
        }
        *buf = html;
        (PackedHtml::new(buf, opts.pack_bodies), offsets)
    });
    for (link, offset) in out_links[first_kept..].iter_mut().zip(offsets) {
        link.html_offset = offset;
    }
    RenderedPage {
        body,
        headings: compact_vec(headings),
        links: compact_vec(out_links),
        text: compact(text),
        has_mermaid,
        metadata,
        title,
    }
}

/// A serialization buffer larger than this is not kept for the next page.
const KEEP_BUFFER_BYTES: usize = 4 << 20;

thread_local! {
    static BODY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Every page's rendering is kept until the templates run, so it keeps no
/// spare capacity (a third of the bodies' memory otherwise). A copy, not
/// `shrink_to_fit`: allocators may shrink in place and keep the block.
fn compact(s: String) -> String {
    if s.capacity() - s.len() > s.len() / 16 {
        s.as_str().to_owned()
    } else {
        s
    }
}

fn compact_vec<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() - v.len() > v.len() / 16 {
        let mut exact = Vec::with_capacity(v.len());
        exact.append(&mut v);
        exact
    } else {
        v
    }
}

/// Take `range` (indices into `events[*start..]`, near its beginning) out
/// of the page's events without shifting the rest of the page: the few
/// events before it move up instead, and `*start` moves past the taken
/// ones. (Draining from the front of the list moved every event after it,
/// three times a page.)
pub fn take_near_front<'a>(
    events: &mut Events<'a>,
    start: &mut usize,
    range: Range<usize>,
) -> Events<'a> {
    let (from, to) = (*start + range.start, *start + range.end);
    let len = to - from;
    events[*start..to].rotate_right(len);
    let taken = events[*start..*start + len]
        .iter_mut()
        .map(|e| std::mem::replace(e, (Event::SoftBreak, 0..0)))
        .collect();
    *start += len;
    taken
}

/// The event range of the page's first paragraph when it opens the page
/// (after an optional `# title`): where hand-written breadcrumb and
/// metadata lines stand. The range includes the paragraph's start and end.
pub fn opening_paragraph(events: &[Spanned]) -> Option<Range<usize>> {
    let start = match events.first() {
        Some((
            Event::Start(pulldown_cmark::Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }),
            _,
        )) => {
            events
                .iter()
                .position(|(e, _)| matches!(e, Event::End(pulldown_cmark::TagEnd::Heading(_))))?
                + 1
        }
        _ => 0,
    };
    if !matches!(
        events.get(start),
        Some((Event::Start(pulldown_cmark::Tag::Paragraph), _))
    ) {
        return None;
    }
    let len = events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(pulldown_cmark::TagEnd::Paragraph)))?;
    Some(start..start + len + 1)
}

/// Escape text for HTML element content.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    escape_html(s).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Content, SourcePage};

    fn page(rel: &str) -> SourcePage {
        SourcePage {
            rel: rel.to_string(),
            text: String::new(),
            body_start: 0,
            front: Default::default(),
        }
    }

    #[test]
    fn taking_near_the_front_keeps_every_other_event_in_order() {
        let text = |t: &'static str| (Event::Text(t.into()), 0..0);
        let mut events = vec![text("a"), text("b"), text("c"), text("d"), text("e")];
        let mut start = 0;
        let taken = take_near_front(&mut events, &mut start, 1..3);
        assert_eq!(taken, vec![text("b"), text("c")]);
        assert_eq!(events[start..], [text("a"), text("d"), text("e")]);
        let taken = take_near_front(&mut events, &mut start, 0..1);
        assert_eq!(taken, vec![text("a")]);
        assert_eq!(events[start..], [text("d"), text("e")]);
    }

    #[test]
    fn compressed_and_plain_bodies_hold_the_same_html() {
        let content = Content {
            pages: vec![page("a.md"), page("b.md")],
            ..Content::default()
        };
        let (site, _) = Site::build(content, "");
        let id = (0..site.pages.len())
            .find(|&i| site.pages[i].src() == Some("a.md"))
            .unwrap();
        let text = "# 标题\n\n正文[链接](b.md)。\n\n```rust\nfn main() {}\n```\n";
        let highlighter = Highlighter::new();
        let render_with = |pack_bodies| {
            let opts = RenderOptions {
                highlighter: &highlighter,
                drop_breadcrumb: false,
                table_label: "表格",
                anchor_label: "本节链接",
                pack_bodies,
            };
            render(&site, id, text, 0, &opts)
        };
        let (plain, packed) = (render_with(false), render_with(true));
        assert!(matches!(plain.body, PackedHtml::Plain(_)));
        assert!(matches!(packed.body, PackedHtml::Lz4(_)));
        let html = plain.body.unpack();
        assert_eq!(html, packed.body.unpack());
        assert!(html.contains("<a href=\"b.html\">链接</a>"), "{html}");
        assert!(html.contains("<span class=\"hl-k\">fn</span>"), "{html}");
    }
}
