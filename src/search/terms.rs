//! The inverted index in term shards, so that a query loads only the terms
//! it needs: `_folio/search/terms-<k>.js`, each a run of consecutive terms
//! (in the index's order, UTF-16 code units) with their records, of about
//! [`SHARD_BYTES`]:
//!
//! ```js
//! (window.FOLIO_SEARCH_TERMS=window.FOLIO_SEARCH_TERMS||{})[3]=
//!   {"terms":"0合作 1同 …","records":"base64…"};
//! ```
//!
//! `terms` is front-coded from the shard's first term on
//! ([`super::index::front_code`]); `records` are the terms' records
//! ([`super::index`]), whose bitmaps are as long as the site has pages
//! (`pages` in `index.js`). `index.js` lists each shard's first term: the
//! terms a query token matches are in the shard of the last first term not
//! after it, and, for a prefix, in the following shards whose first term
//! it starts.

use super::encode::Base64;
use super::index::{front_code, Postings};
use serde::Serialize;
use std::ops::Range;

/// Records and terms a shard holds, about: a Chinese pair's shard loads
/// and decodes in a few milliseconds, and even at 100,000 pages (where a
/// common term's bitmap is 12.5 KB) it holds dozens of terms, so a
/// one-character prefix rarely spans more than two.
pub const SHARD_BYTES: usize = 96 * 1024;

/// One term shard: its terms (positions in the postings' terms) and their
/// records (a byte range of the postings' records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermShard {
    pub terms: Range<usize>,
    pub records: Range<usize>,
}

/// Cut the postings into shards of consecutive terms: a shard ends after
/// the term that takes it to [`SHARD_BYTES`] (so none is empty, and a term
/// larger than that is a shard of its own). No terms: no shard.
pub fn partition(postings: &Postings) -> Vec<TermShard> {
    let n = postings.terms.len();
    let offsets = &postings.offsets;
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for i in 0..n {
        size += postings.terms[i].len() + 1 + offsets[i + 1] - offsets[i];
        if size >= SHARD_BYTES || i + 1 == n {
            out.push(TermShard {
                terms: start..i + 1,
                records: offsets[start]..offsets[i + 1],
            });
            (start, size) = (i + 1, 0);
        }
    }
    if let Some(last) = out.last_mut() {
        last.records.end = postings.records.len();
    }
    out
}

#[derive(Serialize)]
struct ShardScript<'a> {
    terms: String,
    records: Base64<'a>,
}

/// The script of term shard `k`.
pub fn script(k: usize, postings: &Postings, shard: &TermShard) -> String {
    let body = ShardScript {
        terms: front_code(&postings.terms[shard.terms.clone()]),
        records: Base64(&postings.records[shard.records.clone()]),
    };
    let mut out = format!("(window.FOLIO_SEARCH_TERMS=window.FOLIO_SEARCH_TERMS||{{}})[{k}]=");
    // Terms are letters, digits and CJK: never U+2028 or U+2029.
    out.push_str(&serde_json::to_string(&body).unwrap_or_else(|_| "{}".into()));
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{build, record_offsets, IndexInput};

    fn postings(texts: &[String]) -> Postings {
        build(texts.len(), |i| IndexInput {
            title: "",
            headings: Vec::new(),
            text: texts[i].as_str().into(),
        })
    }

    #[test]
    fn shards_are_runs_of_terms_that_together_are_the_index() {
        // 3,000 distinct words of 7 bytes and 3 record bytes: about 11
        // bytes a term, 8,937 terms a shard.
        let texts: Vec<String> = (0..30)
            .map(|p| (0..100).map(|w| format!("w{p:02}x{w:03} ")).collect())
            .collect();
        let p = postings(&texts);
        let shards = partition(&p);
        assert_eq!(shards.len(), 1 + 3000 * 11 / SHARD_BYTES);
        assert_eq!(shards[0].terms.start, 0);
        assert_eq!(shards.last().unwrap().terms.end, p.terms.len());
        assert_eq!(shards.last().unwrap().records.end, p.records.len());
        for pair in shards.windows(2) {
            assert_eq!(pair[0].terms.end, pair[1].terms.start, "consecutive terms");
            assert_eq!(pair[0].records.end, pair[1].records.start);
        }
        for s in &shards[..shards.len() - 1] {
            let bytes: usize = p.terms[s.terms.clone()].iter().map(|t| t.len() + 1).sum();
            let size = bytes + s.records.len();
            assert!((SHARD_BYTES..SHARD_BYTES + 16).contains(&size), "{size}");
        }
        // Each shard's records are read back by the offsets of its terms alone.
        for s in &shards {
            let r = &p.records[s.records.clone()];
            assert!(record_offsets(r, s.terms.len(), p.pages).is_some());
        }
    }

    #[test]
    fn a_small_site_has_one_shard_and_no_terms_none() {
        let p = postings(&["合作 伙伴".to_string()]);
        assert_eq!(
            partition(&p),
            [TermShard {
                terms: 0..p.terms.len(),
                records: 0..p.records.len()
            }]
        );
        assert_eq!(partition(&postings(&[String::new()])), []);
        assert_eq!(
            script(0, &p, &partition(&p)[0]),
            "(window.FOLIO_SEARCH_TERMS=window.FOLIO_SEARCH_TERMS||{})[0]=\
             {\"terms\":\"0伙伴 0伴 0作 0合作\",\"records\":\"BAAEAAQABAA=\"};\n",
            "one page each, once"
        );
    }
}
