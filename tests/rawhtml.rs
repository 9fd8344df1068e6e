//! Raw HTML in pages, through the binary: its links rewritten and checked
//! like Markdown ones, its ids as anchors, and what `markdown.raw-html`
//! lets through.

mod common;
use common::{main_of, urls, TestSite};

const ALLOW: &str = "[markdown]\nraw-html = \"allow\"\n";

fn build(site: &TestSite) -> (serde_json::Value, String) {
    let run = site.run(&["build", "--format", "json"]).success();
    let report = run.json();
    (report, main_of(&site.read("public/index.html")).to_string())
}

/// The 1-based line and column (in characters) where `needle` starts in
/// the fixture's home page, counting from the `nth` line holding `line_has`.
fn position_in_home(line_has: &str, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rawhtml/content/README.md"),
    )
    .unwrap();
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_has))
        .unwrap_or_else(|| panic!("no line with {line_has:?}"));
    let byte = line.find(needle).unwrap();
    (i as u64 + 1, line[..byte].chars().count() as u64 + 1)
}

fn diagnostic<'a>(report: &'a serde_json::Value, target: &str) -> &'a serde_json::Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["target"] == target)
        .unwrap_or_else(|| panic!("no diagnostic for {target}: {report:#}"))
}

#[test]
fn raw_html_links_and_images_are_rewritten() {
    let site = TestSite::fixture("rawhtml");
    let (_, main) = build(&site);
    assert!(
        main.contains(
            "<a href=\"guide.html\"><img src=\"assets/logo.png\" width=\"120\" alt=\"标志\"></a>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"guide.html#yourmap\">路线图</a>"),
        "{main}"
    );
    assert!(
        main.contains("<source srcset=\"assets/logo.png 2x, assets/gone.png 3x\">"),
        "{main}"
    );
    assert!(
        main.contains("<video src=\"assets/%E7%89%87%E6%AE%B5.mp4\" poster=\"assets/logo.png\" controls></video>"),
        "{main}"
    );
    // No `.md` left in any href or src but the broken link's and the one
    // in inline code (text that looks like an attribute).
    let hrefs = urls(&main);
    let md: Vec<&String> = hrefs.iter().filter(|h| h.contains(".md")).collect();
    // (The broken link leads to its wanted entry.)
    assert_eq!(md, ["_folio/wanted.html#missing.md", "code.md"]);
    assert!(
        main.contains("<code>&lt;a href=\"code.md\"&gt;</code>"),
        "{main}"
    );
}

#[test]
fn broken_raw_html_links_are_reported_at_their_attribute_value() {
    let site = TestSite::fixture("rawhtml");
    let (report, _) = build(&site);
    let cases = [
        // in a block quote: the `> ` prefix is not in the parser's text
        ("missing.md", "引用里的坏链接", "missing.md"),
        // a tag's second line, inside a list item (indentation stripped)
        (
            "assets/missing.png",
            "src=\"assets/missing.png\"",
            "assets/missing.png",
        ),
        // a srcset candidate
        ("assets/gone.png", "srcset", "assets/gone.png"),
        ("guide.md#yourmapp", "拼错的锚点", "guide.md#yourmapp"),
        ("assets/缺音频.mp3", "<audio", "assets/缺音频.mp3"),
    ];
    for (target, line_has, needle) in cases {
        let d = diagnostic(&report, target);
        let (line, column) = position_in_home(line_has, needle);
        assert_eq!(d["path"], "content/README.md", "{d:#}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{d:#}"
        );
    }
    assert_eq!(diagnostic(&report, "missing.md")["code"], "broken-link");
    let anchor = diagnostic(&report, "guide.md#yourmapp");
    assert_eq!(anchor["code"], "broken-anchor");
    assert_eq!(anchor["suggestion"], "guide.md#yourmap");
    assert_eq!(
        diagnostic(&report, "assets/gone.png")["suggestion"],
        "./assets/logo.png"
    );
    assert_eq!(report["summary"]["warnings"], 5, "{report:#}");
}

#[test]
fn broken_raw_html_links_are_marked_in_the_page() {
    let site = TestSite::fixture("rawhtml");
    let (_, main) = build(&site);
    assert!(
        main.contains("<a class=\"broken-link\" title=\"失效链接：no page, folder or file at `missing.md`\" href=\"_folio/wanted.html#missing.md\">引用里的坏链接</a>"),
        "{main}"
    );
    assert!(
        main.contains("<img class=\"broken-link\" title=\"失效链接：no page, folder or file at `assets/missing.png`\" alt=\"不存在的图\" src=\"assets/missing.png\">"),
        "{main}"
    );
    assert!(
        main.contains("<a class=\"broken-link\" title=\"失效链接：no heading with id `yourmapp` on page `guide.md`\" href=\"guide.html#yourmapp\">"),
        "{main}"
    );
    // Of the five broken links, those in `<a>` and `<img>` tags (not the
    // `<source>` nor the `<audio>`).
    assert_eq!(main.matches("broken-link").count(), 3, "{main}");
}

#[test]
fn raw_html_ids_and_names_are_anchor_targets_and_heading_ids_stay_githubs() {
    let site = TestSite::fixture("rawhtml");
    let (report, _) = build(&site);
    for fine in ["guide.md#yourmap", "guide.md#old"] {
        assert!(
            !report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["target"] == fine),
            "{fine} reported: {report:#}"
        );
    }
    let guide = main_of(&site.read("public/guide.html")).to_string();
    assert!(
        guide.contains("<h2 id=\"路线图\"><a id=\"yourmap\"></a>路线图"),
        "{guide}"
    );
    assert!(guide.contains("<a name=\"old\"></a>"), "{guide}");
}

#[test]
fn unsafe_html_is_dropped_and_what_github_keeps_stays() {
    let site = TestSite::fixture("rawhtml");
    let (_, main) = build(&site);
    for gone in [
        "<script",
        "alert(",
        "onerror",
        "javascript:",
        "<style",
        "display: none",
        "<iframe",
        "evil.example",
        "内部备注",
        "<form",
        "<input name",
    ] {
        assert!(!main.contains(gone), "{gone:?} in\n{main}");
    }
    for kept in [
        "<p align=\"center\">",
        "<details>\n<summary>展开</summary>",
        "<p>隐藏的内容</p>\n</details>",
        // the text around an inline script, and a link's text without its href
        "<p>正文  继续。</p>",
        "<a>原始危险链接</a>",
        "<p>危险链接</p>",
        "<img src=\"assets/logo.png\" alt=\"事件\">",
        "表单文字",
        // Typora's zoom, as a width
        "<img src=\"assets/logo.png\" alt=\"缩小\" width=\"50%\">",
    ] {
        assert!(main.contains(kept), "{kept:?} missing in\n{main}");
    }
}

#[test]
fn what_folio_generates_is_untouched() {
    let site = TestSite::fixture("rawhtml");
    let (_, main) = build(&site);
    for generated in [
        "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"已完成\"/>",
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\"",
        "<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>",
        "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"1\">",
    ] {
        assert!(main.contains(generated), "{generated:?} missing in\n{main}");
    }
    let guide = site.read("public/guide.html");
    assert!(guide.contains("class=\"heading-anchor\" href=\"#%E8%B7%AF%E7%BA%BF%E5%9B%BE\""));
}

#[test]
fn allow_publishes_raw_html_as_written_with_links_still_rewritten() {
    let site = TestSite::fixture("rawhtml").file("folio.toml", ALLOW);
    let (report, main) = build(&site);
    for kept in [
        "<script>alert(\"block\")</script>",
        "<script>alert(\"inline\")</script>",
        "<img src=\"assets/logo.png\" onerror=\"alert('onerror')\" alt=\"事件\">",
        "<a href=\"javascript:alert('raw')\">",
        "<style>body { display: none }</style>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<!-- 内部备注 -->",
        "style=\"zoom:50%;\" />",
        "<a href=\"guide.html\"><img src=\"assets/logo.png\" width=\"120\" alt=\"标志\"></a>",
    ] {
        assert!(main.contains(kept), "{kept:?} missing in\n{main}");
    }
    assert!(main.contains("<a class=\"broken-link\""), "{main}");
    assert_eq!(report["summary"]["warnings"], 5, "{report:#}");
}

#[test]
fn unsafe_markdown_links_are_dropped_under_the_default_only() {
    let page = "[点我](javascript:alert(1)) ![图](data:image/svg+xml;base64,PHN2Zz4=) ![点](data:image/png;base64,iVBORw0KGgo=) [邮件](mailto:a@example.com)\n";
    let site = TestSite::new().file("README.md", page);
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/index.html")).to_string();
    assert!(
        !main.contains("javascript:") && !main.contains("svg+xml"),
        "{main}"
    );
    assert!(main.contains("点我"), "{main}");
    assert!(
        main.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""),
        "{main}"
    );
    assert!(main.contains("href=\"mailto:a@example.com\""), "{main}");

    let allowed = TestSite::new()
        .file("folio.toml", &format!("content-dir = \"docs\"\n{ALLOW}"))
        .file("docs/README.md", page);
    allowed.run(&["build"]).success();
    let main = main_of(&allowed.read("public/index.html")).to_string();
    assert!(main.contains("href=\"javascript:alert(1)\""), "{main}");
}

#[test]
fn a_bad_raw_html_policy_is_a_config_error() {
    let site = TestSite::fixture("rawhtml").file("folio.toml", "[markdown]\nraw-html = \"none\"\n");
    site.run(&["build"])
        .code(2)
        .stderr_has("folio.toml:2")
        .stderr_has("unknown variant `none`, expected `github` or `allow`");
}

#[test]
fn serve_rechecks_links_to_a_raw_anchor_that_went_away() {
    let site = TestSite::fixture("rawhtml");
    let served = site.join("served");
    let mut engine =
        folio::engine::Engine::new(common::build_options(site.path(), &served, true)).unwrap();
    engine.full();
    let guide = site.join("content/guide.md");
    std::fs::write(&guide, "# 指南\n\n## 路线图\n\n## 其他\n").unwrap();
    let outcome = engine.update(&[guide].into_iter().collect());
    let targets: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter_map(|d| d.target.clone())
        .collect();
    for gone in ["guide.md#yourmap", "guide.md#old"] {
        assert!(targets.iter().any(|t| t == gone), "{gone}: {targets:?}");
    }
    let home = std::fs::read_to_string(served.join("index.html")).unwrap();
    assert!(
        home.contains("title=\"失效链接：no heading with id `yourmap` on page `guide.md`\" href=\"guide.html#yourmap\""),
        "{home}"
    );
}
