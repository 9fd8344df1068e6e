//! The default theme and navigation, on the `nav` fixture: three folder
//! levels, a folder without README (generated index), number-prefixed names
//! and weights. Snapshots hold `<main>` and the navigation only.

mod common;

use common::{main_of, TestSite};

/// The part of `html` from `start` to the first `end` after it (inclusive).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in page"));
    let to = html[from..].find(end).expect("element is closed") + from + end.len();
    &html[from..to]
}

fn sidebar(html: &str) -> &str {
    between(html, "<nav class=\"sidebar\"", "</nav>")
}

fn built(site: TestSite) -> TestSite {
    site.run(&["build"]).success();
    site
}

const DEEP: &str = "public/02-指南/深入/原理.html";

#[test]
fn deep_page_main_has_breadcrumbs_toc_content_and_pager() {
    let site = built(TestSite::fixture("nav"));
    insta::assert_snapshot!("deep_page_main", main_of(&site.read(DEEP)));
}

#[test]
fn generated_folder_index_lists_children_as_cards() {
    let site = built(TestSite::fixture("nav"));
    insta::assert_snapshot!(
        "generated_index_main",
        main_of(&site.read("public/02-指南/index.html"))
    );
}

#[test]
fn sidebar_and_breadcrumbs_of_a_deep_page() {
    let site = built(TestSite::fixture("nav"));
    let html = site.read(DEEP);
    let nav = format!(
        "{}\n\n{}",
        sidebar(&html),
        between(&html, "<nav class=\"breadcrumbs\"", "</nav>")
    );
    insta::assert_snapshot!("deep_page_navigation", nav);
}

#[test]
fn sidebar_order_follows_weights_then_natural_names() {
    let site = built(TestSite::fixture("nav"));
    let html = site.read(DEEP);
    let nav = sidebar(&html);
    let order = [
        "首页",
        "附录",
        "入门指南",
        "指南",
        "基础",
        "进阶",
        "深入原理",
        "排错",
        "🔬 原理",
        "参考",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|t| {
            nav.find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} not in sidebar"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sidebar order: {nav}"
    );
    for prefix in ["01-", "02-", "03-", "99-", "2-", "10-"] {
        assert!(
            !nav.contains(&format!(">{prefix}")),
            "number prefixes are removed from titles: {nav}"
        );
    }
}

#[test]
fn sidebar_holds_only_the_branch_of_the_current_page() {
    let site = built(TestSite::fixture("nav"));
    let html = site.read(DEEP);
    let nav = sidebar(&html);
    // `01-入门` is closed: listed, but not its pages ...
    assert!(nav.contains(">入门指南</a>"));
    assert!(!nav.contains(">安装</a>"), "{nav}");
    // ... which the shared tree has, for the script to expand in place.
    let tree = site.read("public/_folio/nav.js");
    assert!(tree.starts_with("window.FOLIO_NAV = {"), "{tree}");
    assert!(
        tree.contains(r#""title":"安装","url":"01-%E5%85%A5%E9%97%A8/01-%E5%AE%89%E8%A3%85.html""#)
    );
    assert!(html.contains(r#"<script src="../../_folio/nav.js"></script>"#));
}

#[test]
fn page_html_does_not_grow_with_the_rest_of_the_site() {
    let small = built(TestSite::fixture("nav"));
    let mut big = TestSite::fixture("nav");
    for i in 0..150 {
        big = big.file(
            &format!("content/01-入门/{i:03}-章节.md"),
            &format!("# 章节 {i}\n\n正文。\n"),
        );
    }
    let big = built(big);
    assert_eq!(small.read(DEEP), big.read(DEEP));
    assert!(big.read("public/_folio/nav.js").contains("章节 149"));
}

#[test]
fn home_page_has_no_breadcrumbs_and_every_other_page_has() {
    let site = built(TestSite::fixture("nav"));
    assert!(!site
        .read("public/index.html")
        .contains("class=\"breadcrumbs\""));
    for page in [
        "public/99-附录.html",
        "public/01-入门/index.html",
        "public/02-指南/index.html",
        DEEP,
    ] {
        let crumbs = between(&site.read(page), "<nav class=\"breadcrumbs\"", "</nav>").to_string();
        assert!(crumbs.contains(">首页</a>"), "{page}: {crumbs}");
        assert!(crumbs.contains("aria-current=\"page\""), "{page}: {crumbs}");
    }
    // The hand-written breadcrumb line is gone from the body.
    assert!(!site.read(DEEP).contains("&gt; 原理"));
}

#[test]
fn theme_is_set_before_first_paint_and_announced_on_toggle() {
    let site = built(TestSite::fixture("nav"));
    let html = site.read("public/index.html");
    let head = between(&html, "<head>", "</head>");
    let script = head
        .find("localStorage.getItem(\"folio-theme\")")
        .expect("theme script");
    let css = head.find("rel=\"stylesheet\"").expect("stylesheet");
    assert!(script < css, "the theme is set before the stylesheets load");
    assert!(head.contains("d.dataset.theme = t"));
    let js = site.read("public/_folio/folio.js");
    assert!(js.contains("new CustomEvent(\"folio:themechange\", { detail: { theme: theme } })"));
    assert!(js.contains("localStorage.setItem(THEME_KEY, theme)"));
    assert!(js.contains("var THEME_KEY = \"folio-theme\";"));
}

#[test]
fn not_found_page_links_home_and_to_the_top_level_sections() {
    let site = built(TestSite::fixture("nav"));
    let html = site.read("public/404.html");
    let main = main_of(&html);
    assert!(main.contains("<h1>页面不存在</h1>"));
    assert!(main.contains(r#"<a class="button" href="index.html">返回首页</a>"#));
    for (href, title) in [
        ("99-%E9%99%84%E5%BD%95.html", "附录"),
        ("01-%E5%85%A5%E9%97%A8/index.html", "入门指南"),
        ("02-%E6%8C%87%E5%8D%97/index.html", "指南"),
        ("03-%E5%8F%82%E8%80%83.html", "参考"),
    ] {
        assert!(
            main.contains(&format!(
                "<a href=\"{href}\">\n      <span class=\"card-title\">{title}</span>"
            )),
            "{title} missing from 404: {main}"
        );
    }
}

#[test]
fn english_interface_words_with_language_en() {
    let site = TestSite::fixture("nav").file("folio.toml", "title = \"Nav\"\nlanguage = \"en\"\n");
    let site = built(site);
    let html = site.read(DEEP);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for words in [
        "aria-label=\"Contents\"",
        ">Home</a>",
        "aria-label=\"Breadcrumb\"",
        "<summary>On this page</summary>",
        ">Previous</span>",
        ">Next</span>",
        ">Skip to content</a>",
        "aria-label=\"Toggle dark/light\"",
        "data-copy=\"Copy\"",
        "aria-label=\"Link to this section\"",
    ] {
        assert!(html.contains(words), "{words:?} missing");
    }
    for words in [
        "首页",
        "本页内容",
        "上一页",
        "下一页",
        "跳到正文",
        "面包屑导航",
        "本节链接",
    ] {
        assert!(
            !html.contains(words),
            "Chinese {words:?} in an English site"
        );
    }
    let index = site.read("public/02-指南/深入/index.html");
    assert!(index.contains("<h2>In this folder</h2>"));
    let generated = site.read("public/02-指南/index.html");
    assert!(generated.contains("<span class=\"card-meta\">2 items</span>"));
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    assert!(not_found.contains(">Back to the home page</a>"));
    assert!(not_found.contains("<h2>Sections</h2>"));
}

#[test]
fn canonical_links_use_the_base_url_only_when_given() {
    let site = built(TestSite::fixture("nav"));
    assert!(!site.read(DEEP).contains("rel=\"canonical\""));
    site.run(&["build", "--base-url", "https://kb.example.com/docs/"])
        .success();
    assert!(site.read(DEEP).contains(
        "<link rel=\"canonical\" href=\"https://kb.example.com/docs/02-%E6%8C%87%E5%8D%97/%E6%B7%B1%E5%85%A5/%E5%8E%9F%E7%90%86.html\">"
    ));
}
