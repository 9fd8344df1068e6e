//! Paths that leave the content folder, and what gets published. Docs live
//! inside a git repository (`docs/source/`), and GitHub resolves their
//! links against the repository: `--strict` must flag exactly what is
//! broken there. Each test makes a real repository (`git init` + `git add`)
//! so that tracked and untracked files are what git says they are.

mod common;
use common::{main_of, urls, TestSite};

/// Run git in `dir` (a folder of the test site), quietly, failing the test
/// if git fails.
fn git(site: &TestSite, dir: &str, args: &[&str]) {
    common::git(&site.join(dir), args, None);
}

/// The `repo` fixture as a git repository with everything in it tracked,
/// plus what `extra` adds (written after `git add`, so untracked).
fn repository() -> TestSite {
    let site = TestSite::fixture("publish/repo");
    git(&site, ".", &["init", "-q"]);
    git(&site, ".", &["add", "."]);
    site
}

/// Every output file that contains `needle`.
fn files_containing(site: &TestSite, out: &str, needle: &[u8]) -> Vec<String> {
    site.files(out)
        .into_iter()
        .filter(|f| {
            let bytes = std::fs::read(site.join(&format!("{out}/{f}"))).unwrap();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

#[test]
fn a_path_that_leaves_the_content_folder_and_comes_back_in_is_normalised() {
    let site = repository();
    site.run(&["build", "docs", "--strict"])
        .success()
        .stderr_lacks("link-outside-root");
    let html = site.read("docs/public/A/x.html");
    let links = urls(main_of(&html));
    // GitHub: `docs/source/A/../../source/B/Ray.md` is `docs/source/B/Ray.md`.
    assert!(links.contains(&"../B/Ray.html".to_string()), "{links:?}");
}

#[test]
fn rooted_links_start_at_the_repository_root() {
    let site = repository();
    site.run(&["build", "docs", "--strict"]).success();
    let html = site.read("docs/public/A/x.html");
    let links = urls(main_of(&html));
    // GitHub: `/docs/source/B/Ray.md` is the page, from the repository root.
    assert!(
        links.contains(&"../B/Ray.html#ray".to_string()),
        "{links:?}"
    );
    // GitHub: `/README.md` is the repository's README, outside the content
    // folder: published as a file under `_repo/`.
    assert!(
        links.contains(&"../_repo/README.md".to_string()),
        "{links:?}"
    );
    assert!(site
        .read("docs/public/_repo/README.md")
        .contains("仓库说明"));
}

#[test]
fn outside_git_a_rooted_link_starts_at_the_site_root() {
    // No repository: a bare folder of Markdown is its own root, as before.
    let site = TestSite::new()
        .file("README.md", "# 首页\n\n[子](/子/页.md)\n")
        .file("子/页.md", "# 页\n");
    site.run(&["build", "--strict"]).success();
    let links = urls(main_of(&site.read("public/index.html")));
    assert!(
        links.contains(&"%E5%AD%90/%E9%A1%B5.html".into()),
        "{links:?}"
    );
}

#[test]
fn links_into_the_repositorys_web_pages_go_to_repo_url() {
    let site = repository().file(
        "docs/folio.toml",
        "content-dir = \"source\"\nrepo-url = \"https://github.com/org/repo\"\nrepo-branch = \"dev\"\n",
    );
    site.run(&["build", "docs", "--strict"])
        .success()
        .stderr_lacks("repo-url");
    // GitHub shows docs/source/README.md at /org/repo/blob/dev/docs/source/README.md:
    // four folders up is /org/repo/, so `../../../../issues` is the issues.
    let home = site.read("docs/public/index.html");
    let links = urls(main_of(&home));
    assert!(
        links.contains(&"https://github.com/org/repo/issues".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://github.com/org/repo/discussions/12#top".to_string()),
        "{links:?}"
    );
    let x = urls(main_of(&site.read("docs/public/A/x.html")));
    assert!(
        x.contains(&"https://github.com/org/repo/issues".to_string()),
        "{x:?}"
    );
    // GitHub renders Markdown and folders outside the content folder: with
    // an address, links open them there.
    assert!(
        x.contains(&"https://github.com/org/repo/blob/dev/README.md".to_string()),
        "{x:?}"
    );
    assert!(
        x.contains(&"https://github.com/org/repo/tree/dev/resources".to_string()),
        "{x:?}"
    );
    // Every page with a source links to it on the forge.
    assert!(
        x.contains(&"https://github.com/org/repo/edit/dev/docs/source/A/x.md".to_string()),
        "{x:?}"
    );
    assert!(
        x.contains(&"https://github.com/org/repo/blob/dev/docs/source/A/x.md".to_string()),
        "{x:?}"
    );
    assert!(main_of(&site.read("docs/public/A/x.html")).contains(">编辑此页</a>"));
}

#[test]
fn without_repo_url_one_warning_for_the_site_suggests_it() {
    let site = repository();
    let run = site
        .run(&["build", "docs", "--strict", "--format", "json"])
        .success();
    let report = run.json();
    let hints: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "repo-url")
        .collect();
    // Four such links on two pages (a folder outside the content folder
    // too): one warning, at the first.
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert_eq!(hints[0]["severity"], "warning");
    assert_eq!(hints[0]["path"], "docs/source/README.md");
    assert_eq!(hints[0]["line"], 4);
    let message = hints[0]["message"].as_str().unwrap();
    assert!(message.contains("(and 3 more links)"), "{message}");
    assert!(message.contains("repo-url = "), "{message}");
    // No "edit this page" without an address.
    assert!(!site.read("docs/public/A/x.html").contains(">编辑此页</a>"));
}

#[test]
fn a_link_that_climbs_out_of_the_repository_is_an_error_under_strict() {
    // GitHub: from docs/source/A/, four folders up is /org/repo/blob/: not a page.
    let site = repository().file(
        "docs/source/B/出.md",
        "# 出\n\n[上面](../../../../../x.md)\n",
    );
    site.run(&["build", "docs", "--strict"])
        .code(1)
        .stderr_has("error[link-outside-root]")
        .stderr_has("docs/source/B/出.md:3:1");
}

#[test]
fn files_outside_the_content_folder_are_published_only_when_git_tracks_them() {
    let site = repository()
        .file(".gitignore", "resources/key.pem\n*.pem\n")
        // An `assets` glob does not publish what git ignores either.
        .file("docs/folio.toml", "content-dir = \"source\"\nassets = [\"**/*.pem\"]\n")
        .file(
            "docs/source/秘密.md",
            "# 秘密\n\n[环境](../../.env) [钥匙](../../resources/key.pem) [新图](../../resources/new.png) [隐藏](.hidden.txt) [图](../../resources/grpo.png) [CI 钥匙](ci.pem)\n",
        );
    git(&site, ".", &["add", ".gitignore", "docs/source/秘密.md"]);
    // Written after `git add`: untracked (new.png), ignored (key.pem), hidden (.env).
    let site = site
        .file(".env", "SECRET-ENV-BYTES\n")
        .file("resources/key.pem", "SECRET-KEY-BYTES\n")
        .file("resources/new.png", "SECRET-NEW-BYTES\n")
        .file("docs/source/.hidden.txt", "SECRET-HIDDEN-BYTES\n")
        .file("docs/source/ci.pem", "SECRET-CI-BYTES\n")
        .file("docs/source/sub/deploy.pem", "SECRET-CI-BYTES\n");
    let run = site.run(&["build", "docs", "--format", "json"]).success();
    // The guarantee: no byte of a private file anywhere in the output.
    assert_eq!(
        files_containing(&site, "docs/public", b"SECRET-"),
        Vec::<String>::new()
    );
    let report = run.json();
    let private: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "private-file")
        .map(|d| format!("{}:{} {}", d["path"], d["column"], d["message"]))
        .collect();
    // Each refused link says why, at its place.
    assert_eq!(private.len(), 5, "{private:#?}");
    assert!(private[0].contains("`/.env` is hidden"), "{}", private[0]);
    assert!(
        private[1].contains("`/resources/key.pem` is not tracked by git"),
        "{}",
        private[1]
    );
    assert!(
        private[2].contains("`/resources/new.png` is not tracked by git"),
        "{}",
        private[2]
    );
    assert!(
        private[3].contains("`.hidden.txt` is hidden"),
        "{}",
        private[3]
    );
    assert!(
        private[4].contains("`ci.pem` is ignored by git"),
        "{}",
        private[4]
    );
    // GitHub: the tracked image is there; it is copied under _repo/.
    assert_eq!(
        site.read("docs/public/_repo/resources/grpo.png"),
        "PNG-GRPO-BYTES\n"
    );
    // On GitHub those links are broken: so they fail a strict build.
    site.run(&["build", "docs", "--strict"])
        .code(1)
        .stderr_has("error[private-file]");
}

#[cfg(unix)]
#[test]
fn a_tracked_symlink_out_of_the_repository_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "SECRET-OUTSIDE-BYTES\n").unwrap();
    let site = repository().file(
        "docs/source/链接.md",
        "# 链接\n\n[钥匙](../../resources/id_rsa) [内](../../resources/alias.png)\n",
    );
    std::os::unix::fs::symlink(outside.path().join("id_rsa"), site.join("resources/id_rsa"))
        .unwrap();
    std::os::unix::fs::symlink("grpo.png", site.join("resources/alias.png")).unwrap();
    git(&site, ".", &["add", "."]);
    let run = site.run(&["build", "docs"]).success();
    assert_eq!(
        files_containing(&site, "docs/public", b"SECRET-"),
        Vec::<String>::new()
    );
    run.stderr_has("`/resources/id_rsa` is a symlink that leaves the repository");
    // A symlink that stays inside the repository is followed.
    assert_eq!(
        site.read("docs/public/_repo/resources/alias.png"),
        "PNG-GRPO-BYTES\n"
    );
}

#[test]
fn outside_git_nothing_outside_the_content_folder_is_published() {
    let site = TestSite::new()
        .file("folio.toml", "content-dir = \"docs\"\n")
        .file("docs/README.md", "# 首页\n\n![图](../图.png)\n")
        .file("图.png", "SECRET-NOGIT\n");
    site.run(&["build"])
        .success()
        .stderr_has("warning[private-file]")
        .stderr_has("which is in no git repository");
    assert_eq!(
        files_containing(&site, "public", b"SECRET-"),
        Vec::<String>::new()
    );
}

#[test]
fn only_the_files_pages_reference_are_published() {
    let site = TestSite::fixture("publish/unreferenced");
    let run = site.run(&["build", "--format", "json"]).success();
    let files = site.files("public");
    let ours: Vec<&String> = files
        .iter()
        .filter(|f| !f.starts_with("_folio/") && !f.starts_with('.'))
        .collect();
    // The referenced image, the `assets` glob's PDF, the pages; no conf.py,
    // package-lock.json, _templates/, unused image, excluded folder or .rst.
    assert_eq!(
        ours,
        ["404.html", "index.html", "图/架构.svg", "报告.pdf"],
        "{files:#?}"
    );
    let report = run.json();
    assert_eq!(
        report["summary"]["unpublished"],
        serde_json::json!([
            "content/_templates/layout.html",
            "content/conf.py",
            "content/package-lock.json",
            "content/图/未用.svg"
        ])
    );
    assert_eq!(report["summary"]["files"], 2);
    site.run(&["build"])
        .success()
        .stderr_has("4 files not referenced by any page were not published");
    site.run(&["check"])
        .success()
        .stderr_has("; 4 files not referenced by any page were not published");
}

#[test]
fn excluded_documents_are_absent_and_links_to_them_say_so() {
    let site = TestSite::fixture("publish/unreferenced");
    site.run(&["build"]).success().stderr_has(
        "warning[broken-link]: `private/计划.md` is left out by `exclude` in folio.toml",
    );
    // As if absent: not a page, not in the navigation, not in search.
    assert_eq!(
        files_containing(&site, "public", "PRIVATE-PLAN-TEXT".as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        files_containing(&site, "public", "内部计划".as_bytes()),
        Vec::<String>::new()
    );
    assert!(!site.exists("public/private"));
    site.run(&["build", "--strict"]).code(1);
}

#[test]
fn a_missing_file_outside_the_content_folder_is_a_broken_link() {
    // GitHub: docs/source/B/../../../resources/gone.png does not exist: a 404.
    let site = repository().file(
        "docs/source/B/缺.md",
        "# 缺\n\n![没有](../../../resources/gone.png)\n",
    );
    site.run(&["build", "docs", "--strict"])
        .code(1)
        .stderr_has("error[broken-link]: no page, folder or file at `/resources/gone.png`")
        .stderr_has("docs/source/B/缺.md:3:1");
}
