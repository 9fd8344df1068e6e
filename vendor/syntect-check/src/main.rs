//! Parses and highlights every file given with the published syntect and
//! with folio's patched copy (the same grammars and themes: two-face's, as
//! folio uses them), and compares the scope operations and the styled
//! pieces line by line. Exits 1 on any difference.

use std::process::ExitCode;
use two_face::theme::EmbeddedThemeName;

/// Themes with many single- and multi-scope selectors.
const THEMES: [EmbeddedThemeName; 4] = [
    EmbeddedThemeName::InspiredGithub,
    EmbeddedThemeName::MonokaiExtended,
    EmbeddedThemeName::Nord,
    EmbeddedThemeName::SolarizedLight,
];

fn main() -> ExitCode {
    let theirs = two_face::syntax::extra_newlines();
    let ours: patched::parsing::SyntaxSet =
        patched::dumps::from_binary(&upstream::dumps::dump_binary(&theirs));
    let themes = two_face::theme::extra();
    let themes: Vec<(&upstream::highlighting::Theme, patched::highlighting::Theme)> = THEMES
        .iter()
        .map(|&name| {
            let theirs = themes.get(name);
            (
                theirs,
                patched::dumps::from_binary(&upstream::dumps::dump_binary(theirs)),
            )
        })
        .collect();
    let (mut files, mut lines, mut differ) = (0, 0, 0);
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let ext = path.rsplit('.').next().unwrap_or("");
        let (Some(a), Some(b)) = (
            theirs.find_syntax_by_extension(ext),
            ours.find_syntax_by_extension(ext),
        ) else {
            continue;
        };
        files += 1;
        let mut same = true;
        let mut up = upstream::parsing::ParseState::new(a);
        let mut pa = patched::parsing::ParseState::new(b);
        for (n, line) in upstream::util::LinesWithEndings::from(&text).enumerate() {
            lines += 1;
            let x = format!("{:?}", up.parse_line(line, &theirs));
            let y = format!("{:?}", pa.parse_line(line, &ours));
            if x != y {
                eprintln!(
                    "{path}:{}: published {x}\n{path}:{}: patched   {y}",
                    n + 1,
                    n + 1
                );
                same = false;
                break;
            }
        }
        for (theme_up, theme_pa) in &themes {
            if !same {
                break;
            }
            let mut hu = upstream::easy::HighlightLines::new(a, theme_up);
            let mut hp = patched::easy::HighlightLines::new(b, theme_pa);
            for (n, line) in upstream::util::LinesWithEndings::from(&text).enumerate() {
                let x = format!("{:?}", hu.highlight_line(line, &theirs));
                let y = format!("{:?}", hp.highlight_line(line, &ours));
                if x != y {
                    eprintln!(
                        "{path}:{}: published {x}\n{path}:{}: patched   {y}",
                        n + 1,
                        n + 1
                    );
                    same = false;
                    break;
                }
            }
        }
        if !same {
            differ += 1;
        }
    }
    println!(
        "{files} files, {lines} lines parsed and highlighted with {} themes, {differ} files differ",
        themes.len()
    );
    if differ == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
