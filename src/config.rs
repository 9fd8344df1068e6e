//! `folio.toml`: optional, strict (unknown keys are errors naming the key, its
//! line and the allowed keys), kebab-case, with defaults for everything.

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "folio.toml";

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Site title shown in the header and the browser tab.
    pub title: String,
    /// Interface language: `zh-CN` (default) or `en`.
    pub language: Language,
    /// Absolute URL the site is published at; used only for `sitemap.xml`
    /// and canonical links.
    pub base_url: Option<String>,
    /// Folder holding the Markdown, relative to the site root.
    pub content_dir: String,
    /// Folder the site is written to, relative to the site root.
    pub output_dir: String,
    /// Theme name: files under `themes/<name>/` override the built-in theme.
    pub theme: String,
    pub links: LinksConfig,
    pub search: SearchConfig,
    pub mermaid: MermaidConfig,
    pub breadcrumbs: BreadcrumbsConfig,
    pub markdown: MarkdownConfig,
    /// The knowledge-base pages: backlinks, wanted pages, tasks, recent
    /// changes, tags.
    pub knowledge: KnowledgeConfig,
    pub print: PrintConfig,
    /// The repository's web address (`https://github.com/org/repo`): links
    /// into GitHub's own pages (`../../issues`) and "edit this page" links.
    pub repo_url: Option<String>,
    /// The branch that "edit"/"view source" links open.
    pub repo_branch: String,
    /// Globs of files (paths in the content folder) published even when no
    /// page references them.
    pub assets: Vec<String>,
    /// Globs of documents and files (paths in the content folder) left out
    /// entirely, as if absent.
    pub exclude: Vec<String>,
    /// Audiences a build can be made for (`folio build --audience NAME`),
    /// by name: what each leaves out (see [`crate::audience`]).
    pub audiences: std::collections::BTreeMap<String, AudienceConfig>,
    /// The audience a build without `--audience` is made for.
    pub default_audience: Option<String>,
    /// Two-language trees: one site per language (see [`crate::languages`]).
    pub languages: crate::languages::LanguagesConfig,
}

/// `[audiences.<name>]`: what an audience build leaves out, besides the
/// pages and passages marked for other audiences.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AudienceConfig {
    /// Globs of pages, folders and files (paths in the content folder)
    /// left out of this audience's build.
    pub exclude: Vec<String>,
    /// Globs put back from `exclude` (never from front matter marks).
    pub include: Vec<String>,
    /// A line shown on every page and printed sheet (`仅供极峰科技使用`).
    pub banner: Option<String>,
    /// Output folder of this audience's build, relative to the site root.
    pub out: Option<String>,
    /// Show "edit this page"/"view source" links (`repo-url`), which lead
    /// into the repository: off unless set.
    pub source_links: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            language: Language::ZhCn,
            base_url: None,
            content_dir: "content".into(),
            output_dir: "public".into(),
            theme: "default".into(),
            links: LinksConfig::default(),
            search: SearchConfig::default(),
            mermaid: MermaidConfig::default(),
            breadcrumbs: BreadcrumbsConfig::default(),
            markdown: MarkdownConfig::default(),
            knowledge: KnowledgeConfig::default(),
            print: PrintConfig::default(),
            repo_url: None,
            repo_branch: "main".into(),
            assets: Vec::new(),
            exclude: Vec::new(),
            audiences: std::collections::BTreeMap::new(),
            default_audience: None,
            languages: crate::languages::LanguagesConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// What a broken link is: a warning (default) or an error.
    pub broken: BrokenLinks,
    /// Glob patterns of link targets known to be missing; they are not reported.
    pub ignore: Vec<String>,
    /// Images from other hosts: one warning per page that lists them, or none.
    pub external_images: ExternalImages,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ExternalImages {
    #[default]
    Warn,
    Off,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BrokenLinks {
    #[default]
    Warn,
    Error,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SearchConfig {
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// Print pages (one per folder and one for the site) and `folio pdf`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrintConfig {
    /// Write the print pages with the site.
    pub enabled: bool,
    pub paper: Paper,
    /// A folder (or the site) with more pages than this gets no print
    /// page: a print page holds every page below it, so without a bound a
    /// large site writes each page once per folder above it.
    pub max_pages: usize,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            enabled: true,
            paper: Paper::A4,
            max_pages: 50,
        }
    }
}

/// Paper sizes, as CSS `@page { size }` names them.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
    A5,
    Letter,
    Legal,
}

impl Paper {
    /// The CSS `size` keyword.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
            Paper::A5 => "A5",
            Paper::Letter => "letter",
            Paper::Legal => "legal",
        }
    }

    /// Width and height in inches (what the DevTools protocol takes).
    pub fn inches(self) -> (f64, f64) {
        const MM: f64 = 1.0 / 25.4;
        match self {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::A3 => (297.0 * MM, 420.0 * MM),
            Paper::A5 => (148.0 * MM, 210.0 * MM),
            Paper::Letter => (8.5, 11.0),
            Paper::Legal => (8.5, 14.0),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MermaidConfig {
    pub mode: MermaidMode,
    /// Script address used when `mode = "url"`.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MermaidMode {
    #[default]
    Bundled,
    Url,
    Off,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BreadcrumbsConfig {
    /// Show automatic breadcrumbs (and drop hand-written breadcrumb lines).
    pub enabled: bool,
}

impl Default for BreadcrumbsConfig {
    fn default() -> Self {
        BreadcrumbsConfig { enabled: true }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarkdownConfig {
    /// What raw HTML in pages may do.
    pub raw_html: RawHtml,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RawHtml {
    /// Keep what GitHub keeps: no scripts, styles, frames, forms, event
    /// handlers or `javascript:` URLs.
    #[default]
    Github,
    /// Publish raw HTML as written (sites that embed widgets).
    Allow,
}

/// `[knowledge]`: each feature of the knowledge-base layer can be turned off.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct KnowledgeConfig {
    /// "Linked from" at the end of each page.
    pub backlinks: bool,
    /// `_folio/wanted.html`; broken links lead to their entry there.
    pub wanted: bool,
    /// `_folio/tasks.html` and each page's task progress.
    pub tasks: bool,
    /// `_folio/changes.html` from git history.
    pub changes: bool,
    /// How many commits the recent-changes page looks at.
    pub changes_count: usize,
    /// Show commit subjects on the recent-changes page (audience builds
    /// may turn them off: a subject can name what a reader must not see).
    pub show_subjects: bool,
    /// `_folio/tags/`, and tag chips on pages (front matter `tags` and
    /// `categories`).
    pub tags: bool,
    /// Where the links to the generated pages go.
    pub links: KnowledgeLinks,
}

impl Default for KnowledgeConfig {
    fn default() -> Self {
        KnowledgeConfig {
            backlinks: true,
            wanted: true,
            tasks: true,
            changes: true,
            changes_count: 50,
            show_subjects: true,
            tags: true,
            links: KnowledgeLinks::Header,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum KnowledgeLinks {
    #[default]
    Header,
    Sidebar,
    /// Not linked (the pages are still written).
    Off,
}

impl Config {
    /// Parse `folio.toml` text; `display_path` names the file in the error.
    pub fn parse(text: &str, display_path: &str) -> Result<Config, Box<Diagnostic>> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(Code::Config, e.message().trim().to_string())
                .with_path(display_path);
            if let Some(span) = e.span() {
                d = d.at(LineIndex::new(text).locate(span.start, span.end));
            }
            Box::new(d)
        })?;
        config.validate(display_path)?;
        Ok(config)
    }

    fn validate(&self, display_path: &str) -> Result<(), Box<Diagnostic>> {
        let mut globs = vec![
            ("links.ignore".to_string(), &self.links.ignore),
            ("assets".to_string(), &self.assets),
            ("exclude".to_string(), &self.exclude),
        ];
        for (name, audience) in &self.audiences {
            globs.push((format!("audiences.{name}.exclude"), &audience.exclude));
            globs.push((format!("audiences.{name}.include"), &audience.include));
        }
        for (key, patterns) in globs {
            for pattern in patterns {
                if let Err(e) = globset::Glob::new(pattern) {
                    return Err(Box::new(
                        Diagnostic::error(
                            Code::Config,
                            format!("{key}: invalid glob `{pattern}`: {}", e.kind()),
                        )
                        .with_path(display_path),
                    ));
                }
            }
        }
        crate::audience::validate_config(self, display_path)?;
        if let Some(url) = &self.repo_url {
            let web = url.starts_with("https://") || url.starts_with("http://");
            if !web || url.contains(['?', '#']) {
                return Err(Box::new(
                    Diagnostic::error(
                        Code::Config,
                        format!(
                            "repo-url: `{url}` is not a repository's web address (like `https://github.com/org/repo`)"
                        ),
                    )
                    .with_path(display_path),
                ));
            }
        }
        if self.repo_branch.trim().is_empty() {
            return Err(Box::new(
                Diagnostic::error(Code::Config, "repo-branch must name a branch")
                    .with_path(display_path),
            ));
        }
        if self.mermaid.mode == MermaidMode::Url && self.mermaid.url.is_none() {
            return Err(Box::new(
                Diagnostic::error(Code::Config, "mermaid.mode = \"url\" needs mermaid.url")
                    .with_path(display_path),
            ));
        }
        Ok(())
    }

    pub fn load(path: &Path, display_path: &str) -> Result<Config, Box<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(
                Diagnostic::error(Code::Config, format!("cannot read: {e}"))
                    .with_path(display_path),
            )
        })?;
        Config::parse(text.trim_start_matches('\u{feff}'), display_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Config::parse("", "folio.toml").unwrap(), Config::default());
    }

    #[test]
    fn keys_are_kebab_case() {
        let c = Config::parse(
            "title = \"知识库\"\nlanguage = \"en\"\ncontent-dir = \"docs\"\n[links]\nbroken = \"error\"\nignore = [\"../drafts/**\"]\n",
            "folio.toml",
        )
        .unwrap();
        assert_eq!(c.content_dir, "docs");
        assert_eq!(c.language, Language::En);
        assert_eq!(c.links.broken, BrokenLinks::Error);
    }

    #[test]
    fn unknown_key_names_the_key_its_line_and_the_allowed_keys() {
        let text = "title = \"x\"\n\n[links]\nbroken = \"warn\"\nignored = []\n";
        let d = Config::parse(text, "folio.toml").unwrap_err();
        assert_eq!(d.line, Some(5));
        assert_eq!(
            d.message,
            "unknown field `ignored`, expected one of `broken`, `ignore`, `external-images`"
        );
        let top = Config::parse("titel = \"x\"\n", "folio.toml").unwrap_err();
        assert_eq!(top.line, Some(1));
        assert_eq!(
            top.message,
            "unknown field `titel`, expected one of `title`, `language`, `base-url`, `content-dir`, `output-dir`, `theme`, `links`, `search`, `mermaid`, `breadcrumbs`, `markdown`, `knowledge`, `print`, `repo-url`, `repo-branch`, `assets`, `exclude`, `audiences`, `default-audience`, `languages`"
        );
    }

    #[test]
    fn raw_html_policy_is_github_unless_allowed() {
        assert_eq!(Config::default().markdown.raw_html, RawHtml::Github);
        let c = Config::parse("[markdown]\nraw-html = \"allow\"\n", "folio.toml").unwrap();
        assert_eq!(c.markdown.raw_html, RawHtml::Allow);
        let typo = Config::parse("[markdown]\nraw_html = \"allow\"\n", "folio.toml").unwrap_err();
        assert_eq!(typo.line, Some(2));
        assert_eq!(
            typo.message,
            "unknown field `raw_html`, expected `raw-html`"
        );
        let bad = Config::parse("[markdown]\nraw-html = \"none\"\n", "folio.toml").unwrap_err();
        assert_eq!(bad.line, Some(2));
        assert!(
            bad.message
                .contains("unknown variant `none`, expected `github` or `allow`"),
            "{}",
            bad.message
        );
    }

    #[test]
    fn publishing_keys() {
        let c = Config::parse(
            "repo-url = \"https://github.com/org/repo\"\nrepo-branch = \"dev\"\nassets = [\"**/*.pdf\"]\nexclude = [\"private/**\"]\n",
            "folio.toml",
        )
        .unwrap();
        assert_eq!(c.repo_url.as_deref(), Some("https://github.com/org/repo"));
        assert_eq!(c.repo_branch, "dev");
        assert_eq!(c.assets, ["**/*.pdf"]);
        assert_eq!(c.exclude, ["private/**"]);
        assert_eq!(Config::default().repo_branch, "main");
        let bad = Config::parse("exclude = [\"a/[b\"]\n", "folio.toml").unwrap_err();
        assert!(
            bad.message.starts_with("exclude: invalid glob `a/[b`"),
            "{}",
            bad.message
        );
        let url = Config::parse("repo-url = \"github.com/org/repo\"\n", "folio.toml").unwrap_err();
        assert!(
            url.message.contains("not a repository's web address"),
            "{}",
            url.message
        );
        let typo = Config::parse("asset = []\n", "folio.toml").unwrap_err();
        assert_eq!(typo.line, Some(1));
        assert!(
            typo.message.starts_with("unknown field `asset`"),
            "{}",
            typo.message
        );
    }

    #[test]
    fn audiences() {
        let c = Config::parse(
            "default-audience = \"partner\"\n[audiences.partner]\nexclude = [\"内部/**\"]\nbanner = \"仅供极峰科技使用\"\nout = \"public-partner\"\n",
            "folio.toml",
        )
        .unwrap();
        assert_eq!(c.audiences["partner"].exclude, ["内部/**"]);
        assert_eq!(c.default_audience.as_deref(), Some("partner"));
        let typo = Config::parse("[audiences.partner]\nexlude = []\n", "folio.toml").unwrap_err();
        assert_eq!(typo.line, Some(2));
        assert!(
            typo.message.starts_with("unknown field `exlude`"),
            "{}",
            typo.message
        );
        let glob =
            Config::parse("[audiences.p]\ninclude = [\"a/[b\"]\n", "folio.toml").unwrap_err();
        assert!(
            glob.message
                .starts_with("audiences.p.include: invalid glob"),
            "{}",
            glob.message
        );
        let reserved = Config::parse("[audiences.all]\n", "folio.toml").unwrap_err();
        assert!(
            reserved.message.contains("`all` is reserved"),
            "{}",
            reserved.message
        );
        let default =
            Config::parse("default-audience = \"x\"\n[audiences.p]\n", "folio.toml").unwrap_err();
        assert_eq!(
            default.message,
            "default-audience: unknown audience `x`: folio.toml defines `p` (or `all` for everything)"
        );
    }

    #[test]
    fn bad_value_is_located() {
        let d = Config::parse("[links]\nbroken = \"sometimes\"\n", "folio.toml").unwrap_err();
        assert_eq!(d.line, Some(2));
        assert!(
            d.message.contains("unknown variant `sometimes`"),
            "{}",
            d.message
        );
    }
}
