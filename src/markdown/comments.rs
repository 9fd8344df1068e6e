//! HTML comments that open a page (translated courses start with
//! `<!-- metadata -->` before `# 标题`) are not its first block: the title,
//! breadcrumb and metadata lines are looked for after them.

use super::Spanned;
use pulldown_cmark::{Event, Tag, TagEnd};

/// How many events open the page with HTML blocks that hold only comments.
pub fn leading(events: &[Spanned]) -> usize {
    let mut i = 0;
    while let Some((Event::Start(Tag::HtmlBlock), _)) = events.get(i) {
        let Some(len) = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::HtmlBlock)))
        else {
            break;
        };
        let mut html = String::new();
        for (event, _) in &events[i + 1..i + len] {
            if let Event::Html(h) = event {
                html.push_str(h);
            }
        }
        if !only_comments(&html) {
            break;
        }
        i += len + 1;
    }
    i
}

/// Only comments, or nothing: under `markdown.raw-html = "github"` the
/// raw-HTML pass has already taken the comments out (GitHub drops them).
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim_start();
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = body.find("-->") else {
            return false;
        };
        rest = body[end + 3..].trim_start();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn only_leading_comment_blocks_are_skipped() {
        let skipped = |md: &str| leading(&parse(md, 0));
        assert_eq!(skipped("<!-- a -->\n\n<!-- b --> <!-- c -->\n\n# T\n"), 6);
        assert_eq!(skipped("<div>x</div>\n\n# T\n"), 0);
        assert_eq!(
            skipped("<!-- a -->\n<div>x</div>\n\n# T\n"),
            3,
            "the div stays"
        );
        assert_eq!(skipped("# T\n\n<!-- a -->\n"), 0);
    }
}
