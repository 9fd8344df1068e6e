//! The last stage: fill templates for every page (in parallel) and write
//! them, folio's assets and the copied files into the staging folder, then
//! swap it in. With errors anywhere, nothing is swapped in.

use super::{CpuClock, Project, Timer};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::{ContextBuilder, Renderer, Theme};
use crate::site::{urls, Site};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn io_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Output, format!("cannot write `{path}`: {e}"))
}

pub(super) fn render_and_write(
    project: &Project,
    site: &Site,
    contexts: &ContextBuilder,
    write: bool,
    diagnostics: &mut Diagnostics,
    timer: &mut Timer,
) -> Option<PathBuf> {
    let renderer = match Theme::load(project.theme_dir.as_deref())
        .and_then(|t| Renderer::new(&t).map(|r| (t, r)))
    {
        Ok(tr) => tr,
        Err(d) => {
            diagnostics.push(*d);
            return None;
        }
    };
    let (theme, renderer) = renderer;
    let staging = if write && !diagnostics.has_errors() {
        match Staging::create(&project.out_dir) {
            Ok(s) => Some(s),
            Err(e) => {
                diagnostics.push(io_error(&project.out_dir.display().to_string(), e));
                None
            }
        }
    } else {
        None
    };
    if let Some(s) = &staging {
        let mut dirs: BTreeSet<&str> = site.folders.iter().map(|f| f.rel.as_str()).collect();
        dirs.insert("_folio");
        if let Err(e) = s.create_dirs(dirs) {
            diagnostics.push(io_error("(folders)", e));
        }
    }
    let mut positions = vec![0; site.pages.len()];
    for (i, &p) in site.order.iter().enumerate() {
        positions[p] = i;
    }
    // Every page of a folder shares its sidebar branch: render it once per folder.
    let sidebars: Vec<Result<String, Box<Diagnostic>>> = (0..site.folders.len())
        .into_par_iter()
        .map(|f| {
            if site.folders[f].index == usize::MAX {
                return Ok(String::new());
            }
            renderer.render("sidebar.html", &contexts.sidebar(f))
        })
        .collect();
    let mut sidebar_html = Vec::with_capacity(sidebars.len());
    for s in sidebars {
        match s {
            Ok(html) => sidebar_html.push(html),
            Err(d) => {
                diagnostics.push(*d);
                return None;
            }
        }
    }
    timer.lap("sidebars");
    let (context_clock, template_clock, write_clock) = (
        CpuClock::default(),
        CpuClock::default(),
        CpuClock::default(),
    );
    let mut errors: Vec<Diagnostic> = (0..site.pages.len())
        .into_par_iter()
        .filter_map(|id| {
            let out = &site.pages[id].out;
            let sidebar = &sidebar_html[site.pages[id].folder];
            let context = context_clock.time(|| contexts.page(id, positions[id], sidebar));
            let html = match template_clock.time(|| renderer.render_bytes("page.html", &context)) {
                Ok(html) => html,
                Err(d) => return Some(*d),
            };
            let s = staging.as_ref()?;
            write_clock
                .time(|| s.write(out, &html))
                .err()
                .map(|e| io_error(out, e))
        })
        .collect();
    timer.lap("templates+write");
    timer.part("  context (cpu)", &context_clock);
    timer.part("  tera (cpu)", &template_clock);
    timer.part("  write (cpu)", &write_clock);
    match renderer.render("404.html", &contexts.not_found(&sidebar_html[0])) {
        Ok(html) => {
            if let Some(s) = &staging {
                errors.extend(
                    s.write("404.html", html.as_bytes())
                        .err()
                        .map(|e| io_error("404.html", e)),
                );
            }
        }
        Err(d) => errors.push(*d),
    }
    if let Some(s) = &staging {
        for file in theme.statics() {
            let rel = format!("_folio/{}", file.name.trim_start_matches("static/"));
            if let Some(parent) = std::path::Path::new(&rel).parent() {
                let _ = std::fs::create_dir_all(s.path(&parent.to_string_lossy()));
            }
            errors.extend(s.write(&rel, &file.bytes).err().map(|e| io_error(&rel, e)));
        }
        let nav = crate::render::navtree::script(site);
        errors.extend(
            s.write("_folio/nav.js", nav.as_bytes())
                .err()
                .map(|e| io_error("_folio/nav.js", e)),
        );
        errors.extend(
            site.assets
                .par_iter()
                .filter_map(|a| s.copy(&a.abs, &a.rel).err().map(|e| io_error(&a.rel, e)))
                .collect::<Vec<_>>(),
        );
        if let Some(base) = &contexts.info.base_url {
            let xml = sitemap(site, base);
            errors.extend(
                s.write("sitemap.xml", xml.as_bytes())
                    .err()
                    .map(|e| io_error("sitemap.xml", e)),
            );
        }
    }
    // One broken template fails every page the same way: report it once.
    errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    errors.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    diagnostics.extend(errors);
    let staging = staging?;
    if diagnostics.has_errors() {
        staging.discard();
        return None;
    }
    match staging.commit() {
        Ok(out) => {
            timer.lap("swap");
            Some(out)
        }
        Err(e) => {
            diagnostics.push(io_error(&project.out_dir.display().to_string(), e));
            None
        }
    }
}

fn sitemap(site: &Site, base: &str) -> String {
    let base = base.trim_end_matches('/');
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &p in &site.order {
        let url = urls::relative_url("index.html", &site.pages[p].out);
        xml.push_str(&format!(
            "  <url><loc>{base}/{}</loc></url>\n",
            crate::markdown::escape_html(&url)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
