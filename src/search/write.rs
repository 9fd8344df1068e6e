//! Writing the search files: the index script, the term shards and the text
//! shards, handed to the caller's writer. While serving, a [`Cache`] makes
//! an update cost what its changed pages cost.

use super::{
    invert, page_table, shard_starts, shards, terms, write_index, Cache, PageEntry, PageTable,
    INDEX,
};
use crate::markdown::RenderedPage;
use crate::site::{PageId, Site};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::hash::Hasher;

/// Sizes of what [`write`] wrote, in bytes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub index_bytes: usize,
    pub term_bytes: usize,
    pub term_shards: usize,
    pub shard_bytes: usize,
    pub shards: usize,
    /// The plain text of every page, as indexed.
    pub text_bytes: usize,
}

/// What the index and the text shards read of the page at reading
/// position `i`, hashed.
fn fingerprint(
    site: &Site,
    table: &PageTable,
    order: &[PageId],
    rendered: &[RenderedPage],
    i: usize,
) -> u64 {
    let page = order[i];
    let r = &rendered[page];
    let mut h = crate::hash::Hasher::new();
    h.write(site.pages[page].title.as_bytes());
    h.write_u8(0xff);
    // Its folder and file name, as its text shard names them.
    let PageEntry(_, folder, name) = &table.pages[i];
    h.write_u32(*folder);
    h.write(name.as_bytes());
    h.write_u8(0xff);
    for heading in &r.headings {
        h.write(heading.text.as_bytes());
        h.write_u8(0xfe);
    }
    // As held: equal bytes, equal text (packing is lossless and the same
    // text packs the same), without unpacking every page on each update.
    h.write(r.text.held_bytes());
    h.finish()
}

fn fingerprints(
    site: &Site,
    table: &PageTable,
    order: &[PageId],
    rendered: &[RenderedPage],
) -> Vec<u64> {
    (0..order.len())
        .into_par_iter()
        .map(|i| fingerprint(site, table, order, rendered, i))
        .collect()
}

/// What the output folder holds of the search files when a [`Cache`] is
/// given.
#[derive(Debug, Clone, Copy)]
pub enum Output<'a> {
    /// Nothing, or nothing to keep: every file is written.
    Fresh,
    /// The files of the cache's last run, kept unless written again:
    /// only the files that differ are. `Some`: the only pages that may
    /// differ (those the engine rendered again); `None`: any page.
    Kept(Option<&'a BTreeSet<PageId>>),
}

/// Build the index and hand it, the term shards and the text shards to
/// `put` (path relative to the output root, bytes), shards in parallel. An error names the file
/// that could not be written.
///
/// `folio build` passes no cache. `folio serve` passes one: the first run
/// fills it; later runs over the same pages in the same order read again
/// only the pages that changed (those [`Output::Kept`] names, else the
/// pages whose title, place, headings or text differ) and, into a kept
/// output, write only those pages' text shards and the term shards that
/// differ.
pub fn write<F>(
    site: &Site,
    order: &[PageId],
    rendered: &[RenderedPage],
    mut cache: Option<&mut Cache>,
    output: Output,
    put: F,
) -> Result<Written, (String, std::io::Error)>
where
    F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let n = order.len();
    let (keep_old, changed) = match output {
        Output::Fresh => (false, None),
        Output::Kept(changed) => (true, changed),
    };
    let table = page_table(site, order);
    // Reading positions of the pages to read again, when the cache has the rest.
    let again: Option<Vec<u32>> = match cache.as_deref_mut() {
        Some(c) if c.order == order && c.prints.len() == n => Some(match changed {
            Some(ids) => {
                let at: Vec<u32> = (0..n as u32)
                    .filter(|&i| ids.contains(&order[i as usize]))
                    .collect();
                for &i in &at {
                    c.prints[i as usize] = fingerprint(site, &table, order, rendered, i as usize);
                }
                at
            }
            None => {
                let prints = fingerprints(site, &table, order, rendered);
                let at = (0..n as u32)
                    .filter(|&i| prints[i as usize] != c.prints[i as usize])
                    .collect();
                c.prints = prints;
                at
            }
        }),
        Some(c) => {
            c.prints = fingerprints(site, &table, order, rendered);
            None
        }
        None => None,
    };
    // The text shards need only their bounds and the page table: they are
    // written while the index is built (whose merge runs on one thread).
    let starts = shard_starts(order, rendered);
    // Files not written are kept and the shards stand: only the shards of
    // the pages read again.
    let only: Option<BTreeSet<usize>> = match (&cache, &again) {
        (Some(c), Some(again)) if keep_old && c.shards == starts => Some(
            again
                .iter()
                .map(|&i| starts.partition_point(|&s| s <= i) - 1)
                .collect(),
        ),
        _ => None,
    };
    let write_shards = || {
        (0..starts.len())
            .into_par_iter()
            .filter(|k| only.as_ref().is_none_or(|o| o.contains(k)))
            .map(|k| {
                let (start, end) = (
                    starts[k] as usize,
                    starts.get(k + 1).map_or(n, |&e| e as usize),
                );
                // A shard's texts, unpacked while its script is made.
                let texts: Vec<_> = (start..end)
                    .map(|i| rendered[order[i]].text.unpack())
                    .collect();
                let pages = (start..end).zip(&texts).map(|(i, text)| {
                    let r = &rendered[order[i]];
                    (&table.pages[i], &**text, r.headings.as_slice())
                });
                let text = shards::script(k, pages);
                let rel = super::text_shard_path(k);
                put(&rel, text.as_bytes())
                    .map(|()| text.len())
                    .map_err(|e| (rel, e))
            })
            .collect::<Result<Vec<usize>, _>>()
    };
    let write_index = || {
        let inverted = invert(
            site,
            order,
            rendered,
            cache.as_deref_mut(),
            again.as_deref(),
        );
        let mut script = Vec::with_capacity(1 << 16);
        write_index(&mut script, &table, &starts, &inverted)
            .and_then(|()| put(INDEX, &script))
            .map_err(|e| (INDEX.to_string(), e))?;
        // While serving into the old output, a term shard that did not
        // change is not written again (an edit touches a few of them). One
        // that holds the same terms as before, none of them changed, is not
        // even made again.
        let (old, old_shards) = match cache.as_deref() {
            Some(c) if keep_old => (c.term_prints.as_slice(), c.term_shards.as_slice()),
            _ => (&[][..], &[][..]),
        };
        let unchanged = |k: usize| {
            let shard = &inverted.shards[k];
            inverted.changed_terms.as_ref().is_some_and(|changed| {
                old_shards.get(k) == Some(shard) && {
                    let at = changed.partition_point(|&t| t < shard.terms.start);
                    changed.get(at).is_none_or(|&t| t >= shard.terms.end)
                }
            })
        };
        // Each script is made, hashed and written in turn: never all at once.
        let (prints, term_bytes): (Vec<u64>, Vec<usize>) = (0..inverted.shards.len())
            .into_par_iter()
            .map(|k| {
                if let Some(&print) = old.get(k).filter(|_| unchanged(k)) {
                    return Ok((print, 0));
                }
                let text = terms::script(k, &inverted.postings, &inverted.shards[k]);
                let print = crate::hash::bytes(text.as_bytes());
                if old.get(k) == Some(&print) {
                    return Ok((print, 0));
                }
                let rel = super::term_shard_path(k);
                put(&rel, text.as_bytes())
                    .map(|()| (print, text.len()))
                    .map_err(|e| (rel, e))
            })
            .collect::<Result<Vec<(u64, usize)>, _>>()?
            .into_iter()
            .unzip();
        if let Some(c) = cache.as_deref_mut() {
            c.term_prints = prints;
            c.term_shards = inverted.shards;
        }
        Ok((script.len(), term_bytes))
    };
    let (index, shard_bytes) = rayon::join(write_index, write_shards);
    let ((index_bytes, term_bytes), shard_bytes) = (index?, shard_bytes?);
    if let Some(c) = cache {
        c.order = order.to_vec();
        c.shards = starts;
    }
    Ok(Written {
        index_bytes,
        term_bytes: term_bytes.iter().sum(),
        term_shards: term_bytes.len(),
        shard_bytes: shard_bytes.iter().sum(),
        shards: shard_bytes.len(),
        text_bytes: order.iter().map(|&p| rendered[p].text.len()).sum(),
    })
}
