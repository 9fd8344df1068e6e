//! Progress of a running build, shared with whoever shows it (the CLI draws
//! it on a terminal when a build takes more than a second).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Start a stage of `total` steps.
    pub fn stage(&self, name: &'static str, total: usize) {
        if let Ok(mut s) = self.stage.lock() {
            *s = name;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `rendering pages 4,210/10,000`, or `None` before any stage began.
    pub fn line(&self) -> Option<String> {
        let stage = *self.stage.lock().ok()?;
        if stage.is_empty() {
            return None;
        }
        let (done, total) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        );
        Some(format!("{stage} {done}/{total}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_current_stage() {
        let p = Progress::default();
        assert_eq!(p.line(), None);
        p.stage("rendering pages", 3);
        p.step();
        assert_eq!(p.line().as_deref(), Some("rendering pages 1/3"));
    }
}
