//! Rewriting a link's URL in a rendered body, at the tag offset the link
//! pass recorded ([`crate::markdown::OutLink::html_offset`]): the one place
//! that edits hrefs after rendering, used by the checker (fragments written
//! with the real id) and by print pages (links into the one document).
//! Nothing is parsed again: the tag is at a known offset and folio's own
//! serializer wrote it.

use super::check::BrokenMark;
use crate::markdown::escape_attr;
use crate::site::urls;
use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::LazyLock;

/// The attributes a link's URL is in, searched for with finders built once
/// (not once per link).
static SRC: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" src=\""));
static HREF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" href=\""));

/// What a link's URL becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewUrl {
    /// Keep the URL, with this (decoded) id as its fragment.
    Fragment(String),
    /// This URL, as written in the page (percent-encoded, not yet escaped).
    Whole(String),
    /// No URL at all: a link becomes plain text (`<a>` without `href`).
    Removed,
}

/// One edit of the body: replace `range` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub text: String,
}

/// The splice that gives the `<a href>` or `<img src>` tag at `tag_offset`
/// its new URL; `None` when there is no such tag or attribute there (or a
/// fragment to replace and none in the URL).
pub fn url_splice(body: &str, tag_offset: usize, new: &NewUrl) -> Option<Splice> {
    let rest = body.get(tag_offset..)?;
    let tag_end = tag_offset + memchr::memchr(b'>', rest.as_bytes()).unwrap_or(rest.len());
    let tag = &body[tag_offset..tag_end];
    let attr: &Finder = if tag.starts_with("<img") {
        &SRC
    } else if tag.starts_with("<a") {
        &HREF
    } else {
        return None;
    };
    let attr_start = tag_offset + attr.find(tag.as_bytes())?;
    let value_start = attr_start + attr.needle().len();
    let value_end = value_start + memchr::memchr(b'"', &body.as_bytes()[value_start..tag_end])?;
    let value = &body[value_start..value_end];
    Some(match new {
        NewUrl::Fragment(id) => {
            let hash = value_start + value.find('#')?;
            Splice {
                range: hash + 1..value_end,
                text: escape_attr(&urls::encode_fragment(id)),
            }
        }
        NewUrl::Whole(url) => Splice {
            range: value_start..value_end,
            text: escape_attr(url),
        },
        NewUrl::Removed => Splice {
            range: attr_start..value_end + 1,
            text: String::new(),
        },
    })
}

/// `body` with `splices` applied (in any order; one that overlaps an earlier
/// one is left out), moving `marks` that come after an edit along with it.
pub fn apply(body: &str, splices: Vec<Splice>, marks: &mut [BrokenMark]) -> String {
    let mut out = String::new();
    apply_onto(&mut out, body, splices, marks);
    out
}

/// [`apply`], writing onto the end of `out` (a print section is written
/// into one buffer, without a copy of each body between).
pub fn apply_onto(
    out: &mut String,
    body: &str,
    mut splices: Vec<Splice>,
    marks: &mut [BrokenMark],
) {
    splices.sort_by_key(|s| s.range.start);
    let grow: usize = splices.iter().map(|s| s.text.len()).sum();
    out.reserve(body.len() + grow);
    let mut done = 0;
    for s in splices {
        if s.range.start < done {
            continue;
        }
        out.push_str(&body[done..s.range.start]);
        out.push_str(&s.text);
        let (old_len, new_len) = (s.range.len(), s.text.len());
        for mark in marks.iter_mut().filter(|m| m.html_offset > s.range.start) {
            mark.html_offset = mark.html_offset + new_len - old_len;
        }
        done = s.range.end;
    }
    out.push_str(&body[done..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"<p><a href="a.html#x">A</a> <img src="../i.png" alt="i"></p>"#;

    fn edit(offset: usize, new: NewUrl) -> String {
        let splice = url_splice(BODY, offset, &new).into_iter().collect();
        apply(BODY, splice, &mut [])
    }

    #[test]
    fn a_fragment_the_whole_url_or_the_link_itself_is_replaced() {
        assert_eq!(
            edit(3, NewUrl::Fragment("标题".into())),
            r#"<p><a href="a.html#%E6%A0%87%E9%A2%98">A</a> <img src="../i.png" alt="i"></p>"#
        );
        assert_eq!(
            edit(3, NewUrl::Whole("#p&q".into())),
            r##"<p><a href="#p&amp;q">A</a> <img src="../i.png" alt="i"></p>"##
        );
        assert_eq!(
            edit(3, NewUrl::Removed),
            r#"<p><a>A</a> <img src="../i.png" alt="i"></p>"#
        );
        let img = BODY.find("<img").unwrap();
        assert_eq!(
            edit(img, NewUrl::Whole("i.png".into())),
            r#"<p><a href="a.html#x">A</a> <img src="i.png" alt="i"></p>"#
        );
    }

    #[test]
    fn marks_after_an_edit_move_with_it() {
        let img = BODY.find("<img").unwrap();
        let mut marks = vec![BrokenMark {
            html_offset: img,
            reason: String::new(),
            style: crate::links::check::MarkStyle::Broken,
            wanted: None,
            known: false,
        }];
        let splice = url_splice(BODY, 3, &NewUrl::Removed).unwrap();
        let out = apply(BODY, vec![splice], &mut marks);
        assert!(out[marks[0].html_offset..].starts_with("<img"));
    }
}
