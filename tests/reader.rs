//! What a screen reader is told about the HTML folio writes: named task-list
//! checkboxes, table regions that each have a name of their own.

mod common;

use common::{main_of, TestSite};

const PAGE: &str = "# 计划\n\n- [ ] 起草协议\n- [x] 签署 NDA\n\n\
| 阶段 | 时间 |\n| --- | --- |\n| 一 | 10月 |\n\n| 人 | 角色 |\n| --- | --- |\n| 王 | 负责 |\n";

#[test]
fn task_checkboxes_are_named_by_their_state_in_the_interface_language() {
    let site = TestSite::new().file("计划.md", PAGE);
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/计划.html")).to_string();
    assert!(
        main.contains(r#"<li><input type="checkbox" disabled="" aria-label="未完成"/>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<li><input type="checkbox" disabled="" checked="" aria-label="已完成"/>"#),
        "{main}"
    );
    assert!(
        !main.contains("<input disabled"),
        "pulldown-cmark's unnamed box is gone: {main}"
    );

    let site = TestSite::new()
        .file("folio.toml", "language = \"en\"\ncontent-dir = \".\"\n")
        .file("plan.md", PAGE);
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/plan.html")).to_string();
    assert!(main.contains(r#"aria-label="To do"/>"#), "{main}");
    assert!(main.contains(r#"checked="" aria-label="Done"/>"#), "{main}");
}

#[test]
fn each_table_region_has_a_name_of_its_own() {
    let site = TestSite::new().file("计划.md", PAGE);
    site.run(&["build"]).success();
    let main = main_of(&site.read("public/计划.html")).to_string();
    assert!(
        main.contains(r#"role="region" aria-label="表格 1">"#),
        "{main}"
    );
    assert!(
        main.contains(r#"role="region" aria-label="表格 2">"#),
        "{main}"
    );
}
