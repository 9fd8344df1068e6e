//! Rendered bodies moved out of memory while a large site is built. Every
//! body has to wait from the Markdown stage until the templates (titles and
//! link checks need every page first); held in memory, packed, they were
//! the largest part of a build's peak (45 MB at 10,000 pages, 450 MB at
//! 100,000). A one-off build writes each body, as soon as it is rendered,
//! to an unnamed temporary file next to the output folder (never `/tmp`,
//! which can be memory itself) and reads it back when its page is filled:
//! the operating system's file cache holds them, not the process. `folio
//! serve` keeps its bodies in memory for the updates to come.

use super::{PackedHtml, RenderedPage};
use crate::site::PageId;
use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Where one body lies in the file, as it was held.
#[derive(Debug, Clone, Copy)]
struct Span {
    at: u64,
    len: usize,
    packed: bool,
}

/// The temporary file of a build's bodies.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next body goes (bodies are written from every thread).
    end: AtomicU64,
    /// Each page's body; `None`: still in memory (not spilled, or its
    /// write failed).
    spans: Vec<Option<Span>>,
    /// The first body that could not be read back: the build fails with it
    /// rather than write a page without its body.
    failed: Mutex<Option<io::Error>>,
}

/// A page's body where it is: spilled or held.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpilledBody(Option<Span>);

impl Spill {
    /// An unnamed file in `dir`, gone when the build ends however it ends.
    pub fn create(dir: &Path, pages: usize) -> io::Result<Spill> {
        Ok(Spill {
            file: tempfile::tempfile_in(dir)?,
            end: AtomicU64::new(0),
            spans: vec![None; pages],
            failed: Mutex::new(None),
        })
    }

    /// Write `page`'s body to the file and drop it from memory. A body that
    /// cannot be written stays where it is.
    pub fn put(&self, page: &mut RenderedPage) -> SpilledBody {
        let bytes = page.body.held_bytes();
        if bytes.is_empty() {
            return SpilledBody(None);
        }
        let span = Span {
            at: self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed),
            len: bytes.len(),
            packed: matches!(page.body, PackedHtml::Lz4(_)),
        };
        match write_at(&self.file, bytes, span.at) {
            Ok(()) => {
                page.body = PackedHtml::default();
                SpilledBody(Some(span))
            }
            Err(_) => SpilledBody(None),
        }
    }

    /// Remember where `page`'s body went.
    pub fn record(&mut self, page: PageId, body: SpilledBody) {
        if let Some(slot) = self.spans.get_mut(page) {
            *slot = body.0;
        }
    }

    /// The body of `page` (`held`: its rendering), read back if spilled.
    pub fn body<'r>(&self, page: PageId, held: &'r RenderedPage) -> Cow<'r, str> {
        let Some(span) = self.spans.get(page).copied().flatten() else {
            return held.body.unpack();
        };
        match self.read(span) {
            Ok(html) => Cow::Owned(html),
            Err(e) => {
                if let Ok(mut failed) = self.failed.lock() {
                    failed.get_or_insert(e);
                }
                Cow::Borrowed("")
            }
        }
    }

    /// The body of `page` as it was held, read back; `None` when it was
    /// not spilled (its rendering holds it).
    pub fn held(&self, page: PageId) -> Option<io::Result<PackedHtml>> {
        let span = self.spans.get(page).copied().flatten()?;
        Some(self.read_held(span))
    }

    fn read_held(&self, span: Span) -> io::Result<PackedHtml> {
        let mut bytes = vec![0; span.len];
        read_at(&self.file, &mut bytes, span.at)?;
        if span.packed {
            return Ok(PackedHtml::Lz4(bytes.into_boxed_slice()));
        }
        let html = String::from_utf8(bytes).map_err(|_| garbled())?;
        Ok(PackedHtml::Plain(html.into_boxed_str()))
    }

    fn read(&self, span: Span) -> io::Result<String> {
        let held = self.read_held(span)?;
        let html = held.try_unpack().ok_or_else(garbled)?;
        Ok(html.into_owned())
    }

    /// Did reading a body back fail? (Pages filled after it are wrong.)
    pub fn take_error(&self) -> Option<io::Error> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }
}

fn garbled() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "garbled body")
}

/// The bodies of a run's pages, wherever they are held.
#[derive(Clone, Copy)]
pub struct Bodies<'a> {
    pub rendered: &'a [RenderedPage],
    pub spill: Option<&'a Spill>,
}

impl<'a> Bodies<'a> {
    pub fn get(&self, page: PageId) -> Cow<'a, str> {
        match self.spill {
            Some(spill) => spill.body(page, &self.rendered[page]),
            None => self.rendered[page].body.unpack(),
        }
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

/// Elsewhere bodies stay in memory: no spill file is made.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(html: &str, pack: bool) -> RenderedPage {
        RenderedPage {
            body: PackedHtml::new(html, pack),
            ..RenderedPage::default()
        }
    }

    #[test]
    fn bodies_come_back_as_they_went() {
        let dir = tempfile::tempdir().unwrap();
        let htmls = ["<p>合作伙伴</p>\n", "", &"<li>渠道建设</li>\n".repeat(300)];
        let mut pages: Vec<RenderedPage> = htmls
            .iter()
            .enumerate()
            .map(|(i, h)| rendered(h, i % 2 == 0))
            .collect();
        let mut spill = Spill::create(dir.path(), pages.len()).unwrap();
        for (id, page) in pages.iter_mut().enumerate() {
            let body = spill.put(page);
            spill.record(id, body);
        }
        assert!(pages.iter().all(|p| p.body.held_len() == 0), "no body held");
        let bodies = Bodies {
            rendered: &pages,
            spill: Some(&spill),
        };
        for (id, html) in htmls.iter().enumerate() {
            assert_eq!(bodies.get(id), *html);
        }
        assert!(spill.take_error().is_none());
    }

    #[test]
    fn a_garbled_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let html = "<p>合作伙伴与渠道</p>\n".repeat(50);
        let mut pages = [rendered(&html, true)];
        let mut spill = Spill::create(dir.path(), 1).unwrap();
        let body = spill.put(&mut pages[0]);
        spill.record(0, body);
        write_at(&spill.file, &[0xff; 8], 2).unwrap();
        assert_eq!(spill.body(0, &pages[0]), "");
        let e = spill.take_error().expect("the garbled body is reported");
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }
}
