//! Search in a real build: the index, term and text shards under `_folio/search/`,
//! the box on every page with links relative to the page, and nothing of
//! either with `search.enabled = false`. (Ranking: src/search/tests.rs and
//! tests/browser/search.test.mjs.)

mod common;
use common::TestSite;

fn site(config: &str) -> TestSite {
    TestSite::new()
        .file("folio.toml", config)
        .file("content/README.md", "# 首页\n\n欢迎。\n")
        .file(
            "content/01-合作伙伴/README.md",
            "# 合作伙伴总览\n\n## 合作方式\n\n与合作伙伴签约。\n",
        )
        .file(
            "content/01-合作伙伴/极峰 科技.md",
            "# 极峰科技\n\nP001 项目的合作方。\n",
        )
}

#[test]
fn the_index_the_shards_and_the_box_are_written() {
    let site = site("");
    site.run(&["build"]).success();
    let index = site.read("public/_folio/search/index.js");
    assert!(index.starts_with("window.FOLIO_SEARCH_INDEX={\"version\":2,\"pages\":3,"));
    assert!(
        index.contains(",\"terms\":[\""),
        "the first term of each term shard: {index}"
    );
    let terms = site.read("public/_folio/search/terms-0.js");
    assert!(terms.contains("合作"), "{terms}");
    let shard = site.read("public/_folio/search/text-0.js");
    assert!(shard.contains("与合作伙伴签约。"), "{shard}");
    assert!(
        shard.contains(
            "[\"极峰科技\",1,\"%E6%9E%81%E5%B3%B0%20%E7%A7%91%E6%8A%80.html\",\"极峰科技\\n"
        ),
        "a page's title, folder and URL, percent-encoded like the site's: {shard}"
    );
    assert!(site.exists("public/_folio/search/search.js"));
    let page = site.read("public/01-合作伙伴/极峰 科技.html");
    assert!(page.contains(r#"<div class="search" role="search" data-root="../""#));
    assert!(page.contains(r#"<script src="../_folio/search/search.js"></script>"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="../_folio/search/search.css">"#));
    assert!(page.contains(r#"placeholder="搜索文档""#));
    let home = site.read("public/index.html");
    assert!(home.contains(r#"<script src="_folio/search/search.js"></script>"#));
}

#[test]
fn two_builds_write_the_same_index() {
    let site = site("");
    site.run(&["build"]).success();
    let files = ["index.js", "terms-0.js", "text-0.js"];
    let read = || files.map(|f| site.read(&format!("public/_folio/search/{f}")));
    let first = read();
    site.run(&["build"]).success();
    assert_eq!(read(), first);
}

#[test]
fn english_words_with_language_en() {
    let site = site("language = \"en\"\n");
    site.run(&["build"]).success();
    let page = site.read("public/index.html");
    assert!(page.contains(r#"placeholder="Search the docs""#));
    assert!(page.contains(r#"data-results="results""#));
}

#[test]
fn search_enabled_false_writes_no_index_and_no_box() {
    let site = site("[search]\nenabled = false\n");
    site.run(&["build"]).success();
    assert!(!site.exists("public/_folio/search/index.js"));
    assert!(!site.exists("public/_folio/search/text-0.js"));
    let page = site.read("public/01-合作伙伴/index.html");
    assert!(!page.contains("class=\"search\""), "no search box");
    assert!(!page.contains("search.js"), "no search script");
}
