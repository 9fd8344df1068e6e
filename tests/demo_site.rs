//! The demo knowledge base (the repository's own `content/` and
//! `folio.toml`), built as a reader gets it: every page reachable through
//! breadcrumbs, the sidebar and previous/next links, and every internal
//! URL relative.

mod common;

use common::{urls, TestSite};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A copy of the repository's demo site, built.
fn demo() -> TestSite {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut site = TestSite::new().bytes(
        "folio.toml",
        &std::fs::read(repo.join("folio.toml")).unwrap(),
    );
    let content = repo.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&content).unwrap();
            let rel = format!("content/{}", rel.to_string_lossy().replace('\\', "/"));
            site = site.bytes(&rel, &std::fs::read(entry.path()).unwrap());
        }
    }
    site.run(&["build"]).success();
    site
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// The output file a relative `href` on page `from` points at (query and
/// fragment dropped, percent-decoded), or `None` if it leaves the site.
fn resolve(from: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() {
        return Some(from.to_string());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let decoded = decode(path);
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The value of `attr="..."` in the first tag of `html` that contains `marker`.
fn attr_of(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let key = format!("{attr}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..v + tag[v..].find('"')?].to_string())
}

fn element<'a>(html: &'a str, start: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let to = html[from..].find("</nav>")? + from;
    Some(&html[from..to])
}

/// Every page's output path (relative to `public/`), without 404.html.
fn pages(site: &TestSite) -> Vec<String> {
    site.files("public")
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html" && !f.starts_with("_folio/"))
        .collect()
}

/// Every `url` in the tree written to `_folio/nav.js`, decoded.
fn nav_tree_paths(site: &TestSite) -> BTreeSet<String> {
    fn walk(node: &serde_json::Value, out: &mut BTreeSet<String>) {
        let url = node["url"].as_str().expect("every node has a url");
        assert!(!url.starts_with('/') && !url.contains(':'), "{url}");
        out.insert(decode(url));
        for child in node["children"].as_array().into_iter().flatten() {
            walk(child, out);
        }
    }
    let js = site.read("public/_folio/nav.js");
    let json = js
        .strip_prefix("window.FOLIO_NAV = ")
        .and_then(|j| j.strip_suffix(";\n"))
        .expect("nav.js assigns window.FOLIO_NAV");
    let mut out = BTreeSet::new();
    walk(&serde_json::from_str(json).unwrap(), &mut out);
    out
}

#[test]
fn every_page_has_breadcrumbs_a_place_in_the_navigation_and_a_working_pager() {
    let site = demo();
    let pages = pages(&site);
    assert!(pages.len() >= 40, "the demo has its 40 pages: {pages:?}");
    let tree = nav_tree_paths(&site);
    let mut next_of = BTreeMap::new();
    let mut prev_of = BTreeMap::new();
    for page in &pages {
        let html = site.read(&format!("public/{page}"));
        let crumbs = element(&html, "<nav class=\"breadcrumbs\"");
        if page == "index.html" {
            assert!(crumbs.is_none(), "the home page has no breadcrumbs");
        } else {
            let crumbs = crumbs.unwrap_or_else(|| panic!("{page} has no breadcrumbs"));
            let links: Vec<String> = urls(crumbs);
            assert!(links.len() >= 2, "{page}: {crumbs}");
            assert_eq!(resolve(page, &links[0]).as_deref(), Some("index.html"));
            assert_eq!(
                resolve(page, links.last().unwrap()).as_deref(),
                Some(page.as_str())
            );
            for link in &links {
                let target = resolve(page, link).unwrap();
                assert!(
                    site.exists(&format!("public/{target}")),
                    "{page}: crumb {link}"
                );
            }
        }

        assert!(tree.contains(page), "{page} is not in _folio/nav.js");

        // The sidebar is shared by the folder; the page marks its own entry
        // (the one with its key) as current when it loads.
        let sidebar = element(&html, "<nav class=\"sidebar\"").expect("sidebar");
        let key = html
            .split("data-current=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{page} does not mark its sidebar entry"));
        let entry = sidebar
            .split(&format!("data-key=\"{key}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("{page}: no sidebar entry with key {key}"));
        let current = entry
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .unwrap();
        assert_eq!(resolve(page, current).as_deref(), Some(page.as_str()));

        for (rel, map) in [("prev", &mut prev_of), ("next", &mut next_of)] {
            if let Some(href) = attr_of(&html, &format!("rel=\"{rel}\""), "href") {
                let target = resolve(page, &href).unwrap();
                assert!(
                    site.exists(&format!("public/{target}")),
                    "{page}: {rel} link {href} leads nowhere"
                );
                map.insert(page.clone(), target);
            }
        }
    }
    // One chain through the whole site: the home page first, each page's
    // next is the page whose previous it is.
    assert!(!prev_of.contains_key("index.html"));
    assert_eq!(
        next_of.len(),
        pages.len() - 1,
        "every page but the last has a next"
    );
    assert_eq!(
        prev_of.len(),
        pages.len() - 1,
        "every page but the first has a previous"
    );
    for (page, next) in &next_of {
        assert_eq!(prev_of.get(next), Some(page), "{page} -> {next}");
    }
}

/// A URL that points inside the site but is not relative, or leaves it for
/// this machine.
fn absolute_internal(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    url.starts_with('/')
        || lower.starts_with("file:")
        || lower.starts_with("http://localhost")
        || lower.starts_with("http://127.")
        || lower.starts_with("https://localhost")
}

fn assert_relative_urls(site: &TestSite) {
    let mut checked = 0;
    for file in site.files("public") {
        if !file.ends_with(".html") {
            continue;
        }
        let html = site.read(&format!("public/{file}"));
        for url in urls(&html) {
            assert!(!absolute_internal(&url), "{file}: absolute URL {url}");
            let external = ["https:", "http:", "mailto:", "tel:"]
                .iter()
                .any(|s| url.to_ascii_lowercase().starts_with(s));
            if external || url.starts_with('#') {
                continue;
            }
            assert!(!url.contains(':'), "{file}: {url} has a scheme");
            let target = resolve(&file, &url)
                .unwrap_or_else(|| panic!("{file}: {url} climbs above the site"));
            assert!(
                site.exists(&format!("public/{target}")),
                "{file}: {url} -> {target} does not exist"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} relative URLs checked");
}

#[test]
fn every_internal_url_is_relative_and_resolves() {
    assert_relative_urls(&demo());
    let nav = TestSite::fixture("nav");
    nav.run(&["build"]).success();
    assert_relative_urls(&nav);
}
