//! Paths and URLs between output files: always relative (file:// and any
//! sub-path work), percent-encoded per segment.

use percent_encoding::{percent_decode_str, percent_encode_byte};
use std::borrow::Cow;

/// Whether a path segment's byte is percent-encoded: controls, every byte
/// of a non-ASCII character, and the ASCII bytes a URL path or a file
/// system reads otherwise (`/` too: a segment is one name).
fn segment_byte_escaped(b: u8) -> bool {
    !b.is_ascii()
        || b.is_ascii_control()
        || matches!(
            b,
            b' ' | b'"'
                | b'#'
                | b'%'
                | b'\''
                | b'<'
                | b'>'
                | b'?'
                | b'['
                | b'\\'
                | b']'
                | b'^'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'/'
        )
}

/// Append `s` to `out` with the bytes `escaped` names percent-encoded
/// (uppercase hex, as the `percent-encoding` crate writes them). Every
/// `escaped` names all non-ASCII bytes, so what is kept is ASCII. Byte by
/// byte into a sized buffer: an iterator of escaped pieces pushed a piece
/// per byte, and this runs for every link of every page.
fn push_escaped(out: &mut String, s: &str, escaped: fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.reserve(3 * s.len());
    for b in s.bytes() {
        if escaped(b) {
            bytes.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            bytes.push(b);
        }
    }
    *out = String::from_utf8(bytes).expect("kept bytes are ASCII, escapes are ASCII");
}

/// Whether a fragment escapes the ASCII byte `b` (as GitHub's anchors do:
/// controls, space, `"<>\``, `%` and `#`; every other byte is escaped too).
/// One set for [`encode_fragment`] and [`is_encoded_fragment`].
fn fragment_escapes(b: u8) -> bool {
    b.is_ascii_control() || matches!(b, b' ' | b'"' | b'<' | b'>' | b'`' | b'%' | b'#')
}

/// Whether `s` is a fragment exactly as [`encode_fragment`] writes one
/// (upper-case escapes of the bytes it escapes, and of no others): then it
/// is the encoding of its decoded text, and encoded ids can be compared
/// without decoding it. (Escapes that decode to invalid UTF-8 are taken as
/// such a fragment; [`decode`] would keep them as written.)
pub fn is_encoded_fragment(s: &str) -> bool {
    let b = s.as_bytes();
    let hex = |c: Option<&u8>| match c {
        Some(&c @ b'0'..=b'9') => Some(c - b'0'),
        Some(&c @ b'A'..=b'F') => Some(c - b'A' + 10),
        _ => None,
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2))) else {
                return false;
            };
            let byte = h * 16 + l;
            if byte.is_ascii() && !fragment_escapes(byte) {
                return false;
            }
            i += 3;
        } else if !b[i].is_ascii() || fragment_escapes(b[i]) {
            return false;
        } else {
            i += 1;
        }
    }
    true
}

pub fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, s, segment_byte_escaped);
    out
}

/// Whether `encoded` is exactly what [`encode_fragment`] writes for `id`,
/// found without writing it (byte by byte, no allocation).
pub fn is_fragment_of(encoded: &str, id: &str) -> bool {
    let e = encoded.as_bytes();
    let mut at = 0;
    for b in id.bytes() {
        if fragment_byte_escaped(b) {
            if e.get(at..at + 3) != Some(percent_encode_byte(b).as_bytes()) {
                return false;
            }
            at += 3;
        } else {
            if e.get(at) != Some(&b) {
                return false;
            }
            at += 1;
        }
    }
    at == e.len()
}

/// Whether [`encode_fragment`] escapes byte `b` (any byte of a non-ASCII
/// character, and the ASCII ones of [`fragment_escapes`]).
fn fragment_byte_escaped(b: u8) -> bool {
    !b.is_ascii() || fragment_escapes(b)
}

pub fn encode_fragment(s: &str) -> String {
    if !s.bytes().any(fragment_byte_escaped) {
        return s.to_string();
    }
    let mut out = String::new();
    push_escaped(&mut out, s, fragment_byte_escaped);
    out
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
        push_escaped(&mut url, part, segment_byte_escaped);
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
    fn segments_and_fragments_are_escaped_as_the_percent_encoding_crate_escapes_them() {
        // The sets folio wrote with `percent-encoding` before it wrote its
        // own loop: every URL of every published site stays as it was.
        use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
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
        const FRAGMENT: &AsciiSet = &CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'<')
            .add(b'>')
            .add(b'`')
            .add(b'%')
            .add(b'#');
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str("合作伙伴 🚀 é");
        assert_eq!(
            encode_segment(&text),
            utf8_percent_encode(&text, SEGMENT).to_string()
        );
        assert_eq!(
            encode_fragment(&text),
            utf8_percent_encode(&text, FRAGMENT).to_string()
        );
        assert_eq!(
            relative_url("a/b.html", "c/合作 伙伴.html"),
            "../c/%E5%90%88%E4%BD%9C%20%E4%BC%99%E4%BC%B4.html"
        );
    }

    #[test]
    fn fragments_are_escaped_as_github_writes_them() {
        // Every ASCII byte, and characters of two, three and four bytes.
        let ascii: String = (0u8..128).map(char::from).collect();
        assert_eq!(
            encode_fragment(&ascii),
            concat!(
                "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F",
                "%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F",
                "%20!%22%23$%25&'()*+,-./0123456789:;%3C=%3E?",
                "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_%60abcdefghijklmnopqrstuvwxyz{|}~%7F"
            )
        );
        assert_eq!(
            encode_fragment("é概述-🚀"),
            "%C3%A9%E6%A6%82%E8%BF%B0-%F0%9F%9A%80"
        );
        assert_eq!(encode_fragment("plain-id"), "plain-id");
        for id in [ascii.as_str(), "é概述-🚀", "plain-id", ""] {
            let encoded = encode_fragment(id);
            assert!(is_fragment_of(&encoded, id), "{id}");
            if !id.is_empty() {
                assert!(!is_fragment_of(&encoded[..encoded.len() - 1], id));
            }
            assert!(!is_fragment_of(&format!("{encoded}x"), id));
        }
        // Escapes in lower case, or of bytes left as they are, are other
        // spellings, not the encoding.
        assert!(!is_fragment_of("%e6%a6%82", "概"));
        assert!(!is_fragment_of("%61", "a"));
    }

    #[test]
    fn encoded_fragments_are_told_from_others() {
        // The byte set agrees with the encoder's, byte by byte.
        for b in 0u8..128 {
            let c = (b as char).to_string();
            assert_eq!(fragment_escapes(b), encode_fragment(&c) != c, "byte {b}");
        }
        for id in ["概述", "a b", "x%y", "1.2-三", ""] {
            assert!(is_encoded_fragment(&encode_fragment(id)), "{id}");
        }
        for written in ["概述", "%e6%a6%82", "%41", "a b", "%G1", "%4", "%E6%A6%82x"] {
            let canonical = encode_fragment(&decode(written)) == written;
            assert_eq!(is_encoded_fragment(written), canonical, "{written}");
        }
        // Half a character: taken as encoded, as documented.
        assert!(is_encoded_fragment("%E6%A6"));
    }

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
