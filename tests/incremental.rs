//! The incremental engine behind `folio serve` must always produce exactly
//! what a fresh full build produces. Apply a sequence of edits, one update
//! at a time, and compare every file with a full build after each step.

mod common;
use common::{build_options as options, contents, TestSite};
use folio::engine::{build, Engine};
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

struct Session {
    site: TestSite,
    engine: Engine,
    served: PathBuf,
    fresh: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Session {
    fn start(site: TestSite) -> Session {
        let tmp = tempfile::tempdir().unwrap();
        let served = tmp.path().join("served");
        let fresh = tmp.path().join("fresh");
        let mut engine = Engine::new(options(site.path(), &served, true)).unwrap();
        let outcome = engine.full();
        assert!(
            !outcome.diagnostics.has_errors(),
            "{:?}",
            outcome.diagnostics
        );
        Session {
            site,
            engine,
            served,
            fresh,
            _tmp: tmp,
        }
    }

    /// Write (or with `None` delete) files, update, and compare.
    fn step(&mut self, what: &str, edits: &[(&str, Option<&str>)]) -> folio::engine::BuildOutcome {
        let mut changed = BTreeSet::new();
        for (rel, contents) in edits {
            let path = self.site.join(rel);
            match contents {
                Some(text) => {
                    fs::create_dir_all(path.parent().unwrap()).unwrap();
                    fs::write(&path, text).unwrap();
                }
                None if path.is_dir() => fs::remove_dir_all(&path).unwrap(),
                None => fs::remove_file(&path).unwrap(),
            }
            changed.insert(path);
        }
        let outcome = self.engine.update(&changed);
        if outcome.diagnostics.has_errors() {
            return outcome;
        }
        let _ = fs::remove_dir_all(&self.fresh);
        let full = build(&options(self.site.path(), &self.fresh, false)).unwrap();
        assert_eq!(
            format!("{:?}", outcome.diagnostics.items()),
            format!("{:?}", full.diagnostics.items()),
            "{what}: the same diagnostics"
        );
        let (a, b) = (contents(&self.served), contents(&self.fresh));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "{what}: the same files");
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(
                x == y,
                "{what}: {name} differs from a full build\n--- incremental\n{}\n--- full\n{}",
                String::from_utf8_lossy(x),
                String::from_utf8_lossy(y)
            );
        }
        outcome
    }
}

/// `02-规划/目标.md` under a new title, its body as in [`fixture`].
const RETITLED_GOAL: &str =
    "# 新目标\n\n## 目标一\n\n正文。\n\n## 目标二\n\n[回到总览](../01-总览.md#背景)\n";

fn fixture() -> TestSite {
    TestSite::new()
        .file("README.md", "# 首页\n\n- [总览](01-总览.md)\n- [规划](02-规划/)\n- [尚未写](03-将来.md)\n")
        .file("01-总览.md", "# 总览\n\n**负责人**: 张三\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n\n```toml\n[a]\nb = 1\n```\n")
        .file("02-规划/README.md", "# 规划\n\n[目标](目标.md)\n")
        .file("02-规划/目标.md", "# 目标\n\n## 目标一\n\n正文。\n\n## 目标二\n\n[回到总览](../01-总览.md#背景)\n")
        .file("02-规划/图.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
}

#[test]
fn every_update_equals_a_full_build() {
    let mut s = Session::start(fixture());
    s.step("a body edit", &[("01-总览.md", Some("# 总览\n\n**负责人**: 李四\n\n## 背景\n\n改过的正文，见[规划的目标](02-规划/目标.md#目标一)。\n"))]);
    s.step(
        "a title change (navigation everywhere)",
        &[("02-规划/目标.md", Some(RETITLED_GOAL))],
    );
    s.step(
        "the title heading goes: the name is the title",
        &[(
            "02-规划/目标.md",
            Some("## 目标一\n\n正文。\n\n## 目标二\n\n[回到总览](../01-总览.md#背景)\n"),
        )],
    );
    s.step(
        "front matter grows, same values",
        &[("01-总览.md", Some("+++\n\ntitle = \"总览\"\n\n+++\n**负责人**: 李四\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n"))],
    );
    s.step(
        "front matter grows again, same values",
        &[("01-总览.md", Some("+++\n\n\ntitle = \"总览\"\n\n+++\n**负责人**: 李四\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n"))],
    );
    s.step(
        "a heading id change breaks another page's anchor",
        &[(
            "02-规划/目标.md",
            Some("# 新目标\n\n## 第一个目标\n\n正文。\n"),
        )],
    );
    s.step(
        "the missing page is written",
        &[("03-将来.md", Some("# 将来\n\n回到[首页](README.md)。\n"))],
    );
    s.step("a page is deleted", &[("03-将来.md", None)]);
    s.step(
        "a new folder with pages",
        &[
            ("04-附录/甲.md", Some("# 甲\n\n[乙](乙.md)\n")),
            ("04-附录/乙.md", Some("# 乙\n")),
        ],
    );
    s.step(
        "an index page orders its folder by its links",
        &[(
            "04-附录/README.md",
            Some("# 附录\n\n[乙](乙.md) [甲](甲.md)\n"),
        )],
    );
    s.step(
        "the index page reorders its links",
        &[(
            "04-附录/README.md",
            Some("# 附录\n\n[甲](甲.md) [乙](乙.md)\n"),
        )],
    );
    s.step(
        "weights reorder the sidebar",
        &[("04-附录/乙.md", Some("+++\nweight = 1\n+++\n# 乙\n"))],
    );
    s.step(
        "a page becomes a draft",
        &[("04-附录/甲.md", Some("---\ndraft: true\n---\n# 甲\n"))],
    );
    s.step(
        "an asset is added and linked",
        &[
            ("02-规划/表.csv", Some("a,b\n")),
            (
                "02-规划/README.md",
                Some("# 规划\n\n[目标](目标.md) [表](表.csv)\n"),
            ),
        ],
    );
    s.step(
        "an asset is edited in place",
        &[(
            "02-规划/图.svg",
            Some("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n"),
        )],
    );
    s.step("a folder is deleted", &[("04-附录", None)]);
    s.step("a folder index appears", &[("02-规划/README.md", None)]);
}

/// The tasks page is made from one section per page, kept between saves:
/// every change a section reads must make it again.
#[test]
fn the_tasks_page_follows_every_change_its_sections_read() {
    let mut s = Session::start(
        TestSite::new()
            .file("README.md", "# 首页\n\n- [甲](甲.md)\n- [乙](乙.md)\n")
            .file("甲.md", "# 甲\n\n## 本周\n\n- [ ] 写报告\n- [x] 开会\n")
            .file("乙.md", "# 乙\n\n- [ ] 对接伙伴\n"),
    );
    let tasks = |s: &Session| fs::read_to_string(s.served.join("_folio/tasks.html")).unwrap();
    s.step(
        "a body edit away from the tasks",
        &[(
            "甲.md",
            Some("# 甲\n\n正文。\n\n## 本周\n\n- [ ] 写报告\n- [x] 开会\n"),
        )],
    );
    s.step(
        "a task is done",
        &[("乙.md", Some("# 乙\n\n- [x] 对接伙伴\n"))],
    );
    assert!(tasks(&s).contains("1/1"), "{}", tasks(&s));
    s.step(
        "the page is retitled",
        &[(
            "甲.md",
            Some("# 甲方\n\n正文。\n\n## 本周\n\n- [ ] 写报告\n- [x] 开会\n"),
        )],
    );
    assert!(tasks(&s).contains(">甲方</a>"), "{}", tasks(&s));
    s.step(
        "the heading above the tasks is renamed",
        &[(
            "甲.md",
            Some("# 甲方\n\n正文。\n\n## 下周\n\n- [ ] 写报告\n- [x] 开会\n"),
        )],
    );
    assert!(tasks(&s).contains("下周"), "{}", tasks(&s));
    s.step(
        "the page moves",
        &[
            ("甲.md", None),
            ("丙/甲.md", Some("# 甲方\n\n## 下周\n\n- [ ] 写报告\n")),
        ],
    );
    assert!(
        tasks(&s).contains("%E4%B8%99/%E7%94%B2.html"),
        "{}",
        tasks(&s)
    );
    s.step("a page with tasks goes", &[("乙.md", None)]);
    assert!(!tasks(&s).contains("对接伙伴"), "{}", tasks(&s));
}

/// The "linked from" section of a served page.
fn linked_from(s: &Session, rel: &str) -> String {
    let html = fs::read_to_string(s.served.join(rel)).unwrap();
    match html.find("<section class=\"backlinks\"") {
        Some(start) => html[start..start + html[start..].find("</section>").unwrap()].to_string(),
        None => String::new(),
    }
}

#[test]
fn backlinks_follow_links_added_and_removed_as_a_full_build_has_them() {
    let mut s = Session::start(fixture());
    assert!(!linked_from(&s, "02-规划/index.html").contains("总览"));
    // A link added: the page it leads to lists the linking page, though
    // only the linking page was edited.
    let added = s.step(
        "a link is added",
        &[("01-总览.md", Some("# 总览\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n\n另见[规划](02-规划/)。\n"))],
    );
    assert!(linked_from(&s, "02-规划/index.html").contains("另见规划。"));
    assert_eq!(
        added.filled, 2,
        "the edited page and the one it now links to"
    );
    s.step(
        "the link is removed",
        &[(
            "01-总览.md",
            Some("# 总览\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n"),
        )],
    );
    assert!(!linked_from(&s, "02-规划/index.html").contains("总览"));
    s.step(
        "a new page links to another",
        &[(
            "05-新页.md",
            Some("# 新页\n\n- [ ] 补上[目标](02-规划/目标.md)\n\n[未写的页](06-未写.md)\n"),
        )],
    );
    assert!(linked_from(&s, "02-规划/目标.html").contains("新页"));
    s.step(
        "tags and tasks change",
        &[(
            "05-新页.md",
            Some("---\ntags: [新]\n---\n# 新页\n\n- [x] 补上[目标](02-规划/目标.md)\n"),
        )],
    );
    s.step("the linking page goes", &[("05-新页.md", None)]);
    assert!(!linked_from(&s, "02-规划/目标.html").contains("新页"));
}

#[test]
fn an_index_page_that_reorders_its_links_reorders_its_siblings_sidebars() {
    let site = fixture()
        .file(
            "05-名单/README.md",
            "# 名单\n\n- [丙](丙.md)\n- [甲](甲.md)\n",
        )
        .file("05-名单/甲.md", "# 甲\n")
        .file("05-名单/丙.md", "# 丙\n");
    let mut s = Session::start(site);
    let order = |s: &Session| {
        let html = fs::read_to_string(s.served.join("05-名单/丙.html")).unwrap();
        let (a, c) = (html.find(">甲</a>").unwrap(), html.find(">丙</a>").unwrap());
        if a < c {
            "甲 丙"
        } else {
            "丙 甲"
        }
    };
    assert_eq!(order(&s), "丙 甲", "the index page's order");
    s.step(
        "the index page links its pages the other way round",
        &[(
            "05-名单/README.md",
            Some("# 名单\n\n- [甲](甲.md)\n- [丙](丙.md)\n"),
        )],
    );
    assert_eq!(order(&s), "甲 丙", "a sibling's sidebar follows the edit");
}

#[test]
fn a_broken_update_writes_nothing_and_the_fix_catches_up() {
    let mut s = Session::start(fixture());
    let before = contents(&s.served);
    let outcome = s.step(
        "bad front matter",
        &[("01-总览.md", Some("+++\ntitle = \n+++\n# 总览\n"))],
    );
    assert!(outcome.diagnostics.has_errors());
    assert_eq!(contents(&s.served), before, "the last good build stays");
    s.step(
        "fixed, with another change meanwhile",
        &[("01-总览.md", Some("# 总览 修好了\n"))],
    );
}

#[test]
fn an_update_fills_again_only_the_pages_whose_html_can_change() {
    let mut s = Session::start(fixture());
    // A title in a sub-folder: its page, the folder's pages (their sidebar
    // branch) and the folder index (its cards) show it; the home page and
    // `01-总览` do not.
    let retitled = s.step(
        "a title change in a sub-folder",
        &[("02-规划/目标.md", Some(RETITLED_GOAL))],
    );
    assert!(
        retitled.filled >= 2 && retitled.filled < retitled.pages,
        "filled {} of {} pages",
        retitled.filled,
        retitled.pages
    );
    // A body edit away from its links: that page alone.
    let edited = s.step(
        "a body edit",
        &[("01-总览.md", Some("# 总览\n\n**负责人**: 李四\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n\n新的正文。\n"))],
    );
    assert_eq!(edited.filled, 1);
    // The sentence around a link: the page it links to quotes it in its
    // backlinks.
    let quoted = s.step(
        "a link's sentence edited",
        &[("01-总览.md", Some("# 总览\n\n**负责人**: 李四\n\n## 背景\n\n改过的句子，见[规划的目标](02-规划/目标.md#目标一)。\n\n新的正文。\n"))],
    );
    assert_eq!(quoted.filled, 2);
    // A title at the top level is in every page's sidebar.
    let everywhere = s.step(
        "a top-level title change",
        &[(
            "01-总览.md",
            Some("# 概览\n\n## 背景\n\n见[规划的目标](02-规划/目标.md#目标一)。\n"),
        )],
    );
    assert_eq!(everywhere.filled, everywhere.pages);
}

#[test]
fn serve_publishes_the_files_pages_reference() {
    let mut s = Session::start(fixture());
    let image = s.served.join("02-规划/图.svg");
    assert!(!image.exists(), "no page references 图.svg yet");
    s.step(
        "a body edit links the image",
        &[(
            "02-规划/README.md",
            Some("# 规划\n\n[目标](目标.md) ![图](图.svg)\n"),
        )],
    );
    assert!(image.exists(), "the edit that links the image publishes it");
    s.step(
        "the linked image is edited",
        &[(
            "02-规划/图.svg",
            Some("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle/></svg>\n"),
        )],
    );
    s.step(
        "the link goes again",
        &[("02-规划/README.md", Some("# 规划\n\n[目标](目标.md)\n"))],
    );
    assert!(!image.exists(), "an image no page references is taken out");
}

#[test]
fn serve_leaves_out_what_exclude_matches() {
    let site = TestSite::new()
        .file("folio.toml", "exclude = [\"草稿/**\"]\n")
        .file("content/README.md", "# 首页\n\n[草稿](草稿/a.md)\n");
    let mut s = Session::start(site);
    s.step(
        "an excluded page is written",
        &[("content/草稿/a.md", Some("# 草稿页\n\nEXCLUDED-TEXT\n"))],
    );
    let outcome = s.step(
        "and edited",
        &[("content/草稿/a.md", Some("# 草稿页\n\nEXCLUDED-TEXT 2\n"))],
    );
    assert!(!s.served.join("草稿").exists());
    assert!(
        outcome
            .diagnostics
            .items()
            .iter()
            .any(|d| d.message.contains("left out by `exclude`")),
        "{:?}",
        outcome.diagnostics
    );
}

#[test]
fn folder_listings_come_and_go_with_the_links_to_them() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[指南](指南.md)\n")
        .file("指南.md", "# 指南\n")
        .file("scripts/run.sh", "echo run\n")
        .file("scripts/lib/util.sh", "echo util\n");
    let mut s = Session::start(site);
    assert!(!s.served.join("scripts").exists());
    s.step(
        "a link to the folder makes its listing appear",
        &[("指南.md", Some("# 指南\n\n[脚本](scripts/)\n"))],
    );
    assert!(s.served.join("scripts/index.html").is_file());
    assert!(s.served.join("scripts/lib/util.sh").is_file());
    s.step(
        "a file is added to the listed folder",
        &[("scripts/new.sh", Some("echo new\n"))],
    );
    s.step(
        "the link goes, and the listing with it",
        &[("指南.md", Some("# 指南\n"))],
    );
    assert!(!s.served.join("scripts/index.html").exists());
    s.step(
        "the link comes back",
        &[("指南.md", Some("# 指南\n\n[工具](scripts/lib)\n"))],
    );
    assert!(s.served.join("scripts/index.html").is_file());
    s.step(
        "a page in the folder: a folder of the navigation",
        &[("scripts/README.md", Some("# 脚本说明\n"))],
    );
}

/// The plan of each kind of change: what is rendered, checked and filled
/// again, and where it is written. (A template or configuration change
/// makes serve start a new engine: the plan "everything" of `full`.)
#[test]
fn each_change_is_planned_to_redo_only_what_it_affects() {
    use folio::engine::{PlanSummary, Target};
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture();
    let mut engine = Engine::new(options(site.path(), &tmp.path().join("o"), true)).unwrap();
    let first = engine.full().plan;
    assert_eq!(
        first,
        PlanSummary {
            rendered: 4,
            checked: 4,
            filled: 4,
            target: Some(Target::Staging)
        },
        "a full build is everything into a staging folder"
    );
    let mut s = Session::start(fixture());
    let body = s.step(
        "a body edit",
        &[(
            "01-总览.md",
            Some("# 总览\n\n## 背景\n\n另一句，见[规划的目标](02-规划/目标.md#目标一)。\n"),
        )],
    );
    assert_eq!(
        body.plan,
        PlanSummary {
            rendered: 1,
            checked: 1,
            // The page, and 目标: the sentence its backlink quotes changed.
            filled: 2,
            target: Some(Target::InPlace)
        }
    );
    let moved = s.step(
        "a heading id moves: the pages linking to it are checked again",
        &[(
            "02-规划/目标.md",
            Some("# 目标\n\n## 第一个目标\n\n正文。\n\n## 目标二\n\n[回到总览](../01-总览.md#背景)\n"),
        )],
    );
    assert_eq!((moved.plan.rendered, moved.plan.checked), (1, 3));
    assert_eq!(moved.plan.filled, 2, "its broken-link mark changed");
    let title = s.step(
        "a title change",
        &[("02-规划/目标.md", Some(RETITLED_GOAL))],
    );
    // Its title heading's id moved too: both pages linking to it are checked.
    assert_eq!((title.plan.rendered, title.plan.checked), (1, 3));
    assert!(title.plan.filled > 1 && title.plan.filled < title.pages);
    let added = s.step("a new page", &[("05-新页.md", Some("# 新页\n"))]);
    assert_eq!(added.plan.rendered, 1, "the others keep their rendering");
    assert_eq!(
        added.plan.checked, added.pages,
        "the tree changed: all links"
    );
    let deleted = s.step("a page is deleted", &[("05-新页.md", None)]);
    assert_eq!(deleted.plan.rendered, 0);
    let renamed = s.step(
        "a page moves: the page linking to it renders again",
        &[
            ("01-总览.md", None),
            ("06-总览.md", Some("# 总览\n\n## 背景\n")),
        ],
    );
    assert_eq!(
        renamed.plan.rendered, 3,
        "the moved page, and the home page and 目标, whose links to it now point nowhere"
    );
    assert_eq!(renamed.plan.target, Some(Target::InPlace));
}

/// A large site's one-off build holds its bodies in a temporary file until
/// the templates (`markdown::spill`); serve keeps them in memory. Both
/// write the same files, print pages included.
#[test]
fn a_large_site_built_once_equals_what_serve_writes() {
    // 17 MB, above the 16 MiB from which bodies are packed (and spilled).
    let chapter = |c: usize| common::large_chapter(c, 1600);
    // Two folders of 35 chapters: each gets a print page (at most 50
    // pages); the last chapter of each links to one that is not there.
    let mut site = TestSite::new().file("README.md", "# 首页\n\n[第一章](卷0/第0章.md)\n");
    for c in 0..70 {
        site = site.file(&format!("卷{}/第{c}章.md", c / 35), &chapter(c));
    }
    let mut s = Session::start(site);
    let edited = format!("{}\n改过的结尾。\n", chapter(7));
    s.step("a body edit", &[("卷0/第7章.md", Some(&edited))]);
}
