//! Leading metadata lines, as in the seeds:
//!
//! ```text
//! **最后更新**: 2025-10-31
//! **负责人**: 总经理室/技术部
//! ```
//!
//! The first paragraph of the page (after the `# title` and a hand-written
//! breadcrumb line) made only of `**key**: value` lines is taken out of the
//! body and returned as key/value pairs for a compact metadata block.

use super::Events;
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MetaEntry {
    pub key: String,
    pub value: String,
}

/// Keys that name the page's last-updated date.
pub const UPDATED_KEYS: [&str; 5] = [
    "最后更新",
    "更新时间",
    "更新日期",
    "last updated",
    "updated",
];

pub fn take(events: &mut Events, start: &mut usize) -> Vec<MetaEntry> {
    let page = &events[*start..];
    let Some(p) = super::opening_paragraph(page) else {
        return Vec::new();
    };
    let Some(entries) = parse_lines(&page[p.start + 1..p.end - 1]) else {
        return Vec::new();
    };
    // The `---` writers put under the lines separates the block already.
    let end = match page.get(p.end) {
        Some((Event::Rule, _)) => p.end + 1,
        _ => p.end,
    };
    super::take_near_front(events, start, p.start..end);
    entries
}

/// `Strong(key) Text(": value") SoftBreak ...`, every line of that form.
fn parse_lines(inline: &[super::Spanned]) -> Option<Vec<MetaEntry>> {
    let mut entries = Vec::new();
    let mut lines = inline.split(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak));
    for line in &mut lines {
        let [(Event::Start(Tag::Strong), _), (Event::Text(key), _), (Event::End(TagEnd::Strong), _), rest @ ..] =
            line
        else {
            return None;
        };
        let mut value = String::new();
        for (event, _) in rest {
            match event {
                Event::Text(t) | Event::Code(t) => value.push_str(t),
                Event::Start(Tag::Emphasis | Tag::Strong)
                | Event::End(TagEnd::Emphasis | TagEnd::Strong) => {}
                _ => return None,
            }
        }
        let key = key.trim();
        let colon_in_key = key.ends_with([':', '：']);
        let value = value.trim_start();
        let value = match value.strip_prefix([':', '：']) {
            Some(v) if !colon_in_key => v.trim(),
            None if colon_in_key => value.trim(),
            _ => return None,
        };
        let key = key.trim_end_matches([':', '：']).trim();
        if key.is_empty() || value.is_empty() {
            return None;
        }
        entries.push(MetaEntry {
            key: key.to_string(),
            value: value.to_string(),
        });
    }
    (!entries.is_empty()).then_some(entries)
}

/// The value of a "last updated" entry, if any.
pub fn updated(entries: &[MetaEntry]) -> Option<&str> {
    entries
        .iter()
        .find(|e| UPDATED_KEYS.iter().any(|k| e.key.eq_ignore_ascii_case(k)))
        .map(|e| e.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn entries(md: &str) -> (Vec<MetaEntry>, usize) {
        let mut events = parse(md, 0);
        let mut start = 0;
        let found = take(&mut events, &mut start);
        (found, start)
    }

    #[test]
    fn leading_key_value_lines_become_metadata() {
        let (found, removed) = entries("# 合作伙伴总览\n\n**最后更新**: 2025-10-31\n**负责人**: 总经理室/技术部\n**状态**：🟢 良好\n\n---\n");
        assert_eq!(
            found,
            vec![
                MetaEntry {
                    key: "最后更新".into(),
                    value: "2025-10-31".into()
                },
                MetaEntry {
                    key: "负责人".into(),
                    value: "总经理室/技术部".into()
                },
                MetaEntry {
                    key: "状态".into(),
                    value: "🟢 良好".into()
                },
            ]
        );
        assert!(removed > 0);
        let mut events = parse("# 标题\n\n**负责人**: 张三\n\n---\n\n正文\n", 0);
        let mut start = 0;
        take(&mut events, &mut start);
        assert!(
            !events[start..]
                .iter()
                .any(|(e, _)| matches!(e, Event::Rule)),
            "the rule under the lines goes with them"
        );
        assert_eq!(updated(&found), Some("2025-10-31"));
    }

    #[test]
    fn key_with_colon_inside_the_bold() {
        let (found, _) = entries("**负责人：** 张三\n");
        assert_eq!(
            found,
            vec![MetaEntry {
                key: "负责人".into(),
                value: "张三".into()
            }]
        );
    }

    #[test]
    fn ordinary_paragraphs_stay() {
        assert_eq!(
            entries("# 标题\n\n**注意**：这是正文，不是元数据。\n正文继续。\n").1,
            0
        );
        assert_eq!(entries("# 标题\n\n**负责人**: [张三](a.md)\n").1, 0);
        assert_eq!(entries("## 小节\n\n**负责人**: 张三\n").1, 0);
    }
}
