//! Parses every file given with the published syntect and with folio's
//! patched copy (the same grammars: two-face's, as folio uses them) and
//! compares the scope operations line by line. Exits 1 on any difference.

use std::process::ExitCode;

fn main() -> ExitCode {
    let theirs = two_face::syntax::extra_newlines();
    let bytes = upstream::dumps::dump_binary(&theirs);
    let ours: patched::parsing::SyntaxSet = patched::dumps::from_binary(&bytes);
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
        let mut up = upstream::parsing::ParseState::new(a);
        let mut pa = patched::parsing::ParseState::new(b);
        for (n, line) in upstream::util::LinesWithEndings::from(&text).enumerate() {
            lines += 1;
            let x = format!("{:?}", up.parse_line(line, &theirs));
            let y = format!("{:?}", pa.parse_line(line, &ours));
            if x != y {
                differ += 1;
                eprintln!(
                    "{path}:{}: published {x}\n{path}:{}: patched   {y}",
                    n + 1,
                    n + 1
                );
                break;
            }
        }
    }
    println!("{files} files, {lines} lines compared, {differ} files differ");
    if differ == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
