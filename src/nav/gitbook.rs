//! GitBook's book files: `.gitbook.yaml` (GitBook today: `root`,
//! `structure.summary`) and `book.json` (GitBook 2 and 3, still how many
//! Chinese books are laid out: `title`, `root`, `structure.summary`). The
//! summary itself is read as mdBook's (`mdbook::summary`).

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::Deserialize;
use std::path::Path;

/// Looked for in this order, in the folder being built.
pub const FILES: [&str; 2] = [".gitbook.yaml", "book.json"];

/// What folio takes from a GitBook file; the rest (plugins, styles) is
/// GitBook's.
#[derive(Debug, PartialEq, Eq)]
pub struct GitBook {
    pub title: Option<String>,
    /// The content folder, relative to the file (`.` by default).
    pub root: String,
    /// The summary, relative to `root` (`SUMMARY.md` by default).
    pub summary: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Raw {
    title: Option<String>,
    root: Option<String>,
    structure: Structure,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Structure {
    summary: Option<String>,
}

impl GitBook {
    /// `file` says which of the two formats `text` is in; `shown` is its
    /// path as diagnostics show it. A file that does not parse is a
    /// `config` error at its line.
    pub fn parse(file: &Path, text: &str, shown: &str) -> Result<GitBook, Box<Diagnostic>> {
        let invalid = |what: &str, message: String, offset: usize| {
            let offset = offset.min(text.len());
            Box::new(
                Diagnostic::error(Code::Config, format!("invalid {what}: {message}"))
                    .with_path(shown)
                    .at(LineIndex::new(text).locate(offset, offset)),
            )
        };
        let raw: Raw = if file.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(text).map_err(|e| {
                // serde_json counts lines from 1 and columns in bytes.
                let line_start: usize = text
                    .split_inclusive('\n')
                    .take(e.line().saturating_sub(1))
                    .map(str::len)
                    .sum();
                invalid(
                    "JSON",
                    e.to_string(),
                    line_start + e.column().saturating_sub(1),
                )
            })?
        } else {
            // An empty `.gitbook.yaml` asks for every default.
            serde_yaml_ng::from_str::<Option<Raw>>(text)
                .map_err(|e| {
                    let at = e.location().map_or(0, |l| l.index());
                    invalid("YAML", e.to_string(), at)
                })?
                .unwrap_or_default()
        };
        Ok(GitBook {
            title: raw.title.filter(|t| !t.trim().is_empty()),
            root: clean(raw.root.as_deref().unwrap_or(".")),
            summary: clean(raw.structure.summary.as_deref().unwrap_or("SUMMARY.md")),
        })
    }
}

/// `./docs/` -> `docs`, `./` -> `.`: GitBook writes paths either way.
fn clean(path: &str) -> String {
    let trimmed = path.trim().trim_start_matches("./").trim_matches('/');
    match trimmed {
        "" => ".".to_string(),
        t => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_json_and_gitbook_yaml() {
        let json = GitBook::parse(
            Path::new("book.json"),
            r#"{"title": "Docker 从入门到实践", "plugins": ["github"]}"#,
            "book.json",
        )
        .unwrap();
        assert_eq!(json.title.as_deref(), Some("Docker 从入门到实践"));
        assert_eq!(
            (json.root.as_str(), json.summary.as_str()),
            (".", "SUMMARY.md")
        );
        let yaml = GitBook::parse(
            Path::new(".gitbook.yaml"),
            "root: ./docs/\nstructure:\n  summary: toc.md\n",
            ".gitbook.yaml",
        )
        .unwrap();
        assert_eq!(
            (yaml.root.as_str(), yaml.summary.as_str()),
            ("docs", "toc.md")
        );
        let empty = GitBook::parse(Path::new(".gitbook.yaml"), "", ".gitbook.yaml").unwrap();
        assert_eq!(empty.root, ".");
    }

    #[test]
    fn a_broken_file_is_a_config_error_at_its_line() {
        let err = GitBook::parse(Path::new("book.json"), "{\n  \"title\": ,\n}", "book.json")
            .unwrap_err();
        assert_eq!(err.code, Code::Config);
        assert_eq!(err.line, Some(2));
    }
}
