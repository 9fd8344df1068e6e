//! Live reload: the state of the last build (a version number and its
//! errors), shared by the pages served and the event streams that tell open
//! pages to reload or to show the errors.

use super::events::{self, Message};
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::any::Any;
use std::net::TcpStream;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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
    /// The build itself went wrong (a panic): a bug in folio, not in the
    /// writer's files.
    pub internal: bool,
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
            internal: false,
        }
    }

    /// The overlay for a build that panicked, from the panic's payload (as
    /// `catch_unwind` returns it).
    pub fn from_panic(payload: &(dyn Any + Send)) -> Self {
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        OverlayError {
            location: String::new(),
            text: format!(
                "internal error: the build panicked: {message}\n\
                 This is a bug in folio, not in your files; please report it \
                 (the terminal shows where it happened).\n\
                 The next change you save rebuilds the site from scratch."
            ),
            internal: true,
        }
    }
}

/// The build state and the thread that serves the event streams.
pub struct Live {
    state: Mutex<BuildState>,
    streams: Sender<Message>,
}

impl Live {
    /// Start the event-stream thread (it ends with the process).
    pub fn start() -> Arc<Live> {
        let (streams, rx) = channel();
        std::thread::spawn(move || events::run(rx));
        Arc::new(Live {
            state: Mutex::new(BuildState::default()),
            streams,
        })
    }

    fn lock(&self) -> MutexGuard<'_, BuildState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn state(&self) -> BuildState {
        self.lock().clone()
    }

    /// Record a finished build and tell every open page.
    pub fn publish(&self, errors: Vec<OverlayError>) {
        let mut state = self.lock();
        state.version += 1;
        state.errors = errors;
        // Sent under the lock, like `subscribe`'s message: the stream
        // thread sees builds and new streams in the order they happened,
        // so a new stream neither misses a build nor hears it twice.
        let _ = self.streams.send(Message::Publish(state.clone()));
    }

    /// Hand a connection that asked for the event stream to the stream
    /// thread. It starts with a `state` event, so a page that missed a
    /// build while it was loading catches up.
    pub fn subscribe(&self, stream: TcpStream) {
        let state = self.lock();
        let _ = self.streams.send(Message::Join {
            stream,
            state: state.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message() {
        let literal = std::panic::catch_unwind(|| panic!("index out of bounds")).unwrap_err();
        let formatted = std::panic::catch_unwind(|| panic!("bad link {}", "[评](n)")).unwrap_err();
        for (payload, message) in [
            (literal, "index out of bounds"),
            (formatted, "bad link [评](n)"),
        ] {
            let error = OverlayError::from_panic(&*payload);
            assert!(error.internal);
            assert!(error.text.contains(message), "{}", error.text);
            assert!(
                error.text.contains("This is a bug in folio"),
                "{}",
                error.text
            );
        }
    }
}
