//! The one serializer: pulldown-cmark's HTML writer, wrapped so that the byte
//! offset of every `<a`/`<img` tag it writes is recorded (the link checker
//! marks broken links there afterwards).

use super::Events;
use pulldown_cmark::{Event, Tag};
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

/// Serialize `events` after what `out` holds; returns the HTML and the
/// offsets of link and image tags, in document order.
pub fn serialize(events: Events, out: String) -> (String, Vec<usize>) {
    let len = Rc::new(Cell::new(out.len()));
    let writer = Counting {
        out,
        len: Rc::clone(&len),
    };
    let mut offsets = Vec::new();
    let mut writer = writer;
    let iter = events.into_iter().map(|(event, _)| {
        if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
            offsets.push(len.get());
        }
        event
    });
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut writer, iter);
    (writer.out, offsets)
}
