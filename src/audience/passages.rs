//! Passages for some audiences only, marked in the Markdown by a pair of
//! HTML comments that GitHub renders as nothing:
//!
//! ```text
//! <!-- audience: internal -->
//! 分成比例 …
//! <!-- /audience -->
//! ```
//!
//! Markers stand alone on their line between blocks (not inside a list
//! item, table, block quote or HTML block). They are found with the
//! Markdown parser, so a marker shown in a code block is text. Before a
//! page is parsed for real, every marker line, and in an audience build
//! every passage for other audiences, is replaced by as many newlines as it
//! spans: the lines after keep their numbers, and what is cut is never
//! parsed, so no heading, link, search text or file reference of it exists.

use super::Audience;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use pulldown_cmark::{Event, Tag};
use std::borrow::Cow;
use std::ops::Range;

/// A passage an audience build cut out of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CutPassage {
    /// The lines of its opening and closing markers (1-based).
    pub lines: Range<usize>,
    /// The audiences it is for.
    pub audiences: Vec<String>,
    /// The ids its headings would have had: a `#fragment` link to one is
    /// a link into left-out content, not a broken anchor.
    pub ids: Vec<String>,
}

/// The ids of the headings in a cut passage (explicit `{#id}`, else the
/// slug of the heading's text).
fn heading_ids(passage: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut heading: Option<(Option<String>, String)> = None;
    for (event, _) in crate::markdown::events(passage, 0) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                if let Some((id, text)) = heading.take() {
                    ids.push(id.unwrap_or_else(|| crate::markdown::slug::slugify(&text)));
                }
            }
            _ => {}
        }
    }
    ids
}

/// A page's text with its markers (and the passages for other audiences)
/// blanked out.
pub struct Marked<'t> {
    pub text: Cow<'t, str>,
    pub cut: Vec<CutPassage>,
    /// Misplaced, nested or unclosed markers.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    Open(Vec<String>),
    Close,
}

/// The marker an HTML comment is, if it is one: `<!-- audience: a, b -->`
/// or `<!-- /audience -->`.
fn marker(comment: &str) -> Option<Marker> {
    let inner = comment.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    if inner == "/audience" {
        return Some(Marker::Close);
    }
    let names = inner
        .strip_prefix("audience")?
        .trim_start()
        .strip_prefix(':')?;
    let names: Vec<String> = names
        .split([',', ' '])
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    Some(Marker::Open(names))
}

/// Where a marker-looking comment starts in `html`, if there is one.
fn find_marker(html: &str) -> Option<(usize, Marker)> {
    let mut from = 0;
    while let Some(at) = html[from..].find("<!--").map(|i| from + i) {
        let end = html[at..].find("-->").map(|i| at + i + 3)?;
        if let Some(m) = marker(&html[at..end]) {
            return Some((at, m));
        }
        from = end;
    }
    None
}

/// What encloses a misplaced marker, as a writer would name it.
fn container(tag: &Tag) -> &'static str {
    match tag {
        Tag::Item | Tag::List(_) => "a list item",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table row",
        Tag::BlockQuote(_) => "a block quote",
        Tag::FootnoteDefinition(_) => "a footnote",
        Tag::HtmlBlock => "an HTML block",
        _ => "a paragraph",
    }
}

/// Find the markers of `text` (its Markdown from `body_start`), check
/// them, and blank the marker lines, and for `audience` the passages for
/// other audiences. `display_path` names the page in diagnostics.
pub fn apply<'t>(
    text: &'t str,
    body_start: usize,
    audience: Option<&Audience>,
    display_path: &str,
) -> Marked<'t> {
    let mut marked = Marked {
        text: Cow::Borrowed(text),
        cut: Vec::new(),
        diagnostics: Vec::new(),
    };
    let body = text.get(body_start..).unwrap_or("");
    if memchr::memmem::find(body.as_bytes(), b"audience").is_none() {
        return marked;
    }
    let lines = LineIndex::new(text);
    let mut error = |at: usize, message: String| {
        let end = text[at..].find("-->").map_or(at, |i| at + i + 3);
        marked.diagnostics.push(
            Diagnostic::error(Code::AudienceMarker, message)
                .with_path(display_path)
                .at(lines.locate(at, end)),
        );
    };
    let line_of = |at: usize| lines.locate(at, at).line;
    let line_range = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        start..end
    };
    // Byte ranges to blank, in order.
    let mut blank: Vec<Range<usize>> = Vec::new();
    // The open passage: its marker's offset and audiences.
    let mut open: Option<(usize, Vec<String>)> = None;
    let mut stack: Vec<Tag> = Vec::new();
    let mut block_start: Option<usize> = None;
    for (event, range) in crate::markdown::events(body, body_start) {
        let html = match event {
            Event::Start(Tag::HtmlBlock) => {
                block_start = Some(range.start);
                stack.push(Tag::HtmlBlock);
                continue;
            }
            Event::Start(tag) => {
                stack.push(tag);
                continue;
            }
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => html,
            _ => continue,
        };
        let Some((offset, found)) = find_marker(&html) else {
            continue;
        };
        // The event's text is the source's (no container prefix in it);
        // should it ever not be, the event's start is close enough.
        let at = Some(range.start + offset)
            .filter(|&at| text.is_char_boundary(at))
            .unwrap_or(range.start);
        // The whole line is the one comment.
        let alone = marker(html.trim()).is_some();
        let enclosing = stack
            .iter()
            .rev()
            .find(|t| !matches!(t, Tag::HtmlBlock))
            .map(container);
        let first_of_block = block_start == Some(range.start) && stack.len() == 1;
        if let Some(inside) = enclosing {
            let hint = if inside == "a paragraph" {
                "put it on a line of its own, between blocks"
            } else {
                "markers go between blocks; mark the whole block, or move the passage out of it"
            };
            error(at, format!("audience marker inside {inside}: {hint}"));
            continue;
        }
        if !first_of_block {
            error(
                at,
                "audience marker inside an HTML block: leave a blank line before it".to_string(),
            );
            continue;
        }
        if !alone {
            error(
                at,
                "audience marker must stand alone on its line".to_string(),
            );
            continue;
        }
        match (found, &open) {
            (Marker::Open(names), None) if names.is_empty() => error(
                at,
                "audience marker names no audience: write `<!-- audience: internal -->`"
                    .to_string(),
            ),
            (Marker::Open(names), None) => open = Some((at, names)),
            (Marker::Open(_), Some((outer, _))) => error(
                at,
                format!(
                    "audience passages cannot nest: the passage opened on line {} is still open",
                    line_of(*outer)
                ),
            ),
            (Marker::Close, None) => {
                error(at, "`<!-- /audience -->` closes no passage".to_string())
            }
            (Marker::Close, Some(_)) => {
                let Some((start, names)) = open.take() else {
                    continue;
                };
                let cut = audience.is_some_and(|a| !names.contains(&a.name));
                if cut {
                    let range = line_range(start).start..line_range(at).end;
                    marked.cut.push(CutPassage {
                        lines: line_of(start)..line_of(at),
                        audiences: names,
                        ids: heading_ids(&text[range.clone()]),
                    });
                    blank.push(range);
                } else {
                    blank.push(line_range(start));
                    blank.push(line_range(at));
                }
            }
        }
    }
    if let Some((start, names)) = open {
        error(
            start,
            "audience passage is never closed: end it with `<!-- /audience -->`".to_string(),
        );
        // Cut to the end: the build fails, and serve shows nothing of it.
        if audience.is_some_and(|a| !names.contains(&a.name)) {
            blank.push(line_range(start).start..text.len());
        } else {
            blank.push(line_range(start));
        }
    }
    if blank.is_empty() {
        return marked;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in blank {
        out.push_str(&text[copied..range.start]);
        out.extend(text[range.clone()].matches('\n'));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    marked.text = Cow::Owned(out);
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner() -> Audience {
        let config = crate::config::Config::parse("[audiences.partner]\n", "folio.toml").unwrap();
        Audience::select(&config, Some("partner"), "folio.toml")
            .unwrap()
            .unwrap()
    }

    #[test]
    fn markers_are_recognised() {
        assert_eq!(
            marker("<!-- audience: internal, board -->"),
            Some(Marker::Open(vec!["internal".into(), "board".into()]))
        );
        assert_eq!(marker("<!--/audience-->"), Some(Marker::Close));
        assert_eq!(marker("<!-- 受众 -->"), None);
        assert_eq!(marker("<!-- audiences are people -->"), None);
    }

    #[test]
    fn a_passage_is_cut_and_lines_keep_their_numbers() {
        let text =
            "# 标题\n\n<!-- audience: internal -->\n机密\n\n## 分成\n<!-- /audience -->\n\n尾\n";
        let m = apply(text, 0, Some(&partner()), "a.md");
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        assert_eq!(m.text, "# 标题\n\n\n\n\n\n\n\n尾\n");
        assert_eq!(m.cut[0].lines, 3..7);
        assert_eq!(m.cut[0].ids, ["分成"]);
        let full = apply(text, 0, None, "a.md");
        assert_eq!(full.text, "# 标题\n\n\n机密\n\n## 分成\n\n\n尾\n");
        assert!(full.cut.is_empty());
    }

    #[test]
    fn misplaced_nested_and_unclosed_markers_are_located() {
        let cases = [
            (
                "- 项\n  <!-- audience: internal -->\n",
                2,
                3,
                "inside a list item",
            ),
            (
                "| a |\n|---|\n| <!-- audience: internal --> |\n",
                3,
                3,
                "inside a table row",
            ),
            ("文字 <!-- /audience --> 尾\n", 1, 4, "inside a paragraph"),
            (
                "<!-- audience: internal -->\n\n<!-- audience: internal -->\n",
                3,
                1,
                "cannot nest",
            ),
            (
                "\n<!-- audience: internal -->\n文字\n",
                2,
                1,
                "never closed",
            ),
            ("<!-- /audience -->\n", 1, 1, "closes no passage"),
            (
                "<!-- audience: internal --> 文字\n<!-- /audience -->\n",
                1,
                1,
                "alone on its line",
            ),
        ];
        for (text, line, column, message) in cases {
            let m = apply(text, 0, Some(&partner()), "a.md");
            let d = m.diagnostics.first().unwrap_or_else(|| panic!("{text}"));
            assert_eq!((d.line, d.column), (Some(line), Some(column)), "{text}");
            assert!(d.message.contains(message), "{text}: {}", d.message);
        }
    }

    #[test]
    fn markers_in_code_are_text() {
        let text = "```\n<!-- audience: internal -->\n```\n";
        let m = apply(text, 0, Some(&partner()), "a.md");
        assert!(m.diagnostics.is_empty());
        assert_eq!(m.text, text);
    }
}
