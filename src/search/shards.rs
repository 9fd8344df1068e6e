//! The pages as results show them, in shard scripts that the browser loads
//! only for the pages in its results: `_folio/search/text-<k>.js`, each a
//! run of the same number of consecutive pages (reading order), holding
//! about [`SHARD_BYTES`] of text on average:
//!
//! ```js
//! (window.FOLIO_SEARCH_TEXT=window.FOLIO_SEARCH_TEXT||{})[3]=[
//!   ["合作伙伴总览", 1, "index.html", "plain text\nof the page…",
//!    [[120,"-合作伙伴全景"], …]], …];
//! ```
//!
//! Each page is its title, folder (position in `index.js`'s folders) and
//! file name (percent-encoded: the URL is the folder's prefix and the
//! name), its plain text, and its headings below the title: where each
//! starts in the text (in UTF-16 code units, JavaScript's string offsets)
//! and its id, percent-encoded for a URL fragment, so that a result links
//! to the heading above its match. (The page table was in `index.js` before
//! format version 2: 11 MB at 100,000 pages.)

use super::PageEntry;
use crate::markdown::Heading;
use crate::site::urls::encode_fragment;
use serde::Serialize;

/// Text a shard holds on average, about. A page of results needs up to ten
/// shards: at this size they parse in a few milliseconds each, and a site
/// has one shard file per 50-100 KB of text (about 600 for 10,000 pages).
pub const SHARD_BYTES: usize = 48 * 1024;
/// At most this many pages a shard.
pub const SHARD_PAGES: usize = 128;

/// The first page of each shard, given every page's text length. Every
/// shard has the same number of pages: the power of two nearest to
/// `SHARD_BYTES` over the mean page text. So an edit to a page's text
/// (while serving) changes only its own shard: the others keep their pages
/// and their bytes, and the size rarely moves to the next power of two.
pub fn partition(lengths: impl IntoIterator<Item = usize>) -> Vec<u32> {
    let lengths: Vec<usize> = lengths.into_iter().collect();
    let total: usize = lengths.iter().sum();
    let per = (SHARD_BYTES * lengths.len()) as f64 / total.max(1) as f64;
    let per = (2f64.powf(per.max(1.0).log2().round()) as usize).clamp(1, SHARD_PAGES);
    (0..lengths.len()).step_by(per).map(|i| i as u32).collect()
}

/// Headings below level 1 as (UTF-16 offset in `text`, fragment). A heading
/// is found where its text fills a line, after the previous one; one not
/// found that way is left out.
pub fn heading_offsets(text: &str, headings: &[Heading]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let (mut pos, mut units_at_pos) = (0usize, 0u32);
    for h in headings {
        if h.text.is_empty() {
            continue;
        }
        let Some(at) = line_at(text, pos, &h.text) else {
            continue;
        };
        units_at_pos += utf16_len(&text[pos..at]);
        pos = at;
        if h.level > 1 {
            out.push((units_at_pos, encode_fragment(&h.id)));
        }
    }
    out
}

fn line_at(text: &str, from: usize, line: &str) -> Option<usize> {
    let mut search = from;
    while let Some(i) = text[search..].find(line) {
        let at = search + i;
        let end = at + line.len();
        let starts_line = at == 0 || text.as_bytes()[at - 1] == b'\n';
        let ends_line = end == text.len() || text.as_bytes()[end] == b'\n';
        if starts_line && ends_line {
            return Some(at);
        }
        search = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// UTF-16 units: one per character, two for those beyond the BMP (4 UTF-8
/// bytes). Counted on bytes, which the compiler vectorizes.
fn utf16_len(s: &str) -> u32 {
    s.bytes()
        .map(|b| u32::from((b & 0xC0) != 0x80) + u32::from(b >= 0xF0))
        .sum()
}

#[derive(Serialize)]
struct ShardPage<'a>(&'a str, u32, &'a str, &'a str, Vec<(u32, String)>);

/// The script of shard `k`, holding `pages` as (entry, text, headings).
pub fn script<'a>(
    k: usize,
    pages: impl Iterator<Item = (&'a PageEntry<'a>, &'a str, &'a [Heading])>,
) -> String {
    let pages: Vec<ShardPage> = pages
        .map(|(entry, text, headings)| {
            let offsets = heading_offsets(text, headings);
            ShardPage(&entry.0, entry.1, &entry.2, text, offsets)
        })
        .collect();
    // Sized up front: a few large strings, not a doubling series of them.
    let estimate: usize = pages
        .iter()
        .map(|p| {
            let text = p.3.len() + p.3.len() / 16;
            text + p.0.len() + p.2.len() + p.4.iter().map(|h| h.1.len() + 16).sum::<usize>() + 24
        })
        .sum();
    let mut out = String::with_capacity(estimate + 80);
    out.push_str(&format!(
        "(window.FOLIO_SEARCH_TEXT=window.FOLIO_SEARCH_TEXT||{{}})[{k}]="
    ));
    // (`to_string`, not `to_writer` into bytes: no second UTF-8 check.)
    out.push_str(&serde_json::to_string(&pages).unwrap_or_else(|_| "[]".into()));
    out.push_str(";\n");
    js_safe(out)
}

/// JSON is JavaScript but for U+2028 and U+2029, which older engines do
/// not accept raw in a string.
pub fn js_safe(json: String) -> String {
    // Two single-character searches (memchr) are faster than one for either.
    if json.contains('\u{2028}') || json.contains('\u{2029}') {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, text: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: text.into(),
            offset: 0,
        }
    }

    #[test]
    fn utf16_lengths_count_astral_characters_twice() {
        for s in [
            "",
            "abc",
            "合作伙伴",
            "🚀 路线图",
            "𠀀é\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            assert_eq!(utf16_len(s) as usize, s.encode_utf16().count(), "{s:?}");
        }
    }

    #[test]
    fn headings_are_found_on_their_own_line_in_utf16_units() {
        let text = "标题\n正文提到概述两字。\n概述\n𠀀 emoji\n风险 评估\n";
        let hs = [
            heading(1, "标题", "标题"),
            heading(2, "概述", "概述"),
            heading(3, "风险-评估", "风险 评估"),
            heading(2, "missing", "不在正文"),
        ];
        let found = heading_offsets(text, &hs);
        assert_eq!(
            found,
            [
                (13, "%E6%A6%82%E8%BF%B0".to_string()),
                (25, "%E9%A3%8E%E9%99%A9-%E8%AF%84%E4%BC%B0".to_string())
            ]
        );
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[13..15]), "概述");
        assert_eq!(String::from_utf16_lossy(&units[25..27]), "风险");
    }

    #[test]
    fn fragments_are_percent_encoded() {
        let found = heading_offsets("a b\n", &[heading(2, "a b", "a b")]);
        assert_eq!(found, [(0, "a%20b".to_string())]);
    }

    #[test]
    fn shards_hold_a_power_of_two_pages_by_mean_text_size() {
        assert_eq!(partition([]), Vec::<u32>::new());
        let kb = |n: usize| n * 1024;
        assert_eq!(
            partition(vec![kb(4); 40]),
            [0, 16, 32],
            "48/4 = 12: 16 pages"
        );
        assert_eq!(
            partition(vec![kb(5); 40]),
            [0, 8, 16, 24, 32],
            "48/5 = 9.6: 8 pages"
        );
        assert_eq!(
            partition(vec![kb(100); 3]),
            [0, 1, 2],
            "large pages: one a shard"
        );
        assert_eq!(
            partition(vec![0; 300]),
            [0, 128, 256],
            "no text: at most 128"
        );
        // A small edit moves no page to another shard.
        let mut edited = vec![kb(4); 40];
        edited[20] = kb(9);
        assert_eq!(partition(edited), [0, 16, 32]);
    }

    #[test]
    fn shard_scripts_are_plain_javascript() {
        let entry = PageEntry("标题\u{2029}".into(), 2, "a%20b.html".into());
        let s = script(3, [(&entry, "a\u{2028}\"b", &[][..])].into_iter());
        assert_eq!(
            s,
            "(window.FOLIO_SEARCH_TEXT=window.FOLIO_SEARCH_TEXT||{})[3]=\
             [[\"标题\\u2029\",2,\"a%20b.html\",\"a\\u2028\\\"b\",[]]];\n"
        );
    }
}
