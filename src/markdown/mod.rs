//! Markdown: each page is parsed once into an event list, transformed by
//! small named passes, and serialized once. The result carries everything
//! later stages need: body, headings with ids, outgoing links with their
//! source ranges, and plain text for search.

pub mod admonitions;
pub mod alerts;
mod around;
pub mod breadcrumb;
pub mod code;
pub mod comments;
pub mod emoji;
mod emoji_table;
pub mod gather;
pub mod headings;
pub mod html;
pub mod links;
pub mod math;
pub mod metadata;
pub mod packed;
pub mod rawhtml;
pub mod slug;
pub mod spill;
pub mod tables;
pub mod tasks;
pub mod text;

pub use code::Highlighter;
pub use gather::{LinkSnippet, TaskItem};
pub use headings::Heading;
pub use links::OutLink;
pub use packed::PackedHtml;

use crate::diagnostics::LineIndex;
use crate::site::{PageId, Site};
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// One event with its byte range in the page source.
pub type Spanned<'a> = (Event<'a>, Range<usize>);
/// A page's events, in order.
pub type Events<'a> = Vec<Spanned<'a>>;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RenderedPage {
    /// The HTML of the page's content (without its title heading).
    pub body: PackedHtml,
    pub headings: Vec<Heading>,
    pub links: Vec<OutLink>,
    /// The plain text the search index reads, held like the body (it is
    /// nearly as large).
    pub text: PackedHtml,
    pub has_mermaid: bool,
    /// Leading `**key**: value` lines, taken out of the body.
    pub metadata: Vec<metadata::MetaEntry>,
    /// The opening `# title`, rendered apart from the body.
    pub title: Option<TitleHeading>,
    /// What rendering found wrong (formulas that cannot be rendered).
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
    /// Ids given in raw HTML (`<a id="x">`, `<a name="x">`): `#fragment`
    /// targets besides the headings' ids.
    pub anchors: Vec<String>,
    /// Passages the audience build cut from the text before parsing.
    pub cut_passages: Vec<crate::audience::passages::CutPassage>,
    /// The text around each link to a page, for the target's backlinks.
    pub snippets: Vec<LinkSnippet>,
    /// Task-list items, in document order.
    pub tasks: Vec<TaskItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The page's path as the writer opens it, for diagnostics.
    pub display_path: &'a str,
    pub alert_labels: &'a crate::render::strings::AlertLabels,
    pub task_labels: &'a crate::render::strings::TaskLabels,
    pub raw_html: crate::config::RawHtml,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// The events of Markdown starting at byte `base` of the page text; ranges
/// are relative to the whole page text.
pub fn events(markdown: &str, base: usize) -> impl Iterator<Item = Spanned<'_>> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(move |(e, r)| (e, r.start + base..r.end + base))
}

/// All the events of a Markdown text (tests look at whole lists).
#[cfg(test)]
pub fn parse(markdown: &str, base: usize) -> Events<'_> {
    events(markdown, base).collect()
}

/// A page is rendered in parts of about this many events (each ending at
/// the end of a top-level block): most pages are one part, and a huge page's
/// events are never all held at once (a 50 MB page's events alone take
/// 800 MB).
const PART_EVENTS: usize = 1 << 16;
/// The first part holds at least this many top-level blocks: the title,
/// breadcrumb and metadata lines, and a rule under them.
const OPENING_BLOCKS: usize = 4;

/// The next part of the page: whole top-level blocks, `PART_EVENTS` events
/// or more unless the page ends first, and at least `min_blocks` blocks.
fn next_part<'a>(events: &mut impl Iterator<Item = Spanned<'a>>, min_blocks: usize) -> Events<'a> {
    let mut part = Vec::new();
    let (mut depth, mut blocks) = (0usize, 0usize);
    for spanned in events.by_ref() {
        match &spanned.0 {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        part.push(spanned);
        if depth == 0 {
            blocks += 1;
            if part.len() >= PART_EVENTS && blocks >= min_blocks {
                break;
            }
        }
    }
    part
}

/// What the passes collect over a page's parts.
struct Collected<'t, 'm> {
    links: Vec<OutLink>,
    /// Links in raw HTML, apart (they follow the Markdown ones in the
    /// page's list), each with the source range of its tag.
    raw_links: Vec<(OutLink, Option<Range<usize>>)>,
    anchors: Vec<String>,
    headings: Vec<Heading>,
    text: String,
    has_mermaid: bool,
    slugger: slug::Slugger,
    math: &'t std::cell::RefCell<math::MathRenderer<'m>>,
    /// The raw-HTML tags the serializer is to find.
    raw_tags: &'t html::RawTags,
    gathered: gather::Gathered,
}

impl Collected<'_, '_> {
    /// Run the raw-HTML, link, heading-id, emoji, text and math passes over
    /// `events[start..]`, one part of the page.
    fn part(&mut self, events: &mut Events, start: usize, raw: &rawhtml::Context) {
        let found = rawhtml::apply(events, start, raw);
        let part = &mut events[start..];
        let (site, page, lines) = (raw.site, raw.page, raw.lines);
        let first_link = self.links.len();
        self.links.extend(links::rewrite(part, site, page, lines));
        self.gathered.part(part, &self.links, first_link, lines);
        let seen = self.headings.len();
        self.headings
            .extend(headings::assign_ids(part, &mut self.slugger));
        emoji::render(part, &mut self.headings[seen..]);
        text::push_plain_text(part, &mut self.text);
        self.math.borrow_mut().render_spans(part);
        self.has_mermaid |= code::has_mermaid(part);
        {
            let mut tags = self.raw_tags.borrow_mut();
            let before = tags.len();
            tags.extend(found.tags.iter().flatten().cloned());
            // A tag with several URLs (`src`, `srcset`) is one tag.
            let mut i = before.max(1);
            while i < tags.len() {
                if tags[i] == tags[i - 1] {
                    tags.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        self.raw_links
            .extend(found.links.into_iter().zip(found.tags));
        self.anchors.extend(found.anchors);
    }
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
    let body_start = if text.is_char_boundary(body_start) {
        body_start
    } else {
        0
    };
    let rewritten = admonitions::rewrite(text, body_start);
    let (text, admonitions) = match &rewritten {
        Some((text, found)) => (text.as_str(), found.as_slice()),
        None => (text, &[][..]),
    };
    let lines = LineIndex::new(text);
    let markdown = &text[body_start..];
    let mut parser = events(markdown, body_start).peekable();
    let mut events = next_part(&mut parser, OPENING_BLOCKS);
    let math = std::cell::RefCell::new(math::MathRenderer::new(text, &lines, opts.display_path));
    let raw_tags = html::RawTags::default();
    let raw_cx = rawhtml::Context {
        site,
        page,
        source: text,
        lines: &lines,
        policy: opts.raw_html,
    };
    let mut collected = Collected {
        links: Vec::new(),
        raw_links: Vec::new(),
        anchors: Vec::new(),
        headings: Vec::new(),
        // A page of several parts: its plain text, shorter than its
        // Markdown, is sized once.
        text: String::with_capacity(if parser.peek().is_some() {
            markdown.len()
        } else {
            0
        }),
        has_mermaid: false,
        slugger: slug::Slugger::new(),
        math: &math,
        raw_tags: &raw_tags,
        gathered: gather::Gathered::default(),
    };
    // Explicit ids are reserved before any slug is made: those of later
    // parts too (rare: a second parse, only for huge pages that have some).
    if parser.peek().is_some() && memchr::memmem::find(markdown.as_bytes(), b"{#").is_some() {
        for id in headings::explicit_ids(self::events(markdown, body_start)) {
            collected.slugger.reserve(&id);
        }
    }
    // The opening part's events are `events[start..]`: the passes that take
    // blocks out of the opening move `start` (see `take_near_front`).
    let mut start = 0;
    let mut dropped = if opts.drop_breadcrumb {
        breadcrumb::take_manual(&mut events, &mut start)
    } else {
        Vec::new()
    };
    let metadata = metadata::take(&mut events, &mut start);
    collected.links = links::rewrite(&mut dropped, site, page, &lines);
    let first_kept = collected.links.len();
    collected.part(&mut events, start, &raw_cx);
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
        let h = &collected.headings[0];
        inner.push(headings::self_link(
            h,
            opts.anchor_label,
            &(h.offset..h.offset),
        ));
        let html = html::serialize(inner, String::new(), &html::RawTags::default()).html;
        (TitleHeading { id, html }, links_in_title)
    });
    let (title, first_kept, title_headings) = match title {
        Some((t, n)) => (Some(t), first_kept + n, 1),
        None => (None, first_kept, 0),
    };
    let opening: Events = headings::add_self_links(
        events.drain(start..),
        &collected.headings[title_headings..],
        opts.anchor_label,
    )
    .collect();
    drop(events);
    // The later parts are parsed and passed over as the serializer reaches
    // them; every event then goes through the passes below into the
    // serializer, lazily.
    let later = std::iter::from_fn(|| {
        parser.peek()?;
        let mut part = next_part(&mut parser, 1);
        let seen = collected.headings.len();
        collected.part(&mut part, 0, &raw_cx);
        let linked: Events = headings::add_self_links(
            part.into_iter(),
            &collected.headings[seen..],
            opts.anchor_label,
        )
        .collect();
        Some(linked)
    })
    .flatten();
    let events = opening.into_iter().chain(later);
    let events = code::render_blocks(events, opts.highlighter, &math);
    let events = tables::wrap(events, opts.table_label);
    let events = alerts::label(events, opts.alert_labels, admonitions);
    let events = tasks::label(events, opts.task_labels);
    // Serialized into this thread's buffer, which is kept at its size for
    // the next page (unless a huge page made it huge).
    let (body, offsets) = BODY.with_borrow_mut(|buf| {
        buf.clear();
        if markdown.len() > KEEP_BUFFER_BYTES / HTML_PER_MARKDOWN {
            // A huge page: sized once, generously (what is never written is
            // never touched, so it takes no memory), rather than doubled
            // and copied on the way, which held two copies at once.
            buf.reserve(markdown.len() * HTML_PER_MARKDOWN);
        }
        let written = html::serialize(events, std::mem::take(buf), &raw_tags);
        let offsets = (written.links, written.raw_tags);
        let html = written.html;
        if html.capacity() > KEEP_BUFFER_BYTES {
            return (PackedHtml::from_string(html, opts.pack_bodies), offsets);
        }
        *buf = html;
        (PackedHtml::new(buf, opts.pack_bodies), offsets)
    });
    let (link_offsets, raw_offsets) = offsets;
    let Collected {
        links: mut out_links,
        raw_links,
        anchors,
        headings,
        text: search_text,
        has_mermaid,
        gathered,
        ..
    } = collected;
    for (link, offset) in out_links[first_kept..].iter_mut().zip(link_offsets) {
        link.html_offset = offset;
    }
    let raw_tags = std::mem::take(&mut *raw_tags.borrow_mut());
    for (mut link, tag) in raw_links {
        link.html_offset = tag
            .as_ref()
            .and_then(|t| raw_tags.iter().position(|r| r == t))
            .and_then(|i| raw_offsets.get(i).copied().flatten());
        out_links.push(link);
    }
    let diagnostics = math.into_inner().diagnostics;
    RenderedPage {
        body,
        headings: compact_vec(headings),
        links: compact_vec(out_links),
        text: PackedHtml::from_string(compact(search_text), opts.pack_bodies),
        has_mermaid,
        metadata,
        title,
        diagnostics,
        anchors: compact_vec(anchors),
        cut_passages: Vec::new(),
        snippets: compact_vec(gathered.snippets),
        tasks: gathered.tasks,
    }
}

/// A serialization buffer larger than this is not kept for the next page.
const KEEP_BUFFER_BYTES: usize = 4 << 20;
/// Bytes of HTML a byte of Markdown makes, at most, nearly always (tables
/// of Chinese text with links make about 3).
const HTML_PER_MARKDOWN: usize = 4;

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
    let skip = comments::leading(events);
    let start = match events.get(skip) {
        Some((
            Event::Start(pulldown_cmark::Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }),
            _,
        )) => {
            skip + events[skip..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(pulldown_cmark::TagEnd::Heading(_))))?
                + 1
        }
        _ => skip,
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

/// Escape text for HTML element content (`&`, `<`, `>`).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape_html`] onto the end of `out`.
pub fn push_escaped(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html_body_text(out, s).expect("a String takes any text");
}

/// Escape text for a quoted HTML attribute (`&`, `<`, `>`, `"`, `'`: the
/// same characters and entities as Tera's autoescaping).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    pulldown_cmark_escape::escape_html(&mut out, s).expect("a String takes any text");
    out
}

/// The text of an attribute value [`escape_attr`] wrote.
pub fn unescape_attr(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The options unit tests render with: the Chinese interface words, no
/// breadcrumb dropping, plain bodies, GitHub's raw-HTML policy.
#[cfg(test)]
pub(crate) fn test_options(highlighter: &Highlighter) -> RenderOptions<'_> {
    RenderOptions {
        highlighter,
        drop_breadcrumb: false,
        table_label: "表格",
        anchor_label: "本节链接",
        pack_bodies: false,
        display_path: "a.md",
        alert_labels: &crate::render::strings::ZH_CN.alerts,
        task_labels: &crate::render::strings::ZH_CN.tasks,
        raw_html: crate::config::RawHtml::Github,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Content, SourcePage};

    fn page(rel: &str) -> SourcePage {
        SourcePage::unread(rel, None)
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
                pack_bodies,
                ..test_options(&highlighter)
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

    #[test]
    fn a_page_in_many_parts_renders_as_in_one() {
        let content = Content {
            pages: vec![page("a.md"), page("b.md")],
            ..Content::default()
        };
        let (site, _) = Site::build(content, "");
        let id = (0..site.pages.len())
            .find(|&i| site.pages[i].src() == Some("a.md"))
            .unwrap();
        let block = "## 标题\n\n见[链接](b.md)与[缺](missing.md)[^1]。\n\n| a | b |\n|---|---|\n| [x](b.md) | 1 |\n\n```mermaid\ngraph TD\n```\n\n";
        let n = 6000;
        // An explicit id in the last part is reserved before the first
        // part's slugs are made.
        let text = format!(
            "{}## 末 {{#标题-5}}\n\n[^1]: 注[脚](b.md)\n",
            block.repeat(n)
        );
        assert!(parse(&text, 0).len() > 3 * PART_EVENTS);
        let highlighter = Highlighter::new();
        let opts = RenderOptions {
            drop_breadcrumb: true,
            ..test_options(&highlighter)
        };
        let r = render(&site, id, &text, 0, &opts);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        let mut slugger = slug::Slugger::new();
        slugger.reserve("标题-5");
        let mut expected: Vec<String> = (0..n).map(|_| slugger.slug("标题")).collect();
        expected.push("标题-5".into());
        assert!(ids == expected, "ids differ: {:?}", &ids[..8]);
        let html = r.body.unpack();
        assert_eq!(html.matches("<div class=\"table-wrap\"").count(), n);
        assert_eq!(html.matches("<pre class=\"mermaid\">").count(), n);
        assert!(r.has_mermaid);
        let anchors: Vec<&str> = html
            .split("<a class=\"heading-anchor\" href=\"#")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let encoded: Vec<String> = expected
            .iter()
            .map(|id| crate::site::urls::encode_fragment(id))
            .collect();
        assert!(anchors == encoded, "self-links differ from the ids");
        // One footnote, referenced from every part, numbered once.
        assert_eq!(
            html.matches("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>")
                .count(),
            n
        );
        assert_eq!(r.links.len(), 3 * n + 1);
        for link in &r.links {
            let at = link.html_offset.expect("every link is in the body");
            let href = match &link.resolution {
                crate::links::Resolution::Internal { href, .. } => href.as_str(),
                _ => link.raw.as_str(),
            };
            assert!(
                html[at..].starts_with(&format!("<a href=\"{href}\">")),
                "{}",
                &html[at..at + 40]
            );
        }
        let text = r.text.unpack();
        assert_eq!(text.matches("链接").count(), n);
        assert!(text.ends_with("注脚\n"), "{:?}", &text[text.len() - 20..]);
    }
}
