//! What the preview server answers: files of the output folder, the site's
//! 404 page for unknown paths, a redirect from `/folder` to `/folder/`, the
//! event stream for live reload, and a small script injected into every
//! HTML page (the files on disk stay as a build writes them). Paths can
//! never leave the output folder; requests naming another host (DNS
//! rebinding) and methods other than GET and HEAD are refused.

use super::live::{BuildState, Live};
use super::request::Request;
use super::response::{Body, Response};
use std::fs;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

const EVENTS_PATH: &str = "/__folio/events";

/// An address as it is written in a URL or a `Host` header (`[::1]`).
pub fn url_host(address: IpAddr) -> String {
    match address {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// The `Host` headers the server answers.
#[derive(Debug, Clone, Copy)]
pub enum Hosts {
    /// Listening on loopback: only this machine's names for itself, so a
    /// web page whose own name resolves to 127.0.0.1 cannot read the site.
    Loopback(IpAddr),
    /// Listening on the network (`--host 0.0.0.0` or an address): any
    /// name, since the server was opened up on purpose.
    Any,
}

impl Hosts {
    pub fn for_address(address: IpAddr) -> Hosts {
        if address.is_loopback() {
            Hosts::Loopback(address)
        } else {
            Hosts::Any
        }
    }

    fn allows(&self, host: Option<&str>) -> bool {
        let listen = match self {
            Hosts::Any => return true,
            Hosts::Loopback(address) => address,
        };
        let Some(name) = host.and_then(host_name) else {
            return false;
        };
        let listen = url_host(*listen);
        ["localhost", "127.0.0.1", "[::1]", listen.as_str()]
            .iter()
            .any(|allowed| name.eq_ignore_ascii_case(allowed))
    }
}

/// The name part of a `Host` header (`localhost:3000` -> `localhost`,
/// `[::1]:3000` -> `[::1]`), or `None` if what follows it is not a port.
fn host_name(host: &str) -> Option<&str> {
    let split = if host.starts_with('[') {
        host.find(']')? + 1
    } else {
        host.rfind(':').unwrap_or(host.len())
    };
    let (name, port) = host.split_at(split);
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok.then_some(name)
}

/// Where a request path leads inside the output folder.
#[derive(Debug, PartialEq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: its index page's
    /// relative links only work from `/folder/`.
    AddSlash,
}

/// Map a request URL to a file under `root`, or `None` if there is none or
/// the path is not acceptable (it climbs out, or decodes to something odd).
pub fn resolve_path(root: &Path, url: &str) -> Option<Target> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut file = root.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut parts = Path::new(seg).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(name)), None) => file.push(name),
            _ => return None,
        }
    }
    let folder = file.is_dir();
    if folder {
        file.push("index.html");
    }
    // Symlinks inside the output folder must not lead outside it either.
    let real = file.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    if !real.starts_with(&real_root) || !real.is_file() {
        return None;
    }
    if folder && !decoded.ends_with('/') {
        return Some(Target::AddSlash);
    }
    Some(Target::File(real))
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The live-reload client, with the current build state inlined so a page
/// opened while the build is broken shows the errors at once. `site`: a
/// good build is being served (else the page is the stand-in that shows
/// the first build's errors).
fn live_script(state: &BuildState, site: bool) -> String {
    let state_json = serde_json::to_string(state)
        .unwrap_or_default()
        .replace("</", "<\\/");
    format!(
        "<script>/* folio serve: live reload */\n(function(){{var s={state_json},site={site};\n{}}})();</script>\n",
        include_str!("live.js")
    )
}

fn inject(html: &str, script: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// What to do with a request.
pub enum Answer {
    Respond(Response),
    /// Hand the connection to the event streams.
    Events,
}

/// The site being previewed.
pub struct Site {
    pub root: PathBuf,
    pub live: Arc<Live>,
    pub hosts: Hosts,
}

impl Site {
    pub fn answer(&self, request: &Request) -> Answer {
        if !self.hosts.allows(request.host.as_deref()) {
            let line = format!(
                "folio serve answers requests for localhost and 127.0.0.1 only, not for host {:?} \
                 (a guard against DNS rebinding; --host 0.0.0.0 serves the network)",
                request.host.as_deref().unwrap_or("")
            );
            return Answer::Respond(Response::text(403, &line));
        }
        if request.method != "GET" && request.method != "HEAD" {
            let line = format!(
                "folio serve only reads: method {} is not allowed",
                request.method
            );
            return Answer::Respond(Response::text(405, &line).header("Allow", "GET, HEAD"));
        }
        if request.method == "GET" && request.path() == EVENTS_PATH {
            return Answer::Events;
        }
        Answer::Respond(self.file(request).header("Cache-Control", "no-store"))
    }

    fn file(&self, request: &Request) -> Response {
        if !self.root.is_dir() {
            return self.unbuilt(request);
        }
        match resolve_path(&self.root, &request.target) {
            Some(Target::File(path)) => self.send(200, &path).unwrap_or_else(|| self.not_found()),
            Some(Target::AddSlash) => {
                // One leading slash: `//name/` would send the browser to
                // another host.
                let location = format!(
                    "/{}/{}",
                    request.path().trim_start_matches('/'),
                    request.query()
                );
                Response::text(301, &format!("moved to {location}")).header("Location", location)
            }
            None => self.not_found(),
        }
    }

    fn not_found(&self) -> Response {
        self.send(404, &self.root.join("404.html"))
            .unwrap_or_else(|| Response::text(404, "not found"))
    }

    /// A file of the site with `status`; HTML gets the live-reload script.
    fn send(&self, status: u16, path: &Path) -> Option<Response> {
        let kind = content_type(path);
        if kind.starts_with("text/html") {
            let html = fs::read(path).ok()?;
            let page = inject(
                &String::from_utf8_lossy(&html),
                &live_script(&self.live.state(), true),
            );
            return Some(Response::new(status, kind, Body::Bytes(page.into_bytes())));
        }
        let file = fs::File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        Some(Response::new(status, kind, Body::File { file, len }))
    }

    /// No build has succeeded yet: pages get a stand-in that shows the
    /// errors (and loads the site once a build succeeds).
    fn unbuilt(&self, request: &Request) -> Response {
        let path = request.path();
        let name = path.rsplit('/').next().unwrap_or("");
        let page = request.accepts_html
            || !name.contains('.')
            || name.ends_with(".html")
            || name.ends_with(".htm");
        if !page {
            return Response::text(404, "not found: the site has not been built yet");
        }
        let html = format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>folio: no build yet</title></head>\n\
             <body><p>folio serve: the site has not been built yet (the first build failed).</p>\n{}</body></html>\n",
            live_script(&self.live.state(), false)
        );
        Response::new(
            503,
            "text/html; charset=utf-8",
            Body::Bytes(html.into_bytes()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("子目录")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("子目录/index.html"), "folder").unwrap();
        fs::write(root.join("子目录/页.html"), "page").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let file = |url| match resolve_path(&root, url) {
            Some(Target::File(p)) => p,
            other => panic!("{url}: {other:?}"),
        };
        assert!(file("/").ends_with("index.html"));
        assert!(file("/%E5%AD%90%E7%9B%AE%E5%BD%95/%E9%A1%B5.html?x=1").ends_with("页.html"));
        assert!(file("/子目录/").ends_with("子目录/index.html"));
        assert_eq!(resolve_path(&root, "/子目录?x=1"), Some(Target::AddSlash));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/子目录/../../secret.txt",
            "/..%5csecret.txt",
            "/%00",
        ] {
            assert_eq!(resolve_path(&root, bad), None, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_closing_body() {
        assert_eq!(
            inject("<body>x</body></html>", "<s>"),
            "<body>x<s></body></html>"
        );
    }

    #[test]
    fn host_names_with_or_without_a_port() {
        assert_eq!(host_name("localhost:3000"), Some("localhost"));
        assert_eq!(host_name("[::1]:3000"), Some("[::1]"));
        assert_eq!(host_name("[::1]"), Some("[::1]"));
        assert_eq!(host_name("127.0.0.1"), Some("127.0.0.1"));
        assert_eq!(host_name("localhost:x"), None);
        assert_eq!(host_name("localhost:"), None);
    }
}
