//! A raw-HTML fragment as tokens with byte spans, from html5gum (a
//! WHATWG-conformant tokenizer whose callback emitter reports the span of
//! every tag and attribute value, in source order, without building a tree).

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Start(StartTag),
    End {
        name: String,
        span: Range<usize>,
    },
    /// Character data, entities decoded.
    Text {
        text: String,
        span: Range<usize>,
    },
    /// A comment or a doctype: markup that shows nothing.
    Other {
        span: Range<usize>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    /// Lowercase, as the tokenizer folds it.
    pub name: String,
    /// In source order; a repeated name keeps its first value, as browsers do.
    pub attrs: Vec<Attr>,
    /// From `<` to `>`.
    pub span: Range<usize>,
    /// Written `<a name="x"/>`.
    pub self_closing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    /// Entities decoded; empty for a bare `open`.
    pub value: String,
    /// The value's bytes in the fragment, quotes excluded (`None`: no value).
    pub value_span: Option<Range<usize>>,
}

/// Tokenize `html`. The tokenizer switches to script/raw-text states after
/// `<script>`, `<style>`, `<textarea>`..., so their content is one text token.
pub fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut open: Option<StartTag> = None;
    let callback = |event: CallbackEvent<'_>, span: Span<usize>| -> Option<()> {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match event {
            CallbackEvent::OpenStartTag { name } => {
                open = Some(StartTag {
                    name: text(name),
                    attrs: Vec::new(),
                    span: span.start..span.end,
                    self_closing: false,
                });
            }
            CallbackEvent::AttributeName { name } => {
                if let Some(tag) = open.as_mut() {
                    tag.attrs.push(Attr {
                        name: text(name),
                        value: String::new(),
                        value_span: None,
                    });
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(attr) = open.as_mut().and_then(|t| t.attrs.last_mut()) {
                    attr.value = text(value);
                    attr.value_span = Some(span.start..span.end);
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                if let Some(mut tag) = open.take() {
                    tag.span.end = span.end;
                    tag.self_closing = self_closing;
                    let mut seen = Vec::with_capacity(tag.attrs.len());
                    tag.attrs.retain(|a| {
                        let first = !seen.contains(&a.name);
                        seen.push(a.name.clone());
                        first
                    });
                    tokens.push(Token::Start(tag));
                }
            }
            CallbackEvent::EndTag { name } => tokens.push(Token::End {
                name: text(name),
                span: span.start..span.end,
            }),
            CallbackEvent::String { value } => tokens.push(Token::Text {
                text: text(value),
                span: span.start..span.end,
            }),
            CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. } => {
                tokens.push(Token::Other {
                    span: span.start..span.end,
                })
            }
            CallbackEvent::Error(_) => {}
        }
        None
    };
    let mut emitter = CallbackEmitter::new(callback);
    emitter.naively_switch_states(true);
    // The emitter yields nothing (the callback collects), and reading a
    // string cannot fail.
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_text_carry_their_spans() {
        let html = "<a href=\"x.md\" onclick=y HREF=z>t&amp;u</a><details open><!-- c -->";
        let tokens = tokenize(html);
        let Token::Start(a) = &tokens[0] else {
            panic!("{tokens:?}")
        };
        assert_eq!(
            (a.name.as_str(), &html[a.span.clone()]),
            ("a", "<a href=\"x.md\" onclick=y HREF=z>")
        );
        let names: Vec<&str> = a.attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["href", "onclick"]);
        assert_eq!(&html[a.attrs[0].value_span.clone().unwrap()], "x.md");
        let Token::Text { text, span } = &tokens[1] else {
            panic!("{tokens:?}")
        };
        assert_eq!((text.as_str(), &html[span.clone()]), ("t&u", "t&amp;u"));
        assert!(matches!(&tokens[2], Token::End { name, .. } if name == "a"));
        let Token::Start(details) = &tokens[3] else {
            panic!("{tokens:?}")
        };
        assert_eq!(details.attrs[0].value_span, None);
        assert!(matches!(&tokens[4], Token::Other { span } if &html[span.clone()] == "<!-- c -->"));
    }

    #[test]
    fn script_content_is_one_text_token() {
        let tokens = tokenize("<script>if (a<b) { x('<a href=q>') }</script>");
        assert_eq!(tokens.len(), 3, "{tokens:?}");
        assert!(matches!(&tokens[1], Token::Text { text, .. } if text.contains("<a href=q>")));
    }
}
