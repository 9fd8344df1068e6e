//! The engine, stage by stage: locate -> load -> site -> markdown -> links ->
//! render -> output. `folio check` runs the same stages and writes nothing.

mod content;
mod memory;
mod plan;
mod produce;
pub mod progress;
pub mod project;
mod stages;
mod write;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use progress::Progress;
pub use project::Project;
pub use stages::Engine;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root or content folder.
    pub path: PathBuf,
    pub out: Option<PathBuf>,
    pub strict: bool,
    pub base_url: Option<String>,
    /// `false` for `folio check`.
    pub write: bool,
    /// Keep what is needed for in-place updates (`folio serve`).
    pub incremental: bool,
    /// Warnings are shown (`false` under `-q`: their "did you mean" is
    /// not looked for).
    pub show_warnings: bool,
    /// Where the build reports its progress, if anyone shows it.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// How long to wait for another build writing the same output folder.
    pub lock_timeout: Duration,
    /// The audience asked for (`--audience NAME`); the one the build is
    /// made for is [`Project::audience`].
    pub audience: Option<String>,
}

#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    /// Files published (other than pages and folio's own).
    pub files: usize,
    /// The content folder's files no page references (nor an `assets`
    /// glob), which were not published, as shown in diagnostics.
    pub unpublished: Vec<String>,
    /// Where the site was written (`None` when nothing was written).
    pub written_to: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub timings: Vec<Stage>,
    /// Pages whose template was filled in this run (an update fills only
    /// the pages whose HTML can have changed).
    pub filled: usize,
    /// How a full build's output replaced the old one.
    pub swap: Option<crate::output::Swap>,
    /// An audience build: what it left out.
    pub audience: Option<crate::audience::Report>,
    /// A build for everyone: how many pages some audience leaves out.
    pub marked_pages: usize,
}

/// One line of `--timings`: a stage's wall time (or, for a part of a
/// parallel stage, its summed thread time) and the peak memory of the
/// process when it ended, where the system tells it.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    pub peak_memory: Option<u64>,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "  {:<16} {:>8.1} ms",
            self.name,
            self.time.as_secs_f64() * 1000.0
        )?;
        if let Some(bytes) = self.peak_memory {
            write!(f, "   peak {:>5} MiB", bytes >> 20)?;
        }
        Ok(())
    }
}

/// The process's peak resident memory so far (Linux: VmHWM).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

pub(crate) struct Timer {
    last: Instant,
    stages: Vec<Stage>,
}

/// Time spent in one part of a parallel stage, summed over threads (so it
/// can exceed the stage's wall time).
#[derive(Default)]
pub(crate) struct CpuClock(std::sync::atomic::AtomicU64);

impl CpuClock {
    pub(crate) fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        result
    }

    fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl Timer {
    fn new() -> Self {
        Timer {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    /// Record the summed thread time of a part of the last stage.
    pub(crate) fn part(&mut self, name: &'static str, clock: &CpuClock) {
        self.stages.push(Stage {
            name,
            time: clock.total(),
            peak_memory: None,
        });
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push(Stage {
            name: stage,
            time: now - self.last,
            peak_memory: peak_memory(),
        });
        self.last = now;
    }
}

/// Run a build. `Err` is a usage, configuration or output-folder problem
/// (exit code 2); content problems are diagnostics in the outcome.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome, Box<Diagnostic>> {
    let mut engine = Engine::new(opts.clone())?;
    // Held until the new site is in place: one build at a time per output.
    let _lock = if opts.write {
        Some(engine.lock_output()?)
    } else {
        None
    };
    Ok(engine.full())
}

pub(crate) fn ignore_set(patterns: &[String]) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for p in patterns {
        // Patterns were validated with the configuration.
        if let Ok(glob) = globset::Glob::new(p) {
            builder.add(glob);
        }
    }
    builder
        .build()
        .unwrap_or_else(|_| globset::GlobSet::empty())
}
