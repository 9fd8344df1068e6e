//! Live reload: the state of the last build (a version number and its
//! errors) and the open event streams of browser pages, which are told to
//! reload or to show the errors.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Default)]
pub struct BuildState {
    /// Increases with every finished build (good or not).
    pub version: u64,
    /// Errors of the last build; empty when it was good.
    pub errors: Vec<OverlayError>,
}

/// One error as the in-page overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OverlayError {
    pub location: String,
    pub text: String,
}

impl OverlayError {
    pub fn from(d: &Diagnostic) -> Self {
        let location = match (&d.path, d.line, d.column) {
            (Some(p), Some(l), Some(c)) => format!("{p}:{l}:{c}"),
            (Some(p), _, _) => p.clone(),
            _ => String::new(),
        };
        OverlayError {
            location,
            text: d.render_human(),
        }
    }
}

#[derive(Default)]
pub struct Live {
    state: Mutex<BuildState>,
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Live {
    pub fn state(&self) -> BuildState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Record a finished build and tell every open page.
    pub fn publish(&self, errors: Vec<OverlayError>) {
        let state = {
            let Ok(mut state) = self.state.lock() else {
                return;
            };
            state.version += 1;
            state.errors = errors;
            state.clone()
        };
        let message = event(&state);
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.retain(|tx| tx.send(message.clone()).is_ok());
        }
    }

    /// A new event stream for one page. It starts with a `state` event, so
    /// a page that missed a build while it was loading catches up.
    pub fn subscribe(&self) -> EventStream {
        let (tx, rx) = channel();
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.push(tx);
        }
        let state = serde_json::to_string(&self.state()).unwrap_or_default();
        EventStream {
            rx,
            first: Some(format!("retry: 500\n\nevent: state\ndata: {state}\n\n")),
        }
    }
}

/// The server-sent event for a build: `reload` after a good build,
/// `errors` (with the overlay content) after a failed one.
pub fn event(state: &BuildState) -> String {
    let data = serde_json::to_string(state).unwrap_or_default();
    let name = if state.errors.is_empty() {
        "reload"
    } else {
        "errors"
    };
    format!("event: {name}\ndata: {data}\n\n")
}

/// One page's stream of events: blocks until the next one, and yields a
/// keep-alive comment every 15 s of silence.
pub struct EventStream {
    rx: Receiver<String>,
    first: Option<String>,
}

impl Iterator for EventStream {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        match self.rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) => Some(": keep-alive\n\n".to_string()),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }
}
