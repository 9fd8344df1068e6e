//! How long each stage took, and the memory at its end (`--timings`).

use std::time::{Duration, Instant};

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
pub(crate) fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

pub(crate) struct Timer {
    last: Instant,
    pub(super) stages: Vec<Stage>,
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

    pub(super) fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl Timer {
    pub(super) fn new() -> Self {
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

    pub(super) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push(Stage {
            name: stage,
            time: now - self.last,
            peak_memory: peak_memory(),
        });
        self.last = now;
    }
}
