//! A chainable fixture-site builder for integration tests, in the spirit of
//! mdBook's `BookTest` and just's `Test`: lay out a site in a temporary
//! folder (from `tests/fixtures/<name>` and/or inline files), run the real
//! `folio` binary in it, and assert on what a user sees.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl TestSite {
    pub fn new() -> Self {
        TestSite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = TestSite::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_tree(&from, site.path());
        site
    }

    /// Write a text file (folders are created).
    pub fn file(self, rel: &str, contents: &str) -> Self {
        self.bytes(rel, contents.as_bytes())
    }

    pub fn bytes(self, rel: &str, contents: &[u8]) -> Self {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Run `folio ARGS` with the site folder as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .current_dir(self.path())
            .env_remove("CI")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Every file under `rel`, relative and sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let root = self.path().join(rel);
        let mut files: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

impl Run {
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn success(self) -> Self {
        self.code(0)
    }

    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stderr_lacks(self, needle: &str) -> Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr has {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// The `<main>...</main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// Every `href="..."` and `src="..."` value in `html`.
pub fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].replace("&amp;", "&"));
        }
    }
    found
}

/// The text of an HTML fragment: tags removed, basic entities decoded.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The options `folio serve` builds with (`incremental`), or a plain
/// build's, for driving the engine from a test.
pub fn build_options(site: &Path, out: &Path, incremental: bool) -> folio::engine::BuildOptions {
    folio::engine::BuildOptions {
        path: site.to_path_buf(),
        out: Some(out.to_path_buf()),
        strict: false,
        base_url: None,
        write: true,
        incremental,
        show_warnings: true,
        progress: None,
        lock_timeout: std::time::Duration::ZERO,
        audience: None,
        cache: folio::engine::CacheChoice::Off,
    }
}

/// Run git in `dir` as a test author, with author and commit dates set when
/// `date` is given (so that history is the same on every run); panics if
/// git fails.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut command = Command::new("git");
    command
        .args(["-c", "user.name=测试", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir` with its bytes, by relative path (`/`-separated),
/// sorted: two outputs compared file by file.
pub fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The sidebar tree of `<root>/_folio/nav.js` (`public`, `public/en`) as an
/// outline: one `title  url` line an entry, indented by depth.
pub fn nav_outline(site: &TestSite, root: &str) -> String {
    fn walk(node: &serde_json::Value, depth: usize, out: &mut String) {
        let title = node["title"].as_str().unwrap_or_default();
        let url = node["url"].as_str().unwrap_or_default();
        out.push_str(&format!("{}{title}  {url}\n", "  ".repeat(depth)));
        for child in node["children"].as_array().into_iter().flatten() {
            walk(child, depth + 1, out);
        }
    }
    let js = site.read(&format!("{root}/_folio/nav.js"));
    let json = js
        .strip_prefix("window.FOLIO_NAV = ")
        .and_then(|j| j.strip_suffix(";\n"))
        .expect("nav.js assigns window.FOLIO_NAV");
    let mut out = String::new();
    walk(&serde_json::from_str(json).unwrap(), 0, &mut out);
    out
}

/// Chapter `c` of a large site: `sections` sections of text, a link, a task
/// and a table each, and a link to the next chapter's first section
/// (chapter 70 of 70 chapters is not there). 1,600 sections are about
/// 240 KB: 70 chapters pass the 16 MiB from which a build packs its bodies
/// and moves them out of memory (`markdown::spill`).
pub fn large_chapter(c: usize, sections: usize) -> String {
    let mut text = format!("# 第{c}章\n\n见[下一章](第{}章.md#小节-1)。\n\n", c + 1);
    for s in 0..sections {
        text.push_str(&format!(
            "## 小节 {s}\n\n合作伙伴与渠道建设的**进展**，见[首页](README.md)。\n\n- [ ] 待办 {s}\n\n| 项目 | 状态 |\n| --- | --- |\n| 渠道 | 良好 |\n\n"
        ));
    }
    text
}
