//! Audience builds: the same content published for a partner without what
//! is marked for other audiences. An audience is a filter applied before
//! anything is built: pages, folders and files it leaves out are dropped
//! from the content (see [`cut`]), passages are cut from a page's text
//! before it is parsed (see [`passages`]), so nothing built can show them.
//! It is a publishing filter, not access control.

pub mod cut;
pub mod passages;

use crate::config::{AudienceConfig, Config};
use crate::diagnostics::{Code, Diagnostic};
use crate::load::FrontMatter;

pub use cut::{Cut, Why};

/// What `confidential = true` in front matter stands for.
pub const INTERNAL: &str = "internal";

/// `--audience all`: everything, even where `default-audience` is set.
pub const EVERYONE: &str = "all";

/// One audience of `folio.toml`, its globs compiled.
#[derive(Debug, Clone)]
pub struct Audience {
    pub name: String,
    pub banner: Option<String>,
    /// Its output folder (relative to the site root), if it has its own.
    pub out: Option<String>,
    /// "Edit this page"/"view source" links are shown (`source-links`).
    pub source_links: bool,
    exclude: Globs,
    include: Globs,
}

/// Globs with the patterns they were compiled from, to say which matched.
#[derive(Debug, Clone)]
struct Globs {
    set: globset::GlobSet,
    patterns: Vec<String>,
}

impl Globs {
    fn new(patterns: &[String]) -> Globs {
        Globs {
            set: crate::engine::ignore_set(patterns),
            patterns: patterns.to_vec(),
        }
    }

    /// The first pattern matching `rel` or a folder on its way.
    fn matching(&self, rel: &str) -> Option<&str> {
        let mut path = rel;
        loop {
            if let Some(&i) = self.set.matches(path).first() {
                return Some(&self.patterns[i]);
            }
            if path.is_empty() {
                return None;
            }
            path = crate::site::urls::parent(path);
            if path.is_empty() {
                return None;
            }
        }
    }
}

impl Audience {
    fn new(name: &str, config: &AudienceConfig) -> Audience {
        Audience {
            name: name.to_string(),
            banner: config.banner.clone().filter(|b| !b.trim().is_empty()),
            out: config.out.clone(),
            source_links: config.source_links,
            exclude: Globs::new(&config.exclude),
            include: Globs::new(&config.include),
        }
    }

    /// The audience a build is made for: the one asked for, else the
    /// configured default; `None` builds everything. A name `folio.toml`
    /// does not define is a configuration error (exit code 2) listing the
    /// names it defines.
    pub fn select(
        config: &Config,
        asked: Option<&str>,
        config_path: &str,
    ) -> Result<Option<Audience>, Box<Diagnostic>> {
        let Some(name) = asked.or(config.default_audience.as_deref()) else {
            return Ok(None);
        };
        if name == EVERYONE {
            return Ok(None);
        }
        match config.audiences.get(name) {
            Some(a) => Ok(Some(Audience::new(name, a))),
            None => Err(Box::new(
                Diagnostic::error(Code::Config, unknown_audience(name, config))
                    .with_path(config_path),
            )),
        }
    }

    /// Why this audience leaves out a page, file or folder at `rel` (and,
    /// when it was reached through a symlink, at its real path
    /// `canonical`): front matter marks it for other audiences, or an
    /// `exclude` glob matches it (and no `include` glob puts it back).
    pub fn leaves_out(
        &self,
        rel: &str,
        canonical: Option<&str>,
        front: Option<&FrontMatter>,
    ) -> Option<Why> {
        if let Some(names) = front.and_then(|f| f.audience.as_ref()) {
            if !names.iter().any(|n| n == &self.name) {
                return Some(Why::Marked(names.clone()));
            }
        }
        std::iter::once(rel)
            .chain(canonical.filter(|c| *c != rel))
            .find_map(|path| {
                let glob = self.exclude.matching(path)?;
                self.include
                    .matching(path)
                    .is_none()
                    .then(|| Why::Glob(glob.to_string()))
            })
    }
}

fn unknown_audience(name: &str, config: &Config) -> String {
    if config.audiences.is_empty() {
        return format!(
            "unknown audience `{name}`: folio.toml defines no audiences (add an `[audiences.{name}]` table)"
        );
    }
    let names: Vec<String> = config.audiences.keys().map(|n| format!("`{n}`")).collect();
    format!(
        "unknown audience `{name}`: folio.toml defines {} (or `{EVERYONE}` for everything)",
        names.join(", ")
    )
}

/// `folio.toml`'s audience keys: `all` is reserved, `default-audience`
/// must name a defined audience.
pub fn validate_config(config: &Config, config_path: &str) -> Result<(), Box<Diagnostic>> {
    let error = |message: String| {
        Err(Box::new(
            Diagnostic::error(Code::Config, message).with_path(config_path),
        ))
    };
    if config.audiences.contains_key(EVERYONE) {
        return error(format!(
            "audiences.{EVERYONE}: `{EVERYONE}` is reserved (`--audience {EVERYONE}` builds everything)"
        ));
    }
    if let Some(name) = &config.default_audience {
        if name != EVERYONE && !config.audiences.contains_key(name) {
            return error(format!(
                "default-audience: {}",
                unknown_audience(name, config)
            ));
        }
    }
    Ok(())
}

/// How many pages some audience would leave out (the summary line of a
/// build of everything says so): pages whose front matter names their
/// audiences, and pages an audience's `exclude` globs match.
pub fn marked_pages<'a>(
    config: &Config,
    pages: impl Iterator<Item = (&'a str, &'a FrontMatter)>,
) -> usize {
    let audiences: Vec<Audience> = config
        .audiences
        .iter()
        .map(|(name, a)| Audience::new(name, a))
        .collect();
    pages
        .filter(|(rel, front)| {
            front.audience.is_some()
                || audiences
                    .iter()
                    .any(|a| a.leaves_out(rel, None, Some(front)).is_some())
        })
        .count()
}

/// What an audience build left out, for the writer to review
/// (`folio check --audience NAME` lists it).
#[derive(Debug, Clone)]
pub struct Report {
    pub audience: String,
    pub cut: std::sync::Arc<Cut>,
    /// Passages cut, by page (path in the content folder).
    pub passages: Vec<(String, passages::CutPassage)>,
    /// The content folder as diagnostics show it.
    pub display_root: String,
}

impl Report {
    /// The report of a build for `audience`: what `cut` left out, and the
    /// passages cut from each page (by its path in the content folder).
    pub fn new<'a>(
        audience: &Audience,
        cut: std::sync::Arc<Cut>,
        display_root: &str,
        pages: impl Iterator<Item = (&'a str, &'a [passages::CutPassage])>,
    ) -> Report {
        Report {
            audience: audience.name.clone(),
            cut,
            passages: pages
                .flat_map(|(rel, cut)| cut.iter().map(move |c| (rel.to_string(), c.clone())))
                .collect(),
            display_root: display_root.to_string(),
        }
    }

    /// One line per page, folder, file and passage left out, paths as
    /// diagnostics show them.
    pub fn lines(&self) -> Vec<String> {
        let shown = |rel: &str| crate::load::display_path(&self.display_root, rel);
        let mut lines = Vec::new();
        for (rel, why) in &self.cut.folders {
            lines.push(format!("folder {}/ ({why})", shown(rel)));
        }
        for (rel, why) in &self.cut.pages {
            lines.push(format!("page {} ({why})", shown(rel)));
        }
        for (rel, why) in &self.cut.assets {
            lines.push(format!("file {} ({why})", shown(rel)));
        }
        for (rel, passage) in &self.passages {
            lines.push(format!(
                "passage {}:{}-{} (for {})",
                shown(rel),
                passage.lines.start,
                passage.lines.end,
                passage.audiences.join(", ")
            ));
        }
        lines
    }
}
