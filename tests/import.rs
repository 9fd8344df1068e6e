//! Trees set up for other tools build as they are, with no `folio.toml`:
//! MkDocs (`mkdocs.yml`), mdBook (`book.toml`, `SUMMARY.md`), GitBook
//! (`book.json`, `.gitbook.yaml`), other tools'
//! front matter, MkDocs admonitions.

mod common;

use common::{main_of, nav_outline, TestSite};

fn diagnostics(site: &TestSite, args: &[&str]) -> Vec<String> {
    let run = site.run(args);
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap_or("-"),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn mkdocs_tree_builds_with_its_title_nav_and_exclusions() {
    let site = TestSite::fixture("mkdocs");
    let diags = diagnostics(&site, &["build", "--format", "json"]);
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    首页  index.html
      使用指南  guide/index.html
        快速开始  guide/start.html
        进阶  guide/advanced.html
      关于  about.html
      源代码  https://github.com/example/manual
    ");
    insta::assert_snapshot!(diags.join("\n"), @r"
    not-emulated mkdocs.yml:null MkDocs plugins folio does not emulate (their effect is missing): awesome-pages, minify
    nav-entry mkdocs.yml:26 `mkdocs.yml` names `guide/missing.md`, which is no page of the site
    ");
    // The nav's title is the page's, as in MkDocs.
    let home = site.read("public/index.html");
    assert!(home.contains("<title>首页"), "{home}");
    assert!(home.contains("示例手册"), "the site title is site_name");
    assert!(!site.exists("public/drafts/wip.html"), "exclude_docs");
    assert!(
        site.exists("public/orphan.html"),
        "not_in_nav pages are built"
    );
    assert!(site.exists("public/guide/advanced.html"));
}

#[test]
fn mkdocs_yml_beside_the_content_folder_is_read_too() {
    let site = TestSite::fixture("mkdocs");
    site.run(&["build", "docs"]).success();
    assert!(
        nav_outline(&site, "public").contains("使用指南"),
        "{}",
        nav_outline(&site, "public")
    );
}

#[test]
fn folio_check_names_the_plugins_it_does_not_emulate() {
    let site = TestSite::fixture("mkdocs");
    site.run(&["check"])
        .success()
        .stderr_has("warning[not-emulated]: MkDocs plugins folio does not emulate (their effect is missing): awesome-pages, minify");
}

#[test]
fn mdbook_tree_builds_with_its_summary() {
    let site = TestSite::fixture("mdbook");
    let diags = diagnostics(&site, &["build", "--format", "json"]);
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    前言  index.html
      入门  
      开始  start/index.html
        安装  start/install.html
      以后再写  
      进阶  
      配置  config.html
      复合类型  types/index.html
        复合类型  types/intro.html
        数组  types/array.html
      附录  appendix.html
      杂项  misc.html
    ");
    insta::assert_snapshot!(diags.join("\n"), @"nav-entry src/SUMMARY.md:18 `src/SUMMARY.md` names `nowhere.md`, which is no page of the site");
    assert!(site.read("public/index.html").contains("示例之书"));
    // `- [复合类型](types/intro.md)` over `types/array.md`: the chapter
    // titles the folder, whose index page folio writes.
    assert!(site
        .read("public/types/index.html")
        .contains("<title>复合类型 · 示例之书</title>"));
    assert!(
        !site.exists("public/SUMMARY.html"),
        "the summary is no page"
    );
}

#[test]
fn gitbook_tree_builds_with_its_summary_and_title() {
    let site = TestSite::fixture("gitbook");
    let diags = diagnostics(&site, &["build", "--format", "json"]);
    // The summary's titles, in its order; its `##` lines are part titles.
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    示例手册  index.html
      第一部分：入门篇  
      第一章 上手  %E7%AC%AC%E4%B8%80%E7%AB%A0/index.html
        1.1 安装  %E7%AC%AC%E4%B8%80%E7%AB%A0/1.1_install.html
        1.2 配置  %E7%AC%AC%E4%B8%80%E7%AB%A0/1.2_config.html
      附录  appendix.html
    ");
    assert_eq!(diags, Vec::<String>::new());
    let page = site.read("public/第一章/1.1_install.html");
    assert!(
        page.contains("<title>1.1 安装 · 示例手册</title>"),
        "{page}"
    );
    // The page opens with `## 1.1 安装`, the summary's title for it: the
    // title is not shown twice.
    assert!(!main_of(&page).contains("<h1"), "{page}");
    assert!(
        !site.exists("public/SUMMARY.html"),
        "the summary is no page"
    );

    // `.gitbook.yaml` says where the content is; a broken one names its line.
    let modern = TestSite::new()
        .file(
            ".gitbook.yaml",
            "root: ./docs/\nstructure:\n  summary: toc.md\n",
        )
        .file("docs/toc.md", "* [简介](README.md)\n* [用法](usage.md)\n")
        .file("docs/README.md", "# 简介\n")
        .file("docs/usage.md", "正文\n");
    modern.run(&["build", "-q"]).success();
    assert!(modern.read("public/usage.html").contains("<title>用法 · "));
    assert!(!modern.exists("public/toc.html"));
    let broken = TestSite::new()
        .file("book.json", "{\n  \"title\": ,\n}\n")
        .file("README.md", "# 首页\n");
    broken.run(&["build"]).code(2).stderr_has("book.json:2:");
}

#[test]
fn other_tools_front_matter_orders_titles_and_hides() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[隐藏页](隐藏.md)\n")
        .file(
            "a.md",
            "---\nsidebar_position: 3\nsidebar_label: 甲\n---\n# A 页\n",
        )
        .file("b.md", "---\nnav_order: 1\n---\n# 乙\n")
        .file("c.md", "---\norder: 2\n---\n# 丙\n")
        .file("隐藏.md", "---\nhidden: true\n---\n# 隐藏页\n");
    site.run(&["build"]).success();
    insta::assert_snapshot!(nav_outline(&site, "public"), @r"
    首页  index.html
      乙  b.html
      丙  c.html
      甲  a.html
    ");
    assert!(site.exists("public/隐藏.html"), "a hidden page is built");
    let home = site.read("public/index.html");
    let main = main_of(&home);
    assert!(
        main.contains("href=\"%E9%9A%90%E8%97%8F.html\"") && !main.contains("broken-link"),
        "{main}"
    );
}

#[test]
fn mkdocs_admonitions_render_as_alerts_and_keep_their_lines() {
    let site = TestSite::new().file(
        "页.md",
        "# 页\n\n!!! warning \"小心 <b>\"\n    见 [别处](别处.md)。\n\n    - 第二段\n\n??? tip\n    收起的内容\n\n???+ note\n    展开的内容\n\n```\n!!! note\n```\n",
    );
    let run = site.run(&["build"]).success();
    assert!(run.stderr.contains("页.md:4:7"), "{}", run.stderr);
    let html = site.read("public/页.html");
    let main = main_of(&html);
    for expected in [
        "<blockquote class=\"markdown-alert-warning\">\n<p class=\"markdown-alert-title\">小心 &lt;b&gt;</p>",
        "<li>第二段</li>",
        "<details class=\"admonition\"><summary class=\"markdown-alert-title\">提示</summary>\n<p>收起的内容</p>\n</details>\n</blockquote>",
        "<details class=\"admonition\" open><summary class=\"markdown-alert-title\">说明</summary>",
        "<code>!!! note\n</code>",
    ] {
        assert!(main.contains(expected), "{expected}\n{main}");
    }
}

#[test]
fn a_missing_docs_dir_names_mkdocs_yml() {
    let site = TestSite::new().file("mkdocs.yml", "site_name: x\ndocs_dir: 文档\n");
    site.run(&["build"])
        .code(2)
        .stderr_has("content folder `文档` does not exist")
        .stderr_has("--> mkdocs.yml");
}

#[test]
fn a_mkdocs_yml_beside_that_names_another_folder_or_breaks_is_not_read() {
    for yml in ["site_name: 别的\ndocs_dir: other\n", "nav: [\n"] {
        let site = TestSite::new()
            .file("mkdocs.yml", yml)
            .file("docs/README.md", "# 文档\n");
        site.run(&["build", "docs"]).success();
        assert!(!site.read("public/index.html").contains("别的"));
    }
}
