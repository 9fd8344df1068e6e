//! `folio serve`: build into a private folder, serve it on loopback, watch
//! the content, `folio.toml` and the theme, rebuild on change (debounced),
//! and tell open pages to reload or to show the build's errors. A failed
//! build keeps the last good pages being served.

mod events;
mod http;
mod live;
mod request;
mod response;
mod server;
mod shutdown;
mod watch;

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic};
use crate::engine::{BuildOptions, BuildOutcome, Project};
use crate::languages::Engines;
use crate::output::absolute;
use live::{Live, OverlayError};
use shutdown::Shutdown;
use std::collections::BTreeSet;
use std::net::{IpAddr, TcpListener};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub struct ServeOptions {
    pub path: PathBuf,
    pub port: u16,
    pub host: IpAddr,
    pub open: bool,
    /// `--audience NAME`: serve the site as built for that audience.
    pub audience: Option<String>,
}

/// How many ports after the requested one are tried when it is taken.
const PORT_TRIES: u16 = 10;

fn bind(host: IpAddr, port: u16) -> Result<TcpListener, Box<Diagnostic>> {
    let mut last_error = String::new();
    for p in port..port.saturating_add(PORT_TRIES) {
        match TcpListener::bind((host, p)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = e.to_string(),
        }
        if port == 0 {
            break;
        }
    }
    Err(Box::new(Diagnostic::error(
        Code::Config,
        format!(
            "cannot serve on {host} ports {port}-{}: {last_error}; choose another with --port",
            port.saturating_add(PORT_TRIES - 1)
        ),
    )))
}

/// Print the build's errors and warnings (after the first build, only the
/// warnings of the files just changed) and return the errors for the
/// in-page overlay.
fn report(
    outcome: &BuildOutcome,
    started: Instant,
    changed: Option<&[PathBuf]>,
) -> Vec<OverlayError> {
    let first = changed.is_none();
    let mut errors = Vec::new();
    for d in outcome.diagnostics.items() {
        let in_changed_file = |c: &[PathBuf]| {
            d.path
                .as_ref()
                .is_some_and(|p| c.iter().any(|f| f.ends_with(p.as_str())))
        };
        if d.is_error() || changed.is_none_or(in_changed_file) {
            eprintln!("{}", d.render_human());
        }
        if d.is_error() {
            errors.push(OverlayError::from(d));
        }
    }
    if std::env::var_os("FOLIO_TIMINGS").is_some() {
        for stage in &outcome.timings {
            eprintln!("{stage}");
        }
        eprintln!("{}", outcome.plan);
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let counts = outcome.diagnostics.counts();
    if counts.errors > 0 {
        eprintln!(
            "build failed with {} error(s) in {ms:.0} ms; still serving the last good build",
            counts.errors
        );
    } else {
        let verb = if first { "built" } else { "rebuilt" };
        eprintln!(
            "{verb} {} pages in {ms:.0} ms ({} warnings)",
            outcome.pages, counts.warnings
        );
    }
    errors
}

fn new_engine(path: &Path, out: &Path, audience: Option<&str>) -> Result<Engines, Box<Diagnostic>> {
    Engines::new(BuildOptions {
        path: path.to_path_buf(),
        out: Some(out.to_path_buf()),
        strict: false,
        base_url: None,
        write: true,
        incremental: true,
        show_warnings: true,
        progress: None,
        lock_timeout: std::time::Duration::ZERO,
        audience: audience.map(str::to_string),
        cache: crate::engine::CacheChoice::Off,
    })
}

/// The engine between builds: `None` after a configuration or theme change,
/// a failure to set one up, or a panic (its state is not trusted then), so
/// the next change rebuilds from scratch.
struct Builder {
    path: PathBuf,
    out: PathBuf,
    /// `--audience`: every engine made builds for it (its state is its own).
    audience: Option<String>,
    engine: Option<Engines>,
}

/// How a build ended.
enum Built {
    Done(Box<BuildOutcome>),
    /// No engine could be set up (a bad `folio.toml`, say).
    NoEngine(Box<Diagnostic>),
    /// The build panicked: a bug in folio.
    Panicked(OverlayError),
}

impl Builder {
    /// Build (`changed`: update with these paths if the engine allows).
    /// A panic in the build is caught: the last good pages stay served.
    fn build(&mut self, changed: Option<&BTreeSet<PathBuf>>) -> Built {
        let built = catch_unwind(AssertUnwindSafe(|| {
            let engine = match self.engine.take() {
                Some(engine) => engine,
                None => new_engine(&self.path, &self.out, self.audience.as_deref())?,
            };
            // A fresh engine's update is a full build.
            let engine = self.engine.insert(engine);
            Ok(match changed {
                Some(changed) => engine.update(changed),
                None => engine.full(),
            })
        }));
        match built {
            Ok(Ok(outcome)) => Built::Done(Box::new(outcome)),
            Ok(Err(d)) => Built::NoEngine(d),
            Err(payload) => {
                self.engine = None;
                Built::Panicked(OverlayError::from_panic(&*payload))
            }
        }
    }
}

/// Print how a build ended; return the errors for the overlay.
fn report_built(
    built: Built,
    started: Instant,
    changed: Option<&BTreeSet<PathBuf>>,
) -> Vec<OverlayError> {
    match built {
        Built::Done(outcome) => {
            let changed: Option<Vec<PathBuf>> = changed.map(|c| c.iter().cloned().collect());
            report(&outcome, started, changed.as_deref())
        }
        Built::NoEngine(d) => {
            eprintln!("{}", d.render_human());
            vec![OverlayError::from(&d)]
        }
        Built::Panicked(error) => {
            eprintln!("{}", error.text);
            vec![error]
        }
    }
}

pub fn serve(opts: ServeOptions) -> Result<(), Box<Diagnostic>> {
    let project = Project::locate(&opts.path, None, opts.audience.as_deref())?;
    let tmp = tempfile::Builder::new()
        .prefix("folio-serve-")
        .tempdir()
        .map_err(|e| {
            Box::new(Diagnostic::error(
                Code::Output,
                format!("cannot create a folder to serve from: {e}"),
            ))
        })?;
    let out = tmp.path().join("site");
    let shutdown = Arc::new(Shutdown::new(tmp.path().to_path_buf()));
    {
        let shutdown = Arc::clone(&shutdown);
        let _ = ctrlc::set_handler(move || shutdown.stop());
    }

    let listener = bind(opts.host, opts.port)?;
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    // Watching starts before the first build: a file saved while it runs,
    // or as soon as the address is shown, is built next, not missed.
    let mut watched = vec![project.content_dir.clone(), opts.path.join(CONFIG_FILE)];
    if let Some(theme) = &project.theme_dir {
        watched.push(theme.clone());
    }
    let watcher = watch::Watch::new(&watched, vec![tmp.path().to_path_buf()]).map_err(|e| {
        Box::new(Diagnostic::error(
            Code::Config,
            format!("cannot watch for changes: {e}"),
        ))
    })?;
    let live = Live::start();
    // A configuration or output problem found before anything is served
    // ends the command (exit code 2), as for `folio build`.
    let mut builder = Builder {
        engine: Some(new_engine(&opts.path, &out, opts.audience.as_deref())?),
        path: opts.path.clone(),
        out: out.clone(),
        audience: opts.audience.clone(),
    };
    let started = Instant::now();
    match shutdown.build(|| builder.build(None)) {
        Some(built) => live.publish(report_built(built, started, None)),
        None => wait_for_exit(),
    }
    let url = format!("http://{}:{port}/", http::url_host(opts.host));
    if port != opts.port && opts.port != 0 {
        eprintln!(
            "port {} is in use; serving on port {port} instead",
            opts.port
        );
    }
    eprintln!("serving {} at {url} (Ctrl-C to stop)", project.display_root);
    if !opts.host.is_loopback() {
        eprintln!(
            "note: listening on {}: other machines on your network can open this site",
            opts.host
        );
    }
    {
        let site = Arc::new(http::Site {
            root: out.clone(),
            live: Arc::clone(&live),
            hosts: http::Hosts::for_address(opts.host),
        });
        std::thread::spawn(move || server::run(listener, site));
    }
    if opts.open {
        open_browser(&url);
    }

    let config_path = absolute(&opts.path.join(CONFIG_FILE));
    let theme_dir = project.theme_dir.as_deref().map(absolute);
    while let Some(batch) = watcher.next_batch() {
        for path in &batch {
            eprintln!("changed: {}", path.display());
        }
        // Configuration and templates touch every page: start afresh.
        let everything = batch
            .iter()
            .map(|p| absolute(p))
            .any(|p| p == config_path || theme_dir.as_ref().is_some_and(|t| p.starts_with(t)));
        if everything {
            builder.engine = None;
        }
        let started = Instant::now();
        match shutdown.build(|| builder.build(Some(&batch))) {
            Some(built) => live.publish(report_built(built, started, Some(&batch))),
            None => wait_for_exit(),
        }
    }
    Ok(())
}

/// The server is stopping: the signal handler removes the folder and ends
/// the process.
fn wait_for_exit() -> ! {
    loop {
        std::thread::park();
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not start a browser; open {url}");
    }
}
