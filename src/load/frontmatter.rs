//! Optional front matter: TOML between `+++` lines or YAML between `---`
//! lines, at the very top of a page. Unknown keys are ignored (writers keep
//! tags and other tools' keys there); a malformed block is an error located
//! at its line. Keys other tools use for the same things are read too:
//! `sidebar_position` (Docusaurus), `nav_order` (Just the Docs) and `order`
//! as the weight, `sidebar_label` as the title, `hidden` (and Just the Docs'
//! `nav_exclude`) to keep a page out of the sidebar.

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub description: Option<String>,
    pub date: Option<String>,
    /// Built and reachable by links, but not in the sidebar.
    pub hidden: bool,
    /// The audiences the page is for (`audience = ["internal"]`;
    /// `confidential = true` is `["internal"]`): `None` is everyone.
    pub audience: Option<Vec<String>>,
    /// `tags` and `categories` (VuePress), in that order, each once.
    pub tags: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Raw {
    title: Option<String>,
    weight: Option<i64>,
    draft: Option<bool>,
    description: Option<String>,
    date: Option<DateValue>,
    sidebar_position: Option<Position>,
    nav_order: Option<Position>,
    order: Option<Position>,
    sidebar_label: Option<String>,
    hidden: Option<bool>,
    nav_exclude: Option<bool>,
    audience: Option<Names>,
    confidential: Option<bool>,
    tags: Option<TagList>,
    categories: Option<TagList>,
}

/// A position as other tools write it: Docusaurus allows `2.5`, which
/// orders as 2 here (weights are whole numbers).
#[derive(Deserialize, Clone, Copy)]
#[serde(untagged)]
enum Position {
    Whole(i64),
    Fraction(f64),
}

impl Position {
    fn weight(self) -> i64 {
        match self {
            Position::Whole(n) => n,
            Position::Fraction(x) => x.floor() as i64,
        }
    }
}

/// `audience = "internal"` or `audience = ["internal", "board"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

/// `tags: a` or `tags: [a, b]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum TagList {
    One(String),
    Many(Vec<String>),
}

impl TagList {
    fn into_vec(self) -> Vec<String> {
        match self {
            TagList::One(t) => vec![t],
            TagList::Many(ts) => ts,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Text(String),
    Toml(toml::value::Datetime),
}

impl From<Raw> for FrontMatter {
    fn from(raw: Raw) -> Self {
        let mut tags: Vec<String> = Vec::new();
        for tag in [raw.tags, raw.categories]
            .into_iter()
            .flatten()
            .flat_map(TagList::into_vec)
        {
            let tag = tag.trim();
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
        FrontMatter {
            tags,
            title: raw
                .title
                .filter(|t| !t.trim().is_empty())
                .or(raw.sidebar_label.filter(|t| !t.trim().is_empty())),
            weight: raw.weight.or_else(|| {
                raw.sidebar_position
                    .or(raw.nav_order)
                    .or(raw.order)
                    .map(Position::weight)
            }),
            draft: raw.draft.unwrap_or(false),
            description: raw.description,
            date: raw.date.map(|d| match d {
                DateValue::Text(s) => s,
                DateValue::Toml(t) => t.to_string(),
            }),
            hidden: raw.hidden.or(raw.nav_exclude).unwrap_or(false),
            audience: match (raw.audience, raw.confidential) {
                (Some(Names::One(name)), _) => Some(vec![name]),
                (Some(Names::Many(names)), _) => Some(names),
                (None, Some(true)) => Some(vec![crate::audience::INTERNAL.to_string()]),
                (None, _) => None,
            },
        }
    }
}

/// Front matter that failed to parse: a message and the byte offset in the
/// page text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub offset: usize,
}

/// Split `text` into front matter and the byte offset where the Markdown body
/// starts. A page without front matter gives the default and offset 0.
pub fn split(text: &str) -> Result<(FrontMatter, usize), FrontMatterError> {
    let Some((fence, kind)) = opening_fence(text) else {
        return Ok((FrontMatter::default(), 0));
    };
    let inner_start = fence;
    let mut pos = inner_start;
    let mut close = None;
    for line in text[inner_start..].split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']).trim_end();
        if trimmed == kind.fence() || (kind == Kind::Yaml && trimmed == "...") {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((inner_end, body_start)) = close else {
        return Err(FrontMatterError {
            message: format!(
                "front matter opened with `{}` is never closed",
                kind.fence()
            ),
            offset: 0,
        });
    };
    let inner = &text[inner_start..inner_end];
    let raw = match kind {
        Kind::Toml => toml::from_str::<Raw>(inner).map_err(|e| FrontMatterError {
            message: format!("invalid TOML front matter: {}", e.message().trim()),
            offset: inner_start + e.span().map_or(0, |s| s.start),
        })?,
        Kind::Yaml => parse_yaml(inner).map_err(|(message, offset)| FrontMatterError {
            message: format!("invalid YAML front matter: {message}"),
            offset: inner_start + offset,
        })?,
    };
    Ok((raw.into(), body_start))
}

/// Flow collections (`[`, `{`) nested deeper than this are refused before
/// the YAML parser sees them: it takes time quadratic in their depth (80 KB
/// of `[` took 27 s). TOML's parser refuses at about the same depth.
const MAX_YAML_FLOW_DEPTH: usize = 80;

fn parse_yaml(inner: &str) -> Result<Raw, (String, usize)> {
    if inner.trim().is_empty() {
        return Ok(Raw::default());
    }
    if let Some(offset) = too_deep_flow(inner) {
        return Err((
            format!("`[` and `{{` nested more than {MAX_YAML_FLOW_DEPTH} deep"),
            offset,
        ));
    }
    serde_yaml_ng::from_str::<Raw>(inner).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        // serde_yaml appends " at line N column M", which is relative to the
        // block; the diagnostic carries the real location instead.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        (message, offset.min(inner.len()))
    })
}

/// The offset of the first `[`/`{` that opens a flow collection deeper than
/// [`MAX_YAML_FLOW_DEPTH`]. Brackets inside quotes and comments are skipped;
/// other brackets in plain text count too, which only errs on the side of
/// parsing (closing brackets bring the depth back down).
fn too_deep_flow(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut after_space = true;
    let bytes = yaml.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') if after_space => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        // A quoted YAML scalar may span lines; a single-quoted one ends at
        // the line's end here, which is enough for a bound.
        if b == b'\n' && quote == Some(b'\'') {
            quote = None;
        }
        after_space = b.is_ascii_whitespace();
        i += 1;
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Toml,
    Yaml,
}

impl Kind {
    fn fence(self) -> &'static str {
        match self {
            Kind::Toml => "+++",
            Kind::Yaml => "---",
        }
    }
}

/// The first line is `+++` or `---` (trailing spaces allowed): returns the
/// byte offset after that line.
fn opening_fence(text: &str) -> Option<(usize, Kind)> {
    let first = text.split_inclusive('\n').next()?;
    if !first.ends_with('\n') {
        return None;
    }
    let kind = match first.trim_end() {
        "+++" => Kind::Toml,
        "---" => Kind::Yaml,
        _ => return None,
    };
    Some((first.len(), kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        assert_eq!(split("# 标题\n").unwrap(), (FrontMatter::default(), 0));
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"总览\"\nweight = 3\ndate = 2025-10-31\n+++\n# x\n";
        let (fm, start) = split(text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("总览"));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.date.as_deref(), Some("2025-10-31"));
        assert_eq!(&text[start..], "# x\n");
    }

    #[test]
    fn yaml_front_matter_with_crlf_and_unknown_keys() {
        let text = "---\r\ntitle: 合作\r\ndraft: true\r\ntags: [a, b]\r\n---\r\nbody";
        let (fm, start) = split(text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("合作"));
        assert!(fm.draft);
        assert_eq!(&text[start..], "body");
    }

    #[test]
    fn malformed_toml_points_into_the_block() {
        let text = "+++\ntitle = \"a\"\nweight = \"x\n+++\n";
        let err = split(text).unwrap_err();
        assert!(
            err.message.starts_with("invalid TOML front matter"),
            "{}",
            err.message
        );
        assert_eq!(text[..err.offset].matches('\n').count() + 1, 3);
    }

    #[test]
    fn malformed_yaml_points_into_the_block() {
        let text = "---\ntitle: a\nweight: [1\n---\n";
        let err = split(text).unwrap_err();
        assert!(
            err.message.starts_with("invalid YAML front matter"),
            "{}",
            err.message
        );
        assert!(text[..err.offset].matches('\n').count() + 1 >= 3);
    }

    #[test]
    fn deeply_nested_yaml_is_refused_at_its_line() {
        let deep = format!("---\ntitle: a\nx: {}\n---\n", "[".repeat(80_000));
        let err = split(&deep).unwrap_err();
        assert_eq!(
            err.message,
            "invalid YAML front matter: `[` and `{` nested more than 80 deep"
        );
        assert_eq!(err.offset, deep.find('[').unwrap() + 80);
        let quoted = format!(
            "---\ntitle: \"{}\" # {}\n---\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(split(&quoted).unwrap().0.title, Some("[".repeat(100)));
        let nested = format!("---\nx: {}{}\n---\n", "[".repeat(80), "]".repeat(80));
        assert!(split(&nested).is_ok());
    }

    #[test]
    fn other_tools_keys_give_weight_title_and_hidden() {
        let text = "---\nsidebar_position: 2.5\nsidebar_label: 安装\nhidden: true\n---\n";
        let fm = split(text).unwrap().0;
        assert_eq!(
            (fm.weight, fm.title.as_deref(), fm.hidden),
            (Some(2), Some("安装"), true)
        );
        let fm = split("---\nnav_order: 4\nweight: 1\ntitle: 总览\nsidebar_label: x\n---\n")
            .unwrap()
            .0;
        assert_eq!((fm.weight, fm.title.as_deref()), (Some(1), Some("总览")));
        let fm = split("+++\norder = 7\nnav_exclude = true\n+++\n")
            .unwrap()
            .0;
        assert_eq!((fm.weight, fm.hidden), (Some(7), true));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("+++\ntitle = \"a\"\n").is_err());
    }

    #[test]
    fn a_thematic_break_later_is_not_front_matter() {
        let (fm, start) = split("# a\n---\nb: c\n---\n").unwrap();
        assert_eq!((fm, start), (FrontMatter::default(), 0));
    }
}
