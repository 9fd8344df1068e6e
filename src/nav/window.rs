//! Which entries of an open folder a page's own sidebar lists. A folder of
//! thousands of pages would otherwise put all of them in each of its pages
//! (quadratic output): past [`FULL_UP_TO`] entries a page lists a window
//! around itself, with at least [`BLOCK`] entries on each side where there
//! are, and "… N more" for the rest, which the theme's script fills in from
//! `_folio/nav.js`. Without JavaScript the folder's index page lists them
//! all.
//!
//! Pages share windows by blocks of [`BLOCK`] entries, so a folder's
//! sidebars are rendered once per block rather than once per page.

use std::ops::Range;

/// Folders with at most this many entries are listed whole.
pub const FULL_UP_TO: usize = 75;

/// Entries per block; a window is its block and one block on each side.
pub const BLOCK: usize = 25;

/// The block of the entry at `position` among `len` siblings (0 when the
/// folder is listed whole).
pub fn block_of(position: usize, len: usize) -> usize {
    if len <= FULL_UP_TO {
        0
    } else {
        position / BLOCK
    }
}

/// How many blocks (distinct windows) a folder of `len` entries has.
pub fn blocks(len: usize) -> usize {
    if len <= FULL_UP_TO {
        1
    } else {
        len.div_ceil(BLOCK)
    }
}

/// The entries listed for `block` of a folder of `len` entries.
pub fn window(block: usize, len: usize) -> Range<usize> {
    if len <= FULL_UP_TO {
        return 0..len;
    }
    let start = (block * BLOCK).saturating_sub(BLOCK).min(len);
    let end = ((block + 2) * BLOCK).min(len);
    start..end
}
