//! A language's view of the content: which files its site is built from,
//! under which paths, and where the other languages' pages are (for links
//! across languages and for the switcher).

use super::{Convention, Language, Languages};
use crate::load::{Content, SourcePage};
use crate::site::{urls, Site};
use std::collections::HashMap;

/// One language's site as the other languages see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub language: Language,
    /// Where its site is written in the output folder (`""`, `en/`).
    pub prefix: String,
    /// The file each renamed page or file is read from (site path -> path
    /// in the content folder): `X.md` -> `X.en.md`, `a.md` -> `en/a.md`.
    files: HashMap<String, String>,
    /// The other way round.
    renames: HashMap<String, String>,
    /// The other languages' pages and folders by their path in the content
    /// folder, with where they are written (from the output folder's root).
    elsewhere: HashMap<String, String>,
    /// Each page of this site (by output path) in the other languages:
    /// its twin, else the nearest folder index that language has.
    switch: HashMap<String, Vec<String>>,
    /// The other languages, in the order of `switch`'s entries, and where
    /// their sites are.
    others: Vec<Language>,
    other_prefixes: Vec<String>,
}

/// One entry of the language switcher, as a page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Translation {
    pub code: String,
    pub lang: &'static str,
    pub name: String,
    /// Relative to the page.
    pub url: String,
}

impl View {
    /// The other languages' sites written inside this one's output folder
    /// (`en/` inside the default language's), which are not its files.
    pub fn nested_sites(&self) -> &[String] {
        match self.prefix.is_empty() {
            true => &self.other_prefixes,
            false => &[],
        }
    }

    /// Every language's view of `listing` (paths of the content folder;
    /// texts and front matter are not needed).
    pub fn all(languages: &Languages, listing: &Content) -> Vec<View> {
        let n = languages.list.len();
        let mut views: Vec<View> = (0..n)
            .map(|i| View {
                language: languages.list[i].clone(),
                prefix: languages.prefix(i),
                files: HashMap::new(),
                renames: HashMap::new(),
                elsewhere: HashMap::new(),
                switch: HashMap::new(),
                others: Vec::new(),
                other_prefixes: Vec::new(),
            })
            .collect();
        for rel in listing
            .pages
            .iter()
            .map(|p| &p.rel)
            .chain(listing.assets.iter().map(|a| &a.rel))
            .chain(listing.folders.iter())
        {
            if let Some((i, site_rel)) = languages.place(rel) {
                if &site_rel != rel {
                    views[i].files.insert(site_rel.clone(), rel.clone());
                    views[i].renames.insert(rel.clone(), site_rel);
                }
            }
        }
        // Each language's site as it will be built, for its output paths.
        let sites: Vec<Site> = (0..n)
            .map(|i| Site::build(views[i].select(languages, clone_listing(listing)), "").0)
            .collect();
        for i in 0..n {
            let others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
            let mut elsewhere = HashMap::new();
            for &j in &others {
                let site = &sites[j];
                for page in &site.pages {
                    let Some(src) = page.src() else { continue };
                    let real = views[j].file(src).to_string();
                    elsewhere.insert(real, format!("{}{}", views[j].prefix, page.out));
                }
                for folder in site.folders.iter().filter(|f| f.listing.is_none()) {
                    let real = views[j].file(&folder.rel).to_string();
                    let Some(index) = folder.index else { continue };
                    let index = &site.pages[index].out;
                    elsewhere
                        .entry(real)
                        .or_insert_with(|| format!("{}{index}", views[j].prefix));
                }
            }
            let mut switch = HashMap::new();
            for page in &sites[i].pages {
                let targets = others
                    .iter()
                    .map(|&j| {
                        format!(
                            "{}{}",
                            views[j].prefix,
                            counterpart(&sites[i], page, &sites[j])
                        )
                    })
                    .collect();
                switch.insert(page.out.clone(), targets);
            }
            let not_found = others
                .iter()
                .map(|&j| format!("{}404.html", views[j].prefix))
                .collect();
            switch.insert("404.html".to_string(), not_found);
            views[i].elsewhere = elsewhere;
            views[i].switch = switch;
            views[i].others = others.iter().map(|&j| languages.list[j].clone()).collect();
            views[i].other_prefixes = others.iter().map(|&j| languages.prefix(j)).collect();
        }
        views
    }

    /// The content this language's site is built from: its pages under
    /// their paths in the site, and the files (and folders) it shares.
    pub fn select(&self, languages: &Languages, mut content: Content) -> Content {
        let me = self.index_in(languages);
        let mine = |rel: &str| match languages.place(rel) {
            Some((i, _)) => i == me,
            // Outside every language's folder: shared.
            None => true,
        };
        let rename = |rel: &mut String| {
            if let Some(site_rel) = self.renames.get(rel.as_str()) {
                rel.clone_from(site_rel);
            }
        };
        content.pages.retain(|p| mine(&p.rel));
        content.pages.iter_mut().for_each(|p| rename(&mut p.rel));
        content.assets.retain(|a| mine(&a.rel));
        content.assets.iter_mut().for_each(|a| rename(&mut a.rel));
        content.folders.retain(|f| mine(f));
        content.folders.iter_mut().for_each(rename);
        if languages.convention == Convention::Folder {
            // Other top-level folders (shared files) stay; a name that is
            // also one inside the language's folder is the language's.
            content.folders.sort();
            content.folders.dedup();
        }
        content
    }

    /// The content folder's path of what is at `site_rel` in this site.
    pub fn file<'a>(&'a self, site_rel: &'a str) -> &'a str {
        self.files.get(site_rel).map_or(site_rel, String::as_str)
    }

    /// The path in this site of a file of the content folder, when it is
    /// renamed here (`X.en.md` -> `X.md`).
    pub fn renamed(&self, rel: &str) -> Option<&str> {
        self.renames.get(rel).map(String::as_str)
    }

    /// Where another language's page or folder (by its path in the
    /// content folder) is written, from the output folder's root.
    pub fn elsewhere(&self, rel: &str) -> Option<&str> {
        self.elsewhere.get(rel).map(String::as_str)
    }

    /// The texts of changed files (by path in the content folder) that
    /// belong to this site, under their paths in it.
    pub fn own_texts(
        &self,
        languages: &Languages,
        texts: HashMap<String, String>,
    ) -> HashMap<String, String> {
        let me = self.index_in(languages);
        texts
            .into_iter()
            .filter(|(rel, _)| languages.place(rel).is_none_or(|(i, _)| i == me))
            .map(|(rel, text)| (self.renamed(&rel).map_or(rel, str::to_string), text))
            .collect()
    }

    fn index_in(&self, languages: &Languages) -> usize {
        languages
            .list
            .iter()
            .position(|l| l.code == self.language.code)
            .unwrap_or(0)
    }

    /// The switcher of the page written at `out` in this site.
    /// A page folio generates besides the site's (tags, recent changes)
    /// leads to the other languages' home pages.
    pub fn translations(&self, out: &str) -> Vec<Translation> {
        let from = format!("{}{out}", self.prefix);
        let targets = self.switch.get(out);
        self.others
            .iter()
            .enumerate()
            .map(|(i, language)| {
                let target = match targets {
                    Some(t) => t[i].clone(),
                    None => format!("{}index.html", self.other_prefixes[i]),
                };
                Translation {
                    code: language.code.clone(),
                    lang: language.html_lang(),
                    name: language.name.clone(),
                    url: urls::relative_url(&from, &target),
                }
            })
            .collect()
    }

    /// The href from the page at `out` to another language's output
    /// path (from [`View::elsewhere`]).
    pub fn href_to(&self, out: &str, target: &str) -> String {
        urls::relative_url(&format!("{}{out}", self.prefix), target)
    }
}

/// A page's counterpart in another language's site: the page at the same
/// path, else (for a folder's index) that folder's index, else the index of
/// the nearest folder above it that the other site has.
fn counterpart<'a>(site: &Site, page: &crate::site::Page, other: &'a Site) -> &'a str {
    if let Some(crate::site::Target::Page(p)) = page.src().and_then(|s| other.lookup(s)) {
        return &other.pages[p].out;
    }
    let mut folder = site.folders[page.folder].rel.as_str();
    loop {
        if let Some(crate::site::Target::Folder(f)) = other.lookup(folder) {
            let theirs = &other.folders[f];
            if let (None, Some(index)) = (&theirs.listing, theirs.index) {
                return &other.pages[index].out;
            }
        }
        if folder.is_empty() {
            return &other.pages[other.home()].out;
        }
        folder = urls::parent(folder);
    }
}

/// A copy of the listing (paths only) for one language's site.
fn clone_listing(listing: &Content) -> Content {
    Content {
        pages: listing
            .pages
            .iter()
            .map(|p| SourcePage {
                rel: p.rel.clone(),
                text: String::new(),
                body_start: 0,
                front: p.front.clone(),
                hash: p.hash,
            })
            .collect(),
        assets: listing.assets.clone(),
        folders: listing.folders.clone(),
        ..Content::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::languages::{Convention, Language, Languages};

    fn language(code: &str, folder: Option<&str>) -> Language {
        Language {
            code: code.into(),
            name: code.into(),
            title: None,
            folder: folder.map(str::to_string),
            nav_translations: Vec::new(),
        }
    }

    fn listing(pages: &[&str], assets: &[&str], folders: &[&str]) -> Content {
        Content {
            pages: pages.iter().map(|p| SourcePage::unread(p, None)).collect(),
            assets: assets
                .iter()
                .map(|a| crate::load::SourceAsset {
                    rel: a.to_string(),
                    abs: a.into(),
                })
                .collect(),
            folders: folders.iter().map(|f| f.to_string()).collect(),
            ..Content::default()
        }
    }

    #[test]
    fn folder_convention_renames_into_each_site_and_shares_the_rest() {
        let languages = Languages {
            convention: Convention::Folder,
            list: vec![language("zh", Some("zh")), language("en", Some("en"))],
        };
        let content = listing(
            &["zh/README.md", "zh/a.md", "en/README.md", "en/b.md"],
            &["zh/x.png", "shared/logo.png"],
            &["", "zh", "en", "shared"],
        );
        let views = View::all(&languages, &content);
        let en = views[1].select(&languages, clone_listing(&content));
        let pages: Vec<&str> = en.pages.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(pages, ["README.md", "b.md"]);
        let assets: Vec<&str> = en.assets.iter().map(|a| a.rel.as_str()).collect();
        assert_eq!(assets, ["shared/logo.png"]);
        assert_eq!(views[1].file("b.md"), "en/b.md");
        assert_eq!(views[0].renamed("zh/x.png"), Some("x.png"));
        // Where the other language's pages are, from the output's root.
        assert_eq!(views[1].elsewhere("zh/a.md"), Some("a.html"));
        assert_eq!(views[0].elsewhere("en/b.md"), Some("en/b.html"));
        assert_eq!(views[0].prefix, "");
        assert_eq!(views[1].prefix, "en/");
    }
}
