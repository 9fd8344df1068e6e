//! What git knows about the content folder: last-updated dates from its
//! history (one `git log`, newest commit first; the first date seen for a
//! file is its last change), the work tree that holds it, and the files that
//! work tree tracks. Outside a git work tree, or without git, there are none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Run `git -C dir -c core.quotepath=off ARGS`: its standard output when
/// it succeeds; `Err` when git is not installed, `Ok(None)` when it failed.
pub(crate) fn git(dir: &Path, args: &[&str]) -> std::io::Result<Option<Vec<u8>>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()?;
    Ok(out.status.success().then_some(out.stdout))
}

/// The git work tree holding `dir` (resolved): `git rev-parse
/// --show-toplevel`, else (no git installed) the nearest folder above with
/// a `.git`. `None` outside any work tree.
pub fn work_tree(dir: &Path) -> Option<PathBuf> {
    match git(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(Some(stdout)) => {
            let top = String::from_utf8(stdout).ok()?;
            std::fs::canonicalize(top.trim_end_matches(['\n', '\r'])).ok()
        }
        // git answered: not a work tree (or a bare repository).
        Ok(None) => None,
        Err(_) => {
            let dir = std::fs::canonicalize(dir).ok()?;
            dir.ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        }
    }
}

/// One file git tracks, by its path from the work tree's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedFile {
    pub path: String,
    /// Tracked as a symlink (mode 120000): where it points is decided on disk.
    pub is_symlink: bool,
}

/// Every file the work tree at `root` tracks (`git ls-files --stage`, so
/// that symlinks are known without reading the disk; submodules are left
/// out), sorted by path. Empty without git.
pub fn tracked_files(root: &Path) -> Vec<TrackedFile> {
    match git(root, &["ls-files", "-z", "--stage", "--full-name"]) {
        Ok(Some(stdout)) => parse_ls_files(&stdout),
        _ => Vec::new(),
    }
}

/// The files and folders git ignores under `dir` (a path from the work
/// tree's `root`), by path from the root; an ignored folder is listed once,
/// with a trailing `/`, rather than with every file in it. Sorted.
pub fn ignored(root: &Path, dir: &str) -> Vec<String> {
    let args = [
        "ls-files",
        "-z",
        "--others",
        "--ignored",
        "--exclude-standard",
        "--directory",
        "--full-name",
        "--",
        if dir.is_empty() { "." } else { dir },
    ];
    let mut paths: Vec<String> = match git(root, &args) {
        Ok(Some(stdout)) => stdout
            .split(|&b| b == 0)
            .filter_map(|p| std::str::from_utf8(p).ok())
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    paths.sort();
    paths
}

/// Parse `MODE SHA STAGE\tPATH\0` records; names that are not UTF-8 are
/// left out (no link can name them).
fn parse_ls_files(bytes: &[u8]) -> Vec<TrackedFile> {
    let mut files: Vec<TrackedFile> = bytes
        .split(|&b| b == 0)
        .filter_map(|record| {
            let record = std::str::from_utf8(record).ok()?;
            let (meta, path) = record.split_once('\t')?;
            let mode = meta.split(' ').next()?;
            match mode {
                "120000" => Some(TrackedFile {
                    path: path.to_string(),
                    is_symlink: true,
                }),
                // 160000 is a submodule: a commit, not a file.
                "160000" => None,
                _ => Some(TrackedFile {
                    path: path.to_string(),
                    is_symlink: false,
                }),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // A file with merge conflicts is listed once per stage.
    files.dedup_by(|a, b| a.path == b.path);
    files
}

/// Content-relative path (`/`-separated) -> `YYYY-MM-DD` of its last commit.
pub fn last_updated(content_dir: &Path) -> HashMap<String, String> {
    let args = [
        "log",
        "--format=%x1e%cs",
        "--name-only",
        "--no-renames",
        "--relative",
        "--",
        ".",
    ];
    match git(content_dir, &args) {
        Ok(Some(stdout)) => parse_log(&String::from_utf8_lossy(&stdout)),
        _ => HashMap::new(),
    }
}

/// Parse `\x1eDATE\n\nname\nname\n...` records, newest first.
fn parse_log(log: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    for record in log.split('\x1e').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let Some(date) = lines.next().map(str::trim) else {
            continue;
        };
        for name in lines.map(str::trim).filter(|l| !l.is_empty()) {
            dates
                .entry(name.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_wins() {
        let log = "\x1e2025-11-02\n\na.md\n子目录/b.md\n\x1e2025-10-01\n\na.md\nc.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["a.md"], "2025-11-02");
        assert_eq!(dates["子目录/b.md"], "2025-11-02");
        assert_eq!(dates["c.md"], "2025-10-01");
    }

    #[test]
    fn ls_files_records() {
        let out = b"100644 e69d 0\tdocs/a.md\x00120000 aa11 0\tlink.png\x00160000 bb22 0\tvendor/sub\x00100644 cc 1\tz.txt\x00100644 cc 2\tz.txt\x00";
        let files = parse_ls_files(out);
        let paths: Vec<(&str, bool)> = files
            .iter()
            .map(|f| (f.path.as_str(), f.is_symlink))
            .collect();
        assert_eq!(
            paths,
            [("docs/a.md", false), ("link.png", true), ("z.txt", false)]
        );
    }

    #[test]
    fn outside_a_repository_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        assert!(last_updated(dir.path()).is_empty());
        assert!(tracked_files(dir.path()).is_empty());
    }
}
