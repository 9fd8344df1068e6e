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
