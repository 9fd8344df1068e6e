//! The search tokenizer. The index (here) and the query (the copy in the
//! theme's `search.js`) cut text the same way:
//!
//! - every character is normalised first: full-width ASCII (`Ｐ００１`) becomes
//!   ASCII, and letters are lower-cased where that gives one character;
//! - Chinese, Japanese and Korean characters (CJK) are cut into overlapping
//!   pairs (`风险评估` -> `风险 险评 评估`), plus the last character of the run
//!   on its own (`估`), so that every character starts some term and a
//!   one-character query is a prefix search over the terms;
//! - other letters and digits form words (`P001` -> `p001`), at most
//!   [`MAX_WORD`] characters; a query word matches every word it starts;
//! - everything else separates.

/// Longer words are cut to this many characters, in the index and in queries.
pub const MAX_WORD: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Cjk,
    Word,
    Separator,
}

/// Full-width ASCII to ASCII, then lower case when that is one character.
#[inline]
pub fn normalize(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) {
        return c;
    }
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Han, kana, Hangul and their symbols-that-are-letters (々〆〇).
#[inline]
pub fn is_cjk(c: char) -> bool {
    let c = c as u32;
    // Most characters of Chinese text are in the first range: one test.
    (0x4e00..=0x9fff).contains(&c)
        || matches!(c,
        0x1100..=0x11ff
        | 0x3005..=0x3007
        | 0x3040..=0x309f
        | 0x30a0..=0x30ff
        | 0x3130..=0x318f
        | 0x31f0..=0x31ff
        | 0x3400..=0x4dbf
        | 0xac00..=0xd7af
        | 0xf900..=0xfaff
        | 0x20000..=0x3134f)
}

/// The class of a normalised character.
#[inline]
pub fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Separator
        };
    }
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// A run of one class in normalised text: its byte range and character count.
struct Run {
    class: Class,
    start: usize,
    end: usize,
    chars: usize,
}

/// Calls `f` for every maximal run of CJK or word characters of `norm`
/// (already normalised).
fn runs(norm: &str, mut f: impl FnMut(Run)) {
    let mut current: Option<Run> = None;
    for (i, c) in norm.char_indices() {
        let class = class(c);
        match &mut current {
            Some(run) if run.class == class => {
                run.end = i + c.len_utf8();
                run.chars += 1;
                continue;
            }
            _ => {}
        }
        if let Some(run) = current.take() {
            f(run);
        }
        if class != Class::Separator {
            current = Some(Run {
                class,
                start: i,
                end: i + c.len_utf8(),
                chars: 1,
            });
        }
    }
    if let Some(run) = current {
        f(run);
    }
}

/// `text` normalised character by character into `out` (cleared first).
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    normalize_onto(text, out);
}

/// `text` normalised character by character, appended to `out`.
pub fn normalize_onto(text: &str, out: &mut String) {
    out.reserve(text.len());
    // Most characters (Chinese, lower-case ASCII, punctuation) stay as they
    // are: copy them a run at a time, not one by one.
    let mut unchanged = 0;
    for (i, c) in text.char_indices() {
        let n = normalize(c);
        if n != c {
            out.push_str(&text[unchanged..i]);
            out.push(n);
            unchanged = i + c.len_utf8();
        }
    }
    out.push_str(&text[unchanged..]);
}

/// Every term occurrence of already normalised text, in order. The terms
/// are slices of `norm`. One pass, each character decoded once: the
/// runs of [`runs`] are followed as they go by (the query side cuts the
/// same way through `runs`; a test compares the two).
pub fn terms<'a>(norm: &'a str, mut f: impl FnMut(&'a str)) {
    // The CJK character before this one (its start), if any.
    let mut cjk: Option<usize> = None;
    // The word being read: its start, its end after MAX_WORD characters
    // at most, and its length in characters.
    let mut word: Option<(usize, usize, usize)> = None;
    for (i, c) in norm.char_indices() {
        let end = i + c.len_utf8();
        match class(c) {
            Class::Cjk => {
                if let Some((start, stop, _)) = word.take() {
                    f(&norm[start..stop]);
                }
                if let Some(p) = cjk {
                    f(&norm[p..end]);
                }
                cjk = Some(i);
            }
            Class::Word => {
                if let Some(p) = cjk.take() {
                    f(&norm[p..i]);
                }
                match &mut word {
                    Some((_, stop, chars)) => {
                        if *chars < MAX_WORD {
                            *stop = end;
                            *chars += 1;
                        }
                    }
                    None => word = Some((i, end, 1)),
                }
            }
            Class::Separator => {
                if let Some(p) = cjk.take() {
                    f(&norm[p..i]);
                }
                if let Some((start, stop, _)) = word.take() {
                    f(&norm[start..stop]);
                }
            }
        }
    }
    if let Some(p) = cjk {
        f(&norm[p..]);
    }
    if let Some((start, stop, _)) = word {
        f(&norm[start..stop]);
    }
}

fn truncate(s: &str, chars: usize) -> &str {
    s.char_indices().nth(chars).map_or(s, |(i, _)| &s[..i])
}

/// The letters, digits and CJK characters of `text` once normalised,
/// counted, at most 255: how long a name is, for telling the page named
/// after a query (`风险`, `🛡️ 风险`) from pages whose title only contains it.
/// `search.js` counts queries the same way.
pub fn name_len(text: &str) -> u8 {
    let n = text
        .chars()
        .filter(|&c| class(normalize(c)) != Class::Separator)
        .count();
    n.min(255) as u8
}

/// One part of a query. Every part must match (AND).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryToken {
    /// A CJK pair: the term itself.
    Pair(String),
    /// A word: every term it starts (the word itself ranks higher).
    Word(String),
    /// A lone CJK character: every term it starts, all alike.
    Char(String),
}

impl QueryToken {
    pub fn text(&self) -> &str {
        match self {
            QueryToken::Pair(t) | QueryToken::Word(t) | QueryToken::Char(t) => t,
        }
    }
}

/// The tokens of a query: words, CJK runs cut into their pairs, lone CJK
/// characters. Repeated tokens are dropped.
pub fn query_tokens(query: &str) -> Vec<QueryToken> {
    let mut norm = String::new();
    normalize_into(query, &mut norm);
    let mut tokens: Vec<QueryToken> = Vec::new();
    let mut push = |t: QueryToken| {
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    };
    runs(&norm, |run| {
        let s = &norm[run.start..run.end];
        match (run.class, run.chars) {
            (Class::Word, _) => push(QueryToken::Word(truncate(s, MAX_WORD).to_string())),
            (Class::Cjk, 1) => push(QueryToken::Char(s.to_string())),
            (Class::Cjk, _) => {
                let chars: Vec<char> = s.chars().collect();
                for pair in chars.windows(2) {
                    push(QueryToken::Pair(pair.iter().collect()));
                }
            }
            (Class::Separator, _) => {}
        }
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_terms(text: &str) -> Vec<String> {
        let mut norm = String::new();
        normalize_into(text, &mut norm);
        let mut out = Vec::new();
        terms(&norm, |t| out.push(t.to_string()));
        out
    }

    fn query(q: &str) -> Vec<String> {
        query_tokens(q)
            .into_iter()
            .map(|t| match t {
                QueryToken::Pair(s) => format!("={s}"),
                QueryToken::Word(s) => format!("{s}*"),
                QueryToken::Char(s) => format!("{s}?"),
            })
            .collect()
    }

    /// The terms as the runs define them (how the index cut text before
    /// `terms` became one pass).
    fn terms_by_runs(norm: &str) -> Vec<&str> {
        let mut out = Vec::new();
        runs(norm, |run| {
            let s = &norm[run.start..run.end];
            match run.class {
                Class::Word => out.push(truncate(s, MAX_WORD)),
                Class::Cjk => {
                    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
                    for w in starts.windows(3) {
                        out.push(&s[w[0]..w[2]]);
                    }
                    if starts.len() >= 2 {
                        out.push(&s[starts[starts.len() - 2]..]);
                    }
                    out.push(&s[starts[starts.len() - 1]..]);
                }
                Class::Separator => {}
            }
        });
        out
    }

    #[test]
    fn one_pass_terms_are_the_terms_of_the_runs() {
        // Every sequence of up to five pieces from this alphabet: CJK from
        // both planes, kana, ASCII and other words, separators, a word
        // longer than MAX_WORD.
        let long = "x".repeat(MAX_WORD + 3);
        let pieces = [
            "风",
            "险",
            "𠀀",
            "カ",
            "a",
            "9",
            "é",
            " ",
            "，",
            "-",
            long.as_str(),
        ];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        texts.sort();
        texts.dedup();
        assert!(texts.len() > 100_000);
        for text in &texts {
            let mut got = Vec::new();
            terms(text, |t| got.push(t));
            assert_eq!(got, terms_by_runs(text), "{text:?}");
        }
    }

    #[test]
    fn chinese_is_cut_into_pairs_plus_the_last_character() {
        assert_eq!(
            index_terms("风险评估与缓解策略"),
            ["风险", "险评", "评估", "估与", "与缓", "缓解", "解策", "策略", "略"]
        );
        assert_eq!(
            index_terms("合作伙伴。是"),
            ["合作", "作伙", "伙伴", "伴", "是"]
        );
    }

    #[test]
    fn words_are_lower_cased_and_split_from_chinese() {
        assert_eq!(
            index_terms("P001-东义项目 Mermaid图表, v1.2"),
            ["p001", "东义", "义项", "项目", "目", "mermaid", "图表", "表", "v1", "2"]
        );
    }

    #[test]
    fn full_width_letters_and_digits_are_ascii() {
        assert_eq!(index_terms("Ｐ００１号"), ["p001", "号"]);
        assert_eq!(query("Ｐ００１"), ["p001*"]);
    }

    #[test]
    fn long_words_are_cut_the_same_way_in_index_and_query() {
        let long = "a".repeat(40);
        assert_eq!(index_terms(&long), ["a".repeat(MAX_WORD)]);
        assert_eq!(query(&long), [format!("{}*", "a".repeat(MAX_WORD))]);
    }

    #[test]
    fn queries_chinese_english_and_mixed() {
        assert_eq!(query("合作"), ["=合作"]);
        assert_eq!(query("风险评估"), ["=风险", "=险评", "=评估"]);
        assert_eq!(query("险"), ["险?"]);
        assert_eq!(query("Mermaid"), ["mermaid*"]);
        assert_eq!(query("P001东义"), ["p001*", "=东义"]);
        assert_eq!(query("  合作 , API 合作 "), ["=合作", "api*"]);
        assert!(query("，。!?").is_empty());
    }

    #[test]
    fn normalisation_keeps_one_character_per_character() {
        // Lower-casing İ gives two characters: it is kept as it is, in
        // search.js too, so offsets in normalised text match the original.
        assert_eq!(normalize('İ'), 'İ');
        assert_eq!(normalize('Ä'), 'ä');
        assert_eq!(normalize('Ａ'), 'a');
        assert_eq!(class('々'), Class::Cjk);
        assert_eq!(class('é'), Class::Word);
        assert_eq!(class('、'), Class::Separator);
    }

    #[test]
    fn text_is_normalised_character_by_character() {
        let mut out = String::from("left over");
        for text in [
            "",
            "合作伙伴",
            "Ｐ００１，风险Ä",
            "ABC",
            "İx🚀Ｚ",
            "已是小写 abc。",
        ] {
            normalize_into(text, &mut out);
            assert_eq!(out, text.chars().map(normalize).collect::<String>());
        }
    }
}
