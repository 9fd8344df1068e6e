//! `[languages]` in `folio.toml`: the default language, the convention,
//! and per language (`[languages.en]`) its name, title and folder.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, rename_all = "kebab-case")]
pub struct LanguagesConfig {
    /// The language at the site's root (`zh`); else MkDocs' default, else
    /// the un-suffixed pages' (`language`).
    pub default: Option<String>,
    /// How files say their language; detected when left out.
    pub convention: Option<Convention>,
    /// `[languages.<code>]`.
    #[serde(flatten)]
    pub each: BTreeMap<String, LanguageConfig>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    /// `页面.md` beside `页面.en.md`.
    Suffix,
    /// One top-level folder per language (`zh/`, `en/`).
    Folder,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LanguageConfig {
    /// What the language switcher calls it (`English`).
    pub name: Option<String>,
    /// The site title in this language.
    pub title: Option<String>,
    /// Folder convention: its folder in the content (the code by default).
    pub folder: Option<String>,
}
