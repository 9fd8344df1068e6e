//! Raw HTML: one pass over a page's HTML events, with a real tokenizer and
//! state across events, that resolves the links and images in it like
//! Markdown ones, collects its `id`s as anchors, and (under the default
//! `markdown.raw-html = "github"`) keeps only what GitHub keeps.
//!
//! The parser hands raw HTML over in pieces: an HTML block line by line,
//! inline HTML tag by tag (`<a href=…>`, the link text as Markdown, `</a>`).
//! A block's lines are joined and tokenized whole; between pieces, the pass
//! remembers an open `<script>`-like element whose content it is dropping,
//! Markdown text included. Kept tags are written again from their tokens,
//! attribute by attribute, with folio's one escaper; under `"allow"` the
//! HTML stays as written except for the rewritten URLs.
//!
//! It runs before the passes that generate HTML (heading self-links, code,
//! tables), so what folio writes itself is never touched, and pages with
//! no raw HTML (nor an unsafe Markdown link) are left as they are.

mod policy;
mod source_map;
mod tags;
mod tokens;

use super::{escape_html, Events, OutLink};
use crate::config::RawHtml;
use crate::diagnostics::LineIndex;
use crate::site::{PageId, Site};
use policy::{Element, UrlKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use source_map::SourceMap;
use std::ops::Range;
use tokens::{StartTag, Token};

/// What the pass needs to know of the page.
pub struct Context<'a> {
    pub site: &'a Site,
    pub page: PageId,
    /// The whole page text (event ranges index it).
    pub source: &'a str,
    pub lines: &'a LineIndex<'a>,
    pub policy: RawHtml,
}

/// What the pass found in the page's raw HTML.
#[derive(Debug, Default)]
pub struct RawLinks {
    /// Links and images, in document order, each at its attribute value.
    pub links: Vec<OutLink>,
    /// For each link, the source range of its `<a`/`<img` tag: the pass
    /// gives that tag an event of its own with this range, so that the
    /// serializer finds the tag's place in the body (`None`: an element
    /// the link checker does not mark).
    pub tags: Vec<Option<Range<usize>>>,
    /// `id`s, and `name`s of `<a>`: targets for `#fragment` links.
    pub anchors: Vec<String>,
}

/// Run the pass over `events[start..]`.
pub fn apply<'a>(events: &mut Events<'a>, start: usize, cx: &Context) -> RawLinks {
    if !events[start..]
        .iter()
        .any(|(e, _)| needs_pass(e, cx.policy))
    {
        return RawLinks::default();
    }
    let page: Events<'a> = events.drain(start..).collect();
    let mut pass = Pass {
        cx,
        out: Vec::with_capacity(page.len()),
        found: RawLinks::default(),
        skip: None,
        dropped_links: Vec::new(),
    };
    pass.run(page);
    events.append(&mut pass.out);
    pass.found
}

fn needs_pass(event: &Event, policy: RawHtml) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) => {
            policy == RawHtml::Github && !policy::safe_url(dest_url, UrlKind::Link)
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            policy == RawHtml::Github && !policy::safe_url(dest_url, UrlKind::Media)
        }
        _ => false,
    }
}

/// An element whose content is being dropped, up to its end tag.
struct Skip {
    end_tag: String,
    /// Opened by inline HTML: the dropping also ends with its paragraph
    /// (or cell, heading...), so that a stray `<script>` in a sentence
    /// does not take the rest of the page with it.
    inline: bool,
}

struct Pass<'c, 'a> {
    cx: &'c Context<'c>,
    out: Events<'a>,
    found: RawLinks,
    skip: Option<Skip>,
    /// For each open Markdown link or image: was its start dropped?
    dropped_links: Vec<bool>,
}

impl<'a> Pass<'_, 'a> {
    fn run(&mut self, page: Events<'a>) {
        let mut events = page.into_iter().peekable();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Html(text) => {
                    // One block: its lines, joined.
                    let mut map = SourceMap::default();
                    map.push(0, &text, self.cx.source, range.clone());
                    let mut block = text.into_string();
                    while let Some((Event::Html(line), r)) =
                        events.next_if(|(e, _)| matches!(e, Event::Html(_)))
                    {
                        map.push(block.len(), &line, self.cx.source, r);
                        block.push_str(&line);
                    }
                    self.fragment(&block, &map, range.start, false);
                }
                Event::InlineHtml(text) => {
                    let mut map = SourceMap::default();
                    map.push(0, &text, self.cx.source, range.clone());
                    self.fragment(&text, &map, range.start, true);
                }
                event if self.skip.is_some() => self.skipping(event, range),
                event => {
                    if self.keeps_markdown_link(&event) {
                        self.out.push((event, range));
                    }
                }
            }
        }
    }

    /// Markdown events inside an element being dropped: text and inline
    /// markup go, block structure stays (so the page stays well nested).
    fn skipping(&mut self, event: Event<'a>, range: Range<usize>) {
        let inline_end = matches!(
            event,
            Event::End(
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link
                    | TagEnd::Image
            )
        );
        let inline_start = matches!(
            event,
            Event::Start(
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            )
        );
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.dropped_links.push(true),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.dropped_links.pop();
            }
            _ => {}
        }
        match event {
            Event::Start(_) if !inline_start => self.out.push((event, range)),
            Event::End(_) if !inline_end => {
                if self.skip.as_ref().is_some_and(|s| s.inline) {
                    self.skip = None;
                }
                self.out.push((event, range));
            }
            _ => {}
        }
    }

    /// Keep a Markdown link or image (and its end) unless its URL may not
    /// be published; its text stays, as plain text.
    fn keeps_markdown_link(&mut self, event: &Event) -> bool {
        let github = self.cx.policy == RawHtml::Github;
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let drop = github && !policy::safe_url(dest_url, UrlKind::Link);
                self.dropped_links.push(drop);
                !drop
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let drop = github && !policy::safe_url(dest_url, UrlKind::Media);
                self.dropped_links.push(drop);
                !drop
            }
            Event::End(TagEnd::Link | TagEnd::Image) => !self.dropped_links.pop().unwrap_or(false),
            _ => true,
        }
    }

    /// One piece of raw HTML (`at`: where it starts in the source).
    fn fragment(&mut self, text: &str, map: &SourceMap, at: usize, inline: bool) {
        let mut pending = String::with_capacity(text.len());
        // The end of the source written so far (`allow` copies the rest).
        let mut copied = 0;
        for token in tokens::tokenize(text) {
            if let Some(skip) = &self.skip {
                if matches!(&token, Token::End { name, .. } if *name == skip.end_tag) {
                    self.skip = None;
                }
                continue;
            }
            match (self.cx.policy, token) {
                (RawHtml::Github, Token::Start(tag)) => {
                    if let Some(html) = self.sanitized_tag(&tag, text, map, inline) {
                        self.push_tag(&tag, html, &mut pending, map, at, inline);
                    }
                }
                (RawHtml::Github, Token::End { name, .. }) => {
                    if policy::element(&name) == Element::Keep && !policy::VOID.contains(&&*name) {
                        pending.push_str("</");
                        pending.push_str(&name);
                        pending.push('>');
                    }
                }
                (RawHtml::Github, Token::Text { text, .. }) => {
                    pending.push_str(&escape_html(&text));
                }
                // Comments and doctypes: GitHub drops them.
                (RawHtml::Github, Token::Other { .. }) => {}
                (RawHtml::Allow, Token::Start(tag)) => {
                    let before = self.found.links.len();
                    let html = self.rewritten_tag(&tag, text, map);
                    if self.found.links.len() > before {
                        pending.push_str(&text[copied..tag.span.start]);
                        copied = tag.span.end;
                        self.push_tag(&tag, html, &mut pending, map, at, inline);
                    }
                }
                (RawHtml::Allow, _) => {}
            }
        }
        if self.cx.policy == RawHtml::Allow {
            pending.push_str(&text[copied..]);
        }
        self.flush(&mut pending, at, inline);
    }

    /// Add a written tag: a tag with links becomes an event of its own (see
    /// [`RawLinks::tags`]).
    fn push_tag(
        &mut self,
        tag: &StartTag,
        html: String,
        pending: &mut String,
        map: &SourceMap,
        at: usize,
        inline: bool,
    ) {
        let marked = self.found.tags.len() < self.found.links.len()
            && matches!(tag.name.as_str(), "a" | "img");
        if !marked {
            self.found.tags.resize(self.found.links.len(), None);
            pending.push_str(&html);
            return;
        }
        self.flush(pending, at, inline);
        let range = map.range(&tag.span);
        self.found
            .tags
            .resize(self.found.links.len(), Some(range.clone()));
        self.push_html(html, range, inline);
    }

    fn flush(&mut self, pending: &mut String, at: usize, inline: bool) {
        if !pending.is_empty() {
            // An empty range: never taken for a link tag's.
            self.push_html(std::mem::take(pending), at..at, inline);
        }
    }

    fn push_html(&mut self, html: String, range: Range<usize>, inline: bool) {
        let html = CowStr::from(html);
        let event = if inline {
            Event::InlineHtml(html)
        } else {
            Event::Html(html)
        };
        self.out.push((event, range));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Content, SourcePage};
    use crate::markdown::{render, Highlighter, RenderOptions, RenderedPage};

    fn rendered(markdown: &str, policy: RawHtml) -> (String, RenderedPage) {
        let page = |rel: &str| SourcePage::unread(rel, None);
        let content = Content {
            pages: vec![page("a.md"), page("b.md")],
            ..Content::default()
        };
        let (site, _) = Site::build(content, "");
        let id = (0..site.pages.len())
            .find(|&i| site.pages[i].src() == Some("a.md"))
            .unwrap();
        let highlighter = Highlighter::new();
        let opts = RenderOptions {
            raw_html: policy,
            ..crate::markdown::test_options(&highlighter)
        };
        let r = render(&site, id, markdown, 0, &opts);
        (r.body.unpack().into_owned(), r)
    }

    #[test]
    fn an_unclosed_inline_script_ends_with_its_paragraph() {
        let (html, _) = rendered("一 <script>x()\n\n二段\n", RawHtml::Github);
        assert_eq!(html, "<p>一 </p>\n<p>二段</p>\n");
    }

    #[test]
    fn a_dropped_block_element_drops_text_up_to_its_end_tag() {
        // Three blocks (a `<script>` block would run to `</script>` alone).
        let md = "<iframe src=\"x\">\n\n*被吞掉* [链接](b.md)\n\n</iframe>\n\n之后\n";
        let (html, r) = rendered(md, RawHtml::Github);
        assert_eq!(html, "<p></p>\n\n<p>之后</p>\n");
        assert!(r.links.is_empty());
        let text = r.text.unpack();
        assert!(!text.contains("被吞掉"), "{text}");
    }

    #[test]
    fn a_self_closed_iframe_takes_nothing_with_it() {
        let md = "<iframe src=\"//player.example/?v=1\" />\n\n之后\n";
        let (html, _) = rendered(md, RawHtml::Github);
        assert_eq!(html, "\n<p>之后</p>\n");
    }

    #[test]
    fn kept_values_are_escaped_again_and_first_attributes_win() {
        let md = "<a title=\"&quot;甲&quot; &lt;乙&gt;\" href=\"b.md\" href=\"x.md\">链</a>\n";
        let (html, r) = rendered(md, RawHtml::Github);
        assert_eq!(
            html,
            "<p><a title=\"&quot;甲&quot; &lt;乙&gt;\" href=\"b.html\">链</a></p>\n"
        );
        assert_eq!(r.links.len(), 1);
    }

    #[test]
    fn a_self_closed_anchor_is_closed_and_is_a_target() {
        let (html, r) = rendered("<a name=\"旧\"/>正文\n\n<br/>\n", RawHtml::Github);
        assert_eq!(html, "<p><a name=\"旧\"></a>正文</p>\n<br>\n");
        assert_eq!(r.anchors, ["旧"]);
    }

    #[test]
    fn allow_keeps_the_markup_and_quotes_a_rewritten_unquoted_url() {
        let md = "<div class=x onclick=\"go()\"><A href=b.md data-k='v'>链</a></div>\n";
        let (html, _) = rendered(md, RawHtml::Allow);
        assert_eq!(
            html,
            "<div class=x onclick=\"go()\"><a href=\"b.html\" data-k='v'>链</a></div>\n"
        );
    }

    #[test]
    fn links_in_a_raw_title_are_checked_but_not_in_the_body() {
        let (html, r) = rendered("# <img src=\"缺失.png\"> 标题\n\n正文\n", RawHtml::Github);
        assert_eq!(html, "<p>正文</p>\n");
        let title = r.title.unwrap();
        assert!(
            title.html.starts_with("<img src=\"缺失.png\"> 标题"),
            "{}",
            title.html
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].html_offset, None);
        assert!(r.links[0].location.is_some());
    }
}
