//! `folio serve` as a writer uses it: pages over HTTP, live reload after an
//! edit, errors shown while the last good build keeps being served, and no
//! way out of the output folder.

mod common;
use common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
    /// The server's TMPDIR, where it builds the site it serves.
    tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stop a server as a terminal or a service manager would (SIGTERM), so it
/// removes its folder; kill it if it has not gone within 10 s.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

/// Start `folio serve . --port 0 ARGS` and wait for the address it prints.
fn start_with(site: &TestSite, args: &[&str]) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", ".", "--port", "0"])
        .args(args)
        .current_dir(site.path())
        .env("TMPDIR", tmp.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, log) = channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Ok(line) = log.recv_timeout(Duration::from_secs(30)) else {
            break;
        };
        if let Some(rest) = line.split(" at http://").nth(1) {
            let port = rest
                .split('/')
                .next()
                .and_then(|address| address.rsplit(':').next())
                .unwrap();
            return Server {
                child,
                port: port.parse().unwrap(),
                log,
                tmp,
            };
        }
    }
    stop(&mut child);
    panic!("folio serve did not start");
}

/// A response as it came over the wire.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Send `request` as it is and read the answer until the server closes.
fn raw(port: u16, request: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A GET for `path` naming `host`, on a connection that closes after it.
fn get_as(port: u16, host: &str, path: &str) -> Reply {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

/// A raw GET (so that `..` reaches the server unnormalised): status and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let reply = raw(
        port,
        &format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"),
    );
    (reply.status, reply.body)
}

/// An open event stream; `wait_for` reads until a line contains `needle`.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__folio/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut events = Events(BufReader::new(stream));
        events.wait_for("event: state");
        events
    }

    fn wait_for(&mut self, needle: &str) -> String {
        let mut seen = String::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            seen.push_str(&line);
            if line.contains(needle) {
                let mut data = String::new();
                let _ = self.0.read_line(&mut data);
                return data;
            }
        }
        panic!("no {needle:?} in event stream; got:\n{seen}");
    }
}

fn site() -> TestSite {
    TestSite::new()
        .file("README.md", "# 首页\n\n见[页面](页面.md)。\n")
        .file("页面.md", "# 页面\n\n第一版正文。\n")
        .file("secret.txt", "")
}

#[test]
fn serves_pages_with_the_live_reload_script_and_the_404_page() {
    let site = site();
    let server = start(&site);
    let (status, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(
        body.contains("见<a href=\"%E9%A1%B5%E9%9D%A2.html\">页面</a>"),
        "{body}"
    );
    assert!(body.contains("folio serve: live reload"));
    let (status, body) = get(server.port, "/%E9%A1%B5%E9%9D%A2.html");
    assert_eq!(status, 200);
    assert!(body.contains("第一版正文"));
    let (status, body) = get(server.port, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"), "the site's own 404 page");
    // The output folder is private: nothing outside it can be fetched.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5Csecret.txt",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("页面不存在"), "{path}");
    }
}

#[test]
fn an_edit_reloads_and_an_error_keeps_the_last_good_page() {
    let site = site();
    let server = start(&site);
    let mut events = Events::open(server.port);

    std::fs::write(site.join("页面.md"), "# 页面\n\n第二版正文。\n").unwrap();
    events.wait_for("event: reload");
    let (_, body) = get(server.port, "/%E9%A1%B5%E9%9D%A2.html");
    assert!(body.contains("第二版正文"), "{body}");

    std::fs::write(
        site.join("页面.md"),
        "+++\ntitle = \n+++\n# 页面\n\n第三版。\n",
    )
    .unwrap();
    let data = events.wait_for("event: errors");
    assert!(
        data.contains("页面.md:2:"),
        "the overlay names the file and line: {data}"
    );
    let (_, body) = get(server.port, "/%E9%A1%B5%E9%9D%A2.html");
    assert!(
        body.contains("第二版正文"),
        "the last good page is still served"
    );
    assert!(
        body.contains("error[front-matter]"),
        "a page loaded now shows the overlay at once"
    );

    std::fs::write(site.join("页面.md"), "# 页面\n\n第四版正文。\n").unwrap();
    events.wait_for("event: reload");
    let (_, body) = get(server.port, "/%E9%A1%B5%E9%9D%A2.html");
    assert!(body.contains("第四版正文"));
    assert!(!body.contains("error[front-matter]"));
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(
        log.iter().any(|l| l.contains("error[front-matter]")),
        "errors reach the terminal too: {log:?}"
    );
}

#[test]
fn a_taken_port_moves_to_the_next_one_and_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", ".", "--port", &port.to_string()])
        .current_dir(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    for _ in 0..10 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        said.push_str(&line);
        if line.contains("serving ") && line.contains("http://") {
            break;
        }
    }
    stop(&mut child);
    assert!(
        said.contains(&format!(
            "port {port} is in use; serving on port {} instead",
            port + 1
        )),
        "{said}"
    );
}

#[test]
fn a_stopped_server_leaves_no_folder_behind() {
    let site = site();
    let mut server = start(&site);
    let folders = |tmp: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let running = folders(server.tmp.path());
    assert!(
        running.iter().any(|name| name.starts_with("folio-serve-")),
        "it builds into a folder of its own: {running:?}"
    );
    stop(&mut server.child);
    assert!(
        folders(server.tmp.path()).is_empty(),
        "SIGTERM removes it: {:?}",
        folders(server.tmp.path())
    );
}

#[test]
fn only_this_machines_names_for_itself_are_answered() {
    let site = site();
    let server = start(&site);
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        "LOCALHOST".to_string(),
    ] {
        let reply = get_as(port, &host, "/");
        assert_eq!(reply.status, 200, "Host: {host}");
        assert!(reply.body.contains("首页"), "Host: {host}");
    }
    // A page on attacker.example whose name was made to resolve to
    // 127.0.0.1 (DNS rebinding) sends its own name.
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
        "localhost.attacker.example".to_string(),
        "127.0.0.1.nip.io".to_string(),
    ] {
        let reply = get_as(port, &host, "/");
        assert_eq!(reply.status, 403, "Host: {host}");
        assert!(
            reply.body.contains("DNS rebinding") && reply.body.trim_end().lines().count() == 1,
            "one line saying why: {:?}",
            reply.body
        );
        assert!(!reply.body.contains("首页"));
    }
    let reply = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(reply.status, 403, "no Host header at all");
}

#[test]
fn a_server_opened_to_the_network_answers_any_host() {
    let site = site();
    let server = start_with(&site, &["--host", "0.0.0.0"]);
    let reply = get_as(server.port, "wiki.intranet.example:8080", "/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("首页"));
}

#[test]
fn only_get_and_head_are_answered() {
    let site = site();
    let server = start(&site);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let reply = raw(
            server.port,
            &format!("{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"),
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"), "{method}");
        assert!(reply.body.contains(method), "says why: {}", reply.body);
    }
    let get = get_as(server.port, "localhost", "/%E9%A1%B5%E9%9D%A2.html");
    let head = raw(
        server.port,
        "HEAD /%E9%A1%B5%E9%9D%A2.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "", "HEAD sends no body");
    assert_eq!(
        head.header("Content-Length").map(str::parse::<usize>),
        Some(Ok(get.body.len())),
        "but the length GET sends"
    );
    assert_eq!(head.header("Content-Type"), get.header("Content-Type"));
}

#[test]
fn request_headers_are_bounded() {
    let site = site();
    let server = start(&site);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(17 * 1024)
    );
    let reply = raw(server.port, &big);
    assert_eq!(reply.status, 431, "{}", reply.head);
    let many: String = (0..200).map(|i| format!("X-{i}: y\r\n")).collect();
    let reply = raw(
        server.port,
        &format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n"),
    );
    assert_eq!(reply.status, 431, "{}", reply.head);
    // Just under the bound is fine.
    let fits = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(15 * 1024)
    );
    assert_eq!(raw(server.port, &fits).status, 200);
}

/// The threads of process `pid` (Linux).
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |d| d.count())
}

#[test]
fn idle_connections_are_closed_and_a_flood_of_them_exhausts_nothing() {
    let site = site();
    let server = start(&site);
    let pid = server.child.id();
    // Let the server settle: every thread it will have is started.
    assert_eq!(get(server.port, "/").0, 200);
    let before = threads(pid);
    let flood: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    // A real request behind the flood.
    let mut real = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(real, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    if cfg!(target_os = "linux") {
        assert_eq!(threads(pid), before, "no thread per connection");
    }
    let started = Instant::now();
    real.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = String::new();
    real.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "answered once the idle ones timed out"
    );
    // The idle connections were closed: each reads end of file.
    for mut idle in flood.into_iter().take(20) {
        idle.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut byte = [0u8; 1];
        assert_eq!(idle.read(&mut byte).unwrap_or(0), 0);
    }
    // One idle connection alone is closed after a few seconds too.
    let started = Instant::now();
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(idle.read(&mut byte).unwrap(), 0, "closed by the server");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
}

#[test]
fn a_folder_without_its_slash_redirects_to_it() {
    let site = site().file("子目录/README.md", "# 子目录\n\n见[页面](../页面.md)。\n");
    let server = start(&site);
    let reply = get_as(server.port, "localhost", "/%E5%AD%90%E7%9B%AE%E5%BD%95?x=1");
    assert_eq!(reply.status, 301);
    assert_eq!(
        reply.header("Location"),
        Some("/%E5%AD%90%E7%9B%AE%E5%BD%95/?x=1"),
        "the query is kept"
    );
    let reply = get_as(
        server.port,
        "localhost",
        "/%E5%AD%90%E7%9B%AE%E5%BD%95/?x=1",
    );
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains("href=\"../%E9%A1%B5%E9%9D%A2.html\""),
        "its relative links work from there: {}",
        reply.body
    );
    // `//name` must not become a redirect to another host.
    let reply = get_as(server.port, "localhost", "//%E5%AD%90%E7%9B%AE%E5%BD%95");
    assert_eq!(
        reply.header("Location"),
        Some("/%E5%AD%90%E7%9B%AE%E5%BD%95/")
    );
}

#[test]
fn closed_event_streams_are_let_go_at_once() {
    let site = site();
    let server = start(&site);
    // Streams are bounded: the server holds 64 open pages at most.
    let streams: Vec<Events> = (0..64).map(|_| Events::open(server.port)).collect();
    let refused = get_as(server.port, "localhost", "/__folio/events");
    assert_eq!(refused.status, 503, "{}", refused.head);
    // Open pages do not take the threads that answer requests.
    assert_eq!(get(server.port, "/").0, 200);
    drop(streams);
    // Closed pages are noticed within a second, not at the next
    // keep-alive write: room for new streams again.
    std::thread::sleep(Duration::from_secs(1));
    let mut again: Vec<Events> = (0..64).map(|_| Events::open(server.port)).collect();
    std::fs::write(site.join("页面.md"), "# 页面\n\n第二版正文。\n").unwrap();
    for events in &mut again {
        events.wait_for("event: reload");
    }
}

#[test]
fn a_failed_first_build_shows_its_errors_until_fixed() {
    let site = site().file("页面.md", "+++\ntitle = \n+++\n# 页面\n");
    let server = start(&site);
    let mut events = Events::open(server.port);
    for path in ["/", "/%E9%A1%B5%E9%9D%A2.html", "/no/such/page.html"] {
        let reply = get_as(server.port, "localhost", path);
        assert_eq!(reply.status, 503, "{path}");
        assert!(
            reply.body.contains("error[front-matter]") && reply.body.contains("页面.md:2:"),
            "the overlay with the error, for {path}: {}",
            reply.body
        );
        assert!(reply.body.contains("folio serve: live reload"));
    }
    let style = get_as(server.port, "localhost", "/_folio/folio.css");
    assert_eq!(style.status, 404, "not a page: no stand-in");

    std::fs::write(site.join("页面.md"), "# 页面\n\n修好了。\n").unwrap();
    events.wait_for("event: reload");
    let reply = get_as(server.port, "localhost", "/%E9%A1%B5%E9%9D%A2.html");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("修好了"));
    assert!(!reply.body.contains("error[front-matter]"));
}

#[test]
fn sigterm_during_the_first_build_leaves_no_folder_behind() {
    let mut site = TestSite::new();
    for d in 0..20 {
        for p in 0..100 {
            site = site.file(
                &format!("d{d}/p{p}.md"),
                &format!("# 页 {d}-{p}\n\n{}", "一段正文。\n\n".repeat(20)),
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", ".", "--port", "0"])
        .current_dir(site.path())
        .env("TMPDIR", tmp.path())
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build is writing pages into its staging folder.
    let deadline = Instant::now() + Duration::from_secs(60);
    let writing = loop {
        let pages = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_dir(e.path().join(".site.folio-staging/d0")).ok())
            .any(|d| d.count() >= 60);
        if pages || Instant::now() > deadline {
            break pages;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    stop(&mut child);
    assert!(writing, "the build was caught while writing");
    let left: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(
        left.is_empty(),
        "left behind: {:?}",
        &left[..left.len().min(5)]
    );
}
