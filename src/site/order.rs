//! Natural order of names (`2-` before `10-`) and titles derived from names.

use std::cmp::Ordering;

/// Compare names chunk by chunk, digit runs as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (ca, ra) = chunk(a);
        let (cb, rb) = chunk(b);
        let ord = match (is_digits(ca), is_digits(cb)) {
            (true, true) => {
                let (ta, tb) = (ca.trim_start_matches('0'), cb.trim_start_matches('0'));
                ta.len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| ca.len().cmp(&cb.len()))
            }
            _ => ca.cmp(cb),
        };
        if ord != Ordering::Equal {
            return ord;
        }
        a = ra;
        b = rb;
    }
}

fn is_digits(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn chunk(s: &str) -> (&str, &str) {
    let digit = is_digits(s);
    let end = s
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit() != digit)
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

/// `02-客户项目` -> `客户项目`, `00-项目工作台.md` -> `项目工作台`,
/// `P001-东义项目` unchanged. A name that is only a number keeps it.
pub fn title_from_name(name: &str) -> String {
    let stem = strip_md_extension(name);
    // A section number is a prefix too: `7.17_multistage` -> `multistage`.
    let mut numbered = 0;
    let mut rest = stem;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        numbered += 1;
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    if numbered > 0 {
        let title = rest.trim_start_matches(['-', '_', '.', ' ']);
        if title.len() < rest.len() && !title.is_empty() {
            return title.to_string();
        }
    }
    stem.to_string()
}

pub fn strip_md_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".markdown") {
        &name[..name.len() - 9]
    } else if lower.ends_with(".md") {
        &name[..name.len() - 3]
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_as_numbers() {
        let mut names = vec![
            "10-十", "2-二", "01-一", "a", "B", "02-二b", "第3章", "第12章",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            vec!["01-一", "2-二", "02-二b", "10-十", "B", "a", "第3章", "第12章"]
        );
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_name("02-客户项目"), "客户项目");
        assert_eq!(title_from_name("00-项目工作台.md"), "项目工作台");
        assert_eq!(title_from_name("P001-东义项目"), "P001-东义项目");
        assert_eq!(title_from_name("2025.md"), "2025");
        assert_eq!(title_from_name("3 风险.md"), "风险");
        assert_eq!(title_from_name("会议纪要 2025-10.md"), "会议纪要 2025-10");
        assert_eq!(
            title_from_name("7.17_multistage_builds.md"),
            "multistage_builds"
        );
        assert_eq!(title_from_name("1.2.3 细则.md"), "细则");
        assert_eq!(title_from_name("3.14.md"), "3.14");
    }
}
