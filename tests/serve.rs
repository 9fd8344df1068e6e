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
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", ".", "--port", "0"])
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
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let port = rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
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

/// A raw GET (so that `..` reaches the server unnormalised): status and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
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
