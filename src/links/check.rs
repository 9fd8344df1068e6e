//! Link checking, a pass of its own after every page is rendered: missing
//! pages and files, missing anchors (against the ids the heading pass
//! generated), links leaving the content root. Each problem becomes a
//! diagnostic at the link's `path:line:col` with a "did you mean".

use super::Resolution;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::load::display_path;
use crate::markdown::slug::slugify;
use crate::markdown::{OutLink, RenderedPage};
use crate::site::{urls, PageId, Site, Target};
use globset::GlobSet;
use std::collections::{HashMap, HashSet};

pub struct CheckOptions<'a> {
    pub severity: Severity,
    /// What a `link-to-excluded` is: an error under `--strict` only (the
    /// link works on the full site, so `links.broken` does not govern it).
    pub excluded_severity: Severity,
    pub ignore: &'a GlobSet,
    pub display_root: &'a str,
    /// Look for a "did you mean" (off when the problems are not shown:
    /// warnings under `-q`).
    pub suggest: bool,
    /// Warn about images from other hosts (`links.external-images`).
    pub external_images: bool,
    /// The content folder, to tell a missing file from one that exists but
    /// is not published.
    pub content_dir: &'a std::path::Path,
}

/// A broken link to mark in a page's body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenMark {
    pub html_offset: usize,
    pub reason: String,
    pub style: MarkStyle,
    /// The page it links to is not written (yet): its path from the
    /// content root, under which the wanted-pages page lists it.
    pub wanted: Option<String>,
    /// The target is known to be unwritten (`links.ignore`): not reported,
    /// and marked only to lead to its wanted entry.
    pub known: bool,
}

/// How a link that does not work is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum MarkStyle {
    /// Styled as broken, the reason in its title.
    Broken,
    /// Its words only, no link (a page of another audience: no path, no
    /// reason, nothing of it is shown).
    PlainText,
}

/// How [`mark_broken`] marks links.
pub struct Marking<'a> {
    /// Before the reason, in a broken link's title.
    pub broken_prefix: &'a str,
    /// Before the path, in the title of a link to a known unwritten page.
    pub known_prefix: &'a str,
    /// The wanted-pages page, relative to this page: a link to an unwritten
    /// page leads to its entry there. `None`: links stay as written (and
    /// known ones are not marked).
    pub wanted_url: Option<&'a str>,
}

/// A `#fragment` that names an id in another letter case (GitHub's page
/// script finds it): the link's href is written with the real id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FragmentFix {
    pub html_offset: usize,
    pub id: String,
}

/// The link problems of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedPage {
    pub diagnostics: Vec<Diagnostic>,
    /// The broken links to mark in its body.
    pub marks: Vec<BrokenMark>,
    /// Fragments to write with their target's real id.
    pub fixes: Vec<FragmentFix>,
}

struct Problem {
    code: Code,
    message: String,
    suggestion: Option<String>,
    /// Readers of the site see it broken (a link that works on the site,
    /// such as one whose letter case folio corrected, is not marked).
    mark: bool,
}

impl Problem {
    fn style(&self) -> MarkStyle {
        match self.code {
            Code::LinkToExcluded => MarkStyle::PlainText,
            _ => MarkStyle::Broken,
        }
    }
}

/// What checking one link found.
enum Finding {
    Problem(Problem),
    /// The fragment names this id in another letter case.
    Fragment(String),
}

/// Check every page's links.
pub fn check(
    site: &Site,
    rendered: &[RenderedPage],
    opts: &CheckOptions,
    suggester: &mut Suggester,
) -> Vec<CheckedPage> {
    (0..rendered.len())
        .map(|page| check_page(site, rendered, page, opts, suggester))
        .collect()
}

/// Check the links of one page against the site and every page's heading
/// ids. `suggester` may be shared across calls (it indexes the site once).
pub fn check_page(
    site: &Site,
    rendered: &[RenderedPage],
    page: PageId,
    opts: &CheckOptions,
    suggester: &mut Suggester,
) -> CheckedPage {
    let mut checked = CheckedPage::default();
    let Some(source) = &site.pages[page].source else {
        return checked;
    };
    if opts.external_images {
        checked.diagnostics.extend(external_images(
            &rendered[page].links,
            &display_path(opts.display_root, site.file(&source.rel)),
        ));
    }
    let mut heading_ids = HeadingIds::default();
    for link in &rendered[page].links {
        let suggester = opts.suggest.then_some(&mut *suggester);
        let found = problem(
            site,
            page,
            link,
            rendered,
            &mut heading_ids,
            suggester,
            opts.content_dir,
        );
        let problem = match found {
            None => continue,
            Some(Finding::Fragment(id)) => {
                if let Some(offset) = link.html_offset {
                    checked.fixes.push(FragmentFix {
                        html_offset: offset,
                        id,
                    });
                }
                continue;
            }
            Some(Finding::Problem(p)) => p,
        };
        let base_dir = urls::parent(&source.rel);
        let resolved = urls::join_normalized(
            base_dir,
            &urls::decode(link.raw.split(['#', '?']).next().unwrap_or("")),
        );
        let ignored = opts.ignore.is_match(&link.raw)
            || resolved.is_some_and(|p| !p.is_empty() && opts.ignore.is_match(p));
        // A link into another audience's content loses its link even when
        // its target is ignored (only the diagnostic is not shown).
        if ignored && problem.style() == MarkStyle::Broken {
            if let (Resolution::Missing { path }, Some(offset)) =
                (&link.resolution, link.html_offset)
            {
                checked.marks.push(BrokenMark {
                    html_offset: offset,
                    reason: String::new(),
                    style: MarkStyle::Broken,
                    wanted: Some(path.clone()),
                    known: true,
                });
            }
            continue;
        }
        // A raw-HTML tag may hold several broken URLs (`src`, `srcset`),
        // which come one after another: it is marked once. (Only the last
        // mark is looked at: looking through all of them was quadratic,
        // 86 s for 64,000 broken links on one line.)
        let marked = |offset| {
            checked
                .marks
                .last()
                .is_some_and(|m| m.html_offset == offset)
        };
        if let Some(offset) = link.html_offset.filter(|&o| problem.mark && !marked(o)) {
            let wanted = match &link.resolution {
                Resolution::Missing { path } => Some(path.clone()),
                _ => None,
            };
            checked.marks.push(BrokenMark {
                html_offset: offset,
                reason: problem.message.clone(),
                style: problem.style(),
                wanted,
                known: false,
            });
        }
        let Some(location) = link.location.clone().filter(|_| !ignored) else {
            continue;
        };
        checked.diagnostics.push(
            Diagnostic::new(
                match problem.code {
                    Code::LinkToExcluded => opts.excluded_severity,
                    _ => opts.severity,
                },
                problem.code,
                problem.message,
            )
            .with_path(display_path(opts.display_root, site.file(&source.rel)))
            .at(location)
            .with_target(link.raw.clone())
            .with_suggestion(problem.suggestion),
        );
    }
    checked
}

/// One warning for a page's images from other hosts, at the first one.
fn external_images(links: &[OutLink], shown: &str) -> Option<Diagnostic> {
    let mut remote = links
        .iter()
        .filter(|l| crate::links::resolve::is_remote_image(&l.raw, l.is_image));
    let first = remote.next()?;
    let mut urls: Vec<&str> = std::iter::once(first)
        .chain(remote)
        .map(|l| l.raw.as_str())
        .collect();
    urls.dedup();
    let count = urls.len();
    let listed = urls
        .iter()
        .take(5)
        .map(|u| format!("`{u}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if count > 5 {
        format!(" and {} more", count - 5)
    } else {
        String::new()
    };
    let d = Diagnostic::warning(
        Code::ExternalImage,
        format!(
            "{count} image{} from other hosts will not show without internet access: {listed}{more}; copy them next to the page, or set links.external-images = \"off\"",
            if count == 1 { "" } else { "s" }
        ),
    )
    .with_path(shown.to_string());
    Some(match &first.location {
        Some(loc) => d.at(loc.clone()),
        None => d,
    })
}

/// The ids of the pages a page links to (headings' and raw HTML's), each
/// set made once (a scan of a page's headings for every `#fragment` link
/// to it was quadratic on a page linking to its own headings).
type HeadingIds<'r> = HashMap<PageId, HashSet<&'r str>>;

fn problem<'r>(
    site: &Site,
    page: PageId,
    link: &OutLink,
    rendered: &'r [RenderedPage],
    heading_ids: &mut HeadingIds<'r>,
    suggester: Option<&mut Suggester>,
    content_dir: &std::path::Path,
) -> Option<Finding> {
    let found = |code, message, suggestion| {
        Some(Finding::Problem(Problem {
            code,
            message,
            suggestion,
            mark: true,
        }))
    };
    match &link.resolution {
        Resolution::External | Resolution::OtherLanguage { .. } => None,
        Resolution::Internal {
            target,
            fragment: Some(fragment),
            miscased,
            ..
        } => {
            let target_page = match *target {
                Target::Page(p) => p,
                Target::Folder(f) => site.folders[f].index?,
                Target::Asset(_) | Target::Draft => return None,
            };
            let target = &rendered[target_page];
            let ids = heading_ids.entry(target_page).or_insert_with(|| {
                target
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .chain(target.anchors.iter().map(String::as_str))
                    .collect()
            });
            if fragment.is_empty() || ids.contains(fragment.as_str()) {
                return miscased
                    .as_ref()
                    .and_then(|real| wrong_case(site, page, link, real));
            }
            if target
                .cut_passages
                .iter()
                .any(|c| c.ids.iter().any(|id| id == fragment))
            {
                return found(
                    Code::LinkToExcluded,
                    format!("`#{fragment}` is a heading in a passage left out of this audience build: the link is shown as plain text"),
                    None,
                );
            }
            // GitHub's page script finds ids whatever their letter case.
            let folded = fragment.to_lowercase();
            if let Some(id) = ids.iter().find(|id| id.to_lowercase() == folded) {
                return Some(Finding::Fragment(id.to_string()));
            }
            let on = if target_page == page {
                "this page".to_string()
            } else {
                format!(
                    "page `{}`",
                    site.pages[target_page]
                        .src()
                        .unwrap_or(&site.pages[target_page].out)
                )
            };
            let suggestion = suggester.and_then(|_| {
                let id = suggest_id(fragment, ids)?;
                let before_hash = link.raw.split('#').next().unwrap_or("");
                Some(format!("{before_hash}#{id}"))
            });
            found(
                Code::BrokenAnchor,
                format!("no heading with id `{fragment}` on {on}"),
                suggestion,
            )
        }
        Resolution::Internal {
            miscased: Some(real),
            ..
        } => wrong_case(site, page, link, real),
        Resolution::Internal { .. } => None,
        Resolution::Missing { path } => match unpublished(content_dir, path) {
            Some(why) => found(Code::BrokenLink, format!("`{path}` exists but {why}"), None),
            None => found(
                Code::BrokenLink,
                format!("no page, folder or file at `{path}`"),
                suggester.and_then(|s| s.suggest(site, page, path)),
            ),
        },
        Resolution::Draft { path } => found(
            Code::BrokenLink,
            format!("`{path}` is a draft and is not published"),
            None,
        ),
        Resolution::Excluded { path } => found(
            Code::BrokenLink,
            format!("`{path}` is left out by `exclude` in folio.toml and is not published"),
            None,
        ),
        Resolution::OtherAudience { path } => found(
            Code::LinkToExcluded,
            format!("`{path}` is left out of this audience build: the link is shown as plain text"),
            None,
        ),
        Resolution::Private { path, why } => found(Code::PrivateFile, why.message(path), None),
        // Reported once for the whole site (see `super::web`).
        Resolution::Web { .. } => None,
        Resolution::OutsideRoot => found(
            Code::LinkOutsideRoot,
            "link leaves the repository (and the content folder)".to_string(),
            None,
        ),
    }
}

/// Why a path that is on disk is not in the site, if it is on disk.
fn unpublished(content_dir: &std::path::Path, path: &str) -> Option<&'static str> {
    let meta = std::fs::symlink_metadata(content_dir.join(path)).ok()?;
    // Hidden files are `Resolution::Private` already.
    Some(if meta.file_type().is_symlink() {
        "is not published: it is a symlink folio skips (see the `skipped` warning for it)"
    } else if path == crate::config::CONFIG_FILE {
        "is not published: it is folio's configuration"
    } else if meta.is_dir() && content_dir.join(path).join("index.html").is_file() {
        // Such a folder gets no listing: its own page would be overwritten.
        "is a folder with its own `index.html` and no Markdown page: link to `index.html` itself"
    } else if meta.is_dir() {
        "is not published: the folder holds no page and is inside one with its own `index.html`"
    } else if crate::load::is_markdown(path) {
        "could not be read as a page (see the error for it)"
    } else {
        "is not published"
    })
}

/// A link that names its target in another letter case: folio's site
/// works (the href is written with the real name), GitHub's does not.
fn wrong_case(site: &Site, page: PageId, link: &OutLink, real: &str) -> Option<Finding> {
    let written = link.raw.split(['#', '?']).next().unwrap_or("");
    let rest = &link.raw[written.len()..];
    let from_dir = site.pages[page]
        .src()
        .map_or("", |s| urls::parent(site.file(s)));
    let fixed = relative_source_path(from_dir, real);
    Some(Finding::Problem(Problem {
        code: Code::BrokenLink,
        message: format!(
            "the file is spelled `{real}`: a link in another letter case works on Windows and macOS, not on GitHub or a Linux web server"
        ),
        suggestion: Some(format!("{fixed}{rest}")),
        mark: false,
    }))
}

fn suggest_id(fragment: &str, ids: &HashSet<&str>) -> Option<String> {
    let slug = slugify(fragment);
    if ids.contains(slug.as_str()) {
        return Some(slug);
    }
    let mut candidates: Vec<&&str> = ids.iter().collect();
    candidates.sort();
    best_match(fragment, candidates.into_iter().map(|s| (*s, *s))).map(str::to_string)
}

/// The candidate closest to `wanted`, if it is close enough.
fn best_match<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    let wanted_len = wanted.chars().count();
    for (key, value) in candidates {
        // The distance is at least the difference in length: skip names
        // that could not score 0.5 or beat the best so far.
        let key_len = key.chars().count();
        let longest = wanted_len.max(key_len);
        if longest > 0 {
            let bound = 1.0 - wanted_len.abs_diff(key_len) as f64 / longest as f64;
            if bound < 0.5 || best.is_some_and(|(s, _)| bound <= s) {
                continue;
            }
        }
        let score = strsim::normalized_damerau_levenshtein(wanted, key);
        if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, value));
        }
    }
    best.map(|(_, v)| v)
}

/// "Did you mean" for missing paths: the same file name elsewhere (a moved
/// page), else the most similar name in the nearest folder that exists.
#[derive(Default)]
pub struct Suggester {
    by_name: Option<HashMap<String, Vec<String>>>,
    by_dir: Option<HashMap<String, Vec<String>>>,
}

impl Suggester {
    pub fn new() -> Self {
        Self::default()
    }

    fn indexes(&mut self, site: &Site) {
        if self.by_name.is_some() {
            return;
        }
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        let mut by_dir: HashMap<String, Vec<String>> = HashMap::new();
        let mut paths: Vec<(&str, Target)> = site.paths().filter(|(p, _)| !p.is_empty()).collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, target) in paths {
            let shown = match target {
                Target::Folder(_) => format!("{path}/"),
                _ => path.to_string(),
            };
            let name = path.rsplit('/').next().unwrap_or(path).to_string();
            by_name.entry(name).or_default().push(shown.clone());
            by_dir
                .entry(urls::parent(path).to_string())
                .or_default()
                .push(shown);
        }
        self.by_name = Some(by_name);
        self.by_dir = Some(by_dir);
    }

    fn suggest(&mut self, site: &Site, page: PageId, missing: &str) -> Option<String> {
        self.indexes(site);
        let from_dir = site.pages[page]
            .src()
            .map_or("", |s| urls::parent(site.file(s)));
        let name = missing.rsplit('/').next().unwrap_or(missing);
        let by_name = self.by_name.as_ref()?;
        // `page.html` is the page's output name, as mdBook and MkDocs
        // writers type it; the file to link to is `page.md`.
        let markdown_name = name.strip_suffix(".html").map(|stem| format!("{stem}.md"));
        let same_name = by_name
            .get(name)
            .or_else(|| by_name.get(&format!("{name}.md")))
            .or_else(|| by_name.get(markdown_name.as_deref()?));
        let found = match same_name {
            Some(paths) => best_match(missing, paths.iter().map(|p| (p.as_str(), p.as_str())))
                .or_else(|| paths.first().map(String::as_str)),
            None => {
                let by_dir = self.by_dir.as_ref()?;
                let mut dir = urls::parent(missing);
                loop {
                    if let Some(entries) = by_dir.get(dir) {
                        let named = entries.iter().map(|p| {
                            let n = p.trim_end_matches('/');
                            (n.rsplit('/').next().unwrap_or(n), p.as_str())
                        });
                        break best_match(name, named);
                    }
                    if dir.is_empty() {
                        break None;
                    }
                    dir = urls::parent(dir);
                }
            }
        }?;
        Some(relative_source_path(from_dir, found))
    }
}

/// The path a writer in folder `from_dir` would type to reach `to`.
fn relative_source_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let up = from.len() - common;
    let rest = to_parts[common..].join("/");
    if up == 0 {
        format!("./{rest}")
    } else {
        format!("{}{rest}", "../".repeat(up))
    }
}

/// Write each fixed fragment into the `href` of the tag at its offset;
/// `marks` (on other tags) move with the text.
pub fn fix_fragments(body: &str, fixes: &[FragmentFix], marks: &mut [BrokenMark]) -> String {
    let splices = fixes
        .iter()
        .filter_map(|f| {
            super::rewrite::url_splice(
                body,
                f.html_offset,
                &super::rewrite::NewUrl::Fragment(f.id.clone()),
            )
        })
        .collect();
    super::rewrite::apply(body, splices, marks)
}

/// `body` with `class="broken-link"` and a `title` inserted into each
/// marked tag, in one pass over it. A tag is marked once (the first reason
/// wins); a mark that points at no `<a`/`<img` tag is left out rather than
/// written into the middle of the HTML. A link to an unwritten page gets
/// the href of its wanted entry (see [`Marking::wanted_url`]).
pub fn mark_broken(body: &str, marks: &[BrokenMark], how: &Marking) -> String {
    let mut order: Vec<&BrokenMark> = marks.iter().collect();
    // Marks come in document order already; the sort is stable and keeps
    // the first of two marks on one tag first.
    order.sort_by_key(|m| m.html_offset);
    let mut out = String::with_capacity(body.len() + marks.len() * 64);
    let mut copied = 0;
    // The `</a>` of a link being shown as plain text, still to be left out.
    let mut pending_close: Option<usize> = None;
    for mark in order {
        let at = mark.html_offset;
        if let Some(close) = pending_close.filter(|&c| c < at) {
            out.push_str(&body[copied..close]);
            copied = close + "</a>".len();
            pending_close = None;
        }
        if at < copied {
            continue;
        }
        if mark.style == MarkStyle::PlainText {
            let Some(tag_end) = body[at..].find('>').map(|i| at + i + 1) else {
                continue;
            };
            out.push_str(&body[copied..at]);
            if body[at..].starts_with("<img") {
                // An image shows its alt text (already escaped).
                out.push_str(attribute(&body[at..tag_end], "alt").unwrap_or(""));
            } else if body[at..].starts_with("<a") {
                pending_close = body[tag_end..].find("</a>").map(|i| tag_end + i);
            }
            copied = tag_end;
            continue;
        }
        let tag_len = match body.get(at..) {
            Some(rest) if rest.starts_with("<img") => 4,
            Some(rest) if rest.starts_with("<a") => 2,
            _ => continue,
        };
        let wanted = match (&mark.wanted, how.wanted_url) {
            (Some(path), Some(url)) if tag_len == 2 => Some((path, url)),
            _ => None,
        };
        if mark.known && wanted.is_none() {
            continue;
        }
        out.push_str(&body[copied..at + tag_len]);
        let title = if mark.known {
            out.push_str(" class=\"wanted-link\" title=\"");
            format!(
                "{}{}",
                how.known_prefix,
                mark.wanted.as_deref().unwrap_or("")
            )
        } else {
            out.push_str(" class=\"broken-link\" title=\"");
            format!("{}{}", how.broken_prefix, mark.reason)
        };
        out.push_str(&crate::markdown::escape_attr(&title));
        out.push('"');
        copied = at + tag_len;
        // The serializer writes `href` first: it now leads to the entry.
        const HREF: &str = " href=\"";
        let href_end = body[copied..]
            .starts_with(HREF)
            .then(|| body[copied + HREF.len()..].find('"'))
            .flatten();
        if let (Some((path, url)), Some(len)) = (wanted, href_end) {
            out.push_str(HREF);
            out.push_str(url);
            out.push('#');
            out.push_str(&crate::markdown::escape_attr(&urls::encode_fragment(path)));
            out.push('"');
            copied += HREF.len() + len + 1;
        }
    }
    if let Some(close) = pending_close {
        out.push_str(&body[copied..close]);
        copied = close + "</a>".len();
    }
    out.push_str(&body[copied..]);
    out
}

/// The value of attribute `name` in a tag folio's serializer wrote
/// (`name="value"`, escaped).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_source_paths() {
        assert_eq!(relative_source_path("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative_source_path("a", "a/c.md"), "./c.md");
        assert_eq!(relative_source_path("", "x/y/"), "./x/y/");
    }

    #[test]
    fn ids_are_suggested_by_slug_then_similarity() {
        let ids: HashSet<&str> = ["-合作伙伴全景", "概述"].into_iter().collect();
        assert_eq!(
            suggest_id("📊 合作伙伴全景", &ids).as_deref(),
            Some("-合作伙伴全景")
        );
        assert_eq!(
            suggest_id("合作伙伴全景", &ids).as_deref(),
            Some("-合作伙伴全景")
        );
        assert_eq!(suggest_id("完全无关的标题", &ids), None);
    }

    #[test]
    fn the_length_bound_never_changes_the_suggestion() {
        let names = [
            "合作伙伴-283.md",
            "合作伙伴-28.md",
            "伙伴.md",
            "合作伙伴管理制度与流程说明.md",
            "风险评估.md",
            "风险评估指引.md",
            "",
            "a",
            "ab",
            "abc",
        ];
        let extra = ["合作伙伴-2.md", "风险.md", "abcd", "评估", "xyab"];
        for wanted in names.iter().chain(&extra) {
            let every = names.iter().fold(None::<(f64, &str)>, |best, name| {
                let score = strsim::normalized_damerau_levenshtein(wanted, name);
                if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
                    Some((score, name))
                } else {
                    best
                }
            });
            assert_eq!(
                best_match(wanted, names.iter().map(|n| (*n, *n))),
                every.map(|(_, name)| name),
                "{wanted:?}"
            );
        }
    }

    const PLAIN: Marking = Marking {
        broken_prefix: "",
        known_prefix: "",
        wanted_url: None,
    };

    #[test]
    fn links_to_unwritten_pages_lead_to_their_wanted_entry() {
        let body =
            "<p><a href=\"x.html\">x</a> <a href=\"y.html#a\">y</a> <a href=\"z.html\">z</a></p>";
        let wanted = |html_offset, path: &str, known| BrokenMark {
            html_offset,
            reason: "无".into(),
            style: MarkStyle::Broken,
            wanted: Some(path.into()),
            known,
        };
        let marks = [wanted(3, "x.md", false), wanted(26, "甲/y.md", true)];
        let how = Marking {
            broken_prefix: "坏：",
            known_prefix: "未写：",
            wanted_url: Some("_folio/wanted.html"),
        };
        assert_eq!(
            mark_broken(body, &marks, &how),
            "<p><a class=\"broken-link\" title=\"坏：无\" href=\"_folio/wanted.html#x.md\">x</a> <a class=\"wanted-link\" title=\"未写：甲/y.md\" href=\"_folio/wanted.html#%E7%94%B2/y.md\">y</a> <a href=\"z.html\">z</a></p>"
        );
        // Without the wanted page, known links are left alone.
        assert_eq!(
            mark_broken(body, &marks, &PLAIN),
            "<p><a class=\"broken-link\" title=\"无\" href=\"x.html\">x</a> <a href=\"y.html#a\">y</a> <a href=\"z.html\">z</a></p>"
        );
    }

    #[test]
    fn marks_are_inserted_into_tags() {
        let body = "<p><a href=\"x.md\">x</a> <img src=\"y.png\" alt=\"\"></p>";
        let marks = [
            BrokenMark {
                html_offset: 3,
                reason: "无".into(),
                style: MarkStyle::Broken,
                wanted: None,
                known: false,
            },
            BrokenMark {
                html_offset: 24,
                reason: "\"y\"".into(),
                style: MarkStyle::Broken,
                wanted: None,
                known: false,
            },
        ];
        assert_eq!(
            mark_broken(body, &marks, &PLAIN),
            "<p><a class=\"broken-link\" title=\"无\" href=\"x.md\">x</a> <img class=\"broken-link\" title=\"&quot;y&quot;\" src=\"y.png\" alt=\"\"></p>"
        );
    }

    #[test]
    fn links_to_other_audiences_become_their_words() {
        let body = "<p>见<a href=\"\">合作</a>与<img src=\"\" alt=\"图 &amp; 表\" />。<a href=\"b.html\">b</a></p>";
        let plain = |html_offset| BrokenMark {
            html_offset,
            reason: "r".into(),
            style: MarkStyle::PlainText,
            wanted: None,
            known: false,
        };
        let marks = [plain(6), plain(body.find("<img").unwrap())];
        assert_eq!(
            mark_broken(body, &marks, &PLAIN),
            "<p>见合作与图 &amp; 表。<a href=\"b.html\">b</a></p>"
        );
    }

    #[test]
    fn a_tag_is_marked_once_and_a_mark_off_a_tag_is_left_out() {
        let body = "<p><img src=\"\" alt=\"评x\" /></p>";
        let mark = |html_offset, reason: &str| BrokenMark {
            html_offset,
            reason: reason.into(),
            style: MarkStyle::Broken,
            wanted: None,
            known: false,
        };
        let alt = body.find('评').unwrap();
        let marks = [
            mark(3, "一"),
            mark(alt, "二"),
            mark(3, "三"),
            mark(alt + 3, "四"),
        ];
        assert_eq!(
            mark_broken(body, &marks, &PLAIN),
            "<p><img class=\"broken-link\" title=\"一\" src=\"\" alt=\"评x\" /></p>"
        );
    }
}
