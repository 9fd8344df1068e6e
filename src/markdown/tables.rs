//! Tables are wrapped in a focusable, labelled scroll container, so wide
//! tables scroll sideways and keyboard users can scroll them.

use super::around::Insert;
use super::{escape_attr, Spanned};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Wrap every table of `events` (lazily).
pub fn wrap<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    label: &str,
) -> impl Iterator<Item = Spanned<'a>> {
    let open = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
        escape_attr(label)
    );
    super::around::around(events, move |event| match event {
        Event::Start(Tag::Table(_)) => Insert {
            before: Some(Event::Html(open.clone().into())),
            after: None,
        },
        Event::End(TagEnd::Table) => Insert {
            before: None,
            after: Some(Event::Html("</div>\n".into())),
        },
        _ => Insert::NOTHING,
    })
}
