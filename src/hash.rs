//! The one hash of folio: XXH3 (64 bits). Its output is specified and
//! the same on every platform and Rust release (std's `DefaultHasher` is
//! not), so what it keys can be kept on disk: the build cache
//! (`engine::cache`), as well as the fingerprints that let an update skip
//! unchanged pages and files.

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The hash of some bytes.
pub fn bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The hash of `parts` one after the other: that of the same bytes in one
/// (a file written in parts has the hash of the whole file).
pub fn parts(parts: &[&[u8]]) -> u64 {
    let mut h = Xxh3::new();
    for part in parts {
        h.update(part);
    }
    h.digest()
}

/// A streaming hash, for what is hashed in parts (or serialized into it,
/// through `io::Write`).
#[derive(Default, Clone)]
pub struct Hasher(Xxh3);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher::default()
    }
}

impl std::hash::Hasher for Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// The hash of `value`'s postcard encoding; `None` when it cannot be
/// encoded (postcard refuses maps and sequences of unknown length).
/// Postcard, not JSON: strings go in as their bytes after their length, so
/// no text is escaped (JSON escaping was a fifth of a serve title change),
/// and for one type the encoding is unambiguous, as JSON's was.
pub fn serialized(value: &impl serde::Serialize) -> Option<u64> {
    let mut h = Hasher::new();
    postcard::to_io(value, &mut h).ok()?;
    Some(std::hash::Hasher::finish(&h))
}

impl std::io::Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{Hash, Hasher as _};

    #[test]
    fn a_file_written_in_parts_hashes_as_written_whole() {
        let page = "<main>合作伙伴与渠道建设</main>".as_bytes();
        let whole = super::bytes(page);
        for at in [0, 1, 7, page.len() - 1, page.len()] {
            let (a, b) = page.split_at(at);
            assert_eq!(super::parts(&[a, b]), whole, "split at {at}");
            assert_eq!(super::parts(&[a, &[], b]), whole);
        }
    }

    #[test]
    fn the_hash_is_stable_across_builds_and_platforms() {
        // XXH3-64 of "folio", as the specification computes it: a change
        // here would make every cache on disk unreadable.
        assert_eq!(super::bytes(b"folio"), xxhash_rust::xxh3::xxh3_64(b"folio"));
        assert_eq!(super::bytes(b""), 0x2d06_8005_38d3_94c2);
        let mut h = super::Hasher::new();
        "folio".hash(&mut h);
        let mut again = super::Hasher::new();
        "folio".hash(&mut again);
        assert_eq!(h.finish(), again.finish());
    }
}
