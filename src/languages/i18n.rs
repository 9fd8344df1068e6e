//! MkDocs' `i18n` plugin (mkdocs-static-i18n) in `mkdocs.yml`:
//! `plugins: - i18n: languages: [{locale, default, name, site_name,
//! nav_translations}]`. Only these keys are read; PyYAML allows duplicate
//! keys (`nav_translations` often has some), so maps are read entry by
//! entry, the first of a key winning.

use super::I18nLanguage;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

#[derive(Deserialize)]
struct Raw {
    plugins: Option<Plugins>,
}

/// The plugins, reduced to the i18n plugin's configuration if present.
struct Plugins(Option<Config>);

#[derive(Deserialize, Default)]
#[serde(default)]
struct Config {
    languages: Vec<RawLanguage>,
}

#[derive(Deserialize)]
struct RawLanguage {
    locale: String,
    #[serde(default)]
    default: bool,
    name: Option<String>,
    site_name: Option<String>,
    #[serde(default)]
    nav_translations: Pairs,
}

#[derive(Default)]
struct Pairs(Vec<(String, String)>);

/// The languages the `i18n` plugin of a `mkdocs.yml` names (none when the
/// plugin is absent or its configuration is not as documented).
pub fn languages(text: &str) -> Vec<I18nLanguage> {
    let Ok(raw) = serde_yaml_ng::from_str::<Raw>(text) else {
        return Vec::new();
    };
    let Some(Plugins(Some(config))) = raw.plugins else {
        return Vec::new();
    };
    config
        .languages
        .into_iter()
        .map(|l| I18nLanguage {
            locale: l.locale,
            default: l.default,
            name: l.name,
            site_name: l.site_name,
            nav_translations: l.nav_translations.0,
        })
        .collect()
}

impl<'de> Deserialize<'de> for Plugins {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Plugins;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list or map of plugins")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plugins, A::Error> {
                let mut found = None;
                while let Some(Plugins(config)) = seq.next_element::<Plugins>()? {
                    found = found.or(config);
                }
                Ok(Plugins(found))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plugins, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "i18n" && found.is_none() {
                        found = map.next_value::<Option<Config>>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Plugins(found))
            }
            // `- search`: a plugin named without configuration.
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Plugins, E> {
                Ok(Plugins(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Plugins, E> {
                Ok(Plugins(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of titles")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs: Vec<(String, String)> = Vec::new();
                while let Some((from, to)) = map.next_entry::<String, String>()? {
                    if !pairs.iter().any(|(f, _)| *f == from) {
                        pairs.push((from, to));
                    }
                }
                Ok(Pairs(pairs))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Pairs, E> {
                Ok(Pairs::default())
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_languages_with_duplicate_translations_among_other_plugins() {
        let yml = "site_name: 自学指南\nplugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n      languages:\n        - locale: zh\n          default: true\n          name: 简体中文\n        - locale: en\n          name: English\n          site_name: csdiy.wiki\n          nav_translations:\n            前言: Foreword\n            前言: Preface\n            工具: Tools\n";
        let langs = super::languages(yml);
        assert_eq!(langs.len(), 2);
        assert!(langs[0].default);
        assert_eq!(langs[1].site_name.as_deref(), Some("csdiy.wiki"));
        assert_eq!(
            langs[1].nav_translations,
            [
                ("前言".to_string(), "Foreword".to_string()),
                ("工具".to_string(), "Tools".to_string())
            ]
        );
        assert!(super::languages("plugins:\n  - search\n").is_empty());
    }
}
