//! Audience builds (`--audience NAME`): what is marked for other audiences
//! leaves no trace anywhere in the output. The fixture
//! `tests/fixtures/audience` marks pages (TOML and YAML front matter,
//! `confidential`), folders and files (`exclude` globs, a folder reached
//! through a symlink), and a passage, each with a secret of its own.

mod common;
use common::TestSite;

/// Every secret of the fixture's excluded content, from its `secrets.txt`
/// (which the browser suite's PDF scan reads too): marker strings, the
/// titles of excluded pages, the heading of the excluded passage, and
/// names of excluded files that no published page's words contain.
fn secrets() -> impl Iterator<Item = &'static str> {
    include_str!("fixtures/audience/secrets.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The fixture, with a folder symlinked inside the content (`公开/镜像`
/// is `内部/`, which the partner's globs leave out by its real path).
fn fixture() -> TestSite {
    let site = TestSite::fixture("audience");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../内部", site.join("content/公开/镜像")).unwrap();
    site
}

/// `%XX` sequences decoded (URLs are percent-encoded in the output).
fn percent_decoded(bytes: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes
            .get(i + 1)
            .copied()
            .and_then(hex)
            .zip(bytes.get(i + 2).copied().and_then(hex));
        match (bytes[i], pair) {
            (b'%', Some((h, l))) => {
                out.push(h << 4 | l);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Every quoted base64 run of the text decoded (the search index keeps its
/// records as base64).
fn base64_decoded(bytes: &[u8]) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    for run in bytes.split(|&b| b == b'"') {
        if run.len() < 8 || !run.iter().all(|&c| value(c).is_some() || c == b'=') {
            continue;
        }
        let mut bits = 0u32;
        let mut count = 0;
        for &c in run.iter().take_while(|&&c| c != b'=') {
            bits = bits << 6 | u32::from(value(c).unwrap_or(0));
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        out.push(b'\n');
    }
    out
}

/// Where a secret shows in any file under `out` (names included), read
/// byte by byte, also percent-decoded and with base64 runs decoded.
fn traces(site: &TestSite, out: &str) -> Vec<String> {
    traces_in(&site.join(out))
}

/// Every file under `dir`, relative, sorted, with its bytes.
fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn traces_in(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, bytes) in files_in(dir) {
        let mut haystacks = vec![rel.clone().into_bytes(), percent_decoded(rel.as_bytes())];
        haystacks.push(percent_decoded(&bytes));
        haystacks.push(base64_decoded(&bytes));
        haystacks.push(bytes);
        for secret in secrets() {
            let needle = secret.as_bytes();
            if haystacks
                .iter()
                .any(|h| memchr::memmem::find(h, needle).is_some())
            {
                found.push(format!("{rel}: {secret}"));
            }
        }
    }
    found
}

#[test]
fn a_partner_build_leaves_no_trace_of_what_is_marked_internal() {
    let site = fixture();
    site.run(&["build", "--audience", "partner"]).success();
    assert_eq!(traces(&site, "public"), Vec::<String>::new());
    // What the partner gets is there.
    let files = site.files("public");
    for kept in [
        "index.html",
        "公开/说明.html",
        "公开/合作协议说明.html",
        "公开/共享图.png",
    ] {
        assert!(files.iter().any(|f| f == kept), "{kept} missing: {files:?}");
    }
    let page = site.read("public/公开/说明.html");
    assert!(page.contains("这是所有人都能看的说明。"), "{page}");
    assert!(page.contains("公开结尾"), "{page}");
    // The scan itself finds what is there: the full build has every secret.
    site.run(&["build", "-o", "everything"]).success();
    let all = traces(&site, "everything");
    for secret in secrets() {
        assert!(
            all.iter().any(|t| t.ends_with(&format!(": {secret}"))),
            "the full build should show {secret}: {all:?}"
        );
    }
}

#[test]
fn each_marking_form_leaves_its_page_out_and_another_audience_keeps_it() {
    let site = fixture();
    site.run(&["build", "--audience", "partner"]).success();
    let partner = site.files("public");
    site.run(&["build", "--audience", "internal", "-o", "internal"])
        .success();
    let internal = site.files("internal");
    for (out, why) in [
        ("公开/机密页.html", "TOML front matter `audience`"),
        ("公开/董事会.html", "YAML `confidential: true`"),
        ("公开/合作协议-极峰.html", "an `exclude` glob"),
        ("内部/index.html", "a folder glob"),
        ("内部/子页.html", "a page in an excluded folder"),
        ("公开/镜像/子页.html", "a page reached through a symlink"),
        ("公开/分成表.csv", "a glob on a file"),
    ] {
        assert!(!partner.iter().any(|f| f == out), "{why}: {out} published");
        if !out.contains("镜像") && !out.ends_with(".csv") {
            assert!(
                internal.iter().any(|f| f == out),
                "{why}: {out} missing for internal"
            );
        }
    }
    // `include` puts back what a glob left out.
    assert!(partner.iter().any(|f| f == "公开/合作协议说明.html"));
    // The passage is there for internal, its heading in the table of contents.
    let page = site.read("internal/公开/说明.html");
    assert!(page.contains("SECRET-PASSAGE-TEXT-7"), "{page}");
    assert!(page.contains("toc-h2\"><a href=\"#%E7%A7%98"), "{page}");
}

#[test]
fn links_to_left_out_pages_are_plain_words_and_diagnostics_with_lines() {
    let site = fixture();
    let run = site
        .run(&["build", "--audience", "partner"])
        .success()
        .stderr_has(
            "warning[link-to-excluded]: `公开/机密页.md` is left out of this audience build",
        )
        .stderr_has("--> content/README.md:4:3")
        .stderr_has("--> content/公开/说明.md:15:2")
        .stderr_has("`#秘密段落标题庚` is a heading in a passage left out of this audience build")
        .stderr_has("--> content/README.md:8:3");
    assert!(
        run.stderr
            .contains("leaving out 7 pages, 2 folders, 3 files and 1 passage"),
        "{}",
        run.stderr
    );
    let body = common::main_of(&site.read("public/公开/说明.html")).to_string();
    assert!(
        body.contains("<p>见那一页和董事会，以及表格。</p>"),
        "{body}"
    );
    // Raw HTML links and images too: their words (an image its alt text).
    assert!(body.contains("<p>原始链接 原图</p>"), "{body}");
    // Strict: a partner build with dangling references fails.
    site.run(&["build", "--audience", "partner", "--strict", "-o", "strict"])
        .code(1)
        .stderr_has("error[link-to-excluded]");
}

#[test]
fn check_lists_what_an_audience_build_leaves_out() {
    let site = fixture();
    site.run(&["check", "--audience", "partner"])
        .success()
        .stderr_has("audience `partner` leaves out")
        .stderr_has("page content/公开/机密页.md (front matter: for internal)")
        .stderr_has("page content/公开/合作协议-极峰.md (exclude glob `**/合作协议*.md`)")
        .stderr_has("folder content/内部/ (every page in it is left out)")
        .stderr_has("page content/公开/镜像/子页.md (exclude glob `内部/**`)")
        .stderr_has("passage content/公开/说明.md:5-11 (for internal)")
        .stderr_has("warning[link-to-excluded]");
    assert!(!site.exists("public"), "check writes nothing");
    let json = site
        .run(&["check", "--audience", "partner", "--format", "json"])
        .json();
    assert_eq!(json["summary"]["audience"], "partner");
    let left_out = json["summary"]["left_out"].as_array().unwrap();
    assert!(
        left_out
            .iter()
            .any(|l| l == "passage content/公开/说明.md:5-11 (for internal)"),
        "{left_out:?}"
    );
}

#[test]
fn an_unknown_audience_is_a_usage_error_naming_the_defined_ones() {
    let site = fixture();
    site.run(&["build", "--audience", "partnr"])
        .code(2)
        .stderr_has("unknown audience `partnr`: folio.toml defines `internal`, `partner`");
    site.run(&["serve", "--audience", "partnr"]).code(2);
    TestSite::new()
        .file("README.md", "# 首页\n")
        .run(&["check", "--audience", "partner"])
        .code(2)
        .stderr_has("folio.toml defines no audiences");
}

#[test]
fn the_banner_is_on_every_page_of_the_audience_build_only() {
    let site = fixture();
    site.run(&["build", "--audience", "partner"]).success();
    for rel in site.files("public").iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(&format!("public/{rel}"));
        assert!(
            html.contains("<div class=\"audience-banner\" role=\"note\" aria-label=\"发布范围\">仅供极峰科技使用</div>"),
            "{rel}"
        );
    }
    site.run(&["build", "-o", "everything"]).success();
    assert!(!site
        .read("everything/index.html")
        .contains("audience-banner"));
}

#[test]
fn a_default_audience_and_an_output_folder_of_its_own() {
    let site = fixture().file(
        "folio.toml",
        "default-audience = \"partner\"\n[audiences.partner]\nexclude = [\"内部/**\"]\nout = \"public-partner\"\n",
    );
    let run = site.run(&["build"]).success();
    assert!(
        run.stderr.contains("for audience `partner`"),
        "{}",
        run.stderr
    );
    assert!(site.exists("public-partner/index.html"));
    assert!(!site.exists("public-partner/内部/index.html"));
    assert!(!site.exists("public"));
    site.run(&["build", "--audience", "all"]).success();
    assert!(site.exists("public/内部/index.html"));
}

#[test]
fn source_links_are_off_in_an_audience_build_unless_asked_for() {
    let toml = "repo-url = \"https://github.com/org/repo\"\n[audiences.partner]\n";
    let site = TestSite::new()
        .file("folio.toml", toml)
        .file("content/README.md", "# 首页\n");
    site.run(&["build"]).success();
    assert!(site
        .read("public/index.html")
        .contains("github.com/org/repo/edit/"));
    site.run(&["build", "--audience", "partner"]).success();
    assert!(!site
        .read("public/index.html")
        .contains("github.com/org/repo"));
    std::fs::write(
        site.join("folio.toml"),
        format!("{toml}source-links = true\n"),
    )
    .unwrap();
    site.run(&["build", "--audience", "partner"]).success();
    assert!(site
        .read("public/index.html")
        .contains("github.com/org/repo/edit/"));
}

#[test]
fn misplaced_nested_and_unclosed_markers_fail_every_build_with_their_place() {
    let site = TestSite::new()
        .file("a.md", "# A\n\n- 项\n  <!-- audience: internal -->\n")
        .file(
            "b.md",
            "# B\n\n<!-- audience: internal -->\n一\n\n<!-- audience: internal -->\n",
        );
    site.run(&["build"])
        .code(1)
        .stderr_has("error[audience-marker]: audience marker inside a list item")
        .stderr_has("--> a.md:4:3")
        .stderr_has("audience passages cannot nest: the passage opened on line 3 is still open")
        .stderr_has("--> b.md:6:1")
        .stderr_has("audience passage is never closed")
        .stderr_has("--> b.md:3:1");
}

/// The fixture with every marking taken out: no audiences in folio.toml,
/// no `audience`/`confidential` keys, no passage markers (their lines
/// deleted, so every later line moves up).
fn without_markings(site: &TestSite) {
    let toml = "title = \"伙伴知识库\"\nbase-url = \"https://example.com/kb/\"\n";
    std::fs::write(site.join("folio.toml"), toml).unwrap();
    for rel in site.files("content").iter().filter(|f| f.ends_with(".md")) {
        let path = site.join(&format!("content/{rel}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| {
                !(l.starts_with("<!-- audience:")
                    || l.starts_with("<!-- /audience")
                    || l.starts_with("audience =")
                    || l.starts_with("confidential:"))
            })
            .collect();
        std::fs::write(path, kept).unwrap();
    }
}

#[test]
fn a_build_for_everyone_equals_the_tree_without_markings() {
    let marked = fixture();
    let run = marked.run(&["build"]).success();
    assert!(
        run.stderr
            .contains("5 pages are marked for other audiences"),
        "{}",
        run.stderr
    );
    let plain = fixture();
    without_markings(&plain);
    assert_ne!(
        plain.read("content/公开/说明.md"),
        marked.read("content/公开/说明.md")
    );
    plain
        .run(&["build"])
        .success()
        .stderr_lacks("marked for other audiences");
    same_files(&marked.join("public"), &plain.join("public"));
    // Raw HTML published as written: the marker comments are not in it.
    for site in [&marked, &plain] {
        let toml = std::fs::read_to_string(site.join("folio.toml")).unwrap();
        let toml = format!("[markdown]\nraw-html = \"allow\"\n{toml}")
            .replace("[markdown]\nraw-html = \"allow\"\ntitle", "title");
        std::fs::write(
            site.join("folio.toml"),
            format!("{toml}\n[markdown]\nraw-html = \"allow\"\n"),
        )
        .unwrap();
        site.run(&["build", "-o", "allowed"]).success();
    }
    same_files(&marked.join("allowed"), &plain.join("allowed"));
}

fn same_files(a: &std::path::Path, b: &std::path::Path) {
    let (a, b) = (files_in(a), files_in(b));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{name} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
}

/// `folio serve`'s engine, updated edit by edit for the partner: nothing
/// marked shows after any update, and each equals a fresh partner build.
#[test]
fn serve_updates_for_an_audience_leave_no_trace_either() {
    use folio::engine::{build, Engine};
    let site = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let (served, fresh) = (tmp.path().join("served"), tmp.path().join("fresh"));
    let partner = |out: &std::path::Path, incremental| folio::engine::BuildOptions {
        audience: Some("partner".into()),
        ..common::build_options(site.path(), out, incremental)
    };
    let mut engine = Engine::new(partner(&served, true)).unwrap();
    assert!(!engine.full().diagnostics.has_errors());
    let edits = [
        ("content/公开/说明.md", "# 公开说明\n\n改过。\n\n<!-- audience: internal -->\n## 秘密段落标题庚\n\nSECRET-PASSAGE-TEXT-7 又改\n<!-- /audience -->\n"),
        ("content/公开/机密页.md", "+++\ntitle = \"绝密标题甲\"\naudience = [\"internal\"]\n+++\n\nSECRET-PAGE-TOML-1 改\n"),
        ("content/公开/新页.md", "---\nconfidential: true\n---\n# 绝密标题乙\n\nSECRET-PAGE-YAML-2\n"),
        ("content/内部/新.md", "# 绝密标题戊\n\nSECRET-FOLDER-PAGE-5\n"),
        ("content/README.md", "# 伙伴知识库\n\n[公开说明](公开/说明.md) [那](公开/新页.md)\n"),
    ];
    for (rel, text) in edits {
        std::fs::write(site.join(rel), text).unwrap();
        let outcome = engine.update(&[site.join(rel)].into_iter().collect());
        assert!(!outcome.diagnostics.has_errors(), "{rel}");
        assert_eq!(
            traces_in(&served),
            Vec::<String>::new(),
            "after editing {rel}"
        );
        let _ = std::fs::remove_dir_all(&fresh);
        build(&partner(&fresh, false)).unwrap();
        same_files(&served, &fresh);
    }
}

#[test]
fn assets_globs_publish_nothing_in_an_audience_build() {
    let site = TestSite::new()
        .file(
            "folio.toml",
            "assets = [\"**/*.pdf\"]\n[audiences.partner]\n",
        )
        .file("content/README.md", "# 首页\n")
        .file(
            "content/机密.md",
            "---\nconfidential: true\n---\n# 机密\n\n[原件](原件.pdf)\n",
        )
        .file("content/原件.pdf", "SECRET-PDF");
    site.run(&["build", "-o", "everything"]).success();
    assert!(site.exists("everything/原件.pdf"));
    site.run(&["build", "--audience", "partner"]).success();
    assert!(
        !site.exists("public/原件.pdf"),
        "{:?}",
        site.files("public")
    );
}

#[test]
fn the_banner_is_named_in_the_interface_language() {
    let site = TestSite::new()
        .file(
            "folio.toml",
            "language = \"en\"\n[audiences.partner]\nbanner = \"For Jifeng only\"\n",
        )
        .file("content/README.md", "# Home\n");
    site.run(&["build", "--audience", "partner"]).success();
    assert!(site.read("public/index.html").contains(
        "<div class=\"audience-banner\" role=\"note\" aria-label=\"Audience\">For Jifeng only</div>"
    ));
}
