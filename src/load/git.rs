//! Last-updated dates from git history: one `git log` over the content
//! folder (newest commit first; the first date seen for a file is its last
//! change). Outside a git work tree, or without git, there are none.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Content-relative path (`/`-separated) -> `YYYY-MM-DD` of its last commit.
pub fn last_updated(content_dir: &Path) -> HashMap<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(content_dir)
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--format=%x1e%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
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
    fn outside_a_repository_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        assert!(last_updated(dir.path()).is_empty());
    }
}
