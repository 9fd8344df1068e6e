//! The precedence of the navigation's order, rule by rule: each one beats
//! the next.

use super::*;
use crate::links::resolve;
use crate::load::{Content, SourcePage};
use crate::markdown::OutLink;

fn page(rel: &str, weight: Option<i64>) -> SourcePage {
    SourcePage::unread(rel, weight)
}

/// A site of `pages` (one folder level: `a/...` makes folder `a`) whose
/// home page links `links` in that order.
fn site(pages: &[(&str, Option<i64>)], links: &[&str]) -> (Site, Vec<RenderedPage>) {
    let mut folders: Vec<String> = vec![String::new()];
    for (rel, _) in pages {
        if let Some((dir, _)) = rel.rsplit_once('/') {
            folders.push(dir.to_string());
        }
    }
    folders.sort();
    folders.dedup();
    let mut sources = vec![page("README.md", None)];
    sources.extend(pages.iter().map(|(rel, w)| page(rel, *w)));
    let (site, _) = Site::build(
        Content {
            pages: sources,
            folders,
            ..Content::default()
        },
        "content",
    );
    let mut rendered = vec![RenderedPage::default(); site.pages.len()];
    let home = site.home();
    rendered[home].links = links
        .iter()
        .map(|href| OutLink {
            raw: href.to_string(),
            resolution: resolve(&site, home, href),
            span: 0..0,
            location: None,
            is_image: false,
            html_offset: None,
        })
        .collect();
    (site, rendered)
}

/// The titles of the home folder's entries, in order.
fn top(site: &Site, rendered: &[RenderedPage], explicit: Option<&ExplicitNav>) -> Vec<String> {
    let nav = Nav::build(site, rendered, explicit, &globset::GlobSet::empty());
    nav.node(nav.root())
        .children
        .iter()
        .map(|&c| nav.node(c).title.clone())
        .collect()
}

fn explicit(srcs: &[&str]) -> ExplicitNav {
    ExplicitNav {
        file: "mkdocs.yml".into(),
        text: String::new(),
        items: srcs
            .iter()
            .enumerate()
            .map(|(i, src)| ExplicitItem::Page {
                src: src.to_string(),
                title: None,
                line: i + 2,
                children: Vec::new(),
            })
            .collect(),
    }
}

#[test]
fn a_navigation_file_beats_weight() {
    let (s, r) = site(&[("甲.md", Some(1)), ("乙.md", Some(2))], &[]);
    assert_eq!(top(&s, &r, None), ["甲", "乙"]);
    let nav = explicit(&["乙.md", "甲.md"]);
    assert_eq!(top(&s, &r, Some(&nav)), ["乙", "甲"]);
}

#[test]
fn weight_beats_a_number_prefix() {
    let (s, r) = site(&[("01-甲.md", Some(2)), ("02-乙.md", Some(1))], &[]);
    assert_eq!(top(&s, &r, None), ["乙", "甲"]);
}

#[test]
fn a_number_prefix_beats_the_index_pages_link_order() {
    let (s, r) = site(
        &[("2-甲.md", None), ("10-乙.md", None)],
        &["10-乙.md", "2-甲.md"],
    );
    assert_eq!(top(&s, &r, None), ["甲", "乙"]);
}

#[test]
fn the_index_pages_link_order_beats_pinyin() {
    // 北京 (běi) before 上海 (shàng) in pinyin; the index page says otherwise.
    let pages = [
        ("北京.md", None),
        ("上海.md", None),
        ("广州/README.md", None),
    ];
    let (s, r) = site(&pages, &[]);
    assert_eq!(top(&s, &r, None), ["北京", "广州", "上海"]);
    let (s, r) = site(&pages, &["上海.md", "广州/", "北京.md", "上海.md"]);
    assert_eq!(top(&s, &r, None), ["上海", "广州", "北京"]);
    // Entries it does not link come after those it does.
    let (s, r) = site(&pages, &["上海.md"]);
    assert_eq!(top(&s, &r, None), ["上海", "北京", "广州"]);
}

#[test]
fn chinese_names_in_pinyin_order_with_numbers_as_numbers() {
    let (s, r) = site(
        &[
            ("重庆.md", None),
            ("安徽.md", None),
            ("浙江.md", None),
            ("北京.md", None),
            ("第12章.md", None),
            ("第3章.md", None),
        ],
        &[],
    );
    // ān, běi, chóng, dì 3, dì 12, zhè: not code-point order (北 U+5317
    // before 安 U+5B89 before 浙 U+6D59 before 第 U+7B2C before 重 U+91CD).
    assert_eq!(
        top(&s, &r, None),
        ["安徽", "北京", "重庆", "第3章", "第12章", "浙江"]
    );
}

#[test]
fn a_navigation_file_titles_entries_and_adds_links_off_the_site() {
    let (s, r) = site(&[("甲.md", None), ("乙/README.md", None)], &[]);
    let nav = ExplicitNav {
        file: "mkdocs.yml".into(),
        text: String::new(),
        items: vec![
            ExplicitItem::External {
                title: "官网".into(),
                url: "https://example.com/".into(),
                line: 2,
            },
            ExplicitItem::Page {
                src: "乙/README.md".into(),
                title: Some("第二部分".into()),
                line: 3,
                children: Vec::new(),
            },
            ExplicitItem::Page {
                src: "没有.md".into(),
                title: None,
                line: 4,
                children: Vec::new(),
            },
        ],
    };
    // The entry naming no page is left out (`ExplicitNav::missing_pages`
    // reports it).
    assert_eq!(top(&s, &r, Some(&nav)), ["官网", "第二部分", "甲"]);
}

#[test]
fn hidden_pages_are_built_but_not_navigated() {
    let (s, r) = site(&[("甲.md", None), ("乙.md", None), ("丙.md", None)], &[]);
    let mut globs = globset::GlobSetBuilder::new();
    globs.add(globset::Glob::new("乙.md").unwrap());
    let nav = Nav::build(&s, &r, None, &globs.build().unwrap());
    let titles: Vec<&str> = nav
        .node(nav.root())
        .children
        .iter()
        .map(|&c| nav.node(c).title.as_str())
        .collect();
    assert_eq!(titles, ["丙", "甲"], "no not_in_nav page");
    assert_eq!(nav.order().len(), 3, "home, 丙, 甲");
}

#[test]
fn reading_order_is_depth_first_in_navigation_order() {
    let (s, r) = site(
        &[("乙/b.md", None), ("乙/README.md", None), ("甲.md", None)],
        &["乙/", "甲.md"],
    );
    let nav = Nav::build(&s, &r, None, &globset::GlobSet::empty());
    let outs: Vec<&str> = nav
        .order()
        .iter()
        .map(|&p| s.pages[p].out.as_str())
        .collect();
    assert_eq!(
        outs,
        ["index.html", "乙/index.html", "乙/b.html", "甲.html"]
    );
    assert_eq!(nav.position(s.home()), Some(0));
}

#[test]
fn windows_of_a_large_folder_keep_a_pages_neighbours() {
    assert_eq!(window::window(0, window::FULL_UP_TO), 0..window::FULL_UP_TO);
    let len = 300;
    for position in [0, 24, 25, 150, 299] {
        let block = window::block_of(position, len);
        let shown = window::window(block, len);
        assert!(shown.contains(&position), "{position}: {shown:?}");
        let before = position - shown.start;
        let after = shown.end - position - 1;
        assert!(
            before >= window::BLOCK.min(position),
            "{position}: {shown:?}"
        );
        assert!(
            after >= window::BLOCK.min(len - 1 - position),
            "{position}: {shown:?}"
        );
        assert!(shown.len() <= 3 * window::BLOCK);
    }
    assert_eq!(window::blocks(len), 12);
}
