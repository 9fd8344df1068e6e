//! Ids unique across one print document. Every page keeps the ids it has on
//! the site where no earlier page took them; a later page's duplicate gets
//! `-1`, `-2`, ... as GitHub de-duplicates within a page. Each page's map
//! from its own ids to the document's is what links into it are written
//! with.

use crate::links::rewrite::Splice;
use crate::markdown::{escape_attr, unescape_attr};
use crate::site::urls;
use memchr::memmem::Finder;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The ids taken in one document.
#[derive(Default)]
pub struct IdSpace {
    taken: HashSet<String>,
    /// The last `N` given to each wanted id: a document of fifty pages that
    /// each have `## 概述` would otherwise try `概述-1`, `概述-2`, ... again
    /// for every page (quadratic).
    last: HashMap<String, usize>,
}

impl IdSpace {
    /// Take `wanted`, or the first free `wanted-N`.
    pub fn take(&mut self, wanted: &str) -> String {
        if !self.taken.contains(wanted) {
            self.taken.insert(wanted.to_string());
            return wanted.to_string();
        }
        // Every `wanted-N` below the last one given is taken already (the
        // set only grows), so the search goes on from there.
        let n = self.last.entry(wanted.to_string()).or_default();
        loop {
            *n += 1;
            let id = format!("{wanted}-{n}");
            if !self.taken.contains(&id) {
                self.taken.insert(id.clone());
                return id;
            }
        }
    }
}

/// One page's ids: as on the site -> in the document.
#[derive(Default)]
pub struct PageIds {
    map: HashMap<String, String>,
}

impl PageIds {
    /// Give the page's known ids (headings, raw-HTML anchors) their
    /// document ids, in page order.
    pub fn new<'a>(space: &mut IdSpace, ids: impl IntoIterator<Item = &'a str>) -> PageIds {
        let mut map = HashMap::new();
        for id in ids {
            if !map.contains_key(id) {
                map.insert(id.to_string(), space.take(id));
            }
        }
        PageIds { map }
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.map.get(id).map(String::as_str)
    }

    /// The splices that write the document's ids into `html` (one of this
    /// page's bodies): every `id="…"`, and every `href="#…"` whose tag does
    /// not start at one of `links` (the page's links, rewritten apart). An
    /// id the page did not declare (a footnote's) is taken now.
    pub fn splices(&mut self, space: &mut IdSpace, html: &str, links: &[usize]) -> Vec<Splice> {
        let mut splices = Vec::new();
        for value in attribute_values(html, &ID) {
            let id = unescape_attr(&html[value.clone()]);
            let new = match self.map.get(id.as_ref()) {
                Some(new) if *new == *id => continue,
                Some(new) => new.clone(),
                None => {
                    let new = space.take(&id);
                    self.map.insert(id.to_string(), new.clone());
                    if new == *id {
                        continue;
                    }
                    new
                }
            };
            splices.push(Splice {
                range: value,
                text: escape_attr(&new),
            });
        }
        for value in attribute_values(html, &HREF) {
            let tag = memchr::memrchr(b'<', &html.as_bytes()[..value.start]).unwrap_or(0);
            if links.binary_search(&tag).is_ok() {
                continue;
            }
            let id = urls::decode(&unescape_attr(&html[value.clone()]));
            if let Some(new) = self.map.get(&id).filter(|new| **new != id) {
                splices.push(Splice {
                    range: value,
                    text: escape_attr(&urls::encode_fragment(new)),
                });
            }
        }
        splices
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
        let splices = second.splices(&mut space, html, &[]);
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
    fn numbering_goes_on_past_ids_a_page_wrote_itself() {
        let mut space = IdSpace::default();
        assert_eq!(space.take("概述"), "概述");
        assert_eq!(space.take("概述-2"), "概述-2");
        assert_eq!(space.take("概述"), "概述-1");
        assert_eq!(space.take("概述"), "概述-3");
        assert_eq!(space.take("概述-1"), "概述-1-1");
        assert_eq!(space.take("概述"), "概述-4");
    }

    #[test]
    fn links_rewritten_apart_are_left_alone() {
        let mut space = IdSpace::default();
        PageIds::new(&mut space, ["a"]);
        let mut page = PageIds::new(&mut space, ["a"]);
        let html = "<p><a href=\"#a\">x</a></p>";
        assert!(page.splices(&mut space, html, &[3]).is_empty());
        assert_eq!(page.splices(&mut space, html, &[]).len(), 1);
    }
}
