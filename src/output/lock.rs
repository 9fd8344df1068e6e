//! One build at a time per output folder. The lock is an exclusive lock
//! on a file beside the output (`.public.folio-lock`), taken with the
//! operating system's file locks (`flock` on Unix, `LockFileEx` on Windows,
//! through the standard library): the system releases it when the process
//! ends, however it ends, so a killed build never blocks the next one. The
//! file also says who holds the lock, for the message of a build that waits.
//! On Unix the holder removes the file when it is done (so no lock file
//! stays beside the output); a taker that finds it has locked a file
//! removed meanwhile opens the new one and tries again.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Held while a build writes its output; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a waiting taker then sees that its
        // file is gone and starts again with a new one.
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Is `path` still the file `file` has open?
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed: the lock file stays.
#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    false
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another build held it for the whole timeout.
    Busy {
        holder: String,
        lock_file: PathBuf,
    },
    Io(io::Error),
}

/// The lock file of the output folder `out` (already resolved).
pub fn lock_path(out: &Path) -> PathBuf {
    super::sibling(out, "folio-lock")
}

fn holder_of(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    let text = text.trim();
    if text.is_empty() {
        "another folio build".to_string()
    } else {
        text.to_string()
    }
}

/// Take the lock of `out`, waiting up to `timeout` for another build to
/// finish (`waiting` is called once, with the holder, if it must wait).
pub fn acquire(
    out: &Path,
    timeout: Duration,
    waiting: impl FnOnce(&str),
) -> Result<OutputLock, LockError> {
    let path = lock_path(out);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(LockError::Io)?;
    }
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)
    };
    let mut file = open()?;
    let started = Instant::now();
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) if cfg!(unix) && !same_file(&file, &path) => file = open()?,
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let holder = holder_of(&mut file);
                if started.elapsed() >= timeout {
                    return Err(LockError::Busy {
                        holder,
                        lock_file: path,
                    });
                }
                if let Some(tell) = waiting.take() {
                    tell(&holder);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    let me = format!(
        "folio {} (pid {})",
        std::env::args().nth(1).unwrap_or_default(),
        std::process::id()
    );
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(me.as_bytes()))
        .map_err(LockError::Io)?;
    Ok(OutputLock { file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_and_then_times_out_naming_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let held = acquire(&out, Duration::ZERO, |_| {}).unwrap();
        let mut told = None;
        let err = acquire(&out, Duration::from_millis(120), |h| {
            told = Some(h.to_string())
        })
        .unwrap_err();
        match err {
            LockError::Busy { holder, .. } => {
                assert!(holder.contains(&format!("pid {}", std::process::id())));
                assert_eq!(told.as_deref(), Some(holder.as_str()));
            }
            LockError::Io(e) => panic!("{e}"),
        }
        drop(held);
        let again = acquire(&out, Duration::ZERO, |_| {}).unwrap();
        drop(again);
        if cfg!(unix) {
            assert!(!lock_path(&out).exists(), "the lock file is removed");
        }
    }
}
