//! MkDocs admonitions (`!!! note "标题"`, collapsible `??? tip`, open
//! `???+ tip`), rendered as GitHub alerts are. A pre-pass on the source
//! text rewrites each into the alert syntax pulldown-cmark reads: the
//! header line becomes `> [!NOTE]`, and each content line's four-space
//! indent becomes `>   ` (the same bytes' length, so every line and column
//! in it stays where the writer put it, and content indented further keeps
//! its structure; nested admonitions nest as quotes). Blank lines inside
//! become `>`. The headers found (title, folding) go to [`super::alerts`],
//! which labels the alert with the title and wraps a collapsible one in
//! `<details>`.

use pulldown_cmark::BlockQuoteKind;

/// How an admonition folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// `!!!`: always open, no toggle.
    None,
    /// `???`: closed until clicked.
    Closed,
    /// `???+`: open, can be closed.
    Open,
}

/// One admonition header, as rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// Byte range of its header line in the rewritten text.
    pub line: std::ops::Range<usize>,
    /// `None`: the kind's label; `Some("")`: no title (`!!! note ""`).
    pub title: Option<String>,
    pub fold: Fold,
}

/// An admonition open while lines are read.
struct Open {
    /// Spaces before its content.
    indent: usize,
}

/// `text` with the admonitions after `from` rewritten, and their headers in
/// order; `None` when there are none (the text is used as it is).
pub fn rewrite(text: &str, from: usize) -> Option<(String, Vec<Admonition>)> {
    let body = &text[from..];
    if !body.contains("!!!") && !body.contains("???") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..from]);
    let mut found = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    // For each line, the indent of the next line with text (computed once:
    // a blank line inside an admonition looks at it).
    let mut next_indent = vec![0; lines.len()];
    let mut following = 0;
    for (i, raw) in lines.iter().enumerate().rev() {
        next_indent[i] = following;
        let text = split_eol(raw).0;
        if !text.trim().is_empty() {
            following = indent_of(text);
        }
    }
    for (i, raw) in lines.iter().enumerate() {
        let (text, eol) = split_eol(raw);
        if text.trim().is_empty() {
            // A blank line continues the admonitions the next text line is
            // still inside.
            while open.last().is_some_and(|o| o.indent > next_indent[i]) {
                open.pop();
            }
            match open.len() {
                0 => out.push_str(raw),
                n => {
                    out.push_str(">   ".repeat(n).trim_end());
                    out.push_str(eol);
                }
            }
            continue;
        }
        // Outside admonitions lines stay as written; inside, leading tabs
        // are expanded so that indents compare.
        let line = match open.is_empty() {
            true => text.into(),
            false => expand_leading_tabs(text),
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        // A line indented less than an admonition's content ends it, and
        // a fence open inside it with it.
        while open.last().is_some_and(|o| o.indent > indent) {
            open.pop();
            fence = None;
        }
        let depth = open.len();
        let inner = &line[depth * 4..];
        out.push_str(&">   ".repeat(depth));
        if let Some(f) = fence {
            if closes_fence(inner, f) {
                fence = None;
            }
            out.push_str(inner);
        } else if let Some(f) = opens_fence(inner) {
            fence = Some(f);
            out.push_str(inner);
        } else if let Some(header) = header(inner) {
            let start = out.len();
            out.push_str("> [!");
            out.push_str(kind_name(header.kind));
            out.push(']');
            found.push(Admonition {
                line: start..out.len(),
                title: header.title,
                fold: header.fold,
            });
            open.push(Open {
                indent: (depth + 1) * 4,
            });
        } else {
            out.push_str(inner);
        }
        out.push_str(eol);
    }
    Some((out, found))
}

fn split_eol(line: &str) -> (&str, &str) {
    let content = line.trim_end_matches(['\n', '\r']);
    (content, &line[content.len()..])
}

/// The width of a line's leading spaces and tabs (tab stops of four).
fn indent_of(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// Leading tabs as spaces to the next tab stop of four (as CommonMark and
/// Python-Markdown read them).
fn expand_leading_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    if !line[..lead].contains('\t') {
        return line.into();
    }
    format!("{}{}", " ".repeat(indent_of(line)), &line[lead..]).into()
}

/// A fence (three or more backticks or tildes, up to three spaces in).
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = trimmed.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

fn closes_fence(line: &str, (c, n): (u8, usize)) -> bool {
    opens_fence(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n)
        && line.trim().bytes().all(|b| b == c)
}

struct Header {
    kind: BlockQuoteKind,
    title: Option<String>,
    fold: Fold,
}

/// `!!! note`, `??? tip "标题"`, `???+ warning inline ""`: the first word is
/// the kind (further words are CSS classes in MkDocs, ignored), a quoted
/// string the title.
fn header(line: &str) -> Option<Header> {
    let (fold, rest) = if let Some(r) = line.strip_prefix("!!!") {
        (Fold::None, r)
    } else if let Some(r) = line.strip_prefix("???+") {
        (Fold::Open, r)
    } else {
        (Fold::Closed, line.strip_prefix("???")?)
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(q) => {
            let quoted = rest[q + 1..].strip_suffix('"')?;
            (&rest[..q], Some(quoted.to_string()))
        }
        None => (rest, None),
    };
    let kind = words.split_whitespace().next()?;
    if !kind
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some(Header {
        kind: kind_of(&kind.to_ascii_lowercase()),
        title,
        fold,
    })
}

/// MkDocs Material's kinds and their aliases, by the GitHub alert closest
/// in meaning (colour); unknown kinds are notes.
fn kind_of(name: &str) -> BlockQuoteKind {
    match name {
        "tip" | "hint" | "success" | "check" | "done" => BlockQuoteKind::Tip,
        "important" => BlockQuoteKind::Important,
        "warning" | "caution" | "attention" => BlockQuoteKind::Warning,
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => BlockQuoteKind::Caution,
        _ => BlockQuoteKind::Note,
    }
}

fn kind_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_keeping_lines_and_content_columns() {
        let text = "# 页\n\n!!! note \"先读这里\"\n    第一段 [链接](a.md)。\n\n        代码\n\n???+ danger\n    - 项\n\n正文\n";
        let (out, found) = rewrite(text, 0).unwrap();
        assert_eq!(
            out,
            "# 页\n\n> [!NOTE]\n>   第一段 [链接](a.md)。\n>\n>       代码\n\n> [!CAUTION]\n>   - 项\n\n正文\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title.as_deref(), Some("先读这里"));
        assert_eq!(&out[found[1].line.clone()], "> [!CAUTION]");
        assert_eq!(found[1].fold, Fold::Open);
    }

    #[test]
    fn nested_and_fenced() {
        let text = "??? tip \"\"\n    外层\n\n    !!! warning\n        内层\n```\n!!! note\n```\n";
        let (out, found) = rewrite(text, 0).unwrap();
        assert_eq!(
            out,
            "> [!TIP]\n>   外层\n>\n>   > [!WARNING]\n>   >   内层\n```\n!!! note\n```\n"
        );
        assert_eq!(found[0].title.as_deref(), Some(""));
        assert_eq!((found[0].fold, found[1].fold), (Fold::Closed, Fold::None));
    }

    #[test]
    fn tabs_inside_count_to_the_next_stop_and_outside_stay() {
        let text = "!!! note\n\t内容\n  \t代码?\n\n\t外面???\n";
        let (out, _) = rewrite(text, 0).unwrap();
        assert_eq!(out, "> [!NOTE]\n>   内容\n>   代码?\n>\n>   外面???\n");
        let (out, _) = rewrite("正文 ???\n\n\t缩进\n", 0).unwrap();
        assert_eq!(out, "正文 ???\n\n\t缩进\n");
    }

    #[test]
    fn text_without_admonitions_is_left_alone() {
        assert!(rewrite("# 标题\n\n真的吗???\n", 0).is_some_and(|(_, f)| f.is_empty()));
        assert!(rewrite("# 标题\n", 0).is_none());
    }
}
