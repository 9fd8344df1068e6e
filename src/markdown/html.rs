//! The one serializer: pulldown-cmark's HTML writer, wrapped so that the byte
//! offset of every `<a`/`<img` tag it writes is recorded (the link checker
//! marks broken links there afterwards).

use super::Spanned;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::Cell;
use std::fmt;
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

/// Serialize `events` after what `out` holds; returns the HTML and, for
/// every link and image start in document order, the offset of the tag
/// written for it. Links and images inside an image's alt text are written
/// as plain text and have no tag: `None`.
pub fn serialize<'a>(
    events: impl IntoIterator<Item = Spanned<'a>>,
    out: String,
) -> (String, Vec<Option<usize>>) {
    let len = Rc::new(Cell::new(out.len()));
    let writer = Counting {
        out,
        len: Rc::clone(&len),
    };
    let mut offsets = Vec::new();
    let mut writer = writer;
    // Images open inside the current one (their alt text).
    let mut image_depth = 0usize;
    let iter = events.into_iter().map(|(event, _)| {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                offsets.push((image_depth == 0).then(|| len.get()));
                if matches!(event, Event::Start(Tag::Image { .. })) {
                    image_depth += 1;
                }
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ => {}
        }
        event
    });
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut writer, iter);
    (writer.out, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_alt_text_have_no_tag_offset() {
        let md = "[a](x.md) ![[评](n.md) ![i](j.png)](m.png) [![x](q.png)](r.md)";
        let (html, offsets) = serialize(super::super::parse(md, 0), String::new());
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
