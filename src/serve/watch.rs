//! Watch the content folder, `folio.toml` and the theme; hand over batches
//! of changed paths, debounced (editors write a file in several steps).
//!
//! A batch closes when things have been quiet for [`DEBOUNCE`], or sooner,
//! after [`SETTLED`], when every path in it ended the way a save ends: the
//! writer closed the file (inotify's close-after-write), it was renamed
//! into place, or it came and went within the batch (an editor's probe or
//! backup file). Platforms that report no closes wait the whole debounce.

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long after the last event a batch is closed.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// How long after the last event a batch whose every path is settled is
/// closed: the steps of one save follow each other within microseconds.
pub const SETTLED: Duration = Duration::from_millis(5);

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

    /// Block until something changes; return every path changed until the
    /// batch closes (see the module's comment). `None` when the watcher ends.
    pub fn next_batch(&self) -> Option<BTreeSet<PathBuf>> {
        let mut batch = Batch::default();
        loop {
            let event = match batch.wait() {
                None => self.rx.recv().ok()?,
                Some(wait) => match self.rx.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(_) => return Some(batch.into_paths()),
                },
            };
            let Ok(mut event) = event else { continue };
            event.paths.retain(|path| {
                let hidden = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                !hidden && !self.ignore.iter().any(|i| path.starts_with(i))
            });
            batch.add(&event);
        }
    }
}

/// Where a path of the batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PathState {
    /// Its last change ended a save.
    settled: bool,
    /// It did not exist before the batch (created or renamed into place
    /// in it): removing it again leaves nothing changed.
    new: bool,
}

/// The paths changed since the batch began.
#[derive(Debug, Default)]
struct Batch {
    paths: BTreeMap<PathBuf, PathState>,
}

impl Batch {
    /// Take in one event.
    fn add(&mut self, event: &notify::Event) {
        let kind = event.kind;
        for (i, path) in event.paths.iter().enumerate() {
            let known = self.paths.get(path).copied();
            let state = match kind {
                // A file closed after writing settles a path the batch has;
                // it does not add one (opened for writing, nothing changed).
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => match known {
                    Some(state) => PathState {
                        settled: true,
                        ..state
                    },
                    None => continue,
                },
                EventKind::Access(_) => continue,
                // A rename's "both" event names the old path, then the new:
                // their own "from" and "to" events say what each became.
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if i == 0 => continue,
                EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                    PathState {
                        settled: true,
                        new: known.is_none_or(|s| s.new),
                    }
                }
                // Attributes (set after a save) change no content.
                EventKind::Modify(ModifyKind::Metadata(_)) => known.unwrap_or(PathState {
                    settled: true,
                    new: false,
                }),
                EventKind::Create(_) => PathState {
                    settled: false,
                    new: known.is_none_or(|s| s.new),
                },
                // Gone: for good, or until the editor puts the file back,
                // unless it only came for this batch (a probe or a backup).
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => PathState {
                    settled: known.is_some_and(|s| s.new),
                    new: known.is_some_and(|s| s.new),
                },
                _ => PathState {
                    settled: false,
                    new: known.is_some_and(|s| s.new),
                },
            };
            self.paths.insert(path.clone(), state);
        }
    }

    /// How long to wait for the next event before the batch closes; `None`
    /// while it is empty (wait for the first).
    fn wait(&self) -> Option<Duration> {
        if self.paths.is_empty() {
            None
        } else if self.paths.values().all(|s| s.settled) {
            Some(SETTLED)
        } else {
            Some(DEBOUNCE)
        }
    }

    fn into_paths(self) -> BTreeSet<PathBuf> {
        self.paths.into_keys().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};
    use notify::Event;

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        paths
            .iter()
            .fold(Event::new(kind), |e, p| e.add_path(PathBuf::from(p)))
    }

    fn data(path: &str) -> Event {
        event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &[path],
        )
    }
    fn close(path: &str) -> Event {
        event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &[path],
        )
    }
    fn create(path: &str) -> Event {
        event(EventKind::Create(CreateKind::File), &[path])
    }
    fn remove(path: &str) -> Event {
        event(EventKind::Remove(RemoveKind::File), &[path])
    }
    fn attrib(path: &str) -> Event {
        event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            &[path],
        )
    }
    fn rename(from: &str, to: &str) -> [Event; 3] {
        [
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                &[from],
            ),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &[to]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &[from, to],
            ),
        ]
    }

    fn batch(events: &[Event]) -> Batch {
        let mut batch = Batch::default();
        for e in events {
            batch.add(e);
        }
        batch
    }

    #[test]
    fn a_save_closed_by_its_writer_closes_the_batch_soon() {
        let b = batch(&[data("a.md"), close("a.md")]);
        assert_eq!(b.wait(), Some(SETTLED));
        assert_eq!(b.into_paths(), BTreeSet::from([PathBuf::from("a.md")]));
    }

    #[test]
    fn a_file_still_being_written_waits_the_whole_debounce() {
        assert_eq!(batch(&[data("a.md")]).wait(), Some(DEBOUNCE));
        assert_eq!(batch(&[create("a.md")]).wait(), Some(DEBOUNCE));
        // One settled path does not close a batch with another still open.
        let b = batch(&[data("a.md"), close("a.md"), data("b.md")]);
        assert_eq!(b.wait(), Some(DEBOUNCE));
        // Writing again after the close opens it again.
        assert_eq!(
            batch(&[data("a.md"), close("a.md"), data("a.md")]).wait(),
            Some(DEBOUNCE)
        );
    }

    #[test]
    fn a_deleted_page_waits_the_whole_debounce() {
        // The editor may be about to put it back.
        assert_eq!(batch(&[remove("a.md")]).wait(), Some(DEBOUNCE));
        let [from, to, both] = rename("a.md", "b.md");
        let b = batch(&[from, to, both]);
        assert_eq!(b.wait(), Some(DEBOUNCE));
        assert_eq!(
            b.into_paths(),
            BTreeSet::from([PathBuf::from("a.md"), PathBuf::from("b.md")])
        );
    }

    #[test]
    fn a_save_by_rename_into_place_settles() {
        // Write a temporary file, rename it over the page.
        let [from, to, both] = rename("a.md.tmp", "a.md");
        let b = batch(&[
            create("a.md.tmp"),
            data("a.md.tmp"),
            close("a.md.tmp"),
            from,
            to,
            both,
        ]);
        assert_eq!(b.wait(), Some(SETTLED));
    }

    #[test]
    fn vims_backup_dance_settles_once_the_page_is_written() {
        // The probe file, the page moved to a backup, written anew, the
        // backup removed.
        let [from, to, both] = rename("a.md", "a.md~");
        let mut events = vec![
            create("4913"),
            close("4913"),
            remove("4913"),
            from,
            to,
            both,
        ];
        events.extend([create("a.md"), data("a.md")]);
        assert_eq!(batch(&events).wait(), Some(DEBOUNCE));
        events.extend([close("a.md"), attrib("a.md"), remove("a.md~")]);
        assert_eq!(batch(&events).wait(), Some(SETTLED));
    }

    #[test]
    fn a_close_alone_is_not_a_change() {
        let b = batch(&[close("a.md")]);
        assert_eq!(b.wait(), None);
        assert!(b.into_paths().is_empty());
    }
}
