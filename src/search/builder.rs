//! Collecting the postings: page by page, in reading order, each term's
//! list grows by one entry a page (see [`super::index`] for the format).
//!
//! `folio build` turns lists into bitmaps as soon as they grow larger than
//! one (less memory). `folio serve` keeps every list whole and hands the
//! terms to a [`Cache`].

use super::cache::Cache;
use super::encode::{get_varint, put_varint, FxBuild};
use super::index::{Postings, BITMAP_MIN_PAGES};
use std::collections::HashMap;

/// A term of up to 16 bytes (nearly all: a Chinese pair is 6) packed into
/// one integer, hashed and compared as one. Terms hold no NUL, so the zero
/// padding keeps packed terms distinct.
#[inline]
fn packed(term: &str) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes
        .get_mut(..term.len())?
        .copy_from_slice(term.as_bytes());
    Some(u128::from_le_bytes(bytes))
}

/// Term text to id and id to text: the builder's and the cache's.
#[derive(Default)]
pub(super) struct TermTable {
    packed: HashMap<u128, u32, FxBuild>,
    long: HashMap<Box<str>, u32, FxBuild>,
    pub(super) names: Vec<Box<str>>,
}

impl TermTable {
    /// The id of `term`, and whether it was new (ids count up from 0).
    #[inline]
    pub(super) fn id(&mut self, term: &str) -> (u32, bool) {
        let next = self.names.len() as u32;
        let id = match packed(term) {
            Some(key) => *self.packed.entry(key).or_insert(next),
            None => match self.long.get(term) {
                Some(&id) => id,
                None => *self.long.entry(term.into()).or_insert(next),
            },
        };
        if id == next {
            self.names.push(term.into());
        }
        (id, id == next)
    }
}

/// The term table with each term's list.
#[derive(Default)]
pub(super) struct Terms {
    pub(super) table: TermTable,
    lists: Vec<List>,
}

impl Terms {
    fn id(&mut self, term: &str) -> u32 {
        let (id, new) = self.table.id(term);
        if new {
            self.lists.push(List::default());
        }
        id
    }
}

#[derive(Default)]
pub(super) struct List {
    df: u32,
    next: u32,
    /// The gap list (`gap << 2 | tf bucket`), until it grows larger than a
    /// bitmap, when it may become one (for good: lists only grow).
    bytes: Vec<u8>,
    bitmap: Option<Box<[u8]>>,
    fields: u32,
    field_next: u32,
    field_bytes: Vec<u8>,
}

impl List {
    /// Add the next page; `bitmap_len` 0: never turn into a bitmap.
    fn push(&mut self, page: u32, bucket: u32, fields: u32, bitmap_len: usize) {
        self.df += 1;
        if fields != 0 {
            put_varint(
                &mut self.field_bytes,
                ((page - self.field_next) << 2) | fields,
            );
            self.field_next = page;
            self.fields += 1;
        }
        if let Some(bits) = &mut self.bitmap {
            bits[page as usize >> 3] |= 1 << (page & 7);
            return;
        }
        put_varint(&mut self.bytes, ((page - self.next) << 2) | bucket);
        self.next = page;
        if bitmap_len > 0 && self.bytes.len() > bitmap_len {
            self.bitmap = Some(bitmap_of(&self.bytes, self.df, bitmap_len));
            self.bytes = Vec::new();
        }
    }

    /// The entries of a list kept whole: (page, tf bucket), (page, fields).
    pub(super) fn entries(&self) -> [Vec<(u32, u32)>; 2] {
        [
            gaps(&self.bytes, self.df).collect(),
            gaps(&self.field_bytes, self.fields).collect(),
        ]
    }

    /// The record: `varint(df << 2 | fields << 1 | bitmap)`, the pages as
    /// a list or (where smaller, on large sites) a bitmap, the field entries.
    fn record(&self, out: &mut Vec<u8>, bitmap_len: usize) {
        let bitmap = self.bitmap.is_some() || (bitmap_len > 0 && self.bytes.len() > bitmap_len);
        let fields = self.fields > 0;
        put_varint(
            out,
            (self.df << 2) | (u32::from(fields) << 1) | u32::from(bitmap),
        );
        match &self.bitmap {
            Some(bits) => out.extend_from_slice(bits),
            None if bitmap => out.extend_from_slice(&bitmap_of(&self.bytes, self.df, bitmap_len)),
            None => out.extend_from_slice(&self.bytes),
        }
        if fields {
            put_varint(out, self.fields);
            out.extend_from_slice(&self.field_bytes);
        }
    }

    fn record_len(&self, bitmap_len: usize) -> usize {
        if self.df == 0 {
            return 0;
        }
        let pages = match &self.bitmap {
            Some(b) => b.len(),
            None if bitmap_len > 0 && self.bytes.len() > bitmap_len => bitmap_len,
            None => self.bytes.len(),
        };
        let fields = if self.fields > 0 {
            varint_len(self.fields) + self.field_bytes.len()
        } else {
            0
        };
        varint_len(self.df << 2) + pages + fields
    }
}

fn bitmap_of(bytes: &[u8], df: u32, len: usize) -> Box<[u8]> {
    let mut bits = vec![0u8; len].into_boxed_slice();
    for (p, _) in gaps(bytes, df) {
        bits[p as usize >> 3] |= 1 << (p & 7);
    }
    bits
}

/// A record from whole entries: the pages (sorted) with their tf buckets,
/// and (page, fields) entries. The same bytes [`List::record`] writes for
/// the same list: a bitmap where the list would be larger, on large sites.
pub(super) fn record_of(
    pages: &[u32],
    buckets: &[u8],
    fields: &[(u32, u32)],
    bitmap_len: usize,
) -> Vec<u8> {
    if pages.is_empty() {
        return Vec::new();
    }
    let entries = || {
        let mut prev = 0;
        pages.iter().zip(buckets).map(move |(&p, &b)| {
            let v = ((p - prev) << 2) | u32::from(b);
            prev = p;
            v
        })
    };
    // The list's length, counted only as far as it takes to tell.
    let mut list_len = 0;
    for v in entries() {
        list_len += varint_len(v);
        if bitmap_len > 0 && list_len > bitmap_len {
            break;
        }
    }
    let bitmap = bitmap_len > 0 && list_len > bitmap_len;
    let mut out = Vec::with_capacity(8 + list_len.min(bitmap_len.max(1)) + 3 * fields.len());
    put_varint(
        &mut out,
        ((pages.len() as u32) << 2) | (u32::from(!fields.is_empty()) << 1) | u32::from(bitmap),
    );
    if bitmap {
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &p in pages {
            out[start + (p as usize >> 3)] |= 1 << (p & 7);
        }
    } else {
        for v in entries() {
            put_varint(&mut out, v);
        }
    }
    if !fields.is_empty() {
        put_varint(&mut out, fields.len() as u32);
        let mut prev = 0;
        for &(p, f) in fields {
            put_varint(&mut out, ((p - prev) << 2) | f);
            prev = p;
        }
    }
    out
}

pub(super) fn varint_len(v: u32) -> usize {
    (32 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// How often a term is in the text, in four steps.
pub(super) fn tf_bucket(tf: u32) -> u32 {
    match tf {
        0..=1 => 0,
        2..=3 => 1,
        4..=7 => 2,
        _ => 3,
    }
}

/// The `n` entries of a gap list: (page, low two bits).
fn gaps(bytes: &[u8], n: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut pos = 0;
    let mut page = 0;
    (0..n).map_while(move |_| {
        let v = get_varint(bytes, &mut pos)?;
        page += v >> 2;
        Some((page, v & 3))
    })
}

pub(super) fn bitmap_len(pages: usize) -> usize {
    if pages >= BITMAP_MIN_PAGES {
        pages.div_ceil(8)
    } else {
        0
    }
}

pub(super) fn utf16_order(names: &[Box<str>]) -> impl Fn(&u32, &u32) -> std::cmp::Ordering + '_ {
    |&a, &b| {
        names[a as usize]
            .encode_utf16()
            .cmp(names[b as usize].encode_utf16())
    }
}

pub(super) struct Builder {
    terms: Terms,
    pages: usize,
    /// Keep whole lists (for a cache) rather than turning them into bitmaps.
    keep: bool,
}

impl Builder {
    pub(super) fn new(pages: usize, keep: bool) -> Builder {
        Builder {
            terms: Terms::default(),
            pages,
            keep,
        }
    }

    /// Add the next page: its terms with their count in the text and fields.
    pub(super) fn add<'t>(&mut self, page: u32, terms: impl Iterator<Item = (&'t str, u32, u8)>) {
        let convert = if self.keep { 0 } else { bitmap_len(self.pages) };
        for (term, tf, fields) in terms {
            let id = self.terms.id(term);
            self.terms.lists[id as usize].push(page, tf_bucket(tf), u32::from(fields), convert);
        }
    }

    /// The postings of every term; with a cache, what it needs goes into it.
    pub(super) fn finish(self, cache: Option<&mut Cache>) -> Postings {
        let bitmap_len = bitmap_len(self.pages);
        let terms = self.terms;
        let names = &terms.table.names;
        let mut sorted: Vec<u32> = (0..names.len() as u32).collect();
        sorted.sort_by(utf16_order(names));
        match cache {
            None => {
                let mut out = Postings {
                    pages: self.pages,
                    terms: Vec::with_capacity(sorted.len()),
                    records: Vec::with_capacity(
                        terms.lists.iter().map(|l| l.record_len(bitmap_len)).sum(),
                    ),
                    offsets: Vec::with_capacity(sorted.len() + 1),
                    name_lens: Vec::new(),
                };
                for id in sorted {
                    out.offsets.push(out.records.len());
                    terms.lists[id as usize].record(&mut out.records, bitmap_len);
                    out.terms.push(names[id as usize].to_string());
                }
                out.offsets.push(out.records.len());
                out
            }
            Some(cache) => cache.fill(self.pages, terms.table, terms.lists, sorted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_lengths() {
        for v in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, v);
            assert_eq!(varint_len(v), bytes.len(), "{v}");
        }
    }
}
