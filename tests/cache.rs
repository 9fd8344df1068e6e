//! The build cache (`.folio-cache` beside the output): a rebuild reuses the
//! renderings and updates the output in place, and whatever the cache or
//! the output went through, the result is byte for byte a cold build's.

mod common;
use common::{contents, TestSite};
use std::fs;

/// A site with links, backlinks, tags, tasks and a folder.
fn site() -> TestSite {
    TestSite::fixture("kb")
}

const CACHE: &str = ".folio-cache/public.bin";

/// Build with the cache and return what `--timings` says of the plan.
fn build(site: &TestSite) -> String {
    let run = site.run(&["build", "--timings"]).success();
    let plan = run.stderr.lines().find(|l| l.contains("plan:"));
    plan.unwrap_or_else(|| panic!("no plan line in {}", run.stderr))
        .to_string()
}

/// The output equals a cold build's, made without the cache elsewhere.
fn assert_cold_equal(site: &TestSite) {
    let _ = fs::remove_dir_all(site.join("cold"));
    site.run(&["build", "--no-cache", "-o", "cold"]).success();
    let (now, cold) = (contents(&site.join("public")), contents(&site.join("cold")));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&now), names(&cold), "the same files");
    for ((name, a), (_, b)) in now.iter().zip(&cold) {
        assert!(a == b, "{name} differs from a cold build");
    }
}

fn edit(site: &TestSite, rel: &str, f: impl FnOnce(String) -> String) {
    let path = site.join(rel);
    let text = fs::read_to_string(&path).unwrap_or_default();
    fs::write(path, f(text)).unwrap();
}

#[test]
fn a_rebuild_after_an_edit_updates_the_output_in_place_as_a_cold_build_would() {
    let site = site();
    assert!(build(&site).contains("into a staging folder"));
    assert!(site.exists(CACHE), "the cache is made next to the output");
    let untouched = site.join("public/2-乙.html");
    let before = fs::metadata(&untouched).unwrap().modified().unwrap();

    let plan = build(&site);
    assert!(plan.contains("rendered 0,"), "{plan}");
    assert!(plan.contains("filled 0 pages, in place"), "{plan}");
    assert_cold_equal(&site);

    edit(&site, "content/1-甲.md", |t| t + "\n多了一行。\n");
    let plan = build(&site);
    assert!(
        plan.contains("rendered 1,") && plan.contains("in place"),
        "{plan}"
    );
    assert_cold_equal(&site);
    assert_eq!(
        fs::metadata(&untouched).unwrap().modified().unwrap(),
        before,
        "a page that did not change is not written again"
    );

    // A new title (navigation of every page), a new page, a removed one.
    edit(&site, "content/2-乙.md", |t| t.replacen("# ", "# 新的", 1));
    build(&site);
    assert_cold_equal(&site);
    edit(&site, "content/3-丙/新页.md", |_| {
        "# 新页\n\n[甲](../1-甲.md)\n".into()
    });
    build(&site);
    assert_cold_equal(&site);
    fs::remove_file(site.join("content/3-丙/丁.md")).unwrap();
    build(&site);
    assert_cold_equal(&site);
}

#[test]
fn in_ci_the_cache_alone_spares_the_markdown_of_unchanged_pages() {
    let site = site();
    build(&site);
    fs::remove_dir_all(site.join("public")).unwrap();
    edit(&site, "content/README.md", |t| t + "\n新的一段。\n");
    let plan = build(&site);
    assert!(plan.contains("rendered 1,"), "{plan}");
    assert!(plan.contains("into a staging folder"), "{plan}");
    assert_cold_equal(&site);
}

#[test]
fn an_output_changed_by_hand_is_written_again() {
    let site = site();
    build(&site);
    edit(&site, "public/1-甲.html", |t| {
        t.replace("<body", "<body data-x")
    });
    let plan = build(&site);
    assert!(plan.contains("into a staging folder"), "{plan}");
    assert_cold_equal(&site);

    fs::remove_file(site.join("public/2-乙.html")).unwrap();
    assert!(build(&site).contains("into a staging folder"));
    assert_cold_equal(&site);

    fs::write(site.join("public/stray.html"), "x").unwrap();
    assert!(build(&site).contains("into a staging folder"));
    assert_cold_equal(&site);
    assert!(!site.exists("public/stray.html"));
}

/// Every way a cache can be damaged: ignored with a warning, and the
/// output is still a cold build's.
#[test]
fn a_corrupt_or_truncated_cache_is_ignored_with_a_warning() {
    let site = site();
    build(&site);
    let good = fs::read(site.join(CACHE)).unwrap();
    // Positions spread over the whole file: header, checksum, renderings
    // (page bodies) and the output's manifest.
    let step = (good.len() / 40).max(1);
    let mut damaged: Vec<Vec<u8>> = (0..good.len())
        .step_by(step)
        .map(|i| {
            let mut b = good.clone();
            b[i] ^= 0x20;
            b
        })
        .collect();
    damaged.extend([0, 5, 8, 12, 16, good.len() / 2, good.len() - 1].map(|n| good[..n].to_vec()));
    for (n, bytes) in damaged.iter().enumerate() {
        // The output is stale (a page changed) so that a cache believed
        // wrongly would show.
        edit(&site, "content/2-乙.md", |t| format!("{t}\n第{n}次。\n"));
        fs::write(site.join(CACHE), bytes).unwrap();
        let run = site.run(&["build"]).success();
        assert!(
            run.stderr.contains("warning[cache]"),
            "damaged cache #{n} not reported: {}",
            run.stderr
        );
        assert_cold_equal(&site);
    }
}

#[test]
fn a_cache_from_another_site_or_configuration_is_ignored_with_a_warning() {
    let site = site();
    let other = TestSite::new().file("content/README.md", "# 别处\n\n别的站。\n");
    other
        .run(&["build", "--cache", "../shared-cache"])
        .success();
    // The other site's cache, under this site's output name.
    let shared = other.path().parent().unwrap().join("shared-cache");
    fs::create_dir_all(site.join(".folio-cache")).unwrap();
    fs::copy(shared.join("public.bin"), site.join(CACHE)).unwrap();
    let run = site.run(&["build"]).success();
    assert!(run.stderr.contains("warning[cache]"), "{}", run.stderr);
    assert!(run.stderr.contains("another site"), "{}", run.stderr);
    assert_cold_equal(&site);

    edit(&site, "folio.toml", |t| {
        t.replace("title = \"知识库\"", "title = \"新库\"")
    });
    let run = site.run(&["build"]).success();
    assert!(run.stderr.contains("warning[cache]"), "{}", run.stderr);
    assert_cold_equal(&site);
    let _ = fs::remove_dir_all(shared);
}

#[test]
fn the_cache_does_not_grow_across_many_builds() {
    let site = site();
    build(&site);
    let first = fs::metadata(site.join(CACHE)).unwrap().len();
    for n in 0..25 {
        // A page comes, the one before goes, another page changes.
        edit(&site, &format!("content/3-丙/第{n}页.md"), |_| {
            format!("# 第{n}页\n\n{}\n", "内容。".repeat(n + 1))
        });
        if n > 0 {
            fs::remove_file(site.join(&format!("content/3-丙/第{}页.md", n - 1))).unwrap();
        }
        edit(&site, "content/1-甲.md", |t| format!("{t}\n改{n}。\n"));
        build(&site);
    }
    let last = fs::metadata(site.join(CACHE)).unwrap().len();
    assert!(
        last < first * 2,
        "the cache grew from {first} to {last} bytes"
    );
    assert_eq!(
        site.files(".folio-cache"),
        vec!["public.bin"],
        "no leftover files"
    );
    assert_cold_equal(&site);
}

#[test]
fn a_failed_build_leaves_a_cache_that_is_still_valid() {
    let site = site();
    build(&site);
    edit(&site, "content/1-甲.md", |t| t + "\n[坏](不存在.md)\n");
    site.run(&["build", "--strict"]).code(1);
    assert!(site.exists(CACHE));
    edit(&site, "content/1-甲.md", |t| {
        t.replace("[坏](不存在.md)", "")
    });
    let plan = build(&site);
    assert!(plan.contains("in place"), "{plan}");
    assert_cold_equal(&site);
}

#[test]
fn the_cache_is_never_put_inside_the_output_folder() {
    let site = site();
    let run = site.run(&["build", "--cache", "public/cache"]).code(2);
    assert!(
        run.stderr.contains("inside the output folder"),
        "{}",
        run.stderr
    );
    site.run(&["build", "--cache", "elsewhere"]).success();
    assert!(site.exists("elsewhere/public.bin"));
    assert!(!site.exists(".folio-cache"));
    site.run(&["build", "--no-cache", "-o", "other"]).success();
    assert!(!site.exists(".folio-cache"), "--no-cache writes none");
}

/// A large site's build moves its bodies out of memory into a temporary
/// file (`markdown::spill`); the cache reads them back as it is written. A
/// CI build from that cache, and a rebuild into the output, still render
/// only the edited page and equal a cold build.
#[test]
fn a_large_sites_cache_keeps_the_bodies_its_build_moved_out_of_memory() {
    // 20 MB, above the 16 MiB from which bodies are packed (and spilled).
    let chapter = |c: usize| common::large_chapter(c, 1800);
    let mut site = TestSite::new()
        .file("folio.toml", "content-dir = \"content\"\n")
        .file("content/README.md", "# 首页\n\n[第一章](卷0/第0章.md)\n");
    for c in 0..70 {
        site = site.file(&format!("content/卷{}/第{c}章.md", c / 35), &chapter(c));
    }
    build(&site);
    // CI: a fresh checkout, the cache restored, no output.
    fs::remove_dir_all(site.join("public")).unwrap();
    edit(&site, "content/卷0/第7章.md", |t| t + "\n改过的结尾。\n");
    let plan = build(&site);
    assert!(plan.contains("rendered 1,"), "{plan}");
    assert_cold_equal(&site);
    // Then a rebuild into that output.
    edit(&site, "content/卷1/第40章.md", |t| {
        t + "\n又改了一处。\n"
    });
    let plan = build(&site);
    assert!(
        plan.contains("rendered 1,") && plan.contains("in place"),
        "{plan}"
    );
    assert_cold_equal(&site);
}
