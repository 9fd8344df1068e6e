//! The generated pages' content, as HTML for the theme's `page.html`: the
//! wanted pages, the open tasks, the recent changes, the tag index and one
//! page per tag. Every text goes through the one escaper.

use super::Knowledge;
use crate::markdown::{escape_attr, escape_html, RenderedPage};
use crate::render::strings::{KnowledgeWords, Strings};
use crate::site::urls::{encode_fragment, relative_url};
use crate::site::{PageId, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher as _};

/// One generated page.
pub struct Generated {
    /// Output path.
    pub out: String,
    pub title: String,
    pub body: String,
}

/// The tasks page's sections as last made, by the hash of what each was
/// made from (serve: a save makes again the sections of the pages whose
/// tasks, headings, title or path changed, not the megabytes of all).
#[derive(Default)]
pub struct TaskSections(HashMap<u64, String>);

/// Every generated page the configuration asks for (`sections`: remember
/// the tasks page's sections for the next update, and reuse those kept).
pub fn all(
    k: &Knowledge,
    site: &Site,
    rendered: &[RenderedPage],
    strings: &'static Strings,
    sections: Option<&mut TaskSections>,
) -> Vec<Generated> {
    let w = &strings.knowledge;
    let page = Pages { k, site, w };
    let mut out = Vec::new();
    if k.config.wanted {
        out.push(page.wanted());
    }
    if k.config.tasks {
        out.push(page.tasks(rendered, sections));
    }
    if k.config.changes {
        out.push(page.changes());
    }
    if k.config.tags {
        out.push(page.tag_index());
        out.extend(k.tags.iter().map(|t| page.tag(t)));
    }
    out
}

struct Pages<'a> {
    k: &'a Knowledge,
    site: &'a Site,
    w: &'static KnowledgeWords,
}

impl Pages<'_> {
    /// A link from the generated page `from` to page `to`, by its title.
    fn link(&self, from: &str, to: PageId) -> String {
        let url = relative_url(from, &self.site.pages[to].out);
        format!(
            "<a href=\"{}\">{}</a>",
            escape_attr(&url),
            escape_html(&self.site.pages[to].title)
        )
    }

    fn line(&self, line: usize) -> String {
        format!(
            "<span class=\"kb-line\">{}</span>",
            escape_html(&self.w.line.replace("{n}", &line.to_string()))
        )
    }

    fn wanted(&self) -> Generated {
        let from = super::WANTED_PAGE;
        let w = self.w;
        let mut body = String::new();
        if self.k.wanted.is_empty() && self.k.broken_anchors.is_empty() {
            let _ = write!(
                body,
                "<p class=\"kb-empty\">{}</p>",
                escape_html(w.no_wanted)
            );
        }
        if !self.k.wanted.is_empty() {
            let _ = write!(
                body,
                "<p class=\"kb-intro\">{}</p>\n<ul class=\"kb-list kb-wanted\">\n",
                escape_html(w.wanted_intro)
            );
        }
        for entry in &self.k.wanted {
            let pages = entry.pages();
            let by = if pages == 1 {
                w.wanted_by_one.to_string()
            } else {
                w.wanted_by_many.replace("{n}", &pages.to_string())
            };
            let _ = write!(
                body,
                "<li class=\"wanted-entry{}\" id=\"{}\"><code class=\"kb-target\">{}</code> <span class=\"kb-note\">{} · {}</span>",
                if entry.known { " known" } else { "" },
                escape_attr(&entry.path),
                escape_html(&entry.path),
                escape_html(w.not_written),
                escape_html(&by)
            );
            if entry.known {
                let _ = write!(
                    body,
                    " <span class=\"kb-known\">{}</span>",
                    escape_html(w.known)
                );
            }
            body.push_str("\n<ul>");
            for want in &entry.wanted_by {
                let _ = write!(
                    body,
                    "<li>{} {}</li>",
                    self.link(from, want.page),
                    self.line(want.line)
                );
            }
            body.push_str("</ul></li>\n");
        }
        if !self.k.wanted.is_empty() {
            body.push_str("</ul>\n");
        }
        if !self.k.broken_anchors.is_empty() {
            let _ = write!(
                body,
                "<h2 id=\"broken-anchors\">{}</h2>\n<ul class=\"kb-list kb-anchors\">\n",
                escape_html(w.broken_anchors)
            );
            for a in &self.k.broken_anchors {
                let _ = writeln!(
                    body,
                    "<li>{} {} <code>{}</code></li>",
                    self.link(from, a.page),
                    self.line(a.line),
                    escape_html(&a.target)
                );
            }
            body.push_str("</ul>\n");
        }
        Generated {
            out: from.to_string(),
            title: w.wanted.to_string(),
            body,
        }
    }

    fn tasks(&self, rendered: &[RenderedPage], kept: Option<&mut TaskSections>) -> Generated {
        let from = super::TASKS_PAGE;
        let w = self.w;
        let with_tasks = || {
            self.k
                .order
                .par_iter()
                .filter(|&&id| !rendered[id].tasks.is_empty())
        };
        // One section per page, made side by side: the tasks page of a
        // large site is megabytes, and serve makes it again on every save.
        let mut body = match kept {
            None => with_tasks()
                .map(|&id| self.task_section(from, id, &rendered[id]))
                .collect::<Vec<String>>()
                .concat(),
            Some(TaskSections(kept)) => {
                let keys: Vec<(PageId, u64)> = with_tasks()
                    .map(|&id| (id, self.section_key(id, &rendered[id])))
                    .collect();
                // The sections of this run, those kept moved over: what
                // no page reads any more goes with the old map.
                let mut old = std::mem::take(kept);
                let made: Vec<(u64, String)> = keys
                    .par_iter()
                    .filter(|(_, key)| !old.contains_key(key))
                    .map(|&(id, key)| (key, self.task_section(from, id, &rendered[id])))
                    .collect();
                kept.extend(made);
                kept.extend(keys.iter().filter_map(|(_, key)| old.remove_entry(key)));
                let sections: Vec<&str> = keys.iter().map(|(_, key)| kept[key].as_str()).collect();
                sections.concat()
            }
        };
        if body.is_empty() {
            let _ = write!(
                body,
                "<p class=\"kb-empty\">{}</p>",
                escape_html(w.no_tasks)
            );
        }
        Generated {
            out: from.to_string(),
            title: w.tasks.to_string(),
            body,
        }
    }

    /// The hash of everything [`Self::task_section`] reads.
    fn section_key(&self, id: PageId, r: &RenderedPage) -> u64 {
        let mut h = crate::hash::Hasher::new();
        let page = &self.site.pages[id];
        (&page.out, &page.title, r.title.is_some(), &r.tasks).hash(&mut h);
        // Of the headings, only those the tasks sit under are read (their
        // id and text; a page's headings are most of what it would hash).
        let mut last = None;
        for t in &r.tasks {
            if t.heading == last {
                continue;
            }
            last = t.heading;
            if let Some(heading) = t.heading.and_then(|i| r.headings.get(i)) {
                (&heading.id, &heading.text).hash(&mut h);
            }
        }
        // The words, by language (they are static).
        std::ptr::hash(self.w, &mut h);
        h.finish()
    }

    /// One page's section of the tasks page: its progress, then its tasks
    /// by heading.
    fn task_section(&self, from: &str, id: PageId, r: &RenderedPage) -> String {
        let w = self.w;
        let mut body = String::new();
        let done = r.tasks.iter().filter(|t| t.done).count();
        let _ = writeln!(
            body,
            "<section class=\"kb-task-page\">\n<h2>{} <span class=\"kb-progress\">{done}/{} {}</span></h2>",
            self.link(from, id),
            r.tasks.len(),
            escape_html(w.tasks_done)
        );
        // Groups by heading, in the order the headings come, each linked
        // to its place (a link per item made the page of a site with
        // 30,000 tasks three times as large); the page's title heading is
        // no group of its own.
        let mut groups: Vec<Option<usize>> = Vec::new();
        for t in &r.tasks {
            let group = t.heading.filter(|&h| r.title.is_none() || h > 0);
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        for group in groups {
            let heading = group.and_then(|h| r.headings.get(h));
            if let Some(h) = heading {
                let _ = writeln!(
                    body,
                    "<h3>{}</h3>",
                    self.link_text(from, id, &h.id, &h.text)
                );
            }
            body.push_str("<ul class=\"kb-tasks\">\n");
            let in_group = |t: &&crate::markdown::TaskItem| {
                t.heading.filter(|&h| r.title.is_none() || h > 0) == group
            };
            let (open, closed): (Vec<_>, Vec<_>) =
                r.tasks.iter().filter(in_group).partition(|t| !t.done);
            for t in open.into_iter().chain(closed) {
                let _ = writeln!(
                    body,
                    "<li class=\"kb-task{}\"><input type=\"checkbox\" disabled{}> {} {}</li>",
                    if t.done { " done" } else { "" },
                    if t.done { " checked" } else { "" },
                    escape_html(&t.text),
                    self.line(t.line)
                );
            }
            body.push_str("</ul>\n");
        }
        body.push_str("</section>\n");
        body
    }

    /// A link with its own text to `fragment` of page `to`.
    fn link_text(&self, from: &str, to: PageId, fragment: &str, text: &str) -> String {
        let url = format!(
            "{}#{}",
            relative_url(from, &self.site.pages[to].out),
            encode_fragment(fragment)
        );
        format!(
            "<a href=\"{}\">{}</a>",
            escape_attr(&url),
            escape_html(text)
        )
    }

    fn changes(&self) -> Generated {
        let from = super::CHANGES_PAGE;
        let mut body = String::new();
        if self.k.changes.is_empty() {
            let _ = write!(
                body,
                "<p class=\"kb-empty\">{}</p>",
                escape_html(self.w.no_changes)
            );
        } else {
            body.push_str("<ol class=\"kb-list kb-changes\">\n");
            for c in &self.k.changes {
                let _ = write!(body, "<li><time>{}</time>", escape_html(&c.date));
                if let Some(s) = &c.subject {
                    let _ = write!(
                        body,
                        " <span class=\"kb-subject\">{}</span>",
                        escape_html(s)
                    );
                }
                body.push_str("\n<ul>");
                for &p in &c.pages {
                    let _ = write!(body, "<li>{}</li>", self.link(from, p));
                }
                body.push_str("</ul></li>\n");
            }
            body.push_str("</ol>\n");
        }
        Generated {
            out: from.to_string(),
            title: self.w.changes.to_string(),
            body,
        }
    }

    fn pages_count(&self, n: usize) -> String {
        escape_html(&self.w.pages.replace("{n}", &n.to_string()))
    }

    fn tag_index(&self) -> Generated {
        let from = super::TAGS_PAGE;
        let mut body = String::new();
        if self.k.tags.is_empty() {
            let _ = write!(
                body,
                "<p class=\"kb-empty\">{}</p>",
                escape_html(self.w.no_tags)
            );
        } else {
            body.push_str("<ul class=\"kb-list kb-tag-index\">\n");
            for t in &self.k.tags {
                let _ = writeln!(
                    body,
                    "<li><a class=\"kb-tag\" href=\"{}\">{}</a> <span class=\"kb-count\">{}</span></li>",
                    escape_attr(&relative_url(from, &t.out)),
                    escape_html(&t.name),
                    self.pages_count(t.pages.len())
                );
            }
            body.push_str("</ul>\n");
        }
        Generated {
            out: from.to_string(),
            title: self.w.tags.to_string(),
            body,
        }
    }

    fn tag(&self, tag: &super::Tag) -> Generated {
        let mut body = format!(
            "<p class=\"kb-intro\"><a href=\"{}\">{}</a> · {}</p>\n<ul class=\"kb-list kb-tagged\">\n",
            escape_attr(&relative_url(&tag.out, super::TAGS_PAGE)),
            escape_html(self.w.tags),
            self.pages_count(tag.pages.len())
        );
        for &p in &tag.pages {
            let _ = write!(body, "<li>{}", self.link(&tag.out, p));
            if let Some(d) = &self.site.pages[p].description {
                let _ = write!(body, " <span class=\"kb-note\">{}</span>", escape_html(d));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
        Generated {
            out: tag.out.clone(),
            title: format!("{}{}", self.w.tag, tag.name),
            body,
        }
    }
}
