//! The order readers see, on built HTML: a folder's index page orders the
//! pages it links (the `linked-order` fixture), Chinese names come in
//! pinyin order, and a large folder's pages list a window of their
//! siblings while `nav.js` and the folder index list them all.

mod common;

use common::{main_of, TestSite};

fn built(site: TestSite) -> TestSite {
    site.run(&["build"]).success();
    site
}

fn sidebar(html: &str) -> &str {
    let from = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    let to = html[from..].find("</nav>").expect("closed") + from;
    &html[from..to]
}

/// Do `titles` first appear in `text` in this order, each as `shown`
/// spells it?
fn appear_in_order(text: &str, titles: &[&str], shown: fn(&str) -> String) -> bool {
    let at: Vec<usize> = titles
        .iter()
        .map(|t| {
            text.find(&shown(t))
                .unwrap_or_else(|| panic!("no {t} in {text}"))
        })
        .collect();
    at.windows(2).all(|w| w[0] < w[1])
}

/// As the text of an element (a link, a card's title).
fn in_order(html: &str, titles: &[&str]) -> bool {
    appear_in_order(html, titles, |t| format!(">{t}</"))
}

#[test]
fn the_sidebar_follows_the_order_the_folder_index_links_its_pages() {
    let site = built(TestSite::fixture("linked-order"));
    // Linked: 丙 甲 乙 (a second link to 丙 changes nothing); 丁 is not
    // linked and comes after them.
    let expected = ["丙篇", "甲篇", "乙篇", "丁篇"];
    let page = site.read("public/章节/甲篇.html");
    assert!(in_order(sidebar(&page), &expected), "{}", sidebar(&page));
    // The folder index's cards and the pager follow the same order.
    let index = site.read("public/章节/index.html");
    let cards = &main_of(&index)[main_of(&index).find("class=\"cards\"").unwrap()..];
    assert!(in_order(cards, &expected), "{cards}");
    assert!(
        page.contains("rel=\"prev\" href=\"%E4%B8%99%E7%AF%87.html\""),
        "{page}"
    );
    assert!(
        page.contains("rel=\"next\" href=\"%E4%B9%99%E7%AF%87.html\""),
        "{page}"
    );
    let tree = site.read("public/_folio/nav.js");
    assert!(
        appear_in_order(&tree, &expected, |t| format!("\"title\":\"{t}\"")),
        "{tree}"
    );
}

#[test]
fn chinese_names_are_in_pinyin_order() {
    let site = built(TestSite::fixture("linked-order"));
    let page = site.read("public/城市/北京.html");
    // ān huī, běi jīng, chóng qìng, shàng hǎi (code points: 上 北 安 重).
    assert!(
        in_order(sidebar(&page), &["安徽", "北京", "重庆", "上海"]),
        "{}",
        sidebar(&page)
    );
}

fn flat(n: usize) -> TestSite {
    let mut site = TestSite::new().file("README.md", "# 首页\n\n[记录](记录/)\n");
    for i in 1..=n {
        site = site.file(
            &format!("记录/r{i:04}.md"),
            &format!("# 记录 {i}\n\n第 {i} 条。\n"),
        );
    }
    built(site)
}

#[test]
fn a_page_of_a_large_folder_lists_a_window_of_its_siblings() {
    let site = flat(300);
    let page = site.read("public/记录/r0150.html");
    let nav = sidebar(&page);
    // Its neighbours, 25 on each side at least, and not the far ones.
    for i in [125, 149, 151, 175] {
        assert!(nav.contains(&format!(">记录 {i}</a>")), "{i}: {nav}");
    }
    for i in [1, 99, 201, 300] {
        assert!(!nav.contains(&format!(">记录 {i}</a>")), "{i}: {nav}");
    }
    // "… N more" on both sides, leading to the folder index.
    assert!(nav.contains(r#"<li class="nav-more" data-from="0" data-count="100"><a href="index.html">… 还有 100 项</a></li>"#), "{nav}");
    assert!(nav.contains(r#"data-from="175" data-count="125""#), "{nav}");
    // nav.js and the folder index (for readers without JavaScript) have all.
    let tree = site.read("public/_folio/nav.js");
    let index = site.read("public/记录/index.html");
    for i in 1..=300 {
        assert!(tree.contains(&format!("\"记录 {i}\"")), "{i} in nav.js");
        assert!(
            index.contains(&format!(">记录 {i}</span>")),
            "{i} in the index"
        );
    }
}

#[test]
fn a_pages_size_does_not_grow_with_its_siblings() {
    let (small, large) = (flat(300), flat(600));
    let page = "public/记录/r0150.html";
    let (a, b) = (small.read(page).len(), large.read(page).len());
    assert!(
        b <= a + 16,
        "300 siblings: {a} bytes, 600 siblings: {b} bytes"
    );
}
