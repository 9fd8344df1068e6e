//! One site per language: the suffix convention (`页面.md` beside
//! `页面.en.md`) and the folder convention (`zh/` beside `en/`) build the
//! default language at `/` and the other at `/en/`, each with its own
//! navigation, search index, `lang` and interface words, a switcher on
//! every page and links checked across languages.

mod common;
use common::{contents, nav_outline, TestSite};

/// The language switcher's links of a page: `(lang, href)`.
fn switcher(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find(r#"<nav class="lang-switch""#) else {
        return Vec::new();
    };
    let nav = &html[start..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = a.split('"').next().unwrap().to_string();
            let lang = a.split("hreflang=\"").nth(1).unwrap();
            (lang.split('"').next().unwrap().to_string(), href)
        })
        .collect()
}

fn lang_of(html: &str) -> &str {
    let at = html.find("<html lang=\"").unwrap() + 12;
    &html[at..at + html[at..].find('"').unwrap()]
}

fn pair(lang: &str, href: &str) -> Vec<(String, String)> {
    vec![(lang.to_string(), href.to_string())]
}

#[test]
fn suffix_twins_build_one_site_per_language() {
    let site = TestSite::fixture("two-languages");
    site.run(&["build"]).success();
    // The Chinese site keeps its pages; the English one has the twins at
    // their base paths and the page only in English, nothing else.
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    首页  index.html
      指南  guide/index.html
        安装  guide/%E5%AE%89%E8%A3%85.html
        版本  guide/v1.2.html
    ");
    insta::assert_snapshot!(nav_outline(&site, "public/en"), @r"
    Home  index.html
      guide  guide/index.html
        Install  guide/%E5%AE%89%E8%A3%85.html
        Only in English  guide/extra.html
    ");
    assert!(!site.exists("public/index.en.html"));
    assert!(!site.exists("public/guide/extra.en.html"));
    assert!(
        !site.exists("public/en/guide/v1.2.html"),
        "no fallback copy"
    );
    assert!(site.exists("public/en/404.html"));

    let zh = site.read("public/guide/安装.html");
    let en = site.read("public/en/guide/安装.html");
    assert_eq!(lang_of(&zh), "zh-CN");
    assert_eq!(lang_of(&en), "en");
    // Interface words in the page's language.
    assert!(zh.contains("跳到正文"), "{zh}");
    assert!(en.contains("Skip to content"), "{en}");
    assert!(!en.contains("跳到正文"));
}

#[test]
fn the_switcher_leads_to_the_twin_or_the_nearest_folder_index() {
    let site = TestSite::fixture("two-languages");
    site.run(&["build"]).success();
    let page = |p: &str| switcher(&site.read(p));
    // Twins.
    assert_eq!(
        page("public/guide/安装.html"),
        pair("en", "../en/guide/%E5%AE%89%E8%A3%85.html")
    );
    assert_eq!(
        page("public/en/guide/安装.html"),
        pair("zh-CN", "../../guide/%E5%AE%89%E8%A3%85.html")
    );
    assert_eq!(page("public/index.html"), pair("en", "en/index.html"));
    assert_eq!(page("public/en/index.html"), pair("zh-CN", "../index.html"));
    // No twin: the folder's index in the other language.
    assert_eq!(
        page("public/guide/v1.2.html"),
        pair("en", "../en/guide/index.html")
    );
    assert_eq!(
        page("public/en/guide/extra.html"),
        pair("zh-CN", "../../guide/index.html")
    );
    assert_eq!(page("public/404.html"), pair("en", "en/404.html"));
    // Named as configured by default: the language's own name.
    assert!(site.read("public/index.html").contains(">English</a>"));
    assert!(site.read("public/en/index.html").contains(">简体中文</a>"));
}

#[test]
fn each_language_has_its_own_search_index() {
    let site = TestSite::fixture("two-languages");
    site.run(&["build"]).success();
    let zh = site.read("public/_folio/search/text-0.js");
    let en = site.read("public/en/_folio/search/text-0.js");
    assert!(
        zh.contains("运行安装程序") && !zh.contains("Run the installer"),
        "{zh}"
    );
    assert!(
        en.contains("Run the installer") && !en.contains("运行安装程序"),
        "{en}"
    );
    assert!(en.contains("Only in English"));
    assert!(!zh.contains("Only in English"));
}

#[test]
fn links_across_languages_resolve_and_are_checked() {
    let site = TestSite::fixture("two-languages");
    let run = site.run(&["build"]).success();
    let en_home = site.read("public/en/index.html");
    // `guide/安装.md` from an English page is its English twin; a page
    // without a twin is the Chinese one; a link to the file a page
    // translates is the other language.
    assert!(
        en_home.contains(r#"href="guide/%E5%AE%89%E8%A3%85.html""#),
        "{en_home}"
    );
    assert!(en_home.contains(r#"href="../guide/v1.2.html""#));
    assert!(en_home.contains(r#"href="../index.html#%E9%A6%96%E9%A1%B5""#));
    let zh_home = site.read("public/index.html");
    assert!(zh_home.contains(r#"href="en/index.html""#), "{zh_home}");
    let zh_install = site.read("public/guide/安装.html");
    assert!(zh_install.contains(r#"href="../en/guide/%E5%AE%89%E8%A3%85.html""#));
    let en_install = site.read("public/en/guide/安装.html");
    assert!(en_install.contains(r#"href="../../guide/%E5%AE%89%E8%A3%85.html""#));
    assert!(en_install.contains(r#"href="extra.html""#));
    // A broken link in an English page names its file, line and column.
    let run = run
        .stderr_has("warning[broken-link]: no page, folder or file at `guide/gone.md`")
        .stderr_has("--> index.en.md:4:33")
        .stderr_lacks("安装.md:")
        .stderr_lacks("index.md:");
    // The page is in the English site only: reported once.
    assert_eq!(
        run.stderr.matches("broken-link").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn folder_convention_builds_zh_at_the_root_and_en_below() {
    let site = TestSite::new()
        .file("zh/README.md", "# 首页\n\n[安装](guide/install.md)，[English](../en/README.md)\n")
        .file("zh/guide/install.md", "# 安装\n\n![图](shot.png)\n")
        .file("zh/guide/shot.png", "png")
        .file("zh/guide/only.md", "# 仅中文\n")
        .file("en/README.md", "# Home\n\n[Install](guide/install.md), [中文](../zh/guide/only.md), [gone](../zh/nope.md)\n")
        .file("en/guide/install.md", "# Install\n");
    site.run(&["build"])
        .success()
        .stderr_has("en/README.md:3:")
        .stderr_has("`zh/nope.md`");
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    首页  index.html
      guide  guide/index.html
        安装  guide/install.html
        仅中文  guide/only.html
    ");
    insta::assert_snapshot!(nav_outline(&site, "public/en"), @r"
    Home  index.html
      guide  guide/index.html
        Install  guide/install.html
    ");
    assert!(site.exists("public/guide/shot.png"));
    assert!(!site.exists("public/zh"));
    let en = site.read("public/en/index.html");
    assert_eq!(lang_of(&en), "en");
    assert!(en.contains(r#"href="guide/install.html""#));
    assert!(en.contains(r#"href="../guide/only.html""#), "{en}");
    assert!(site
        .read("public/index.html")
        .contains(r#"href="en/index.html""#));
    assert_eq!(
        switcher(&site.read("public/guide/only.html")),
        pair("en", "../en/guide/index.html")
    );
    assert_eq!(
        switcher(&site.read("public/en/guide/install.html")),
        pair("zh-CN", "../../guide/install.html")
    );
}

#[test]
fn folio_toml_names_the_languages_and_their_titles() {
    let site = TestSite::new()
        .file(
            "folio.toml",
            "title = \"手册\"\nbase-url = \"https://x.test/\"\ncontent-dir = \"docs\"\n[languages]\ndefault = \"zh\"\n[languages.en]\nname = \"EN\"\ntitle = \"Handbook\"\n",
        )
        .file("docs/README.md", "# 首页\n")
        .file("docs/README.en.md", "# Home\n");
    site.run(&["build"]).success();
    let en = site.read("public/en/index.html");
    assert!(
        en.contains(r#"<a class="site-title" href="index.html">Handbook</a>"#),
        "{en}"
    );
    assert!(site.read("public/index.html").contains(">EN</a>"));
    // Each language's sitemap lists its own pages at their addresses.
    let sitemap = site.read("public/en/sitemap.xml");
    assert!(
        sitemap.contains("https://x.test/en/index.html"),
        "{sitemap}"
    );
    assert!(!site.read("public/sitemap.xml").contains("/en/"));
    assert!(site
        .read("public/index.html")
        .contains(r#"<a class="site-title" href="index.html">手册</a>"#));
}

#[test]
fn mkdocs_i18n_gives_site_names_and_nav_translations() {
    let site = TestSite::new()
        .file(
            "mkdocs.yml",
            "site_name: 自学指南\nnav:\n  - 前言: index.md\n  - 工具:\n    - tools/git.md\nplugins:\n  - minify\n  - i18n:\n      languages:\n        - locale: zh\n          default: true\n          name: 简体中文\n        - locale: en\n          name: English\n          site_name: CS Self-Learning\n          nav_translations:\n            前言: Foreword\n            工具: Tools\n",
        )
        .file("docs/index.md", "# 前言\n")
        .file("docs/index.en.md", "# Foreword\n")
        .file("docs/tools/git.md", "# Git 入门\n");
    let run = site.run(&["build"]).success().stderr_lacks("i18n");
    // Every language's site is built, each note is shown once.
    assert_eq!(run.stderr.matches("warning[").count(), 1, "{}", run.stderr);
    run.stderr_has(
        "warning[not-emulated]: MkDocs plugins folio does not emulate (their effect is missing): minify",
    );
    insta::assert_snapshot!(nav_outline(&site, "public/en"), @r"
    Foreword  index.html
      Tools
    ");
    let en = site.read("public/en/index.html");
    assert!(en.contains(">CS Self-Learning</a>"), "{en}");
}

#[test]
fn a_tree_in_one_language_has_no_switcher() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file("v1.2.md", "# 版本\n")
        .file("notes.en.md", "# Notes\n");
    site.run(&["build"]).success();
    assert!(!site.exists("public/en"));
    assert!(site.exists("public/notes.en.html"));
    assert!(!site.read("public/index.html").contains("lang-switch"));
}

#[test]
fn serve_updates_the_language_an_edit_touches() {
    let site = TestSite::fixture("two-languages");
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    let mut engines =
        folio::languages::Engines::new(common::build_options(site.path(), &served, true)).unwrap();
    engines.full();
    let read = |p: &str| std::fs::read_to_string(served.join(p)).unwrap();
    let zh_before = read("guide/安装.html");
    let compare = |step: &str| {
        let fresh = tmp.path().join(format!("fresh-{step}"));
        folio::languages::build(&common::build_options(site.path(), &fresh, false)).unwrap();
        let (a, b) = (contents(&served), contents(&fresh));
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "{step}: the same files");
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{step}: {name} differs from a fresh build");
        }
    };

    // An edit of an English page updates the English site only.
    let edited = site.join("guide/安装.en.md");
    std::fs::write(&edited, "# Install\n\nRun the new installer.\n").unwrap();
    let outcome = engines.update(&[edited].into_iter().collect());
    assert!(!outcome.diagnostics.has_errors());
    assert!(read("en/guide/安装.html").contains("Run the new installer."));
    assert_eq!(read("guide/安装.html"), zh_before);
    compare("edit");

    // A new twin: the Chinese page's switcher now leads to it.
    let added = site.join("guide/v1.2.en.md");
    std::fs::write(&added, "# Versions\n").unwrap();
    engines.update(&[added].into_iter().collect());
    assert!(read("guide/v1.2.html").contains(r#"href="../en/guide/v1.2.html""#));
    assert!(read("en/guide/v1.2.html").contains("Versions"));
    compare("added");
}

#[test]
fn configured_folders_name_their_languages() {
    let site = TestSite::new()
        .file(
            "folio.toml",
            "content-dir = \"docs\"\n[languages]\nconvention = \"folder\"\n[languages.zh]\nfolder = \"中文\"\n[languages.en]\nfolder = \"english\"\nname = \"English\"\n",
        )
        .file("docs/中文/README.md", "# 首页\n")
        .file("docs/中文/a.md", "# 甲\n")
        .file("docs/english/README.md", "# Home\n")
        .file("docs/english/a.md", "# A\n");
    site.run(&["build"]).success();
    assert!(site.read("public/a.html").contains("甲"));
    assert_eq!(lang_of(&site.read("public/en/a.html")), "en");
    assert_eq!(
        switcher(&site.read("public/a.html")),
        pair("en", "en/a.html")
    );
    assert!(!site.exists("public/english"));
}

/// Each language keeps its own build cache: a rebuild after edits in both
/// languages is planned in place from the caches, warns about none of them
/// and writes what a build without a cache writes.
#[test]
fn each_language_keeps_its_own_build_cache() {
    let edit = |site: &TestSite| {
        for (page, line) in [("index.md", "又一行。"), ("index.en.md", "One more line.")] {
            let text = site.read(page);
            std::fs::write(site.join(page), format!("{text}\n{line}\n")).unwrap();
        }
    };
    let site = TestSite::fixture("two-languages");
    site.run(&["build"]).success();
    edit(&site);
    site.run(&["build", "--timings"])
        .success()
        .stderr_lacks("warning[cache]")
        .stderr_has("in place");
    let fresh = TestSite::fixture("two-languages");
    edit(&fresh);
    fresh.run(&["build", "--no-cache"]).success();
    let (cached, uncached) = (
        contents(&site.join("public")),
        contents(&fresh.join("public")),
    );
    let names =
        |tree: &[(String, Vec<u8>)]| tree.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    assert_eq!(names(&cached), names(&uncached));
    assert!(
        cached.iter().any(|(f, _)| f.starts_with("en/")),
        "{:?}",
        names(&cached)
    );
    for ((file, a), (_, b)) in cached.iter().zip(&uncached) {
        assert!(a == b, "{file} differs from a build without the cache");
    }
    assert!(site.read("public/en/index.html").contains("One more line."));
    assert!(site.read("public/index.html").contains("又一行。"));
}

/// A build where one language has errors writes no language: the output
/// stays the last good one, every language of it.
#[test]
fn an_error_in_one_language_leaves_every_language_as_it_was() {
    let site = TestSite::fixture("two-languages");
    site.run(&["build"]).success();
    let before = contents(&site.join("public"));
    let text = site.read("index.en.md");
    std::fs::write(
        site.join("index.en.md"),
        format!("{text}\n[New](nowhere.md)\n"),
    )
    .unwrap();
    let text = site.read("index.md");
    std::fs::write(site.join("index.md"), format!("{text}\n新的一行。\n")).unwrap();
    site.run(&["build", "--strict"])
        .code(1)
        .stderr_has("index.en.md:");
    let after = contents(&site.join("public"));
    assert!(before.iter().any(|(f, _)| f == "en/index.html"));
    assert!(
        before == after,
        "the output changed although the build failed"
    );
}
