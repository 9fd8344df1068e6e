//! The last stage: fill templates (in parallel) and write pages, folio's
//! assets and the copied files, either into a staging folder (a full build,
//! swapped in by the caller) or in place (an update while serving, which
//! skips files whose bytes did not change and removes files that no longer
//! belong to the site).

use super::{CpuClock, Project, Timer};
use crate::diagnostics::{Code, Diagnostic};
use crate::hash;
use crate::links::check::{self, CheckedPage};
use crate::markdown::spill::Bodies;
use crate::markdown::RenderedPage;
use crate::nav::Nav;
use crate::render::strings::Strings;
use crate::render::{navtree, ContextBuilder, Renderer, SiteInfo, Theme, CONTENT_MARK};
use crate::site::publish::Publication;
use crate::site::{urls, FolderId, PageId, Site};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every folder's sidebars, `[folder][block]`: one per window of the
/// folder's entries (`nav::window`), shared by the pages of that window.
pub type Sidebars = Vec<Vec<String>>;

pub fn io_error(path: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(Code::Output, format!("cannot write `{path}`: {e}"))
}

/// Writes files under one folder. With tracking on, it remembers a hash of
/// everything written, skips a file whose bytes equal what the previous run
/// wrote there, and at the end removes what the previous run wrote but this
/// one no longer has.
pub struct Writer {
    root: PathBuf,
    track: bool,
    previous: HashMap<String, u64>,
    hashes: Mutex<HashMap<String, u64>>,
}

impl Writer {
    pub fn new(root: &Path, track: bool, previous: HashMap<String, u64>) -> Writer {
        Writer {
            root: root.to_path_buf(),
            track,
            previous,
            hashes: Mutex::new(HashMap::new()),
        }
    }

    fn record(&self, rel: &str, hash: u64) {
        if let Ok(mut h) = self.hashes.lock() {
            h.insert(rel.to_string(), hash);
        }
    }

    pub fn ensure_dirs<'a>(&self, dirs: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        for d in dirs {
            fs::create_dir_all(self.root.join(d))?;
        }
        Ok(())
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_parts(rel, &[bytes])
    }

    /// Write the file made of `parts`, one after the other (a page and its
    /// content apart: see `Renderer::render_around`).
    pub fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> io::Result<()> {
        if self.track {
            let hash = hash::parts(parts);
            self.record(rel, hash);
            if self.previous.get(rel) == Some(&hash) {
                return Ok(());
            }
        }
        let path = self.root.join(rel);
        let write = || -> io::Result<()> {
            if let [bytes] = parts {
                return fs::write(&path, bytes);
            }
            let mut file = fs::File::create(&path)?;
            for part in parts {
                io::Write::write_all(&mut file, part)?;
            }
            Ok(())
        };
        match write() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                write()
            }
            other => other,
        }
    }

    /// Did the previous run write `rel`?
    pub fn wrote_before(&self, rel: &str) -> bool {
        self.previous.contains_key(rel)
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        if self.track {
            self.record(rel, 0);
        }
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, path).map(|_| ())
    }

    /// Remove what the previous run wrote that this run neither wrote nor
    /// `keep`s (files of pages left as they were); return the hashes of the
    /// site's files now.
    pub fn finish(self, keep: impl Fn(&str) -> bool) -> HashMap<String, u64> {
        let mut hashes = self.hashes.into_inner().unwrap_or_default();
        for (rel, hash) in self.previous {
            if hashes.contains_key(&rel) {
                continue;
            }
            if keep(&rel) {
                hashes.insert(rel, hash);
            } else {
                let _ = fs::remove_file(self.root.join(&rel));
            }
        }
        hashes
    }
}

/// A page's output path and what its HTML is made of, hashed: equal
/// fingerprints, equal HTML (for the same templates).
fn fingerprint(out: &str, parts: &impl serde::Serialize) -> u64 {
    // A context that cannot be serialized fails the template too: such a
    // page is never skipped (0 is never a stored fingerprint).
    hash::serialized(&(out, parts)).map_or(0, |h| h | 1)
}

/// Where the page writers' time goes, summed over threads.
#[derive(Default)]
pub struct PageClocks {
    context: CpuClock,
    tera: CpuClock,
    write: CpuClock,
    filled: std::sync::atomic::AtomicUsize,
}

impl PageClocks {
    /// Pages whose template was filled.
    pub fn filled(&self) -> usize {
        self.filled.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn report(&self, timer: &mut Timer) {
        timer.part("  context (cpu)", &self.context);
        timer.part("  tera (cpu)", &self.tera);
        timer.part("  write (cpu)", &self.write);
    }
}

/// Everything the writer needs to produce a site's files.
pub struct Job<'a> {
    pub project: &'a Project,
    pub site: &'a Site,
    pub nav: &'a Nav,
    pub rendered: &'a [RenderedPage],
    /// The pages' bodies (in `rendered`, or spilled).
    pub bodies: Bodies<'a>,
    pub checked: &'a [CheckedPage],
    pub theme: &'a Theme,
    pub renderer: &'a Renderer,
    pub strings: &'static Strings,
    pub progress: Option<&'a super::Progress>,
    pub info: SiteInfo,
    /// Which of the site's files are published.
    pub publication: &'a Publication,
    pub knowledge: &'a crate::knowledge::Knowledge,
    /// Which folders have a print page, by id (see [`printed_folders`]).
    pub printed: &'a [bool],
}

/// Which folders have a print page, by id; none with `print.enabled =
/// false`. Once per run, for every job of the run.
pub fn printed_folders(project: &Project, site: &Site, nav: &Nav) -> Vec<bool> {
    let config = &project.config.print;
    if !config.enabled {
        return vec![false; site.folders.len()];
    }
    crate::print::printed_folders(site, nav.order(), config.max_pages)
}

impl<'a> Job<'a> {
    fn contexts(&self) -> ContextBuilder<'_> {
        let config = &self.project.config;
        ContextBuilder {
            site: self.site,
            nav: self.nav,
            info: &self.info,
            rendered: self.rendered,
            strings: self.strings,
            show_breadcrumbs: config.breadcrumbs.enabled,
            mermaid: &config.mermaid,
            knowledge: self.knowledge,
            printed: self.printed,
        }
    }

    /// The sidebars of every folder: one per window (the pages of a
    /// folder's window share it; see `nav::window`).
    pub fn sidebars(&self) -> Result<Sidebars, Box<Diagnostic>> {
        let contexts = self.contexts();
        let windows: Vec<(FolderId, usize)> = (0..self.site.folders.len())
            .filter(|&f| self.site.folders[f].index.is_some())
            .flat_map(|f| (0..self.nav.sidebar_blocks(f)).map(move |b| (f, b)))
            .collect();
        let rendered: Vec<String> = windows
            .par_iter()
            .map(|&(f, b)| {
                self.renderer
                    .render("sidebar.html", &contexts.sidebar(f, b))
            })
            .collect::<Result<_, _>>()?;
        let mut sidebars: Sidebars = vec![Vec::new(); self.site.folders.len()];
        for ((f, _), html) in windows.into_iter().zip(rendered) {
            sidebars[f].push(html);
        }
        Ok(sidebars)
    }

    /// A page's body with its broken links marked.
    fn body(&self, id: PageId) -> Cow<'a, str> {
        let body = self.bodies.get(id);
        let checked = &self.checked[id];
        let mut marks = checked.marks.clone();
        let body = if checked.fixes.is_empty() {
            body
        } else {
            Cow::Owned(check::fix_fragments(&body, &checked.fixes, &mut marks))
        };
        if marks.is_empty() {
            return body;
        }
        let wanted_url =
            self.knowledge.config.wanted.then(|| {
                urls::relative_url(&self.site.pages[id].out, crate::knowledge::WANTED_PAGE)
            });
        let how = check::Marking {
            broken_prefix: self.strings.broken_link,
            known_prefix: self.strings.knowledge.known_prefix,
            wanted_url: wanted_url.as_deref(),
        };
        Cow::Owned(check::mark_broken(&body, &marks, &how))
    }

    /// The knowledge base's generated pages (`_folio/wanted.html`, ...);
    /// `sections`: the tasks page's, kept from the last update.
    pub fn knowledge_pages(
        &self,
        w: &Writer,
        sections: Option<&mut crate::knowledge::pages::TaskSections>,
    ) -> Vec<Diagnostic> {
        let pages = crate::knowledge::pages::all(
            self.knowledge,
            self.site,
            self.rendered,
            self.strings,
            sections,
        );
        let contexts = self.contexts();
        // The root sidebar, its links made from each generated folder.
        let mut sidebars: HashMap<String, String> = HashMap::new();
        let mut errors = Vec::new();
        for page in pages {
            let folder = urls::parent(&page.out).to_string();
            if !sidebars.contains_key(&folder) {
                let sidebar = contexts.sidebar_from(0, 0, &page.out);
                match self.renderer.render("sidebar.html", &sidebar) {
                    Ok(html) => sidebars.insert(folder.clone(), html),
                    Err(d) => return vec![*d],
                };
            }
            // Filled around its content, which is written as it is: never
            // copied into Tera and out again.
            let marked =
                contexts.generated(&page.out, &page.title, CONTENT_MARK, &sidebars[&folder]);
            match self.renderer.render_around("page.html", &marked) {
                Ok(Some(around)) => {
                    let parts = [around.before(), page.body.as_bytes(), around.after()];
                    if let Err(e) = w.write_parts(&page.out, &parts) {
                        errors.push(io_error(&page.out, e));
                    }
                    continue;
                }
                Ok(None) => {}
                Err(d) => return vec![*d],
            }
            let context =
                contexts.generated(&page.out, &page.title, &page.body, &sidebars[&folder]);
            let context = match self.renderer.context(&context) {
                Ok(c) => c,
                Err(d) => return vec![*d],
            };
            // Tera holds its own copy of the content now: the page's own
            // goes (the tasks of a large site are megabytes).
            let crate::knowledge::pages::Generated { out, body, .. } = page;
            let len = body.len();
            drop(body);
            match self.renderer.render_context("page.html", &context, len) {
                Ok(html) => {
                    if let Err(e) = w.write(&out, &html) {
                        errors.push(io_error(&out, e));
                    }
                }
                Err(d) => return vec![*d],
            }
        }
        errors
    }

    /// Render the pages `ids` and write them (`writer` `None`: render only,
    /// as `folio check` does). Returns the problems met.
    pub fn pages(
        &self,
        ids: &BTreeSet<PageId>,
        sidebars: &Sidebars,
        writer: Option<&Writer>,
        clocks: &PageClocks,
        seen: Option<&mut Vec<u64>>,
    ) -> Vec<Diagnostic> {
        let site = self.site;
        if let Some(w) = writer {
            // Folders without pages (only files no page references, say)
            // are not made: copies and listings make their own folders.
            let mut dirs: BTreeSet<&str> = site
                .folders
                .iter()
                .filter(|f| f.index.is_some() && f.listing.is_none())
                .map(|f| f.rel.as_str())
                .collect();
            dirs.insert("_folio");
            if let Err(e) = w.ensure_dirs(dirs) {
                return vec![io_error("(folders)", e)];
            }
        }
        let contexts = self.contexts();
        let ids: Vec<PageId> = ids.iter().copied().collect();
        if let Some(p) = self.progress {
            p.stage("writing pages", ids.len());
        }
        let previous: Option<&[u64]> = seen.as_deref().map(Vec::as_slice);
        // Fingerprints hash what a page's HTML is made of without building
        // it: its context with the sidebar and body left out, the hash of its
        // folder's sidebar, its body as held (compressed or not) and its
        // broken-link marks.
        let sidebar_prints: Vec<Vec<u64>> = match previous {
            Some(_) => sidebars
                .par_iter()
                .map(|blocks| blocks.iter().map(|s| hash::bytes(s.as_bytes())).collect())
                .collect(),
            None => Vec::new(),
        };
        let results: Vec<(PageId, Option<u64>, Option<Diagnostic>)> = ids
            .into_par_iter()
            .map(|id| {
                if let Some(p) = self.progress {
                    p.step();
                }
                let out = &site.pages[id].out;
                let folder = site.pages[id].folder;
                let block = self.nav.sidebar_block(id);
                let print = previous.map(|_| {
                    let bare = clocks.context.time(|| contexts.page(id, "", ""));
                    fingerprint(
                        out,
                        &(
                            bare,
                            sidebar_prints[folder][block],
                            hash::bytes(self.rendered[id].body.held_bytes()),
                            &self.checked[id].marks,
                            &self.checked[id].fixes,
                        ),
                    )
                });
                // A page made of what it was made of when it was last
                // written is the same page: no need to fill the template.
                if print.is_some_and(|p| p != 0)
                    && previous.and_then(|p| p.get(id)) == print.as_ref()
                {
                    return (id, print, None);
                }
                let body = self.body(id);
                let context = clocks
                    .context
                    .time(|| contexts.page(id, &sidebars[folder][block], &body));
                let body_len = body.len();
                let context = clocks.tera.time(|| self.renderer.context(&context));
                // Tera holds its own copy of the body now: a huge page is
                // not held three times over (body, copy, page).
                drop(body);
                let html = context.and_then(|context| {
                    clocks.tera.time(|| {
                        self.renderer
                            .render_context("page.html", &context, body_len)
                    })
                });
                let html = match html {
                    Ok(html) => html,
                    Err(d) => return (id, None, Some(*d)),
                };
                clocks
                    .filled
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(w) = writer else {
                    return (id, None, None);
                };
                match clocks.write.time(|| w.write(out, &html)) {
                    Ok(()) => (id, print, None),
                    Err(e) => (id, None, Some(io_error(out, e))),
                }
            })
            .collect();
        if let Some(seen) = seen {
            seen.resize(site.pages.len(), 0);
            for (id, print, _) in &results {
                seen[*id] = print.unwrap_or(0);
            }
        }
        let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(|(_, _, e)| e).collect();
        // One broken template fails every page the same way: report it once.
        errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        errors.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
        errors
    }

    /// Everything but the pages and print pages: 404.html, the theme's
    /// static files, the navigation tree, copied files and the sitemap.
    pub fn everything_else(&self, w: &Writer, root_sidebar: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let not_found = self
            .renderer
            .render_bytes("404.html", &self.contexts().not_found(root_sidebar));
        let mut put = |rel: &str, bytes: &[u8]| {
            if let Err(e) = w.write(rel, bytes) {
                errors.push(io_error(rel, e));
            }
        };
        let mut template_error = None;
        match not_found {
            Ok(html) => put("404.html", &html),
            Err(d) => template_error = Some(*d),
        }
        let bundled_mermaid =
            self.project.config.mermaid.mode == crate::config::MermaidMode::Bundled;
        for file in self.theme.statics() {
            let name = file.name.trim_start_matches("static/");
            // Mermaid's 3.5 MB are published only when pages load them.
            if !bundled_mermaid && name.starts_with("mermaid/") {
                continue;
            }
            let rel = format!("_folio/{name}");
            put(&rel, &file.bytes);
        }
        put(
            "_folio/nav.js",
            navtree::script(self.site, self.nav).as_bytes(),
        );
        if let Some(base) = &self.info.base_url {
            put("sitemap.xml", sitemap(self.site, self.nav, base).as_bytes());
        }
        errors.extend(template_error);
        let copied: Vec<Diagnostic> = self
            .site
            .assets
            .par_iter()
            .enumerate()
            .filter(|&(i, _)| self.publication.is_published(i))
            .filter_map(|(_, a)| w.copy(&a.abs, &a.rel).err().map(|e| io_error(&a.rel, e)))
            .collect();
        errors.extend(copied);
        errors
    }

    /// The print pages (`print.enabled`) of the chapters holding `changed`
    /// pages, or of every chapter.
    pub fn print_pages(&self, w: &Writer, changed: Option<&BTreeSet<PageId>>) -> Vec<Diagnostic> {
        let config = &self.project.config;
        if !config.print.enabled {
            return Vec::new();
        }
        let changed: Option<Vec<PageId>> = changed.map(|c| c.iter().copied().collect());
        let sources = crate::print::Sources {
            site: self.site,
            order: self.nav.order(),
            rendered: self.rendered,
            bodies: self.bodies,
            checked: self.checked,
            strings: self.strings,
            info: &self.info,
            mermaid: &config.mermaid,
            paper: config.print.paper,
        };
        let folders = crate::print::folders_to_print(self.site, self.printed, changed.as_deref());
        crate::print::write(&sources, self.renderer, &folders, |rel, parts| {
            w.write_parts(rel, parts).err().map(|e| io_error(rel, e))
        })
    }

    /// The search index and page texts under `_folio/search/`, unless
    /// `search.enabled = false`. `cache` (serve) keeps every page's terms;
    /// `output` says what of its last run the output folder keeps.
    pub fn search(
        &self,
        w: &Writer,
        cache: Option<&mut crate::search::Cache>,
        output: crate::search::Output,
    ) -> Vec<Diagnostic> {
        if !self.project.config.search.enabled {
            return Vec::new();
        }
        let order = self.nav.order();
        crate::search::write(
            self.site,
            order,
            self.rendered,
            cache,
            output,
            |rel, bytes| w.write(rel, bytes),
        )
        .err()
        .map(|(rel, e)| io_error(&rel, e))
        .into_iter()
        .collect()
    }
}

fn sitemap(site: &Site, nav: &Nav, base: &str) -> String {
    let base = base.trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &p in nav.order() {
        let url = urls::relative_url("index.html", &site.pages[p].out);
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::markdown::escape_html(&format!("{base}/{url}"))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
