//! Ranking on Chinese, English and mixed text, and the page table.

use super::index::{self, IndexInput, Postings};
use super::query::{search, Tier};
use super::Output::{Fresh, Kept};
use crate::load::{Content, FrontMatter, SourcePage};
use crate::markdown::RenderedPage;
use crate::site::Site;

struct Page {
    title: &'static str,
    headings: &'static [&'static str],
    text: &'static str,
}

const fn page(title: &'static str, headings: &'static [&'static str], text: &'static str) -> Page {
    Page {
        title,
        headings,
        text,
    }
}

fn postings(pages: &[Page]) -> Postings {
    index::build(pages.len(), |i| IndexInput {
        title: pages[i].title,
        headings: pages[i].headings.to_vec(),
        text: pages[i].text.into(),
    })
}

/// Titles of the pages found, best first.
fn titles(pages: &[Page], query: &str) -> Vec<&'static str> {
    search(&postings(pages), query)
        .iter()
        .map(|h| pages[h.page as usize].title)
        .collect()
}

const CHINESE: &[Page] = &[
    page("公司工作台", &["本周重点"], "本周重点：整理客户名单。"),
    page(
        "合作伙伴管理规范",
        &["准入流程"],
        "合作伙伴准入需要评估资质。",
    ),
    page(
        "战略报告",
        &["风险评估与缓解策略"],
        "风险评估与缓解策略。市场风险、技术风险。",
    ),
    page("客户总览", &[], "与多家合作伙伴共同服务客户。保险"),
];

#[test]
fn a_chinese_pair_finds_the_longer_words_it_is_part_of() {
    assert_eq!(
        titles(CHINESE, "合作"),
        ["合作伙伴管理规范", "客户总览"],
        "the page titled 合作伙伴… first, then the one that mentions it"
    );
    assert_eq!(titles(CHINESE, "风险"), ["战略报告"]);
    assert_eq!(titles(CHINESE, "缓解策略"), ["战略报告"]);
    assert_eq!(titles(CHINESE, "风险评估与缓解"), ["战略报告"]);
    assert!(titles(CHINESE, "合伙").is_empty(), "no page holds 合伙");
}

#[test]
fn one_chinese_character_finds_it_anywhere_in_a_word() {
    // 险 starts 险评 and 险、 in 战略报告, and ends 保险 in 客户总览.
    assert_eq!(titles(CHINESE, "险"), ["战略报告", "客户总览"]);
    assert_eq!(titles(CHINESE, "览"), ["客户总览"], "in the title only");
}

#[test]
fn title_ranks_above_headings_above_text() {
    let pages = [
        page("其他", &[], "预算 预算 预算 预算 预算 预算 预算 预算"),
        page("其二", &["年度预算"], "年度预算"),
        page("预算管理", &[], "正文"),
        page("无关", &[], "无关"),
    ];
    assert_eq!(titles(&pages, "预算"), ["预算管理", "其二", "其他"]);
}

#[test]
fn a_title_ranks_above_a_rare_word_in_the_text() {
    // 险 matches 险 (the end of 风险, on every page) and 险峻 (on one): by
    // score alone 险峻 eight times, rare, beats 风险 in a title, common.
    let mut pages = vec![
        page("其他", &[], "山路险峻 险峻 险峻 险峻 险峻 险峻 险峻 险峻"),
        page("风险", &[], "正文"),
        page("第三", &["风险"], "正文"),
    ];
    pages.extend((0..20).map(|_| page("某页", &[], "有风险。")));
    let found = titles(&pages, "险");
    assert_eq!(found[..3], ["风险", "第三", "其他"], "title, heading, text");
}

#[test]
fn the_page_named_after_a_short_query_comes_first() {
    let pages = [
        page(
            "预算管理制度",
            &["预算"],
            "预算 预算 预算 预算 预算 预算 预算 预算 预算",
        ),
        page("年度预算", &[], "预算 预算 预算 预算"),
        page("📊 预算", &[], "正文"),
        page("其他", &[], "预算"),
    ];
    assert_eq!(
        titles(&pages, "预算"),
        ["📊 预算", "预算管理制度", "年度预算", "其他"],
        "named after it (icons aside), then titles containing it by score"
    );
    let hits = search(&postings(&pages), "预算");
    assert_eq!(hits[0].tier, Tier::Named);
    assert_eq!(hits[3].tier, Tier::Text);
}

#[test]
fn rare_terms_weigh_more_than_common_ones() {
    let pages = [
        page("甲", &[], "项目 预算"),
        page("乙", &[], "项目 交付"),
        page("丙", &[], "项目 交付"),
        page("丁", &[], "项目 交付"),
    ];
    let hits = search(&postings(&pages), "项目 预算");
    assert_eq!(hits.len(), 1, "AND: only 甲 has both");
    let hits = search(&postings(&pages), "预算");
    let common = search(&postings(&pages), "项目");
    assert!(hits[0].score > common[0].score);
}

const ENGLISH: &[Page] = &[
    page("Install", &["Requirements"], "Install folio with cargo."),
    page(
        "Diagrams",
        &["Mermaid"],
        "Mermaid diagrams are drawn in the browser.",
    ),
    page("Maps", &[], "A map of the site."),
    page("Mapping", &[], "mapping links to pages"),
];

#[test]
fn english_words_are_case_blind_prefixes() {
    assert_eq!(titles(ENGLISH, "mermaid"), ["Diagrams"]);
    assert_eq!(titles(ENGLISH, "MERM"), ["Diagrams"]);
    assert_eq!(titles(ENGLISH, "diagrams browser"), ["Diagrams"]);
    assert!(titles(ENGLISH, "diagrams cargo").is_empty());
}

#[test]
fn a_whole_word_ranks_above_a_word_it_only_starts() {
    // "map" is a whole word in Maps' text; Mapping has it in its title, but
    // only as the start of "mapping".
    let hits = titles(ENGLISH, "map");
    assert_eq!(hits.len(), 2);
    let body_prefix = page("Other", &[], "mapping");
    let body_exact = page("Atlas", &[], "A map of the site.");
    assert_eq!(
        titles(&[body_prefix, body_exact], "map"),
        ["Atlas", "Other"]
    );
}

const MIXED: &[Page] = &[
    page(
        "P001-东义项目",
        &["项目概况"],
        "P001 东义项目：储能电站，Mermaid 甘特图。",
    ),
    page("P002-西城项目", &["项目概况"], "P002 西城项目。"),
    page("东义概况", &[], "东义集团简介，见 P001。"),
    page("项目总览", &[], "P001、P002 两个项目。"),
];

#[test]
fn mixed_chinese_and_latin_queries_need_every_part() {
    assert_eq!(
        titles(MIXED, "P001"),
        ["P001-东义项目", "东义概况", "项目总览"]
    );
    assert_eq!(titles(MIXED, "p001 东义"), ["P001-东义项目", "东义概况"]);
    assert_eq!(titles(MIXED, "P001东义"), ["P001-东义项目", "东义概况"]);
    assert_eq!(titles(MIXED, "东义 mermaid"), ["P001-东义项目"]);
    assert_eq!(titles(MIXED, "Ｐ００２"), ["P002-西城项目", "项目总览"]);
    assert!(titles(MIXED, "P003").is_empty());
    assert!(titles(MIXED, "、。").is_empty());
}

fn source(rel: &str, title: Option<&str>) -> SourcePage {
    SourcePage {
        rel: rel.into(),
        text: String::new(),
        body_start: 0,
        front: FrontMatter {
            title: title.map(str::to_string),
            ..FrontMatter::default()
        },
        hash: 0,
    }
}

#[test]
fn pages_carry_percent_encoded_urls_and_their_folders() {
    let content = Content {
        pages: vec![
            source("README.md", Some("首页")),
            source("01-合作伙伴/README.md", Some("合作伙伴")),
            source("01-合作伙伴/极峰 科技.md", Some("极峰科技")),
            source("01-合作伙伴/潜在/甲方#1.md", Some("甲方")),
        ],
        folders: vec!["".into(), "01-合作伙伴".into(), "01-合作伙伴/潜在".into()],
        ..Content::default()
    };
    let (site, _) = Site::build(content, "content");
    let rendered: Vec<RenderedPage> = (0..site.pages.len())
        .map(|_| RenderedPage {
            text: crate::markdown::PackedHtml::new("正文\n", false),
            ..RenderedPage::default()
        })
        .collect();
    let index = super::build(&site, &reading_order(&site), &rendered);
    let urls: Vec<String> = index
        .table
        .pages
        .iter()
        .map(|p| format!("{}{}", index.table.folders[p.1 as usize].0, p.2))
        .collect();
    assert_eq!(
        urls,
        [
            "index.html",
            "01-%E5%90%88%E4%BD%9C%E4%BC%99%E4%BC%B4/index.html",
            "01-%E5%90%88%E4%BD%9C%E4%BC%99%E4%BC%B4/%E6%9E%81%E5%B3%B0%20%E7%A7%91%E6%8A%80.html",
            "01-%E5%90%88%E4%BD%9C%E4%BC%99%E4%BC%B4/%E6%BD%9C%E5%9C%A8/index.html",
            "01-%E5%90%88%E4%BD%9C%E4%BC%99%E4%BC%B4/%E6%BD%9C%E5%9C%A8/%E7%94%B2%E6%96%B9%231.html",
        ]
    );
    let trail: Vec<(&str, i32)> = index.table.folders.iter().map(|f| (&*f.1, f.2)).collect();
    assert_eq!(trail[1..], [("合作伙伴", 0), ("潜在", 1)]);
    let script = index.script();
    assert!(script.starts_with("window.FOLIO_SEARCH_INDEX={\"version\":2,\"pages\":5,"));
    assert!(script.contains("\"shards\":[0]"), "{script}");
}

fn reading_order(site: &Site) -> Vec<usize> {
    crate::nav::Nav::build(site, &[], None, &globset::GlobSet::empty())
        .order()
        .to_vec()
}

/// Runs [`super::write`] and returns the files it wrote.
fn written(
    site: &Site,
    rendered: &[RenderedPage],
    cache: Option<&mut super::Cache>,
    output: super::Output,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    super::write(
        site,
        &reading_order(site),
        rendered,
        cache,
        output,
        |rel, bytes| {
            files
                .lock()
                .unwrap()
                .insert(rel.to_string(), bytes.to_vec());
            Ok(())
        },
    )
    .unwrap();
    files.into_inner().unwrap()
}

/// A site of `pages` untitled pages, `p00.md` on, in one folder.
fn flat_site(pages: usize) -> Site {
    let content = Content {
        pages: (0..pages)
            .map(|i| source(&format!("p{i:02}.md"), None))
            .collect(),
        folders: vec!["".into()],
        ..Content::default()
    };
    Site::build(content, "content").0
}

/// Each page of `site` rendered to 13.5 KB of text, most of it shared:
/// about 4 pages a text shard, all terms in one term shard.
fn shared_text_pages(site: &Site) -> Vec<RenderedPage> {
    (0..site.pages.len())
        .map(|p| RenderedPage {
            text: crate::markdown::PackedHtml::from_string(
                format!("第{p}页 共同的正文 {}\n", "合作伙伴。".repeat(900)),
                false,
            ),
            ..RenderedPage::default()
        })
        .collect()
}

#[test]
fn an_edit_while_serving_rewrites_the_index_and_one_shard_as_a_full_build_would() {
    let site = flat_site(40);
    let mut rendered = shared_text_pages(&site);
    let mut cache = super::Cache::default();
    let first = written(&site, &rendered, Some(&mut cache), Fresh);
    assert!(
        first.len() > 3,
        "an index and several shards: {:?}",
        first.keys()
    );
    let edited = reading_order(&site)[25];
    rendered[edited].text = crate::markdown::PackedHtml::new("改过的正文：风险评估。\n", false);
    let changed = [edited].into();
    let update = written(&site, &rendered, Some(&mut cache), Kept(Some(&changed)));
    let full = written(&site, &rendered, None, Fresh);
    assert_eq!(
        update.keys().collect::<Vec<_>>(),
        [
            "_folio/search/index.js",
            "_folio/search/terms-0.js",
            "_folio/search/text-6.js"
        ],
        "the index, the (one) term shard and the edited page's text shard \
         (13.5 KB a page: 4 pages a shard)"
    );
    for (rel, bytes) in &update {
        assert!(full[rel] == *bytes, "{rel} differs from a full build");
    }
    let again = written(&site, &rendered, Some(&mut cache), Kept(Some(&changed)));
    assert_eq!(
        again.keys().collect::<Vec<_>>(),
        ["_folio/search/index.js", "_folio/search/text-6.js"],
        "a term shard that did not change is not written again"
    );
    let postings = super::build(&site, &reading_order(&site), &rendered)
        .inverted
        .postings;
    let hits = super::query::search(&postings, "风险");
    assert_eq!(hits.len(), 1);
    assert_eq!(reading_order(&site)[hits[0].page as usize], edited);
}

#[test]
fn a_retitle_while_serving_rewrites_only_that_pages_text_shard_as_a_full_build_would() {
    // A new title re-fills the pages that show it, and the engine does not
    // say which pages changed: the index finds the one retitled page itself.
    let mut site = flat_site(40);
    let rendered = shared_text_pages(&site);
    let mut cache = super::Cache::default();
    written(&site, &rendered, Some(&mut cache), Fresh);
    let retitled = reading_order(&site)[25];
    site.pages[retitled].title = "储能风险评估".into();
    let update = written(&site, &rendered, Some(&mut cache), Kept(None));
    let full = written(&site, &rendered, None, Fresh);
    assert_eq!(
        update.keys().collect::<Vec<_>>(),
        [
            "_folio/search/index.js",
            "_folio/search/terms-0.js",
            "_folio/search/text-6.js"
        ],
        "the index, the term shard with the title's words and the \
         retitled page's text shard, no other text shard"
    );
    for (rel, bytes) in &update {
        assert!(full[rel] == *bytes, "{rel} differs from a full build");
    }
    let hits = search(
        &super::build(&site, &reading_order(&site), &rendered)
            .inverted
            .postings,
        "风险",
    );
    assert_eq!(reading_order(&site)[hits[0].page as usize], retitled);
}

#[test]
fn an_edit_that_moves_no_term_makes_again_only_the_term_shard_it_changed() {
    // 40 pages of 600 words of their own: some 24,000 terms, several term
    // shards.
    let site = flat_site(40);
    let words = |p: usize| -> String { (0..600).map(|w| format!("w{p:02}x{w:03} ")).collect() };
    let mut rendered: Vec<RenderedPage> = (0..site.pages.len())
        .map(|p| RenderedPage {
            text: crate::markdown::PackedHtml::from_string(words(p), false),
            ..RenderedPage::default()
        })
        .collect();
    let mut cache = super::Cache::default();
    let first = written(&site, &rendered, Some(&mut cache), Fresh);
    // Page 25 says one of its words nine times: that term's record alone
    // changes (its tf bucket), and no term comes or goes.
    let edited = reading_order(&site)[25];
    let text = format!(
        "{}{}",
        words(edited),
        format!("w{edited:02}x300 ").repeat(8)
    );
    rendered[edited].text = crate::markdown::PackedHtml::from_string(text, false);
    let full = written(&site, &rendered, None, Fresh);
    let term_shards = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .keys()
            .filter(|k| k.starts_with("_folio/search/terms-"))
            .cloned()
            .collect()
    };
    assert!(term_shards(&full).len() > 2, "{:?}", term_shards(&full));
    let differ: Vec<String> = term_shards(&full)
        .into_iter()
        .filter(|k| first[k] != full[k])
        .collect();
    assert_eq!(differ.len(), 1, "one term's record changed: {differ:?}");
    let changed = [edited].into();
    let update = written(&site, &rendered, Some(&mut cache), Kept(Some(&changed)));
    assert_eq!(
        term_shards(&update),
        differ,
        "the shard of the changed term"
    );
    for (rel, bytes) in &update {
        assert!(full[rel] == *bytes, "{rel} differs from a full build");
    }
}

#[test]
fn a_title_change_while_serving_is_found_without_being_told() {
    let mut site = flat_site(12);
    let rendered: Vec<RenderedPage> = (0..site.pages.len())
        .map(|p| RenderedPage {
            text: crate::markdown::PackedHtml::from_string(format!("第{p}页\n"), false),
            ..RenderedPage::default()
        })
        .collect();
    let mut cache = super::Cache::default();
    written(&site, &rendered, Some(&mut cache), Fresh);
    let renamed = reading_order(&site)[5];
    site.pages[renamed].title = "风险评估".into();
    let update = written(&site, &rendered, Some(&mut cache), Fresh);
    let full = written(&site, &rendered, None, Fresh);
    assert!(update == full, "the same files as a full build");
    let hits = super::query::search(
        &super::build(&site, &reading_order(&site), &rendered)
            .inverted
            .postings,
        "风险",
    );
    assert_eq!(reading_order(&site)[hits[0].page as usize], renamed);
}

#[test]
fn packed_texts_make_the_same_search_files_as_plain_ones() {
    let content = Content {
        pages: (0..30)
            .map(|i| source(&format!("p{i:02}.md"), None))
            .collect(),
        folders: vec!["".into()],
        ..Content::default()
    };
    let (site, _) = Site::build(content, "content");
    let texts: Vec<String> = (0..site.pages.len())
        .map(|p| {
            format!(
                "第{p}页 风险评估\n{}\n",
                "合作伙伴与渠道。".repeat(300 + p * 40)
            )
        })
        .collect();
    let held = |pack: bool| -> Vec<RenderedPage> {
        texts
            .iter()
            .map(|t| RenderedPage {
                text: crate::markdown::PackedHtml::new(t, pack),
                ..RenderedPage::default()
            })
            .collect()
    };
    let (plain, packed) = (held(false), held(true));
    assert!(matches!(
        packed[0].text,
        crate::markdown::PackedHtml::Lz4(_)
    ));
    let from_plain = written(&site, &plain, None, Fresh);
    assert!(from_plain.len() > 3, "several text shards");
    assert!(written(&site, &packed, None, Fresh) == from_plain);
}
