//! Load: walk the content folder, read every file (in parallel), split off
//! front matter. Every unreadable or non-UTF-8 file, and every bad front
//! matter, becomes a diagnostic; the rest of the content still loads.

pub mod admit;
pub mod frontmatter;
pub mod git;

use crate::diagnostics::{Code, Diagnostic, LineIndex};
pub use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One Markdown page as read from disk.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Path relative to the content folder, `/`-separated.
    pub rel: String,
    /// The whole text (BOM removed), front matter included, so that byte
    /// offsets map to the lines the writer sees. Empty unless loaded with
    /// `keep_text` (a full build reads each page again when it renders it,
    /// so that no more than a page per thread is held at a time).
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub front: FrontMatter,
    /// The text's hash ([`crate::hash`]): the build cache keeps a page's
    /// rendering under it.
    pub hash: u64,
}

#[cfg(test)]
impl SourcePage {
    /// A page at `rel` whose text is not read, with `weight` in its front
    /// matter: what the site model is built from in unit tests.
    pub fn unread(rel: &str, weight: Option<i64>) -> SourcePage {
        SourcePage {
            rel: rel.into(),
            text: String::new(),
            body_start: 0,
            front: FrontMatter {
                weight,
                ..FrontMatter::default()
            },
            hash: 0,
        }
    }
}

/// A non-Markdown file, copied as is.
#[derive(Debug, Clone)]
pub struct SourceAsset {
    pub rel: String,
    pub abs: PathBuf,
}

/// Everything found in the content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<SourcePage>,
    pub assets: Vec<SourceAsset>,
    /// Every folder, relative, `/`-separated; the root is `""`.
    pub folders: Vec<String>,
    /// Files that could not be loaded, by relative path (`""` when the
    /// walk itself failed), with what went wrong.
    pub problems: Vec<(String, Diagnostic)>,
    /// The size of every page's text, summed.
    pub markdown_bytes: u64,
    /// The size of the largest page's text.
    pub largest_page: u64,
}

pub struct LoadOptions<'a> {
    pub content_dir: &'a Path,
    /// Prefix for paths in diagnostics (the content folder as the user named it).
    pub display_root: &'a str,
    /// Folders never to descend into (the output and its staging folder).
    pub exclude: &'a [PathBuf],
    /// Keep each page's text (otherwise only its front matter and where
    /// its body starts are kept).
    pub keep_text: bool,
}

pub fn is_markdown(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

pub fn display_path(display_root: &str, rel: &str) -> String {
    if display_root.is_empty() || display_root == "." {
        rel.to_string()
    } else {
        format!("{}/{rel}", display_root.trim_end_matches('/'))
    }
}

pub fn load(opts: &LoadOptions) -> Content {
    let mut content = Content::default();
    let mut files = Vec::new();
    let root = opts.content_dir;
    let skipped = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with('.')
                || opts.exclude.iter().any(|x| x == e.path())
            {
                return false;
            }
            let verdict = if e.file_name().to_str().is_none() {
                Err(admit::Skip::NotUtf8)
            } else if e.path_is_symlink() || !(e.file_type().is_file() || e.file_type().is_dir()) {
                admit::admit(root, e.path(), opts.exclude)
            } else {
                Ok(())
            };
            match verdict {
                Ok(()) => true,
                Err(skip) => {
                    skipped.borrow_mut().push((e.path().to_path_buf(), skip));
                    false
                }
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                // A symlink that leads nowhere, or back up the tree: the
                // walk met it before the filter could.
                let skip = match (e.loop_ancestor(), std::fs::read_link(&path)) {
                    (Some(_), Ok(target)) => Some(admit::Skip::Loop { target }),
                    (None, Ok(target)) => Some(admit::Skip::Dangling { target }),
                    _ => None,
                };
                match skip {
                    Some(skip) => skipped.borrow_mut().push((path, skip)),
                    None => content.problems.push((
                        String::new(),
                        Diagnostic::error(Code::ReadError, format!("cannot read: {e}"))
                            .with_path(path.display().to_string()),
                    )),
                }
                continue;
            }
        };
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        if entry.file_type().is_dir() {
            content.folders.push(rel);
        } else if rel == crate::config::CONFIG_FILE {
            continue;
        } else if is_markdown(&rel) {
            files.push((rel, entry.into_path()));
        } else {
            content.assets.push(SourceAsset {
                rel,
                abs: entry.into_path(),
            });
        }
    }
    for (path, skip) in skipped.into_inner() {
        let rel = path.strip_prefix(root).map_or_else(
            |_| path.display().to_string(),
            |r| r.to_string_lossy().replace('\\', "/"),
        );
        let shown = display_path(opts.display_root, &rel);
        content.problems.push((
            rel,
            Diagnostic::warning(Code::Skipped, skip.message(&shown)).with_path(shown),
        ));
    }
    let results: Vec<(String, Result<SourcePage, Box<Diagnostic>>, u64)> = files
        .par_iter()
        .map_init(Vec::new, |buf, (rel, abs)| {
            let page =
                read_source(rel, abs, opts.display_root, buf).map(|(text, body_start, front)| {
                    SourcePage {
                        rel: rel.clone(),
                        text: if opts.keep_text {
                            text.to_string()
                        } else {
                            String::new()
                        },
                        body_start,
                        front,
                        hash: crate::hash::bytes(text.as_bytes()),
                    }
                });
            (rel.clone(), page, buf.len() as u64)
        })
        .collect();
    for (rel, r, bytes) in results {
        content.markdown_bytes += bytes;
        content.largest_page = content.largest_page.max(bytes);
        match r {
            Ok(page) => content.pages.push(page),
            Err(d) => content.problems.push((rel, *d)),
        }
    }
    content
}

/// `dir/a/b.md` -> `a/b.md`; the root itself -> `""`. `None` for a path
/// outside `root` or with a name that is not UTF-8 (the walk reports those).
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// What a file that is not UTF-8 probably is, and the command that
/// converts it: files saved on Chinese Windows are GB18030 (GBK) or UTF-16.
/// `encoding_rs` (Firefox's decoders) tells whether the bytes decode cleanly.
fn encoding_hint(bytes: &[u8], shown: &str) -> String {
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE"),
        // ASCII text in UTF-16 has a zero byte in every other place.
        _ if bytes.len() >= 4 && bytes.iter().step_by(2).skip(1).all(|&b| b == 0) => {
            Some("UTF-16LE")
        }
        _ => None,
    };
    let likely = utf16.or_else(|| {
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        let cjk = text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        (!had_errors && cjk).then_some("GB18030")
    });
    match likely {
        Some(encoding) => format!(
            "; it looks like {encoding}{}: convert it with `iconv -f {encoding} -t UTF-8 '{shown}' > tmp.md && mv tmp.md '{shown}'`",
            if encoding == "GB18030" { " (GBK, as saved by Chinese Windows)" } else { "" }
        ),
        None => String::new(),
    }
}

/// Read one Markdown file: its text and front matter, or what is wrong with it.
pub fn read_page(rel: &str, abs: &Path, display_root: &str) -> Result<SourcePage, Box<Diagnostic>> {
    let mut buf = Vec::new();
    let (text, body_start, front) = read_source(rel, abs, display_root, &mut buf)?;
    Ok(SourcePage {
        rel: rel.to_string(),
        text: text.to_string(),
        body_start,
        front,
        hash: crate::hash::bytes(text.as_bytes()),
    })
}

/// [`read_page`] into a buffer the caller reuses: the text (BOM removed),
/// where its Markdown body starts, and its front matter.
pub fn read_source<'b>(
    rel: &str,
    abs: &Path,
    display_root: &str,
    buf: &'b mut Vec<u8>,
) -> Result<(&'b str, usize, FrontMatter), Box<Diagnostic>> {
    let shown = || display_path(display_root, rel);
    buf.clear();
    std::fs::File::open(abs)
        .and_then(|mut f| std::io::Read::read_to_end(&mut f, buf))
        .map_err(|e| {
            Box::new(
                Diagnostic::error(Code::ReadError, format!("cannot read file: {e}"))
                    .with_path(shown()),
            )
        })?;
    // Validated with SIMD (several times faster than the standard library
    // on Chinese text); the standard library tells where an error is.
    let text = match simdutf8::basic::from_utf8(buf).map_err(|_| std::str::from_utf8(buf)) {
        Ok(t) => t,
        Err(Ok(t)) => t,
        Err(Err(e)) => {
            let valid = &buf[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            let mut d = Diagnostic::error(
                Code::InvalidUtf8,
                format!(
                    "file is not valid UTF-8 (byte offset {}); save it as UTF-8{}",
                    valid.len(),
                    encoding_hint(buf, &shown())
                ),
            )
            .with_path(shown());
            d.line = Some(line);
            d.column = Some(column);
            return Err(Box::new(d));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match frontmatter::split(text) {
        Ok((front, body_start)) => Ok((text, body_start, front)),
        Err(e) => {
            let loc = LineIndex::new(text).locate(e.offset, e.offset);
            Err(Box::new(
                Diagnostic::error(Code::FrontMatter, e.message)
                    .with_path(shown())
                    .at(loc),
            ))
        }
    }
}
