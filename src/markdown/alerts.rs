//! GitHub alerts (`> [!NOTE]` ... `> [!CAUTION]`): pulldown-cmark gives the
//! block quote its `markdown-alert-*` class; this pass writes the label at
//! its top, as GitHub does, in the interface language. MkDocs admonitions
//! arrive here as alerts too (see [`super::admonitions`]): theirs is the
//! title they give, and a collapsible one is wrapped in `<details>` with
//! the title as its `<summary>`.

use super::admonitions::{Admonition, Fold};
use super::{escape_html, Spanned};
use crate::render::strings::AlertLabels;
use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};
use std::cell::Cell;
use std::rc::Rc;

/// Insert the label paragraph after the start of every alert (lazily).
/// `admonitions` are the page's rewritten MkDocs headers, in order.
pub fn label<'a, 'l>(
    events: impl Iterator<Item = Spanned<'a>> + 'l,
    labels: &'l AlertLabels,
    admonitions: &'l [Admonition],
) -> impl Iterator<Item = Spanned<'a>> + 'l
where
    'a: 'l,
{
    // Where the event being looked at starts, to tell an admonition's
    // quote from a written alert.
    let at = Rc::new(Cell::new(0));
    let seen = Rc::clone(&at);
    let events = events.inspect(move |(_, range)| seen.set(range.start));
    let mut next = 0;
    // For each open quote: does it close a `<details>`?
    let mut quotes: Vec<bool> = Vec::new();
    super::around::around(events, move |event| match event {
        Event::Start(Tag::BlockQuote(kind)) => {
            let own = admonitions
                .get(next)
                .filter(|a| kind.is_some() && a.line.contains(&at.get()));
            next += usize::from(own.is_some());
            let fold = own.map_or(Fold::None, |a| a.fold);
            quotes.push(fold != Fold::None);
            let Some(kind) = kind else {
                return super::around::Insert::NOTHING;
            };
            let text = match own.and_then(|a| a.title.as_deref()) {
                Some(title) => title,
                None => default_label(*kind, labels),
            };
            let html = match fold {
                Fold::None if text.is_empty() => String::new(),
                Fold::None => format!(
                    "<p class=\"markdown-alert-title\">{}</p>\n",
                    escape_html(text)
                ),
                Fold::Closed | Fold::Open => format!(
                    "<details class=\"admonition\"{}><summary class=\"markdown-alert-title\">{}</summary>\n",
                    if fold == Fold::Open { " open" } else { "" },
                    escape_html(if text.is_empty() { default_label(*kind, labels) } else { text })
                ),
            };
            super::around::Insert {
                before: None,
                after: (!html.is_empty()).then(|| Event::Html(html.into())),
            }
        }
        Event::End(TagEnd::BlockQuote(_)) => super::around::Insert {
            before: quotes
                .pop()
                .filter(|&details| details)
                .map(|_| Event::Html("</details>\n".into())),
            after: None,
        },
        _ => super::around::Insert::NOTHING,
    })
}

fn default_label(kind: BlockQuoteKind, labels: &AlertLabels) -> &'static str {
    match kind {
        BlockQuoteKind::Note => labels.note,
        BlockQuoteKind::Tip => labels.tip,
        BlockQuoteKind::Important => labels.important,
        BlockQuoteKind::Warning => labels.warning,
        BlockQuoteKind::Caution => labels.caution,
    }
}
