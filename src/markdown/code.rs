//! Code blocks: `mermaid` fences become `<pre class="mermaid">` with the
//! source escaped (the browser reads it back byte for byte); other fences are
//! highlighted at build time by syntect as CSS classes (`hl-*`), so light and
//! dark themes both apply; unknown languages render as plain code.

use super::math::{MathRenderer, Mode};
use super::{escape_html, push_escaped};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;
use syntect::easy::HighlightLines;
use syntect::highlighting::{
    Color, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings,
};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Token classes, by the scopes that select them. syntect resolves each
/// token's scope stack against these selectors (the most specific wins);
/// the class index travels in the style's red channel. The theme's
/// `highlight.css` colours each `hl-*` class for light and dark.
const TOKEN_CLASSES: &[(&str, &str)] = &[
    ("hl-c", "comment, punctuation.definition.comment"),
    ("hl-s", "string, constant.other.symbol, markup.raw.inline"),
    ("hl-n", "constant.numeric, constant.language, constant.character, constant.other.boolean, constant.other.date, constant.other.datetime"),
    ("hl-k", "keyword, storage.modifier, storage.type, keyword.control, keyword.other"),
    ("hl-o", "keyword.operator"),
    ("hl-t", "storage.type.numeric, storage.type.primitive, entity.name.type, support.type, support.class, entity.name.class, entity.name.struct, entity.name.enum, entity.name.trait"),
    ("hl-f", "entity.name.function, support.function, variable.function, meta.function-call.identifier"),
    ("hl-v", "variable.parameter, variable.language"),
    ("hl-a", "entity.other.attribute-name, meta.annotation, meta.attribute, support.type.property-name, meta.mapping.key string, entity.name.tag.yaml, meta.mapping.key entity.name.tag, entity.name.tag.toml"),
    ("hl-e", "entity.name.tag, entity.name.section, meta.tag.table, entity.name.table, markup.heading"),
    ("hl-i", "invalid"),
    ("hl-ins", "markup.inserted"),
    ("hl-del", "markup.deleted"),
];

fn class_theme() -> Theme {
    let scopes = TOKEN_CLASSES
        .iter()
        .enumerate()
        .filter_map(|(i, (_, selectors))| {
            Some(ThemeItem {
                scope: ScopeSelectors::from_str(selectors).ok()?,
                style: StyleModifier {
                    foreground: Some(Color {
                        r: (i + 1) as u8,
                        g: 0,
                        b: 0,
                        a: 0xff,
                    }),
                    background: None,
                    font_style: None,
                },
            })
        })
        .collect();
    Theme {
        settings: ThemeSettings {
            foreground: Some(Color::BLACK),
            background: Some(Color::WHITE),
            ..ThemeSettings::default()
        },
        scopes,
        ..Theme::default()
    }
}

/// syntect's grammars plus the extra ones folio ships (TOML among them),
/// precompiled (two-face's dump of bat's syntax collection).
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
    /// Every token a fence can name a language by, lower-cased, with the
    /// syntax `SyntaxSet::find_syntax_by_token` would find for it (which
    /// scans every grammar's extensions and name, per code block).
    tokens: HashMap<String, usize>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        let syntaxes = two_face::syntax::extra_newlines();
        Highlighter {
            tokens: tokens(&syntaxes),
            syntaxes,
            theme: class_theme(),
        }
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = match lang.to_ascii_lowercase().as_str() {
            "" | "text" | "plain" | "plaintext" | "txt" => return None,
            "shell" | "console" | "zsh" => "bash".to_string(),
            "golang" => "go".to_string(),
            other => other.to_string(),
        };
        let &index = self.tokens.get(&lang)?;
        self.syntaxes.syntaxes().get(index)
    }

    /// The whole `<pre>` element for one code block.
    pub fn render_block(&self, lang: &str, code: &str) -> String {
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", super::escape_attr(lang))
        };
        let plain = || {
            format!(
                "<pre class=\"code\"><code{lang_attr}>{}</code></pre>\n",
                escape_html(code)
            )
        };
        let Some(syntax) = self.find(lang) else {
            return plain();
        };
        match self.classed_html(syntax, code) {
            Some(html) => {
                format!("<pre class=\"code highlighted\"><code{lang_attr}>{html}</code></pre>\n")
            }
            None => plain(),
        }
    }

    /// Escaped code with `<span class="hl-*">` around classed tokens
    /// (adjacent tokens of one class share a span).
    fn classed_html(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut lines = HighlightLines::new(syntax, &self.theme);
        let mut html = String::with_capacity(code.len() * 2);
        let mut open: u8 = 0;
        for line in LinesWithEndings::from(code) {
            for (style, text) in lines.highlight_line(line, &self.syntaxes).ok()? {
                let class = style.foreground.r;
                if class != open {
                    if open != 0 {
                        html.push_str("</span>");
                    }
                    if let Some((name, _)) = TOKEN_CLASSES.get(usize::from(class).wrapping_sub(1)) {
                        html.push_str("<span class=\"");
                        html.push_str(name);
                        html.push_str("\">");
                        open = class;
                    } else {
                        open = 0;
                    }
                }
                push_escaped(&mut html, text);
            }
        }
        if open != 0 {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// The language tokens of `syntaxes` (see [`Highlighter::tokens`]). Like
/// `find_syntax_by_token`: a file extension wins over a name, and among
/// equals the last syntax of the set (later entries overwrite earlier).
fn tokens(syntaxes: &SyntaxSet) -> HashMap<String, usize> {
    let mut tokens = HashMap::new();
    for (i, syntax) in syntaxes.syntaxes().iter().enumerate() {
        tokens.insert(syntax.name.to_ascii_lowercase(), i);
    }
    for (i, syntax) in syntaxes.syntaxes().iter().enumerate() {
        for ext in &syntax.file_extensions {
            tokens.insert(ext.to_ascii_lowercase(), i);
        }
    }
    tokens
}

/// The language of a fence: its first info word (`rust,ignore` -> `rust`).
fn fence_language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

/// Whether `events` hold a Mermaid diagram.
pub fn has_mermaid(events: &[super::Spanned]) -> bool {
    events.iter().any(|(e, _)| {
        matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            if fence_language(info).eq_ignore_ascii_case("mermaid"))
    })
}

/// Replace every code block by its rendered `<pre>` (a `math` fence by its
/// formula), lazily, as the serializer asks for events.
pub fn render_blocks<'a, 'h, 'm: 'h, I>(
    events: I,
    highlighter: &'h Highlighter,
    math: &'h RefCell<MathRenderer<'m>>,
) -> impl Iterator<Item = super::Spanned<'a>> + use<'a, 'h, 'm, I>
where
    'a: 'h,
    I: Iterator<Item = super::Spanned<'a>> + 'h,
{
    let mut open: Option<(String, std::ops::Range<usize>, String)> = None;
    events.filter_map(move |(event, range)| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let lang = match &kind {
                CodeBlockKind::Fenced(info) => fence_language(info).to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            open = Some((lang, range, String::new()));
            None
        }
        Event::Text(t) if open.is_some() => {
            if let Some((_, _, code)) = open.as_mut() {
                code.push_str(&t);
            }
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let (lang, range, code) = open.take()?;
            let html = if lang.eq_ignore_ascii_case("mermaid") {
                format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(&code))
            } else if lang.eq_ignore_ascii_case("math") {
                math.borrow_mut()
                    .render(&code, Mode::Display, range.clone())
                    + "\n"
            } else {
                highlighter.render_block(&lang, &code)
            };
            Some((Event::Html(html.into()), range))
        }
        other => Some((other, range)),
    })
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
    fn language_tokens_find_what_syntect_finds() {
        let h = Highlighter::new();
        let mut tried = 0;
        for syntax in h.syntaxes.syntaxes() {
            let names = std::iter::once(&syntax.name).chain(&syntax.file_extensions);
            for token in names.map(|t| t.to_ascii_lowercase()) {
                let ours = h.tokens.get(&token).map(|&i| &h.syntaxes.syntaxes()[i]);
                let syntect = h.syntaxes.find_syntax_by_token(&token);
                assert_eq!(ours.map(|s| &s.name), syntect.map(|s| &s.name), "{token}");
                tried += 1;
            }
        }
        assert!(tried > 500, "{tried} tokens");
        assert_eq!(h.find("Rust").map(|s| s.name.as_str()), Some("Rust"));
        assert_eq!(h.find("py").map(|s| s.name.as_str()), Some("Python"));
        assert_eq!(
            h.find("shell").map(|s| s.name.as_str()),
            Some("Bourne Again Shell (bash)")
        );
        assert!(h.find("nosuchlang").is_none());
    }

    #[test]
    fn highlights_toml_rust_and_leaves_unknown_plain() {
        let h = Highlighter::new();
        assert_eq!(
            h.render_block("toml", "[links]\nbroken = \"warn\" # 注释\n"),
            "<pre class=\"code highlighted\"><code class=\"language-toml\">[<span class=\"hl-e\">links</span>]\n<span class=\"hl-a\">broken</span> = <span class=\"hl-s\">\"warn\"</span> <span class=\"hl-c\"># 注释</span>\n</code></pre>\n"
        );
        assert_eq!(
            h.render_block("rust", "fn main() { let x = 1 < 2; }\n"),
            "<pre class=\"code highlighted\"><code class=\"language-rust\"><span class=\"hl-k\">fn</span> <span class=\"hl-f\">main</span>() { <span class=\"hl-k\">let</span> x <span class=\"hl-o\">=</span> <span class=\"hl-n\">1</span> <span class=\"hl-o\">&lt;</span> <span class=\"hl-n\">2</span>; }\n</code></pre>\n"
        );
        assert_eq!(
            h.render_block("nosuchlang", "a < b\n"),
            "<pre class=\"code\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre>\n"
        );
    }
}
