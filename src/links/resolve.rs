//! Resolve a link as written in a page against the site: GitHub-style
//! relative paths to pages, folders and files, `?query` and `#fragment` kept,
//! percent-encoding decoded, external URLs left alone. Paths are followed
//! from the content folder's real place in its repository (see
//! [`crate::site::repo`]), as GitHub follows them.

use crate::site::repo::{Located, Private, Repository};
use crate::site::urls::{self, decode, encode_fragment, relative_url};
use crate::site::{PageId, Site, Target};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Resolution {
    /// `https:`, `mailto:`, `//host`: not touched, not checked.
    External,
    /// A published page (a folder resolves to its index page) or file.
    Internal {
        target: Target,
        /// Decoded fragment, if any, to be checked against the target's ids.
        fragment: Option<String>,
        /// The rewritten, relative, percent-encoded href.
        href: String,
        /// The target's real spelling, when the link names it in another
        /// letter case (the href uses the real one; GitHub would 404).
        miscased: Option<String>,
    },
    /// No page, folder or file at this path (relative to the content root).
    Missing { path: String },
    /// The target is a draft page, which is not published.
    Draft { path: String },
    /// The target is left out by an `exclude` glob.
    Excluded { path: String },
    /// The target is left out of this audience build: the link is shown as
    /// plain text (its href is emptied at once, so nothing of the path is
    /// written even where no mark reaches).
    OtherAudience { path: String },
    /// The target exists but is never published (hidden, not tracked by
    /// git, ...); `path` is as shown to the writer.
    Private { path: String, why: Private },
    /// A page of the repository's web site (`../../issues` from the root, a
    /// file or folder the forge renders): its address under `repo-url`, or
    /// `None` without one (left as written; one warning per site).
    Web { href: Option<String> },
    /// The link climbs out of the repository.
    OutsideRoot,
    /// A page (or folder) of another language's site: `href` leads there
    /// (its fragment is not checked: that site has its own ids).
    OtherLanguage { href: String },
}

impl Resolution {
    /// Can the link checker report this link? Only a fragment can be missing
    /// from a page that exists; every other internal link either resolved
    /// or did not.
    pub fn may_break(&self) -> bool {
        match self {
            Resolution::External
            | Resolution::Web { href: Some(_) }
            | Resolution::OtherLanguage { .. } => false,
            Resolution::Internal {
                fragment, miscased, ..
            } => fragment.is_some() || miscased.is_some(),
            // Located, for the one warning that suggests `repo-url`.
            Resolution::Web { href: None } => true,
            Resolution::Missing { .. }
            | Resolution::Draft { .. }
            | Resolution::Excluded { .. }
            | Resolution::OtherAudience { .. }
            | Resolution::Private { .. }
            | Resolution::OutsideRoot => true,
        }
    }

    /// The href to write in place of the link as written, if it changes.
    pub fn href(&self) -> Option<&str> {
        match self {
            Resolution::Internal { href, .. } => Some(href),
            Resolution::Web { href } => href.as_deref(),
            Resolution::OtherLanguage { href } => Some(href),
            Resolution::OtherAudience { .. } => Some(""),
            _ => None,
        }
    }

    /// What the link opens on the site, if it resolved to something there.
    pub fn target(&self) -> Option<Target> {
        match self {
            Resolution::Internal { target, .. } => Some(*target),
            _ => None,
        }
    }
}

/// An image from another host (`https://cdn…`, `//host/…`): it does not
/// show on an intranet without internet access.
pub fn is_remote_image(raw: &str, is_image: bool) -> bool {
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    is_image
        && (lower.starts_with("http://") || lower.starts_with("https://") || raw.starts_with("//"))
}

/// Does `href` start with a URL scheme (`https:`, `mailto:`) or `//`?
pub fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Split `path?query#fragment`.
fn split_href(href: &str) -> (&str, &str, Option<&str>) {
    let (rest, fragment) = match href.find('#') {
        Some(i) => (&href[..i], Some(&href[i + 1..])),
        None => (href, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    (path, query, fragment)
}

/// Resolve `href` written in page `from`.
pub fn resolve(site: &Site, from: PageId, href: &str) -> Resolution {
    if is_external(href) {
        return Resolution::External;
    }
    let page = &site.pages[from];
    let (path, query, fragment) = split_href(href);
    let fragment = fragment.map(|f| decode(f).into_owned());
    let encoded_fragment = fragment
        .as_deref()
        .map(|f| format!("#{}", encode_fragment(f)))
        .unwrap_or_default();
    if path.is_empty() {
        let href = if query.is_empty() {
            encoded_fragment
        } else {
            format!(
                "{}{query}{encoded_fragment}",
                relative_url(&page.out, &page.out)
            )
        };
        return Resolution::Internal {
            target: Target::Page(from),
            fragment,
            href,
            miscased: None,
        };
    }
    let decoded = decode(path);
    // Links are written from the file's place in the content folder (a
    // language's site may have renamed it: `en/a.md` is its `a.md`).
    let base = page.src().map_or_else(
        || site.folders[page.folder].rel.as_str(),
        |src| urls::parent(site.file(src)),
    );
    let wants_folder = decoded.ends_with('/');
    let repo = &site.repo;
    let mut miscased = None;
    let target = match repo.locate(base, &decoded) {
        Located::Content(rel) => match site.lookup(&rel).or_else(|| {
            // The path in another letter case: the site works, GitHub's not.
            let real = site.spelled(&rel)?;
            miscased = Some(real.to_string());
            site.lookup(real)
        }) {
            Some(Target::Draft) => return Resolution::Draft { path: rel },
            // A page's link to the file it translates (`a.en.md` to `a.md`)
            // means the other language, not itself.
            Some(Target::Page(p))
                if p == from
                    && page.src().is_some_and(|src| site.file(src) != rel)
                    && site.elsewhere(&rel).is_some() =>
            {
                let there = site.elsewhere(&rel).unwrap_or_default();
                return other_language(site, &page.out, there, query, &encoded_fragment);
            }
            Some(Target::Asset(_)) if repo.is_ignored(&rel) => {
                let why = Private::Ignored;
                return Resolution::Private { path: rel, why };
            }
            // A folder git ignores (`node_modules/`) lists nothing.
            Some(Target::Folder(f))
                if site.folders[f].listing.is_some() && repo.is_ignored(&rel) =>
            {
                let why = Private::Ignored;
                return Resolution::Private { path: rel, why };
            }
            Some(t @ Target::Folder(_)) => t,
            Some(t) if !wants_folder => t,
            _ if site.is_for_other_audience(&rel) => {
                return Resolution::OtherAudience { path: rel }
            }
            _ if site.is_excluded(&rel) => return Resolution::Excluded { path: rel },
            _ => {
                if let Some(there) = site.elsewhere(&rel) {
                    return other_language(site, &page.out, there, query, &encoded_fragment);
                }
                let in_repo = join_path(&repo.content_prefix, &rel);
                return match repo.why_private(&in_repo) {
                    Some(why @ Private::Hidden) => Resolution::Private { path: rel, why },
                    _ => Resolution::Missing { path: rel },
                };
            }
        },
        Located::Repository(path) => match elsewhere_in_repository(site, &path, wants_folder) {
            Ok(target) => target,
            Err(resolution) => return resolution,
        },
        Located::Above { levels, rest } if Repository::is_web_page(levels, &rest) => {
            let href = repo
                .web
                .as_ref()
                .map(|w| format!("{}{query}{encoded_fragment}", w.page(&rest)));
            return Resolution::Web { href };
        }
        Located::Above { .. } => return Resolution::OutsideRoot,
    };
    let out = site.target_out(target).unwrap_or_default();
    Resolution::Internal {
        target,
        fragment,
        href: format!("{}{query}{encoded_fragment}", relative_url(&page.out, out)),
        miscased,
    }
}

/// A link to another language's page, written at `there` (from the
/// output folder's root).
fn other_language(site: &Site, from: &str, there: &str, query: &str, fragment: &str) -> Resolution {
    let href = site
        .language()
        .map(|view| view.href_to(from, there))
        .unwrap_or_default();
    Resolution::OtherLanguage {
        href: format!("{href}{query}{fragment}"),
    }
}

/// A path in the repository outside the content folder (from the
/// repository's root): a tracked file is published with the site, except
/// Markdown, which the forge renders, as do folders (with `repo-url`).
fn elsewhere_in_repository(
    site: &Site,
    path: &str,
    wants_folder: bool,
) -> Result<Target, Resolution> {
    let repo = &site.repo;
    let shown = format!("/{path}");
    let file = site.repo_file(path).filter(|_| !wants_folder);
    let web = repo.web.as_ref();
    match (file, web) {
        (Some(_), Some(web)) if crate::load::is_markdown(path) => Err(Resolution::Web {
            href: Some(web.blob(path)),
        }),
        (Some(target), _) => Ok(target),
        (None, _) if repo.is_tracked_folder(path) || (path.is_empty() && repo.is_git) => {
            Err(Resolution::Web {
                href: web.map(|w| w.tree(path)),
            })
        }
        (None, _) => Err(match repo.why_private(path) {
            Some(why) => Resolution::Private { path: shown, why },
            None => Resolution::Missing { path: shown },
        }),
    }
}

fn join_path(dir: &str, rel: &str) -> String {
    match (dir.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (false, true) => dir.to_string(),
        (false, false) => format!("{dir}/{rel}"),
    }
}
