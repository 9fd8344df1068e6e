//! The build engine. `folio build` runs it once over everything; `folio
//! serve` keeps it and hands it the paths that changed. Both go through the
//! same stages; an update only recomputes what the change can affect:
//!
//! - Markdown: only pages whose text changed, or (when files were added or
//!   removed) whose links now resolve differently; the others keep their
//!   rendering.
//! - Links: every page when the set of files changed; otherwise the changed
//!   pages and the pages linking to a changed page whose heading ids moved.
//! - Templates: when navigation changed (a title, description, weight or
//!   the tree), every page whose fingerprint changed (what its HTML is made
//!   of: see `write::Job::pages`); otherwise the re-rendered pages and those
//!   whose broken-link marks changed.
//!
//! Tests apply sequences of edits and compare the result with a fresh full
//! build, byte for byte.
//!
//! This file runs loading, Markdown and link checking; [`produce`] fills the
//! templates and writes (pages, shared files, search index, the swap).

use super::content::ContentModel;
use super::plan::{linking_to, moved_ids, nav_signature, reusable_renderings, shape};
use super::{BuildOptions, BuildOutcome, Project, Timer};
use crate::config::{BrokenLinks, Config};
use crate::diagnostics::{Diagnostic, Severity};
use crate::links::check::{self, CheckOptions, CheckedPage, Suggester};
use crate::load::{self, LoadOptions};
use crate::markdown::{self, Highlighter, RenderOptions, RenderedPage};
use crate::output::{self, absolute};
use crate::render::strings::{self, Strings};
use crate::render::{Renderer, Theme};
use crate::site::forge::WebAddress;
use crate::site::publish::Publication;
use crate::site::repo::Repository;
use crate::site::{PageId, Site};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

thread_local! {
    /// Each rendering thread's buffer for the page it reads.
    static SOURCE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What the last run computed, kept for the next update.
pub(super) struct State {
    pub(super) site: Site,
    pub(super) rendered: Vec<RenderedPage>,
    pub(super) checked: Vec<CheckedPage>,
    pub(super) sidebars: Vec<String>,
    /// The "did you mean" index of the site's paths (valid while the tree
    /// keeps its shape).
    pub(super) suggester: Suggester,
    pub(super) nav: u64,
    pub(super) site_diagnostics: Vec<Diagnostic>,
    /// Which files are published (those pages reference, `assets` globs).
    pub(super) publication: Publication,
    /// Each page's output path and template context when it was last
    /// written, hashed (serve: a page whose context did not change is not
    /// filled again when navigation changes). 0: not known.
    pub(super) fingerprints: Vec<u64>,
    pub(super) knowledge: crate::knowledge::Knowledge,
}

pub struct Engine {
    pub(super) project: Project,
    pub(super) opts: BuildOptions,
    pub(super) highlighter: Highlighter,
    pub(super) renderer: Result<(Theme, Renderer), Box<Diagnostic>>,
    pub(super) content: ContentModel,
    pub(super) git_dates: HashMap<String, String>,
    /// The content folder's recent commits (read by full builds).
    pub(super) history: Vec<crate::knowledge::Commit>,
    /// The repository around the content folder (its tracked files).
    pub(super) repository: Arc<Repository>,
    /// `exclude` and `assets` globs, compiled.
    pub(super) exclude: globset::GlobSet,
    pub(super) asset_globs: globset::GlobSet,
    pub(super) state: Option<State>,
    /// Hash of every file of the site as last written (serve only: in-place
    /// updates skip files whose bytes did not change).
    pub(super) written: HashMap<String, u64>,
    /// A run failed since the last good one: the next run writes everything.
    pub(super) stale_output: bool,
    /// Non-Markdown files changed since the last run.
    pub(super) changed_assets: BTreeSet<String>,
    /// Every page's search terms (serve only: an edit re-reads just the
    /// changed pages).
    pub(super) search: crate::search::Cache,
}

impl Engine {
    /// Locate the project and prepare the engine. `Err` is a usage,
    /// configuration or output-folder problem (exit code 2).
    pub fn new(opts: BuildOptions) -> Result<Engine, Box<Diagnostic>> {
        let project = Project::locate(&opts.path, opts.out.as_deref())?;
        if opts.write {
            output::check_target(&project.out_dir, &project.content_dir)?;
        }
        let (highlighter, renderer) = rayon::join(Highlighter::new, || {
            Theme::load(project.theme_dir.as_deref())
                .and_then(|t| Renderer::new(&t).map(|r| (t, r)))
        });
        let config = &project.config;
        let exclude = super::ignore_set(&config.exclude);
        let asset_globs = super::ignore_set(&config.assets);
        Ok(Engine {
            exclude,
            asset_globs,
            repository: Arc::default(),
            project,
            opts,
            highlighter,
            renderer,
            content: ContentModel::default(),
            git_dates: HashMap::new(),
            history: Vec::new(),
            state: None,
            written: HashMap::new(),
            stale_output: false,
            changed_assets: BTreeSet::new(),
            search: crate::search::Cache::default(),
        })
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Wait for (and take) the output folder's lock, then check the folder
    /// again: another build may have written it meanwhile.
    pub fn lock_output(&self) -> Result<output::lock::OutputLock, Box<Diagnostic>> {
        let out = &self.project.out_dir;
        let real = output::check_target(out, &self.project.content_dir)?;
        let shown = super::project::show(out);
        let lock = output::lock::acquire(&real, self.opts.lock_timeout, |holder| {
            eprintln!("waiting for {holder} to finish writing `{shown}`...");
        })
        .map_err(|e| {
            let message = match e {
                output::lock::LockError::Busy { holder, lock_file } => format!(
                    "another build is writing `{shown}`: {holder} still holds `{}` after {} s (see --lock-timeout)",
                    lock_file.display(),
                    self.opts.lock_timeout.as_secs()
                ),
                output::lock::LockError::Io(e) => {
                    format!("cannot lock the output folder `{shown}`: {e}")
                }
            };
            Box::new(Diagnostic::error(crate::diagnostics::Code::Output, message).with_path(shown.clone()))
        })?;
        output::check_target(out, &self.project.content_dir)?;
        Ok(lock)
    }

    fn config(&self) -> &Config {
        &self.project.config
    }

    fn strings(&self) -> &'static Strings {
        strings::for_language(self.config().language)
    }

    fn excluded(&self) -> [PathBuf; 2] {
        [
            absolute(&self.project.out_dir),
            output::staging_path(&self.project.out_dir),
        ]
    }

    /// Build everything; with `opts.write`, into a staging folder swapped in
    /// at the end.
    pub fn full(&mut self) -> BuildOutcome {
        let mut timer = Timer::new();
        let content_abs = absolute(&self.project.content_dir);
        let exclude = self.excluded();
        let config = &self.project.config.knowledge;
        let commits = if config.changes {
            config.changes_count
        } else {
            0
        };
        let ((content, history), (git_dates, repository)) = rayon::join(
            || {
                rayon::join(
                    || {
                        load::load(&LoadOptions {
                            content_dir: &content_abs,
                            display_root: &self.project.display_root,
                            exclude: &exclude,
                            keep_text: false,
                        })
                    },
                    || crate::knowledge::changes::recent(&content_abs, commits),
                )
            },
            || {
                rayon::join(
                    || load::git::last_updated(&content_abs),
                    || self.discover_repository(),
                )
            },
        );
        self.content = ContentModel::from_load(content);
        self.content.drop_excluded(&self.exclude);
        self.git_dates = git_dates;
        self.history = history;
        self.repository = Arc::new(repository);
        self.state = None;
        // No texts were kept: the Markdown stage reads each page as it
        // renders it, and drops it once rendered.
        let texts = HashMap::new();
        timer.lap("load");
        let dirty = self.analyse(texts, true, &mut timer);
        self.finish(dirty, true, timer)
    }

    /// Apply changed paths (absolute, as a watcher reports them) and update
    /// the output in place.
    pub fn update(&mut self, changed: &BTreeSet<PathBuf>) -> BuildOutcome {
        let mut timer = Timer::new();
        if self.state.is_none() {
            return self.full();
        }
        let texts = self.apply(changed);
        timer.lap("load");
        let (texts, touched) = texts;
        let dirty = self.analyse(texts, touched, &mut timer);
        self.finish(dirty, false, timer)
    }

    fn apply(&mut self, changed: &BTreeSet<PathBuf>) -> (HashMap<String, String>, bool) {
        let root = absolute(&self.project.content_dir);
        let exclude = self.excluded();
        let applied = self.content.apply(
            changed,
            &root,
            &exclude,
            &self.project.display_root,
            &mut self.changed_assets,
        );
        self.content.drop_excluded(&self.exclude);
        if applied.1 {
            // Files came or went: what git tracks may have changed too.
            self.repository = Arc::new(self.discover_repository());
        }
        applied
    }

    fn discover_repository(&self) -> Repository {
        let config = self.config();
        Repository::discover(
            &self.project.content_dir,
            &self.project.root,
            &self.excluded(),
            config
                .repo_url
                .as_deref()
                .map(|url| WebAddress::new(url, &config.repo_branch)),
        )
    }

    /// Site model, Markdown (reusing what it can), titles, link checking.
    /// Returns the pages whose HTML must be produced again (`None`: all).
    fn analyse(
        &mut self,
        mut texts: HashMap<String, String>,
        touched: bool,
        timer: &mut Timer,
    ) -> Option<BTreeSet<PageId>> {
        let mut old = self.state.take();
        let old_listings = old.as_ref().map(|o| o.publication.listings().to_vec());
        let old_knowledge = old.as_mut().map(|o| std::mem::take(&mut o.knowledge));
        let (mut site, site_diagnostics, kept_site) =
            self.site_model(old.as_mut(), touched, &texts);
        let reshaped = !kept_site && old.as_ref().is_none_or(|o| shape(&o.site) != shape(&site));
        let fingerprints = match old.as_mut() {
            Some(o) if !reshaped => std::mem::take(&mut o.fingerprints),
            _ => Vec::new(),
        };

        // Markdown: a page keeps its rendering unless its text changed or
        // (the tree changed) its links now resolve differently.
        let old_rendered = old
            .as_mut()
            .map(|o| std::mem::take(&mut o.rendered))
            .unwrap_or_default();
        // Heading ids of the pages about to change, to see whether they moved.
        let mut old_ids: HashMap<String, Vec<String>> = HashMap::new();
        let mut rendered = reusable_renderings(
            &site,
            old.as_ref().filter(|_| !reshaped).is_some(),
            old.as_ref().map(|o| &o.site),
            old_rendered,
            &texts,
            &mut old_ids,
        );
        // Texts of pages just re-read (serve); the others are read in the
        // parallel pass, one at a time per thread.
        let to_render: Vec<(PageId, Option<String>)> = (0..site.pages.len())
            .filter(|&id| rendered[id].is_none())
            .map(|id| (id, site.pages[id].src().and_then(|rel| texts.remove(rel))))
            .collect();
        let changed: BTreeSet<PageId> = to_render.iter().map(|(id, _)| *id).collect();
        for (id, r) in self.render_pages(&site, to_render) {
            rendered[id] = Some(r);
        }
        let rendered: Vec<RenderedPage> = rendered
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let config = &self.project.config;
        // The home page's name when it has no title: the configured site
        // title, else the content folder's (or repository's) name, else the
        // interface word.
        let home_name = if config.title.is_empty() {
            crate::site::root_name(&self.project.content_dir)
                .unwrap_or_else(|| self.strings().home.to_string())
        } else {
            config.title.clone()
        };
        site.finalize_titles(|id| rendered[id].h1().map(str::to_string), &home_name);
        timer.lap("markdown");

        // Links: all pages when the tree changed; else the changed pages and
        // those linking to a changed page whose heading ids moved.
        let severity = if self.opts.strict || config.links.broken == BrokenLinks::Error {
            Severity::Error
        } else {
            Severity::Warning
        };
        let ignore = super::ignore_set(&config.links.ignore);
        let check_opts = CheckOptions {
            severity,
            ignore: &ignore,
            display_root: &self.project.display_root,
            suggest: self.opts.show_warnings || severity == Severity::Error,
            external_images: config.links.external_images == crate::config::ExternalImages::Warn,
            content_dir: &self.project.content_dir,
        };
        let nav = nav_signature(&site);
        let (checked, dirty, sidebars, suggester) = match old {
            Some(old) if !reshaped => {
                let moved = moved_ids(&site, &rendered, &changed, &old_ids);
                let mut checked = old.checked;
                let mut dirty = changed.clone();
                let mut suggester = old.suggester;
                for id in linking_to(&site, &rendered, &changed, &moved) {
                    let now = check::check_page(&site, &rendered, id, &check_opts, &mut suggester);
                    if now.marks != checked[id].marks {
                        dirty.insert(id);
                    }
                    checked[id] = now;
                }
                // Same navigation: the folders' sidebars stand as they are.
                if nav == old.nav {
                    (checked, Some(dirty), old.sidebars, suggester)
                } else {
                    (checked, None, Vec::new(), suggester)
                }
            }
            _ => {
                let mut suggester = Suggester::new();
                let checked = check::check(&site, &rendered, &check_opts, &mut suggester);
                (checked, None, Vec::new(), suggester)
            }
        };
        let referenced = rendered
            .iter()
            .flat_map(|r| r.links.iter().filter_map(|l| l.resolution.target()));
        let publication = Publication::decide(&site, referenced, &self.asset_globs);
        // A folder listing that appears or goes is written or removed, with
        // the files it shows: the update is then a full write.
        let mut dirty = dirty.filter(|_| old_listings.as_deref() == Some(publication.listings()));
        let knowledge = crate::knowledge::Knowledge::build(&crate::knowledge::Inputs {
            config: &config.knowledge,
            site: &site,
            rendered: &rendered,
            checked: &checked,
            publication: &publication,
            ignore: &ignore,
            history: &self.history,
        });
        // A page whose backlinks changed is made again.
        if let (Some(d), Some(old)) = (dirty.as_mut(), old_knowledge.as_ref()) {
            d.extend(knowledge.changed_pages(old, &changed));
        }
        timer.lap("links");
        self.state = Some(State {
            publication,
            site,
            rendered,
            checked,
            sidebars,
            suggester,
            nav,
            site_diagnostics,
            fingerprints,
            knowledge,
        });
        dirty
    }

    /// The site model: the last one with the changed pages' sources and
    /// titles refreshed when only texts changed (`kept` is then true),
    /// otherwise built again from the content.
    fn site_model(
        &self,
        old: Option<&mut State>,
        touched: bool,
        texts: &HashMap<String, String>,
    ) -> (Site, Vec<Diagnostic>, bool) {
        if let Some(o) = old.filter(|_| !touched) {
            let mut site = std::mem::replace(&mut o.site, Site::empty());
            for id in 0..site.pages.len() {
                let Some(rel) = site.pages[id].src().map(str::to_string) else {
                    continue;
                };
                if let Some(source) = self
                    .content
                    .pages
                    .get(&rel)
                    .filter(|_| texts.contains_key(&rel))
                {
                    site.refresh_source(id, source);
                }
            }
            return (site, o.site_diagnostics.clone(), true);
        }
        let (mut site, diagnostics) =
            Site::build(self.content.snapshot(), &self.project.display_root);
        site.attach(Arc::clone(&self.repository), self.exclude.clone());
        site.apply_git_dates(&self.git_dates);
        (site, diagnostics, false)
    }

    /// Render `to_render` in parallel: each page from the text given, or
    /// read again into its thread's buffer. A page that can no longer be
    /// read renders empty and its problem is recorded with the content's.
    fn render_pages(
        &mut self,
        site: &Site,
        to_render: Vec<(PageId, Option<String>)>,
    ) -> Vec<(PageId, RenderedPage)> {
        let config = &self.project.config;
        let strings = self.strings();
        let home = site.home();
        let progress = self.opts.progress.as_deref();
        if let Some(p) = progress {
            p.stage("rendering Markdown", to_render.len());
        }
        // Large sites keep the bodies compressed until the templates.
        let pack_bodies = self.content.markdown_bytes > markdown::packed::PACK_ABOVE_BYTES;
        if self.content.largest_page > super::memory::HUGE_PAGE_BYTES {
            super::memory::give_back_at_once();
        }
        let fresh: Vec<(PageId, RenderedPage, Option<Diagnostic>)> = to_render
            .into_par_iter()
            .map(|(id, text)| {
                if let Some(p) = progress {
                    p.step();
                }
                let Some(source) = &site.pages[id].source else {
                    return (id, RenderedPage::default(), None);
                };
                let display_path = load::display_path(&self.project.display_root, &source.rel);
                let opts = RenderOptions {
                    highlighter: &self.highlighter,
                    drop_breadcrumb: config.breadcrumbs.enabled && id != home,
                    table_label: strings.table,
                    anchor_label: strings.heading_link,
                    pack_bodies,
                    display_path: &display_path,
                    alert_labels: &strings.alerts,
                    raw_html: config.markdown.raw_html,
                };
                if let Some(text) = text {
                    let r = markdown::render(site, id, &text, source.body_start, &opts);
                    return (id, r, None);
                }
                SOURCE.with_borrow_mut(|buf| {
                    let abs = self.project.content_dir.join(&source.rel);
                    match load::read_source(&source.rel, &abs, &self.project.display_root, buf) {
                        Ok((text, body_start, _)) => (
                            id,
                            markdown::render(site, id, text, body_start, &opts),
                            None,
                        ),
                        // The file changed since it was loaded and can no
                        // longer be read.
                        Err(d) => (id, RenderedPage::default(), Some(*d)),
                    }
                })
            })
            .collect();
        fresh
            .into_iter()
            .map(|(id, r, problem)| {
                if let (Some(d), Some(rel)) = (problem, site.pages[id].src()) {
                    self.content
                        .problems
                        .entry(rel.to_string())
                        .or_default()
                        .push(d);
                }
                (id, r)
            })
            .collect()
    }
}
