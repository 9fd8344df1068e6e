//! Diagnostics a writer can act on: a code, a location, the source line with a
//! caret, and a suggestion. Collected over a whole build, sorted, then printed
//! as human text (stderr) or one JSON document (stdout).

use serde::Serialize;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable, documented diagnostic codes (they appear as `error[code]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BrokenLink => "broken-link",
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
        }
    }
}

/// Where in a source file a diagnostic points: 1-based line and column
/// (columns count characters), the text of that line and how many characters
/// to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub source_line: String,
    pub span_chars: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        if let Some(loc) = &self.location {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let before: String = loc.source_line.chars().take(loc.column - 1).collect();
            let spanned: String = loc
                .source_line
                .chars()
                .skip(loc.column - 1)
                .take(loc.span_chars.max(1))
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {}", loc.source_line);
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(before.width()),
                "^".repeat(spanned.width().max(1))
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
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The location of the byte range `start..end` (underlined up to the end
    /// of its first line).
    pub fn locate(&self, start: usize, end: usize) -> Location {
        let start = start.min(self.text.len());
        let line0 = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[line0];
        let line_end = self
            .starts
            .get(line0 + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        let span_end = end.clamp(start, line_start + line_text.len());
        Location {
            line: line0 + 1,
            column,
            source_line: line_text.to_string(),
            span_chars: self.text[start..span_end].chars().count(),
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
        assert_eq!(loc.source_line, "见[链接](x.md)");
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
}
