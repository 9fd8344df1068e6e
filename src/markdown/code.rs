//! Code blocks: `mermaid` fences become `<pre class="mermaid">` with the
//! source escaped (the browser reads it back byte for byte); other fences are
//! highlighted at build time by syntect as CSS classes (`hl-*`), so light and
//! dark themes both apply; unknown languages render as plain code.

use super::{escape_html, Events};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's grammars plus the extra ones folio ships (TOML among them),
/// precompiled (two-face's dump of bat's syntax collection).
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
        }
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = match lang.to_ascii_lowercase().as_str() {
            "" | "text" | "plain" | "plaintext" | "txt" => return None,
            "shell" | "console" | "zsh" => "bash".to_string(),
            "golang" => "go".to_string(),
            other => other.to_string(),
        };
        self.syntaxes.find_syntax_by_token(&lang)
    }

    /// The whole `<pre>` element for one code block.
    pub fn render_block(&self, lang: &str, code: &str) -> String {
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", super::escape_attr(lang))
        };
        let Some(syntax) = self.find(lang) else {
            return format!(
                "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                escape_html(code)
            );
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return format!(
                    "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                    escape_html(code)
                );
            }
        }
        format!(
            "<pre class=\"code highlighted\"><code{lang_attr}>{}</code></pre>\n",
            generator.finalize()
        )
    }
}

/// The language of a fence: its first info word (`rust,ignore` -> `rust`).
fn fence_language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

/// Replace every code block by its rendered `<pre>`; returns whether the page
/// has a Mermaid diagram.
pub fn render_blocks<'a>(events: Events<'a>, highlighter: &Highlighter) -> (Events<'a>, bool) {
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<(String, std::ops::Range<usize>, String)> = None;
    let mut has_mermaid = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => fence_language(info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                open = Some((lang, range, String::new()));
            }
            Event::Text(t) if open.is_some() => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, range, code)) = open.take() {
                    let html = if lang.eq_ignore_ascii_case("mermaid") {
                        has_mermaid = true;
                        format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(&code))
                    } else {
                        highlighter.render_block(&lang, &code)
                    };
                    out.push((Event::Html(html.into()), range));
                }
            }
            other => out.push((other, range)),
        }
    }
    (out, has_mermaid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_languages() {
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("mermaid title=x"), "mermaid");
        assert_eq!(fence_language(""), "");
    }

    #[test]
    fn highlights_toml_rust_and_leaves_unknown_plain() {
        let h = Highlighter::new();
        let toml = h.render_block("toml", "[links]\nbroken = \"warn\"\n");
        assert!(toml.contains("hl-"), "{toml}");
        assert!(h.render_block("rust", "fn main() {}\n").contains("hl-"));
        assert_eq!(
            h.render_block("nosuchlang", "a < b\n"),
            "<pre class=\"code\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"
        );
    }
}
