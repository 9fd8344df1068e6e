//! Heading ids, GitHub's way: explicit `{#id}` ids are reserved first, then
//! every other heading gets github-slugger's de-duplicated slug. Each heading
//! also gets a self-link.

use super::slug::Slugger;
use super::{escape_attr, Events, Spanned};
use crate::site::urls::encode_fragment;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading's text, inline markup removed.
    pub text: String,
    /// Byte offset of the heading in the page source (kept in the build
    /// cache: the knowledge pages place backlinks under headings by it).
    pub offset: usize,
}

/// Give every heading of `events` an id and return the headings in
/// document order. `slugger` holds the ids of the page's earlier parts
/// (a long page is rendered in parts) and, when the page has explicit ids
/// in later parts, those ids already reserved.
pub fn assign_ids(events: &mut [Spanned], slugger: &mut Slugger) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some((i, String::new())),
            Event::End(TagEnd::Heading(_)) => found.extend(open.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = open.as_mut() {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    for (i, _) in &found {
        if let (Event::Start(Tag::Heading { id: Some(id), .. }), _) = &events[*i] {
            slugger.reserve(id);
        }
    }
    let mut headings = Vec::with_capacity(found.len());
    for (i, text) in found {
        let (Event::Start(Tag::Heading { level, id, .. }), range) = &mut events[i] else {
            continue;
        };
        let id = match id {
            Some(explicit) => explicit.to_string(),
            None => {
                let slug = slugger.slug(&text);
                *id = Some(CowStr::from(slug.clone()));
                slug
            }
        };
        headings.push(Heading {
            level: *level as u8,
            id,
            text: text.trim().to_string(),
            offset: range.start,
        });
    }
    headings
}

/// The explicit `{#id}` ids of every heading in `events`.
pub fn explicit_ids<'a>(events: impl Iterator<Item = Spanned<'a>>) -> Vec<String> {
    events
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// The page's opening `# title`, taken out of the body so that themes can
/// place it above the metadata block: its id and inner events (self-link
/// included). `None` unless the very first block (after HTML comments) is
/// a level-1 heading.
pub fn take_title<'a>(events: &mut Events<'a>, start: &mut usize) -> Option<(String, Events<'a>)> {
    let page = &events[*start..];
    let skip = super::comments::leading(page);
    let (
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            ..
        }),
        _,
    ) = page.get(skip)?
    else {
        return None;
    };
    let id = id.as_deref().unwrap_or_default().to_string();
    let end = skip
        + page[skip..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))?;
    let mut taken = super::take_near_front(events, start, skip..end + 1);
    taken.pop();
    taken.remove(0);
    Some((id, taken))
}

/// Append a self-link (`<a class="heading-anchor" href="#id">`) to each
/// heading, the headings of `events` being `headings` in order. Lazy: the
/// page's events stream through the passes into the serializer, so that a
/// page's events are held once (a copy a pass took 2.8 GB on a 50 MB page).
pub fn add_self_links<'a, 'h>(
    events: impl Iterator<Item = Spanned<'a>> + 'h,
    headings: &'h [Heading],
    label: &'h str,
) -> impl Iterator<Item = Spanned<'a>> + 'h
where
    'a: 'h,
{
    let mut ids = headings.iter();
    let mut current: Option<&Heading> = None;
    super::around::around(events, move |event| {
        let before = match event {
            Event::Start(Tag::Heading { .. }) => {
                current = ids.next();
                None
            }
            Event::End(TagEnd::Heading(_)) => current.take().map(|h| self_link_html(h, label)),
            _ => None,
        };
        super::around::Insert {
            before,
            after: None,
        }
    })
}

/// The self-link of heading `h`, at the heading's source `range`.
pub fn self_link<'a>(h: &Heading, label: &str, range: &std::ops::Range<usize>) -> Spanned<'a> {
    (self_link_html(h, label), range.clone())
}

fn self_link_html<'a>(h: &Heading, label: &str) -> Event<'a> {
    let html = format!(
        "<a class=\"heading-anchor\" href=\"#{}\" aria-label=\"{}\">#</a>",
        escape_attr(&encode_fragment(&h.id)),
        escape_attr(label)
    );
    Event::InlineHtml(html.into())
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn ids(md: &str) -> Vec<String> {
        let mut events = parse(md, 0);
        assign_ids(&mut events, &mut Slugger::new())
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn github_ids_with_emoji_and_duplicates() {
        assert_eq!(
            ids("## 📊 合作伙伴全景\n\n#### 技术合作伙伴（1个）\n\n## 概述\n\n## 概述\n\n## `code` 与 *强调*\n"),
            ["-合作伙伴全景", "技术合作伙伴1个", "概述", "概述-1", "code-与-强调"]
        );
    }

    #[test]
    fn explicit_ids_win_and_are_reserved_first() {
        assert_eq!(ids("## 概述\n\n## 其他 {#概述}\n"), ["概述-1", "概述"]);
    }
}
