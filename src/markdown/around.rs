//! The lazy passes' one adapter: an event stream with events put before or
//! after some of its events. The passes stream a page's events into the
//! serializer (so that they are held once); a `flat_map` that builds a
//! chain of iterators for every event cost about a tenth of a build.

use super::Spanned;
use pulldown_cmark::Event;

/// What to put around one event.
pub struct Insert<'a> {
    pub before: Option<Event<'a>>,
    pub after: Option<Event<'a>>,
}

impl Insert<'_> {
    pub const NOTHING: Self = Insert {
        before: None,
        after: None,
    };
}

/// See [`around`].
pub struct Around<'a, I, F> {
    events: I,
    insert: F,
    /// Events still to give out, last first.
    pending: Vec<Spanned<'a>>,
}

/// `events` with what `insert` says put around each (at its source range).
pub fn around<'a, I, F>(events: I, insert: F) -> Around<'a, I, F>
where
    I: Iterator<Item = Spanned<'a>>,
    F: FnMut(&Event<'a>) -> Insert<'a>,
{
    Around {
        events,
        insert,
        pending: Vec::new(),
    }
}

impl<'a, I, F> Iterator for Around<'a, I, F>
where
    I: Iterator<Item = Spanned<'a>>,
    F: FnMut(&Event<'a>) -> Insert<'a>,
{
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        if let Some(e) = self.pending.pop() {
            return Some(e);
        }
        let (event, range) = self.events.next()?;
        let Insert { before, after } = (self.insert)(&event);
        if let Some(after) = after {
            self.pending.push((after, range.clone()));
        }
        match before {
            None => Some((event, range)),
            Some(before) => {
                self.pending.push((event, range.clone()));
                Some((before, range))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_put_before_and_after_in_order() {
        let text = |t: &'static str| (Event::Text(t.into()), 0..0);
        let out: Vec<Spanned> =
            around(
                vec![text("a"), text("b"), text("c")].into_iter(),
                |e| match e {
                    Event::Text(t) if &**t == "b" => Insert {
                        before: Some(Event::Text("<".into())),
                        after: Some(Event::Text(">".into())),
                    },
                    Event::Text(t) if &**t == "c" => Insert {
                        before: None,
                        after: Some(Event::Text("!".into())),
                    },
                    _ => Insert::NOTHING,
                },
            )
            .collect();
        assert_eq!(
            out,
            [
                text("a"),
                text("<"),
                text("b"),
                text(">"),
                text("c"),
                text("!")
            ]
        );
    }
}
