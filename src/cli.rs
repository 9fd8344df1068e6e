//! Command-line interface: argument parsing and reporting only.
//! Exit codes: 0 success (warnings allowed), 1 content errors, 2 usage,
//! configuration or output-folder errors.

use crate::diagnostics::{Counts, Diagnostic};
use crate::engine::{BuildOptions, BuildOutcome, CacheChoice};
// Every language of a multi-language tree (one engine each).
use crate::languages::build;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "folio",
    version,
    about = "Turn a folder of Markdown into a navigable static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// Site root (with folio.toml) or a folder of Markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output folder (default: output-dir from folio.toml, else ./public).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Treat broken links and anchors as errors.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Absolute URL of the published site (sitemap.xml and canonical links).
        #[arg(long)]
        base_url: Option<String>,
        /// Print errors only.
        #[arg(short, long)]
        quiet: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
        /// Seconds to wait for another build writing the same output folder.
        #[arg(long, value_name = "SECONDS", default_value_t = 120)]
        lock_timeout: u64,
        /// Build for this audience of folio.toml (`all`: everything), leaving out
        /// what is marked for other audiences.
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
        /// Keep the build cache in DIR (default: .folio-cache beside the
        /// output folder).
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache: Option<PathBuf>,
        /// Neither read nor write the build cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Run the same analysis as build and write nothing.
    Check {
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Treat broken links and anchors as errors.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check for this audience of folio.toml (`all`: everything), leaving out
        /// what is marked for other audiences.
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
    },
    /// Serve the site on this machine, rebuild on change and reload the browser.
    Serve {
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; 0.0.0.0 serves the whole network.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Serve for this audience of folio.toml (`all`: everything), leaving out
        /// what is marked for other audiences.
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
    },
    /// Write the print page of the site or of one chapter (folder) to PDF
    /// through a Chromium or Chrome installed on this machine.
    Pdf {
        /// Site root (with folio.toml) or a folder of Markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The folder to print (default: the whole site).
        #[arg(long, value_name = "FOLDER")]
        chapter: Option<PathBuf>,
        /// The PDF file to write (default: the folder's name, or site, + .pdf).
        #[arg(short, long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// The browser to print with (default: chromium, google-chrome, ... on PATH).
        #[arg(long, value_name = "PATH")]
        browser: Option<PathBuf>,
        /// Print for this audience of folio.toml (`all`: everything), leaving out
        /// what is marked for other audiences.
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
    },
    /// Create folio.toml and content/README.md.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions workflow annotations on stdout (`::warning file=…`),
    /// so pull requests show each diagnostic on its line; the human
    /// report still goes to stderr.
    Github,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    diagnostics: &'a [Diagnostic],
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct Summary<'a> {
    errors: usize,
    warnings: usize,
    pages: usize,
    files: usize,
    /// The content folder's files no page references, left out.
    unpublished: &'a [String],
    output: Option<String>,
    /// The audience the build was made for (`--audience`), if any.
    audience: Option<&'a str>,
    /// What the audience build left out, one line each (as `folio check
    /// --audience` lists it).
    left_out: Vec<String>,
    /// A build for everyone: the pages some audience leaves out.
    marked_pages: usize,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            path,
            out,
            strict,
            format,
            base_url,
            quiet,
            timings,
            lock_timeout,
            audience,
            cache,
            no_cache,
        } => run(
            BuildOptions {
                path,
                out,
                strict,
                base_url,
                write: true,
                incremental: false,
                show_warnings: !quiet,
                progress: None,
                lock_timeout: std::time::Duration::from_secs(lock_timeout),
                audience,
                cache: match (cache, no_cache) {
                    (_, true) => CacheChoice::Off,
                    (Some(dir), false) => CacheChoice::In(dir),
                    (None, false) => CacheChoice::NextToOutput,
                },
            },
            format,
            quiet,
            timings,
        ),
        Command::Check {
            path,
            strict,
            format,
            audience,
        } => run(
            BuildOptions {
                path,
                out: None,
                strict,
                base_url: None,
                write: false,
                incremental: false,
                show_warnings: true,
                progress: None,
                lock_timeout: std::time::Duration::ZERO,
                audience,
                cache: CacheChoice::Off,
            },
            format,
            false,
            false,
        ),
        Command::Serve {
            path,
            port,
            host,
            open,
            audience,
        } => match crate::serve::serve(crate::serve::ServeOptions {
            path,
            port,
            host,
            open,
            audience,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                eprint!("{}", d.render_human());
                ExitCode::from(2)
            }
        },
        Command::Pdf {
            path,
            chapter,
            out,
            browser,
            audience,
        } => pdf(crate::print::pdf::PdfOptions {
            path,
            chapter,
            out,
            browser,
            audience,
        }),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(message) => {
                eprintln!("{message}");
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprint!("{}", d.render_human());
                ExitCode::from(2)
            }
        },
    }
}

fn run(mut opts: BuildOptions, format: Format, quiet: bool, timings: bool) -> ExitCode {
    let started = Instant::now();
    let shown = (opts.write && !quiet && format == Format::Human && interactive())
        .then(|| ProgressLine::start(&mut opts));
    let result = build(&opts);
    drop(shown);
    let outcome = match result {
        Ok(o) => o,
        Err(d) => {
            if format == Format::Json {
                print_json(
                    std::slice::from_ref(&d),
                    Counts {
                        errors: 1,
                        warnings: 0,
                    },
                    None,
                );
            }
            if format == Format::Github {
                print_annotations(std::slice::from_ref(&d));
            }
            eprint!("{}", d.render_human());
            return ExitCode::from(2);
        }
    };
    let counts = outcome.diagnostics.counts();
    let mut stderr = std::io::stderr().lock();
    let mut previous = None;
    for d in outcome.diagnostics.items() {
        if !quiet || d.is_error() {
            let _ = writeln!(stderr, "{}", d.render_human_after(previous));
            previous = Some(d);
        }
    }
    if format == Format::Json {
        print_json(outcome.diagnostics.items(), counts, Some(&outcome));
    }
    if format == Format::Github {
        print_annotations(outcome.diagnostics.items());
    }
    // `folio check --audience NAME`: what the build will leave out (the
    // links that lose their target are its `link-to-excluded` diagnostics).
    if let (Some(report), false, false) = (&outcome.audience, opts.write, quiet) {
        let lines = report.lines();
        let _ = writeln!(
            stderr,
            "audience `{}` leaves out {}:",
            report.audience,
            plural(lines.len(), "item")
        );
        for line in lines {
            let _ = writeln!(stderr, "  {line}");
        }
    }
    if timings {
        for stage in &outcome.timings {
            let _ = writeln!(stderr, "{stage}");
        }
        let _ = writeln!(stderr, "{}", outcome.plan);
    }
    let summary = summary_line(&opts, &outcome, counts, started.elapsed().as_secs_f64());
    if !quiet || counts.errors > 0 {
        let _ = writeln!(stderr, "{summary}");
    }
    if counts.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn pdf(opts: crate::print::pdf::PdfOptions) -> ExitCode {
    let started = Instant::now();
    let outcome = match crate::print::pdf::pdf(&opts) {
        Ok(o) => o,
        Err(e) => {
            eprint!("{}", e.diagnostic.render_human());
            return ExitCode::from(e.exit);
        }
    };
    let mut stderr = std::io::stderr().lock();
    let mut previous = None;
    for d in outcome.build.diagnostics.items() {
        let _ = writeln!(stderr, "{}", d.render_human_after(previous));
        previous = Some(d);
    }
    match outcome.written {
        Some(pdf) => {
            let _ = writeln!(
                stderr,
                "wrote `{}` in {:.2}s",
                crate::engine::project::show(&pdf),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        None => {
            let _ = writeln!(stderr, "error: build failed; no PDF was written");
            ExitCode::from(1)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary_line(opts: &BuildOptions, o: &BuildOutcome, counts: Counts, secs: f64) -> String {
    let problems = match (counts.errors, counts.warnings) {
        (0, 0) => "no problems".to_string(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    let out = crate::engine::project::show(&o.out_dir);
    let how = match &o.swap {
        Some(crate::output::Swap::InPlace { reason }) => format!(
            "; `{out}` could not be replaced ({reason}), so it was updated in place, which is not atomic"
        ),
        _ => String::new(),
    };
    let left_out = match o.unpublished.len() {
        0 => String::new(),
        1 => "; 1 file not referenced by any page was not published".to_string(),
        n => format!("; {n} files not referenced by any page were not published"),
    };
    let audience = match &o.audience {
        Some(report) => format!(
            "; for audience `{}`, leaving out {}, {}, {} and {}",
            report.audience,
            plural(report.cut.pages.len(), "page"),
            plural(report.cut.folders.len(), "folder"),
            plural(report.cut.assets.len(), "file"),
            plural(report.passages.len(), "passage"),
        ),
        None => match o.marked_pages {
            0 => String::new(),
            1 => "; 1 page is marked for other audiences".to_string(),
            n => format!("; {n} pages are marked for other audiences"),
        },
    };
    let left_out = format!("{left_out}{audience}");
    match (&o.written_to, opts.write) {
        (Some(_), _) => format!(
            "built {} and {} into `{out}` in {secs:.2}s ({problems}{how}{left_out})",
            plural(o.pages, "page"),
            plural(o.files, "file"),
        ),
        (None, true) => format!("error: build failed ({problems}); `{out}` was left unchanged"),
        (None, false) => format!("checked {}: {problems}{left_out}", plural(o.pages, "page")),
    }
}

/// One workflow command per diagnostic (GitHub's "workflow commands":
/// properties escape `%`, CR, LF, `:` and `,`; the message `%`, CR, LF).
fn print_annotations(diagnostics: &[Diagnostic]) {
    fn message(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        message(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut stdout = std::io::stdout().lock();
    for d in diagnostics {
        let level = if d.is_error() { "error" } else { "warning" };
        let mut props = Vec::new();
        if let Some(path) = &d.path {
            props.push(format!("file={}", property(path)));
        }
        if let Some(line) = d.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = d.column {
            props.push(format!("col={col}"));
        }
        props.push(format!(
            "title={}",
            property(&format!("folio {}", d.code.as_str()))
        ));
        let mut text = d.message.clone();
        if let Some(s) = &d.suggestion {
            text.push_str(&format!(" (did you mean `{s}`?)"));
        }
        let _ = writeln!(stdout, "::{level} {}::{}", props.join(","), message(&text));
    }
}

fn print_json(diagnostics: &[Diagnostic], counts: Counts, outcome: Option<&BuildOutcome>) {
    let report = outcome.and_then(|o| o.audience.as_ref());
    let report = JsonReport {
        ok: counts.errors == 0,
        diagnostics,
        summary: Summary {
            errors: counts.errors,
            warnings: counts.warnings,
            pages: outcome.map_or(0, |o| o.pages),
            files: outcome.map_or(0, |o| o.files),
            unpublished: outcome.map_or(&[], |o| o.unpublished.as_slice()),
            output: outcome
                .and_then(|o| o.written_to.as_ref())
                .map(|p| p.display().to_string()),
            audience: report.map(|r| r.audience.as_str()),
            left_out: report
                .map(crate::audience::Report::lines)
                .unwrap_or_default(),
            marked_pages: outcome.map_or(0, |o| o.marked_pages),
        },
    };
    let mut stdout = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut stdout, &report);
    let _ = writeln!(stdout);
}

/// A progress line on stderr, drawn only once a build has run for a second,
/// erased when the build ends.
struct ProgressLine {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    fn start(opts: &mut BuildOptions) -> ProgressLine {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let progress = Arc::new(crate::engine::Progress::default());
        opts.progress = Some(Arc::clone(&progress));
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let began = Instant::now();
            let mut drawn = false;
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if began.elapsed().as_secs() >= 1 {
                    if let Some(line) = progress.line() {
                        eprint!("\r\x1b[2K{line}");
                        drawn = true;
                    }
                }
            }
            if drawn {
                eprint!("\r\x1b[2K");
            }
        });
        ProgressLine {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Whether progress may be drawn (a terminal, not CI).
pub fn interactive() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}
