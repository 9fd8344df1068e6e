//! Diagnostics a writer can act on: a code, a location, the source line with a
//! caret, and a suggestion. Collected over a whole build, sorted, then printed
//! as human text (stderr) or one JSON document (stdout).

use serde::Serialize;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable, documented diagnostic codes (they appear as `error[code]`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A link to a page, folder or file that does not exist (or is a draft).
    BrokenLink,
    /// A `#fragment` that names no heading of the target page.
    BrokenAnchor,
    /// A relative link that climbs out of the repository (or, outside git,
    /// the site root).
    LinkOutsideRoot,
    /// A link to a file that exists but is never published: hidden, not
    /// tracked by git, a symlink out of the repository.
    PrivateFile,
    /// Links into the repository's web pages (`../../issues`) while
    /// `repo-url` is not set.
    RepoUrl,
    /// A file that could not be read.
    ReadError,
    /// Images loaded from other hosts (they do not show without internet).
    ExternalImage,
    /// A file or folder left out: a symlink leaving the content folder or
    /// leading nowhere, something that is not a regular file or folder, a
    /// name that is not UTF-8.
    Skipped,
    /// A Markdown file that is not valid UTF-8.
    InvalidUtf8,
    /// Front matter that does not parse.
    FrontMatter,
    /// Two index pages for one folder (README.md wins).
    IndexClash,
    /// A static `.html` file at the output path of a page (`index.html`
    /// next to `README.md`): the page is published, the file is not.
    HtmlClash,
    /// A theme template that fails to compile or render.
    Template,
    /// `folio.toml` is invalid.
    Config,
    /// The output folder cannot be used or written.
    Output,
    /// A formula that cannot be rendered (its TeX source is shown).
    Math,
    /// An entry of another tool's navigation file (mkdocs.yml `nav`,
    /// `SUMMARY.md`) that names no page.
    NavEntry,
    /// What another tool's configuration asks for that folio does not do
    /// (MkDocs plugins).
    NotEmulated,
    /// A link from a published page to a page, folder or file the audience
    /// build leaves out (shown as plain text).
    LinkToExcluded,
    /// An audience passage marker that is misplaced, nested or unclosed.
    AudienceMarker,
    /// `folio pdf` found no browser, or the browser could not print.
    Browser,
    /// The build cache could not be read (corrupt, from another folio or
    /// site: it is ignored) or written.
    Cache,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BrokenLink => "broken-link",
            Code::LinkToExcluded => "link-to-excluded",
            Code::AudienceMarker => "audience-marker",
            Code::BrokenAnchor => "broken-anchor",
            Code::LinkOutsideRoot => "link-outside-root",
            Code::PrivateFile => "private-file",
            Code::RepoUrl => "repo-url",
            Code::ReadError => "read-error",
            Code::ExternalImage => "external-image",
            Code::Skipped => "skipped",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::FrontMatter => "front-matter",
            Code::IndexClash => "index-clash",
            Code::HtmlClash => "html-clash",
            Code::Template => "template",
            Code::Config => "config",
            Code::Output => "output",
            Code::Math => "math",
            Code::NavEntry => "nav-entry",
            Code::NotEmulated => "not-emulated",
            Code::Browser => "browser",
            Code::Cache => "cache",
        }
    }
}

/// Where in a source file a diagnostic points: 1-based line and column
/// (columns count characters), the text of that line and how many characters
/// to underline. Every location on one line shares that line's text (a page
/// with thousands of links on one line keeps it once, not once a link).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub source_line: Arc<str>,
    /// Byte offset of `column` in `source_line`, so that printing a window
    /// of a long line needs no counting from its start.
    pub column_byte: usize,
    /// Characters to underline, counted up to `MAX_SPAN_CHARS`.
    pub span_chars: usize,
}

/// Longer spans are underlined this far (a caret line never grows with the
/// input; nested images can make spans cover the rest of a page).
const MAX_SPAN_CHARS: usize = 120;

/// Source lines longer than this many characters are shown as a window
/// around the column, so that the report stays linear in the input.
const MAX_SHOWN_CHARS: usize = 160;
/// How much of a long line is shown before the column.
const WINDOW_BEFORE_CHARS: usize = 40;

impl Location {
    /// The location at 1-based `column` (in characters) of `source_line`,
    /// a line known only as text (a template's).
    pub fn in_line(line: usize, source_line: &str, column: usize, span_chars: usize) -> Self {
        let column_byte = source_line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(source_line.len(), |(i, _)| i);
        Location {
            line,
            column: source_line[..column_byte].chars().count() + 1,
            source_line: source_line.into(),
            column_byte,
            span_chars: span_chars.min(MAX_SPAN_CHARS),
        }
    }

    /// The part of the line to show, with the caret's offset and length in
    /// display columns.
    fn shown(&self) -> ShownLine<'_> {
        let line = &*self.source_line;
        let at = self.column_byte.min(line.len());
        let long = line.chars().nth(MAX_SHOWN_CHARS).is_some();
        let start = if long {
            line[..at]
                .char_indices()
                .rev()
                .nth(WINDOW_BEFORE_CHARS - 1)
                .map_or(0, |(i, _)| i)
        } else {
            0
        };
        let end = if long {
            line[at..]
                .char_indices()
                .nth(MAX_SHOWN_CHARS - WINDOW_BEFORE_CHARS)
                .map_or(line.len(), |(i, _)| at + i)
        } else {
            line.len()
        };
        let spanned: String = line[at..end].chars().take(self.span_chars.max(1)).collect();
        ShownLine {
            cut_before: start > 0,
            text: &line[start..end],
            cut_after: end < line.len(),
            caret_at: line[start..at].width(),
            caret_len: spanned.width().max(1),
        }
    }
}

/// What a report shows of a source line.
struct ShownLine<'a> {
    cut_before: bool,
    text: &'a str,
    cut_after: bool,
    caret_at: usize,
    caret_len: usize,
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// The file, as the user would open it (relative to the working directory).
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The link target as written, for link diagnostics.
    pub target: Option<String>,
    pub suggestion: Option<String>,
    #[serde(skip)]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            target: None,
            suggestion: None,
            location: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.line = Some(location.line);
        self.column = Some(location.column);
        self.location = Some(location);
        self
    }

    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub fn with_suggestion(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize, Severity, Code) {
        (
            self.path.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
            self.code,
        )
    }

    /// `error[code]: message`, ` --> path:line:col`, the source line with a
    /// caret under the span, and `= help: did you mean ...`.
    pub fn render_human(&self) -> String {
        self.render_human_after(None)
    }

    /// As [`Self::render_human`], after `previous` in a report: a line
    /// `previous` already showed is not shown again (thousands of links on
    /// one line print it once).
    pub fn render_human_after(&self, previous: Option<&Diagnostic>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code.as_str(), self.message);
        if let Some(path) = &self.path {
            match (self.line, self.column) {
                (Some(l), Some(c)) => {
                    let _ = writeln!(out, "  --> {path}:{l}:{c}");
                }
                _ => {
                    let _ = writeln!(out, "  --> {path}");
                }
            }
        }
        let shown_before = previous
            .is_some_and(|p| p.path == self.path && p.location.is_some() && p.line == self.line);
        if let Some(loc) = self.location.as_ref().filter(|_| !shown_before) {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let shown = loc.shown();
            let (before, after) = (
                if shown.cut_before { "…" } else { "" },
                if shown.cut_after { "…" } else { "" },
            );
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {before}{}{after}", shown.text);
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(before.width() + shown.caret_at),
                "^".repeat(shown.caret_len)
            );
        }
        if let Some(s) = &self.suggestion {
            let pad = self
                .location
                .as_ref()
                .map_or(0, |l| l.line.to_string().len());
            let _ = writeln!(out, "{} = help: did you mean `{s}`?", " ".repeat(pad));
        }
        out
    }
}

/// All diagnostics of one run, sorted by path, line and column.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn counts(&self) -> Counts {
        let errors = self.items.iter().filter(|d| d.is_error()).count();
        Counts {
            errors,
            warnings: self.items.len() - errors,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
}

/// Byte offset -> (line, column) for one source text. Columns count
/// characters, lines count `\n` (so CRLF files work too).
///
/// Locating offsets in increasing order (links in document order) costs
/// time linear in the text: the last line located is kept, with its text
/// shared by every location on it, and columns are counted on from the last
/// offset instead of from the line's start.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    last: RefCell<Option<LastLocated>>,
}

/// The line last located, and how far into it columns were counted.
struct LastLocated {
    line0: usize,
    text: Arc<str>,
    byte: usize,
    column: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            last: RefCell::new(None),
        }
    }

    /// The location of the byte range `start..end` (underlined up to the end
    /// of its first line). Offsets inside a character or a line break are
    /// moved back to the character's start.
    pub fn locate(&self, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(self.text, start);
        let line0 = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[line0];
        let line_end = self
            .starts
            .get(line0 + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        // An offset on the line's `\r` points at its end.
        let in_line = (start - line_start).min(line_text.len());
        let mut last = self.last.borrow_mut();
        let reuse = last
            .as_ref()
            .filter(|l| l.line0 == line0 && l.byte <= in_line);
        let (shared, from_byte, from_column) = match reuse {
            Some(l) => (Arc::clone(&l.text), l.byte, l.column),
            None => (Arc::from(line_text), 0, 0),
        };
        let column = from_column + line_text[from_byte..in_line].chars().count();
        let span_end = floor_char_boundary(line_text, end.saturating_sub(line_start)).max(in_line);
        let span_chars = line_text[in_line..span_end]
            .chars()
            .take(MAX_SPAN_CHARS)
            .count();
        *last = Some(LastLocated {
            line0,
            text: Arc::clone(&shared),
            byte: in_line,
            column,
        });
        Location {
            line: line0 + 1,
            column: column + 1,
            source_line: shared,
            column_byte: in_line,
            span_chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_and_handles_crlf() {
        let text = "# 标题\r\n\r\n见[链接](x.md)\r\n";
        let idx = LineIndex::new(text);
        let start = text.find('[').unwrap();
        let end = text.find(')').unwrap() + 1;
        let loc = idx.locate(start, end);
        assert_eq!((loc.line, loc.column), (3, 2));
        assert_eq!(&*loc.source_line, "见[链接](x.md)");
        assert_eq!(loc.span_chars, 10);
    }

    #[test]
    fn human_rendering_puts_the_caret_under_wide_characters() {
        let text = "见[链接](x.md)";
        let loc = LineIndex::new(text).locate(3, text.len());
        let d = Diagnostic::warning(Code::BrokenLink, "no page at `x.md`")
            .with_path("content/a.md")
            .at(loc)
            .with_suggestion(Some("y.md".into()));
        let shown = d.render_human();
        assert_eq!(
            shown,
            "warning[broken-link]: no page at `x.md`\n  --> content/a.md:1:2\n  |\n1 | 见[链接](x.md)\n  |   ^^^^^^^^^^^^\n  = help: did you mean `y.md`?\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let text = format!("{}[链](x.md){}", "甲".repeat(500), "乙".repeat(500));
        let start = text.find('[').unwrap();
        let loc = LineIndex::new(&text).locate(start, start + "[链](x.md)".len());
        assert_eq!((loc.line, loc.column, loc.span_chars), (1, 501, 9));
        let shown = Diagnostic::warning(Code::BrokenLink, "m")
            .at(loc)
            .render_human();
        let lines: Vec<&str> = shown.lines().collect();
        let window = format!("…{}[链](x.md){}…", "甲".repeat(40), "乙".repeat(111));
        assert_eq!(lines[2], format!("1 | {window}"));
        // "…" is one column wide, each 甲 two.
        assert_eq!(
            lines[3],
            format!("  | {}{}", " ".repeat(81), "^".repeat(10))
        );
    }

    #[test]
    fn consecutive_diagnostics_on_one_line_show_it_once() {
        let text = "[a](x.md) [b](y.md)\n[c](z.md)\n";
        let idx = LineIndex::new(text);
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            let d = Diagnostic::warning(Code::BrokenLink, "m").with_path("p.md");
            d.at(idx.locate(i, i + 9))
        };
        let (a, b, c) = (at("[a]"), at("[b]"), at("[c]"));
        assert!(Arc::ptr_eq(
            &a.location.as_ref().unwrap().source_line,
            &b.location.as_ref().unwrap().source_line
        ));
        assert!(a.render_human().contains("1 | [a](x.md) [b](y.md)\n"));
        assert_eq!(
            b.render_human_after(Some(&a)),
            "warning[broken-link]: m\n  --> p.md:1:11\n"
        );
        assert!(c.render_human_after(Some(&b)).contains("2 | [c](z.md)\n"));
    }
}
