//! GitHub-compatible heading ids: a port of the npm package `github-slugger`
//! 2.0.0, the reference implementation of the ids GitHub gives to headings.
//!
//! `slug(value)` in JS is `value.toLowerCase()`, then every character matched
//! by its generated regex is deleted, then every ASCII space becomes `-`.
//! The regex is reproduced as the range table in `slug_table.rs`, generated
//! and exhaustively verified by `tools/gen_slug_table.mjs` and
//! `tools/check_slug_table.mjs`.

use std::collections::HashMap;

include!("slug_table.rs");

/// GitHub's slug of one heading text, without de-duplication.
///
/// Lowercasing uses [`str::to_lowercase`], which matches JS `toLowerCase()`
/// (full Unicode mappings such as `İ` -> `i̇`, and the context-sensitive final
/// sigma `Σ` -> `ς`); both Rust 1.95 and Node 20.20 (ICU 78.2) use Unicode 17.
/// Only the ASCII space is turned into `-`; other whitespace is removed.
pub fn slugify(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c == ' ' {
            out.push('-');
        } else if !is_removed(c) {
            out.push(c);
        }
    }
    out
}

/// Whether github-slugger's regex deletes `c` (binary search in the range table).
fn is_removed(c: char) -> bool {
    let cp = u32::from(c);
    let i = REMOVED.partition_point(|&(_, hi)| hi < cp);
    REMOVED.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

/// De-duplicating slugger for one page, same semantics as github-slugger's class.
///
/// Like the JS `occurrences` record, the map holds every id handed out or
/// reserved, each with a counter. For a slug `x` already taken, the counter of
/// `x` is incremented until `x-N` is free; `x-N` is then taken too (counter 0).
/// So `["a", "a", "a-1", "a"]` gives `a`, `a-1`, `a-1-1`, `a-2`.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    occurrences: HashMap<String, u64>,
}

impl Slugger {
    /// An empty slugger (nothing seen or reserved).
    pub fn new() -> Self {
        Self::default()
    }

    /// Mark an id as taken (explicit `{#id}` ids are reserved first), so generated slugs avoid it.
    ///
    /// The id is stored verbatim (not slugified) with counter 0, exactly what
    /// JS `slug()` stores for a slug it hands out; for a slug-shaped id that is
    /// not yet taken this equals calling github-slugger's `slug(id)`.
    /// Reserving an id that is already taken changes nothing.
    pub fn reserve(&mut self, id: &str) {
        self.occurrences.entry(id.to_owned()).or_insert(0);
    }

    /// Slug for `text`, de-duplicated against everything seen or reserved so far.
    pub fn slug(&mut self, text: &str) -> String {
        let original = slugify(text);
        let Some(mut count) = self.occurrences.get(&original).copied() else {
            self.occurrences.insert(original.clone(), 0);
            return original;
        };
        let result = loop {
            count += 1;
            let candidate = format!("{original}-{count}");
            if !self.occurrences.contains_key(&candidate) {
                break candidate;
            }
        };
        self.occurrences.insert(original, count);
        self.occurrences.insert(result.clone(), 0);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected ids produced by running github-slugger 2.0.0 in Node 20.20.
    const CASES: &[(&str, &str)] = &[
        ("📊 合作伙伴全景", "-合作伙伴全景"),
        ("技术合作伙伴（1个）", "技术合作伙伴1个"),
        ("C++ & Rust!", "c--rust"),
        ("第一阶段：战略对接（6个月）", "第一阶段战略对接6个月"),
        ("1. 联合项目开发模式", "1-联合项目开发模式"),
        ("P001 - 东义集团AI智能化平台", "p001---东义集团ai智能化平台"),
        ("", ""),
        ("一、项目背景，目标与范围。", "一项目背景目标与范围"),
        (
            "《用户手册》“快速开始”、常见问题",
            "用户手册快速开始常见问题",
        ),
        ("总结：下一步计划", "总结下一步计划"),
        ("🚀 Getting Started", "-getting-started"),
        ("Release 🎉 Notes", "release--notes"),
        ("Done ✅", "done-"),
        ("🔥🔥🔥", ""),
        ("👩\u{200d}💻 开发者指南", "-开发者指南"),
        (
            "Family 👨\u{200d}👩\u{200d}👧\u{200d}👦 Plan",
            "family--plan",
        ),
        ("🏳\u{fe0f}\u{200d}🌈 Pride", "\u{fe0f}-pride"),
        ("🇨🇳 中国市场", "-中国市场"),
        ("Hello World", "hello-world"),
        ("Hello, World!", "hello-world"),
        ("使用 Rust 构建 CLI 工具", "使用-rust-构建-cli-工具"),
        ("中文English混合Mixed", "中文english混合mixed"),
        ("API设计v2.0版本", "api设计v20版本"),
        ("2024年1月1日", "2024年1月1日"),
        ("数字１２３ＡＢＣ", "数字１２３ａｂｃ"),
        ("日本語の見出し：テスト", "日本語の見出しテスト"),
        ("カタカナ・ひらがな", "カタカナひらがな"),
        ("한국어 제목 (테스트)", "한국어-제목-테스트"),
        ("Café à la crème", "café-à-la-crème"),
        ("Ünïcödé Façade", "ünïcödé-façade"),
        ("Привет, Мир!", "привет-мир"),
        ("مرحبا بالعالم", "مرحبا-بالعالم"),
        ("Ελληνικά Κείμενα", "ελληνικά-κείμενα"),
        ("ΣΊΣΥΦΟΣ", "σίσυφος"),
        ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
        ("Σ", "σ"),
        ("ΑΣ.", "ας"),
        ("ΑΣ\u{301}Β", "ασ\u{301}β"),
        ("İstanbul", "i\u{307}stanbul"),
        ("Straße ẞ", "straße-ß"),
        ("Ⅻ Roman ǅ", "ⅻ-roman-ǆ"),
        ("snake_case_name", "snake_case_name"),
        ("kebab-case-name", "kebab-case-name"),
        ("---", "---"),
        ("  leading and trailing  ", "--leading-and-trailing--"),
        ("multiple   spaces", "multiple---spaces"),
        ("Tab\u{9}here", "tabhere"),
        ("non\u{a0}breaking", "nonbreaking"),
        ("ideographic\u{3000}space", "ideographicspace"),
        ("`inline_code()` usage", "inline_code-usage"),
        ("**bold** _italic_", "bold-_italic_"),
        ("[Link](http://example.com)", "linkhttpexamplecom"),
        ("<div> & &amp; tags", "div--amp-tags"),
        ("What's new?", "whats-new"),
        ("Q&A — FAQ", "qa--faq"),
        ("100% done", "100-done"),
        ("$100 & €50", "100--50"),
        ("v1.2.3 (beta)", "v123-beta"),
        ("foo.bar/baz", "foobarbaz"),
    ];

    #[test]
    fn matches_github_slugger() {
        for &(heading, expected) in CASES {
            assert_eq!(slugify(heading), expected, "heading {heading:?}");
        }
        assert!(CASES.len() >= 40);
    }

    fn run(slugger: &mut Slugger, texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| slugger.slug(t)).collect()
    }

    #[test]
    fn duplicates_match_js_slugger() {
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["概述", "概述", "概述-1", "概述"],
                &["概述", "概述-1", "概述-1-1", "概述-2"],
            ),
            (
                &["x-1", "x", "x", "x-1", "x"],
                &["x-1", "x", "x-2", "x-1-1", "x-3"],
            ),
            (&["", "", ""], &["", "-1", "-2"]),
            (
                &["Intro", "intro", "INTRO!", "Intro-1"],
                &["intro", "intro-1", "intro-2", "intro-1-1"],
            ),
        ];
        for &(input, expected) in cases {
            assert_eq!(run(&mut Slugger::new(), input), expected, "{input:?}");
        }
    }

    #[test]
    fn reserved_ids_are_avoided() {
        // JS: slugger.slug("intro"); slugger.slug("setup-1"); slugger.slug("概述"); then the headings.
        let mut slugger = Slugger::new();
        for id in ["intro", "setup-1", "概述", "intro"] {
            slugger.reserve(id);
        }
        let got = run(
            &mut slugger,
            &["Intro", "Setup", "Setup", "Setup", "概述", "Intro"],
        );
        assert_eq!(
            got,
            ["intro-1", "setup", "setup-2", "setup-3", "概述-1", "intro-2"]
        );
    }

    #[test]
    fn table_is_sorted_and_merged() {
        assert!(REMOVED.iter().all(|&(lo, hi)| lo <= hi && hi <= 0x10FFFF));
        assert!(REMOVED.windows(2).all(|w| w[0].1 + 1 < w[1].0));
        assert!(is_removed('\0') && is_removed('!') && is_removed('\u{10FFFF}'));
        assert!(!is_removed('a') && !is_removed('_') && !is_removed('-'));
        assert!(!is_removed(' ') && !is_removed('合') && !is_removed('\u{20000}'));
    }
}
