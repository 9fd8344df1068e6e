//! How a query is answered from the index: the reference for `search.js`,
//! which does the same in the browser (and is tested against the same
//! expectations).
//!
//! Every query token must match (AND). A pair matches its term; a word
//! matches every term it starts; a lone CJK character every term it starts.
//! A page's score for a token is the best, over the terms it matches, of
//!
//! ```text
//! idf × match × (1 + TF_STEP × tf bucket + TITLE_WEIGHT × in title + HEADING_WEIGHT × in a heading)
//! idf = ln(1 + pages / df);  match = 1, or PREFIX_MATCH for a word that only starts the term
//! ```
//!
//! and its score is the sum over the tokens.
//!
//! Pages are ordered by [`Tier`] first, then by score (ties keep reading
//! order): where the query is in a page's title or headings matters more
//! than how often it is in the text, whatever the terms' idf (a rare
//! word in the text beat a common one in a title, and a one-character
//! query matches both).

use super::encode::get_varint;
use super::index::{record_offsets, Postings, HEADING, TITLE};
use super::tokenize::{name_len, query_tokens, QueryToken};

pub const TITLE_WEIGHT: f64 = 6.0;
pub const HEADING_WEIGHT: f64 = 3.0;
pub const TF_STEP: f64 = 0.5;
pub const PREFIX_MATCH: f64 = 0.6;

/// How a page holds the query as a whole: the first key of the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Only in the text (some token in no title or heading).
    Text,
    /// Every token in the title or a heading.
    Heading,
    /// Every token in the title.
    Title,
    /// Every token in the title, and the title as long as the query
    /// ([`name_len`]): the page named after it (`风险`, `🛡️ 风险`).
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub page: u32,
    pub tier: Tier,
    pub score: f64,
}

/// One term's pages: (page, tf bucket) and (page, fields).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TermPages {
    pub pages: Vec<(u32, u8)>,
    pub fields: Vec<(u32, u8)>,
}

impl Postings {
    /// Position of `term`, or of the first term after it.
    fn lower_bound(&self, term: &str) -> usize {
        self.terms
            .partition_point(|t| t.encode_utf16().lt(term.encode_utf16()))
    }

    /// Positions of the terms `token` matches.
    pub fn matching(&self, token: &QueryToken) -> std::ops::Range<usize> {
        let text = token.text();
        let start = self.lower_bound(text);
        let end = match token {
            QueryToken::Pair(_) => {
                start + usize::from(self.terms.get(start).is_some_and(|t| t == text))
            }
            QueryToken::Word(_) | QueryToken::Char(_) => {
                start + self.terms[start..].partition_point(|t| t.starts_with(text))
            }
        };
        start..end
    }

    /// Decode the record of term `i` (`offsets` from [`record_offsets`]).
    pub fn term_pages(&self, offsets: &[usize], i: usize) -> Option<TermPages> {
        let r = self.records.get(offsets[i]..*offsets.get(i + 1)?)?;
        let mut pos = 0;
        let header = get_varint(r, &mut pos)?;
        let df = header >> 2;
        let mut out = TermPages::default();
        if header & 1 == 1 {
            let bits = r.get(pos..pos + self.pages.div_ceil(8))?;
            pos += bits.len();
            for page in 0..self.pages as u32 {
                if bits[page as usize >> 3] & (1 << (page & 7)) != 0 {
                    out.pages.push((page, 0));
                }
            }
        } else {
            out.pages = gaps(r, &mut pos, df)?;
        }
        if header & 2 == 2 {
            let n = get_varint(r, &mut pos)?;
            out.fields = gaps(r, &mut pos, n)?;
        }
        Some(out)
    }
}

fn gaps(r: &[u8], pos: &mut usize, n: u32) -> Option<Vec<(u32, u8)>> {
    let mut page = 0;
    (0..n)
        .map(|_| {
            let v = get_varint(r, pos)?;
            page += v >> 2;
            Some((page, (v & 3) as u8))
        })
        .collect()
}

/// The pages matching `query`, best first.
pub fn search(postings: &Postings, query: &str) -> Vec<Hit> {
    let tokens = query_tokens(query);
    if tokens.is_empty() {
        return Vec::new();
    }
    let n = postings.pages;
    let Some(offsets) = record_offsets(&postings.records, postings.terms.len(), n) else {
        return Vec::new();
    };
    let mut total = vec![0f64; n];
    let mut matched = vec![0usize; n];
    // Tokens found in the title, and in the title or a heading.
    let mut in_title = vec![0usize; n];
    let mut in_field = vec![0usize; n];
    for token in &tokens {
        let mut best = vec![0f64; n];
        let mut fields_of = vec![0u8; n];
        for i in postings.matching(token) {
            let Some(tp) = postings.term_pages(&offsets, i) else {
                continue;
            };
            let idf = (1.0 + n as f64 / tp.pages.len().max(1) as f64).ln();
            let exact = postings.terms[i] == token.text();
            let weight = match token {
                QueryToken::Word(_) if !exact => idf * PREFIX_MATCH,
                _ => idf,
            };
            let mut fields = tp.fields.iter().peekable();
            for &(page, tf) in &tp.pages {
                let mut s = 1.0 + TF_STEP * f64::from(tf);
                if let Some(&(_, f)) = fields.next_if(|(p, _)| *p == page) {
                    fields_of[page as usize] |= f;
                    if f & TITLE != 0 {
                        s += TITLE_WEIGHT;
                    }
                    if f & HEADING != 0 {
                        s += HEADING_WEIGHT;
                    }
                }
                let s = weight * s;
                if s > best[page as usize] {
                    best[page as usize] = s;
                }
            }
        }
        for page in 0..n {
            if best[page] > 0.0 {
                total[page] += best[page];
                matched[page] += 1;
                in_title[page] += usize::from(fields_of[page] & TITLE != 0);
                in_field[page] += usize::from(fields_of[page] != 0);
            }
        }
    }
    let query_len = name_len(query);
    let all = tokens.len();
    let mut hits: Vec<Hit> = (0..n)
        .filter(|&p| matched[p] == all)
        .map(|p| Hit {
            page: p as u32,
            tier: match (in_title[p] == all, in_field[p] == all) {
                (true, _) if postings.name_lens.get(p) == Some(&query_len) => Tier::Named,
                (true, _) => Tier::Title,
                (false, true) => Tier::Heading,
                (false, false) => Tier::Text,
            },
            score: total[p],
        })
        .collect();
    hits.sort_by(|a, b| {
        (b.tier.cmp(&a.tier))
            .then(b.score.total_cmp(&a.score))
            .then(a.page.cmp(&b.page))
    });
    hits
}
