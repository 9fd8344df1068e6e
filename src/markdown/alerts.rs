//! GitHub alerts (`> [!NOTE]` ... `> [!CAUTION]`): pulldown-cmark gives the
//! block quote its `markdown-alert-*` class; this pass writes the label at
//! its top, as GitHub does, in the interface language.

use super::{escape_html, Events};
use crate::render::strings::AlertLabels;
use pulldown_cmark::{BlockQuoteKind, Event, Tag};

/// Insert the label paragraph after the start of every alert.
pub fn label<'a>(events: Events<'a>, labels: &AlertLabels) -> Events<'a> {
    // Most pages have none: keep their events where they are.
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(Some(_)))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        let kind = match &event {
            Event::Start(Tag::BlockQuote(Some(kind))) => Some(*kind),
            _ => None,
        };
        out.push((event, range.clone()));
        if let Some(kind) = kind {
            let text = match kind {
                BlockQuoteKind::Note => labels.note,
                BlockQuoteKind::Tip => labels.tip,
                BlockQuoteKind::Important => labels.important,
                BlockQuoteKind::Warning => labels.warning,
                BlockQuoteKind::Caution => labels.caution,
            };
            let html = format!(
                "<p class=\"markdown-alert-title\">{}</p>\n",
                escape_html(text)
            );
            out.push((Event::Html(html.into()), range));
        }
    }
    out
}
