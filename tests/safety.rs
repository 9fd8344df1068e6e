//! Nothing lost, nothing leaked: output paths that resolve somewhere
//! dangerous, symlinks and special files in the content, concurrent builds,
//! output folders that cannot be swapped, file names that are not safe URLs.

mod common;
use common::TestSite;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Every file and folder under `root` with its bytes (folders: empty),
/// symlinks by their target.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            let bytes = if e.path_is_symlink() {
                fs::read_link(e.path())
                    .unwrap()
                    .display()
                    .to_string()
                    .into_bytes()
            } else if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect()
}

fn project() -> TestSite {
    TestSite::new()
        .file("proj/content/README.md", "# 首页\n\n见[总览](总览.md)。\n")
        .file("proj/content/总览.md", "# 总览\n")
        .file("proj/mydocs/notes.txt", "mine")
        .file("proj/mydocs/sub/more.txt", "also mine")
}

#[test]
fn output_paths_are_resolved_before_they_are_checked() {
    let site = project();
    let content = tree(&site.join("proj/content"));
    let mydocs = tree(&site.join("proj/mydocs"));
    let real = |rel: &str| fs::canonicalize(site.join(rel)).unwrap();
    for (args, why, resolved) in [
        (
            vec!["build", "proj/content", "-o", "nothere/../proj/content"],
            "it is the content folder",
            real("proj/content"),
        ),
        (
            vec!["build", "proj/content", "-o", "proj/nothere/../mydocs"],
            "was not created by folio",
            real("proj/mydocs"),
        ),
        (
            vec!["build", "proj/content", "-o", "proj/nothere/../../proj"],
            "it contains the content folder",
            real("proj"),
        ),
    ] {
        site.run(&args)
            .code(2)
            .stderr_has(why)
            .stderr_has(&format!("(which is `{}`)", resolved.display()));
    }
    let site = site.file("proj/folio.toml", "output-dir = \"x/../content\"\n");
    site.run(&["build", "proj"])
        .code(2)
        .stderr_has("it is the content folder");
    assert_eq!(
        tree(&site.join("proj/content")),
        content,
        "content unchanged"
    );
    assert_eq!(tree(&site.join("proj/mydocs")), mydocs, "mydocs unchanged");
}

/// Everything that was there is still there, unchanged (a site written
/// into a new folder beside it is allowed).
fn kept(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>, context: &str) {
    for (path, bytes) in before {
        assert_eq!(
            after.get(path),
            Some(bytes),
            "`{path}` changed or lost: {context}"
        );
    }
}

/// A small deterministic generator (xorshift), so that a failing case can
/// be run again from its number.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[cfg(unix)]
#[test]
fn no_output_path_changes_the_content_or_a_foreign_folder() {
    use std::os::unix::fs::symlink;
    let site = project().file("proj/empty/.keep", "");
    fs::remove_file(site.join("proj/empty/.keep")).unwrap();
    symlink(site.join("proj/content"), site.join("proj/to-content")).unwrap();
    symlink(site.join("proj"), site.join("proj/to-proj")).unwrap();
    symlink(site.join("proj/mydocs"), site.join("to-mydocs")).unwrap();
    symlink(site.join("nowhere"), site.join("proj/dangling")).unwrap();
    let content = tree(&site.join("proj/content"));
    let mydocs = tree(&site.join("proj/mydocs"));
    let segments = [
        ".",
        "..",
        "proj",
        "content",
        "mydocs",
        "missing",
        "to-content",
        "to-proj",
        "to-mydocs",
        "dangling",
        "out",
        "empty",
    ];
    let mut rng = Rng(0x5eed_f011_0000_0001);
    let mut written = 0;
    for case in 0..80 {
        let len = 1 + rng.below(5);
        let out: Vec<&str> = (0..len)
            .map(|_| segments[rng.below(segments.len())])
            .collect();
        let out = out.join("/");
        let cwd = if rng.below(2) == 0 { "" } else { "proj" };
        let content_arg = if cwd.is_empty() {
            "proj/content"
        } else {
            "content"
        };
        let run = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", content_arg, "-q", "-o", &out])
            .current_dir(site.join(cwd))
            .output()
            .unwrap();
        let code = run.status.code();
        let stderr = String::from_utf8_lossy(&run.stderr);
        let context =
            format!("case {case}: cd {cwd:?} && folio build {content_arg} -o {out}\n{stderr}");
        kept(&content, &tree(&site.join("proj/content")), &context);
        kept(&mydocs, &tree(&site.join("proj/mydocs")), &context);
        match code {
            Some(0) => written += 1,
            Some(2) => assert!(
                stderr.contains("refusing to write the site to") || stderr.contains("cannot use"),
                "{context}"
            ),
            other => panic!("exit {other:?}: {context}"),
        }
    }
    assert!(written > 5, "only {written} of the paths were written");
}

#[cfg(unix)]
#[test]
fn nothing_outside_the_content_folder_is_published() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new()
        .file("secret/key.txt", "SECRET-KEY-4242")
        .file("secret/page.md", "# 机密\n\nSECRET-PAGE-4242\n")
        .file(
            "content/README.md",
            "# 首页\n\n[别名](别名.md) [子](子目录/)\n",
        )
        .file("content/真/页.md", "# 真页\n\n正文。\n");
    let c = site.join("content");
    symlink("/etc/passwd", c.join("passwd.txt")).unwrap();
    symlink("/proc/self/environ", c.join("env.md")).unwrap();
    symlink(site.join("secret"), c.join("外部")).unwrap();
    symlink(site.join("secret/key.txt"), c.join("key.txt")).unwrap();
    symlink("真/页.md", c.join("别名.md")).unwrap();
    symlink("真", c.join("子目录")).unwrap();
    symlink("..", c.join("真/上")).unwrap();
    symlink("nowhere.md", c.join("dangling.md")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(c.join("pipe"))
        .status()
        .unwrap()
        .success());
    let run = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "content", "-o", "public", "--format", "json"])
        .current_dir(site.path())
        .env("FOLIO_CANARY", "ENV-SECRET-4242")
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let skipped: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "skipped")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    for (name, why) in [
        (
            "content/passwd.txt",
            "symlink to `/etc/passwd`, outside the content folder",
        ),
        (
            "content/env.md",
            "symlink to `/proc/self/environ`, outside the content folder",
        ),
        ("content/外部", "outside the content folder"),
        ("content/key.txt", "outside the content folder"),
        ("content/dangling.md", "which does not exist"),
        ("content/pipe", "a named pipe, not a regular file or folder"),
        ("content/真/上", "(a loop)"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|m| m.contains(&format!("`{name}`")) && m.contains(why)),
            "no warning for {name} ({why}): {skipped:#?}"
        );
    }
    // Links inside the content folder are followed.
    assert!(site.read("public/别名.html").contains("真页"));
    assert!(site.exists("public/子目录/页.html"));
    // And nothing of what lies outside is anywhere in the output.
    for (path, bytes) in tree(&site.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "SECRET-KEY-4242",
            "SECRET-PAGE-4242",
            "ENV-SECRET-4242",
            "root:x:0:0",
        ] {
            assert!(!text.contains(secret), "{secret} published in {path}");
        }
    }
}

fn big_site(pages: usize) -> TestSite {
    let mut site = TestSite::new().file("content/README.md", "# 首页\n");
    let body = "## 合作\n\n| a | b |\n|---|---|\n| 合作伙伴 | 风险 |\n\n```rust\nfn main() { println!(\"x\"); }\n```\n".repeat(20);
    for i in 0..pages {
        site = site.file(
            &format!("content/s{}/p{i}.md", i % 10),
            &format!("# 页 {i}\n\n{body}"),
        );
    }
    site
}

fn build(site: &TestSite, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "content", "-o", "public", "-q"])
        .args(extra)
        .current_dir(site.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_builds_into_one_output_both_publish_a_whole_site() {
    let site = big_site(300);
    let (a, b) = (build(&site, &[]), build(&site, &[]));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.exists("public/.folio-build"));
    assert_eq!(
        site.files("public")
            .iter()
            .filter(|f| f.ends_with(".html"))
            .count(),
        // 300 pages, 12 indexes and 404, 10 print pages (each folder's:
        // the whole site is above `print.max-pages`), and the knowledge
        // base's wanted, tasks, changes and tag index pages.
        300 + 12 + 10 + 4
    );
    assert!(!site.exists(".public.folio-staging"));
    assert!(
        !site.exists(".public.folio-lock"),
        "the lock file is removed"
    );
    site.run(&["build", "content", "-o", "public", "-q"])
        .success();
}

#[test]
fn a_build_waits_for_the_lock_and_gives_up_naming_the_holder() {
    let site = big_site(3);
    let lock = fs::File::create(site.join(".public.folio-lock")).unwrap();
    lock.lock().unwrap();
    fs::write(site.join(".public.folio-lock"), "folio build (pid 4242)").unwrap();
    site.run(&["build", "content", "-o", "public", "--lock-timeout", "1"])
        .code(2)
        .stderr_has("waiting for folio build (pid 4242) to finish writing `public`")
        .stderr_has("another build is writing `public`: folio build (pid 4242) still holds");
    assert!(!site.exists("public"));
    drop(lock);
    site.run(&["build", "content", "-o", "public"]).success();
}

#[test]
fn a_killed_build_does_not_block_the_next_one() {
    let site = big_site(300);
    let mut child = build(&site, &[]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    // The dead build's lock is not waited for (and a wall-clock bound
    // would fail on a busy machine, where 300 pages take seconds anyway).
    site.run(&["build", "content", "-o", "public", "--lock-timeout", "5"])
        .success()
        .stderr_lacks("waiting for");
    assert!(site.exists("public/.folio-build"));
    assert!(!site.exists(".public.folio-staging"));
}

/// A mount point cannot be renamed (EBUSY): a private mount namespace
/// (`unshare -m`, as root) bind-mounts a folder over the output. Without
/// the build cache, which would update the output in place from the start.
#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_is_a_mount_point_is_updated_in_place() {
    let site = big_site(3).file("content/old.md", "# 旧\n");
    site.run(&["build", "content", "-o", "public", "-q"])
        .success();
    fs::remove_file(site.join("content/old.md")).unwrap();
    let volume = site.join("volume");
    fs::create_dir_all(&volume).unwrap();
    let folio = env!("CARGO_BIN_EXE_folio");
    let script = format!(
        "cp -a public/. volume/ && mount --bind volume public && '{folio}' build content -o public --no-cache; echo \"exit=$?\"; ls -A public > listing.txt; umount public"
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .current_dir(site.path())
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        eprintln!("skipped: no mount namespace here (needs root and unshare)");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if stderr.contains("Operation not permitted") || stderr.contains("must be superuser") {
        eprintln!("skipped: {stderr}");
        return;
    }
    assert!(stdout.contains("exit=0"), "{stdout}\n{stderr}");
    assert!(stderr.contains("could not be replaced"), "{stderr}");
    assert!(stderr.contains("updated in place"), "{stderr}");
    // The volume got the new site: the removed page is gone, the rest there.
    assert!(volume.join(".folio-build").is_file());
    assert!(volume.join("index.html").is_file());
    assert!(!volume.join("old.html").exists(), "stale page removed");
    assert!(!site.exists(".public.folio-staging"), "staging removed");
    assert!(!site.exists(".public.folio-old"));
}

#[test]
fn file_names_that_look_like_schemes_get_path_hrefs() {
    let site = TestSite::new()
        .file(
            "README.md",
            "# 首页\n\n[a](a:b.md) [j](<./javascript:alert(1).md>)\n",
        )
        .file("a:b.md", "# 冒号\n")
        .file("javascript:alert(1).md", "# 脚本\n");
    site.run(&["build"]).success();
    let home = site.read("public/index.html");
    assert!(home.contains("href=\"./a:b.html\""), "{home}");
    assert!(
        home.contains("href=\"./javascript:alert(1).html\""),
        "{home}"
    );
    // The sidebar and the pager link to them too.
    assert!(!home.contains("href=\"a:b.html\""), "{home}");
    assert!(!home.contains("href=\"javascript:"), "{home}");
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::new().file("README.md", "# 首页\n");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(site.path().join(name), "# c\n").unwrap();
    site.run(&["build"])
        .success()
        .stderr_has("warning[skipped]: skipped `caf\u{FFFD}.md`: its name is not valid UTF-8");
}

#[test]
fn files_in_other_encodings_get_a_hint_and_a_command() {
    let (gbk, _, _) = encoding_rs::GB18030.encode("# 合作伙伴总览\n\n正文。\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "# title\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let site = TestSite::new()
        .file("README.md", "# 首页\n")
        .bytes("gbk.md", &gbk)
        .bytes("utf16.md", &utf16);
    site.run(&["build"])
        .code(1)
        .stderr_has("it looks like GB18030 (GBK, as saved by Chinese Windows): convert it with `iconv -f GB18030 -t UTF-8 'gbk.md' > tmp.md && mv tmp.md 'gbk.md'`")
        .stderr_has("it looks like UTF-16LE: convert it with `iconv -f UTF-16LE -t UTF-8 'utf16.md'");
}

#[test]
fn the_base_url_is_escaped_in_the_sitemap() {
    let site = TestSite::new().file("README.md", "# 首页\n");
    site.run(&["build", "--base-url", "https://a.example/?x=1&y=<2>"])
        .success();
    let xml = site.read("public/sitemap.xml");
    assert!(
        xml.contains("<loc>https://a.example/?x=1&amp;y=&lt;2&gt;/index.html</loc>"),
        "{xml}"
    );
}

#[test]
fn mermaid_off_ships_no_mermaid_script() {
    let site = TestSite::new()
        .file(
            "folio.toml",
            "content-dir = \"docs\"\n[mermaid]\nmode = \"off\"\n",
        )
        .file(
            "docs/README.md",
            "# 首页\n\n```mermaid\ngraph TD; A-->B\n```\n",
        );
    site.run(&["build"]).success();
    assert!(!site.exists("public/_folio/mermaid"));
    assert!(!site.read("public/index.html").contains("mermaid.min.js"));
    let site = TestSite::new().file("README.md", "# 首页\n\n```mermaid\ngraph TD; A-->B\n```\n");
    site.run(&["build"]).success();
    assert!(site.exists("public/_folio/mermaid/mermaid.min.js"));
}

#[test]
fn a_build_that_fails_while_writing_leaves_no_staging_folder() {
    let site = TestSite::new()
        .file("folio.toml", "content-dir = \"docs\"\ntheme = \"broken\"\n")
        .file("docs/README.md", "# 首页\n")
        .file(
            "themes/broken/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field.x }}{% endblock main %}",
        );
    // A good build first, with the built-in theme, so there is an output to keep.
    fs::write(site.join("folio.toml"), "content-dir = \"docs\"\n").unwrap();
    site.run(&["build"]).success();
    let before = tree(&site.join("public"));
    fs::write(
        site.join("folio.toml"),
        "content-dir = \"docs\"\ntheme = \"broken\"\n",
    )
    .unwrap();
    site.run(&["build"])
        .code(1)
        .stderr_has("error[template]")
        .stderr_has("`public` was left unchanged");
    assert_eq!(tree(&site.join("public")), before);
    assert!(
        !site.exists(".public.folio-staging"),
        "staging folder removed"
    );
    assert!(!site.exists(".public.folio-lock"), "lock file removed");
}
