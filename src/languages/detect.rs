//! Which languages a tree holds: configured (`[languages]`, MkDocs' `i18n`
//! plugin) or found in its file names (`X.en.md` beside `X.md`) or its
//! top-level folders (`zh/` and `en/`).

use super::{default_name, html_lang, Convention, Language, Languages};
use crate::engine::Project;
use crate::load::Content;
use std::collections::BTreeSet;

/// One language of MkDocs' `i18n` plugin (`plugins: - i18n: languages:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct I18nLanguage {
    pub locale: String,
    pub default: bool,
    pub name: Option<String>,
    pub site_name: Option<String>,
    pub nav_translations: Vec<(String, String)>,
}

/// The languages of the content (`listing`, texts not needed); `None` for
/// a tree in one language, which is built as it always was.
pub fn detect(project: &Project, listing: &Content) -> Option<Languages> {
    let config = &project.config.languages;
    let i18n = &project.i18n;
    let default = config
        .default
        .clone()
        .or_else(|| i18n.iter().find(|l| l.default).map(|l| l.locale.clone()))
        .unwrap_or_else(|| match project.config.language {
            crate::config::Language::ZhCn => "zh".to_string(),
            crate::config::Language::En => "en".to_string(),
        });
    let folders = language_folders(listing, config);
    let convention = config.convention.or(if folders.len() >= 2 {
        Some(Convention::Folder)
    } else {
        None
    });
    let mut codes: Vec<String> = vec![default.clone()];
    let mut add = |code: &str| {
        if !codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            codes.push(code.to_string());
        }
    };
    let convention = match convention {
        Some(Convention::Folder) => {
            for f in &folders {
                // A folder configured for a language (`folder = "english"`)
                // is that language's.
                let code = config
                    .each
                    .iter()
                    .find(|(_, c)| c.folder.as_deref() == Some(f.as_str()))
                    .map_or(f.as_str(), |(code, _)| code.as_str());
                add(code);
            }
            Convention::Folder
        }
        Some(Convention::Suffix) | None => {
            for code in suffix_codes(listing) {
                add(&code);
            }
            // Configured languages without a page yet still get a site.
            for code in config.each.keys() {
                add(code);
            }
            for l in i18n {
                add(&l.locale);
            }
            Convention::Suffix
        }
    };
    if convention == Convention::Folder {
        for code in config.each.keys() {
            add(code);
        }
    }
    if codes.len() < 2 {
        return None;
    }
    let list = codes
        .into_iter()
        .map(|code| {
            let own = config.each.get(&code);
            let mk = i18n.iter().find(|l| l.locale.eq_ignore_ascii_case(&code));
            Language {
                name: own
                    .and_then(|c| c.name.clone())
                    .or_else(|| mk.and_then(|l| l.name.clone()))
                    .unwrap_or_else(|| default_name(&code)),
                title: own
                    .and_then(|c| c.title.clone())
                    .or_else(|| mk.and_then(|l| l.site_name.clone())),
                folder: (convention == Convention::Folder)
                    .then(|| own.and_then(|c| c.folder.clone()).unwrap_or(code.clone())),
                nav_translations: mk.map(|l| l.nav_translations.clone()).unwrap_or_default(),
                code,
            }
        })
        .collect();
    Some(Languages { convention, list })
}

/// Top-level folders named by a language code (or configured as one's).
fn language_folders(listing: &Content, config: &super::LanguagesConfig) -> Vec<String> {
    let configured: Vec<&str> = config
        .each
        .iter()
        .filter_map(|(code, c)| c.folder.as_deref().or(Some(code)))
        .collect();
    listing
        .folders
        .iter()
        .filter(|f| !f.is_empty() && !f.contains('/'))
        .filter(|f| html_lang(f).is_some() || configured.contains(&f.as_str()))
        .cloned()
        .collect()
}

/// Codes of `X.<code>.md` pages whose `X.md` is a page too.
fn suffix_codes(listing: &Content) -> BTreeSet<String> {
    let pages: BTreeSet<&str> = listing.pages.iter().map(|p| p.rel.as_str()).collect();
    let mut codes = BTreeSet::new();
    for rel in &pages {
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        let Some((base, code)) = stem.rsplit_once('.') else {
            continue;
        };
        if base.is_empty() || base.ends_with('/') || html_lang(code).is_none() {
            continue;
        }
        if pages.contains(format!("{base}.md").as_str()) {
            codes.insert(code.to_ascii_lowercase());
        }
    }
    codes
}
