//! `folio pdf`: build the site into a temporary folder, then print one print
//! page to PDF with a Chromium or Chrome installed on the machine, driven
//! through the DevTools protocol (`headless_chrome`): headless, every
//! request that is not `file://` refused, the outline made from the
//! headings, backgrounds printed, margins and page numbers from the print
//! page's CSS.

use crate::config::Paper;
use crate::diagnostics::{Code, Diagnostic};
use crate::engine::project::{show, Project};
use crate::engine::{build, BuildOptions, BuildOutcome};
use crate::site::urls::encode_segment;
use headless_chrome::protocol::cdp::Fetch::{self, RequestPattern};
use headless_chrome::protocol::cdp::Network::ErrorReason;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Browsers looked for on `PATH`, in this order.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
];

/// Where Chrome and Chromium install themselves off `PATH`.
const INSTALLED: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
];

/// How long the diagrams of a print page may take to draw.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub const INSTALL_HELP: &str = "folio pdf prints through Chromium or Google Chrome; install one:
  Debian/Ubuntu: sudo apt-get install chromium   (Ubuntu: sudo snap install chromium)
  macOS:         brew install --cask chromium    (or Google Chrome from https://www.google.com/chrome/)
  Windows:       winget install Google.Chrome
or give its path with --browser PATH";

pub struct PdfOptions {
    /// Site root or content folder, as for `folio build`.
    pub path: PathBuf,
    /// The folder to print (a path to it, or its path in the content
    /// folder); `None`: the whole site.
    pub chapter: Option<PathBuf>,
    /// The PDF to write; `None`: the chapter's name (or `site`) + `.pdf`.
    pub out: Option<PathBuf>,
    pub browser: Option<PathBuf>,
    /// The audience to print for (`--audience`).
    pub audience: Option<String>,
}

/// What `folio pdf` did.
pub struct PdfOutcome {
    pub build: BuildOutcome,
    /// The PDF written, unless the build failed.
    pub written: Option<PathBuf>,
}

/// Why `folio pdf` wrote nothing, and the exit code that says so.
pub struct PdfError {
    pub diagnostic: Box<Diagnostic>,
    /// 2: usage (no browser, no such chapter, bad configuration); 1: the
    /// browser failed to print.
    pub exit: u8,
}

fn usage(message: String) -> PdfError {
    PdfError {
        diagnostic: Box::new(Diagnostic::error(Code::Browser, message)),
        exit: 2,
    }
}

/// The browser to print with: `explicit`, else the first found.
pub fn find_browser(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(format!("no browser at `{}`\n{INSTALL_HELP}", show(path)))
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let suffixes: &[&str] = if cfg!(windows) { &[".exe", ""] } else { &[""] };
    BROWSERS
        .iter()
        .flat_map(|name| {
            on_path.iter().flat_map(move |dir| {
                suffixes
                    .iter()
                    .map(move |suffix| dir.join(format!("{name}{suffix}")))
            })
        })
        .chain(INSTALLED.iter().map(PathBuf::from))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("no Chromium or Chrome found on PATH\n{INSTALL_HELP}"))
}

/// Build the site into a temporary folder and print the chapter's print
/// page to PDF.
pub fn pdf(opts: &PdfOptions) -> Result<PdfOutcome, PdfError> {
    let browser = find_browser(opts.browser.as_deref()).map_err(usage)?;
    let project =
        Project::locate(&opts.path, None, opts.audience.as_deref()).map_err(|d| PdfError {
            diagnostic: d,
            exit: 2,
        })?;
    if !project.config.print.enabled {
        return Err(usage(
            "print pages are off (`print.enabled = false` in folio.toml)".to_string(),
        ));
    }
    let chapter = match &opts.chapter {
        Some(c) => chapter_folder(&project.content_dir, c).ok_or_else(|| {
            usage(format!(
                "`{}` is not a folder of the content folder `{}`",
                show(c),
                project.display_root
            ))
        })?,
        None => String::new(),
    };
    let temp = tempfile::Builder::new()
        .prefix("folio-pdf-")
        .tempdir()
        .map_err(|e| usage(format!("cannot make a temporary folder: {e}")))?;
    let site = temp.path().join("site");
    let starting = {
        let browser = browser.clone();
        std::thread::spawn(move || launch(&browser))
    };
    let outcome = build(&BuildOptions {
        path: opts.path.clone(),
        out: Some(site.clone()),
        strict: false,
        base_url: None,
        write: true,
        incremental: false,
        show_warnings: true,
        progress: None,
        lock_timeout: Duration::from_secs(120),
        audience: opts.audience.clone(),
        cache: crate::engine::CacheChoice::Off,
    })
    .map_err(|d| PdfError {
        diagnostic: d,
        exit: 2,
    });
    // Joined before any return, so that no path leaves Chromium running.
    let printer = starting
        .join()
        .unwrap_or_else(|_| Err("the browser's start panicked".to_string()));
    let outcome = outcome?;
    if outcome.written_to.is_none() {
        return Ok(PdfOutcome {
            build: outcome,
            written: None,
        });
    }
    let page = if chapter.is_empty() {
        site.join(super::PRINT_FOLDER).join("index.html")
    } else {
        site.join(super::PRINT_FOLDER)
            .join(&chapter)
            .join("index.html")
    };
    if !page.is_file() {
        return Err(usage(format!(
            "`{chapter}` has no print page: no page is written in it"
        )));
    }
    let printed = printer.and_then(|printer| printer.print(&page, project.config.print.paper));
    let bytes = printed.map_err(|message| PdfError {
        diagnostic: Box::new(Diagnostic::error(
            Code::Browser,
            format!("`{}` could not print: {message}", show(&browser)),
        )),
        exit: 1,
    })?;
    let out = opts.out.clone().unwrap_or_else(|| {
        let name = chapter.rsplit('/').next().filter(|n| !n.is_empty());
        PathBuf::from(format!("{}.pdf", name.unwrap_or("site")))
    });
    std::fs::write(&out, bytes).map_err(|e| PdfError {
        diagnostic: Box::new(Diagnostic::error(
            Code::Output,
            format!("cannot write `{}`: {e}", show(&out)),
        )),
        exit: 2,
    })?;
    Ok(PdfOutcome {
        build: outcome,
        written: Some(out),
    })
}

/// The content folder's sub-folder `chapter` names (as a path from here,
/// or from the content folder), `/`-separated; `None` if it names none.
fn chapter_folder(content_dir: &Path, chapter: &Path) -> Option<String> {
    let content = content_dir.canonicalize().ok()?;
    let found = [chapter.to_path_buf(), content_dir.join(chapter)]
        .into_iter()
        .filter_map(|p| p.canonicalize().ok())
        .find(|p| p.is_dir() && p.starts_with(&content))?;
    let rel = found.strip_prefix(&content).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The `file://` URL of an absolute path.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded: Vec<String> = text.split('/').map(encode_segment).collect();
    let joined = encoded.join("/");
    // `C:/x` on Windows: the drive letter keeps its colon.
    let joined = joined.replacen("%3A", ":", 1);
    if joined.starts_with('/') {
        format!("file://{joined}")
    } else {
        format!("file:///{joined}")
    }
}

/// Start `browser` headless, with one tab that can reach `file://` only.
/// Run while the site builds: starting Chromium takes as long as building
/// a small site.
fn launch(browser: &Path) -> Result<Printer, String> {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--disable-component-update",
        "--no-default-browser-check",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(browser.to_path_buf()))
        .headless(true)
        // Root (containers, CI) cannot use Chromium's sandbox; the page is
        // the user's own site, offline.
        .sandbox(false)
        .args(args)
        .idle_browser_timeout(Duration::from_secs(300))
        .build()
        .map_err(|e| e.to_string())?;
    let browser = Browser::new(options).map_err(|e| e.to_string())?;
    let tab = browser.new_tab().map_err(|e| e.to_string())?;
    // Drawing the diagrams and printing a whole site take longer than the
    // default of a DevTools call.
    tab.set_default_timeout(READY_TIMEOUT);
    // No network: every request but the site's own files fails.
    let everything = RequestPattern {
        url_pattern: Some("*".to_string()),
        resource_Type: None,
        request_stage: None,
    };
    tab.enable_fetch(Some(&[everything]), None)
        .map_err(|e| e.to_string())?;
    tab.enable_request_interception(Arc::new(
        |_transport, _session, event: Fetch::events::RequestPausedEvent| {
            use headless_chrome::browser::tab::RequestPausedDecision;
            if event.params.request.url.starts_with("file:") {
                RequestPausedDecision::Continue(None)
            } else {
                RequestPausedDecision::Fail(Fetch::FailRequest {
                    request_id: event.params.request_id,
                    error_reason: ErrorReason::BlockedByClient,
                })
            }
        },
    ))
    .map_err(|e| e.to_string())?;
    Ok(Printer {
        _browser: browser,
        tab,
    })
}

/// A started browser and its tab; the browser process ends when this is
/// dropped.
struct Printer {
    _browser: Browser,
    tab: Arc<Tab>,
}

impl Printer {
    /// Print the page at `page`; the PDF's bytes.
    fn print(&self, page: &Path, paper: Paper) -> Result<Vec<u8>, String> {
        let page = page.canonicalize().map_err(|e| e.to_string())?;
        self.tab
            .navigate_to(&file_url(&page))
            .map_err(|e| e.to_string())?;
        self.wait_until_ready()?;
        let (width, height) = paper.inches();
        self.tab
            .print_to_pdf(Some(PrintToPdfOptions {
                print_background: Some(true),
                display_header_footer: Some(false),
                prefer_css_page_size: Some(true),
                paper_width: Some(width),
                paper_height: Some(height),
                generate_document_outline: Some(true),
                generate_tagged_pdf: Some(true),
                ..PrintToPdfOptions::default()
            }))
            .map_err(|e| e.to_string())
    }

    /// Wait for the page to load and its diagrams to be drawn (the print
    /// page's `data-print-wait`, folio-mermaid.js's
    /// `data-folio-mermaid-done`). The page itself says when: waiting for
    /// the tab's "navigated" (network idle for half a second) or polling
    /// from here would add that much to every PDF.
    fn wait_until_ready(&self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            // `false`: still the blank tab (the print page has not
            // committed yet); an error: the blank tab went away mid-call.
            let answer = self.tab.evaluate(READY, true);
            match answer.map(|a| a.value.and_then(|v| v.as_bool())) {
                Ok(Some(true)) => return Ok(()),
                Ok(_) => {}
                Err(e) if started.elapsed() > READY_TIMEOUT => return Err(e.to_string()),
                Err(_) => {}
            }
            if started.elapsed() > READY_TIMEOUT {
                return Err("the diagrams were still not drawn after 60 s".to_string());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Resolves to `true` once a print page has loaded and drawn its diagrams,
/// at once to `false` on any other page (the blank tab before the print
/// page commits).
const READY: &str = r#"new Promise((resolve) => {
  if (location.protocol !== 'file:') return resolve(false);
  const root = document.documentElement;
  const ready = () => document.readyState === 'complete' &&
    (root.dataset.printWait !== 'mermaid' || root.hasAttribute('data-folio-mermaid-done'));
  const check = () => { if (ready()) resolve(true); };
  new MutationObserver(check).observe(root, { attributes: true, attributeFilter: ['data-folio-mermaid-done'] });
  document.addEventListener('readystatechange', check);
  check();
})"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/战略 报告/index.html")),
            "file:///tmp/%E6%88%98%E7%95%A5%20%E6%8A%A5%E5%91%8A/index.html"
        );
    }
}
