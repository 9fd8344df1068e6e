//! One site per language. A tree written in two languages (the suffix
//! convention of mkdocs-static-i18n, `页面.md` beside `页面.en.md`, or one
//! top-level folder per language, `zh/` beside `en/`) is built as one site
//! per language: the default language at the output's root, each other one
//! under `<code>/`. Each is an ordinary site built by its own engine from a
//! [`View`] of the content (the pages of that language, renamed to the
//! paths they have in that site), so navigation, folder indexes, the 404
//! page, the sitemap and the search index are per language for free.
//!
//! Pages without a twin are left out of the other languages' sites (search
//! there finds only pages in that language); a link to one from another
//! language goes to its own site (cross-language, checked like any link).

mod build;
mod config;
mod detect;
mod i18n;
mod view;

pub use build::{build, Engines};
pub use config::{Convention, LanguageConfig, LanguagesConfig};
pub use detect::{detect, I18nLanguage};
pub use i18n::languages as mkdocs_languages;
pub use view::{Translation, View};

/// Language codes folio knows, with the `lang` attribute each page gets.
const CODES: [(&str, &str); 14] = [
    ("zh", "zh-CN"),
    ("zh-cn", "zh-CN"),
    ("zh-tw", "zh-TW"),
    ("zh-hans", "zh-Hans"),
    ("zh-hant", "zh-Hant"),
    ("en", "en"),
    ("ja", "ja"),
    ("ko", "ko"),
    ("fr", "fr"),
    ("de", "de"),
    ("es", "es"),
    ("ru", "ru"),
    ("pt", "pt"),
    ("it", "it"),
];

/// The `lang` attribute of a known language code (`zh` -> `zh-CN`).
pub fn html_lang(code: &str) -> Option<&'static str> {
    let code = code.to_ascii_lowercase();
    CODES.iter().find(|(c, _)| *c == code).map(|(_, tag)| *tag)
}

/// The names a language switcher shows when none is configured.
fn default_name(code: &str) -> String {
    match code.to_ascii_lowercase().as_str() {
        "zh" | "zh-cn" | "zh-hans" => "简体中文",
        "zh-tw" | "zh-hant" => "繁體中文",
        "en" => "English",
        "ja" => "日本語",
        "ko" => "한국어",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "ru" => "Русский",
        "pt" => "Português",
        "it" => "Italiano",
        other => other,
    }
    .to_string()
}

/// One language of a multi-language tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// As file and folder names spell it (`en`).
    pub code: String,
    /// What the switcher calls it (`English`).
    pub name: String,
    /// The site title in this language, when configured.
    pub title: Option<String>,
    /// Folder convention: its top-level folder in the content.
    pub folder: Option<String>,
    /// MkDocs `nav_translations`: a `nav` title and what it reads in this
    /// language.
    pub nav_translations: Vec<(String, String)>,
}

impl Language {
    pub fn html_lang(&self) -> &'static str {
        html_lang(&self.code).unwrap_or("en")
    }

    /// The interface words' language: Chinese for Chinese, else English.
    pub fn interface(&self) -> crate::config::Language {
        if self.code.to_ascii_lowercase().starts_with("zh") {
            crate::config::Language::ZhCn
        } else {
            crate::config::Language::En
        }
    }
}

/// The languages of a tree and how its files say which is which; the
/// default language comes first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    pub convention: Convention,
    pub list: Vec<Language>,
}

impl Languages {
    pub fn default_language(&self) -> &Language {
        &self.list[0]
    }

    /// Where a language's site is written, relative to the output folder
    /// (`""` for the default, `en/` for English).
    pub fn prefix(&self, index: usize) -> String {
        if index == 0 {
            String::new()
        } else {
            format!("{}/", self.list[index].code)
        }
    }

    /// The language a file of the content belongs to (by index), with its
    /// path in that language's site; `None` for a file outside every
    /// language's folder (folder convention: shared by all).
    fn place(&self, rel: &str) -> Option<(usize, String)> {
        match self.convention {
            Convention::Folder => self.list.iter().enumerate().find_map(|(i, l)| {
                let folder = l.folder.as_deref()?;
                if rel == folder {
                    Some((i, String::new()))
                } else {
                    rel.strip_prefix(folder)
                        .and_then(|r| r.strip_prefix('/'))
                        .map(|r| (i, r.to_string()))
                }
            }),
            Convention::Suffix => {
                if !crate::load::is_markdown(rel) {
                    return None;
                }
                let (stem, ext) = rel.rsplit_once('.')?;
                let Some((base, code)) = stem.rsplit_once('.') else {
                    return Some((0, rel.to_string()));
                };
                let name_start = base.rfind('/').map_or(0, |i| i + 1);
                let found = self
                    .list
                    .iter()
                    .position(|l| l.code.eq_ignore_ascii_case(code));
                match found {
                    Some(i) if name_start < base.len() => Some((i, format!("{base}.{ext}"))),
                    _ => Some((0, rel.to_string())),
                }
            }
        }
    }
}

/// MkDocs `nav_translations`: the titles of a `nav` (pages and sections)
/// as they read in this language.
pub fn translate_nav(
    items: &mut [crate::nav::explicit::ExplicitItem],
    translations: &[(String, String)],
) {
    use crate::nav::explicit::ExplicitItem;
    if translations.is_empty() {
        return;
    }
    let translated = |title: &mut String| {
        if let Some((_, to)) = translations.iter().find(|(from, _)| from == title) {
            title.clone_from(to);
        }
    };
    for item in items {
        match item {
            ExplicitItem::Page {
                title, children, ..
            } => {
                if let Some(t) = title.as_mut() {
                    translated(t);
                }
                translate_nav(children, translations);
            }
            ExplicitItem::Section {
                title, children, ..
            } => {
                translated(title);
                translate_nav(children, translations);
            }
            ExplicitItem::External { title, .. } | ExplicitItem::Draft { title, .. } => {
                translated(title)
            }
        }
    }
}
