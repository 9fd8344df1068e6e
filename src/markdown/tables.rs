//! Tables are wrapped in a focusable, labelled scroll container, so wide
//! tables scroll sideways and keyboard users can scroll them. Each container
//! is a region landmark, so each gets a name of its own: `表格 1`, `表格 2`.

use super::around::Insert;
use super::{escape_attr, Spanned};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Wrap every table of `events` (lazily).
pub fn wrap<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    label: &str,
) -> impl Iterator<Item = Spanned<'a>> {
    let label = escape_attr(label);
    let mut tables = 0usize;
    super::around::around(events, move |event| match event {
        Event::Start(Tag::Table(_)) => {
            tables += 1;
            let open = format!(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{label} {tables}\">\n"
            );
            Insert {
                before: Some(Event::Html(open.into())),
                after: None,
            }
        }
        Event::End(TagEnd::Table) => Insert {
            before: None,
            after: Some(Event::Html("</div>\n".into())),
        },
        _ => Insert::NOTHING,
    })
}
