//! What `markdown.raw-html = "github"` keeps: the elements, attributes and
//! URL schemes GitHub's sanitiser lets through (its allow-list, trimmed to
//! what documents use), plus Typora's `style="zoom:50%"` as a width.

/// What becomes of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Keep,
    /// The tag goes, its content stays (`<font>`, `<form>`, `<center>`).
    DropTag,
    /// The tag and everything up to its end tag go (`<script>`, `<style>`).
    DropWithContent,
}

const KEPT: &[&str] = &[
    "a",
    "abbr",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements whose content is code, styles or an embedded document, none of
/// which is text a reader should see loose on the page.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "iframe", "math", "noembed", "noframes", "noscript", "object", "script", "select", "style",
    "svg", "template", "textarea", "title", "xmp",
];

/// Void elements: no end tag, no content.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

pub fn element(name: &str) -> Element {
    if KEPT.binary_search(&name).is_ok() {
        Element::Keep
    } else if DROPPED_WITH_CONTENT.contains(&name) {
        Element::DropWithContent
    } else {
        Element::DropTag
    }
}

/// Attributes kept on any kept element (GitHub's list, less the form and
/// layout-era ones nobody writes in Markdown).
const GLOBAL_ATTRS: &[&str] = &[
    "abbr",
    "align",
    "alt",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "border",
    "cellpadding",
    "cellspacing",
    "cite",
    "clear",
    "colspan",
    "datetime",
    "dir",
    "headers",
    "height",
    "hspace",
    "id",
    "lang",
    "open",
    "reversed",
    "role",
    "rowspan",
    "scope",
    "span",
    "start",
    "summary",
    "title",
    "type",
    "valign",
    "vspace",
    "width",
];

/// Is attribute `attr` kept on element `tag`? URL attributes are listed
/// here and their values checked by [`safe_url`] apart.
pub fn attribute(tag: &str, attr: &str) -> bool {
    if GLOBAL_ATTRS.binary_search(&attr).is_ok() {
        return true;
    }
    match tag {
        "a" => matches!(attr, "href" | "name"),
        "img" => matches!(attr, "src" | "srcset" | "sizes" | "loading"),
        "source" => matches!(attr, "src" | "srcset" | "sizes" | "media"),
        "video" => matches!(
            attr,
            "src" | "poster" | "controls" | "loop" | "muted" | "playsinline" | "preload"
        ),
        "audio" => matches!(attr, "src" | "controls" | "loop" | "muted" | "preload"),
        _ => false,
    }
}

/// The attributes of `tag` that hold a URL to resolve and check (`srcset`
/// holds several).
pub fn url_attribute(tag: &str, attr: &str) -> Option<UrlKind> {
    match (tag, attr) {
        ("a", "href") => Some(UrlKind::Link),
        ("img" | "source", "srcset") => Some(UrlKind::SrcSet),
        ("img" | "source" | "video" | "audio", "src") | ("video", "poster") => Some(UrlKind::Media),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// Followed by the reader: `<a href>`, Markdown links.
    Link,
    /// Loaded by the page: `src`, `poster`, Markdown images.
    Media,
    /// `srcset`: comma-separated URLs, each with a size descriptor.
    SrcSet,
}

/// May a URL be published? Relative and `http(s)` URLs may, and links to
/// `mailto:`, `tel:`, `ftp:` and `file:` (intranet documents link to
/// shares); `javascript:`, `vbscript:`, `data:` and every other scheme may
/// not (an allow-list, as GitHub's: old browsers ran more schemes than
/// these two), except inline PNG, JPEG, GIF and WebP images, which run
/// nothing (an SVG may script, so it is not among them).
pub fn safe_url(url: &str, kind: UrlKind) -> bool {
    // Most links are relative paths: no scheme to look at.
    if !url.contains(':') {
        return true;
    }
    // Browsers ignore leading spaces and control characters, and tabs and
    // newlines anywhere: `java\tscript:` is `javascript:`.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A colon after a `/`, `?` or `#` is part of a relative URL.
    if !is_scheme {
        return true;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => true,
        "mailto" | "tel" | "ftp" | "file" => kind == UrlKind::Link,
        "data" => {
            kind != UrlKind::Link && {
                let rest = cleaned[colon + 1..].to_ascii_lowercase();
                ["image/png", "image/jpeg", "image/gif", "image/webp"]
                    .iter()
                    .any(|t| rest.starts_with(t) && rest[t.len()..].starts_with([';', ',']))
            }
        }
        _ => false,
    }
}

/// Typora writes `<img style="zoom:50%">` to show an image smaller: the
/// width GitHub would need (`style` itself is dropped, like GitHub does).
pub fn typora_zoom(style: &str) -> Option<String> {
    style.split(';').find_map(|decl| {
        let (prop, value) = decl.split_once(':')?;
        if !prop.trim().eq_ignore_ascii_case("zoom") {
            return None;
        }
        let value = value.trim();
        let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
        if let Some(percent) = value.strip_suffix('%').filter(|p| number(p)) {
            return Some(format!("{percent}%"));
        }
        let factor: f64 = value.parse().ok().filter(|_| number(value))?;
        Some(format!("{}%", (factor * 100.0).round()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(KEPT.windows(2).all(|w| w[0] < w[1]));
        assert!(GLOBAL_ATTRS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn scripting_schemes_are_refused_however_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
        ] {
            assert!(!safe_url(url, UrlKind::Media), "{url:?}");
            assert!(!safe_url(url, UrlKind::Link), "{url:?}");
        }
        for url in [
            "guide.md",
            "./a:b.md",
            "#x",
            "https://e.com",
            "//cdn/x.png",
            "a/b?c=d:e",
        ] {
            assert!(safe_url(url, UrlKind::Link), "{url:?}");
        }
        assert!(safe_url("mailto:a@b.c", UrlKind::Link));
        assert!(safe_url("file://server/共享/表.xlsx", UrlKind::Link));
        assert!(!safe_url("livescript:x", UrlKind::Link));
        assert!(safe_url("data:image/png;base64,iVBO", UrlKind::Media));
        assert!(!safe_url("data:image/png;base64,iVBO", UrlKind::Link));
    }

    #[test]
    fn typora_zoom_becomes_a_width() {
        assert_eq!(typora_zoom("zoom:50%;").as_deref(), Some("50%"));
        assert_eq!(
            typora_zoom("color: red; ZOOM: 33.5%").as_deref(),
            Some("33.5%")
        );
        assert_eq!(typora_zoom("zoom: 0.5").as_deref(), Some("50%"));
        assert_eq!(typora_zoom("zoom: expression(alert(1))"), None);
        assert_eq!(typora_zoom("width: 10px"), None);
    }
}
