//! mdBook's `book.toml` (`[book] title`, `src`) and `SUMMARY.md`: prefix
//! chapters (links before the first list), part titles (`# Part`, any
//! level), numbered
//! chapters nested by their lists, draft chapters (`- [Title]()`),
//! separators (`---`, not shown) and suffix chapters (links after the
//! lists). The summary's own first `# heading` is its title, not a part.

use super::explicit::{ExplicitItem, ExplicitNav};
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub const BOOK_FILE: &str = "book.toml";
pub const SUMMARY_FILE: &str = "SUMMARY.md";

/// What folio takes from `book.toml`; the rest is mdBook's.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Book {
    pub title: Option<String>,
    /// The content folder, relative to `book.toml` (`src` by default).
    pub src: String,
}

impl Book {
    /// `shown` is the file's path as diagnostics show it; a file that is
    /// not TOML is a `config` error at its line.
    pub fn parse(text: &str, shown: &str) -> Result<Book, Box<Diagnostic>> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start).min(text.len());
            Box::new(
                Diagnostic::error(
                    Code::Config,
                    format!("invalid TOML: {}", e.message().trim()),
                )
                .with_path(shown)
                .at(LineIndex::new(text).locate(offset, offset)),
            )
        })?;
        let book = table.get("book").and_then(toml::Value::as_table);
        let text_of = |key: &str| {
            book.and_then(|b| b.get(key))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        Ok(Book {
            title: text_of("title").filter(|t| !t.trim().is_empty()),
            src: text_of("src").unwrap_or_else(|| "src".into()),
        })
    }
}

/// A link being read: where it starts, where it points, its text so far.
struct OpenLink {
    start: usize,
    dest: String,
    title: String,
}

/// Read `SUMMARY.md`; `shown` is its path as diagnostics show it.
pub fn summary(text: &str, shown: &str) -> ExplicitNav {
    let lines = LineIndex::new(text);
    let line_of = |offset: usize| lines.locate(offset, offset).line;
    let mut top: Vec<ExplicitItem> = Vec::new();
    let mut part: Option<ExplicitItem> = None;
    // Entries of each open list, and the chapter of each open list item.
    let mut lists: Vec<Vec<ExplicitItem>> = Vec::new();
    let mut items: Vec<Option<ExplicitItem>> = Vec::new();
    let mut link: Option<OpenLink> = None;
    let mut heading: Option<(usize, String)> = None;
    let mut seen_anything = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            // Part titles are headings of any level, as mdBook reads them
            // (`## 入门指南` too).
            Event::Start(Tag::Heading { .. }) => heading = Some((range.start, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, title)) = heading.take() {
                    // The first heading, before any chapter, titles the summary.
                    if seen_anything {
                        close_part(&mut part, &mut top);
                        part = Some(ExplicitItem::Section {
                            title,
                            line: line_of(start),
                            children: Vec::new(),
                        });
                    }
                }
            }
            Event::Start(Tag::List(_)) => lists.push(Vec::new()),
            Event::End(TagEnd::List(_)) => {
                let entries = lists.pop().unwrap_or_default();
                match items.last_mut() {
                    Some(Some(ExplicitItem::Page { children, .. })) => children.extend(entries),
                    // Chapters under a draft follow it.
                    Some(_) => {
                        if let Some(list) = lists.last_mut() {
                            list.extend(entries);
                        }
                    }
                    None => match &mut part {
                        Some(ExplicitItem::Section { children, .. }) => children.extend(entries),
                        _ => top.extend(entries),
                    },
                }
            }
            Event::Start(Tag::Item) => items.push(None),
            Event::End(TagEnd::Item) => {
                if let (Some(Some(item)), Some(list)) = (items.pop(), lists.last_mut()) {
                    list.push(item);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some(OpenLink {
                    start: range.start,
                    dest: dest_url.to_string(),
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Link) => {
                let Some(open) = link.take() else { continue };
                seen_anything = true;
                let chapter = chapter(open, &line_of);
                match items.last_mut() {
                    Some(slot @ None) => *slot = Some(chapter),
                    Some(Some(_)) => {}
                    // A prefix or suffix chapter: outside any part.
                    None => {
                        close_part(&mut part, &mut top);
                        top.push(chapter);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(open) = &mut link {
                    open.title.push_str(&t);
                } else if let Some((_, title)) = &mut heading {
                    title.push_str(&t);
                }
            }
            Event::Start(Tag::Paragraph) | Event::Rule => seen_anything = true,
            _ => {}
        }
    }
    close_part(&mut part, &mut top);
    ExplicitNav {
        file: shown.to_string(),
        text: text.to_string(),
        items: top,
    }
}

fn close_part(part: &mut Option<ExplicitItem>, top: &mut Vec<ExplicitItem>) {
    if let Some(p) = part.take() {
        top.push(p);
    }
}

fn chapter(open: OpenLink, line_of: &impl Fn(usize) -> usize) -> ExplicitItem {
    let line = line_of(open.start);
    let title = open.title.trim().to_string();
    let path = open.dest.split('#').next().unwrap_or_default();
    if path.is_empty() {
        return ExplicitItem::Draft { title, line };
    }
    if path.contains("://") {
        return ExplicitItem::External {
            title,
            url: open.dest,
            line,
        };
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    ExplicitItem::Page {
        src: decoded.trim_start_matches("./").to_string(),
        title: Some(title),
        line,
        children: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(src: &str, title: &str, line: usize, children: Vec<ExplicitItem>) -> ExplicitItem {
        ExplicitItem::Page {
            src: src.into(),
            title: Some(title.into()),
            line,
            children,
        }
    }

    #[test]
    fn prefix_parts_nested_drafts_and_suffix() {
        let text = "# Summary\n\n[前言](README.md)\n\n# 第一部分\n\n- [开始](start.md)\n  - [安装](start/%E5%AE%89%E8%A3%85.md)\n- [以后再写]()\n\n---\n\n## 第二部分\n\n- [进阶](adv.md)\n\n[附录](appendix.md)\n";
        let nav = summary(text, "src/SUMMARY.md");
        assert_eq!(
            nav.items,
            [
                page("README.md", "前言", 3, vec![]),
                ExplicitItem::Section {
                    title: "第一部分".into(),
                    line: 5,
                    children: vec![
                        page(
                            "start.md",
                            "开始",
                            7,
                            vec![page("start/安装.md", "安装", 8, vec![])]
                        ),
                        ExplicitItem::Draft {
                            title: "以后再写".into(),
                            line: 9
                        },
                    ],
                },
                ExplicitItem::Section {
                    title: "第二部分".into(),
                    line: 13,
                    children: vec![page("adv.md", "进阶", 15, vec![])],
                },
                page("appendix.md", "附录", 17, vec![]),
            ]
        );
    }

    #[test]
    fn book_toml_title_and_src() {
        let book = Book::parse(
            "[book]\ntitle = \"示例书\"\nsrc = \"内容\"\n[output.html]\nx = 1\n",
            "book.toml",
        )
        .unwrap();
        assert_eq!(book.title.as_deref(), Some("示例书"));
        assert_eq!(book.src, "内容");
        assert_eq!(Book::parse("", "book.toml").unwrap().src, "src");
        assert!(Book::parse("[book\n", "book.toml").is_err());
    }
}
