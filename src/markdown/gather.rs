//! Gathering pass for the knowledge base (see [`crate::knowledge`]): the
//! text around each link to a page (what the target's backlinks quote),
//! and the page's task-list items with the heading they sit under. It reads
//! the events and changes nothing.

use super::{OutLink, Spanned};
use crate::diagnostics::LineIndex;
use crate::links::Resolution;
use crate::site::Target;
use pulldown_cmark::{Event, Tag, TagEnd};

/// Characters of context a backlink quotes around its link.
const SNIPPET_CHARS: usize = 80;
/// Of them, at most this many before the link.
const SNIPPET_BEFORE: usize = 30;

/// The text of the paragraph, list item, heading or table cell holding a
/// link to a page, trimmed to about [`SNIPPET_CHARS`] around the link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkSnippet {
    /// The link's index in [`super::RenderedPage::links`].
    pub link: usize,
    pub text: Box<str>,
}

/// One task-list item (`- [ ] …`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TaskItem {
    pub done: bool,
    pub text: String,
    pub line: usize,
    /// The heading it sits under: an index in
    /// [`super::RenderedPage::headings`].
    pub heading: Option<usize>,
}

/// What the pass collects over a page's parts.
#[derive(Debug, Default)]
pub struct Gathered {
    pub snippets: Vec<LinkSnippet>,
    pub tasks: Vec<TaskItem>,
    /// Headings met so far, and the index of the last.
    headings_seen: usize,
    heading: Option<usize>,
}

/// A block whose text is collected.
struct Frame {
    is_item: bool,
    text: String,
    /// The links in it: their index, and their character offset in `text`.
    links: Vec<(usize, usize)>,
    task: Option<bool>,
    start: usize,
}

impl Gathered {
    /// Gather from one part of the page. `links` are the page's links so
    /// far, the last of them this part's, which begin at `first_link`.
    pub fn part(
        &mut self,
        events: &[Spanned],
        links: &[OutLink],
        first_link: usize,
        lines: &LineIndex,
    ) {
        let mut stack: Vec<Frame> = Vec::new();
        let mut next_link = first_link;
        for (event, range) in events {
            match event {
                Event::Start(Tag::Heading { .. }) => {
                    self.heading = Some(self.headings_seen);
                    self.headings_seen += 1;
                    stack.push(Frame::new(false, range.start));
                }
                Event::Start(Tag::Paragraph | Tag::TableCell) => {
                    stack.push(Frame::new(false, range.start));
                }
                Event::Start(Tag::Item) => stack.push(Frame::new(true, range.start)),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    let index = next_link;
                    next_link += 1;
                    let to_page = links.get(index).is_some_and(|l| {
                        !l.is_image
                            && matches!(
                                l.resolution,
                                Resolution::Internal {
                                    target: Target::Page(_) | Target::Folder(_),
                                    ..
                                }
                            )
                    });
                    if let (true, Some(top)) = (to_page, stack.last_mut()) {
                        top.links.push((index, top.text.chars().count()));
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push(' ');
                    }
                }
                Event::TaskListMarker(done) => {
                    if let Some(item) = stack.iter_mut().rev().find(|f| f.is_item) {
                        item.task = Some(*done);
                    }
                }
                Event::End(
                    TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item,
                ) => {
                    let Some(frame) = stack.pop() else { continue };
                    self.close(frame, stack.last_mut(), lines);
                }
                _ => {}
            }
        }
    }

    fn close(&mut self, frame: Frame, parent: Option<&mut Frame>, lines: &LineIndex) {
        for &(link, at) in &frame.links {
            self.snippets.push(LinkSnippet {
                link,
                text: snippet(&frame.text, at).into(),
            });
        }
        if let Some(done) = frame.task {
            self.tasks.push(TaskItem {
                done,
                text: collapse(&frame.text),
                line: lines.locate(frame.start, frame.start).line,
                heading: self.heading,
            });
        } else if let Some(item) = parent.filter(|p| p.is_item && p.text.is_empty()) {
            // A loose list item's first paragraph is the item's text.
            item.text = frame.text;
        }
    }
}

impl Frame {
    fn new(is_item: bool, start: usize) -> Frame {
        Frame {
            is_item,
            text: String::new(),
            links: Vec::new(),
            task: None,
            start,
        }
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// About [`SNIPPET_CHARS`] of `text` around character `at`, with `…` where
/// it is cut.
fn snippet(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SNIPPET_CHARS {
        return collapse(text);
    }
    let start = at
        .saturating_sub(SNIPPET_BEFORE)
        .min(chars.len() - SNIPPET_CHARS);
    let end = start + SNIPPET_CHARS;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&collapse(&chars[start..end].iter().collect::<String>()));
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_paragraph_is_cut_around_the_link() {
        let text = format!("{}链接{}", "前".repeat(100), "后".repeat(100));
        let s = snippet(&text, 100);
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("链接"));
        assert_eq!(snippet("短 句\n子", 0), "短 句 子");
    }
}
