//! Connections: one thread accepts them into a bounded queue, a fixed pool
//! of [`WORKERS`] threads answers them. A connection that sends no complete
//! request within [`IDLE`] of being accepted (or of its previous answer) is
//! closed, and when the queue is full the oldest waiting connection is
//! dropped, so a flood of idle connections costs neither threads nor memory
//! beyond these bounds, and a real request is answered once they time out.
//! Event streams leave the pool at once (see [`super::events`]).

use super::http::{Answer, Site};
use super::request::{self, HeadError};
use super::response::Response;
use std::collections::VecDeque;
use std::io::Read;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Threads answering requests.
const WORKERS: usize = 16;
/// Accepted connections waiting for a thread, at most.
const QUEUE: usize = 64;
/// How long a connection may stay silent before it is closed.
const IDLE: Duration = Duration::from_secs(5);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

struct Waiting {
    stream: TcpStream,
    accepted: Instant,
}

#[derive(Default)]
struct Queue {
    waiting: Mutex<VecDeque<Waiting>>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, connection: Waiting) {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        if waiting.len() >= QUEUE {
            // The oldest is the likeliest to be idle, and closest to
            // its deadline anyway.
            waiting.pop_front();
        }
        waiting.push_back(connection);
        self.ready.notify_one();
    }

    fn pop(&self) -> Waiting {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(connection) = waiting.pop_front() {
                return connection;
            }
            waiting = self
                .ready
                .wait(waiting)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Answer connections for as long as the process runs.
pub fn run(listener: TcpListener, site: Arc<Site>) {
    let queue = Arc::new(Queue::default());
    for _ in 0..WORKERS {
        let (queue, site) = (Arc::clone(&queue), Arc::clone(&site));
        std::thread::spawn(move || loop {
            let connection = queue.pop();
            // A bug in answering one request must not cost a thread.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                answer(connection, &site)
            }));
        });
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => queue.push(Waiting {
                stream,
                accepted: Instant::now(),
            }),
            // Out of file descriptors, say: let connections close first.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Answer the requests of one connection until it closes, idles or asks
/// for the event stream.
fn answer(connection: Waiting, site: &Site) {
    let mut stream = connection.stream;
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut buf = Vec::new();
    let mut deadline = connection.accepted + IDLE;
    loop {
        let request = match request::read(&mut stream, &mut buf, deadline) {
            Ok(request) => request,
            Err(HeadError::Gone) => return,
            Err(HeadError::TooLarge) => {
                let line = format!(
                    "request headers larger than {} KiB",
                    request::MAX_HEAD / 1024
                );
                return close(stream, Response::text(431, &line), false);
            }
            Err(HeadError::Malformed) => {
                return close(stream, Response::text(400, "malformed HTTP request"), false)
            }
        };
        let response = match site.answer(&request) {
            Answer::Events => return site.live.subscribe(stream),
            Answer::Respond(response) => response,
        };
        let head_only = request.method == "HEAD";
        if !request.keep_alive {
            return close(stream, response, head_only);
        }
        if response.write_to(&mut stream, head_only, true).is_err() {
            return;
        }
        deadline = Instant::now() + IDLE;
    }
}

/// Send a last response and close. What the client still sends is read
/// and dropped for a moment first: closing a socket with unread input
/// resets the connection, and the client could lose the response.
fn close(mut stream: TcpStream, response: Response, head_only: bool) {
    if response.write_to(&mut stream, head_only, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut drain = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    while left > 0 {
        match stream.read(&mut drain) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}
