//! The analysing stages of a run: the site model, Markdown and titles, and
//! link checking. Each is redone only where [`super::plan`] says the change
//! requires it; [`super::produce`] then fills the templates and writes.

use super::plan::{self, nav_signature, reusable_renderings, shape, Change, PlanSummary};
use super::{Engine, State, Timer};
use crate::audience::passages;
use crate::config::BrokenLinks;
use crate::diagnostics::{Diagnostic, Severity};
use crate::links::check::{self, CheckOptions, Suggester};
use crate::load;
use crate::markdown::spill::{Spill, SpilledBody};
use crate::markdown::{self, RenderOptions, RenderedPage};
use crate::nav::Nav;
use crate::site::publish::Publication;
use crate::site::{PageId, Site};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

thread_local! {
    /// Each rendering thread's buffer for the page it reads.
    static SOURCE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Engine {
    /// Site model, Markdown (reusing what it can), titles, link checking.
    pub(super) fn analyse(&mut self, change: Change, timer: &mut Timer) -> Analysed {
        let (mut texts, touched) = match change {
            Change::Everything => (HashMap::new(), true),
            Change::Edits { texts, touched } => (texts, touched),
        };
        // One language's site sees its own pages, under their paths in it.
        if let Some(super::LanguageView { languages, view }) = &self.language {
            texts = view.own_texts(languages, texts);
        }
        let mut summary = PlanSummary::default();
        let mut old = self.state.take();
        let old_knowledge = old.as_mut().map(|o| std::mem::take(&mut o.knowledge));
        let old_listings = old.as_ref().map(|o| o.publication.listings().to_vec());
        let (mut site, site_diagnostics, kept_site) =
            self.site_model(old.as_mut(), touched, &texts);
        let reshaped = !kept_site && old.as_ref().is_none_or(|o| shape(&o.site) != shape(&site));
        let fingerprints = match old.as_mut() {
            Some(o) if !reshaped => std::mem::take(&mut o.fingerprints),
            _ => Vec::new(),
        };
        let task_sections = old
            .as_mut()
            .map(|o| std::mem::take(&mut o.task_sections))
            .unwrap_or_default();

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
        if old.is_none() {
            self.cache.reuse(&site, &mut rendered);
        }
        // Texts of pages just re-read (serve); the others are read in the
        // parallel pass, one at a time per thread.
        let to_render: Vec<(PageId, Option<String>)> = (0..site.pages.len())
            .filter(|&id| rendered[id].is_none())
            .map(|id| (id, site.pages[id].src().and_then(|rel| texts.remove(rel))))
            .collect();
        let changed: BTreeSet<PageId> = to_render.iter().map(|(id, _)| *id).collect();
        summary.rendered = changed.len();
        let mut spill = self.spill(old.is_none(), site.pages.len());
        for (id, r, body) in self.render_pages(&site, to_render, spill.as_ref()) {
            rendered[id] = Some(r);
            if let Some(s) = spill.as_mut() {
                s.record(id, body);
            }
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
        let navigation = Nav::build(
            &site,
            &rendered,
            self.project.explicit_nav.as_ref(),
            &self.not_in_nav,
        );
        for (page, title) in navigation.file_titles() {
            site.pages[*page].title.clone_from(title);
        }
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
            excluded_severity: if self.opts.strict {
                Severity::Error
            } else {
                Severity::Warning
            },
            ignore: &ignore,
            display_root: &self.project.display_root,
            suggest: self.opts.show_warnings || severity == Severity::Error,
            external_images: config.links.external_images == crate::config::ExternalImages::Warn,
            content_dir: &self.project.content_dir,
        };
        let nav = nav_signature(&site, &navigation);
        let rechecks = plan::rechecks(
            &site,
            &rendered,
            reshaped || old.is_none(),
            &changed,
            &old_ids,
        );
        let (checked, dirty, sidebars, suggester) = match (old, rechecks) {
            (Some(old), Some(rechecks)) => {
                let mut checked = old.checked;
                let mut dirty = changed.clone();
                let mut suggester = old.suggester;
                summary.checked = rechecks.len();
                for id in rechecks {
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
                summary.checked = checked.len();
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
        // An audience build shows no commit subjects: a subject can itself
        // be confidential ("调整极峰分成比例").
        let knowledge_config = crate::config::KnowledgeConfig {
            show_subjects: config.knowledge.show_subjects && self.project.audience.is_none(),
            ..config.knowledge.clone()
        };
        let knowledge = crate::knowledge::Knowledge::build(&crate::knowledge::Inputs {
            config: &knowledge_config,
            site: &site,
            order: navigation.order(),
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
            navigation,
            sidebars,
            suggester,
            nav,
            site_diagnostics,
            fingerprints,
            task_sections,
            knowledge,
            spill,
        });
        Analysed { dirty, summary }
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
                    .get(site.file(&rel))
                    .filter(|_| texts.contains_key(&rel))
                {
                    site.refresh_source(id, source);
                }
            }
            return (site, o.site_diagnostics.clone(), true);
        }
        let content = match &self.language {
            Some(super::LanguageView { languages, view }) => {
                view.select(languages, self.content.snapshot())
            }
            None => self.content.snapshot(),
        };
        let (mut site, mut diagnostics) = Site::build(content, &self.project.display_root);
        if let Some(super::LanguageView { view, .. }) = &self.language {
            site.set_language(Arc::clone(view));
        }
        if let Some(nav) = &self.project.explicit_nav {
            // Another language's site may lack a page the file names; the
            // default language's says so.
            let elsewhere =
                |src: &str| site.elsewhere(src).is_some() && !site.is_default_language();
            diagnostics
                .extend(nav.missing_pages(|src| site.lookup(src).is_some() || elsewhere(src)));
        }
        diagnostics.extend(self.project.import_notes.iter().cloned());
        site.attach(Arc::clone(&self.repository), self.exclude.clone());
        site.set_audience_cut(Arc::clone(&self.audience_cut));
        site.apply_git_dates(&self.git_dates);
        (site, diagnostics, false)
    }

    /// Where a one-off build of a large site puts its bodies until the
    /// templates (see `markdown::spill`); `None`: they stay in memory.
    fn spill(&self, fresh: bool, pages: usize) -> Option<Spill> {
        let large = self.content.markdown_bytes > markdown::packed::PACK_ABOVE_BYTES;
        // Serve keeps every body in memory for the updates to come. (The
        // build cache reads spilled bodies back as it writes them.)
        let kept = self.opts.incremental;
        if !(fresh && large && self.opts.write && !kept) {
            return None;
        }
        // Beside the output folder (where its staging folder goes too).
        let out = crate::output::absolute(&self.project.out_dir);
        Spill::create(out.parent()?, pages).ok()
    }

    /// Render `to_render` in parallel: each page from the text given, or
    /// read again into its thread's buffer, its body then written to
    /// `spill` if given. A page that can no longer be read renders empty
    /// and its problem is recorded with the content's.
    fn render_pages(
        &mut self,
        site: &Site,
        to_render: Vec<(PageId, Option<String>)>,
        spill: Option<&Spill>,
    ) -> Vec<(PageId, RenderedPage, SpilledBody)> {
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
        let render_one = |(id, text): (PageId, Option<String>)| {
            if let Some(p) = progress {
                p.step();
            }
            let Some(source) = &site.pages[id].source else {
                return (id, RenderedPage::default(), None);
            };
            let file = site.file(&source.rel);
            let display_path = load::display_path(&self.project.display_root, file);
            let opts = RenderOptions {
                highlighter: &self.highlighter,
                drop_breadcrumb: config.breadcrumbs.enabled && id != home,
                table_label: strings.table,
                anchor_label: strings.heading_link,
                pack_bodies,
                display_path: &display_path,
                alert_labels: &strings.alerts,
                task_labels: &strings.tasks,
                raw_html: config.markdown.raw_html,
            };
            let audience = self.project.audience.as_ref();
            // Passages are cut (markers blanked) before the page is parsed.
            let render = |text: &str, body_start| {
                let marked = passages::apply(text, body_start, audience, &display_path);
                let mut r = markdown::render(site, id, &marked.text, body_start, &opts);
                r.diagnostics.extend(marked.diagnostics);
                r.cut_passages = marked.cut;
                r
            };
            if let Some(text) = text {
                return (id, render(&text, source.body_start), None);
            }
            SOURCE.with_borrow_mut(|buf| {
                let abs = self.project.content_dir.join(file);
                match load::read_source(file, &abs, &self.project.display_root, buf) {
                    Ok((text, body_start, _)) => (id, render(text, body_start), None),
                    // The file changed since it was loaded and can no
                    // longer be read.
                    Err(d) => (id, RenderedPage::default(), Some(*d)),
                }
            })
        };
        let fresh: Vec<(PageId, RenderedPage, Option<Diagnostic>, SpilledBody)> = to_render
            .into_par_iter()
            .map(|job| {
                let (id, mut r, problem) = render_one(job);
                let body = spill.map_or_else(SpilledBody::default, |s| s.put(&mut r));
                (id, r, problem, body)
            })
            .collect();
        fresh
            .into_iter()
            .map(|(id, r, problem, body)| {
                if let (Some(d), Some(rel)) = (problem, site.pages[id].src()) {
                    self.content
                        .problems
                        .entry(site.file(rel).to_string())
                        .or_default()
                        .push(d);
                }
                (id, r, body)
            })
            .collect()
    }
}

/// What the analysing stages found for the runner.
pub(super) struct Analysed {
    /// The pages whose HTML can have changed (`None`: all).
    pub dirty: Option<BTreeSet<PageId>>,
    /// What was rendered and checked again.
    pub summary: PlanSummary,
}
