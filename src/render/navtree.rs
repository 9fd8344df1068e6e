//! The full navigation tree, written once as `_folio/nav.js`.
//!
//! A page's own HTML holds only its branch of the sidebar (see
//! `ContextBuilder::sidebar`), so pages do not grow with the site. The theme's
//! script loads this file with a plain `<script>` tag (which works from
//! file://) and expands collapsed folders from it in place:
//!
//! ```js
//! window.FOLIO_NAV = {"title":"首页","url":"index.html","children":[
//!   {"title":"安装","url":"01-%E5%85%A5%E9%97%A8/01-...html"},
//!   {"title":"指南","url":"02-.../index.html","children":[...]}]};
//! ```
//!
//! Every `url` is the percent-encoded output path relative to the site root;
//! a page prefixes it with its own `root`. Folders carry `children` (their
//! index page is the folder's `url`); pages do not. Output is deterministic:
//! the site's sidebar order, struct field order, no maps.

use crate::nav::{Nav, NodeId, NodeKind};
use crate::site::urls::relative_url;
use crate::site::Site;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct NavNode<'a> {
    pub title: &'a str,
    /// Output path relative to the site root, percent-encoded; a link off
    /// the site as written; empty for a heading or draft of a navigation
    /// file (shown, linking nowhere).
    pub url: String,
    /// The `url` leads off the site (not to be prefixed with the root).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// A folder's entries in sidebar order; absent for pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<NavNode<'a>>>,
    /// The file or folder name, when a sibling has the same title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'a str>,
}

/// The whole site as one tree: the root folder (the home page) and below.
pub fn tree<'a>(site: &'a Site, nav: &'a Nav) -> NavNode<'a> {
    node(site, nav, nav.root())
}

/// The contents of `_folio/nav.js`.
pub fn script(site: &Site, nav: &Nav) -> String {
    let json = serde_json::to_string(&tree(site, nav)).unwrap_or_else(|_| "null".into());
    format!("window.FOLIO_NAV = {json};\n")
}

fn node<'a>(site: &'a Site, nav: &'a Nav, id: NodeId) -> NavNode<'a> {
    let n = nav.node(id);
    let (url, external) = match &n.kind {
        NodeKind::External { url } => (url.clone(), true),
        _ => (
            nav.page_of(site, id)
                .map(|p| relative_url("index.html", &site.pages[p].out))
                .unwrap_or_default(),
            false,
        ),
    };
    NavNode {
        title: &n.title,
        url,
        external,
        children: matches!(n.kind, NodeKind::Folder(_))
            .then(|| n.children.iter().map(|&c| node(site, nav, c)).collect()),
        hint: n.hint.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Content, SourcePage};

    fn page(rel: &str) -> SourcePage {
        SourcePage::unread(rel, None)
    }

    fn site() -> (Site, Nav) {
        let content = Content {
            pages: vec![
                page("README.md"),
                page("10-后记.md"),
                page("02-指南/2-基础.md"),
                page("02-指南/深入/README.md"),
                page("02-指南/深入/原理 一.md"),
            ],
            folders: vec!["".into(), "02-指南".into(), "02-指南/深入".into()],
            ..Content::default()
        };
        let site = Site::build(content, "content").0;
        let nav = Nav::build(&site, &[], None, &globset::GlobSet::empty());
        (site, nav)
    }

    #[test]
    fn tree_follows_sidebar_order_with_root_relative_encoded_urls() {
        let (site, nav) = site();
        let js = script(&site, &nav);
        assert!(js.starts_with("window.FOLIO_NAV = {"), "{js}");
        assert!(js.ends_with("};\n"), "{js}");
        let json: serde_json::Value =
            serde_json::from_str(js["window.FOLIO_NAV = ".len()..].trim_end_matches(";\n"))
                .unwrap();
        assert_eq!(json["url"], "index.html");
        let top = json["children"].as_array().unwrap();
        // Folders and pages in natural order: `02-指南` before `10-后记`.
        assert_eq!(top[0]["url"], "02-%E6%8C%87%E5%8D%97/index.html");
        assert_eq!(top[1]["url"], "10-%E5%90%8E%E8%AE%B0.html");
        assert!(top[1].get("children").is_none(), "pages have no children");
        let deep = &top[0]["children"][1]["children"][0];
        assert_eq!(
            deep["url"],
            "02-%E6%8C%87%E5%8D%97/%E6%B7%B1%E5%85%A5/%E5%8E%9F%E7%90%86%20%E4%B8%80.html"
        );
    }

    #[test]
    fn output_is_deterministic() {
        let ((a, an), (b, bn)) = (site(), site());
        assert_eq!(script(&a, &an), script(&b, &bn));
    }
}
