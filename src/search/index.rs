//! The inverted index: every term of every page (title, headings and plain
//! text, tokenized by [`super::tokenize`]) with the pages it occurs in.
//!
//! Layout, read back by `search.js` and by [`super::query`]:
//!
//! - `terms`: every term, sorted by UTF-16 code units (JavaScript's string
//!   order, so the browser can binary-search them and scan prefix ranges);
//!   written front-coded (see [`front_code`]);
//! - `records`: one byte record a term, in the same order, concatenated
//!   (the reader finds where each starts by skipping through them once).
//!   A record is `varint(df << 2 | fields << 1 | bitmap)`, then the pages
//!   holding the term, then, if `fields` is 1, `varint(n)` and `n` field
//!   entries:
//!   - pages as a list: `df` varints `gap << 2 | tf`, where `gap` is the page
//!     number minus the previous one (the first counts from 0) and `tf` the
//!     number of times the term is in the text, bucketed (0: once or only
//!     in title/headings, 1: 2-3, 2: 4-7, 3: 8 or more);
//!   - or, on sites of [`BITMAP_MIN_PAGES`] pages or more and where smaller,
//!     as a bitmap of `ceil(pages / 8)` bytes (page `d` is bit `d & 7` of
//!     byte `d >> 3`), without `tf` (on small sites size matters less than
//!     ranking by counts);
//!   - field entries: `gap << 2 | fields` for the pages that have the term in
//!     their title (1) and/or a heading (2).
//!
//! Pages are numbered in reading (sidebar) order.

use super::builder::Builder;
use super::cache::{Cache, Update};
use super::encode::FxBuild;
use super::tokenize;
use rayon::prelude::*;
use std::collections::HashMap;

/// What the index needs of a page.
pub struct IndexInput<'a> {
    pub title: &'a str,
    pub headings: Vec<&'a str>,
    /// Borrowed, or unpacked for the page being read (see `PackedHtml`).
    pub text: std::borrow::Cow<'a, str>,
}

/// Sites this large store their most common terms as bitmaps.
pub const BITMAP_MIN_PAGES: usize = 1024;

pub const TITLE: u8 = 1;
pub const HEADING: u8 = 2;

#[derive(Debug, Default)]
pub struct Postings {
    pub pages: usize,
    /// Sorted by UTF-16 code units.
    pub terms: Vec<String>,
    pub records: Vec<u8>,
    /// Where each term's record starts in `records`, and last their end:
    /// known to whoever wrote them, so the shards are cut without reading
    /// the records again.
    pub offsets: Vec<usize>,
    /// Each page's title length as [`tokenize::name_len`] counts it: a page
    /// with every query token in its title and a title as long as the
    /// query is named after it, and ranks first.
    pub name_lens: Vec<u8>,
}

/// The terms of one page, each with its [`Tally`].
struct PageTerms {
    norm: String,
    terms: Vec<Tally>,
}

impl PageTerms {
    fn iter(&self) -> impl Iterator<Item = (&str, u32, u8)> {
        self.terms.iter().map(|&(start, len, tf, fields)| {
            (
                &self.norm[start as usize..(start + len) as usize],
                tf,
                fields,
            )
        })
    }
}

/// A page's count of one term: where it first is in the page's normalised
/// text (start, length), its count in the text, its fields.
type Tally = (u32, u32, u32, u8);

fn page_terms(page: &IndexInput) -> PageTerms {
    // One normalised string: title, headings, then the text.
    let mut norm = String::with_capacity(page.text.len() + page.title.len() + 64);
    let mut ranges = Vec::with_capacity(page.headings.len() + 2);
    for (s, field) in std::iter::once((page.title, TITLE))
        .chain(page.headings.iter().map(|h| (*h, HEADING)))
        .chain(std::iter::once((&*page.text, 0)))
    {
        let start = norm.len();
        tokenize::normalize_onto(s, &mut norm);
        norm.push('\n');
        ranges.push((start..norm.len(), field));
    }
    // Room to read 8 bytes from any term's start.
    norm.push_str("\n\n\n\n\n\n\n\n");
    // Terms of up to 8 bytes (a Chinese pair is 6) are counted under the
    // integer their bytes make, read straight out of the text (terms hold
    // no NUL, so the zero padding keeps them apart); longer ones under
    // their text. About one distinct term for every two or three
    // characters.
    let bytes = norm.as_bytes();
    let base = norm.as_ptr() as usize;
    let mut short: HashMap<u64, Tally, FxBuild> =
        HashMap::with_capacity_and_hasher(norm.len() / 8, FxBuild::default());
    let mut long: HashMap<&str, Tally, FxBuild> = HashMap::default();
    for (range, field) in ranges {
        tokenize::terms(&norm[range], |t| {
            let at = t.as_ptr() as usize - base;
            let first = (at as u32, t.len() as u32, 0, 0);
            let tally = if t.len() <= 8 {
                let mut word = [0u8; 8];
                word.copy_from_slice(&bytes[at..at + 8]);
                let key = u64::from_le_bytes(word) & (u64::MAX >> (64 - 8 * t.len()));
                short.entry(key).or_insert(first)
            } else {
                long.entry(t).or_insert(first)
            };
            if field == 0 {
                tally.2 += 1;
            }
            tally.3 |= field;
        });
    }
    let terms = short.into_values().chain(long.into_values()).collect();
    PageTerms { norm, terms }
}

/// Sorted terms as one string: each term is written as the number of
/// UTF-16 units it shares with the one before (a digit, at most 9; whole
/// characters only) and the rest, and terms are separated by spaces:
/// `合作 合同 p001 p002` -> `0合作 1同 0p001 32`.
pub fn front_code(terms: &[String]) -> String {
    let mut out = String::with_capacity(terms.iter().map(|t| t.len() + 2).sum());
    let mut prev = "";
    for (i, term) in terms.iter().enumerate() {
        let (mut units, mut bytes) = (0, 0);
        for (a, b) in prev.chars().zip(term.chars()) {
            if a != b || units + a.len_utf16() > 9 {
                break;
            }
            units += a.len_utf16();
            bytes += a.len_utf8();
        }
        if i > 0 {
            out.push(' ');
        }
        out.push(char::from(b'0' + units as u8));
        out.push_str(&term[bytes..]);
        prev = term;
    }
    out
}

/// Where each term's record starts (and, last, the end of the records):
/// read through the records once, as `search.js` does.
pub fn record_offsets(records: &[u8], terms: usize, pages: usize) -> Option<Vec<usize>> {
    let mut offsets = Vec::with_capacity(terms + 1);
    let mut pos = 0;
    let skip = |pos: &mut usize, n: u32| -> Option<()> {
        for _ in 0..n {
            while *records.get(*pos)? >= 0x80 {
                *pos += 1;
            }
            *pos += 1;
        }
        Some(())
    };
    for _ in 0..terms {
        offsets.push(pos);
        let header = super::encode::get_varint(records, &mut pos)?;
        if header & 1 == 1 {
            pos += pages.div_ceil(8);
        } else {
            skip(&mut pos, header >> 2)?;
        }
        if header & 2 == 2 {
            let n = super::encode::get_varint(records, &mut pos)?;
            skip(&mut pos, n)?;
        }
    }
    offsets.push(pos);
    (pos == records.len()).then_some(offsets)
}

/// Pages handed to the workers at a time: bounds the memory of term lists
/// waiting to be merged.
const CHUNK: usize = 256;

/// Index `pages` (in reading order). `input(i)` describes page `i`.
pub fn build<'a, F>(pages: usize, input: F) -> Postings
where
    F: Fn(usize) -> IndexInput<'a> + Sync,
{
    let mut postings = build_all(pages, &input, None);
    postings.name_lens = name_lens(pages, |i| input(i).title);
    postings
}

/// Index every page, and with a cache, fill it.
pub fn build_all<'a, F>(pages: usize, input: F, cache: Option<&mut Cache>) -> Postings
where
    F: Fn(usize) -> IndexInput<'a> + Sync,
{
    let mut builder = Builder::new(pages, cache.is_some());
    // Tokenize a chunk of pages in parallel while the previous one is
    // merged into the lists (in page order).
    let mut pending: Option<(usize, Vec<PageTerms>)> = None;
    let add = |builder: &mut Builder, start: usize, done: &[PageTerms]| {
        for (i, pt) in done.iter().enumerate() {
            builder.add((start + i) as u32, pt.iter());
        }
    };
    for chunk_start in (0..pages).step_by(CHUNK) {
        let chunk_end = (chunk_start + CHUNK).min(pages);
        let (terms, ()) = rayon::join(
            || {
                (chunk_start..chunk_end)
                    .into_par_iter()
                    .map(|i| page_terms(&input(i)))
                    .collect::<Vec<_>>()
            },
            || {
                if let Some((start, done)) = pending.take() {
                    add(&mut builder, start, &done);
                }
            },
        );
        pending = Some((chunk_start, terms));
    }
    if let Some((start, done)) = pending {
        add(&mut builder, start, &done);
    }
    builder.finish(cache)
}

/// Each page's title length, for [`Postings::name_lens`]: from the titles
/// alone, since making a page's whole input unpacks its text.
pub fn name_lens<'a>(pages: usize, title: impl Fn(usize) -> &'a str + Sync) -> Vec<u8> {
    (0..pages)
        .into_par_iter()
        .map(|i| tokenize::name_len(title(i)))
        .collect()
}

/// Index the pages again after an edit: the pages at `changed` (sorted)
/// are tokenized again and their terms replaced in the cache, which must
/// hold the same pages.
pub(super) fn rebuild<'a, F>(pages: usize, input: F, cache: &mut Cache, changed: &[u32]) -> Update
where
    F: Fn(usize) -> IndexInput<'a> + Sync,
{
    let fresh: Vec<PageTerms> = changed
        .par_iter()
        .map(|&i| page_terms(&input(i as usize)))
        .collect();
    let terms = fresh.iter().map(|pt| pt.iter().collect()).collect();
    cache.update(pages, changed, terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::get_varint;

    fn index(pages: &[(&str, &[&str], &str)]) -> Postings {
        build(pages.len(), |i| IndexInput {
            title: pages[i].0,
            headings: pages[i].1.to_vec(),
            text: pages[i].2.into(),
        })
    }

    fn record<'a>(p: &'a Postings, term: &str) -> &'a [u8] {
        let i = p.terms.iter().position(|t| t == term).unwrap();
        let offsets = record_offsets(&p.records, p.terms.len(), p.pages).unwrap();
        &p.records[offsets[i]..offsets[i + 1]]
    }

    #[test]
    fn terms_are_in_javascript_order() {
        // U+FA00 comes before U+20000 in code point (UTF-8) order, after it
        // in UTF-16 (JavaScript) order: U+20000 is the pair D840 DC00.
        let p = index(&[("", &[], "\u{fa00} 𠀀 ｚ"), ("", &[], "b a")]);
        assert_eq!(p.terms, ["a", "b", "z", "𠀀", "\u{fa00}"]);
    }

    #[test]
    fn records_hold_gaps_counts_and_fields() {
        let p = index(&[
            ("合作伙伴", &[], "合作"),
            ("其他", &[], "无关"),
            ("项目", &["合作方式"], "合作 合作 合作"),
        ]);
        let r = record(&p, "合作");
        let mut pos = 0;
        let mut next = || get_varint(r, &mut pos).unwrap();
        assert_eq!(next(), (2 << 2) | 2, "two pages, as a list, with fields");
        assert_eq!(next(), 0, "page 0, once");
        assert_eq!(next(), (2 << 2) | 1, "page 2 (gap 2), three times");
        assert_eq!(next(), 2, "two pages with the term in a field");
        assert_eq!(next(), u32::from(TITLE));
        assert_eq!(next(), (2 << 2) | u32::from(HEADING));
        assert_eq!(pos, r.len());
    }

    #[test]
    fn short_and_long_terms_are_counted_wherever_they_are() {
        // 作 ends the text (no 8 bytes after it), 作 and 合作 come twice,
        // the 9-byte word twice, the 8-byte one once in a heading.
        let p = index(&[("", &["abcdefgh"], "合作 abcdefghi 合作 abcdefghi 作")]);
        let tf = |term: &str| {
            let r = record(&p, term);
            let mut pos = 0;
            let header = get_varint(r, &mut pos).unwrap();
            assert_eq!(header >> 2, 1, "{term}: one page");
            get_varint(r, &mut pos).unwrap() & 3
        };
        assert_eq!(tf("作"), 1, "three times: bucket 2-3");
        assert_eq!(tf("合作"), 1);
        assert_eq!(tf("abcdefghi"), 1);
        assert_eq!(tf("abcdefgh"), 0, "only in a heading");
        assert_eq!(p.terms, ["abcdefgh", "abcdefghi", "作", "合作"]);
    }

    #[test]
    fn common_terms_become_bitmaps_on_large_sites() {
        let texts: Vec<String> = (0..BITMAP_MIN_PAGES)
            .map(|i| format!("{} x{i}", if i % 2 == 0 { "共同" } else { "" }))
            .collect();
        let pages: Vec<(&str, &[&str], &str)> =
            texts.iter().map(|t| ("", &[][..], t.as_str())).collect();
        let p = index(&pages);
        let r = record(&p, "共同");
        let mut pos = 0;
        assert_eq!(get_varint(r, &mut pos), Some((512 << 2) | 1), "a bitmap");
        assert_eq!(&r[pos..pos + 2], [0x55, 0x55], "every other page");
        assert_eq!(r.len(), pos + BITMAP_MIN_PAGES / 8, "no field entries");
        let small = index(&pages[..64]);
        assert_eq!(record(&small, "共同")[0], 32 << 2, "a list on small sites");
    }

    #[test]
    fn terms_are_front_coded_by_whole_characters() {
        let terms: Vec<String> = [
            "p001",
            "p002",
            "合作",
            "合同",
            "𠀀a",
            "𠀁b",
            "abcdefghijkl",
            "abcdefghijkm",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            front_code(&terms),
            "0p001 32 0合作 1同 0𠀀a 0𠀁b 0abcdefghijkl 9jkm"
        );
    }

    #[test]
    fn record_offsets_walk_every_kind_of_record() {
        let p = index(&[("甲乙", &["丙"], "甲乙 丁"), ("", &[], "甲乙")]);
        let offsets = record_offsets(&p.records, p.terms.len(), p.pages).unwrap();
        assert_eq!(offsets.len(), p.terms.len() + 1);
        assert_eq!(*offsets.last().unwrap(), p.records.len());
        let cut = &p.records[..p.records.len() - 1];
        assert!(record_offsets(cut, p.terms.len(), p.pages).is_none());
    }
}
