//! The preview server: files of the output folder, the site's 404 page for
//! unknown paths, an event stream for live reload, and a small script
//! injected into every HTML page (the files on disk stay as a build writes
//! them). Paths can never leave the output folder.

use super::live::{BuildState, Live};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tiny_http::{Header, Request, Response, Server};

pub const EVENTS_PATH: &str = "/__folio/events";

/// Map a request URL to a file under `root`, or `None` if the path is not
/// acceptable (it climbs out, or decodes to something odd).
pub fn resolve_path(root: &Path, url: &str) -> Option<PathBuf> {
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
    if file.is_dir() {
        file.push("index.html");
    }
    // Symlinks inside the output folder must not lead outside it either.
    let real = file.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    real.starts_with(&real_root).then_some(real)
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

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII constants.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The live-reload client, with the current build state inlined so a page
/// opened while the build is broken shows the errors at once.
fn live_script(state: &BuildState) -> String {
    let state_json = serde_json::to_string(state)
        .unwrap_or_default()
        .replace("</", "<\\/");
    format!(
        "<script>/* folio serve: live reload */\n(function(){{var s={state_json};\n{}}})();</script>\n",
        include_str!("live.js")
    )
}

fn inject(html: &str, script: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// Write the event stream on the raw connection, flushing every event
/// (tiny_http's chunked encoder would hold small events back).
fn stream_events(request: Request, live: &Live) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    for event in live.subscribe() {
        if writer
            .write_all(event.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

pub fn respond(root: &Path, live: &Live, request: Request) {
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) {
        stream_events(request, live);
        return;
    }
    let (status, path) = match resolve_path(root, &url).filter(|p| p.is_file()) {
        Some(p) => (200, p),
        None => (404, root.join("404.html")),
    };
    let Ok(bytes) = fs::read(&path) else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    let kind = content_type(&path);
    let body = if kind.starts_with("text/html") {
        inject(
            &String::from_utf8_lossy(&bytes),
            &live_script(&live.state()),
        )
        .into_bytes()
    } else {
        bytes
    };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// Answer requests until the server is dropped, one thread per request
/// (event streams stay open).
pub fn run(server: Server, root: PathBuf, live: Arc<Live>) {
    for request in server.incoming_requests() {
        let (root, live) = (root.clone(), Arc::clone(&live));
        std::thread::spawn(move || respond(&root, &live, request));
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
        fs::write(root.join("子目录/页.html"), "page").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        assert!(resolve_path(&root, "/").unwrap().ends_with("index.html"));
        assert!(resolve_path(&root, "/%E5%AD%90%E7%9B%AE%E5%BD%95/%E9%A1%B5.html?x=1").is_some());
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
}
