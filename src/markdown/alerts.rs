//! GitHub alerts (`> [!NOTE]` ... `> [!CAUTION]`): pulldown-cmark gives the
//! block quote its `markdown-alert-*` class; this pass writes the label at
//! its top, as GitHub does, in the interface language.

use super::{escape_html, Spanned};
use crate::render::strings::AlertLabels;
use pulldown_cmark::{BlockQuoteKind, Event, Tag};

/// Insert the label paragraph after the start of every alert (lazily).
pub fn label<'a, 'l>(
    events: impl Iterator<Item = Spanned<'a>> + 'l,
    labels: &'l AlertLabels,
) -> impl Iterator<Item = Spanned<'a>> + 'l
where
    'a: 'l,
{
    super::around::around(events, move |event| {
        let after = match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
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
                Some(Event::Html(html.into()))
            }
            _ => None,
        };
        super::around::Insert {
            before: None,
            after,
        }
    })
}
