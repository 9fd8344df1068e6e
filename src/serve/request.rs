//! Reading one request head from a connection with `httparse`: at most
//! [`MAX_HEAD`] bytes, and only until a deadline, so a client that sends
//! nothing (or a byte now and then) cannot hold a connection thread.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The request line and headers together, at most.
pub const MAX_HEAD: usize = 16 * 1024;
/// More headers than any browser sends.
const MAX_HEADERS: usize = 64;

/// What the server needs of a request.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/a/b.html?x=1`).
    pub target: String,
    pub host: Option<String>,
    pub accepts_html: bool,
    /// The client allows another request on this connection, and sent no
    /// body that would have to be read first.
    pub keep_alive: bool,
}

impl Request {
    /// The path part of the target (no query).
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// `?...` of the target, or "".
    pub fn query(&self) -> &str {
        self.target.find('?').map_or("", |i| &self.target[i..])
    }
}

/// Why no request could be read.
#[derive(Debug, PartialEq)]
pub enum HeadError {
    /// The client closed the connection, or sent nothing in time.
    Gone,
    /// The head is larger than [`MAX_HEAD`] or has too many headers.
    TooLarge,
    Malformed,
}

/// Read the next request from `stream` into `buf` (which may already hold
/// the start of it, sent along with the previous one), until `deadline`.
/// The head is removed from `buf`; what follows it stays.
pub fn read(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> Result<Request, HeadError> {
    loop {
        if !buf.is_empty() {
            if let Some((request, len)) = parse(buf)? {
                buf.drain(..len);
                return Ok(request);
            }
        }
        if buf.len() >= MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        // A connection past its deadline still gets one short look, so a
        // request that waited in the queue behind idle ones is answered.
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Gone)?;
        let mut chunk = [0u8; 4096];
        let room = (MAX_HEAD - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
        if Instant::now() >= deadline && parse(buf)?.is_none() {
            return Err(HeadError::Gone);
        }
    }
}

/// A complete head at the start of `buf` and its length, or `None` if more
/// is to come.
fn parse(buf: &[u8]) -> Result<Option<(Request, usize)>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(_) => return Err(HeadError::Malformed),
    };
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).into_owned())
    };
    let connection = header("connection")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let has_body = header("content-length").is_some_and(|v| v.trim() != "0")
        || header("transfer-encoding").is_some();
    let keep_alive = req.version == Some(1) && !connection.contains("close") && !has_body;
    let request = Request {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("").to_string(),
        host: header("host"),
        accepts_html: header("accept").is_some_and(|a| a.contains("text/html")),
        keep_alive,
    };
    Ok(Some((request, len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_head_and_what_the_connection_allows() {
        let head = b"GET /a/b.html?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nAccept: text/html\r\n\r\nGET /next";
        let (request, len) = parse(head).unwrap().unwrap();
        assert_eq!(&head[len..], b"GET /next");
        assert_eq!(request.path(), "/a/b.html");
        assert_eq!(request.query(), "?x=1");
        assert_eq!(request.host.as_deref(), Some("localhost:3000"));
        assert!(request.accepts_html && request.keep_alive);
        let (request, _) = parse(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
            .unwrap()
            .unwrap();
        assert!(
            !request.keep_alive,
            "a body we do not read ends the connection"
        );
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n")
                .unwrap()
                .map(|r| r.1),
            None
        );
        assert_eq!(
            parse(b"\x01\x02 nonsense\r\n\r\n").unwrap_err(),
            HeadError::Malformed
        );
    }
}
