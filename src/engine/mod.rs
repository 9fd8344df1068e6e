//! The engine: the centre of folio. `folio build` runs it once over
//! everything; `folio serve` keeps it and hands it the paths that changed;
//! `folio check` runs it and writes nothing. Every run reads as plan, then
//! produce:
//!
//! 1. load ([`content`]): the content folder, or just the changed paths;
//! 2. analyse ([`stages`]): the site model, Markdown, titles and links, each
//!    redone only where [`plan`] says the change requires it;
//! 3. produce ([`produce`]): [`plan::output`] decides which pages are filled
//!    and written, with which shared files, against which target (a staging
//!    folder swapped in, the output folder in place, or nothing), and the
//!    runner carries it out through [`write`].
//!
//! An update only recomputes what the change can affect:
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
//! `tests/incremental.rs` applies sequences of edits and compares the result
//! with a fresh full build, byte for byte.

mod cache;
mod content;
mod memory;
mod plan;
mod produce;
pub mod progress;
pub mod project;
mod stages;
mod timing;
mod write;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::check::{CheckedPage, Suggester};
use crate::load::{self, LoadOptions};
use crate::markdown::{Highlighter, RenderedPage};
use crate::output::{self, absolute};
use crate::render::strings::{self, Strings};
use crate::render::{Renderer, Theme};
use crate::site::forge::WebAddress;
use crate::site::publish::Publication;
use crate::site::repo::Repository;
use crate::site::Site;
pub use cache::CacheChoice;
use content::ContentModel;
use plan::Change;
pub use plan::{PlanSummary, Target};
pub use progress::Progress;
pub use project::Project;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
pub use timing::Stage;
pub(crate) use timing::{CpuClock, Timer};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root or content folder.
    pub path: PathBuf,
    pub out: Option<PathBuf>,
    pub strict: bool,
    pub base_url: Option<String>,
    /// `false` for `folio check`.
    pub write: bool,
    /// Keep what is needed for in-place updates (`folio serve`).
    pub incremental: bool,
    /// Warnings are shown (`false` under `-q`: their "did you mean" is
    /// not looked for).
    pub show_warnings: bool,
    /// Where the build reports its progress, if anyone shows it.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// How long to wait for another build writing the same output folder.
    pub lock_timeout: Duration,
    /// The audience asked for (`--audience NAME`); the one the build is
    /// made for is [`Project::audience`].
    pub audience: Option<String>,
    /// Where the build cache is kept (`build` only: see [`cache`]).
    pub cache: CacheChoice,
}

#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    /// Files published (other than pages and folio's own).
    pub files: usize,
    /// The content folder's files no page references (nor an `assets`
    /// glob), which were not published, as shown in diagnostics.
    pub unpublished: Vec<String>,
    /// Where the site was written (`None` when nothing was written).
    pub written_to: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub timings: Vec<Stage>,
    /// Pages whose template was filled in this run (an update fills only
    /// the pages whose HTML can have changed).
    pub filled: usize,
    /// How a full build's output replaced the old one.
    pub swap: Option<crate::output::Swap>,
    /// What the run decided to redo.
    pub plan: PlanSummary,
    /// An audience build: what it left out.
    pub audience: Option<crate::audience::Report>,
    /// A build for everyone: how many pages some audience leaves out.
    pub marked_pages: usize,
}

/// What the last run computed, kept for the next update.
pub(super) struct State {
    site: Site,
    rendered: Vec<RenderedPage>,
    checked: Vec<CheckedPage>,
    /// What readers navigate by (order, titles), built once a run's pages
    /// are rendered and titled.
    navigation: crate::nav::Nav,
    sidebars: write::Sidebars,
    /// The "did you mean" index of the site's paths (valid while the tree
    /// keeps its shape).
    suggester: Suggester,
    nav: u64,
    site_diagnostics: Vec<Diagnostic>,
    /// Which files are published (those pages reference, `assets` globs).
    publication: Publication,
    /// Each page's output path and template context when it was last
    /// written, hashed (serve: a page whose context did not change is not
    /// filled again when navigation changes). 0: not known.
    fingerprints: Vec<u64>,
    /// The tasks page's sections as the last update made them (serve).
    task_sections: crate::knowledge::pages::TaskSections,
    /// Backlinks, wanted pages, tasks, recent changes and tags.
    knowledge: crate::knowledge::Knowledge,
    /// Where the bodies wait for the templates (a one-off build of a large
    /// site); `None`: in `rendered`.
    spill: Option<crate::markdown::spill::Spill>,
}

/// A full run analysed, not yet produced (see [`Engine::analyse_everything`]).
pub struct Analysis {
    analysed: stages::Analysed,
    timer: Timer,
}

/// The language an engine builds, of a multi-language tree.
struct LanguageView {
    languages: Arc<crate::languages::Languages>,
    view: Arc<crate::languages::View>,
}

pub struct Engine {
    project: Project,
    opts: BuildOptions,
    highlighter: Highlighter,
    renderer: Result<(Theme, Renderer), Box<Diagnostic>>,
    content: ContentModel,
    git_dates: HashMap<String, String>,
    /// The content folder's recent commits (read by full builds).
    history: Vec<crate::knowledge::Commit>,
    /// The repository around the content folder (its tracked files).
    repository: Arc<Repository>,
    /// `exclude` and `assets` globs, compiled.
    exclude: globset::GlobSet,
    asset_globs: globset::GlobSet,
    /// MkDocs `not_in_nav` globs, compiled.
    not_in_nav: globset::GlobSet,
    state: Option<State>,
    /// Hash of every file of the site as last written (serve only: in-place
    /// updates skip files whose bytes did not change).
    written: HashMap<String, u64>,
    /// A run failed since the last good one: the next run writes everything.
    stale_output: bool,
    /// Non-Markdown files changed since the last run.
    changed_assets: BTreeSet<String>,
    /// Every page's search terms (serve only: an edit re-reads just the
    /// changed pages).
    search: crate::search::Cache,
    /// What the audience build leaves out (empty for everyone).
    audience_cut: Arc<crate::audience::Cut>,
    /// Pages some audience leaves out (a build for everyone says how many).
    marked_pages: usize,
    /// The build cache (`folio build`): renderings and the output's
    /// manifest kept on disk for the next build.
    cache: cache::Cache,
    /// A multi-language tree: the languages, and which one this engine
    /// builds (see [`crate::languages`]).
    language: Option<LanguageView>,
    /// The output folder of the whole site (every language's).
    whole_output: PathBuf,
}

/// Other languages' sites written inside an engine's output folder.
fn nested_sites(language: &Option<LanguageView>) -> &[String] {
    match language {
        Some(LanguageView { view, .. }) => view.nested_sites(),
        None => &[],
    }
}

impl Engine {
    /// Locate the project and prepare the engine. `Err` is a usage,
    /// configuration or output-folder problem (exit code 2).
    pub fn new(opts: BuildOptions) -> Result<Engine, Box<Diagnostic>> {
        let project = Project::locate(&opts.path, opts.out.as_deref(), opts.audience.as_deref())?;
        if opts.write {
            output::check_target(&project.out_dir, &project.content_dir)?;
        }
        let (highlighter, renderer) = rayon::join(Highlighter::new, || {
            Theme::load(project.theme_dir.as_deref())
                .and_then(|t| Renderer::new(&t).map(|r| (t, r)))
        });
        let cache = match opts.write {
            true => cache::Cache::new(&opts.cache, &project.out_dir, None)?,
            false => cache::Cache::default(),
        };
        let config = &project.config;
        let exclude = ignore_set(&config.exclude);
        // An audience build publishes only what its pages reference: an
        // `assets` glob could publish a file only cut content refers to.
        let asset_globs = match project.audience {
            Some(_) => globset::GlobSet::empty(),
            None => ignore_set(&config.assets),
        };
        Ok(Engine {
            whole_output: project.out_dir.clone(),
            exclude,
            asset_globs,
            not_in_nav: ignore_set(&project.not_in_nav),
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
            audience_cut: Arc::default(),
            marked_pages: 0,
            cache,
            language: None,
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
        let shown = project::show(out);
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

    /// Build one language's site of a multi-language tree: its pages (as
    /// `view` selects and renames them), its interface words and title,
    /// into `<code>/` of the output folder unless it is the default.
    pub fn set_language(
        &mut self,
        languages: Arc<crate::languages::Languages>,
        view: Arc<crate::languages::View>,
    ) -> Result<(), Box<Diagnostic>> {
        let language = &view.language;
        let project = &mut self.project;
        project.config.language = language.interface();
        if let Some(title) = &language.title {
            project.config.title.clone_from(title);
        }
        if !view.prefix.is_empty() {
            project.out_dir = project.out_dir.join(&language.code);
            let base = |url: &mut Option<String>| {
                if let Some(u) = url {
                    *u = format!("{}/{}", u.trim_end_matches('/'), view.prefix);
                }
            };
            base(&mut project.config.base_url);
            base(&mut self.opts.base_url);
            if self.opts.write {
                output::check_target(&project.out_dir, &project.content_dir)?;
            }
        }
        if self.opts.write && !view.prefix.is_empty() {
            // Each language's cache is its own file: the languages' sites
            // differ, and a shared file would be another site's every time.
            self.cache =
                cache::Cache::new(&self.opts.cache, &self.whole_output, Some(&language.code))?;
        }
        if let Some(nav) = project.explicit_nav.as_mut() {
            crate::languages::translate_nav(&mut nav.items, &language.nav_translations);
        }
        self.language = Some(LanguageView { languages, view });
        Ok(())
    }

    fn config(&self) -> &Config {
        &self.project.config
    }

    fn strings(&self) -> &'static Strings {
        strings::for_language(self.config().language)
    }

    /// The output folder and its staging folder are never content (one
    /// language's site is written inside the whole output: that is left out).
    fn excluded(&self) -> [PathBuf; 2] {
        [
            absolute(&self.whole_output),
            output::staging_path(&self.whole_output),
        ]
    }

    /// Build everything; with `opts.write`, into a staging folder swapped in
    /// at the end.
    pub fn full(&mut self) -> BuildOutcome {
        let analysed = self.analyse_everything();
        self.produce_analysed(analysed, false)
    }

    /// The first half of [`Engine::full`]: load, render and check
    /// everything, writing nothing yet. A multi-language build analyses
    /// every language before any of them writes.
    pub fn analyse_everything(&mut self) -> Analysis {
        let mut timer = Timer::new();
        self.load();
        if self.cache.enabled() {
            let key = self.cache_key();
            self.cache.read(key);
        }
        timer.lap("load");
        let analysed = self.analyse(Change::Everything, &mut timer);
        Analysis { analysed, timer }
    }

    /// Errors were found: this engine's run writes nothing.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().has_errors()
    }

    /// The second half of [`Engine::full`]; `held`: write nothing, because
    /// another language's site of the same output has errors.
    pub fn produce_analysed(&mut self, analysis: Analysis, held: bool) -> BuildOutcome {
        let Analysis { analysed, timer } = analysis;
        self.produce(analysed.dirty, true, analysed.summary, timer, held)
    }

    /// Apply changed paths (absolute, as a watcher reports them) and update
    /// the output in place.
    pub fn update(&mut self, changed: &BTreeSet<PathBuf>) -> BuildOutcome {
        if self.state.is_none() {
            return self.full();
        }
        let mut timer = Timer::new();
        let change = self.apply(changed);
        timer.lap("load");
        self.run(change, timer)
    }

    /// Plan, then produce: the stages render and check what the change
    /// requires (as [`plan`] decides), then the runner fills and writes the
    /// pages whose HTML can have changed.
    fn run(&mut self, change: Change, mut timer: Timer) -> BuildOutcome {
        let full = matches!(change, Change::Everything);
        let analysed = self.analyse(change, &mut timer);
        self.produce(analysed.dirty, full, analysed.summary, timer, false)
    }

    /// Load the whole content folder (and what git knows of it) afresh.
    fn load(&mut self) {
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
        // A full build judges everything afresh.
        self.audience_cut = Arc::default();
        self.filter_audience();
        self.git_dates = git_dates;
        self.history = history;
        self.repository = Arc::new(repository);
        self.state = None;
    }

    /// Read the changed paths again into the content model.
    fn apply(&mut self, changed: &BTreeSet<PathBuf>) -> Change {
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
        self.filter_audience();
        let (texts, touched) = applied;
        if touched {
            // Files came or went: what git tracks may have changed too.
            self.repository = Arc::new(self.discover_repository());
        }
        Change::Edits { texts, touched }
    }

    /// An audience build drops what the audience does not get before any
    /// stage sees it; a build for everyone counts the pages marked.
    fn filter_audience(&mut self) {
        match &self.project.audience {
            Some(audience) => {
                let root = absolute(&self.project.content_dir);
                let cut = self.content.drop_for(audience, &root, &self.audience_cut);
                self.audience_cut = Arc::new(cut);
            }
            None => {
                let pages = self
                    .content
                    .pages
                    .values()
                    .map(|p| (p.rel.as_str(), &p.front));
                self.marked_pages = crate::audience::marked_pages(self.config(), pages);
            }
        }
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
}

/// Run a build. `Err` is a usage, configuration or output-folder problem
/// (exit code 2); content problems are diagnostics in the outcome.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome, Box<Diagnostic>> {
    let mut engine = Engine::new(opts.clone())?;
    // Held until the new site is in place: one build at a time per output.
    let _lock = if opts.write {
        Some(engine.lock_output()?)
    } else {
        None
    };
    Ok(engine.full())
}

pub(crate) fn ignore_set(patterns: &[String]) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for p in patterns {
        // Patterns were validated with the configuration.
        if let Ok(glob) = globset::Glob::new(p) {
            builder.add(glob);
        }
    }
    builder
        .build()
        .unwrap_or_else(|_| globset::GlobSet::empty())
}
