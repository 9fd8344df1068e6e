//! Paths and URLs between output files: always relative (file:// and any
//! sub-path work), percent-encoded per segment.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::borrow::Cow;

/// Characters escaped in a path segment: everything but unreserved
/// characters and the sub-delimiters that are safe in an href.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'/');

/// Characters escaped in a fragment.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'%')
    .add(b'#');

pub fn encode_segment(s: &str) -> String {
    // Collected, not `to_string()`: no trip through the formatter per piece.
    utf8_percent_encode(s, SEGMENT).collect()
}

pub fn encode_fragment(s: &str) -> String {
    utf8_percent_encode(s, FRAGMENT).collect()
}

/// Percent-decode a path or fragment; invalid UTF-8 after decoding keeps the
/// text as written.
pub fn decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(s))
}

/// The folder part of a `/`-separated path (`a/b/c.html` -> `a/b`, `c.html` -> ``).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Relative, percent-encoded URL from the output file `from` to the output
/// file `to` (both `/`-separated, relative to the output root).
pub fn relative_url(from: &str, to: &str) -> String {
    // Called for every link and navigation entry: one allocation, no
    // intermediate lists.
    let mut from_dir = parent(from).split('/').filter(|s| !s.is_empty());
    let mut to_parts = to.split('/').filter(|s| !s.is_empty()).peekable();
    let mut ups = 0;
    while let Some(dir) = from_dir.next() {
        if to_parts.peek() == Some(&dir) {
            to_parts.next();
        } else {
            ups = 1 + from_dir.count();
            break;
        }
    }
    let mut url = String::with_capacity(3 * ups + 3 * to.len() + 2);
    for _ in 0..ups {
        url.push_str("../");
    }
    // `a:b.html` would be read as a URL with the scheme `a:` (and
    // `javascript:x.html` as a script): `./a:b.html` is a path.
    if ups == 0 && to_parts.peek().is_some_and(|first| first.contains(':')) {
        url.push_str("./");
    }
    for (i, part) in to_parts.enumerate() {
        if i > 0 {
            url.push('/');
        }
        url.extend(utf8_percent_encode(part, SEGMENT));
    }
    url
}

/// `../` repeated once per folder above `from`: the prefix to the site root.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(split(parent(from)).len())
}

fn split(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Join a relative link path to the folder it is written in and normalise
/// `.` and `..`. `None` when it climbs above the root.
pub fn join_normalized(base_dir: &str, link_path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link_path.starts_with('/') {
        Vec::new()
    } else {
        split(base_dir)
    };
    for seg in link_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("a/b.html", "a/c.html"), "c.html");
        assert_eq!(relative_url("a/b.html", "index.html"), "../index.html");
        assert_eq!(
            relative_url("index.html", "a/b/index.html"),
            "a/b/index.html"
        );
        assert_eq!(relative_url("a/x/y.html", "a/z/w.html"), "../z/w.html");
        assert_eq!(relative_url("a/b.html", "a/b.html"), "b.html");
    }

    #[test]
    fn a_name_that_looks_like_a_scheme_is_made_a_path() {
        assert_eq!(relative_url("index.html", "a:b.html"), "./a:b.html");
        assert_eq!(
            relative_url("x/index.html", "x/javascript:alert(1).html"),
            "./javascript:alert(1).html"
        );
        assert_eq!(relative_url("x/y.html", "a:b/c.html"), "../a:b/c.html");
        assert_eq!(relative_url("index.html", "b/a:b.html"), "b/a:b.html");
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            relative_url("index.html", "合作/带 空格#1%&+.html"),
            "%E5%90%88%E4%BD%9C/%E5%B8%A6%20%E7%A9%BA%E6%A0%BC%231%25&+.html"
        );
    }

    #[test]
    fn join_and_normalize() {
        assert_eq!(join_normalized("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(
            join_normalized("a/b", "./x/./y/").as_deref(),
            Some("a/b/x/y")
        );
        assert_eq!(join_normalized("a", "../../x.md"), None);
        assert_eq!(join_normalized("a/b", "/top.md").as_deref(), Some("top.md"));
    }

    #[test]
    fn root_prefixes() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }
}
