//! The command line as CI and writers use it: exit codes, configuration
//! errors, bad input, the output folder's safety rules, determinism.

mod common;
use common::{main_of, TestSite};

fn bare() -> TestSite {
    TestSite::new()
        .file("README.md", "# 知识库\n\n见[总览](01-总览.md)。\n")
        .file("01-总览.md", "# 总览\n\n正文。\n")
}

#[test]
fn a_bare_folder_of_markdown_builds_without_configuration() {
    let site = bare();
    site.run(&["build"]).success().stderr_has("built 2 pages");
    assert!(site.exists("public/index.html"));
    assert!(site.exists("public/01-总览.html"));
    assert!(site.exists("public/404.html"));
    assert!(site.exists("public/_folio/folio.css"));
    // The output folder inside the content folder is not read as content.
    site.run(&["build"]).success().stderr_has("built 2 pages");
    assert!(!site.exists("public/public"));
}

#[test]
fn check_writes_nothing() {
    let site = bare();
    site.run(&["check"])
        .success()
        .stderr_has("checked 2 pages: no problems");
    assert!(!site.exists("public"));
}

#[test]
fn usage_errors_exit_2() {
    let site = bare();
    site.run(&["build", "--no-such-flag"]).code(2);
    site.run(&["build", "--format", "xml"]).code(2);
    site.run(&["build", "missing-folder"])
        .code(2)
        .stderr_has("`missing-folder` is not a folder");
}

#[test]
fn an_unknown_config_key_is_named_with_its_line_and_the_allowed_keys() {
    let site = bare().file(
        "folio.toml",
        "title = \"x\"\ncontent-dir = \".\"\n\n[links]\nbroken = \"warn\"\nignored = []\n",
    );
    site.run(&["build"]).code(2).stderr_has(
        "error[config]: unknown field `ignored`, expected one of `broken`, `ignore`, `external-images`\n  --> folio.toml:6:1\n  |\n6 | ignored = []\n  | ^^^^^^^\n",
    );
    assert!(!site.exists("public"));
}

#[test]
fn a_bad_config_value_exits_2_in_json_too() {
    let site = bare().file("folio.toml", "content-dir = \".\"\nlanguage = \"fr\"\n");
    let run = site.run(&["build", "--format", "json"]).code(2);
    let report = run.json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["diagnostics"][0]["code"], "config");
    assert_eq!(report["diagnostics"][0]["line"], 2);
}

#[test]
fn non_utf8_files_are_all_reported_and_the_rest_still_checked() {
    let site = bare()
        .bytes("gbk.md", b"# \xb1\xea\xcc\xe2\n")
        .bytes("sub/latin1.md", b"# ok\n\nline two \xe9\n")
        .file("sub/broken.md", "# b\n\n[x](nowhere.md)\n");
    let run = site.run(&["build", "--format", "json"]).code(1);
    let report = run.json();
    let diags = report["diagnostics"].as_array().unwrap();
    let utf8: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "invalid-utf8")
        .collect();
    assert_eq!(utf8.len(), 2, "{report:#}");
    assert_eq!(utf8[0]["path"], "gbk.md");
    assert_eq!(utf8[0]["line"], 1);
    assert_eq!(utf8[1]["path"], "sub/latin1.md");
    assert_eq!(utf8[1]["line"], 3);
    // The other pages were still analysed.
    assert!(diags.iter().any(|d| d["code"] == "broken-link"));
    assert!(!site.exists("public"));
    assert!(run.stderr.contains("error[invalid-utf8]"));
}

#[test]
fn bad_front_matter_is_an_error_at_its_line() {
    let site = bare().file("坏.md", "+++\ntitle = \"a\"\nweight = oops\n+++\n# 坏\n");
    site.run(&["build"])
        .code(1)
        .stderr_has("error[front-matter]: invalid TOML front matter")
        .stderr_has("--> 坏.md:3:");
    let yaml = bare().file("y.md", "---\ntitle: [unclosed\n---\n");
    yaml.run(&["check"]).code(1).stderr_has("--> y.md:");
}

#[test]
fn bom_crlf_and_front_matter_titles() {
    let site = TestSite::new()
        .bytes(
            "README.md",
            "\u{feff}# 首页\r\n\r\n[页](页.md)\r\n".as_bytes(),
        )
        .file(
            "页.md",
            "---\ntitle: 前言标题\nweight: 1\n---\n# 正文标题\n",
        )
        .file("02-无标题.md", "正文。\n")
        .file("草稿.md", "+++\ndraft = true\n+++\n# 草稿\n");
    site.run(&["build"]).success();
    assert!(site.read("public/页.html").contains("<title>前言标题"));
    assert!(site.read("public/02-无标题.html").contains("<title>无标题"));
    assert!(!site.exists("public/草稿.html"), "drafts are not published");
    assert!(main_of(&site.read("public/index.html")).contains("id=\"首页\""));
}

#[test]
fn refuses_a_foreign_non_empty_output_folder_and_leaves_it_alone() {
    let site = bare().file("out/mine.txt", "keep me");
    site.run(&["build", "-o", "out"]).code(2).stderr_has(
        "refusing to write the site to `out`: the folder is not empty and was not created by folio",
    );
    assert_eq!(site.read("out/mine.txt"), "keep me");
}

#[test]
fn refuses_the_content_folder_and_its_parents() {
    let site = TestSite::new().file("docs/README.md", "# x\n");
    site.run(&["build", "docs", "-o", "docs"])
        .code(2)
        .stderr_has("it is the content folder");
    site.run(&["build", "docs", "-o", "."])
        .code(2)
        .stderr_has("it contains the content folder");
    assert!(site.exists("docs/README.md"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = bare();
    site.run(&["build"]).success();
    let before = site.read("public/01-总览.html");
    let files_before = site.files("public");
    let site = site.bytes("01-总览.md", b"# \xff\xfe broken\n");
    site.run(&["build"])
        .code(1)
        .stderr_has("`public` was left unchanged");
    assert_eq!(site.read("public/01-总览.html"), before);
    assert_eq!(site.files("public"), files_before);
    assert!(
        !site.exists(".public.folio-staging"),
        "staging folder cleaned up"
    );
}

#[test]
fn a_rebuild_replaces_stale_files() {
    let site = bare().file("旧.md", "# 旧\n");
    site.run(&["build"]).success();
    assert!(site.exists("public/旧.html"));
    std::fs::remove_file(site.join("旧.md")).unwrap();
    site.run(&["build"]).success();
    assert!(!site.exists("public/旧.html"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::fixture("links");
    site.run(&["build", "-o", "a"]).success();
    site.run(&["build", "-o", "b"]).success();
    let (a, b) = (site.files("a"), site.files("b"));
    assert_eq!(a, b);
    assert!(a.len() > 8);
    for f in &a {
        let (x, y) = (
            std::fs::read(site.join(&format!("a/{f}"))).unwrap(),
            std::fs::read(site.join(&format!("b/{f}"))).unwrap(),
        );
        assert!(x == y, "{f} differs between builds");
    }
}

#[test]
fn json_report_has_every_field_and_counts() {
    let site = TestSite::fixture("broken-links");
    let run = site
        .run(&["build", "content", "--format", "json", "-q"])
        .success();
    let report = run.json();
    let d = &report["diagnostics"][0];
    for key in [
        "severity",
        "code",
        "path",
        "line",
        "column",
        "message",
        "target",
        "suggestion",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(
        report["summary"]["pages"], 4,
        "three pages and the generated index of sub/"
    );
    assert_eq!(report["summary"]["errors"], 0);
    assert!(report["summary"]["warnings"].as_u64().unwrap() >= 6);
    assert!(report["summary"]["output"]
        .as_str()
        .unwrap()
        .ends_with("public"));
    // -q: warnings are not printed, only JSON on stdout.
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

#[test]
fn index_clash_is_a_warning_and_readme_wins() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file("a/README.md", "# README 标题\n")
        .file("a/index.md", "# index 标题\n");
    site.run(&["build"])
        .success()
        .stderr_has("warning[index-clash]");
    assert!(site.read("public/a/index.html").contains("README 标题"));
}

#[test]
fn init_creates_a_site_and_never_overwrites() {
    let site = TestSite::new();
    site.run(&["init", "kb"]).success();
    assert!(site.exists("kb/folio.toml"));
    assert!(site.exists("kb/content/README.md"));
    site.run(&["build", "kb"]).success();
    assert!(site.exists("kb/public/index.html"));
    std::fs::write(site.join("kb/folio.toml"), "title = \"mine\"\n").unwrap();
    site.run(&["init", "kb"])
        .code(2)
        .stderr_has("already exists");
    assert_eq!(site.read("kb/folio.toml"), "title = \"mine\"\n");
}

#[test]
fn metadata_lines_and_last_updated_dates_are_shown_under_the_title() {
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .file(
            "总览.md",
            "# 总览\n\n**最后更新**: 2025-10-31\n**负责人**: 总经理室\n\n---\n\n正文。\n",
        )
        .file("前言.md", "+++\ndate = 2025-09-01\n+++\n# 前言\n\n正文。\n")
        .file("笔记.md", "# 笔记\n\n正文。\n");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(site.path())
            .env("GIT_COMMITTER_DATE", "2024-03-05T10:00:00+00:00")
            .env("GIT_AUTHOR_DATE", "2024-03-05T10:00:00+00:00")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "content"]);
    site.run(&["build"]).success();
    let overview = main_of(&site.read("public/总览.html")).to_string();
    assert!(
        overview.contains("<dt>最后更新</dt><dd>2025-10-31</dd>"),
        "{overview}"
    );
    assert!(overview.contains("<dt>负责人</dt><dd>总经理室</dd>"));
    assert!(
        !overview.contains("<hr"),
        "the rule under the lines goes with them"
    );
    assert!(
        !overview.contains("<strong>负责人</strong>"),
        "the lines left the body"
    );
    let preface = main_of(&site.read("public/前言.html")).to_string();
    assert!(
        preface.contains("<dt>最后更新</dt><dd>2025-09-01</dd>"),
        "front matter date: {preface}"
    );
    let notes = main_of(&site.read("public/笔记.html")).to_string();
    assert!(
        notes.contains("<dt>最后更新</dt><dd>2024-03-05</dd>"),
        "git date: {notes}"
    );
}

#[test]
fn timings_name_every_stage_with_the_peak_memory_so_far() {
    let site = bare();
    let run = site.run(&["build", "--timings"]).success();
    let stderr = &run.stderr;
    for stage in [
        "load",
        "markdown",
        "links",
        "sidebars",
        "templates+write",
        "knowledge pages",
        "shared files",
        "search index",
        "swap",
    ] {
        let line = stderr
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{stage} ")))
            .unwrap_or_else(|| panic!("no `{stage}` line in:\n{stderr}"));
        assert!(line.contains(" ms"), "{line}");
        if cfg!(target_os = "linux") {
            assert!(line.contains(" MiB"), "peak memory on `{line}`");
        }
    }
    for part in ["context (cpu)", "tera (cpu)", "write (cpu)"] {
        assert!(stderr.contains(part), "no `{part}` in:\n{stderr}");
    }
}

#[test]
fn crlf_front_matter_with_an_unterminated_string_is_a_diagnostic_not_a_panic() {
    let site = TestSite::new().file("a.md", "+++\r\ntitle = \"x\r\n+++\r\n正文\r\n");
    site.run(&["build"])
        .code(1)
        .stderr_has("error[front-matter]: invalid TOML front matter")
        .stderr_has("  --> a.md:2:11\n  |\n2 | title = \"x\n  |           ^\n")
        .stderr_lacks("panicked");
}

#[test]
fn a_broken_link_in_image_alt_text_marks_no_tag_and_panics_nowhere() {
    // The link inside the alt text is written as text: it has no tag of its
    // own, so nothing is inserted into the middle of the `alt` attribute
    // (a CJK character there made the insertion panic).
    for alt in ["评", "ab"] {
        let site = TestSite::new().file(
            "a.md",
            &format!("![[{alt}](n)]()\n\n![![{alt}](n.png)](m.png) [![x](q.png)](r.md)\n"),
        );
        let run = site.run(&["build"]).success().stderr_lacks("panicked");
        assert_eq!(run.stderr.matches("warning[broken-link]").count(), 5);
        let html = site.read("public/a.html");
        let main = main_of(&html);
        for tag in [
            format!("<img src=\"\" alt=\"{alt}\" />"),
            format!("<img class=\"broken-link\" title=\"失效链接：no page, folder or file at `m.png`\" src=\"m.png\" alt=\"{alt}\" />"),
            // A link to a missing page leads to its wanted entry.
            "<a class=\"broken-link\" title=\"失效链接：no page, folder or file at `r.md`\" href=\"_folio/wanted.html#r.md\">".to_string(),
            "<img class=\"broken-link\" title=\"失效链接：no page, folder or file at `q.png`\" src=\"q.png\" alt=\"x\" />".to_string(),
        ] {
            assert!(main.contains(&tag), "{tag} not in {main}");
        }
        assert_eq!(main.matches("class=\"broken-link\"").count(), 3, "{main}");
    }
}

#[test]
fn deeply_nested_yaml_front_matter_is_refused_at_its_line() {
    // The YAML parser took 27 s on this; folio refuses it first (the time
    // is measured by bench/hostile.sh, not here).
    let page = format!("---\ntitle: 标题\nx: {}\n---\n正文\n", "[".repeat(80_000));
    TestSite::new().file("a.md", &page).run(&["check"]).code(1).stderr_has(
        "error[front-matter]: invalid YAML front matter: `[` and `{` nested more than 80 deep\n  --> a.md:3:84\n",
    );
}

#[test]
fn a_line_with_many_broken_links_is_shown_once_and_a_long_one_as_a_window() {
    let long = format!("{}[远](远.md)", "长".repeat(300));
    let site = TestSite::new().file(
        "a.md",
        &format!("[一](x.md) [二](y.md) [三](z.md)\n[四](w.md)\n\n{long}\n"),
    );
    let run = site.run(&["check"]).success();
    assert_eq!(run.stderr.matches("warning[broken-link]").count(), 5);
    assert_eq!(
        run.stderr
            .matches("1 | [一](x.md) [二](y.md) [三](z.md)\n")
            .count(),
        1,
        "{}",
        run.stderr
    );
    // The other two links of line 1 point at it without showing it again.
    run.stderr_has("  --> a.md:1:11\n  = help: did you mean `./a.md`?\n\nwarning")
        .stderr_has("  --> a.md:1:21\n  = help: did you mean `./a.md`?\n\nwarning")
        .stderr_has("2 | [四](w.md)\n")
        .stderr_has(&format!(
            "  --> a.md:4:301\n  |\n4 | …{}[远](远.md)\n  | {}{}\n",
            "长".repeat(40),
            " ".repeat(81),
            "^".repeat(11)
        ));
}
