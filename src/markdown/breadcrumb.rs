//! A hand-written breadcrumb line at the top of a page
//! (`[首页](../README.md) > 实施策略与合作模式`) duplicates the automatic
//! breadcrumbs; this pass takes it out of the body.

use super::Events;
use pulldown_cmark::{Event, Tag, TagEnd};

const SEPARATORS: [char; 4] = ['>', '›', '»', '/'];

/// If the first block is a one-line paragraph made of links joined by `>`
/// (optionally ending in plain text, the current page), remove it and return
/// its events. A leading `# title` (level 1) heading may come first.
pub fn take_manual<'a>(events: &mut Events<'a>, start: &mut usize) -> Events<'a> {
    let page = &events[*start..];
    match super::opening_paragraph(page) {
        Some(p) if is_breadcrumb(&page[p.start + 1..p.end - 1]) => {
            super::take_near_front(events, start, p)
        }
        _ => Vec::new(),
    }
}

fn is_breadcrumb(inline: &[super::Spanned]) -> bool {
    let mut depth = 0usize;
    let mut links = 0;
    let mut separators = 0;
    let mut trailing_text = false;
    for (event, _) in inline {
        match event {
            Event::Start(Tag::Link { .. }) => {
                if depth == 0 && trailing_text {
                    return false;
                }
                depth += 1;
                links += 1;
            }
            Event::End(TagEnd::Link) => depth = depth.saturating_sub(1),
            Event::Text(t) if depth == 0 => {
                for piece in t.split(SEPARATORS) {
                    if !piece.trim().is_empty() {
                        if trailing_text {
                            return false;
                        }
                        trailing_text = true;
                    }
                }
                separators += t.matches(SEPARATORS).count();
                if t.trim_end().ends_with(SEPARATORS) {
                    trailing_text = false;
                }
            }
            Event::SoftBreak | Event::HardBreak => return false,
            _ if depth == 0 => {
                if matches!(event, Event::Start(_) | Event::End(_) | Event::Text(_)) {
                    continue;
                }
                return false;
            }
            _ => {}
        }
    }
    links >= 1 && separators >= 1
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn dropped(md: &str) -> bool {
        let mut events = parse(md, 0);
        !take_manual(&mut events, &mut 0).is_empty()
    }

    #[test]
    fn recognises_breadcrumb_lines() {
        assert!(dropped(
            "[首页](../README.md) > 实施策略与合作模式\n\n## 概述\n"
        ));
        assert!(dropped(
            "# 标题\n\n[首页](../README.md) > [战略](./x.md) > 当前\n"
        ));
        assert!(dropped("[首页](../README.md) › [上级](../x.md)\n"));
    }

    #[test]
    fn leaves_ordinary_paragraphs() {
        assert!(!dropped("见[首页](../README.md)，然后阅读下文。\n"));
        assert!(!dropped("[首页](../README.md)\n"));
        assert!(
            !dropped("## 标题\n\n[a](a.md) > b\n"),
            "only before the first section"
        );
        assert!(!dropped("[a](a.md) > b\n[c](c.md) > d\n"));
        assert!(!dropped("a > b\n"));
    }
}
