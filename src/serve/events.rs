//! The live-reload event streams (server-sent events), all kept by one
//! thread: a stream costs a socket and a small buffer, not a thread, so open
//! pages never take connection threads from the pool. Every [`TICK`] each
//! socket is read without blocking: a closed page is noticed at once
//! (end of file), not when a write to it finally fails.

use super::live::BuildState;
use super::response::Response;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How often open streams are checked for closed sockets.
const TICK: Duration = Duration::from_millis(250);
/// A comment is sent after this much silence (for proxies and idle timers).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Open streams at most (one per open tab); more are refused.
const MAX_STREAMS: usize = 64;
/// Unsent bytes a stream may hold before its page counts as gone (a page
/// that stopped reading).
const MAX_PENDING: usize = 1 << 20;

pub enum Message {
    /// A connection that asked for the stream, with the state at that time.
    Join {
        stream: TcpStream,
        state: BuildState,
    },
    /// A build finished.
    Publish(BuildState),
}

/// The server-sent event for a build: `reload` after a good build,
/// `errors` (with the overlay content) after a failed one.
fn event(state: &BuildState) -> String {
    let data = serde_json::to_string(state).unwrap_or_default();
    let name = if state.errors.is_empty() {
        "reload"
    } else {
        "errors"
    };
    format!("event: {name}\ndata: {data}\n\n")
}

struct Subscriber {
    stream: TcpStream,
    /// Bytes not yet taken by the socket (it is non-blocking).
    pending: Vec<u8>,
}

impl Subscriber {
    /// Queue `bytes` and send what the socket takes; `false`: the page is gone.
    fn send(&mut self, bytes: &[u8]) -> bool {
        self.pending.extend_from_slice(bytes);
        self.flush()
    }

    fn flush(&mut self) -> bool {
        let mut sent = 0;
        while sent < self.pending.len() {
            match self.stream.write(&self.pending[sent..]) {
                Ok(0) => return false,
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        self.pending.drain(..sent);
        self.pending.len() <= MAX_PENDING
    }

    /// Whether the page is still there: a read that would block means an
    /// open, quiet socket; end of file or an error means it closed.
    fn alive(&mut self) -> bool {
        let mut scratch = [0u8; 256];
        loop {
            match self.stream.read(&mut scratch) {
                Ok(0) => return false,
                // A client has nothing to say on this stream: ignore it.
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }
}

const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";

/// Serve the streams until the sender (the server's [`super::live::Live`])
/// is gone.
pub fn run(rx: Receiver<Message>) {
    let mut subscribers: Vec<Subscriber> = Vec::new();
    let mut last_check = Instant::now();
    let mut last_sent = Instant::now();
    loop {
        match rx.recv_timeout(TICK) {
            Ok(Message::Join { stream, state }) => {
                if stream.set_nonblocking(true).is_err() {
                    continue;
                }
                let mut s = Subscriber {
                    stream,
                    pending: Vec::new(),
                };
                if subscribers.len() >= MAX_STREAMS {
                    // A fresh socket's buffer takes this small reply whole.
                    let mut refusal = Vec::new();
                    let line = format!(
                        "too many open pages for live reload (at most {MAX_STREAMS}); close some tabs"
                    );
                    let _ = Response::text(503, &line).write_to(&mut refusal, false, false);
                    s.send(&refusal);
                    continue;
                }
                let state_json = serde_json::to_string(&state).unwrap_or_default();
                let first = format!("{HEAD}retry: 500\n\nevent: state\ndata: {state_json}\n\n");
                if s.send(first.as_bytes()) {
                    subscribers.push(s);
                }
            }
            Ok(Message::Publish(state)) => {
                let message = event(&state);
                subscribers.retain_mut(|s| s.send(message.as_bytes()));
                last_sent = Instant::now();
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if last_check.elapsed() >= TICK {
            last_check = Instant::now();
            if last_sent.elapsed() >= KEEP_ALIVE {
                last_sent = Instant::now();
                subscribers.retain_mut(|s| s.send(b": keep-alive\n\n"));
            }
            subscribers.retain_mut(|s| s.alive() && s.flush());
        }
    }
}
