//! Print pages (`_folio/print/…`) and `folio pdf` without a browser. The
//! PDF itself is tested in the browser suite (tests/browser/print.test.mjs).

mod common;

use common::TestSite;

/// A chapter with two pages that share heading ids, links between them,
/// one out of the chapter, and a sub-folder.
fn report() -> TestSite {
    TestSite::new()
        .file("README.md", "# 首页\n\n[报告](报告/README.md)\n")
        .file("其他.md", "# 其他\n\n## 概述\n")
        .file(
            "报告/README.md",
            "# 年度报告\n\n**负责人**: 张三\n\n## 概述\n\n见 [甲的概述](01-甲.md#概述)、[乙](02-乙.md) 和 [其他](../其他.md#概述)。\n",
        )
        .file(
            "报告/01-甲.md",
            "+++\ndate = \"2025-03-01\"\n+++\n# 甲\n\n## 概述\n\n脚注[^1]。\n\n[^1]: 注。\n",
        )
        .file(
            "报告/02-乙.md",
            "+++\ndate = \"2025-06-30\"\n+++\n# 乙\n\n## 概述\n\n回到 [本节](#概述)，脚注[^1]。\n\n[^1]: 注。\n",
        )
        .file("报告/附录/03-丙.md", "# 丙\n\n## 概述\n")
}

fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn a_chapter_prints_its_pages_in_sidebar_order_with_a_cover_and_contents() {
    let site = report();
    site.run(&["build"]).success();
    let html = site.read("public/_folio/print/报告/index.html");
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("no {needle} in {html}"))
    };
    // Cover: title, metadata card, the newest page date (not today's).
    assert!(at("class=\"print-title\">年度报告") < at("id=\"print-contents\""));
    let cover = &html[..at("id=\"print-contents\"")];
    assert!(cover.contains("<dt>负责人</dt><dd>张三</dd>"), "{cover}");
    assert!(cover.contains("<dd>2025-06-30</dd>"), "{cover}");
    // Pages in sidebar order, the sub-folder's last; others not at all.
    let sections: Vec<usize> = ["年度报告", "甲", "乙", "丙"]
        .iter()
        .map(|t| at(&format!(">{t}<a class=\"heading-anchor\"")))
        .collect();
    assert!(sections.windows(2).all(|w| w[0] < w[1]), "{sections:?}");
    assert!(!html.contains(">其他<a"), "{html}");
    // The site's print page holds every page.
    let whole = site.read("public/_folio/print/index.html");
    assert!(whole.contains(">其他<a") && whole.contains(">丙<a"));
    // Two builds print the same bytes.
    site.run(&["build"]).success();
    assert_eq!(site.read("public/_folio/print/报告/index.html"), html);
}

#[test]
fn ids_are_unique_across_the_document_and_links_stay_inside_it() {
    let site = report();
    site.run(&["build"]).success();
    let html = site.read("public/_folio/print/报告/index.html");
    let mut all = ids(&html);
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "duplicate ids in {html}");
    // The chapter page's `## 概述` keeps its id; 甲's becomes `概述-1`, and
    // the link to it follows.
    assert!(html.contains("id=\"概述-1\""), "{html}");
    assert!(
        html.contains("href=\"#%E6%A6%82%E8%BF%B0-1\">甲的概述</a>"),
        "{html}"
    );
    // A page link goes to its section; a link out of the chapter, with
    // no base-url, is plain text.
    assert!(
        html.contains("href=\"#%E6%8A%A5%E5%91%8A/02-%E4%B9%99\">乙</a>"),
        "{html}"
    );
    assert!(html.contains("<a>其他</a>"), "{html}");
    // 乙's link to its own section and its footnote follow its new ids.
    assert!(
        html.contains("href=\"#%E6%A6%82%E8%BF%B0-2\">本节</a>"),
        "{html}"
    );
    assert!(
        html.contains("id=\"1-1\"") && html.contains("href=\"#1-1\""),
        "{html}"
    );
}

#[test]
fn links_out_of_the_chapter_go_to_the_published_site_with_a_base_url() {
    let site = report().file(
        "folio.toml",
        "base-url = \"https://docs.example.com/kb/\"\ncontent-dir = \".\"\n",
    );
    site.run(&["build"]).success();
    let html = site.read("public/_folio/print/报告/index.html");
    assert!(
        html.contains("href=\"https://docs.example.com/kb/%E5%85%B6%E4%BB%96.html#%E6%A6%82%E8%BF%B0\">其他</a>"),
        "{html}"
    );
}

#[test]
fn pages_link_to_their_chapters_print_page_and_print_can_be_turned_off() {
    let site = report();
    site.run(&["build"]).success();
    let page = site.read("public/报告/01-甲.html");
    assert!(
        page.contains("href=\"../_folio/print/%E6%8A%A5%E5%91%8A/index.html\">打印本章</a>"),
        "{page}"
    );
    let off = report().file(
        "folio.toml",
        "content-dir = \".\"\n[print]\nenabled = false\n",
    );
    off.run(&["build"]).success();
    assert!(!off.exists("public/_folio/print"));
    assert!(!off.read("public/报告/01-甲.html").contains("打印本章"));
}

#[test]
fn a_folder_above_max_pages_has_no_print_page_and_no_link_to_one() {
    let site = report()
        .file(
            "folio.toml",
            "content-dir = \".\"\n[print]\nmax-pages = 2\n",
        )
        .file("小节/一.md", "# 一\n")
        .file("小节/二.md", "# 二\n");
    site.run(&["build"]).success();
    assert!(
        site.exists("public/_folio/print/小节/index.html"),
        "2 pages: printed"
    );
    assert!(
        !site.exists("public/_folio/print/报告/index.html"),
        "above the bound"
    );
    assert!(
        !site.exists("public/_folio/print/index.html"),
        "the whole site too"
    );
    assert!(!site.read("public/报告/01-甲.html").contains("打印本章"));
    assert!(site.read("public/小节/一.html").contains("打印本章"));
}

#[test]
fn pdf_without_a_browser_says_how_to_install_one() {
    let site = report();
    site.run(&["pdf", "--browser", "/no/such/chromium", "-o", "r.pdf"])
        .code(2)
        .stderr_has("no browser at `/no/such/chromium`")
        .stderr_has("Debian/Ubuntu: sudo apt-get install chromium")
        .stderr_has("macOS:")
        .stderr_has("Windows:");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["pdf", "--chapter", "报告"])
        .current_dir(site.path())
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no Chromium or Chrome found on PATH"),
        "{stderr}"
    );
    assert!(!site.exists("r.pdf") && !site.exists("public"));
}
