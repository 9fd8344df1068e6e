//! The knowledge-base layer as a reader sees it: backlinks, wanted pages,
//! tasks, recent changes and tags, on the `kb` fixture (its link graph,
//! missing pages, tasks and tags counted by hand) and on small inline
//! sites.

mod common;
use common::{main_of, text_of, TestSite};

/// The text of each entry of the page's "linked from" list (the shown ones
/// and the collapsed ones), in order; `None` without the section.
fn backlinks(html: &str) -> Option<Vec<String>> {
    let start = html.find("<section class=\"backlinks\"")?;
    let end = start + html[start..].find("</section>").unwrap();
    Some(
        html[start..end]
            .split("<li>")
            .skip(1)
            .map(|li| text_of(&li[..li.find("</li>").unwrap()]))
            .collect(),
    )
}

fn built() -> TestSite {
    let site = TestSite::fixture("kb");
    site.run(&["build"]).success();
    site
}

#[test]
fn every_page_lists_the_pages_linking_to_it_with_the_text_around_the_link() {
    let site = built();
    let jia = site.read("public/1-甲.html");
    let list = backlinks(&jia).expect("甲 has backlinks");
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(list[0], "首页甲");
    // A long paragraph is cut around the link.
    // 乙 links twice (once to a heading 甲 does not have).
    assert!(list[1].starts_with("乙 2 处链接…"), "{}", list[1]);
    assert!(list[1].contains("然后才提到甲，后面"), "{}", list[1]);
    assert!(list[1].ends_with('…'), "{}", list[1]);
    assert_eq!(list[2], "丙回到甲。");
    // Each leads to the heading above the link (none above: the page).
    assert!(jia.contains("<li><a href=\"2-%E4%B9%99.html#%E7%AC%AC%E4%B8%80%E8%8A%82\">乙</a>"));
    assert!(jia.contains("<li><a href=\"3-%E4%B8%99/index.html\">丙</a>"));

    // Two links from one page are one entry, counted.
    let yi = backlinks(&site.read("public/2-乙.html")).unwrap();
    assert_eq!(yi, ["首页乙", "甲 2 处链接甲与乙方合作，详见乙的第二节。"]);
    // A task item quotes its text; a link to a folder is a backlink of its index.
    let home = backlinks(&site.read("public/index.html")).unwrap();
    assert_eq!(home, ["甲回到首页"]);
    let bing = backlinks(&site.read("public/3-丙/index.html")).unwrap();
    assert_eq!(bing, ["首页丙"]);
    // Nobody links to 丁.
    assert_eq!(backlinks(&site.read("public/3-丙/丁.html")), None);
}

#[test]
fn the_wanted_page_lists_every_missing_target_and_broken_links_lead_to_it() {
    let site = built();
    let wanted = site.read("public/_folio/wanted.html");
    let main = text_of(main_of(&wanted));
    let entries: Vec<String> = main_of(&wanted)
        .split("<li class=\"wanted-entry")
        .skip(1)
        .map(|e| text_of(&format!("<{e}")))
        .collect();
    assert_eq!(entries.len(), 3, "{main}");
    assert!(
        entries[0].starts_with("缺一.md 此页面尚未撰写 · 被 3 个页面引用"),
        "{}",
        entries[0]
    );
    for by in ["首页 第 6 行", "甲 第 14 行", "丁 第 6 行"] {
        assert!(entries[0].contains(by), "{by} in {}", entries[0]);
    }
    assert!(
        entries[1].starts_with("缺二.md 此页面尚未撰写 · 被 1 个页面引用"),
        "{}",
        entries[1]
    );
    // `links.ignore` targets are listed, marked as known.
    assert!(
        entries[2].starts_with("计划/未来.md 此页面尚未撰写 · 被 1 个页面引用 已知未写"),
        "{}",
        entries[2]
    );
    assert!(wanted.contains("<li class=\"wanted-entry\" id=\"缺一.md\">"));
    assert!(main.contains("失效的锚点"));
    assert!(main.contains("乙 第 15 行 1-甲.md#没有"), "{main}");

    // A click on a broken link lands on its entry, not on a 404.
    let jia = site.read("public/1-甲.html");
    assert!(jia.contains("href=\"_folio/wanted.html#%E7%BC%BA%E4%B8%80.md\">缺一</a>"));
    let ding = site.read("public/3-丙/丁.html");
    assert!(ding.contains("href=\"../_folio/wanted.html#%E7%BC%BA%E4%B8%80.md\">缺一</a>"));
    let home = site.read("public/index.html");
    assert!(home.contains("<a class=\"wanted-link\" title=\"尚未撰写：计划/未来.md\" href=\"_folio/wanted.html#%E8%AE%A1%E5%88%92/%E6%9C%AA%E6%9D%A5.md\">未来计划</a>"), "{}", main_of(&home));
}

#[test]
fn tasks_are_rolled_up_by_page_and_heading_and_each_page_shows_its_progress() {
    let site = built();
    let tasks = site.read("public/_folio/tasks.html");
    let sections: Vec<String> = main_of(&tasks)
        .split("<section class=\"kb-task-page\">")
        .skip(1)
        .map(text_of)
        .collect();
    assert_eq!(sections.len(), 3);
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    // Open items first, under their heading.
    assert_eq!(
        lines(&sections[0]),
        [
            "甲 1/3 已完成",
            "待办",
            "本周内确定分成方案 第 10 行",
            "回到首页 第 12 行",
            "签约 第 11 行"
        ]
    );
    assert_eq!(
        lines(&sections[1]),
        ["乙 1/1 已完成", "第二节", "完成第二节 第 13 行"]
    );
    // An item of a loose list; no heading but the title: no group heading.
    assert_eq!(
        lines(&sections[2]),
        ["丙 0/1 已完成", "松散列表中的任务 第 5 行"]
    );
    assert!(tasks.contains("<h3><a href=\"../1-%E7%94%B2.html#%E5%BE%85%E5%8A%9E\">待办</a></h3>"));

    let jia = site.read("public/1-甲.html");
    assert!(jia.contains("<span class=\"kb-progress\" title=\"任务\">1/3 已完成</span>"));
    assert!(!site.read("public/3-丙/丁.html").contains("kb-progress"));
}

#[test]
fn tags_and_categories_get_chips_a_page_each_and_an_index() {
    let site = built();
    assert_eq!(
        site.files("public/_folio/tags"),
        ["index.html", "伙伴.html", "重点.html", "项目.html"]
    );
    let index = text_of(main_of(&site.read("public/_folio/tags/index.html")));
    let compact: String = index.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        compact.contains("伙伴 2 个页面 重点 2 个页面 项目 1 个页面"),
        "{compact}"
    );
    let partner = text_of(main_of(&site.read("public/_folio/tags/伙伴.html")));
    assert!(partner.contains("标签：伙伴"));
    assert!(partner.contains("甲") && partner.contains("乙") && !partner.contains("丁"));
    let focus = site.read("public/_folio/tags/重点.html");
    assert!(focus.contains("<li><a href=\"../../3-%E4%B8%99/%E4%B8%81.html\">丁</a></li>"));
    // A single `tags: 伙伴` and `categories: [项目]`, both as chips.
    let yi = site.read("public/2-乙.html");
    assert!(yi.contains("<a class=\"kb-tag\" href=\"_folio/tags/%E4%BC%99%E4%BC%B4.html\">伙伴</a> <a class=\"kb-tag\" href=\"_folio/tags/%E9%A1%B9%E7%9B%AE.html\">项目</a>"));
}

#[test]
fn the_generated_pages_are_linked_from_every_page_in_the_theme() {
    let site = built();
    let ding = site.read("public/3-丙/丁.html");
    assert!(ding.contains("<nav class=\"kb-nav\" aria-label=\"知识库\"><a href=\"../_folio/wanted.html\">待写页面</a><a href=\"../_folio/tasks.html\">任务</a><a href=\"../_folio/changes.html\">最近更改</a><a href=\"../_folio/tags/index.html\">标签</a>"));
    let wanted = site.read("public/_folio/wanted.html");
    // In the theme: the stylesheet and the sidebar, linked from where it is.
    assert!(wanted.contains("<link rel=\"stylesheet\" href=\"../_folio/folio.css\">"));
    assert!(wanted.contains("<title>待写页面 · 知识库</title>"));
    assert!(wanted.contains("href=\"../1-%E7%94%B2.html\""));
    let tag = site.read("public/_folio/tags/伙伴.html");
    assert!(tag.contains("<link rel=\"stylesheet\" href=\"../../_folio/folio.css\">"));
    // Outside git there is no history.
    let changes = text_of(main_of(&site.read("public/_folio/changes.html")));
    assert!(changes.contains("没有 git 历史记录。"), "{changes}");

    // In the sidebar instead.
    let site = TestSite::fixture("kb").file(
        "folio.toml",
        "[links]\nignore = [\"计划/**\"]\n[knowledge]\nlinks = \"sidebar\"\n",
    );
    site.run(&["build"]).success();
    let ding = site.read("public/3-丙/丁.html");
    assert!(!ding.contains("kb-nav"));
    assert!(ding.contains("<ul class=\"kb-sidebar\" aria-label=\"知识库\"><li><a href=\"../_folio/wanted.html\">待写页面</a></li>"));
    // (In the header, the sidebar has them for narrow screens.)
    let header = built().read("public/3-丙/丁.html");
    assert!(header.contains("<ul class=\"kb-sidebar kb-narrow\""));
}

#[test]
fn english_interface_words() {
    let site = TestSite::fixture("kb").file(
        "folio.toml",
        "language = \"en\"\n[links]\nignore = [\"计划/**\"]\n",
    );
    site.run(&["build"]).success();
    let jia = site.read("public/1-甲.html");
    assert!(jia.contains("<h2 id=\"backlinks-title\">Linked from</h2>"));
    assert!(jia.contains(">1/3 done</span>"));
    let wanted = text_of(main_of(&site.read("public/_folio/wanted.html")));
    assert!(wanted.contains("This page has not been written yet · wanted by 3 pages"));
    assert!(wanted.contains("known, not written yet"));
    assert!(site
        .read("public/_folio/tasks.html")
        .contains("<h1>Tasks</h1>"));
}

#[test]
fn each_feature_can_be_turned_off() {
    let site = TestSite::fixture("kb").file(
        "folio.toml",
        "[links]\nignore = [\"计划/**\"]\n[knowledge]\nbacklinks = false\nwanted = false\ntasks = false\nchanges = false\ntags = false\n",
    );
    site.run(&["build"]).success();
    for page in [
        "wanted.html",
        "tasks.html",
        "changes.html",
        "tags/index.html",
    ] {
        assert!(!site.exists(&format!("public/_folio/{page}")), "{page}");
    }
    let jia = site.read("public/1-甲.html");
    assert_eq!(backlinks(&jia), None);
    for part in ["kb-nav", "kb-progress", "kb-tag"] {
        assert!(!jia.contains(part), "{part}");
    }
    // Broken links stay as written; known ones are not marked.
    assert!(jia.contains("href=\"%E7%BC%BA%E4%B8%80.md\">缺一</a>"));
    assert!(!site.read("public/index.html").contains("wanted-link"));
}

#[test]
fn backlinks_past_twenty_are_collapsed() {
    let mut site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file("目标.md", "# 目标\n");
    for i in 1..=25 {
        site = site.file(
            &format!("p{i:02}.md"),
            &format!("# 页{i:02}\n\n见[目标](目标.md)。\n"),
        );
    }
    site.run(&["build"]).success();
    let html = site.read("public/目标.html");
    let list = backlinks(&html).unwrap();
    assert_eq!(list.len(), 25);
    assert_eq!(list[0], "页01见目标。");
    assert_eq!(list[24], "页25见目标。");
    let (shown, rest) = html.split_once("<details>").expect("the rest is collapsed");
    assert_eq!(shown.matches("见目标。").count(), 20);
    assert!(rest.starts_with("<summary>更多引用本页的页面（5）</summary>"));
}

fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    common::git(dir, args, Some(date));
}

/// A repository with four commits: two touch pages, one only an image, one
/// only a draft (neither published page: left out).
fn repository() -> TestSite {
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[甲](甲.md)\n")
        .file("甲.md", "# 甲\n");
    let dir = &site.path().to_path_buf();
    git(dir, &["init", "-q"], "2026-11-01T09:00:00+08:00");
    git(dir, &["add", "."], "2026-11-01T09:00:00+08:00");
    git(dir, &["commit", "-qm", "初稿"], "2026-11-01T09:00:00+08:00");
    let site = site
        .file("甲.md", "# 甲\n\n![图](图.svg)\n")
        .file("图.svg", "<svg/>");
    git(dir, &["add", "."], "2026-11-02T09:00:00+08:00");
    git(
        dir,
        &["commit", "-qm", "甲：加图"],
        "2026-11-02T09:00:00+08:00",
    );
    let site = site.file("图.svg", "<svg></svg>");
    git(
        dir,
        &["commit", "-qam", "只改图片"],
        "2026-11-03T09:00:00+08:00",
    );
    let site = site.file("草稿.md", "---\ndraft: true\n---\n# 机密草稿\n");
    git(dir, &["add", "."], "2026-11-04T09:00:00+08:00");
    git(
        dir,
        &["commit", "-qm", "机密草稿"],
        "2026-11-04T09:00:00+08:00",
    );
    site
}

/// The entries of a recent-changes page, each as its words: date, subject
/// (when shown), page titles.
fn change_items(changes: &str) -> Vec<String> {
    main_of(changes)
        .split("<li><time>")
        .skip(1)
        .map(|c| {
            text_of(&format!("<time>{c}").replace("</li>", " "))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn recent_changes_list_the_commits_that_touched_published_pages() {
    let site = repository();
    site.run(&["build"]).success();
    let changes = site.read("public/_folio/changes.html");
    assert_eq!(
        change_items(&changes),
        ["2026-11-02 甲：加图 甲", "2026-11-01 初稿 首页 甲"]
    );
    assert!(
        !changes.contains("机密"),
        "a commit touching no published page is not listed"
    );
    assert!(changes.contains("<a href=\"../%E7%94%B2.html\">甲</a>"));
    // The same commit, the same page.
    site.run(&["build"]).success();
    assert_eq!(site.read("public/_folio/changes.html"), changes);
}

#[test]
fn recent_changes_can_look_at_fewer_commits_and_leave_subjects_out() {
    let site = repository().file(
        "folio.toml",
        "content-dir = \".\"\n[knowledge]\nchanges-count = 3\nshow-subjects = false\n",
    );
    site.run(&["build"]).success();
    let changes = site.read("public/_folio/changes.html");
    let main = text_of(main_of(&changes));
    // The last three commits: two touch no published page.
    assert_eq!(main.matches("2026-").count(), 1, "{main}");
    assert!(main.contains("2026-11-02"));
    assert!(!main.contains("加图") && !main.contains("初稿"), "{main}");
}

#[test]
fn an_audience_build_lists_changes_by_date_and_page_without_commit_subjects() {
    // A subject can itself be confidential ("调整极峰分成比例"): an audience
    // build shows when and which published page changed, never why.
    let site = repository().file(
        "folio.toml",
        "content-dir = \".\"\n[audiences.partner]\nexclude = [\"草稿.md\"]\n",
    );
    let items = |out: &str| change_items(&site.read(&format!("{out}/_folio/changes.html")));
    site.run(&["build", "-o", "full"]).success();
    assert_eq!(
        items("full"),
        ["2026-11-02 甲：加图 甲", "2026-11-01 初稿 首页 甲"]
    );
    site.run(&["build", "--audience", "partner", "-o", "partner"])
        .success();
    assert_eq!(items("partner"), ["2026-11-02 甲", "2026-11-01 首页 甲"]);
}

/// The generated pages (the tasks of a large site are over 100 MB) are
/// filled around their content, which is written as it is, when the
/// templates are folio's own: the same bytes Tera makes filling them with
/// it, as it does for a theme folder's page.html (here the built-in one).
#[test]
fn generated_pages_filled_around_their_content_are_what_tera_makes() {
    let site = built();
    let pages = [
        "_folio/tasks.html",
        "_folio/wanted.html",
        "_folio/changes.html",
        "_folio/tags/index.html",
    ];
    let ours: Vec<String> = pages
        .iter()
        .map(|p| site.read(&format!("public/{p}")))
        .collect();
    let toml = site.read("folio.toml");
    std::fs::write(site.join("folio.toml"), format!("theme = \"same\"\n{toml}")).unwrap();
    let template = include_str!("../themes/default/templates/page.html");
    let dir = site.join("themes/same/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.html"), template).unwrap();
    site.run(&["build"]).success();
    for (page, ours) in pages.iter().zip(&ours) {
        assert!(ours.contains("kb-"), "{page} has its content");
        assert!(
            site.read(&format!("public/{page}")) == *ours,
            "{page} is what Tera makes"
        );
    }
}
