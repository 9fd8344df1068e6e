//! Documents look as on GitHub: math, emoji shortcodes, alerts, and titles
//! and folder indexes as a writer expects them.

mod common;

use common::{main_of, text_of, TestSite};

const FORMULAS: &str = include_str!("fixtures/rendering/formulas.txt");

fn formulas() -> Vec<&'static str> {
    FORMULAS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// Each formula once, in turn as `$…$` in a Chinese sentence, as a `$$…$$`
/// paragraph and as a ```` ```math ```` fence.
fn math_page() -> String {
    let mut md = String::from("# 公式\n\n");
    for (i, f) in formulas().iter().enumerate() {
        match i % 3 {
            0 => md.push_str(&format!("第 {i} 式为 ${f}$，见上文。\n\n")),
            1 => md.push_str(&format!("$$\n{f}\n$$\n\n")),
            _ => md.push_str(&format!("```math\n{f}\n```\n\n")),
        }
    }
    md
}

#[test]
fn every_real_formula_renders_to_mathml_in_all_three_forms() {
    let formulas = formulas();
    assert!(formulas.len() >= 50, "{} formulas", formulas.len());
    let site = TestSite::new().file("公式.md", &math_page());
    site.run(&["build"]).success().stderr_lacks("warning[math]");
    let main = main_of(&site.read("public/公式.html")).to_string();
    assert_eq!(main.matches("<math").count(), formulas.len(), "{main}");
    assert!(!main.contains("math-error"), "{main}");
    assert!(
        !main.contains("<em>"),
        "TeX is not read as emphasis: {main}"
    );
    assert_eq!(
        main.matches("<math display=\"inline\">").count(),
        formulas.len().div_ceil(3)
    );
    // A few against their structure.
    assert!(
        main.contains("<mfrac><mrow><mi>Q</mi><msup><mi>K</mi><mi>⊤</mi></msup></mrow><mrow><msqrt><mrow><msub><mi>d</mi><mi>k</mi></msub></mrow></msqrt></mrow></mfrac>"),
        "attention"
    );
    assert!(main.contains("<mtext>收益率</mtext>"), "Chinese \\text");
    assert!(main.contains("menv-cases"), "cases environment");
    assert!(main.contains("menv-alignlike"), "aligned environment");
    assert!(main.contains("<mi>α</mi>"), "Greek");
    assert!(main.contains("<mo movablelimits=\"false\">∑</mo>"), "sums");
    assert!(
        main.contains("<mtable class=\"menv-arraylike\""),
        "matrices"
    );
    // What pumpkin-book and d2l-zh write, as MathJax renders it.
    assert_eq!(unrendered_command(&main), None, "{main}");
    assert!(main.contains("<mi>arg max</mi>"), "\\mathop of \\arg\\max");
    assert!(main.contains("<mi>inf</mi>"), "\\mathop of \\inf");
    assert!(main.contains("<mi>sgn</mi>"), "\\mathop of \\mathrm");
    assert!(main.contains("<mi>argmin</mi>"), "\\operatorname*");
    assert!(
        main.contains("<mo>→</mo><mi>b</mi><mo stretchy=\"true\">)</mo>"),
        "\\rightarrow in \\left( \\right)"
    );
    assert!(main.contains("<mo>↔</mo>"), "\\leftrightarrow");
    assert!(
        main.contains(
            "<mfrac linethickness=\"0em\"><mrow><mi>n</mi></mrow><mrow><mi>k</mi></mrow></mfrac>"
        ),
        "\\choose"
    );
    assert!(main.contains("<mi>𝒙</mi>"), "\\bm");
    assert!(main.contains("<mtext>(1)</mtext>"), "\\tag");
    assert!(
        main.contains("<mtext>①</mtext>") && main.contains("<mtext>⑳</mtext>"),
        "\\textcircled"
    );
    assert!(
        main.contains("<mtd><mi>j</mi><mo>≠</mo><mi>i</mi></mtd>"),
        "lines of a subscript"
    );
}

/// The first `\command` left in `html` as written, if any.
fn unrendered_command(html: &str) -> Option<&str> {
    html.match_indices('\\').find_map(|(i, _)| {
        let rest = &html[i + 1..];
        let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        (len > 0).then(|| &rest[..len])
    })
}

#[test]
fn display_lines_are_stacked_as_mathjax_shows_them() {
    let site = TestSite::new().file(
        "行.md",
        "# 行\n\n$$ a = b \\\\ c = d $$\n\n```math\nx &= 1 \\\\\ny &= 2 \\\\\n```\n",
    );
    site.run(&["build"]).success().stderr_lacks("warning[math]");
    let main = main_of(&site.read("public/行.html")).to_string();
    assert!(
        main.contains("<mtable><mtr><mtd><mi>a</mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"),
        "gathered lines: {main}"
    );
    assert!(
        main.contains("<mtable class=\"menv-alignlike menv-align\"><mtr><mtd><mi>x</mi></mtd><mtd><mo>=</mo><mn>1</mn></mtd></mtr>"),
        "aligned lines: {main}"
    );
}

#[test]
fn a_command_that_cannot_be_rendered_is_named_and_never_shown_raw() {
    let site = TestSite::new().file(
        "命令.md",
        "# 命令\n\n式 $a + \\foo{x}$ 与 $\\text{\\rightarrow 原样}$ 和 $$\\left( a \\rightarrow b \\right)$$\n",
    );
    let run = site.run(&["build", "--format", "json"]).success();
    let json = run.json();
    let messages: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "math")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(messages.len(), 2, "{json}");
    assert!(
        messages[0].contains("unknown command \\foo"),
        "{messages:?}"
    );
    // `\text{…}` is not rewritten: pulldown-latex leaves its `\rightarrow`
    // as written, so it is a warning rather than raw TeX in the page.
    assert!(
        messages[1].contains("unknown command \\rightarrow"),
        "{messages:?}"
    );
    let main = main_of(&site.read("public/命令.html")).to_string();
    assert_eq!(main.matches("<math").count(), 1, "{main}");
    assert_eq!(main.matches("math-error").count(), 2, "{main}");
    assert!(main.contains(">\\text{\\rightarrow 原样}</code>"), "{main}");
}

#[test]
fn a_broken_formula_is_a_warning_with_its_place_and_shows_its_source() {
    let site = TestSite::new().file(
        "页.md",
        "# 页\n\n正文。\n\n```math\n\\frac{1}{\n```\n\n行内 $x^$ 式，其余 $y$ 正常。\n",
    );
    let run = site.run(&["build", "--format", "json"]).success();
    let json = run.json();
    let math: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "math")
        .collect();
    assert_eq!(math.len(), 2, "{json}");
    assert_eq!(math[0]["severity"], "warning");
    assert_eq!(math[0]["path"], "页.md");
    assert_eq!(
        (&math[0]["line"], &math[0]["column"]),
        (&5.into(), &1.into())
    );
    assert_eq!(
        (&math[1]["line"], &math[1]["column"]),
        (&9.into(), &4.into())
    );
    assert!(
        math[0]["message"].as_str().unwrap().contains("unbalanced"),
        "{json}"
    );
    let main = main_of(&site.read("public/页.html")).to_string();
    assert!(
        main.contains("<code class=\"math-error math-display\" title=\"unbalanced group found, expected it to be closed with `}`\">\\frac{1}{</code>"),
        "{main}"
    );
    assert!(main.contains(">x^</code>"), "{main}");
    assert_eq!(
        main.matches("<math").count(),
        1,
        "the good formula still renders"
    );
    let human = site.run(&["build"]);
    assert!(human.stderr.contains("warning[math]"), "{}", human.stderr);
    assert!(human.stderr.contains("页.md:5:1"), "{}", human.stderr);
}

#[test]
fn prices_in_chinese_text_are_not_math_and_math_is_searchable_by_its_source() {
    let site = TestSite::new().file(
        "价格.md",
        "# 价格\n\n价格 $5 到 $10，团购价$5到$10 之间。\n\n损失 $\\mathcal{L}_{\\text{对比}}$ 很小。\n",
    );
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/价格.html")).to_string();
    assert!(
        text_of(&main).contains("价格 $5 到 $10，团购价$5到$10 之间。"),
        "{main}"
    );
    assert_eq!(main.matches("<math").count(), 1, "{main}");
    let shard = site.read("public/_folio/search/text-0.js");
    assert!(shard.contains("\\\\mathcal{L}_{\\\\text{对比}}"), "{shard}");
}

fn alerts_page(config: &str) -> String {
    let site = TestSite::fixture("rendering").file("folio.toml", config);
    site.run(&["build"]).success();
    main_of(&site.read("public/提示框.html")).to_string()
}

#[test]
fn alerts_have_their_class_and_label_in_the_interface_language() {
    let kinds = ["note", "tip", "important", "warning", "caution"];
    let zh = alerts_page("");
    let en = alerts_page("language = \"en\"\n");
    for (main, labels) in [
        (&zh, ["说明", "提示", "重要", "警告", "注意"]),
        (&en, ["Note", "Tip", "Important", "Warning", "Caution"]),
    ] {
        for (kind, label) in kinds.iter().zip(labels) {
            let start = format!(
                "<blockquote class=\"markdown-alert-{kind}\">\n<p class=\"markdown-alert-title\">{label}</p>"
            );
            assert!(main.contains(&start), "{kind}: {main}");
        }
        assert!(main.contains("<strong>先读</strong>"), "{main}");
        assert!(!main.contains("[!NOTE]"), "{main}");
        assert_eq!(
            main.matches("markdown-alert-title").count(),
            5,
            "a plain quote has none"
        );
    }
}

#[test]
fn html_comments_before_the_first_heading_keep_the_title() {
    let lesson = "<!-- 译自 lesson-1，请勿直接编辑 -->\n<!-- 第二个注释 -->\n\n# 第一课：入门\n\n[首页](../README.md) > 第一课\n\n**最后更新**: 2025-10-31\n\n正文。\n";
    let site = TestSite::new()
        .file(
            "README.md",
            "<!-- 课程首页 -->\n# 课程\n\n- [第一课](课/第一课.md)\n",
        )
        .file("课/第一课.md", lesson);
    site.run(&["build"]).success();
    let page = site.read("public/课/第一课.html");
    assert!(
        page.contains("<title>第一课：入门 · 课程</title>"),
        "{page}"
    );
    let main = main_of(&page);
    let header = &main[main
        .find("<header class=\"page-header\">")
        .expect("title header")..];
    assert!(
        header.starts_with("<header class=\"page-header\">\n<h1 id=\"第一课入门\">第一课：入门"),
        "{main}"
    );
    assert!(
        header.contains("<dd>2025-10-31</dd>"),
        "metadata lines found: {main}"
    );
    assert!(
        !main.contains("&gt; 第一课"),
        "breadcrumb line dropped: {main}"
    );
    assert_eq!(main.matches("<h1").count(), 1, "{main}");
    let home = site.read("public/index.html");
    assert!(home.contains("<title>课程</title>"), "{home}");
}

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[test]
fn an_untitled_home_readme_is_named_after_its_folder_never_readme() {
    // A content folder called `docs` is named after the repository around it.
    let site = TestSite::new()
        .file("我的知识库/folio.toml", "content-dir = \"docs\"\n")
        .file(
            "我的知识库/docs/README.md",
            "---\ndescription: 首页\n---\n\n正文。\n",
        )
        .file(
            "我的知识库/docs/01-子目录/README.md",
            "+++\nweight = 1\n+++\n正文。\n",
        )
        .file("我的知识库/docs/01-子目录/页.md", "# 页\n");
    site.run(&["build", "我的知识库"]).success();
    let home = site.read("我的知识库/public/index.html");
    assert_eq!(title_of(&home), "我的知识库");
    assert!(main_of(&home).contains("<h1>我的知识库</h1>"), "{home}");
    let sub = site.read("我的知识库/public/01-子目录/index.html");
    assert_eq!(title_of(&sub), "子目录 · 我的知识库");
    assert!(!home.contains("README") && !sub.contains("README"), "{sub}");

    // A bare content folder is named after itself.
    let bare = TestSite::new().file("战略报告/README.md", "---\ndate: 2025-10-31\n---\n正文。\n");
    bare.run(&["build", "战略报告"]).success();
    assert_eq!(title_of(&bare.read("public/index.html")), "战略报告");
}

#[test]
fn pages_of_one_folder_with_the_same_title_are_told_apart_in_the_sidebar() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file("指南/安装.md", "# 安装\n")
        .file("指南/安装-旧版.md", "# 安装\n")
        .file("指南/配置.md", "# 配置\n");
    site.run(&["build"]).success();
    let page = site.read("public/指南/配置.html");
    assert!(
        page.contains("<a href=\"%E5%AE%89%E8%A3%85.html\">安装 <small class=\"nav-hint\">安装.md</small></a>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<a href=\"%E5%AE%89%E8%A3%85-%E6%97%A7%E7%89%88.html\">安装 <small class=\"nav-hint\">安装-旧版.md</small></a>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"%E9%85%8D%E7%BD%AE.html\">配置</a>"),
        "a unique title has no hint"
    );
    // Closed folders are expanded from nav.js, which carries the hint too.
    let nav = site.read("public/_folio/nav.js");
    assert!(nav.contains("\"title\":\"安装\",\"url\":\"%E6%8C%87%E5%8D%97/%E5%AE%89%E8%A3%85.html\",\"hint\":\"安装.md\""), "{nav}");
    assert!(
        !nav.contains(
            "\"title\":\"配置\",\"url\":\"%E6%8C%87%E5%8D%97/%E9%85%8D%E7%BD%AE.html\",\"hint\""
        ),
        "{nav}"
    );
}

#[test]
fn a_folder_whose_only_page_is_its_namesake_uses_it_as_its_index() {
    let site = TestSite::new()
        .file(
            "README.md",
            "# 首页\n\n- [文章](文章/文章.md)\n- [文章目录](文章/)\n- [另一篇](另一篇)\n",
        )
        .file("文章/文章.md", "# 一篇文章\n\n![图](图.png)\n")
        .bytes("文章/图.png", b"png")
        .file("另一篇/另一篇.md", "# 另一篇\n")
        .file("另一篇/README.md", "# 另一篇的首页\n")
        .file("两篇/两篇.md", "# 两篇之一\n")
        .file("两篇/其他.md", "# 两篇之二\n");
    site.run(&["build", "--strict"]).success();
    let index = site.read("public/文章/index.html");
    assert!(main_of(&index).contains("一篇文章"), "{index}");
    assert!(
        main_of(&index).contains("<img src=\"%E5%9B%BE.png\""),
        "{index}"
    );
    assert!(!site.exists("public/文章/文章.html"));
    let home = main_of(&site.read("public/index.html")).to_string();
    for text in ["文章", "文章目录"] {
        let link = format!("<li><a href=\"%E6%96%87%E7%AB%A0/index.html\">{text}</a></li>");
        assert!(
            home.contains(&link),
            "links to the page and the folder open it: {home}"
        );
    }
    // A README still wins, and a folder with two pages keeps a generated index.
    assert!(site
        .read("public/另一篇/index.html")
        .contains("另一篇的首页"));
    assert!(site.exists("public/另一篇/另一篇.html"));
    assert!(site.exists("public/两篇/两篇.html"));
    assert!(main_of(&site.read("public/两篇/index.html")).contains("class=\"cards\""));
}

#[test]
fn emoji_shortcodes_as_on_github_but_not_in_code_or_urls() {
    let site = TestSite::new().file(
        "README.md",
        "# :tada: 发布说明\n\n## :rocket: 发布\n\n见[发布](#rocket-发布)。:+1: 与 :foo: 与 `:rocket:`\n\n```\n:rocket:\n```\n\n<https://example.com/:rocket:/>\n",
    );
    site.run(&["build", "--strict"]).success();
    let home = site.read("public/index.html");
    assert_eq!(title_of(&home), "🎉 发布说明");
    let main = main_of(&home);
    assert!(
        main.contains("<h2 id=\"rocket-发布\">🚀 发布"),
        "ids from the text as written: {main}"
    );
    assert!(
        main.contains("👍 与 :foo: 与 <code>:rocket:</code>"),
        "{main}"
    );
    assert!(main.contains("<code>:rocket:\n</code>"), "{main}");
    assert!(
        main.contains(">https://example.com/:rocket:/</a>"),
        "{main}"
    );
    assert!(
        home.contains(">🚀 发布</a>"),
        "the table of contents shows the emoji: {home}"
    );
}
