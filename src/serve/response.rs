//! An HTTP response as the preview server sends it: a status, headers and
//! a body of bytes or a file, always with its length (no chunking).

use std::fs::File;
use std::io::{self, Read, Write};

pub enum Body {
    Bytes(Vec<u8>),
    /// Streamed from disk (images and PDFs can be large).
    File {
        file: File,
        len: u64,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File { len, .. } => *len,
        }
    }
}

pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A one-line plain-text answer (errors and refusals say why).
    pub fn text(status: u16, line: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Body::Bytes(format!("{line}\n").into_bytes()),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Send the response; a HEAD request gets the headers alone (with the
    /// length the body would have). `keep_alive`: the connection stays open
    /// for the next request.
    pub fn write_to(
        self,
        out: &mut impl Write,
        head_only: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" }
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(bytes) => out.write_all(&bytes)?,
                Body::File { file, len } => {
                    // A file being rebuilt can change length: never send
                    // more or less than announced.
                    if io::copy(&mut file.take(len), out)? < len {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
            }
        }
        out.flush()
    }
}
