//! The build cache: what a build keeps on disk for the next one (CI builds
//! every commit, where usually one page changed). It holds
//!
//! - every page's Markdown rendering, under the page's path and the hash of
//!   its text: the next build renders only pages whose text changed, and
//!   keeps a rendering only if its links still resolve to the same URLs (as
//!   an update while serving does when the tree changes);
//! - a manifest of the output folder as that build left it (each file's
//!   hash, size and modification time, and each page's fingerprint): when
//!   the folder is still exactly that, the next build updates it in place,
//!   fills only the pages whose fingerprint changed and writes only files
//!   whose bytes changed. Anything missing, added or changed by hand, and
//!   the output is built afresh.
//!
//! A cache is for one site, one audience, one configuration and theme and
//! one folio binary: all are in its key, and a cache made under another key
//! is ignored with a warning, as is one whose checksum fails. The file is
//! written whole (into a temporary file renamed over it) after a build that
//! wrote its output, so it never grows beyond one build's worth; it is
//! removed before a build changes the output in place, so a build that
//! fails midway leaves no cache describing an output that is not there.
//!
//! File format: [`MAGIC`], the XXH3 of the rest (8 bytes, little-endian),
//! then [`Stored`] as postcard.

use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::spill::Spill;
use crate::markdown::{PackedHtml, RenderedPage};
use crate::render::Theme;
use crate::site::{PageId, Site};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The cache folder's name, made next to the output folder by default.
pub const DEFAULT_DIR: &str = ".folio-cache";

/// The file's first bytes; the last one is the format's version.
const MAGIC: &[u8; 8] = b"FOLIOC\x00\x01";

/// Where a build keeps its cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheChoice {
    /// No cache (`--no-cache`, `check`, `serve`).
    #[default]
    Off,
    /// [`DEFAULT_DIR`] beside the output folder.
    NextToOutput,
    /// `--cache DIR`.
    In(PathBuf),
}

/// What is on disk, as written.
#[derive(Serialize, Deserialize)]
struct Stored {
    key: u64,
    pages: Vec<CachedPage>,
    output: Vec<OutputFile>,
}

/// [`CachedPage`] as written.
#[derive(Serialize)]
struct PageToStore<'a> {
    rel: &'a str,
    text: u64,
    home: bool,
    rendered: &'a RenderedPage,
}

/// A page's rendering and what it was rendered from.
#[derive(Serialize, Deserialize)]
struct CachedPage {
    rel: String,
    /// The hash of the page's text.
    text: u64,
    /// It was the home page (which keeps its breadcrumb line).
    home: bool,
    rendered: RenderedPage,
}

/// One file of the output folder, as the build that wrote the cache left it.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
struct OutputFile {
    rel: String,
    /// The hash of its bytes (0: copied, not hashed).
    hash: u64,
    len: u64,
    /// Modification time, in nanoseconds since the epoch.
    modified: u128,
    /// The page's fingerprint, for a page (0 for other files).
    fingerprint: u64,
}

/// What a build reuses of the output folder the cache describes.
pub(super) struct TrustedOutput {
    /// The hash of every file, as the writer tracks them.
    pub written: HashMap<String, u64>,
    /// Every page's fingerprint, by page (0: unknown).
    pub fingerprints: Vec<u64>,
}

/// A build's cache: where it lives, and what was read of it.
#[derive(Default)]
pub(super) struct Cache {
    /// `None`: no cache.
    file: Option<PathBuf>,
    pages: HashMap<String, CachedPage>,
    output: Vec<OutputFile>,
    /// Why the cache was ignored or not written (warnings).
    notes: Vec<Diagnostic>,
}

impl Cache {
    /// The cache `choice` names for the output `out_dir` (of the whole site;
    /// each `language` but the default keeps its own file beside it). A
    /// cache inside the output folder would be published: that is refused.
    pub fn new(
        choice: &CacheChoice,
        out_dir: &Path,
        language: Option<&str>,
    ) -> Result<Cache, Box<Diagnostic>> {
        let out = crate::output::absolute(out_dir);
        let dir = match choice {
            CacheChoice::Off => return Ok(Cache::default()),
            CacheChoice::NextToOutput => out.with_file_name(DEFAULT_DIR),
            CacheChoice::In(dir) => crate::output::absolute(dir),
        };
        if dir.starts_with(&out) {
            return Err(Box::new(Diagnostic::error(
                Code::Cache,
                format!(
                    "the cache folder `{}` is inside the output folder `{}`: it would be published; choose another --cache",
                    dir.display(),
                    out.display()
                ),
            )));
        }
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let file = match language {
            Some(code) => format!("{name}.{code}.bin"),
            None => format!("{name}.bin"),
        };
        Ok(Cache {
            file: Some(dir.join(file)),
            ..Cache::default()
        })
    }

    pub fn enabled(&self) -> bool {
        self.file.is_some()
    }

    /// Warnings about the cache, for the build's diagnostics.
    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    /// Read the cache made under `key`; a cache that cannot be trusted is
    /// ignored with a warning (a missing one silently).
    pub fn read(&mut self, key: u64) {
        self.pages.clear();
        self.output.clear();
        let Some(file) = &self.file else {
            return;
        };
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.note(format!(
                    "cannot read the build cache ({e}); building without it"
                ));
                return;
            }
        };
        let stored = match decode(&bytes) {
            Ok(s) if s.key == key => s,
            Ok(_) => {
                self.note(
                    "the build cache is from another site, configuration, theme or folio version; building without it"
                        .to_string(),
                );
                return;
            }
            Err(why) => {
                self.note(format!("the build cache is {why}; building without it"));
                return;
            }
        };
        self.pages = stored
            .pages
            .into_iter()
            .map(|p| (p.rel.clone(), p))
            .collect();
        self.output = stored.output;
    }

    fn note(&mut self, message: String) {
        let shown = self
            .file
            .as_deref()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        self.notes
            .push(Diagnostic::warning(Code::Cache, message).with_path(shown));
    }

    /// Fill in `rendered` (`None`: to render) from the cache: a page whose
    /// text and home-ness are what they were keeps its rendering if its
    /// links still resolve to the same URLs.
    pub fn reuse(&mut self, site: &Site, rendered: &mut [Option<RenderedPage>]) {
        let home = site.home();
        for (id, slot) in rendered.iter_mut().enumerate() {
            let Some(source) = slot
                .is_none()
                .then_some(())
                .and(site.pages[id].source.as_ref())
            else {
                continue;
            };
            let Some(cached) = self.pages.remove(&source.rel) else {
                continue;
            };
            if cached.text == source.hash && cached.home == (id == home) {
                *slot = super::plan::relink(site, id, cached.rendered);
            }
        }
        self.pages.clear();
    }

    /// The output folder, if it is exactly what the cache describes: every
    /// file there, of the same size and modification time, and no other
    /// (but for the `nested` sites of other languages, `en/`, not its own).
    pub fn trusted_output(
        &self,
        out_dir: &Path,
        site: &Site,
        nested: &[String],
    ) -> Option<TrustedOutput> {
        if self.output.is_empty() {
            return None;
        }
        let mut expected: HashMap<&str, &OutputFile> =
            self.output.iter().map(|f| (f.rel.as_str(), f)).collect();
        for entry in walkdir::WalkDir::new(out_dir).min_depth(1) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(out_dir).ok()?;
            let rel = rel.to_str()?.replace('\\', "/");
            // The staging folder's marker is no file the writer wrote.
            if rel == crate::output::MARKER || nested.iter().any(|n| rel.starts_with(n.as_str())) {
                continue;
            }
            let want = expected.remove(rel.as_str())?;
            let (len, modified) = stat(entry.path())?;
            if len != want.len || modified != want.modified {
                return None;
            }
        }
        if !expected.is_empty() {
            return None;
        }
        let by_out: HashMap<&str, u64> = self
            .output
            .iter()
            .map(|f| (f.rel.as_str(), f.fingerprint))
            .collect();
        Some(TrustedOutput {
            written: self
                .output
                .iter()
                .map(|f| (f.rel.clone(), f.hash))
                .collect(),
            fingerprints: site
                .pages
                .iter()
                .map(|p| by_out.get(p.out.as_str()).copied().unwrap_or(0))
                .collect(),
        })
    }

    /// Remove the cache: the output is about to change in place, and the
    /// cache would describe it wrongly if the build stopped midway.
    pub fn discard(&mut self) {
        if let Some(file) = &self.file {
            match std::fs::remove_file(file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => self.note(format!("cannot remove the build cache: {e}")),
            }
        }
    }

    /// Write the pages' renderings (the first part of the cache) to a
    /// temporary file, so that a one-off build can let go of their bodies
    /// before it builds the search index, the peak of a build that keeps a
    /// cache. Bodies in `spill` are read back one page at a time (and let
    /// go again). [`Cache::save`] adds the output manifest; a build that
    /// fails drops the file.
    pub fn begin(
        &mut self,
        key: u64,
        site: &Site,
        rendered: &mut [RenderedPage],
        spill: Option<&Spill>,
    ) -> Option<Pending> {
        let file = self.file.as_ref()?;
        match Pending::write(file, key, site, rendered, spill) {
            Ok(pending) => Some(pending),
            Err(e) => {
                self.note(format!("cannot write the build cache: {e}"));
                None
            }
        }
    }

    /// Write the cache of a build that wrote `out_dir`: its renderings
    /// (already on disk with `pending`), and the output as it is now
    /// (`written`: every file's hash; `fingerprints`: by page).
    pub fn save(&mut self, pending: Option<Pending>, saved: Saved) {
        let Some(file) = self.file.clone() else {
            return;
        };
        let Saved {
            key,
            site,
            rendered,
            spill,
            out_dir,
            written,
            fingerprints,
        } = saved;
        let Some(pending) = pending.or_else(|| self.begin(key, site, rendered, spill)) else {
            return;
        };
        let pages_by_out: HashMap<&str, PageId> = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.out.as_str(), id))
            .collect();
        let mut output = Vec::with_capacity(written.len());
        for (rel, hash) in written {
            let Some((len, modified)) = stat(&out_dir.join(rel)) else {
                // The output is not what was written: no manifest.
                output.clear();
                break;
            };
            output.push(OutputFile {
                rel: rel.clone(),
                hash: *hash,
                len,
                modified,
                fingerprint: pages_by_out
                    .get(rel.as_str())
                    .and_then(|&id| fingerprints.get(id))
                    .copied()
                    .unwrap_or(0),
            });
        }
        output.sort_by(|a, b| a.rel.cmp(&b.rel));
        if let Err(e) = pending.finish(&file, &output) {
            self.note(format!("cannot write the build cache: {e}"));
        }
    }
}

/// The pages whose renderings are kept: those with a source whose
/// rendering has no warnings (a warning carries its source line, which is
/// not kept: such a page is rendered again).
fn pages_to_store(site: &Site, rendered: &[RenderedPage]) -> Vec<PageId> {
    site.pages
        .iter()
        .zip(rendered)
        .enumerate()
        .filter(|(_, (page, r))| page.source.is_some() && r.diagnostics.is_empty())
        .map(|(id, _)| id)
        .collect()
}

/// A cache file being written: [`MAGIC`], room for the checksum, the key
/// and the pages so far. Postcard writes a struct as its fields one after
/// the other, so these parts are [`Stored`] as one write would make it.
pub(super) struct Pending {
    // Buffered before the hash: postcard writes a byte at a time, the hash
    // is fed whole buffers.
    payload: std::io::BufWriter<Hashing<std::fs::File>>,
    path: tempfile::TempPath,
}

impl Pending {
    fn write(
        file: &Path,
        key: u64,
        site: &Site,
        rendered: &mut [RenderedPage],
        spill: Option<&Spill>,
    ) -> std::io::Result<Pending> {
        use std::io::Write;
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let (mut tmp, path) = tempfile::NamedTempFile::new_in(dir)?.into_parts();
        tmp.write_all(MAGIC)?;
        tmp.write_all(&[0; 8])?;
        let mut payload = std::io::BufWriter::with_capacity(
            1 << 20,
            Hashing {
                inner: tmp,
                hash: crate::hash::Hasher::new(),
            },
        );
        postcard::to_io(&key, &mut payload).map_err(std::io::Error::other)?;
        // The pages as postcard writes a sequence (its length, then each
        // element), one at a time: a spilled body is in memory only while
        // its page is written.
        let ids = pages_to_store(site, rendered);
        postcard::to_io(&ids.len(), &mut payload).map_err(std::io::Error::other)?;
        let home = site.home();
        for id in ids {
            let back = spill.and_then(|s| s.held(id)).transpose()?;
            let read_back = back.is_some();
            if let Some(body) = back {
                rendered[id].body = body;
            }
            let source = site.pages[id].source.as_ref();
            let page = PageToStore {
                rel: source.map_or("", |s| s.rel.as_str()),
                text: source.map_or(0, |s| s.hash),
                home: id == home,
                rendered: &rendered[id],
            };
            let written = postcard::to_io(&page, &mut payload).map_err(std::io::Error::other);
            if read_back {
                rendered[id].body = PackedHtml::default();
            }
            written?;
        }
        Ok(Pending { payload, path })
    }

    /// Add the output manifest and the checksum, and put the file in place
    /// (renamed over the last one: a reader never sees half a cache).
    fn finish(mut self, file: &Path, output: &[OutputFile]) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        postcard::to_io(output, &mut self.payload).map_err(std::io::Error::other)?;
        let Hashing {
            inner: mut tmp,
            hash,
        } = self.payload.into_inner().map_err(|e| e.into_error())?;
        tmp.seek(SeekFrom::Start(MAGIC.len() as u64))?;
        tmp.write_all(&std::hash::Hasher::finish(&hash).to_le_bytes())?;
        drop(tmp);
        self.path.persist(file).map_err(|e| e.error)
    }
}

/// What [`Cache::save`] writes from.
pub(super) struct Saved<'a> {
    pub key: u64,
    pub site: &'a Site,
    pub rendered: &'a mut [RenderedPage],
    /// Where the bodies not in `rendered` are.
    pub spill: Option<&'a Spill>,
    pub out_dir: &'a Path,
    pub written: &'a HashMap<String, u64>,
    pub fingerprints: &'a [u64],
}

/// What a cache is valid for, hashed: the folio binary, the site, its
/// configuration and theme, the audience and how the build was asked for.
pub(super) struct KeyParts<'a> {
    pub project: &'a super::Project,
    pub theme: Option<&'a Theme>,
    pub opts: &'a super::BuildOptions,
    /// Page bodies are held compressed (a large site).
    pub packed: bool,
}

pub(super) fn key(parts: &KeyParts) -> u64 {
    let mut h = crate::hash::Hasher::new();
    MAGIC.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // Two binaries of one version (development builds) differ too: the
    // binary's bytes, not its modification time, which a CI cache restore
    // or a copy may change.
    if let Ok(exe) = std::env::current_exe().and_then(std::fs::read) {
        crate::hash::bytes(&exe).hash(&mut h);
    }
    let project = parts.project;
    crate::output::absolute(&project.content_dir).hash(&mut h);
    project.display_root.hash(&mut h);
    // The configuration as read (every field: the version is in the key,
    // so its Debug form is stable for the cache's purpose).
    format!("{:?}", project.config).hash(&mut h);
    format!("{:?}", project.audience).hash(&mut h);
    format!("{:?}", project.explicit_nav).hash(&mut h);
    project.not_in_nav.hash(&mut h);
    if let Some(theme) = parts.theme {
        for f in &theme.files {
            (&f.name, &f.bytes[..]).hash(&mut h);
        }
    }
    // Not `--strict` nor `-q`: links are checked again on every build.
    (&parts.opts.base_url, parts.packed).hash(&mut h);
    h.finish()
}

fn stat(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), modified.as_nanos()))
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hash: crate::hash::Hasher,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        std::hash::Hasher::write(&mut self.hash, &bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The stored cache, or what is wrong with it.
fn decode(bytes: &[u8]) -> Result<Stored, &'static str> {
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Err("not a folio build cache (or from another folio version)");
    };
    let Some((sum, payload)) = rest.split_first_chunk::<8>() else {
        return Err("truncated");
    };
    if u64::from_le_bytes(*sum) != crate::hash::bytes(payload) {
        return Err("corrupt (its checksum does not match)");
    }
    postcard::from_bytes(payload).map_err(|_| "corrupt (it cannot be decoded)")
}

impl super::Engine {
    /// This build's cache key (see [`key`]).
    pub(super) fn cache_key(&self) -> u64 {
        key(&KeyParts {
            project: &self.project,
            theme: self.renderer.as_ref().ok().map(|(theme, _)| theme),
            opts: &self.opts,
            packed: self.content.markdown_bytes > crate::markdown::packed::PACK_ABOVE_BYTES,
        })
    }
}
