//! Task-list checkboxes (`- [ ]`, `- [x]`) with an accessible name: the
//! checkbox pulldown-cmark writes has none, so a screen reader announces a
//! bare "checkbox". The name says the item's state in the interface
//! language; the item's text follows it in reading order.

use super::{escape_attr, Spanned};
use crate::render::strings::TaskLabels;
use pulldown_cmark::Event;

/// Replace every task-list marker of `events` by a named, disabled checkbox (lazily).
pub fn label<'a, 'l>(
    events: impl Iterator<Item = Spanned<'a>> + 'l,
    labels: &'l TaskLabels,
) -> impl Iterator<Item = Spanned<'a>> + 'l
where
    'a: 'l,
{
    events.map(move |(event, range)| match event {
        Event::TaskListMarker(done) => {
            let (name, checked) = if done {
                (labels.done, " checked=\"\"")
            } else {
                (labels.open, "")
            };
            let html = format!(
                "<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{}\"/>\n",
                escape_attr(name)
            );
            (Event::InlineHtml(html.into()), range)
        }
        other => (other, range),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::strings::ZH_CN;

    fn render(md: &str) -> String {
        let events = label(super::super::parse(md, 0).into_iter(), &ZH_CN.tasks);
        super::super::html::serialize(events, String::new(), &Default::default()).html
    }

    #[test]
    fn checkboxes_are_named_by_their_state() {
        let html = render("- [ ] 起草\n- [x] 签署\n");
        assert!(
            html.contains(r#"<li><input type="checkbox" disabled="" aria-label="未完成"/>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="checkbox" disabled="" checked="" aria-label="已完成"/>"#),
            "{html}"
        );
        assert_eq!(html.matches("<input").count(), 2, "{html}");
    }
}
