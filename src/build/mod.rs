//! The build, stage by stage: locate -> load -> site -> markdown -> links ->
//! render -> output. `folio check` runs the same stages and writes nothing.

pub mod project;
mod write;

use crate::config::BrokenLinks;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::links::check::{self, CheckOptions};
use crate::load::{self, LoadOptions};
use crate::markdown::{self, Highlighter, RenderOptions, RenderedPage};
use crate::output::{self, absolute};
use crate::render::{strings, ContextBuilder, SiteInfo};
use crate::site::Site;
pub use project::Project;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct BuildOptions {
    /// Site root or content folder.
    pub path: PathBuf,
    pub out: Option<PathBuf>,
    pub strict: bool,
    pub base_url: Option<String>,
    /// `false` for `folio check`.
    pub write: bool,
}

#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub files: usize,
    /// Where the site was written (`None` when nothing was written).
    pub written_to: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub timings: Vec<(&'static str, Duration)>,
}

struct Timer {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

/// Time spent in one part of a parallel stage, summed over threads (so it
/// can exceed the stage's wall time).
#[derive(Default)]
pub(crate) struct CpuClock(std::sync::atomic::AtomicU64);

impl CpuClock {
    pub(crate) fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        result
    }

    fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl Timer {
    fn new() -> Self {
        Timer {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    /// Record the summed thread time of a part of the last stage.
    fn part(&mut self, name: &'static str, clock: &CpuClock) {
        self.stages.push((name, clock.total()));
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// Run a build. `Err` is a usage, configuration or output-folder problem
/// (exit code 2); content problems are diagnostics in the outcome.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome, Box<Diagnostic>> {
    let mut timer = Timer::new();
    let project = Project::locate(&opts.path, opts.out.as_deref())?;
    let config = &project.config;
    if opts.write {
        output::check_target(&project.out_dir, &project.content_dir)?;
    }
    let exclude = [
        absolute(&project.out_dir),
        output::staging_path(&project.out_dir),
    ];
    let content_abs = absolute(&project.content_dir);
    let ((content, git_dates), highlighter) = rayon::join(
        || {
            rayon::join(
                || {
                    load::load(&LoadOptions {
                        content_dir: &content_abs,
                        display_root: &project.display_root,
                        exclude: &exclude,
                    })
                },
                || load::git::last_updated(&content_abs),
            )
        },
        Highlighter::new,
    );
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(content.diagnostics.iter().cloned());
    let (mut site, site_diags) = Site::build(content, &project.display_root);
    diagnostics.extend(site_diags);
    site.apply_git_dates(&git_dates);
    timer.lap("load");

    let strings = strings::for_language(config.language);
    let home = site.home();
    // Each page's text is dropped as soon as the page is rendered: nothing
    // after this stage reads it (links carry their own locations).
    let texts: Vec<String> = site
        .pages
        .iter_mut()
        .map(|p| {
            p.source
                .as_mut()
                .map(|s| std::mem::take(&mut s.text))
                .unwrap_or_default()
        })
        .collect();
    let mut rendered: Vec<RenderedPage> = texts
        .into_par_iter()
        .enumerate()
        .map(|(id, text)| {
            markdown::render(
                &site,
                id,
                &text,
                &RenderOptions {
                    highlighter: &highlighter,
                    drop_breadcrumb: config.breadcrumbs.enabled && id != home,
                    table_label: strings.table,
                    anchor_label: strings.heading_link,
                },
            )
        })
        .collect();
    let root_title = if config.title.is_empty() {
        strings.home.to_string()
    } else {
        config.title.clone()
    };
    site.finalize_titles(|id| rendered[id].h1().map(str::to_string), &root_title);
    timer.lap("markdown");

    let severity = if opts.strict || config.links.broken == BrokenLinks::Error {
        Severity::Error
    } else {
        Severity::Warning
    };
    let ignore = ignore_set(&config.links.ignore);
    let checked = check::check(
        &site,
        &rendered,
        &CheckOptions {
            severity,
            ignore: &ignore,
            display_root: &project.display_root,
        },
    );
    diagnostics.extend(checked.diagnostics);
    let mut marks = checked.marks;
    let bodies: Vec<String> = rendered
        .iter_mut()
        .zip(marks.iter_mut())
        .map(|(r, m)| {
            let mut body = std::mem::take(&mut r.body);
            if !m.is_empty() {
                check::mark_broken(&mut body, m, strings.broken_link);
            }
            body
        })
        .collect();
    timer.lap("links");

    let info = SiteInfo {
        title: if config.title.is_empty() {
            site.pages[home].title.clone()
        } else {
            config.title.clone()
        },
        language: config.language.tag(),
        base_url: opts.base_url.clone().or_else(|| config.base_url.clone()),
    };
    let contexts = ContextBuilder {
        site: &site,
        info: &info,
        rendered: &rendered,
        bodies: &bodies,
        strings,
        show_breadcrumbs: config.breadcrumbs.enabled,
        mermaid: &config.mermaid,
    };
    let mut outcome = BuildOutcome {
        pages: site.pages.len(),
        files: site.assets.len(),
        out_dir: project.out_dir.clone(),
        ..BuildOutcome::default()
    };
    let written = write::render_and_write(
        &project,
        &site,
        &contexts,
        opts.write,
        &mut diagnostics,
        &mut timer,
    );
    outcome.written_to = written;
    diagnostics.sort();
    outcome.diagnostics = diagnostics;
    outcome.timings = timer.stages;
    Ok(outcome)
}

fn ignore_set(patterns: &[String]) -> globset::GlobSet {
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
