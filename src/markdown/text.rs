//! The plain text of a page (for search): text and code, one line per block.

use pulldown_cmark::{Event, TagEnd};

/// Append the plain text of `events` to `text`.
pub fn push_plain_text(events: &[super::Spanned], text: &mut String) {
    for (event, _) in events {
        match event {
            // Math is found by its TeX source.
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
}
