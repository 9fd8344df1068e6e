//! The engine's last stages: collect the diagnostics, fill the templates,
//! write the pages, the shared files and the search index, and swap the
//! staging folder in (full builds) or update the output in place (serve).

use super::stages::{Engine, State};
use super::write::{self, PageClocks, Writer};
use super::{BuildOutcome, Project, Timer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::PackedHtml;
use crate::output::Staging;
use crate::render::strings::{self, Strings};
use crate::render::{Renderer, SiteInfo, Theme};
use crate::site::PageId;
use std::collections::{BTreeSet, HashMap, HashSet};

impl Engine {
    /// Collect the diagnostics, fill the templates and write.
    pub(super) fn finish(
        &mut self,
        dirty: Option<BTreeSet<PageId>>,
        full: bool,
        mut timer: Timer,
    ) -> BuildOutcome {
        let mut diagnostics = Diagnostics::default();
        for ds in self.content.problems.values() {
            diagnostics.extend(ds.iter().cloned());
        }
        let mut outcome = BuildOutcome {
            out_dir: self.project.out_dir.clone(),
            ..BuildOutcome::default()
        };
        let Some(state) = self.state.as_mut() else {
            return outcome;
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
            &state.rendered,
            &self.project.display_root,
        ));
        let site = &state.site;
        let published: BTreeSet<PageId> = (0..site.pages.len())
            .filter(|&id| state.publication.has_page(site, id))
            .collect();
        outcome.pages = published.len();
        outcome.files = state.publication.count();
        outcome.unpublished = state
            .publication
            .unpublished(&state.site)
            .into_iter()
            .map(|rel| crate::load::display_path(&self.project.display_root, rel))
            .collect();
        let (theme, renderer) = match &self.renderer {
            Ok(tr) => (&tr.0, &tr.1),
            Err(d) => {
                diagnostics.push((**d).clone());
                return done(outcome, diagnostics, timer);
            }
        };
        let pages = match (&dirty, self.stale_output) {
            (Some(d), false) => d.intersection(&published).copied().collect(),
            _ => published.clone(),
        };
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
            language: config.language.tag(),
            base_url: self
                .opts
                .base_url
                .clone()
                .or_else(|| config.base_url.clone()),
            search: config.search.enabled,
        };
        let maker = JobMaker {
            project: &self.project,
            theme,
            renderer,
            strings: strings::for_language(config.language),
            progress: self.opts.progress.as_deref(),
            info,
        };
        if dirty.is_none() || state.sidebars.len() != state.site.folders.len() {
            match maker.job(state).sidebars() {
                Ok(s) => state.sidebars = s,
                Err(d) => {
                    diagnostics.push(*d);
                    return done(outcome, diagnostics, timer);
                }
            }
            timer.lap("sidebars");
        }
        let write = self.opts.write && !diagnostics.has_errors();
        if !write {
            // `folio check`, or a build with errors: render (templates can
            // fail too) but write nothing.
            diagnostics.extend(maker.fill(
                state,
                &pages,
                None,
                Remember::Nothing,
                &mut timer,
                &mut outcome,
            ));
            self.stale_output |= self.opts.write;
            return done(outcome, diagnostics, timer);
        }
        if full {
            let staging = match Staging::create(&self.project.out_dir) {
                Ok(s) => s,
                Err(e) => {
                    diagnostics.push(write::io_error(
                        &self.project.out_dir.display().to_string(),
                        e,
                    ));
                    return done(outcome, diagnostics, timer);
                }
            };
            let writer = Writer::new(&staging.path(""), self.opts.incremental, HashMap::new());
            // Serve remembers what it wrote, for the updates to come.
            let remember = if self.opts.incremental {
                Remember::Afresh
            } else {
                Remember::Nothing
            };
            diagnostics.extend(maker.fill(
                state,
                &pages,
                Some(&writer),
                remember,
                &mut timer,
                &mut outcome,
            ));
            diagnostics.extend(
                maker
                    .job(state)
                    .everything_else(&writer, &state.sidebars[0]),
            );
            timer.lap("shared files");
            if !self.opts.incremental {
                // Nothing renders these pages again: their bodies are
                // written (pages and print pages), and the search index
                // needs only their texts.
                for r in &mut state.rendered {
                    r.body = PackedHtml::default();
                }
            }
            let job = maker.job(state);
            let cache = self.opts.incremental.then_some(&mut self.search);
            diagnostics.extend(job.search(&writer, cache, None));
            timer.lap("search index");
            let hashes = writer.finish(|_| false);
            if diagnostics.has_errors() {
                // Dropping the staging folder removes it.
                return done(outcome, diagnostics, timer);
            }
            match staging.commit() {
                Ok((out, swap)) => {
                    outcome.written_to = Some(out);
                    outcome.swap = Some(swap);
                    self.written = hashes;
                    self.stale_output = false;
                }
                Err(e) => diagnostics.push(write::io_error(
                    &self.project.out_dir.display().to_string(),
                    e,
                )),
            }
            timer.lap("swap");
        } else {
            let writer = Writer::new(
                &self.project.out_dir,
                true,
                std::mem::take(&mut self.written),
            );
            // After a failed run the output is not what was last written:
            // every page is written, and remembered afresh.
            let remember = if self.stale_output {
                Remember::Afresh
            } else {
                Remember::Updates
            };
            diagnostics.extend(maker.fill(
                state,
                &pages,
                Some(&writer),
                remember,
                &mut timer,
                &mut outcome,
            ));
            let changed_assets = std::mem::take(&mut self.changed_assets);
            if dirty.is_some() && !self.stale_output {
                // Same tree, same navigation: the shared files stand; only
                // files edited in place, and files a page now references,
                // are copied again; files no page references any more go.
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
                            diagnostics.push(write::io_error(&a.rel, e));
                        }
                    }
                }
                diagnostics.extend(maker.job(state).print_pages(&writer, Some(&pages)));
                diagnostics.extend(maker.job(state).search(
                    &writer,
                    Some(&mut self.search),
                    Some(&pages),
                ));
                timer.lap("search index");
                self.written = writer.finish(|rel| !unpublished.contains(rel));
            } else {
                diagnostics.extend(
                    maker
                        .job(state)
                        .everything_else(&writer, &state.sidebars[0]),
                );
                timer.lap("shared files");
                diagnostics.extend(
                    maker
                        .job(state)
                        .search(&writer, Some(&mut self.search), None),
                );
                timer.lap("search index");
                let outs: HashSet<&str> = published
                    .iter()
                    .map(|&id| state.site.pages[id].out.as_str())
                    .collect();
                self.written = writer.finish(|rel| outs.contains(rel));
            }
            self.stale_output = diagnostics.has_errors();
            if !self.stale_output {
                outcome.written_to = Some(self.project.out_dir.clone());
            }
        }
        done(outcome, diagnostics, timer)
    }
}

/// What a [`write::Job`] takes from the engine; the state is lent to each
/// job apart, so that the build can change it between them.
struct JobMaker<'e> {
    project: &'e Project,
    theme: &'e Theme,
    renderer: &'e Renderer,
    strings: &'static Strings,
    progress: Option<&'e super::Progress>,
    info: SiteInfo,
}

/// What the page writers remember of the pages they write (serve: the
/// fingerprints that let an update skip unchanged pages).
enum Remember {
    Nothing,
    /// Forget what was remembered; remember these pages.
    Afresh,
    /// Skip the pages whose fingerprint is unchanged; remember the others.
    Updates,
}

impl JobMaker<'_> {
    /// Fill the templates of `pages` and, given a writer, write them; the
    /// stage is timed as `templates+write` (`templates` without a writer).
    fn fill(
        &self,
        state: &mut State,
        pages: &BTreeSet<PageId>,
        writer: Option<&Writer>,
        remember: Remember,
        timer: &mut Timer,
        outcome: &mut BuildOutcome,
    ) -> Vec<Diagnostic> {
        let clocks = PageClocks::default();
        let mut prints = std::mem::take(&mut state.fingerprints);
        if matches!(remember, Remember::Afresh) {
            prints.clear();
        }
        let seen = (!matches!(remember, Remember::Nothing)).then_some(&mut prints);
        let problems = self
            .job(state)
            .pages(pages, &state.sidebars, writer, &clocks, seen);
        state.fingerprints = prints;
        timer.lap(if writer.is_some() {
            "templates+write"
        } else {
            "templates"
        });
        clocks.report(timer);
        outcome.filled += clocks.filled();
        problems
    }

    fn job<'s>(&'s self, state: &'s State) -> write::Job<'s> {
        write::Job {
            project: self.project,
            site: &state.site,
            rendered: &state.rendered,
            checked: &state.checked,
            theme: self.theme,
            renderer: self.renderer,
            strings: self.strings,
            progress: self.progress,
            info: self.info.clone(),
            publication: &state.publication,
        }
    }
}

fn done(mut outcome: BuildOutcome, mut diagnostics: Diagnostics, timer: Timer) -> BuildOutcome {
    diagnostics.sort();
    outcome.diagnostics = diagnostics;
    outcome.timings = timer.stages;
    outcome
}
