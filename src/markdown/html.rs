//! The one serializer: pulldown-cmark's HTML writer, wrapped so that the byte
//! offset of every `<a`/`<img` tag it writes is recorded (the link checker
//! marks broken links there afterwards): Markdown links' and raw-HTML ones'
//! (the raw-HTML pass gives each such tag an event whose range is the tag's).

use super::Spanned;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

struct Counting {
    out: String,
    len: Rc<Cell<usize>>,
}

impl fmt::Write for Counting {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.len.set(self.out.len());
        Ok(())
    }
}

/// The source ranges of the raw-HTML tags to find in the body, in document
/// order. A page rendered in parts adds each part's tags as the serializer
/// reaches it (before its events are written).
pub type RawTags = RefCell<Vec<Range<usize>>>;

/// What [`serialize`] wrote.
pub struct Serialized {
    pub html: String,
    /// For every Markdown link and image start in document order, the
    /// offset of the tag written for it. Links and images inside an image's
    /// alt text are written as plain text and have no tag: `None`.
    pub links: Vec<Option<usize>>,
    /// For each raw-HTML tag of `raw_tags`, its offset (`None`: not in
    /// these events).
    pub raw_tags: Vec<Option<usize>>,
}

/// Serialize `events` after what `out` holds, recording where link tags
/// are written: Markdown ones, and the raw-HTML ones whose source ranges
/// `raw_tags` lists.
pub fn serialize<'a>(
    events: impl IntoIterator<Item = Spanned<'a>>,
    out: String,
    raw_tags: &RawTags,
) -> Serialized {
    let len = Rc::new(Cell::new(out.len()));
    let writer = Counting {
        out,
        len: Rc::clone(&len),
    };
    let mut offsets = Vec::new();
    let mut raw_offsets: Vec<Option<usize>> = Vec::new();
    let mut next_raw = 0;
    let mut writer = writer;
    // Images open inside the current one (their alt text).
    let mut image_depth = 0usize;
    let iter = events.into_iter().map(|(event, range)| {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                offsets.push((image_depth == 0).then(|| len.get()));
                if matches!(event, Event::Start(Tag::Image { .. })) {
                    image_depth += 1;
                }
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => {
                let tags = raw_tags.borrow();
                // Tags before this event's place are not in the body (the
                // page's title).
                while tags.get(next_raw).is_some_and(|t| t.start < range.start) {
                    next_raw += 1;
                }
                if tags.get(next_raw) == Some(&range) {
                    raw_offsets.resize(tags.len(), None);
                    raw_offsets[next_raw] = Some(len.get());
                    next_raw += 1;
                }
            }
            _ => {}
        }
        event
    });
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut writer, iter);
    raw_offsets.resize(raw_tags.borrow().len(), None);
    Serialized {
        html: writer.out,
        links: offsets,
        raw_tags: raw_offsets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_alt_text_have_no_tag_offset() {
        let md = "[a](x.md) ![[评](n.md) ![i](j.png)](m.png) [![x](q.png)](r.md)";
        let written = serialize(
            super::super::parse(md, 0),
            String::new(),
            &RawTags::default(),
        );
        let (html, offsets) = (written.html, written.links);
        let tags: Vec<Option<&str>> = offsets
            .iter()
            .map(|o| o.map(|at| &html[at..at + html[at..].find(' ').unwrap()]))
            .collect();
        assert_eq!(
            tags,
            [
                Some("<a"),
                Some("<img"),
                None,
                None,
                Some("<a"),
                Some("<img")
            ],
            "{html}"
        );
    }
}
