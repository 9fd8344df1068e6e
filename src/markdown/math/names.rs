//! Operator names holding commands. `\mathop{\arg\max}` and
//! `\operatorname{arg\,max}`: pulldown-latex makes the whole argument,
//! commands and all, one function name, and would print `\arg\max`.

use super::parse;
use pulldown_latex::event::{Content, Grouping, StateChange};
use pulldown_latex::{Event as TexEvent, Storage};

/// How a function name holding commands is rendered.
pub enum NameForm {
    /// Words only (`\arg\max`, `arg\,max`): one function name, `arg max`,
    /// spaced and applied as pulldown-latex does for `\operatorname`.
    Words(String),
    /// Anything else: the upright (`\mathrm`) group it is.
    Group(String),
}

/// The forms the function names of `events` that hold commands take, in
/// order.
pub fn command_names(events: &[TexEvent]) -> Result<Vec<NameForm>, String> {
    events
        .iter()
        .filter_map(|event| match event {
            TexEvent::Content(Content::Function(name)) if name.contains('\\') => Some(name),
            _ => None,
        })
        .map(|name| {
            let group = format!("\\mathrm{{{name}}}");
            let storage = Storage::new();
            let words = words(&parse(&group, &storage)?);
            Ok(match words {
                Some(words) => NameForm::Words(words),
                None => NameForm::Group(group),
            })
        })
        .collect()
}

/// The text of `events` when they are only words, spaces and fonts.
fn words(events: &[TexEvent]) -> Option<String> {
    let mut text = String::new();
    let mut letter = [0; 4];
    // A space is due before what comes next.
    let mut gap = false;
    for event in events {
        // A function name (`\arg\max`) stands apart from its neighbours.
        let (word, apart) = match event {
            TexEvent::Begin(Grouping::Normal)
            | TexEvent::End
            | TexEvent::StateChange(StateChange::Font(_)) => continue,
            TexEvent::Space { .. } => {
                gap = true;
                continue;
            }
            TexEvent::Content(Content::Function(word)) => (*word, true),
            TexEvent::Content(Content::Ordinary { content, .. }) if content.is_alphabetic() => {
                (&*content.encode_utf8(&mut letter), false)
            }
            _ => return None,
        };
        if (gap || apart) && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
        gap = apart;
    }
    (!text.is_empty()).then_some(text)
}

/// `events` with each function name holding commands in the form `names`
/// gives it, in the name's place under scripts and limits.
pub fn expand_names<'s>(
    events: Vec<TexEvent<'s>>,
    names: &'s [NameForm],
    storage: &'s Storage,
) -> Result<Vec<TexEvent<'s>>, String> {
    let mut names = names.iter();
    let mut expanded = Vec::with_capacity(events.len());
    for event in events {
        let form = match &event {
            TexEvent::Content(Content::Function(name)) if name.contains('\\') => names.next(),
            _ => None,
        };
        match form {
            Some(NameForm::Words(words)) => {
                expanded.push(TexEvent::Content(Content::Function(words)));
            }
            Some(NameForm::Group(group)) => {
                expanded.push(TexEvent::Begin(Grouping::Normal));
                expanded.extend(parse(group, storage)?);
                expanded.push(TexEvent::End);
            }
            None => expanded.push(event),
        }
    }
    Ok(expanded)
}
