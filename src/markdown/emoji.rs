//! GitHub's emoji shortcodes: `:rocket:` becomes 🚀, from GitHub's own list
//! (gemoji, generated into [`emoji_table`](super::emoji_table) by
//! `tools/gen_emoji_table.mjs`). Code, autolinked URLs and raw HTML keep
//! their colons, and an unknown `:foo:` is left as written. Heading ids are
//! made from the text as written (`## :rocket: 发布` -> `#rocket-发布`), as
//! GitHub does, so this pass runs after them.

use super::emoji_table::SHORTCODES;
use super::{Heading, Spanned};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::borrow::Cow;

/// The emoji of a shortcode name (`rocket`), if GitHub has it.
fn lookup(name: &str) -> Option<&'static str> {
    SHORTCODES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| SHORTCODES[i].1)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-')
}

/// `text` with every known `:name:` replaced by its emoji.
pub fn replace(text: &str) -> Cow<'_, str> {
    if !text.contains(':') {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut done = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = text[i..].find(':').map(|p| p + i) {
        let len = bytes[open + 1..]
            .iter()
            .take_while(|&&b| is_name_byte(b))
            .count();
        let close = open + 1 + len;
        match (len, bytes.get(close)) {
            (1.., Some(b':')) => match lookup(&text[open + 1..close]) {
                Some(emoji) => {
                    out.push_str(&text[done..open]);
                    out.push_str(emoji);
                    done = close + 1;
                    i = close + 1;
                }
                // `:foo:rocket:`: the second colon may open a shortcode.
                None => i = close,
            },
            _ => i = close.max(open + 1),
        }
    }
    if done == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// Replace shortcodes in the text events of a page, except inside code
/// blocks and autolinks (whose text is a URL or an address); code spans are
/// events of their own. The headings' ids stay as they are (made from the
/// text as written, as GitHub does); their text, shown in the table of
/// contents and titles, gets the emoji too.
pub fn render(events: &mut [Spanned], headings: &mut [Heading]) {
    for h in headings.iter_mut() {
        if let Cow::Owned(text) = replace(&h.text) {
            h.text = text;
        }
    }
    let mut literal = false;
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                },
            ) => literal = true,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => literal = false,
            Event::Text(t) if !literal => {
                if let Cow::Owned(s) = replace(t) {
                    *t = CowStr::from(s);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_shortcodes_become_emoji_and_the_rest_stays() {
        assert_eq!(replace(":rocket: 发布"), "🚀 发布");
        assert_eq!(replace("赞 :+1: 和 :-1:，:100:"), "赞 👍 和 👎，💯");
        assert_eq!(replace(":foo: 与 :foo:rocket:"), ":foo: 与 :foo🚀");
        assert_eq!(
            replace("时间 10:30:45，比例 1:2"),
            "时间 10:30:45，比例 1:2"
        );
        assert_eq!(replace(":Rocket: ::"), ":Rocket: ::");
        assert_eq!(replace("::rocket::"), ":🚀:");
        assert!(matches!(replace("没有冒号"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(SHORTCODES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(lookup("zzz"), Some("💤"));
        assert_eq!(lookup("no_such_emoji"), None);
        assert_eq!(lookup("zap"), Some("⚡"));
    }
}
