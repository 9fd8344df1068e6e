//! TeX as GitHub (MathJax) and KaTeX read it, rewritten into TeX that
//! pulldown-latex 0.8 renders the same way. Each rewrite is one TeX
//! construct pulldown-latex lacks or misreads; the arguments of `\text{…}`
//! and its kin are copied untouched.

use super::Mode;
use std::borrow::Cow;

/// `tex` with every construct pulldown-latex cannot read replaced by one it
/// renders the same way; borrowed when there is nothing to replace.
pub fn rewrite(tex: &str, mode: Mode) -> Cow<'_, str> {
    if !tex.contains('\\') {
        return Cow::Borrowed(tex);
    }
    let mut rewriter = Rewriter { rest: tex };
    let top = rewriter.sequence(0);
    let text = match (mode, top.line_break) {
        // MathJax shows the lines of `$$ a = b \\ c = d $$` centred one
        // under the other, as `gathered` does (`aligned` when the lines
        // carry `&` alignment points).
        (Mode::Display, true) => {
            let env = if top.alignment { "aligned" } else { "gathered" };
            format!("\\begin{{{env}}}{}\\end{{{env}}}", top.text)
        }
        _ => top.text,
    };
    if text == tex {
        Cow::Borrowed(tex)
    } else {
        Cow::Owned(text)
    }
}

/// The commands `tex` uses (`\name`, or `\` and a character), by name, in
/// order: not those in `\text{…}`, nor those
/// it defines (`\def\R{…}`), which are unknown on their own.
pub fn commands(tex: &str) -> impl Iterator<Item = &str> {
    let mut rewriter = Rewriter { rest: tex };
    let mut defining = false;
    let mut defined = Vec::new();
    std::iter::from_fn(move || loop {
        match rewriter.token()? {
            Token::Word(name) if TEXT_COMMANDS.contains(&name) => {
                rewriter.argument();
            }
            Token::Word(name) if std::mem::take(&mut defining) => defined.push(name),
            Token::Word(name) => {
                defining = DEFINERS.contains(&name);
                if !defining && !defined.contains(&name) {
                    return Some(name);
                }
            }
            Token::Open => {}
            // `\1`, `\中`: a symbol can be unknown too.
            Token::Symbol(symbol) if symbol.len() > 1 => {
                defining = false;
                return Some(&symbol[1..]);
            }
            _ => defining = false,
        }
    })
}

/// The environments `tex` begins, by name, in order.
pub fn environments(tex: &str) -> impl Iterator<Item = &str> {
    let mut rewriter = Rewriter { rest: tex };
    std::iter::from_fn(move || loop {
        match rewriter.token()? {
            Token::Word(name) if TEXT_COMMANDS.contains(&name) => {
                rewriter.argument();
            }
            Token::Word("begin") => return Some(rewriter.argument().trim()),
            _ => {}
        }
    })
}

/// Commands whose next command is the name they define.
const DEFINERS: &[&str] = &[
    "def",
    "gdef",
    "edef",
    "xdef",
    "let",
    "newcommand",
    "renewcommand",
    "providecommand",
];

/// One lexical unit of TeX source, borrowing its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// `\name` (the name without its backslash).
    Word(&'a str),
    /// A backslash and one other character: `\\`, `\{`, `\,`.
    Symbol(&'a str),
    Open,
    Close,
    /// Any other character.
    Char(&'a str),
}

/// Commands whose argument is text, not math: nothing in it is rewritten.
const TEXT_COMMANDS: &[&str] = &[
    "text",
    "textrm",
    "textbf",
    "textit",
    "textsf",
    "texttt",
    "textnormal",
    "textup",
    "mbox",
    "hbox",
];

/// Commands pulldown-latex does not know, by one it renders the same way.
///
/// pulldown-latex 0.8 finds the `\right` closing a `\left` by searching the
/// source for the bytes `\right` (`lex::group_content`), so inside
/// `\left( a \rightarrow b \right)` it takes `\rightarrow` for the closing
/// `\right` ("expected a delimiter token"), and a `\leftarrow` for another
/// `\left`. Every command starting with `left` or `right` is therefore
/// spelled without those bytes, as the very event pulldown-latex makes of it
/// (`rewrite::tests::left_right_spellings_are_the_same_events` checks each).
const SPELLINGS: &[(&str, &str)] = &[
    ("leftarrow", "\\gets"),
    ("rightarrow", "\\to"),
    ("leftarrowtail", "\\mathrel{↢}"),
    ("leftharpoondown", "\\mathrel{↽}"),
    ("leftharpoonup", "\\mathrel{↼}"),
    ("leftleftarrows", "\\mathrel{⇇}"),
    ("leftrightarrow", "\\mathrel{↔}"),
    ("leftrightarrows", "\\mathrel{⇆}"),
    ("leftrightharpoons", "\\mathrel{⇋}"),
    ("leftrightsquigarrow", "\\mathrel{↭}"),
    ("rightarrowtail", "\\mathrel{↣}"),
    ("rightharpoondown", "\\mathrel{⇁}"),
    ("rightharpoonup", "\\mathrel{⇀}"),
    ("rightleftarrows", "\\mathrel{⇄}"),
    ("rightleftharpoons", "\\mathrel{⇌}"),
    ("rightrightarrows", "\\mathrel{⇉}"),
    ("rightsquigarrow", "\\mathrel{⇝}"),
    ("leftthreetimes", "\\mathbin{⋋}"),
    ("rightthreetimes", "\\mathbin{⋌}"),
    ("leftmodels", "\\mathbin{⊨}"),
    ("leftmoon", "\\mathord{☾}"),
    ("rightmoon", "\\mathord{☽}"),
    ("leftouterjoin", "\\mathord{⟕}"),
    ("rightouterjoin", "\\mathord{⟖}"),
    // The bm package's bold math is amsmath's `\boldsymbol`.
    ("bm", "\\boldsymbol"),
    // Without equation numbers (MathJax's default) these do nothing.
    ("notag", ""),
    ("nonumber", ""),
];

/// What a group (or the whole formula) held, rewritten.
struct Level {
    text: String,
    /// A `\\` outside every inner group and environment.
    line_break: bool,
    /// A `&` outside every inner group and environment.
    alignment: bool,
    /// The group's `}` was found (a formula may end inside a group).
    closed: bool,
}

/// The infix fractions of plain TeX, by the macro pulldown-latex knows.
const INFIX_FRACTIONS: &[(&str, &str)] = &[("choose", "\\binom"), ("over", "\\frac")];

struct Rewriter<'a> {
    rest: &'a str,
}

impl<'a> Rewriter<'a> {
    /// Rewrites up to the `}` closing the current group (consumed) or the
    /// end of the formula.
    fn sequence(&mut self, depth: usize) -> Level {
        let mut level = Level {
            text: String::new(),
            line_break: false,
            alignment: false,
            closed: false,
        };
        // `{n \choose k}`: the numerator so far and the command taking both.
        let mut fraction: Option<(String, &str)> = None;
        // Open environments and `\left…\right` pairs: they hold their own
        // lines, cells and fractions.
        let mut nested = 0usize;
        let out = &mut level.text;
        while let Some(token) = self.token() {
            match token {
                Token::Close if depth > 0 => {
                    level.closed = true;
                    break;
                }
                Token::Open => {
                    let inner = self.sequence(depth + 1);
                    out.push('{');
                    // `\prod_{j=1\\j\neq i}`: lines stacked in a group are
                    // what `\substack` writes.
                    if inner.line_break {
                        out.push_str("\\substack{");
                    }
                    out.push_str(&inner.text);
                    if inner.line_break {
                        out.push('}');
                    }
                    if inner.closed {
                        out.push('}');
                    }
                }
                Token::Word(name @ ("begin" | "end" | "left" | "right")) => {
                    nested = match name {
                        "begin" | "left" => nested + 1,
                        _ => nested.saturating_sub(1),
                    };
                    push_word(out, name);
                }
                Token::Word(name) if TEXT_COMMANDS.contains(&name) => {
                    push_word(out, name);
                    out.push_str(self.argument_source());
                }
                Token::Word(name) if nested == 0 && fraction.is_none() => {
                    if let Some((_, command)) = INFIX_FRACTIONS.iter().find(|(n, _)| *n == name) {
                        fraction = Some((std::mem::take(out), command));
                    } else {
                        self.word(out, name);
                    }
                }
                Token::Word(name) => self.word(out, name),
                Token::Symbol("\\\\") if nested == 0 => {
                    level.line_break = true;
                    out.push_str("\\\\");
                }
                Token::Char("&") if nested == 0 => {
                    level.alignment = true;
                    out.push('&');
                }
                Token::Symbol(s) | Token::Char(s) => out.push_str(s),
                Token::Close => out.push('}'),
            }
        }
        if let Some((numerator, command)) = fraction {
            level.text = format!("{command}{{{numerator}}}{{{}}}", level.text);
        }
        level
    }

    /// Writes the command `\name` (and what it consumes) to `out`, rewritten.
    fn word(&mut self, out: &mut String, name: &str) {
        if let Some((_, spelling)) = SPELLINGS.iter().find(|(n, _)| *n == name) {
            out.push_str(spelling);
            return;
        }
        match name {
            // `\operatorname*{argmin}`: pulldown-latex reads the `*` and all
            // that follows as the name; `\mathop` of a word is the same
            // upright operator with limits.
            "operatorname" if self.rest.starts_with('*') => {
                self.rest = &self.rest[1..];
                out.push_str("\\mathop");
            }
            // The equation number, kept as text after the formula.
            "tag" => {
                let starred = self.rest.starts_with('*');
                if starred {
                    self.rest = &self.rest[1..];
                }
                let label = self.argument();
                let label = if starred {
                    label.to_string()
                } else {
                    format!("({label})")
                };
                out.push_str(&format!("\\qquad\\text{{{label}}}"));
            }
            "textcircled" => {
                let inner = self.argument().trim();
                let text = match circled(inner) {
                    Some(c) => c.to_string(),
                    None => format!("({inner})"),
                };
                out.push_str(&format!("\\text{{{text}}}"));
            }
            _ => push_word(out, name),
        }
    }

    /// The next token, consumed.
    fn token(&mut self) -> Option<Token<'a>> {
        let mut chars = self.rest.chars();
        let first = chars.next()?;
        let len = match first {
            '\\' => {
                let name_len = self.rest[1..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
                if name_len > 0 {
                    let name = &self.rest[1..1 + name_len];
                    self.rest = &self.rest[1 + name_len..];
                    return Some(Token::Word(name));
                }
                1 + chars.next().map_or(0, char::len_utf8)
            }
            _ => first.len_utf8(),
        };
        let (text, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(match text {
            "{" => Token::Open,
            "}" => Token::Close,
            _ if first == '\\' => Token::Symbol(text),
            _ => Token::Char(text),
        })
    }

    /// The source of a command's argument, braces included, consumed.
    fn argument_source(&mut self) -> &'a str {
        let start = self.rest;
        self.argument();
        &start[..start.len() - self.rest.len()]
    }

    /// A command's argument, consumed: the inside of a `{…}` group, or the
    /// next token.
    fn argument(&mut self) -> &'a str {
        self.rest = self.rest.trim_start();
        let start = self.rest;
        match self.token() {
            Some(Token::Open) => {
                let mut depth = 1usize;
                while let Some(token) = self.token() {
                    match token {
                        Token::Open => depth += 1,
                        Token::Close if depth == 1 => {
                            let len = start.len() - self.rest.len();
                            return &start[1..len - 1];
                        }
                        Token::Close => depth -= 1,
                        _ => {}
                    }
                }
                &start[1..]
            }
            _ => &start[..start.len() - self.rest.len()],
        }
    }
}

fn push_word(out: &mut String, name: &str) {
    out.push('\\');
    out.push_str(name);
}

/// The enclosed alphanumeric of `\textcircled{…}`'s argument: ⓪, ①..㊿,
/// ⓐ..ⓩ, Ⓐ..Ⓩ.
fn circled(inner: &str) -> Option<char> {
    let code = match inner.parse::<u32>() {
        Ok(0) if inner == "0" => 0x24EA,
        Ok(n @ 1..=20) if !inner.starts_with('0') => 0x2460 + n - 1,
        Ok(n @ 21..=35) => 0x3251 + n - 21,
        Ok(n @ 36..=50) => 0x32B1 + n - 36,
        _ => match inner.as_bytes() {
            [c @ b'a'..=b'z'] => 0x24D0 + u32::from(c - b'a'),
            [c @ b'A'..=b'Z'] => 0x24B6 + u32::from(c - b'A'),
            _ => return None,
        },
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_latex::{Parser, Storage};

    fn display(tex: &str) -> String {
        rewrite(tex, Mode::Display).into_owned()
    }

    #[test]
    fn left_right_spellings_are_the_same_events() {
        // Debug text: the events borrow the source of each side.
        fn events(tex: &str) -> String {
            let storage = Storage::new();
            let events: Vec<_> = Parser::new(tex, &storage)
                .map(|e| e.expect("parses"))
                .collect();
            format!("{events:?}")
        }
        for (name, spelling) in SPELLINGS {
            if name.starts_with("left") || name.starts_with("right") {
                assert_eq!(events(&format!("\\{name}")), events(spelling), "{name}");
            }
        }
    }

    #[test]
    fn commands_leave_out_text_and_definitions() {
        let tex =
            "\\newcommand{\\R}{\\mathbb{R}} \\def\\E{e} x \\in \\R, \\text{\\foo} \\bar \\, \\中";
        let names: Vec<_> = commands(tex).collect();
        assert_eq!(names, ["mathbb", "in", "bar", ",", "中"]);
    }

    #[test]
    fn environments_by_name() {
        let tex = "\\begin{aligned} a \\end{aligned} \\text{\\begin{x}} \\begin { cases }";
        let names: Vec<_> = environments(tex).collect();
        assert_eq!(names, ["aligned", "cases"]);
    }

    #[test]
    fn formulas_without_rewrites_are_borrowed() {
        for tex in ["x^2", "\\frac{a}{b}", "\\left( a \\to b \\right)"] {
            assert!(
                matches!(rewrite(tex, Mode::Display), Cow::Borrowed(_)),
                "{tex}"
            );
        }
    }

    #[test]
    fn commands_are_respelled_but_not_inside_text() {
        assert_eq!(
            display("\\left( a \\rightarrow b \\right) \\text{a \\rightarrow b}"),
            "\\left( a \\to b \\right) \\text{a \\rightarrow b}"
        );
        assert_eq!(
            display("\\bm{x} + \\bm x"),
            "\\boldsymbol{x} + \\boldsymbol x"
        );
        // `\\right…` is a line break and the word `right`, not a command.
        assert_eq!(
            rewrite("a \\\\rightarrow", Mode::Inline),
            "a \\\\rightarrow"
        );
        assert_eq!(display("\\operatorname*{argmin}_x"), "\\mathop{argmin}_x");
    }

    #[test]
    fn infix_fractions_take_their_group() {
        assert_eq!(display("{n \\choose k}"), "{\\binom{n }{ k}}");
        assert_eq!(display("n \\choose k"), "\\binom{n }{ k}");
        assert_eq!(display("x^{a \\over b}"), "x^{\\frac{a }{ b}}");
        // A `\left…\right` pair is a group of its own to `\over`; the one
        // inside stays (and is named in the warning).
        assert_eq!(
            display("\\left( a \\over b \\right) \\over c"),
            "\\frac{\\left( a \\over b \\right) }{ c}"
        );
        assert_eq!(display("\\text{n \\choose k}"), "\\text{n \\choose k}");
    }

    #[test]
    fn top_level_line_breaks_become_gathered_lines() {
        assert_eq!(
            display("a = b \\\\ c = d"),
            "\\begin{gathered}a = b \\\\ c = d\\end{gathered}"
        );
        assert_eq!(
            display("a &= b \\\\ c &= d"),
            "\\begin{aligned}a &= b \\\\ c &= d\\end{aligned}"
        );
        for nested in [
            "\\begin{pmatrix} a \\\\ b \\end{pmatrix}",
            "\\text{a \\\\ b}",
        ] {
            assert_eq!(display(nested), nested);
        }
        assert_eq!(
            rewrite("\\prod_{j=1\\\\j\\neq i}", Mode::Inline),
            "\\prod_{\\substack{j=1\\\\j\\neq i}}"
        );
        assert_eq!(display("\\frac{1}{"), "\\frac{1}{");
        assert_eq!(rewrite("a \\\\ b", Mode::Inline), "a \\\\ b");
    }

    #[test]
    fn tags_and_circled_numbers_are_text() {
        assert_eq!(display("x = 1 \\tag{2.1}"), "x = 1 \\qquad\\text{(2.1)}");
        assert_eq!(display("x \\tag*{★}"), "x \\qquad\\text{★}");
        assert_eq!(display("x \\notag"), "x ");
        assert_eq!(
            display("\\textcircled{1} \\textcircled{20} \\textcircled 3 \\textcircled{a} \\textcircled{xy}"),
            "\\text{①} \\text{⑳} \\text{③} \\text{ⓐ} \\text{(xy)}"
        );
        assert_eq!(circled("0"), Some('⓪'));
        assert_eq!(circled("21"), Some('㉑'));
        assert_eq!(circled("36"), Some('㊱'));
        assert_eq!(circled("50"), Some('㊿'));
        assert_eq!(circled("Z"), Some('Ⓩ'));
        assert_eq!(circled("51"), None);
        assert_eq!(circled("01"), None);
    }
}
