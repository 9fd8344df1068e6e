//! Tables are wrapped in a focusable, labelled scroll container, so wide
//! tables scroll sideways and keyboard users can scroll them.

use super::{escape_attr, Events};
use pulldown_cmark::{Event, Tag, TagEnd};

pub fn wrap<'a>(events: Events<'a>, label: &str) -> Events<'a> {
    let open = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
        escape_attr(label)
    );
    // Two more events a table: sized once, not doubled (and copied) mid-page.
    let tables = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    let mut out = Vec::with_capacity(events.len() + 2 * tables);
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Table(_)) => {
                out.push((Event::Html(open.clone().into()), range.clone()));
                out.push((event, range));
            }
            Event::End(TagEnd::Table) => {
                out.push((event, range.clone()));
                out.push((Event::Html("</div>\n".into()), range));
            }
            _ => out.push((event, range)),
        }
    }
    out
}
