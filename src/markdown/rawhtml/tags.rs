//! Start tags: written again as GitHub keeps them, or as written with
//! their URLs rewritten; every URL in them resolved and recorded.

use super::policy::{self, Element, UrlKind};
use super::source_map::SourceMap;
use super::tokens::{Attr, StartTag};
use super::{Pass, RawHtml, Skip};
use crate::links::{resolve, Resolution};
use crate::markdown::{escape_attr, OutLink};
use std::ops::Range;

impl Pass<'_, '_> {
    /// A start tag as GitHub keeps it, or `None` when it goes.
    pub(super) fn sanitized_tag(
        &mut self,
        tag: &StartTag,
        text: &str,
        map: &SourceMap,
        inline: bool,
    ) -> Option<String> {
        let name = tag.name.as_str();
        match policy::element(name) {
            Element::Keep => {}
            Element::DropTag => return None,
            // `<iframe src="…" />` (as video sites' embed codes are often
            // pasted) has no content to drop: the writer closed it.
            Element::DropWithContent if tag.self_closing => return None,
            Element::DropWithContent => {
                self.skip = Some(Skip {
                    end_tag: tag.name.clone(),
                    inline,
                });
                return None;
            }
        }
        let mut html = format!("<{name}");
        let has_width = tag.attrs.iter().any(|a| a.name == "width");
        for attr in &tag.attrs {
            let value = if name == "img" && attr.name == "style" && !has_width {
                if let Some(width) = policy::typora_zoom(&attr.value) {
                    html.push_str(" width=\"");
                    html.push_str(&escape_attr(&width));
                    html.push('"');
                }
                continue;
            } else if !policy::attribute(name, &attr.name) {
                continue;
            } else if let Some(kind) = policy::url_attribute(name, &attr.name) {
                match self.url_value(attr, kind, text, map) {
                    Some(url) => url,
                    None => continue,
                }
            } else {
                attr.value.clone()
            };
            self.anchor(name, attr);
            html.push(' ');
            html.push_str(&attr.name);
            if attr.value_span.is_some() || !value.is_empty() {
                html.push_str("=\"");
                html.push_str(&escape_attr(&value));
                html.push('"');
            }
        }
        html.push('>');
        // `<a name="x"/>` opens an `<a>` that browsers close only at the
        // end of the block: close it here, as the writer meant.
        if tag.self_closing && !policy::VOID.contains(&name) {
            html.push_str("</");
            html.push_str(name);
            html.push('>');
        }
        Some(html)
    }

    /// A start tag as written, its URLs rewritten (`allow`).
    pub(super) fn rewritten_tag(&mut self, tag: &StartTag, text: &str, map: &SourceMap) -> String {
        // The name as the tokenizer folded it (`<IMG` → `<img`: broken
        // links are marked by the tag's name).
        let mut html = format!("<{}", tag.name);
        let mut copied = tag.span.start + 1 + tag.name.len();
        for attr in &tag.attrs {
            self.anchor(&tag.name, attr);
            let (Some(kind), Some(span)) = (
                policy::url_attribute(&tag.name, &attr.name),
                attr.value_span.clone(),
            ) else {
                continue;
            };
            let Some(url) = self.url_value(attr, kind, text, map) else {
                continue;
            };
            // A URL the rewriting left alone stays as written, byte for byte.
            if url == attr.value {
                continue;
            }
            html.push_str(&text[copied..span.start]);
            let quote = text[..span.start].chars().next_back();
            let escaped = escape_attr(&url);
            match quote {
                Some('"') => html.push_str(&escaped),
                Some('\'') => html.push_str(&escaped.replace('\'', "&#39;")),
                _ => {
                    html.push('"');
                    html.push_str(&escaped);
                    html.push('"');
                }
            }
            copied = span.end;
        }
        html.push_str(&text[copied..tag.span.end]);
        html
    }

    fn anchor(&mut self, tag: &str, attr: &Attr) {
        let is_anchor = attr.name == "id" || (tag == "a" && attr.name == "name");
        if is_anchor && !attr.value.is_empty() && !self.found.anchors.contains(&attr.value) {
            self.found.anchors.push(attr.value.clone());
        }
    }

    /// The value of a URL attribute with every URL in it resolved and
    /// recorded; `None` when it may not be published.
    fn url_value(
        &mut self,
        attr: &Attr,
        kind: UrlKind,
        text: &str,
        map: &SourceMap,
    ) -> Option<String> {
        let github = self.cx.policy == RawHtml::Github;
        let span = attr.value_span.clone().unwrap_or(0..0);
        // Offsets inside the value are offsets in the source only when no
        // entity was decoded.
        let verbatim = text.get(span.clone()) == Some(attr.value.as_str());
        let is_image = kind != UrlKind::Link;
        if attr.value.trim().is_empty() {
            return Some(attr.value.clone());
        }
        if kind != UrlKind::SrcSet {
            if github && !policy::safe_url(&attr.value, kind) {
                return None;
            }
            return Some(self.link(&attr.value, map.range(&span), is_image));
        }
        let mut candidates = Vec::new();
        let mut offset = 0;
        for candidate in attr.value.split(',') {
            let lead = candidate.len() - candidate.trim_start().len();
            let trimmed = candidate.trim();
            let (url, descriptor) = trimmed
                .split_once(char::is_whitespace)
                .map_or((trimmed, ""), |(u, d)| (u, d.trim()));
            let start = span.start + offset + lead;
            let at = if verbatim {
                map.range(&(start..start + url.len()))
            } else {
                map.range(&span)
            };
            offset += candidate.len() + 1;
            if url.is_empty() || (github && !policy::safe_url(url, UrlKind::Media)) {
                continue;
            }
            let href = self.link(url, at, true);
            candidates.push(if descriptor.is_empty() {
                href
            } else {
                format!("{href} {descriptor}")
            });
        }
        (!candidates.is_empty()).then(|| candidates.join(", "))
    }

    /// Resolve one URL at `span` of the source; returns its new value.
    fn link(&mut self, raw: &str, span: Range<usize>, is_image: bool) -> String {
        let resolution = resolve(self.cx.site, self.cx.page, raw);
        let href = match &resolution {
            Resolution::Internal { href, .. } => href.clone(),
            Resolution::OtherAudience { .. } => String::new(),
            _ => raw.to_string(),
        };
        let location = (resolution.may_break()
            || crate::links::resolve::is_remote_image(raw, is_image))
        .then(|| self.cx.lines.locate(span.start, span.end));
        self.found.links.push(OutLink {
            raw: raw.to_string(),
            resolution,
            span,
            location,
            is_image,
            html_offset: None,
        });
        href
    }
}
