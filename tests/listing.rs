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

/// A wiki with a folder of scripts (no Markdown in it) that the home page
/// links to, and a folder of templates no page links to.
fn scripts_site() -> TestSite {
    TestSite::new()
        .file(
            "README.md",
            "# 首页\n\n[脚本](scripts/) 和 [指南](指南.md)\n",
        )
        .file("指南.md", "# 指南\n")
        .file("scripts/run.sh", "#!/bin/sh\necho run\n")
        .file("scripts/10-b.sh", "echo b\n")
        .file("scripts/2-a.sh", "echo a\n")
        .file("scripts/lib/util.sh", "echo util\n")
        .file("_templates/page.html", "<p>模板</p>\n")
}

#[test]
fn a_link_to_a_folder_without_pages_opens_a_listing_of_its_files() {
    let site = scripts_site();
    site.run(&[
        "build",
        "--strict",
        "--base-url",
        "https://example.com/wiki",
    ])
    .success()
    .stderr_lacks("broken-link");
    let home = site.read("public/index.html");
    assert!(
        main_of(&home).contains("<a href=\"scripts/index.html\">脚本</a>"),
        "{}",
        main_of(&home)
    );
    let listing = site.read("public/scripts/index.html");
    let main = main_of(&listing);
    // Folders first, then files, in natural order, each linking to what
    // is published.
    assert!(
        main.contains(
            "<ul class=\"listing\">\n  <li class=\"listing-folder\"><a href=\"lib/index.html\">lib</a></li>\n  <li class=\"listing-file\"><a href=\"2-a.sh\">2-a.sh</a></li>\n  <li class=\"listing-file\"><a href=\"10-b.sh\">10-b.sh</a></li>\n  <li class=\"listing-file\"><a href=\"run.sh\">run.sh</a></li>\n</ul>"
        ),
        "{main}"
    );
    assert!(main.contains("<h1>scripts</h1>"), "{main}");
    assert_eq!(site.read("public/scripts/run.sh"), "#!/bin/sh\necho run\n");
    let inner = site.read("public/scripts/lib/index.html");
    assert!(
        main_of(&inner).contains("<a href=\"util.sh\">util.sh</a>"),
        "{}",
        main_of(&inner)
    );
    assert!(site.exists("public/scripts/lib/util.sh"));
    // Breadcrumbs lead home through the listing of `scripts/`.
    assert!(
        inner.contains("<li><a href=\"../../index.html\">首页</a></li>\n    <li><a href=\"../index.html\">scripts</a></li>\n    <li><a href=\"index.html\" aria-current=\"page\">lib</a></li>"),
        "{inner}"
    );
    // A listing is no stop on the reading path, nor in the navigation,
    // the sitemap or search.
    assert!(!listing.contains("class=\"pager\""), "{listing}");
    for file in [
        "_folio/nav.js",
        "sitemap.xml",
        "_folio/search/index.js",
        "_folio/search/text-0.js",
    ] {
        let text = site.read(&format!("public/{file}"));
        assert!(!text.contains("scripts"), "{file}: {text}");
    }
    assert!(!site.read("public/指南.html").contains("scripts"));
    // No page links to `_templates/`: neither it nor its file is published.
    assert!(
        !site.exists("public/_templates"),
        "{:?}",
        site.files("public")
    );
}

#[test]
fn a_link_to_a_folder_inside_one_without_pages_lists_the_folders_around_it() {
    let site = scripts_site().file("README.md", "# 首页\n\n[工具](scripts/lib/)\n");
    site.run(&["build", "--strict"]).success();
    assert!(site.exists("public/scripts/lib/index.html"));
    // Its breadcrumbs lead through `scripts/`, which lists its files.
    assert!(site.exists("public/scripts/index.html"));
    assert!(site.exists("public/scripts/run.sh"));
}

#[test]
fn folders_without_pages_that_no_page_links_to_are_not_published() {
    let site = scripts_site().file("README.md", "# 首页\n");
    let run = site.run(&["build", "--format", "json"]).success();
    assert_eq!(
        site.files("public")
            .into_iter()
            .filter(|f| !f.starts_with("_folio/"))
            .collect::<Vec<_>>(),
        [".folio-build", "404.html", "index.html", "指南.html"]
    );
    // Not even as empty folders.
    assert!(!site.exists("public/scripts"));
    assert_eq!(run.json()["summary"]["pages"], 2);
}

#[test]
fn a_link_to_a_folder_git_ignores_is_a_private_file_not_a_listing() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[依赖](node_modules/)\n")
        .file(".gitignore", "node_modules/\n")
        .file("node_modules/x/index.js", "module.exports = 1;\n");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(site.path())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    site.run(&["build"])
        .success()
        .stderr_has("warning[private-file]: `node_modules` is ignored by git");
    assert!(!site.exists("public/node_modules"));
}

#[test]
fn a_folder_with_its_own_index_html_gets_no_listing_and_the_link_says_why() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[演示](demo/)\n")
        .file("demo/index.html", "<p>自己的页面</p>\n")
        .file("demo/app.js", "1;\n");
    site.run(&["build"]).success().stderr_has(
        "warning[broken-link]: `demo` exists but is a folder with its own `index.html` and no Markdown page: link to `index.html` itself\n  --> README.md:3:1",
    );
    assert!(!site.exists("public/demo"));
}
