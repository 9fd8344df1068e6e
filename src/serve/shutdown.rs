//! Stopping `folio serve` (Ctrl-C, SIGTERM, SIGHUP) without leaving its
//! temporary folder behind, even in the middle of a build. The build's
//! threads write into that folder and create missing folders as they go,
//! so removing it while they run is not enough: it comes back. Instead the
//! folder is removed and a file put in its place, which makes every later
//! write fail (the build then finishes quickly, with errors nobody sees);
//! once the running build has returned, the file is removed and the
//! process exits.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError, TryLockError};
use std::time::{Duration, Instant};

/// How long a stop waits for the running build before exiting anyway.
const BUILD_WAIT: Duration = Duration::from_secs(30);

pub struct Shutdown {
    folder: PathBuf,
    /// Held while a build runs.
    building: Mutex<()>,
    stopping: AtomicBool,
}

impl Shutdown {
    pub fn new(folder: PathBuf) -> Shutdown {
        Shutdown {
            folder,
            building: Mutex::new(()),
            stopping: AtomicBool::new(false),
        }
    }

    /// Run a build, unless the server is stopping. `None`: it is (the
    /// build was not run, or its result, written into a folder being
    /// removed, is not worth reporting); the caller waits for the exit.
    pub fn build<T>(&self, run: impl FnOnce() -> T) -> Option<T> {
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        if self.stopping.load(Ordering::SeqCst) {
            return None;
        }
        let result = run();
        (!self.stopping.load(Ordering::SeqCst)).then_some(result)
    }

    /// Remove the folder and exit (from the signal handler's thread).
    pub fn stop(&self) -> ! {
        self.stopping.store(true, Ordering::SeqCst);
        self.block();
        let started = Instant::now();
        let mut announced = false;
        // Wait for the running build, if any, to return.
        loop {
            match self.building.try_lock() {
                Err(TryLockError::WouldBlock) if started.elapsed() < BUILD_WAIT => {}
                _ => break,
            }
            if !announced && started.elapsed() >= Duration::from_millis(500) {
                eprintln!("stopping once the running build has ended...");
                announced = true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = fs::remove_file(&self.folder);
        let _ = fs::remove_dir_all(&self.folder);
        std::process::exit(0);
    }

    /// Replace the folder by a file, so nothing can be written under it.
    fn block(&self) {
        for _ in 0..1000 {
            match fs::remove_dir_all(&self.folder) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                // A writer added something while it was being removed.
                Err(_) => continue,
            }
            // `create_new` fails if a writer made the folder again meanwhile.
            if fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&self.folder)
                .is_ok()
            {
                return;
            }
        }
    }
}
