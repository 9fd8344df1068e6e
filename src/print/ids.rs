//! Ids unique across one print document. Every page keeps the ids it has on
//! the site where no earlier page took them; a later page's duplicate gets
//! `-1`, `-2`, ... as GitHub de-duplicates within a page. Each page's map
//! from its own ids to the document's is what links into it are written
//! with.

use crate::links::rewrite::Splice;
use crate::markdown::{escape_attr, unescape_attr};
use crate::site::urls;
use foldhash::{HashMap, HashMapExt};
use memchr::memmem::Finder;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The ids taken in one document. Keys borrow from the pages where they
/// can: a print page looks up tens of thousands of ids, and hashing and
/// copying each of them was most of what its ids cost.
#[derive(Default)]
pub struct IdSpace<'a> {
    /// Every id taken, with the last `N` given to it as a wanted id: a
    /// document of fifty pages that each have `## 概述` would otherwise try
    /// `概述-1`, `概述-2`, ... again for every page (quadratic).
    taken: HashMap<Cow<'a, str>, usize>,
}

impl<'a> IdSpace<'a> {
    /// A space for about `ids` ids, sized once rather than grown.
    pub fn with_capacity(ids: usize) -> IdSpace<'a> {
        IdSpace {
            taken: HashMap::with_capacity(ids),
        }
    }

    /// Take `wanted`, or the first free `wanted-N`; `None` when `wanted`
    /// itself was free.
    pub fn take(&mut self, wanted: Cow<'a, str>) -> Option<String> {
        let Some(&last) = self.taken.get(wanted.as_ref()) else {
            self.taken.insert(wanted, 0);
            return None;
        };
        // Every `wanted-N` below the last one given is taken already (the
        // map only grows), so the search goes on from there.
        let mut n = last;
        let mut number = itoa::Buffer::new();
        let id = loop {
            n += 1;
            let digits = number.format(n);
            let mut id = String::with_capacity(wanted.len() + 1 + digits.len());
            id.push_str(&wanted);
            id.push('-');
            id.push_str(digits);
            if !self.taken.contains_key(id.as_str()) {
                break id;
            }
        };
        self.taken.insert(wanted, n);
        self.taken.insert(Cow::Owned(id.clone()), 0);
        Some(id)
    }
}

/// One page's ids: as on the site -> in the document (`None`: unchanged).
#[derive(Default)]
pub struct PageIds<'a> {
    map: HashMap<Cow<'a, str>, Option<String>>,
    /// Whether any id is changed: when none is, no link into the page needs
    /// rewriting, and its bodies are not searched for them.
    renamed: bool,
}

impl<'a> PageIds<'a> {
    /// Give the page's known ids (headings, raw-HTML anchors) their
    /// document ids, in page order.
    pub fn new(space: &mut IdSpace<'a>, ids: impl IntoIterator<Item = &'a str>) -> PageIds<'a> {
        let ids = ids.into_iter();
        let mut page = PageIds {
            map: HashMap::with_capacity(ids.size_hint().0),
            renamed: false,
        };
        for id in ids {
            if !page.map.contains_key(id) {
                page.insert(space, Cow::Borrowed(id));
            }
        }
        page
    }

    fn insert(&mut self, space: &mut IdSpace<'a>, id: Cow<'a, str>) -> Option<&str> {
        let new = space.take(id.clone());
        self.renamed |= new.is_some();
        self.map.entry(id).or_insert(new).as_deref()
    }

    /// The document's id for the page's `id`, when the page has it.
    pub fn get<'s>(&'s self, id: &'s str) -> Option<&'s str> {
        self.map.get(id).map(|new| new.as_deref().unwrap_or(id))
    }

    /// The splices that write the document's ids into `html` (one of this
    /// page's bodies, inside the element with id `outer` if any): every
    /// `id="…"`, and every `href="#…"` whose tag does not start at one of
    /// `links` (the page's links, rewritten apart). An id the page did not
    /// declare (a footnote's) is taken now.
    pub fn splices(
        &mut self,
        space: &mut IdSpace<'a>,
        html: &str,
        scan: &Scan,
        outer: Option<&str>,
        links: &[usize],
    ) -> Vec<Splice> {
        let mut splices = Vec::new();
        // Each id where it is written: a heading's anchor links to the id
        // written last before it (or to `outer`), which is tried first.
        let mut written: Vec<(usize, Cow<str>)> = Vec::with_capacity(scan.ids.len());
        for value in scan.ids.iter().cloned() {
            let id = unescape_attr(&html[value.clone()]);
            written.push((value.start, id.clone()));
            let new = match self.map.get(id.as_ref()) {
                Some(new) => new.as_deref(),
                None => self.insert(space, Cow::Owned(id.into_owned())),
            };
            if let Some(new) = new {
                splices.push(Splice {
                    range: value,
                    text: escape_attr(new),
                });
            }
        }
        if !self.renamed {
            return splices;
        }
        // The renamed ids as hrefs write them, made at the first href
        // that needs them: an href written so is compared as written, not
        // decoded.
        let mut encoded: Option<HashMap<String, &str>> = None;
        for (value, tag) in scan.hrefs.iter().cloned() {
            if links.binary_search(&tag).is_ok() {
                continue;
            }
            let raw = unescape_attr(&html[value.clone()]);
            // Every heading's anchor is the encoding of the id just before
            // it: found so without encoding or decoding anything.
            let before = written.partition_point(|(at, _)| *at < value.start);
            let previous = match before.checked_sub(1) {
                Some(i) => Some(written[i].1.as_ref()),
                None => outer,
            };
            let new = if let Some(id) = previous.filter(|id| urls::is_fragment_of(&raw, id)) {
                self.map.get(id).and_then(|new| new.as_deref())
            } else if urls::is_encoded_fragment(&raw) {
                let encoded = encoded.get_or_insert_with(|| {
                    self.map
                        .iter()
                        .filter_map(|(old, new)| Some((old, new.as_deref()?)))
                        .map(|(old, new)| (urls::encode_fragment(old), new))
                        .collect()
                });
                encoded.get(raw.as_ref()).copied()
            } else {
                self.map
                    .get(urls::decode(&raw).as_ref())
                    .and_then(|new| new.as_deref())
            };
            if let Some(new) = new {
                splices.push(Splice {
                    range: value,
                    text: escape_attr(&urls::encode_fragment(new)),
                });
            }
        }
        splices
    }
}

/// Where one body writes its ids and its in-page hrefs. A body is in its
/// folder's print page and in those of the folders above: it is searched
/// once for all of them.
pub struct Scan {
    /// The byte ranges of the values of every ` id="…"`.
    ids: Vec<std::ops::Range<usize>>,
    /// The same of every ` href="#…"`, with where its tag starts.
    hrefs: Vec<(std::ops::Range<usize>, usize)>,
}

impl Scan {
    pub fn of(html: &str) -> Scan {
        Scan {
            ids: attribute_values(html, &ID).collect(),
            hrefs: attribute_values(html, &HREF)
                .map(|value| {
                    let tag = memchr::memrchr(b'<', &html.as_bytes()[..value.start]).unwrap_or(0);
                    (value, tag)
                })
                .collect(),
        }
    }
}

/// The openings searched for, built once (`memmem` finds them with SIMD;
/// `str::find` was most of what printing cost).
static ID: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" id=\""));
static HREF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" href=\"#"));

/// The byte ranges of the values of every attribute that starts with
/// `opening` (` id="`) in folio's own HTML, where text never holds a `"`
/// (it is written `&quot;`).
fn attribute_values<'a>(
    html: &'a str,
    opening: &'a Finder<'static>,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let bytes = html.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + opening.find(&bytes[from..])? + opening.needle().len();
        let end = start + memchr::memchr(b'"', &bytes[start..])?;
        from = end;
        Some(start..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::rewrite::apply;

    #[test]
    fn later_duplicates_are_numbered_and_their_self_links_follow() {
        let mut space = IdSpace::default();
        let first = PageIds::new(&mut space, ["概述", "x"]);
        assert_eq!(first.get("概述"), Some("概述"));
        let mut second = PageIds::new(&mut space, ["概述"]);
        assert_eq!(second.get("概述"), Some("概述-1"));
        let html = concat!(
            "<h2 id=\"概述\">概述<a class=\"heading-anchor\" href=\"#%E6%A6%82%E8%BF%B0\">#</a></h2>",
            "<sup><a href=\"#1\">1</a></sup><div id=\"1\"></div>"
        );
        let splices = second.splices(&mut space, html, &Scan::of(html), None, &[]);
        let out = apply(html, splices, &mut []);
        assert!(out.contains("id=\"概述-1\""), "{out}");
        assert!(out.contains("href=\"#%E6%A6%82%E8%BF%B0-1\""), "{out}");
        // A footnote id no earlier page took stays.
        assert!(
            out.contains("href=\"#1\"") && out.contains("id=\"1\""),
            "{out}"
        );
    }

    #[test]
    fn a_title_anchor_follows_the_title_it_is_inside() {
        let mut space = IdSpace::default();
        PageIds::new(&mut space, ["概述"]);
        let mut page = PageIds::new(&mut space, ["概述"]);
        // A title's inner HTML: its id is on the `<h1>` around it.
        let html = "概述<a class=\"heading-anchor\" href=\"#%E6%A6%82%E8%BF%B0\">#</a>";
        let out = apply(
            html,
            page.splices(&mut space, html, &Scan::of(html), Some("概述"), &[]),
            &mut [],
        );
        assert!(out.contains("href=\"#%E6%A6%82%E8%BF%B0-1\""), "{out}");
        // Without it the anchor is still found (by its encoding).
        let out = apply(
            html,
            page.splices(&mut space, html, &Scan::of(html), None, &[]),
            &mut [],
        );
        assert!(out.contains("href=\"#%E6%A6%82%E8%BF%B0-1\""), "{out}");
    }

    #[test]
    fn numbering_goes_on_past_ids_a_page_wrote_itself() {
        let mut space = IdSpace::default();
        let mut take = |id: &'static str| space.take(id.into());
        assert_eq!(take("概述"), None);
        assert_eq!(take("概述-2"), None);
        assert_eq!(take("概述").as_deref(), Some("概述-1"));
        assert_eq!(take("概述").as_deref(), Some("概述-3"));
        assert_eq!(take("概述-1").as_deref(), Some("概述-1-1"));
        assert_eq!(take("概述").as_deref(), Some("概述-4"));
    }

    #[test]
    fn links_rewritten_apart_are_left_alone() {
        let mut space = IdSpace::default();
        PageIds::new(&mut space, ["a"]);
        let mut page = PageIds::new(&mut space, ["a"]);
        let html = "<p><a href=\"#a\">x</a></p>";
        assert!(page
            .splices(&mut space, html, &Scan::of(html), None, &[3])
            .is_empty());
        assert_eq!(
            page.splices(&mut space, html, &Scan::of(html), None, &[])
                .len(),
            1
        );
    }
}
