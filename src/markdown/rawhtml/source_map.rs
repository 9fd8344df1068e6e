//! Where a byte of a raw-HTML fragment stands in the page source. The
//! parser hands an HTML block over line by line, each line a slice of the
//! source, but inside a list or block quote a multi-line inline tag comes
//! with its continuation lines' indentation or `> ` stripped: those lines
//! are matched to source lines by their ends.

use std::ops::Range;

#[derive(Debug, Default)]
pub struct SourceMap {
    /// Pieces of the fragment in order, each a run of bytes found verbatim
    /// at `source` in the page.
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Piece {
    fragment: usize,
    source: usize,
}

impl SourceMap {
    /// Add `text`, which the parser took from `range` of `source`, after
    /// what the fragment holds (`at`: its length so far).
    pub fn push(&mut self, at: usize, text: &str, source: &str, range: Range<usize>) {
        let written = source.get(range.clone()).unwrap_or("");
        if written == text {
            self.pieces.push(Piece {
                fragment: at,
                source: range.start,
            });
            return;
        }
        let mut source_lines = written.split_inclusive('\n');
        let mut source_at = range.start;
        let mut fragment_at = at;
        for line in text.split_inclusive('\n') {
            let source_line = source_lines.next().unwrap_or("");
            // The fragment's line is the source line less a prefix.
            let skipped = if source_line.ends_with(line) {
                source_line.len() - line.len()
            } else {
                0
            };
            self.pieces.push(Piece {
                fragment: fragment_at,
                source: source_at + skipped,
            });
            fragment_at += line.len();
            source_at += source_line.len();
        }
    }

    /// The source offset of fragment byte `at`.
    pub fn source(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.fragment <= at);
        match i.checked_sub(1).map(|i| &self.pieces[i]) {
            Some(piece) => piece.source + (at - piece.fragment),
            None => self.pieces.first().map_or(0, |p| p.source),
        }
    }

    pub fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.source(r.start);
        start..start.max(self.source(r.end.saturating_sub(1)) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripped_prefixes_are_found_again() {
        let source = "- a\n\n  <img src=\"x\"\n    alt=\"y\">\n";
        let start = source.find('<').unwrap();
        let text = "<img src=\"x\"\n  alt=\"y\">";
        let mut map = SourceMap::default();
        map.push(0, text, source, start..source.len() - 1);
        let alt = text.find("alt").unwrap();
        assert_eq!(&source[map.source(alt)..map.source(alt) + 3], "alt");
        assert_eq!(map.source(1), start + 1);
    }

    #[test]
    fn verbatim_lines_map_one_to_one() {
        let source = "> <p>\n> <a href=\"g.md\">\n";
        let mut map = SourceMap::default();
        map.push(0, "<p>\n", source, 2..6);
        map.push(4, "<a href=\"g.md\">\n", source, 8..24);
        let href = "<p>\n<a href=\"".len();
        assert_eq!(map.range(&(href..href + 4)), 17..21);
        assert_eq!(&source[17..21], "g.md");
    }
}
