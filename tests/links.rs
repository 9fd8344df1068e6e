//! Link rewriting and link checking, through the binary, on fixture sites.

mod common;
use common::{main_of, text_of, urls, TestSite};

fn built_links() -> (TestSite, String) {
    let site = TestSite::fixture("links");
    site.run(&["build", "--strict"])
        .success()
        .stderr_has("(no problems)");
    let html = site.read("public/01-合作伙伴/合作伙伴总览.html");
    (site, html)
}

#[test]
fn every_link_form_is_rewritten_to_a_relative_encoded_url() {
    let (_site, html) = built_links();
    let main = main_of(&html);
    let hrefs = urls(main);
    let jifeng = "../02-%E5%AE%A2%E6%88%B7%E9%A1%B9%E7%9B%AE/P001-%E4%B8%9C%E4%B9%89%E9%A1%B9%E7%9B%AE/05-%E5%90%88%E4%BD%9C%E6%96%B9-%E6%9E%81%E5%B3%B0/";
    let expected = [
        // page with a fragment, in a paragraph
        format!("{jifeng}%E5%8D%8F%E4%BD%9C%E6%89%8B%E5%86%8C.html#%E6%B2%9F%E9%80%9A%E6%9C%BA%E5%88%B6"),
        // folder with a trailing slash -> its README's index.html
        format!("{jifeng}index.html"),
        // folder without one, which has no README -> the generated index
        "../02-%E5%AE%A2%E6%88%B7%E9%A1%B9%E7%9B%AE/P001-%E4%B8%9C%E4%B9%89%E9%A1%B9%E7%9B%AE/index.html".to_string(),
        // ?query and #fragment kept
        "../index.html?v=1#%E9%A6%96%E9%A1%B5".to_string(),
        // percent-encoded source path and <path with spaces>
        "%E5%B8%A6%20%E7%A9%BA%E6%A0%BC.html".to_string(),
        // an asset
        "../assets/%E7%A4%BA%E6%84%8F%E5%9B%BE.svg".to_string(),
        // external links untouched
        "https://example.com/a?b=c".to_string(),
        "mailto:a@example.com".to_string(),
        // same-page anchor
        "#-%E5%90%88%E4%BD%9C%E4%BC%99%E4%BC%B4%E5%85%A8%E6%99%AF".to_string(),
        // reference-style and footnote links
        format!("{jifeng}%E5%8D%8F%E4%BD%9C%E6%89%8B%E5%86%8C.html"),
    ];
    for want in &expected {
        assert!(
            hrefs.iter().any(|h| h == want),
            "missing {want}\nin {hrefs:#?}"
        );
    }
    // Links in tables, quotes and lists are rewritten too; none keeps `.md`.
    assert!(
        !hrefs.iter().any(|h| h.contains(".md")),
        "a .md link survived: {hrefs:#?}"
    );
    // Links inside code are left as written.
    let text = text_of(main);
    assert!(text.contains("[代码中的链接](不存在.md)"));
    assert!(text.contains("[代码块中的链接](也不存在.md)"));
}

#[test]
fn the_hand_written_breadcrumb_line_is_dropped() {
    let (_site, html) = built_links();
    let main = main_of(&html);
    assert!(!main.contains("&gt; 合作伙伴总览"), "{main}");
}

#[test]
fn a_folder_without_slash_and_spaces_in_names_work_from_the_home_page() {
    let site = TestSite::fixture("links");
    site.run(&["build"]).success();
    let hrefs = urls(main_of(&site.read("public/index.html")));
    assert!(
        hrefs.contains(&"%E7%9B%AE%E5%BD%95/index.html".to_string()),
        "{hrefs:?}"
    );
    assert!(site.exists("public/01-合作伙伴/带 空格.html"));
    assert!(
        site.exists("public/目录/index.html"),
        "generated folder index"
    );
}

#[test]
fn broken_links_are_reported_with_location_and_suggestion() {
    let site = TestSite::fixture("broken-links");
    let run = site
        .run(&["check", "content", "--format", "json"])
        .success();
    let report = run.json();
    let diags = report["diagnostics"].as_array().unwrap();
    let find = |target: &str| {
        diags
            .iter()
            .find(|d| d["target"] == target)
            .unwrap_or_else(|| panic!("no diagnostic for {target}: {report:#}"))
    };
    let missing = find("../项目总览.md");
    assert_eq!(missing["code"], "broken-link");
    assert_eq!(missing["path"], "content/sub/协作手册.md");
    assert_eq!(
        (missing["line"].as_u64(), missing["column"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(missing["severity"], "warning");

    let same_page = find("#沟通机智");
    assert_eq!(same_page["code"], "broken-anchor");
    assert_eq!(same_page["suggestion"], "#沟通机制");
    assert_eq!(same_page["line"].as_u64(), Some(6));

    let other_page = find("../README.md#不存在的标题");
    assert_eq!(other_page["code"], "broken-anchor");
    assert!(other_page["message"]
        .as_str()
        .unwrap()
        .contains("README.md"));

    assert_eq!(find("../../外面.md")["code"], "link-outside-root");
    assert_eq!(find("./协作手册1.md")["suggestion"], "./协作手册.md");
    assert_eq!(find("README.md")["suggestion"], "../README.md");
    // A link to a page's output name (as mdBook writers type it) is broken
    // on GitHub; the fix offered is the Markdown file's name.
    assert_eq!(find("../旧目录/计划.html#目标")["suggestion"], "./计划.md");
    assert_eq!(
        report["summary"]["warnings"].as_u64(),
        Some(diags.len() as u64)
    );
}

#[test]
fn human_diagnostics_point_at_the_line_with_a_caret() {
    let site = TestSite::fixture("broken-links");
    site.run(&["build", "content"])
        .success()
        .stderr_has("warning[broken-link]: no page, folder or file at `项目总览.md`\n  --> content/sub/协作手册.md:5:5\n  |\n5 | 缺页面：[项目总览](../项目总览.md)\n  |         ^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
}

#[test]
fn strict_turns_broken_links_into_errors_and_writes_nothing() {
    let site = TestSite::fixture("broken-links");
    site.run(&["build", "content", "--strict"])
        .code(1)
        .stderr_has("error[broken-link]")
        .stderr_has("was left unchanged");
    assert!(!site.exists("public"));
    site.run(&["check", "content", "--strict"]).code(1);
}

#[test]
fn quiet_errors_keep_their_suggestions() {
    // -q hides warnings, and folio then skips looking for their "did you
    // mean"; errors are still shown, with it.
    let site = TestSite::fixture("broken-links");
    site.run(&["build", "content", "-q", "--strict"])
        .code(1)
        .stderr_has("error[broken-link]: no page, folder or file at `sub/README.md`")
        .stderr_has("= help: did you mean `../README.md`?")
        .stderr_has("= help: did you mean `#沟通机制`?");
    site.run(&["build", "content", "-q"])
        .success()
        .stderr_lacks("warning");
}

#[test]
fn links_broken_error_and_ignore_globs_from_config() {
    let site = TestSite::fixture("broken-links").file(
        "folio.toml",
        "[links]\nbroken = \"error\"\nignore = [\"../drafts/**\"]\n",
    );
    let run = site.run(&["check", "--format", "json"]).code(1);
    let report = run.json();
    let targets: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target"].as_str().unwrap())
        .collect();
    assert!(!targets.contains(&"../drafts/未来.md"), "{targets:?}");
    assert!(targets.contains(&"../项目总览.md"));
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["severity"] == "error"));
}

#[test]
fn readers_see_broken_links_marked() {
    // A link to a missing page leads to its entry on the wanted page.
    let site = TestSite::fixture("broken-links");
    site.run(&["build", "content"]).success();
    let html = site.read("public/sub/协作手册.html");
    assert!(
        html.contains("<a class=\"broken-link\" title=\"失效链接：no page, folder or file at `项目总览.md`\" href=\"../_folio/wanted.html#%E9%A1%B9%E7%9B%AE%E6%80%BB%E8%A7%88.md\">项目总览</a>"),
        "{}",
        main_of(&html)
    );
    assert!(html.contains(
        "class=\"broken-link\" title=\"失效链接：no heading with id `沟通机智` on this page\""
    ));
}

/// The cases of `tests/fixtures/github-links`, each as GitHub treats it.
#[test]
fn links_are_checked_as_github_resolves_them() {
    let site = TestSite::fixture("github-links");
    let run = site
        .run(&["build", "content", "--format", "json"])
        .success();
    let report = run.json();
    let diags = report["diagnostics"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    // Email autolinks and mailto: are not files.
    assert!(
        !codes
            .iter()
            .any(|(_, m)| m.contains("pwn.college") || m.contains("a@b.c")),
        "{codes:#?}"
    );
    // Fragments in another letter case are found, and written with the real id.
    assert!(
        !codes.iter().any(|(c, _)| *c == "broken-anchor"),
        "{codes:#?}"
    );
    let home = site.read("public/index.html");
    let main = main_of(&home);
    let hrefs = urls(main);
    assert!(
        hrefs.iter().any(|h| h == "mailto:cse365@pwn.college"),
        "{hrefs:#?}"
    );
    assert!(
        hrefs.iter().any(|h| h == "#vllm%E5%8F%82%E6%95%B0"),
        "{hrefs:#?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h == "%E6%8C%87%E5%8D%97/index.html#install-%E6%AD%A5%E9%AA%A4"),
        "{hrefs:#?}"
    );
    // A link in the wrong letter case: the site works, GitHub would 404.
    let case = diags
        .iter()
        .find(|d| d["target"] == "指南/readme.md")
        .expect("a diagnostic for the miscased link");
    assert_eq!(case["code"], "broken-link");
    assert_eq!(case["line"], 12);
    assert_eq!(case["suggestion"], "./指南/README.md");
    assert!(case["message"]
        .as_str()
        .unwrap()
        .contains("spelled `指南/README.md`"));
    assert!(
        hrefs.iter().any(|h| h == "%E6%8C%87%E5%8D%97/index.html"),
        "{hrefs:#?}"
    );
    assert!(
        !main.contains("class=\"broken-link\""),
        "nothing is broken on the site: {main}"
    );
    // One warning for the page's images from other hosts.
    let external: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "external-image")
        .collect();
    assert_eq!(external.len(), 1, "{codes:#?}");
    assert_eq!(external[0]["line"], 15);
    let message = external[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("2 images from other hosts"),
        "{message}"
    );
    assert!(
        message.contains("`https://cdn.example.com/a.png`"),
        "{message}"
    );
    // Under --strict only the miscased link fails (it is broken on GitHub).
    let strict = site
        .run(&["check", "content", "--strict", "--format", "json"])
        .code(1);
    let errors: Vec<String> = strict.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["target"].to_string())
        .collect();
    assert_eq!(errors, ["\"指南/readme.md\""]);
    // And external images can be silenced.
    let quiet = TestSite::fixture("github-links").file(
        "folio.toml",
        "content-dir = \"content\"\n[links]\nexternal-images = \"off\"\n",
    );
    quiet
        .run(&["build"])
        .success()
        .stderr_lacks("external-image");
}

#[test]
fn github_format_prints_workflow_annotations() {
    let site = TestSite::new().file("README.md", "# 首页\n\n[缺失](没有.md), 50%\n");
    let run = site.run(&["check", "--format", "github"]).success();
    assert_eq!(
        run.stdout,
        "::warning file=README.md,line=3,col=1,title=folio broken-link::no page, folder or file at `没有.md`\n"
    );
    // The human report still goes to stderr.
    assert!(
        run.stderr.contains("warning[broken-link]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fixed_fragment_before_a_broken_link_keeps_the_mark_on_its_tag() {
    let site = TestSite::new().file(
        "README.md",
        "# 首页\n\n[上](#FAQ-ABC-DEF-GHI) [缺失](没有.md)\n\n## faq-abc-def-ghi\n",
    );
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/index.html")).to_string();
    assert!(
        main.contains("<a href=\"#faq-abc-def-ghi\">上</a>"),
        "{main}"
    );
    assert!(main.contains("<a class=\"broken-link\" title=\""), "{main}");
    assert!(
        main.contains("\" href=\"_folio/wanted.html#%E6%B2%A1%E6%9C%89.md\">缺失</a>"),
        "{main}"
    );
}

#[test]
fn a_link_to_a_file_that_exists_but_is_skipped_says_so() {
    let site = TestSite::new()
        .file(
            "README.md",
            "# 首页\n\n[环境](.env) [隐藏](.github/README.md) [GBK](gbk.md) [无](没有.md)\n",
        )
        .bytes("gbk.md", b"# \xb1\xea\xcc\xe2\n")
        .file(".env", "TOKEN=x")
        .file(".github/README.md", "# ci\n");
    let run = site.run(&["check", "--format", "json"]).code(1);
    let messages: Vec<String> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "`.env` is hidden (a name starting with `.`), and hidden files are never published",
            "`.github/README.md` is hidden (a name starting with `.`), and hidden files are never published",
            "`gbk.md` exists but could not be read as a page (see the error for it)",
            "no page, folder or file at `没有.md`",
            "file is not valid UTF-8 (byte offset 2); save it as UTF-8; it looks like GB18030 (GBK, as saved by Chinese Windows): convert it with `iconv -f GB18030 -t UTF-8 'gbk.md' > tmp.md && mv tmp.md 'gbk.md'`",
        ]
    );
}
