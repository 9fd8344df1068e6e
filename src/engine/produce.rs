//! Produce: carry out an [`OutputPlan`] against its [`Target`]. Fill the
//! templates of the planned pages and write them with the shared files and
//! the search index: into a staging folder swapped in at the end, into the
//! output folder in place, or nowhere (`folio check`, a build with errors).
//! What to do was decided in [`super::plan`]; nothing here decides it again.

use super::cache::{Pending, Saved};
use super::plan::{self, OutputPlan, PlanSummary, Remember, Shared, Target};
use super::write::{self, PageClocks, Writer};
use super::{BuildOutcome, Engine, Project, State, Timer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::spill::Bodies;
use crate::markdown::PackedHtml;
use crate::output::Staging;
use crate::render::strings::{self, Strings};
use crate::render::{Renderer, SiteInfo, Theme};
use crate::site::PageId;
use std::collections::{BTreeSet, HashMap, HashSet};

impl Engine {
    /// Collect the diagnostics, plan the output, and produce it.
    /// `dirty`: the pages whose HTML can have changed (`None`: all).
    /// `held`: another language's site of the same output has errors, so
    /// this one writes nothing either (as if it had them).
    pub(super) fn produce(
        &mut self,
        dirty: Option<BTreeSet<PageId>>,
        full: bool,
        mut summary: PlanSummary,
        mut timer: Timer,
        held: bool,
    ) -> BuildOutcome {
        let mut diagnostics = self.diagnostics();
        let cache_key = self.cache.enabled().then(|| self.cache_key());
        let mut outcome = BuildOutcome {
            out_dir: self.project.out_dir.clone(),
            ..BuildOutcome::default()
        };
        let Some(state) = self.state.as_mut() else {
            return done(outcome, diagnostics, summary, timer);
        };
        let site = &state.site;
        outcome.marked_pages = self.marked_pages;
        outcome.audience = self.project.audience.as_ref().map(|a| {
            let passages = site.pages.iter().zip(&state.rendered);
            let passages =
                passages.map(|(p, r)| (p.src().unwrap_or_default(), &r.cut_passages[..]));
            let cut = std::sync::Arc::clone(&self.audience_cut);
            crate::audience::Report::new(a, cut, &self.project.display_root, passages)
        });
        let published: BTreeSet<PageId> = (0..site.pages.len())
            .filter(|&id| state.publication.has_page(site, id))
            .collect();
        outcome.pages = published.len();
        outcome.files = state.publication.count();
        outcome.unpublished = state
            .publication
            .unpublished(site)
            .into_iter()
            .map(|rel| crate::load::display_path(&self.project.display_root, rel))
            .collect();
        let (theme, renderer) = match &self.renderer {
            Ok(tr) => (&tr.0, &tr.1),
            Err(d) => {
                diagnostics.push((**d).clone());
                return done(outcome, diagnostics, summary, timer);
            }
        };
        // A full build into the output the cache describes updates it in
        // place, as serve does, from the fingerprints of the cache.
        let errors = held || diagnostics.has_errors();
        let reused = match full && self.opts.write && !errors {
            true => self.cache.trusted_output(
                &self.project.out_dir,
                &state.site,
                super::nested_sites(&self.language),
            ),
            false => None,
        };
        let reuse_output = reused.is_some();
        if let Some(reused) = reused {
            self.written = reused.written;
            state.fingerprints = reused.fingerprints;
        }
        let plan = plan::output(&plan::Situation {
            full,
            dirty: dirty.as_ref(),
            published: &published,
            write: self.opts.write,
            errors,
            stale_output: self.stale_output,
            incremental: self.opts.incremental,
            sidebars_known: state.sidebars.len() == state.site.folders.len(),
            reuse_output,
            cache: self.cache.enabled(),
        });
        if plan.target == Target::InPlace && full {
            self.cache.discard();
        }
        summary.target = Some(plan.target);
        // A listing not published now is written afresh when it is again.
        for (id, print) in state.fingerprints.iter_mut().enumerate() {
            if !published.contains(&id) {
                *print = 0;
            }
        }
        let config = &self.project.config;
        let home = state.site.home();
        let info = SiteInfo {
            title: if config.title.is_empty() {
                state.site.pages[home].title.clone()
            } else {
                config.title.clone()
            },
            language: state
                .site
                .language()
                .map_or(config.language.tag(), |v| v.language.html_lang()),
            base_url: self
                .opts
                .base_url
                .clone()
                .or_else(|| config.base_url.clone()),
            search: config.search.enabled,
            banner: self
                .project
                .audience
                .as_ref()
                .and_then(|a| a.banner.clone()),
            source_links: self
                .project
                .audience
                .as_ref()
                .is_none_or(|a| a.source_links),
        };
        let maker = JobMaker {
            project: &self.project,
            theme,
            renderer,
            strings: strings::for_language(config.language),
            progress: self.opts.progress.as_deref(),
            info,
            printed: write::printed_folders(&self.project, &state.site, &state.navigation),
        };
        if plan.sidebars {
            match maker.job(state).sidebars() {
                Ok(s) => state.sidebars = s,
                Err(d) => {
                    diagnostics.push(*d);
                    return done(outcome, diagnostics, summary, timer);
                }
            }
            timer.lap("sidebars");
        }
        let run = Run {
            maker: &maker,
            plan: &plan,
            outcome: &mut outcome,
            timer: &mut timer,
        };
        let produced = match plan.target {
            Target::Nothing => run.nowhere(state),
            Target::Staging => run.into_staging(
                state,
                &mut self.search,
                cache_key.map(|key| (&mut self.cache, key)),
            ),
            Target::InPlace => run.in_place(
                state,
                &mut self.search,
                std::mem::take(&mut self.written),
                std::mem::take(&mut self.changed_assets),
            ),
        };
        diagnostics.extend(produced.problems);
        if let Some(written) = produced.written {
            self.written = written;
        }
        // What the output folder holds now: the last good run's files, or
        // not (the next run then writes everything).
        self.stale_output = match plan.target {
            Target::Nothing => self.stale_output || self.opts.write,
            Target::Staging => self.stale_output && outcome.written_to.is_none(),
            Target::InPlace => diagnostics.has_errors(),
        };
        if plan.target == Target::InPlace && !self.stale_output {
            outcome.written_to = Some(self.project.out_dir.clone());
        }
        summary.filled = outcome.filled;
        if let (Some(key), Some(out_dir)) = (cache_key, &outcome.written_to) {
            if !diagnostics.has_errors() {
                self.cache.save(
                    produced.cache,
                    Saved {
                        key,
                        site: &state.site,
                        rendered: &mut state.rendered,
                        spill: state.spill.as_ref(),
                        out_dir,
                        written: &self.written,
                        fingerprints: &state.fingerprints,
                    },
                );
                timer.lap("cache");
            }
        }
        diagnostics.extend(self.cache.notes().iter().cloned());
        done(outcome, diagnostics, summary, timer)
    }

    /// Every diagnostic of the run: loading, the site model, links,
    /// rendering, and the repository links that need a `repo-url`.
    pub(super) fn diagnostics(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        for ds in self.content.problems.values() {
            diagnostics.extend(ds.iter().cloned());
        }
        let Some(state) = &self.state else {
            return diagnostics;
        };
        diagnostics.extend(state.site_diagnostics.iter().cloned());
        for c in &state.checked {
            diagnostics.extend(c.diagnostics.iter().cloned());
        }
        // Rendering's own warnings (formulas), kept with each page's rendering.
        for r in &state.rendered {
            diagnostics.extend(r.diagnostics.iter().cloned());
        }
        diagnostics.extend(crate::links::web::missing_repo_url(
            &state.site,
            state.navigation.order(),
            &state.rendered,
            &self.project.display_root,
        ));
        diagnostics
    }
}

/// One run of the plan against its target.
struct Run<'r, 'e> {
    maker: &'r JobMaker<'e>,
    plan: &'r OutputPlan,
    outcome: &'r mut BuildOutcome,
    timer: &'r mut Timer,
}

/// What a run produced: its problems, and the hashes of what the output
/// folder now holds (`None`: unchanged from the last run's).
#[derive(Default)]
struct Produced {
    problems: Vec<Diagnostic>,
    written: Option<HashMap<String, u64>>,
    /// The cache's renderings, written before the bodies were let go.
    cache: Option<Pending>,
}

impl Run<'_, '_> {
    fn fill(&mut self, state: &mut State, writer: Option<&Writer>) -> Vec<Diagnostic> {
        self.maker
            .fill(state, self.plan, writer, self.timer, self.outcome)
    }

    /// Fill the templates (they can fail too) and write nothing.
    fn nowhere(mut self, state: &mut State) -> Produced {
        Produced {
            problems: self.fill(state, None),
            written: None,
            cache: None,
        }
    }

    /// Write everything into a staging folder and swap it in.
    fn into_staging(
        mut self,
        state: &mut State,
        search: &mut crate::search::Cache,
        cache: Option<(&mut super::cache::Cache, u64)>,
    ) -> Produced {
        let out_dir = &self.maker.project.out_dir;
        let staging = match Staging::create(out_dir) {
            Ok(s) => s,
            Err(e) => {
                return Produced {
                    problems: vec![write::io_error(&out_dir.display().to_string(), e)],
                    written: None,
                    cache: None,
                }
            }
        };
        // Serve keeps what it wrote (and every page's search terms) for the
        // updates to come.
        let incremental = self.plan.remember == Remember::Afresh;
        let writer = Writer::new(&staging.path(""), incremental, HashMap::new());
        let mut problems = self.fill(state, Some(&writer));
        let job = self.maker.job(state);
        problems.extend(job.everything_else(&writer, &state.sidebars[0][0]));
        self.timer.lap("shared files");
        problems.extend(job.print_pages(&writer, None));
        self.timer.lap("print pages");
        let mut pending = None;
        if self.plan.drop_bodies {
            // Nothing renders these pages again: their bodies are written
            // (pages and print pages), and the search index needs only
            // their texts. The cache keeps them: its renderings are
            // written first.
            if let Some((cache, key)) = cache.filter(|_| !problems.iter().any(Diagnostic::is_error))
            {
                pending = cache.begin(key, &state.site, &mut state.rendered, state.spill.as_ref());
            }
            for r in &mut state.rendered {
                r.body = PackedHtml::default();
            }
            // Nor fills them again (serve keeps its sidebars, a one-off
            // build has no next run).
            state.sidebars = Default::default();
        }
        let job = self.maker.job(state);
        problems.extend(job.search(
            &writer,
            incremental.then_some(search),
            crate::search::Output::Fresh,
        ));
        self.timer.lap("search index");
        if let Some(e) = state.spill.as_ref().and_then(|s| s.take_error()) {
            problems.push(Diagnostic::error(
                crate::diagnostics::Code::Output,
                format!("cannot read the rendered pages back from their temporary file: {e}"),
            ));
        }
        let hashes = writer.finish(|_| false);
        if problems.iter().any(Diagnostic::is_error) {
            // Dropping the staging folder removes it.
            return Produced {
                problems,
                written: None,
                cache: None,
            };
        }
        let mut written = None;
        match staging.commit() {
            Ok((out, swap)) => {
                self.outcome.written_to = Some(out);
                self.outcome.swap = Some(swap);
                written = Some(hashes);
            }
            Err(e) => problems.push(write::io_error(&out_dir.display().to_string(), e)),
        }
        self.timer.lap("swap");
        Produced {
            problems,
            written,
            cache: pending,
        }
    }

    /// Update the output folder file by file: files whose bytes did not
    /// change are not written, files that left the site are removed.
    fn in_place(
        mut self,
        state: &mut State,
        search: &mut crate::search::Cache,
        previous: HashMap<String, u64>,
        changed_assets: BTreeSet<String>,
    ) -> Produced {
        let writer = Writer::new(&self.maker.project.out_dir, true, previous);
        let before = (self.plan.remember == Remember::Updates).then(|| state.fingerprints.clone());
        let mut problems = self.fill(state, Some(&writer));
        // The pages whose HTML changed: a page made of what it was made of
        // is the same section in every print page that holds it, so only
        // the print pages holding one of these are made again (a title
        // change refills the pages that show it, not the whole site).
        let refilled: Option<BTreeSet<PageId>> = before.map(|before| {
            (0..state.fingerprints.len())
                .filter(|&id| {
                    let now = state.fingerprints[id];
                    now == 0 || before.get(id) != Some(&now)
                })
                .collect()
        });
        let written = if self.plan.shared == Shared::ChangedFiles {
            // Same tree, same navigation: the shared files stand; only files
            // edited in place, and files a page now references, are copied
            // again; files no page references any more go.
            let site = &state.site;
            let publication = &state.publication;
            let mut unpublished: HashSet<&str> = HashSet::new();
            for (i, a) in site.assets.iter().enumerate() {
                let now = publication.is_published(i);
                let was = writer.wrote_before(&a.rel);
                if !now {
                    unpublished.insert(&a.rel);
                } else if !was || changed_assets.contains(&a.rel) {
                    if let Err(e) = writer.copy(&a.abs, &a.rel) {
                        problems.push(write::io_error(&a.rel, e));
                    }
                }
            }
            let job = self.maker.job(state);
            problems.extend(job.print_pages(&writer, Some(&self.plan.pages)));
            self.timer.lap("print pages");
            problems.extend(job.search(
                &writer,
                Some(search),
                crate::search::Output::Kept(Some(&self.plan.pages)),
            ));
            self.timer.lap("search index");
            writer.finish(|rel| !unpublished.contains(rel))
        } else {
            let job = self.maker.job(state);
            problems.extend(job.everything_else(&writer, &state.sidebars[0][0]));
            self.timer.lap("shared files");
            // `refilled`: the pages whose HTML changed, when only their
            // print pages need making again (`None`: all).
            problems.extend(job.print_pages(&writer, refilled.as_ref()));
            self.timer.lap("print pages");
            problems.extend(job.search(&writer, Some(search), crate::search::Output::Kept(None)));
            self.timer.lap("search index");
            // Here the plan fills every published page, and the print
            // pages not made again stand.
            let prints: Vec<String> = match refilled {
                Some(_) if self.maker.project.config.print.enabled => {
                    crate::print::folders_to_print(&state.site, &self.maker.printed, None)
                        .into_iter()
                        .map(|f| crate::print::print_path(&state.site, f))
                        .collect()
                }
                _ => Vec::new(),
            };
            // The search files not made again stand too.
            let searched = search.files();
            let keep: HashSet<&str> = self
                .plan
                .pages
                .iter()
                .map(|&id| state.site.pages[id].out.as_str())
                .chain(prints.iter().map(String::as_str))
                .chain(searched.iter().map(String::as_str))
                .collect();
            writer.finish(|rel| keep.contains(rel))
        };
        Produced {
            problems,
            written: Some(written),
            cache: None,
        }
    }
}

/// What a [`write::Job`] takes from the engine; the state is lent to each
/// job apart, so that the run can change it between them.
struct JobMaker<'e> {
    project: &'e Project,
    theme: &'e Theme,
    renderer: &'e Renderer,
    strings: &'static Strings,
    progress: Option<&'e super::Progress>,
    info: SiteInfo,
    /// Which folders have a print page: the site and its navigation are
    /// settled before producing starts.
    printed: Vec<bool>,
}

impl JobMaker<'_> {
    /// Fill the templates of the plan's pages and, given a writer, write
    /// them; the stage is timed as `templates+write` (`templates` without
    /// a writer).
    fn fill(
        &self,
        state: &mut State,
        plan: &OutputPlan,
        writer: Option<&Writer>,
        timer: &mut Timer,
        outcome: &mut BuildOutcome,
    ) -> Vec<Diagnostic> {
        let clocks = PageClocks::default();
        let mut prints = std::mem::take(&mut state.fingerprints);
        if plan.remember == Remember::Afresh {
            prints.clear();
        }
        let seen = (plan.remember != Remember::Nothing).then_some(&mut prints);
        let mut problems =
            self.job(state)
                .pages(&plan.pages, &state.sidebars, writer, &clocks, seen);
        state.fingerprints = prints;
        timer.lap(if writer.is_some() {
            "templates+write"
        } else {
            "templates"
        });
        clocks.report(timer);
        if let Some(w) = writer {
            // What serve keeps between saves, the tasks page's sections
            // with the rest.
            let mut sections = std::mem::take(&mut state.task_sections);
            let kept = plan.keep_generated.then_some(&mut sections);
            problems.extend(self.job(state).knowledge_pages(w, kept));
            state.task_sections = sections;
            timer.lap("knowledge pages");
        }
        outcome.filled += clocks.filled();
        problems
    }

    fn job<'s>(&'s self, state: &'s State) -> write::Job<'s> {
        write::Job {
            project: self.project,
            site: &state.site,
            nav: &state.navigation,
            bodies: Bodies {
                rendered: &state.rendered,
                spill: state.spill.as_ref(),
            },
            rendered: &state.rendered,
            checked: &state.checked,
            theme: self.theme,
            renderer: self.renderer,
            strings: self.strings,
            progress: self.progress,
            info: self.info.clone(),
            publication: &state.publication,
            knowledge: &state.knowledge,
            printed: &self.printed,
        }
    }
}

fn done(
    mut outcome: BuildOutcome,
    mut diagnostics: Diagnostics,
    summary: PlanSummary,
    timer: Timer,
) -> BuildOutcome {
    diagnostics.sort();
    outcome.diagnostics = diagnostics;
    outcome.timings = timer.stages;
    outcome.plan = summary;
    outcome
}
