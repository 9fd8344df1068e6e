//! `mkdocs.yml`, read so that a MkDocs tree builds as it is: `site_name`,
//! `docs_dir`, `nav`, `exclude_docs`, `not_in_nav` and the names of its
//! plugins. Everything else belongs to MkDocs and is ignored; the file is
//! read for those keys only and the rest is skipped unread, so Python tags
//! (`!!python/name:material.extensions.emoji.twemoji`, `!ENV`) and
//! duplicate keys there never fail the read.
//!
//! The YAML parser gives no positions for values, so an entry's line is
//! found by its text: the first line at or after the previous entry's that
//! holds its path (or its title, for a section).

use super::explicit::{ExplicitItem, ExplicitNav};
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_yaml_ng::Value;

/// The names MkDocs looks for, in its order.
pub const FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// Plugins whose effect folio has of its own (one site per language,
/// search, offline use, dates from git).
const EMULATED_PLUGINS: [&str; 5] = [
    "i18n",
    "search",
    "offline",
    "git-revision-date",
    "git-revision-date-localized",
];

/// What folio takes from a `mkdocs.yml`.
#[derive(Debug, Default)]
pub struct MkDocs {
    pub site_name: Option<String>,
    /// The content folder, relative to the file (`docs` by default).
    pub docs_dir: String,
    pub nav: Option<ExplicitNav>,
    /// `exclude_docs`, as globs over paths in the content folder.
    pub exclude_docs: Vec<String>,
    /// `not_in_nav`, as globs: pages built but kept out of the sidebar.
    pub not_in_nav: Vec<String>,
    /// Plugins named in the file that folio does not emulate, in its order.
    pub plugins: Vec<String>,
    /// The `i18n` plugin's languages (see [`crate::languages`]).
    pub i18n: Vec<crate::languages::I18nLanguage>,
}

/// The keys folio reads; the others are skipped unread (not even checked
/// for duplicate keys, which PyYAML allows and the i18n plugin's
/// `nav_translations` often has).
#[derive(Deserialize)]
struct Raw {
    site_name: Option<String>,
    docs_dir: Option<String>,
    nav: Option<Vec<Value>>,
    exclude_docs: Option<String>,
    not_in_nav: Option<String>,
    plugins: Option<Plugins>,
}

/// `plugins:` is a list of names or of one-key maps (`- search: {...}`),
/// or one map.
#[derive(Deserialize)]
#[serde(untagged)]
enum Plugins {
    List(Vec<Plugin>),
    Map(std::collections::BTreeMap<String, IgnoredAny>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Plugin {
    Name(String),
    Configured(std::collections::BTreeMap<String, IgnoredAny>),
}

impl MkDocs {
    /// Read the file's text; `shown` is its path as diagnostics show it.
    /// A file that is not YAML is a `config` error at its line.
    pub fn parse(text: &str, shown: &str) -> Result<MkDocs, Box<Diagnostic>> {
        let raw: Raw = serde_yaml_ng::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            let mut d = Diagnostic::error(Code::Config, format!("invalid YAML: {message}"))
                .with_path(shown);
            if let Some(at) = e.location() {
                let offset = at.index().min(text.len());
                d = d.at(LineIndex::new(text).locate(offset, offset));
            }
            Box::new(d)
        })?;
        let nav = raw.nav.map(|entries| {
            let mut lines = Lines::new(text);
            ExplicitNav {
                file: shown.to_string(),
                text: text.to_string(),
                items: entries.iter().filter_map(|e| item(e, &mut lines)).collect(),
            }
        });
        Ok(MkDocs {
            site_name: raw.site_name.filter(|s| !s.trim().is_empty()),
            docs_dir: raw.docs_dir.unwrap_or_else(|| "docs".into()),
            nav,
            exclude_docs: raw
                .exclude_docs
                .map(|s| gitignore_globs(&s))
                .unwrap_or_default(),
            not_in_nav: raw
                .not_in_nav
                .map(|s| gitignore_globs(&s))
                .unwrap_or_default(),
            plugins: raw.plugins.map(plugin_names).unwrap_or_default(),
            i18n: crate::languages::mkdocs_languages(text),
        })
    }

    /// The one-line note on the plugins folio does not emulate, if any.
    pub fn plugins_note(&self, shown: &str) -> Option<Diagnostic> {
        if self.plugins.is_empty() {
            return None;
        }
        Some(
            Diagnostic::warning(
                Code::NotEmulated,
                format!(
                    "MkDocs plugins folio does not emulate (their effect is missing): {}",
                    self.plugins.join(", ")
                ),
            )
            .with_path(shown),
        )
    }
}

fn untag(value: &Value) -> &Value {
    match value {
        Value::Tagged(t) => untag(&t.value),
        v => v,
    }
}

fn plugin_names(plugins: Plugins) -> Vec<String> {
    let names: Vec<String> = match plugins {
        Plugins::List(items) => items
            .into_iter()
            .filter_map(|p| match p {
                Plugin::Name(name) => Some(name),
                Plugin::Configured(m) => m.into_keys().next(),
            })
            .collect(),
        Plugins::Map(m) => m.into_keys().collect(),
    };
    names
        .into_iter()
        .filter(|n| !EMULATED_PLUGINS.contains(&n.as_str()))
        .collect()
}

/// One `nav` entry: `page.md`, `标题: page.md`, `标题: https://...` or
/// `标题: [entries]`.
fn item(entry: &Value, lines: &mut Lines) -> Option<ExplicitItem> {
    match untag(entry) {
        Value::String(target) => Some(leaf(None, target, lines)),
        Value::Mapping(m) => {
            let (key, value) = m.iter().next()?;
            let title = key.as_str()?.to_string();
            match untag(value) {
                Value::String(target) => Some(leaf(Some(title), target, lines)),
                Value::Sequence(children) => {
                    let line = lines.find(&title);
                    Some(ExplicitItem::Section {
                        title,
                        line,
                        children: children.iter().filter_map(|c| item(c, lines)).collect(),
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn leaf(title: Option<String>, target: &str, lines: &mut Lines) -> ExplicitItem {
    let line = lines.find(target);
    if target.contains("://") || target.starts_with("mailto:") {
        return ExplicitItem::External {
            title: title.unwrap_or_else(|| target.to_string()),
            url: target.to_string(),
            line,
        };
    }
    let src = target.trim_start_matches("./").trim_start_matches('/');
    ExplicitItem::Page {
        src: src.to_string(),
        title,
        line,
        children: Vec::new(),
    }
}

/// Finds entries' lines by their text, moving forward through the file
/// from its `nav:` key.
struct Lines<'a> {
    lines: Vec<&'a str>,
    /// 0-based line the next search starts at.
    next: usize,
    /// The `nav:` key's line, where an entry not found is placed.
    start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("nav:") || l.starts_with("nav :"))
            .unwrap_or(0);
        Lines {
            lines,
            next: start,
            start,
        }
    }

    /// 1-based line of the next line holding `needle` (a flow-style
    /// `nav: [a.md, b.md]` keeps several entries on one line).
    fn find(&mut self, needle: &str) -> usize {
        let from = |at: usize| (at..self.lines.len()).find(|&i| self.lines[i].contains(needle));
        match from(self.next).or_else(|| from(self.next.saturating_sub(1))) {
            Some(i) => {
                self.next = i + 1;
                i + 1
            }
            None => self.start + 1,
        }
    }
}

/// `exclude_docs` and `not_in_nav` are gitignore-style lines. As globs over
/// paths from the content root: a pattern without an inner `/` matches at
/// any depth, a leading `/` anchors it at the root, a trailing `/` (a
/// folder) is dropped since a folder's glob leaves out what it holds.
/// Negations (`!keep.md`) are not supported and are skipped.
fn gitignore_globs(lines: &str) -> Vec<String> {
    lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .map(|l| {
            let l = l.trim_end_matches('/');
            match l.strip_prefix('/') {
                Some(anchored) => anchored.to_string(),
                None if l.contains('/') => l.to_string(),
                None => format!("**/{l}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = "site_name: 示例手册\ndocs_dir: 文档\ntheme:\n  name: material\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\nplugins:\n  - search\n  - awesome-pages\n  - i18n:\n      default_language: zh\n      nav_translations:\n        前言: Foreword\n        前言: Foreword\nexclude_docs: |\n  drafts/\n  /private.md\n  *.tmp.md\nnav:\n  - 首页: index.md\n  - 指南:\n    - guide/index.md\n    - 安装: guide/install.md\n  - GitHub: https://github.com/x/y\n";

    #[test]
    fn reads_title_folder_nav_and_plugins_through_python_tags() {
        let m = MkDocs::parse(YML, "mkdocs.yml").unwrap();
        assert_eq!(m.site_name.as_deref(), Some("示例手册"));
        assert_eq!(m.docs_dir, "文档");
        assert_eq!(m.plugins, ["awesome-pages"], "i18n is emulated");
        assert_eq!(m.exclude_docs, ["**/drafts", "private.md", "**/*.tmp.md"]);
        let nav = m.nav.unwrap();
        let page = |src: &str, title: Option<&str>, line| ExplicitItem::Page {
            src: src.into(),
            title: title.map(String::from),
            line,
            children: Vec::new(),
        };
        assert_eq!(
            nav.items,
            [
                page("index.md", Some("首页"), 22),
                ExplicitItem::Section {
                    title: "指南".into(),
                    line: 23,
                    children: vec![
                        page("guide/index.md", None, 24),
                        page("guide/install.md", Some("安装"), 25)
                    ],
                },
                ExplicitItem::External {
                    title: "GitHub".into(),
                    url: "https://github.com/x/y".into(),
                    line: 26
                },
            ]
        );
    }

    #[test]
    fn invalid_yaml_is_a_config_error_at_its_line() {
        let e = MkDocs::parse("site_name: a\nnav:\n  - [b\n", "mkdocs.yml").unwrap_err();
        assert_eq!(e.code, Code::Config);
        assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
    }
}
