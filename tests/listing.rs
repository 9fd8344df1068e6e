//! What folders look like on the site: listings of folders that hold no
//! page, static HTML next to a page, folder-note cards, and the home page
//! of a content folder without an index page.

mod common;
use common::{main_of, TestSite};

#[test]
fn a_folder_note_card_shows_the_page_not_an_empty_folder() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file("文章/文章.md", "# 一篇文章\n\n正文。\n")
        .file("章节/a.md", "# 甲\n")
        .file("章节/b.md", "# 乙\n");
    site.run(&["build"]).success();
    let home = site.read("public/index.html");
    let main = main_of(&home);
    assert!(
        main.contains("<li class=\"card card-page\">\n    <a href=\"%E6%96%87%E7%AB%A0/index.html\">\n      <span class=\"card-title\">一篇文章</span>"),
        "{main}"
    );
    assert!(!main.contains("0 项"), "{main}");
    // A folder with pages still shows as a folder, with its count.
    assert!(
        main.contains("<span class=\"card-meta\">2 项</span>"),
        "{main}"
    );
}

#[test]
fn the_home_page_of_a_content_folder_without_an_index_is_named_after_it() {
    let site = TestSite::new()
        .file("weekly/docs/issue-1.md", "# 第 1 期\n")
        .file("周刊/第一期.md", "# 第一期\n");
    // `docs` names what it holds: the repository's folder names the site.
    site.run(&["build", "weekly/docs", "-o", "out1"]).success();
    let home = site.read("out1/index.html");
    assert!(home.contains("<title>weekly</title>"), "{home}");
    assert!(
        main_of(&home).contains("<h1>weekly</h1>"),
        "{}",
        main_of(&home)
    );
    site.run(&["build", "周刊", "-o", "out2"]).success();
    let home = site.read("out2/index.html");
    assert!(home.contains("<title>周刊</title>"), "{home}");
}

#[test]
fn a_static_html_file_where_a_page_is_written_gives_way_to_the_page() {
    let site = TestSite::new()
        .file("docs/README.md", "# 文档首页\n\n[页](page.md)\n")
        .file(
            "docs/index.html",
            "<!doctype html><div id=\"app\">docsify</div>",
        )
        .file("docs/page.md", "# 页面\n")
        .file("docs/page.html", "<p>旧的导出</p>")
        .file(
            "folio.toml",
            "content-dir = \"docs\"\nassets = [\"*.html\"]\n",
        );
    site.run(&["build"])
        .success()
        .stderr_has("warning[html-clash]: `index.html` and the page `README.md` are both published as `index.html`; the page is used and this file is not published\n  --> docs/index.html")
        .stderr_has("warning[html-clash]: `page.html` and the page `page.md` are both published as `page.html`");
    let home = site.read("public/index.html");
    assert!(main_of(&home).contains("文档首页"), "{home}");
    assert!(!home.contains("docsify"), "{home}");
    let page = site.read("public/page.html");
    assert!(main_of(&page).contains("页面"), "{page}");
    assert!(!page.contains("旧的导出"), "{page}");
}
