//! The one serializer: pulldown-cmark's HTML writer, wrapped so that the byte
//! offset of every `<a`/`<img` tag it writes is recorded (the link checker
//! marks broken links there afterwards): Markdown links' and raw-HTML ones'
//! (the raw-HTML pass gives each such tag an event whose range is the tag's).

use super::Events;
use pulldown_cmark::{Event, Tag};
use std::cell::Cell;
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

/// What [`serialize`] wrote.
pub struct Serialized {
    pub html: String,
    /// Offsets of Markdown link and image tags, in document order.
    pub links: Vec<usize>,
    /// For each of the raw-HTML tags asked for, its offset (`None`: not in
    /// these events).
    pub raw_tags: Vec<Option<usize>>,
}

/// Serialize `events` after what `out` holds, recording where link tags
/// are written: Markdown ones, and the raw-HTML ones whose source ranges
/// `raw_tags` lists in document order.
pub fn serialize(events: Events, out: String, raw_tags: &[Range<usize>]) -> Serialized {
    let len = Rc::new(Cell::new(out.len()));
    let writer = Counting {
        out,
        len: Rc::clone(&len),
    };
    let mut offsets = Vec::new();
    let mut raw_offsets = vec![None; raw_tags.len()];
    let mut next_raw = 0;
    let mut writer = writer;
    let iter = events.into_iter().map(|(event, range)| {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => offsets.push(len.get()),
            Event::Html(_) | Event::InlineHtml(_) if next_raw < raw_tags.len() => {
                // Tags before this event's place are not in the body (the
                // page's title).
                while raw_tags
                    .get(next_raw)
                    .is_some_and(|t| t.start < range.start)
                {
                    next_raw += 1;
                }
                if raw_tags.get(next_raw) == Some(&range) {
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
    Serialized {
        html: writer.out,
        links: offsets,
        raw_tags: raw_offsets,
    }
}
