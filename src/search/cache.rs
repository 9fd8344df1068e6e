//! What `folio serve` keeps between updates so that an edit re-indexes only
//! the pages it changed: every term's pages as sorted arrays (with counts
//! and fields) and its record as last written. A body edit then touches the
//! few hundred terms of the changed pages; the index is the records put
//! together again, byte for byte what a fresh build writes.
//!
//! Memory: about five bytes a page of each term (some 30 MB for the
//! 10,000-page reference corpus), kept only while serving.

use super::builder::{bitmap_len, record_of, tf_bucket, utf16_order, List, TermTable};
use super::index::Postings;
use super::terms::TermShard;
use rayon::prelude::*;

#[derive(Default)]
pub struct Cache {
    /// The site's reading order (page ids) when the cache was filled.
    pub(super) order: Vec<usize>,
    /// The first page of each text shard then.
    pub(super) shards: Vec<u32>,
    /// A hash of each page's title, headings and text then (reading order).
    pub(super) prints: Vec<u64>,
    /// A hash of each term shard's script as last written.
    pub(super) term_prints: Vec<u64>,
    /// The term shards then.
    pub(super) term_shards: Vec<TermShard>,
    table: TermTable,
    terms: Vec<Kept>,
    /// Term ids sorted by their text's UTF-16 units.
    sorted: Vec<u32>,
}

/// One term: its pages (sorted) and the tf bucket of each, the pages with
/// the term in a field (page, fields), and its record (empty when on no
/// page).
#[derive(Default)]
struct Kept {
    pages: Vec<u32>,
    buckets: Vec<u8>,
    fields: Vec<(u32, u32)>,
    record: Box<[u8]>,
}

impl Kept {
    fn has_any(&self, pages: &[u32]) -> bool {
        pages.iter().any(|p| self.pages.binary_search(p).is_ok())
    }

    fn record(&self, bitmap_len: usize) -> Box<[u8]> {
        record_of(&self.pages, &self.buckets, &self.fields, bitmap_len).into_boxed_slice()
    }

    /// Whether the record holds its pages as a bitmap (which has no tf
    /// buckets): the header's lowest bit.
    fn is_bitmap(&self) -> bool {
        self.record.first().is_some_and(|b| b & 1 == 1)
    }

    /// Put `page` on the term with its tf bucket and fields (0: none), in
    /// place when it was on it already; whether the record changes.
    fn set(&mut self, page: u32, bucket: u8, fields: u32) -> bool {
        let fields_changed = match (self.fields.binary_search_by_key(&page, |e| e.0), fields) {
            (Ok(at), 0) => {
                self.fields.remove(at);
                true
            }
            (Ok(at), f) => std::mem::replace(&mut self.fields[at].1, f) != f,
            (Err(_), 0) => false,
            (Err(at), f) => {
                self.fields.insert(at, (page, f));
                true
            }
        };
        match self.pages.binary_search(&page) {
            Ok(at) => {
                let bucket_changed = std::mem::replace(&mut self.buckets[at], bucket) != bucket;
                // A bucket never changes a list's length (a varint's length
                // does not depend on its two lowest bits), so a bitmap stays one.
                fields_changed || (bucket_changed && !self.is_bitmap())
            }
            Err(at) => {
                self.pages.insert(at, page);
                self.buckets.insert(at, bucket);
                true
            }
        }
    }

    /// Take `page` off the term; whether it was on it.
    fn take(&mut self, page: u32) -> bool {
        if let Ok(at) = self.fields.binary_search_by_key(&page, |e| e.0) {
            self.fields.remove(at);
        }
        match self.pages.binary_search(&page) {
            Ok(at) => {
                self.pages.remove(at);
                self.buckets.remove(at);
                true
            }
            Err(_) => false,
        }
    }
}

/// A changed page's entry for a term, as an update puts it.
struct Entry {
    term: u32,
    page: u32,
    bucket: u8,
    fields: u32,
}

/// A term an update looked at: whether its record changed, and whether it
/// came onto the site or left it.
struct Touched {
    term: u32,
    dirty: bool,
    moved: bool,
}

/// What an update changed: the postings, and the terms whose records
/// differ (positions in the postings' terms, sorted), when every other
/// term kept its position, its record and so its bytes.
pub(super) struct Update {
    pub(super) postings: Postings,
    /// `None` when a term came onto the site or left it: the positions
    /// after it moved.
    pub(super) changed_terms: Option<Vec<usize>>,
}

impl Cache {
    /// The search files its last run left in the output folder (paths
    /// relative to the output root).
    pub fn files(&self) -> Vec<String> {
        let text = (0..self.shards.len()).map(super::text_shard_path);
        let terms = (0..self.term_shards.len()).map(super::term_shard_path);
        std::iter::once(super::INDEX.to_string())
            .chain(text)
            .chain(terms)
            .collect()
    }

    /// Take the term table and whole lists of a full build.
    pub(super) fn fill(
        &mut self,
        pages: usize,
        table: TermTable,
        lists: Vec<List>,
        sorted: Vec<u32>,
    ) -> Postings {
        let bitmap_len = bitmap_len(pages);
        self.terms = lists
            .into_par_iter()
            .map(|list| {
                let [entries, fields] = list.entries();
                let mut kept = Kept {
                    pages: entries.iter().map(|e| e.0).collect(),
                    buckets: entries.iter().map(|e| e.1 as u8).collect(),
                    fields,
                    record: Box::default(),
                };
                kept.record = kept.record(bitmap_len);
                kept
            })
            .collect();
        self.table = table;
        self.sorted = sorted;
        self.postings(pages)
    }

    /// The ids of the terms on some page, in the postings' order.
    fn live(&self) -> impl Iterator<Item = u32> + '_ {
        self.sorted
            .iter()
            .copied()
            .filter(|&id| !self.terms[id as usize].pages.is_empty())
    }

    /// The postings from the records kept.
    fn postings(&self, pages: usize) -> Postings {
        let live: Vec<u32> = self.live().collect();
        let mut out = Postings {
            pages,
            terms: Vec::with_capacity(live.len()),
            records: Vec::with_capacity(
                live.iter()
                    .map(|&id| self.terms[id as usize].record.len())
                    .sum(),
            ),
            offsets: Vec::with_capacity(live.len() + 1),
            name_lens: Vec::new(),
        };
        for id in live {
            out.offsets.push(out.records.len());
            out.records
                .extend_from_slice(&self.terms[id as usize].record);
            out.terms.push(self.table.names[id as usize].to_string());
        }
        out.offsets.push(out.records.len());
        out
    }

    fn id(&mut self, term: &str) -> u32 {
        let (id, new) = self.table.id(term);
        if !new {
            return id;
        }
        self.terms.push(Kept::default());
        let at = self
            .sorted
            .binary_search_by(|x| utf16_order(&self.table.names)(x, &id))
            .unwrap_or_else(|i| i);
        self.sorted.insert(at, id);
        id
    }

    /// Replace the terms of the pages at `changed` (reading positions,
    /// sorted) with `fresh` (their terms now: term, count in the text,
    /// fields). The site must have the pages the cache has. Only the terms
    /// whose entry for a changed page differs are encoded again: a body edit
    /// leaves most of its page's terms as they were.
    pub(super) fn update(
        &mut self,
        pages: usize,
        changed: &[u32],
        fresh: Vec<Vec<(&str, u32, u8)>>,
    ) -> Update {
        // The changed pages' entries, by term and page (ids made first:
        // the table grows one term at a time).
        let mut entries: Vec<Entry> = Vec::new();
        for (&page, terms) in changed.iter().zip(fresh) {
            for (term, tf, fields) in terms {
                entries.push(Entry {
                    term: self.id(term),
                    page,
                    bucket: tf_bucket(tf) as u8,
                    fields: u32::from(fields),
                });
            }
        }
        entries.sort_unstable_by_key(|e| (e.term, e.page));
        let bitmap_len = bitmap_len(pages);
        // Each term on its own, in parallel: the lists are long, and
        // finding a page in them is most of the work.
        let touched: Vec<Touched> = self
            .terms
            .par_iter_mut()
            .enumerate()
            .filter_map(|(id, kept)| {
                let id = id as u32;
                let from = entries.partition_point(|e| e.term < id);
                let mine = &entries[from..from + entries[from..].partition_point(|e| e.term == id)];
                if mine.is_empty() && !kept.has_any(changed) {
                    return None;
                }
                let was_on_site = !kept.pages.is_empty();
                let mut dirty = false;
                let mut next = mine.iter().peekable();
                for &page in changed {
                    dirty |= match next.next_if(|e| e.page == page) {
                        Some(e) => kept.set(page, e.bucket, e.fields),
                        None => kept.take(page),
                    };
                }
                if dirty {
                    kept.record = kept.record(bitmap_len);
                }
                let on_site = !kept.pages.is_empty();
                Some(Touched {
                    term: id,
                    dirty,
                    moved: was_on_site != on_site,
                })
            })
            .collect();
        let moved = touched.iter().any(|t| t.moved);
        let dirty: Vec<u32> = touched.iter().filter(|t| t.dirty).map(|t| t.term).collect();
        let changed_terms = (!moved).then(|| {
            self.live()
                .enumerate()
                .filter(|(_, id)| dirty.binary_search(id).is_ok())
                .map(|(position, _)| position)
                .collect()
        });
        Update {
            postings: self.postings(pages),
            changed_terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::builder::Builder;
    use super::super::index::BITMAP_MIN_PAGES;
    use super::*;

    fn build(pages: &[Vec<(&str, u32, u8)>], cache: Option<&mut Cache>) -> Postings {
        let mut b = Builder::new(pages.len(), cache.is_some());
        for (i, p) in pages.iter().enumerate() {
            b.add(i as u32, p.iter().copied());
        }
        b.finish(cache)
    }

    #[test]
    fn an_update_gives_the_postings_of_a_fresh_build() {
        // Enough pages for bitmaps: 共同 is on every page, 偶数 on every other.
        let mut pages: Vec<Vec<(&str, u32, u8)>> = (0..BITMAP_MIN_PAGES)
            .map(|i| {
                let mut p = vec![("共同", 1 + i as u32 % 9, 0)];
                if i % 2 == 0 {
                    p.push(("偶数", 2, 2));
                }
                p
            })
            .collect();
        pages[7].push(("稀有", 1, 1));
        let mut cache = Cache::default();
        let first = build(&pages, Some(&mut cache));
        assert_eq!(
            first.records,
            build(&pages, None).records,
            "kept lists, same bytes"
        );
        // Page 7 loses 稀有 and gains 新词; page 8 loses 偶数.
        pages[7] = vec![("共同", 3, 0), ("新词", 1, 1)];
        pages[8] = vec![("共同", 1, 0)];
        let fresh = vec![pages[7].clone(), pages[8].clone()];
        let update = cache.update(pages.len(), &[7, 8], fresh);
        assert_eq!(update.changed_terms, None, "a term came, one went");
        let (updated, full) = (update.postings, build(&pages, None));
        assert_eq!(updated.terms, full.terms);
        assert_eq!(updated.terms, ["偶数", "共同", "新词"], "稀有 is gone");
        assert_eq!(updated.records, full.records);
        assert_eq!(updated.offsets, full.offsets);
    }

    #[test]
    fn a_list_that_shrinks_below_a_bitmap_becomes_a_list_again() {
        // 常见 on 200 of 1024 pages (a bitmap: 200 list bytes > 128), then
        // on 100 (a list: 100 bytes).
        let on = |n: usize| -> Vec<Vec<(&str, u32, u8)>> {
            (0..BITMAP_MIN_PAGES)
                .map(|i| {
                    if i < n {
                        vec![("常见", 1, 0)]
                    } else {
                        vec![("别的", 1, 0)]
                    }
                })
                .collect()
        };
        let mut cache = Cache::default();
        build(&on(200), Some(&mut cache));
        let changed: Vec<u32> = (100..200).collect();
        let fresh = vec![vec![("别的", 1, 0)]; 100];
        let updated = cache.update(BITMAP_MIN_PAGES, &changed, fresh).postings;
        assert_eq!(updated.records, build(&on(100), None).records);
    }

    #[test]
    fn an_update_names_only_the_terms_whose_records_changed() {
        // 共同 on every page (a bitmap, which holds no tf buckets), 少见 on
        // ten (a list, which does), 标题 in the title of page 3.
        let mut pages: Vec<Vec<(&str, u32, u8)>> = (0..BITMAP_MIN_PAGES)
            .map(|i| {
                let mut p = vec![("共同", 1, 0)];
                if i < 10 {
                    p.push(("少见", 1, 0));
                }
                p
            })
            .collect();
        pages[3].push(("标题", 1, 1));
        let mut cache = Cache::default();
        build(&pages, Some(&mut cache));
        // Page 3 says 共同 and 少见 more often; 标题 stays as it was.
        pages[3] = vec![("共同", 9, 0), ("少见", 9, 0), ("标题", 1, 1)];
        let update = cache.update(pages.len(), &[3], vec![pages[3].clone()]);
        let full = build(&pages, None);
        assert_eq!(full.terms, ["共同", "少见", "标题"]);
        assert_eq!(update.changed_terms, Some(vec![1]), "少见's list alone");
        assert_eq!(update.postings.records, full.records);
        // Page 3's title loses 标题's field: only its record changes.
        pages[3][2] = ("标题", 1, 0);
        let update = cache.update(pages.len(), &[3], vec![pages[3].clone()]);
        assert_eq!(update.changed_terms, Some(vec![2]));
        assert_eq!(update.postings.records, build(&pages, None).records);
        // Page 5 leaves 少见: its record changes, no term moves.
        pages[5].retain(|t| t.0 != "少见");
        let update = cache.update(pages.len(), &[5], vec![pages[5].clone()]);
        assert_eq!(update.changed_terms, Some(vec![1]));
        assert_eq!(update.postings.records, build(&pages, None).records);
    }
}
