//! Math as GitHub writes it (`$…$`, `` $`…`$ ``, `$$…$$` and ```` ```math ````
//! fences), rendered at build time to MathML by pulldown-latex: every current
//! browser shows MathML, offline, from `file://`, in both themes and in print,
//! with no script on the page. A formula that cannot be rendered shows its TeX
//! source in place and is a warning with its `path:line:col`. TeX that
//! MathJax reads and pulldown-latex does not is rewritten first (`rewrite`).

mod names;
mod rewrite;

use super::{escape_attr, escape_html, Spanned};
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use pulldown_cmark::Event;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Event as TexEvent, Parser, ParserError, RenderConfig, Storage};
use std::ops::Range;

/// Renders formulas and keeps the warnings about those it cannot render.
pub struct MathRenderer<'a> {
    text: &'a str,
    lines: &'a LineIndex<'a>,
    /// The page's path as the writer opens it, for diagnostics.
    path: &'a str,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Inline,
    Display,
}

impl<'a> MathRenderer<'a> {
    /// `text` is the whole page source that event ranges point into.
    pub fn new(text: &'a str, lines: &'a LineIndex<'a>, path: &'a str) -> Self {
        MathRenderer {
            text,
            lines,
            path,
            diagnostics: Vec::new(),
        }
    }

    /// The MathML of `tex`, or its escaped source in a `math-error` element
    /// (and a warning pointing at `range`).
    pub fn render(&mut self, tex: &str, mode: Mode, range: Range<usize>) -> String {
        match to_mathml(tex, mode) {
            Ok(mathml) => mathml,
            Err(problem) => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::Math,
                        format!("cannot render this formula ({problem}); its TeX source is shown instead"),
                    )
                    .with_path(self.path)
                    .at(self.lines.locate(range.start, range.end)),
                );
                // Phrasing content either way: `$$…$$` stands in a paragraph.
                let class = match mode {
                    Mode::Inline => "math-error",
                    Mode::Display => "math-error math-display",
                };
                format!(
                    "<code class=\"{class}\" title=\"{}\">{}</code>",
                    escape_attr(&problem),
                    escape_html(tex.trim_matches('\n'))
                )
            }
        }
    }

    /// Replace the `$…$` and `$$…$$` events of `events` by their MathML.
    pub fn render_spans(&mut self, events: &mut [Spanned]) {
        for (event, range) in events.iter_mut() {
            let (tex, mode) = match event {
                Event::InlineMath(tex) => (tex, Mode::Inline),
                Event::DisplayMath(tex) => (tex, Mode::Display),
                _ => continue,
            };
            if mode == Mode::Inline && self.closes_before_digit(range) {
                // `价格$5到$10`: GitHub (like pandoc) reads no math when the
                // closing `$` is followed by a digit, as prices are.
                *event = Event::Text(self.text[range.clone()].to_string().into());
                continue;
            }
            let html = self.render(inline_code_form(tex), mode, range.clone());
            *event = Event::InlineHtml(html.into());
        }
    }

    fn closes_before_digit(&self, range: &Range<usize>) -> bool {
        self.text.as_bytes()[range.clone()].last() == Some(&b'$')
            && self
                .text
                .as_bytes()
                .get(range.end)
                .is_some_and(u8::is_ascii_digit)
    }
}

/// GitHub's `` $`a_b`$ `` form: the backticks only delimit the formula.
fn inline_code_form(tex: &str) -> &str {
    match tex.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        Some(inner) if !inner.is_empty() => inner,
        _ => tex,
    }
}

/// The MathML of one formula, or what keeps it from rendering: the first
/// line of the parser's complaint, or the command left unrendered.
fn to_mathml(tex: &str, mode: Mode) -> Result<String, String> {
    let tex = rewrite::rewrite(tex, mode);
    let storage = Storage::new();
    let events = parse(&tex, &storage)?;
    let names = names::command_names(&events)?;
    let events = names::expand_names(events, &names, &storage)?;
    let config = RenderConfig {
        display_mode: match mode {
            Mode::Inline => DisplayMode::Inline,
            Mode::Display => DisplayMode::Block,
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    pulldown_latex::push_mathml(
        &mut mathml,
        events.into_iter().map(Ok::<_, ParserError>),
        config,
    )
    .map_err(|e| e.to_string())?;
    // Whatever pulldown-latex passed through as written (a command in
    // `\text{…}`, a name it did not expand) is a warning, never raw TeX
    // shown silently.
    if let Some(name) = unrendered_command(&mathml) {
        return Err(format!("unknown command \\{name}"));
    }
    Ok(well_formed(&mathml))
}

/// The events of `tex`, or the first line of the parser's first complaint,
/// naming the command it did not know.
fn parse<'s>(tex: &'s str, storage: &'s Storage) -> Result<Vec<TexEvent<'s>>, String> {
    let mut events = Vec::new();
    for event in Parser::new(tex, storage) {
        match event {
            Ok(event) => events.push(event),
            Err(e) => {
                let message = e.to_string();
                let first = message.lines().next().unwrap_or_default();
                let first = first.strip_prefix("parsing error: ").unwrap_or(first);
                if first == UNKNOWN_PRIMITIVE {
                    if let Some(name) = unknown_command(tex) {
                        return Err(format!("unknown command \\{name}"));
                    }
                }
                if first == UNKNOWN_ENVIRONMENT {
                    if let Some(name) = unknown_environment(tex) {
                        return Err(format!("unknown environment `{name}`"));
                    }
                }
                return Err(first.to_string());
            }
        }
    }
    Ok(events)
}

/// pulldown-latex's complaint for a command it does not know; it does not
/// say which.
const UNKNOWN_PRIMITIVE: &str = "unknown primitive command found";

/// pulldown-latex's complaint (so spelt) for an environment it does not
/// know; it does not say which.
const UNKNOWN_ENVIRONMENT: &str = "unkown mathematical environment found";

/// The first environment of `tex` that pulldown-latex does not know.
fn unknown_environment(tex: &str) -> Option<&str> {
    first_refused(rewrite::environments(tex), UNKNOWN_ENVIRONMENT, |name| {
        format!("\\begin{{{name}}}\\end{{{name}}}")
    })
}

/// The first command of `tex` that pulldown-latex does not know on its own.
/// Only asked once a formula failed, so its cost is no page's concern.
fn unknown_command(tex: &str) -> Option<&str> {
    first_refused(rewrite::commands(tex), UNKNOWN_PRIMITIVE, |name| {
        format!("\\{name}")
    })
}

/// The first of `names` that pulldown-latex, given it `alone`, refuses
/// with `complaint`.
fn first_refused<'t>(
    mut names: impl Iterator<Item = &'t str>,
    complaint: &str,
    alone: impl Fn(&str) -> String,
) -> Option<&'t str> {
    let storage = Storage::new();
    names.find(|name| {
        let tex = alone(name);
        let refused = Parser::new(&tex, &storage)
            .any(|e| e.is_err_and(|e| e.to_string().contains(complaint)));
        refused
    })
}

/// The name of a `\command` left in pulldown-latex's MathML as written.
fn unrendered_command(mathml: &str) -> Option<&str> {
    mathml.match_indices('\\').find_map(|(i, _)| {
        let rest = &mathml[i + 1..];
        let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        (len > 0).then(|| &rest[..len])
    })
}

/// pulldown-latex writes `<`, `>` and `&` of operators and
/// `\operatorname{…}` unescaped (`<mo><</mo>`), so a formula could carry a
/// tag. Keep only the MathML tags it writes and escape everything else.
fn well_formed(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 16);
    let mut rest = mathml;
    while let Some(i) = rest.find(['<', '>', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let keep = match rest.as_bytes()[0] {
            b'<' => tag_len(rest),
            b'&' => entity_len(rest),
            _ => None,
        };
        match keep {
            Some(len) => {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => {
                out.push_str(&escape_html(&rest[..1]));
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// MathML Core's presentation elements (no `annotation-xml`, which may hold
/// HTML, and no `maction`).
const ELEMENTS: &[&str] = &[
    "annotation",
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
];

/// The length of the MathML tag `s` starts with: a known element, and
/// attributes `name="value"` that are neither event handlers nor links.
fn tag_len(s: &str) -> Option<usize> {
    let end = s.find('>')? + 1;
    let inner = s[1..end - 1].strip_prefix('/').unwrap_or(&s[1..end - 1]);
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    let (name, mut attrs) = inner.split_once(' ').unwrap_or((inner, ""));
    if !ELEMENTS.contains(&name) || inner.contains('<') {
        return None;
    }
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Some(end);
        }
        let (attr, value) = attrs.split_once("=\"")?;
        let allowed = !attr.is_empty()
            && attr.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !attr.starts_with("on")
            && !matches!(attr, "href" | "src" | "xlink");
        if !allowed {
            return None;
        }
        attrs = &value[value.find('"')? + 1..];
    }
}

/// The length of the character reference `s` starts with (`&amp;`, `&#8289;`).
fn entity_len(s: &str) -> Option<usize> {
    let end = s.find(';')?;
    let body = &s[1..end];
    let ok = match body.strip_prefix('#') {
        Some(num) => match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            None => !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()),
        },
        None => !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphabetic()),
    };
    ok.then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> (String, Vec<Diagnostic>) {
        let events = super::super::parse(md, 0);
        let lines = LineIndex::new(md);
        let mut math = MathRenderer::new(md, &lines, "a.md");
        let mut events = events;
        math.render_spans(&mut events);
        let html = super::super::html::serialize(events, String::new(), &Default::default()).html;
        (html, math.diagnostics)
    }

    #[test]
    fn prices_are_not_math() {
        for md in ["价格 $5 到 $10", "价格$5到$10", "from $5 to $6 and $7"] {
            let (html, diags) = render(md);
            assert!(!html.contains("<math"), "{md}: {html}");
            assert!(html.contains("$5"), "{md}: {html}");
            assert!(diags.is_empty());
        }
    }

    #[test]
    fn inline_display_and_backtick_forms() {
        let (html, diags) = render("式 $x^2$，$`a_b`$ 与 $$\\frac{1}{2}$$");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            html.contains("<math display=\"inline\"><msup><mi>x</mi><mn>2</mn></msup></math>"),
            "{html}"
        );
        assert!(html.contains("<msub><mi>a</mi><mi>b</mi></msub>"), "{html}");
        assert!(html.contains("<math display=\"block\"><mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac></math>"), "{html}");
        assert!(!html.contains('`'), "{html}");
    }

    #[test]
    fn a_broken_formula_shows_its_source_and_warns_where_it_is() {
        let (html, diags) = render("第一行\n\n公式 $x^$ 完\n");
        assert!(!html.contains("<math"), "{html}");
        assert!(html.contains("<code class=\"math-error\""), "{html}");
        assert!(html.contains(">x^</code>"), "{html}");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!((d.code, d.line, d.column), (Code::Math, Some(3), Some(4)));
        assert_eq!(d.path.as_deref(), Some("a.md"));
        assert!(d.message.contains("expected a token"), "{}", d.message);
    }

    #[test]
    fn the_warning_names_an_unknown_environment() {
        let (_, diags) =
            render("$$\\begin{aligned} a \\end{aligned} + \\begin{foo} b \\end{foo}$$");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.contains("(unknown environment `foo`)"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn the_warning_names_an_unknown_symbol() {
        let (_, diags) = render("$a \\, b \\1$");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.contains("(unknown command \\1)"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn operator_names_of_commands_are_rendered_not_printed() {
        let (html, diags) = render(
            "$\\mathop{\\arg\\max}_x f$ 与 $\\operatorname{arg\\,min}_y g$ 与 $\\mathop{\\sum\\nolimits}_k a$ 与 $\\operatorname{\\arg min}_z$",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            html.contains("<msub><mi>arg max</mi><mi>x</mi></msub><mo>\u{2061}</mo>"),
            "{html}"
        );
        assert!(
            html.contains("<msub><mi>arg min</mi><mi>y</mi></msub>"),
            "{html}"
        );
        assert!(
            html.contains("<msub><mi>arg min</mi><mi>z</mi></msub>"),
            "{html}"
        );
        assert!(
            html.contains("<msub><mrow><mrow><mo movablelimits=\"false\">∑</mo></mrow></mrow><mi>k</mi></msub>"),
            "{html}"
        );
        assert!(!html.contains('\\'), "{html}");
    }

    #[test]
    fn the_warning_names_the_unknown_command_not_a_defined_one() {
        let (html, diags) = render("$\\def\\R{\\mathbb{R}} x \\in \\R + \\baz{y}$");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.contains("(unknown command \\baz)"),
            "{}",
            diags[0].message
        );
        assert_eq!(html.matches("<math").count(), 0, "{html}");
    }

    #[test]
    fn nothing_but_mathml_tags_come_out() {
        let (html, _) =
            render("$a<b>c$ 和 $\\operatorname{<svg/onload=alert(1)>}$ 和 $\\text{<i>x</i> & y}$");
        assert!(!html.contains("<b"), "{html}");
        assert!(!html.contains("<svg"), "{html}");
        assert!(!html.contains("<i>"), "{html}");
        assert!(html.contains("<mo>&lt;</mo>"), "{html}");
        assert!(html.contains("<mo>&gt;</mo>"), "{html}");
        assert_eq!(
            well_formed("<mspace width=\"0.1667em\" /><mo onclick=\"x\">&</mo>&amp;"),
            "<mspace width=\"0.1667em\" />&lt;mo onclick=\"x\"&gt;&amp;</mo>&amp;"
        );
    }
}
