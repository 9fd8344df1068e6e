//! Watch the content folder, `folio.toml` and the theme; hand over batches
//! of changed paths, debounced (editors write a file in several steps).

use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long after the last event a batch is closed.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    ignore: Vec<PathBuf>,
}

impl Watch {
    /// Watch `paths` (folders recursively, files alone); events under
    /// `ignore` (the output and staging folders) are dropped.
    pub fn new(paths: &[PathBuf], ignore: Vec<PathBuf>) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        for path in paths.iter().filter(|p| p.exists()) {
            let mode = if path.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            watcher.watch(path, mode)?;
        }
        Ok(Watch {
            _watcher: watcher,
            rx,
            ignore,
        })
    }

    /// Block until something changes; return every path changed until
    /// things have been quiet for [`DEBOUNCE`]. `None` when the watcher ends.
    pub fn next_batch(&self) -> Option<BTreeSet<PathBuf>> {
        let mut batch = BTreeSet::new();
        loop {
            let event = if batch.is_empty() {
                self.rx.recv().ok()?
            } else {
                match self.rx.recv_timeout(DEBOUNCE) {
                    Ok(event) => event,
                    Err(_) => return Some(batch),
                }
            };
            let Ok(event) = event else { continue };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            for path in event.paths {
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if !hidden && !self.ignore.iter().any(|i| path.starts_with(i)) {
                    batch.insert(path);
                }
            }
        }
    }
}
