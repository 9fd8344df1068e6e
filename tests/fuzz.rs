//! A property test through the real binary: thousands of small random sites
//! (Chinese, emoji and ZWJ sequences, tables, fences, raw HTML, every link
//! shape, footnotes, front matter good and bad, BOMs, CRLF, odd file names)
//! checked or built by `folio`, which must never panic or hang, must print
//! one JSON document and must exit 1 exactly when that document has an
//! error (2 for configuration errors, 0 otherwise).
//!
//! `FOLIO_FUZZ_RUNS` sets the number of sites (default 3,000, under a
//! minute on two idle cores), `FOLIO_FUZZ_SEED` the first site's seed (default: a fixed one,
//! so that `cargo test` is reproducible). Site `i` is generated from seed
//! `FOLIO_FUZZ_SEED + i`; a failure prints that seed and the whole site.

mod common;
#[path = "fuzz/generator.rs"]
mod generator;
use common::TestSite;
use generator::Gen;
use std::fmt::Write as _;
use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_RUNS: u64 = 3_000;
const WORKERS: u64 = 2;
const DEFAULT_SEED: u64 = 0x5eed_f011_0000;
/// A run of a tiny site takes milliseconds: this long is a hang.
const TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn random_sites_never_panic_hang_or_misreport() {
    let runs = env_u64("FOLIO_FUZZ_RUNS").unwrap_or(DEFAULT_RUNS);
    let first = env_u64("FOLIO_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let started = Instant::now();
    // Two workers (sites i and i + 1 of each pair): folio is a separate
    // process, so the test waits on it half the time.
    std::thread::scope(|scope| {
        for worker in 0..WORKERS {
            scope.spawn(move || {
                for i in (worker..runs).step_by(WORKERS as usize) {
                    let seed = first.wrapping_add(i);
                    let case = Case::generate(seed);
                    if let Err(problem) = case.run() {
                        panic!(
                            "{problem}\n\nseed {seed}: rerun with FOLIO_FUZZ_SEED={seed} FOLIO_FUZZ_RUNS=1\n{}",
                            case.describe()
                        );
                    }
                }
            });
        }
    });
    eprintln!(
        "{runs} random sites from seed {first} in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

/// One random site and the command to run on it.
struct Case {
    seed: u64,
    files: Vec<(String, Vec<u8>)>,
    args: Vec<&'static str>,
}

/// What a run printed and how it ended.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Case {
    fn generate(seed: u64) -> Case {
        let mut g = Gen::new(seed);
        let files = g.site();
        let mut args = vec![if g.chance(10) { "build" } else { "check" }];
        args.extend(["--format", "json"]);
        if g.chance(4) {
            args.push("--strict");
        }
        Case { seed, files, args }
    }

    fn run(&self) -> Result<(), String> {
        let mut site = TestSite::new();
        for (path, bytes) in &self.files {
            site = site.bytes(path, bytes);
        }
        let outcome = run_with_timeout(&site, &self.args)?;
        let fail = |what: String| {
            Err(format!(
                "{what}\nexit code {:?}\n--- stdout\n{}\n--- stderr\n{}",
                outcome.code, outcome.stdout, outcome.stderr
            ))
        };
        if outcome.code == Some(101) || outcome.stderr.contains("panicked") {
            return fail("folio panicked".into());
        }
        let report: serde_json::Value = match serde_json::from_str(&outcome.stdout) {
            Ok(v) => v,
            Err(e) => return fail(format!("stdout is not one JSON document: {e}")),
        };
        let Some(diagnostics) = report["diagnostics"].as_array() else {
            return fail("the JSON report has no `diagnostics` list".into());
        };
        let errors: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap_or(""))
            .collect();
        let usage = errors.iter().any(|c| ["config", "output"].contains(c));
        let expected = match (errors.is_empty(), usage) {
            (true, _) => 0,
            (false, true) => 2,
            (false, false) => 1,
        };
        if outcome.code != Some(expected) {
            return fail(format!(
                "expected exit code {expected} for errors {errors:?}"
            ));
        }
        if report["summary"]["errors"] != errors.len() {
            return fail("summary.errors differs from the error diagnostics".into());
        }
        // Problems in a file's text name its line.
        let in_text = [
            "broken-link",
            "broken-anchor",
            "link-outside-root",
            "front-matter",
            "audience-marker",
        ];
        if let Some(d) = diagnostics
            .iter()
            .find(|d| in_text.iter().any(|c| d["code"] == *c) && !d["line"].is_u64())
        {
            return fail(format!("a diagnostic names no line: {d}"));
        }
        if self.args[0] == "build" && expected == 0 && !site.exists("public/index.html") {
            return fail("a successful build wrote no public/index.html".into());
        }
        Ok(())
    }

    /// The site, file by file, for a failure message.
    fn describe(&self) -> String {
        let mut out = format!("folio {} (seed {})\n", self.args.join(" "), self.seed);
        for (path, bytes) in &self.files {
            let _ = writeln!(out, "--- {path:?}");
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    let _ = writeln!(out, "{text:?}");
                }
                Err(_) => {
                    let _ = writeln!(out, "(not UTF-8) {bytes:?}");
                }
            }
        }
        out
    }
}

/// Run `folio ARGS` in the site, killing it after [`TIMEOUT`]. Output goes
/// to files, so that a chatty run cannot block on a full pipe.
fn run_with_timeout(site: &TestSite, args: &[&str]) -> Result<Outcome, String> {
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(site.path())
        .env_remove("CI")
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::from(File::create(&out_path).unwrap()))
        .stderr(Stdio::from(File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("folio did not finish within {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let read = |p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Ok(Outcome {
        code: status.code(),
        stdout: read(&out_path),
        stderr: read(&err_path),
    })
}
