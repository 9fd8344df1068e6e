//! Tables are wrapped in a focusable, labelled scroll container, so wide
//! tables scroll sideways and keyboard users can scroll them.

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
    events.flat_map(move |(event, range)| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (Some(Event::Html(open.clone().into())), None),
            Event::End(TagEnd::Table) => (None, Some(Event::Html("</div>\n".into()))),
            _ => (None, None),
        };
        let spanned = |e: Event<'a>| (e, range.clone());
        before
            .map(spanned)
            .into_iter()
            .chain(std::iter::once((event, range.clone())))
            .chain(after.map(spanned))
    })
}
