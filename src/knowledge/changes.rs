//! Recent changes: the content folder's last commits (one `git log`), and
//! the published pages each touched. Outside a git work tree there are none.
//! A commit's date and subject are its own, so a build of a given commit
//! always lists the same.

use crate::site::{PageId, Site};
use std::collections::HashMap;
use std::path::Path;

/// One commit of the content folder's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// `YYYY-MM-DD`, the author's.
    pub date: String,
    pub subject: String,
    /// Files it touched, relative to the content folder.
    pub paths: Vec<String>,
}

/// The last `count` commits touching `content_dir`, newest first.
pub fn recent(content_dir: &Path, count: usize) -> Vec<Commit> {
    if count == 0 {
        return Vec::new();
    }
    let max = format!("--max-count={count}");
    let args = [
        "log",
        &max,
        "--format=%x1e%as%x1f%s",
        "--name-only",
        "--no-renames",
        "--relative",
        "--",
        ".",
    ];
    match crate::load::git::git(content_dir, &args) {
        Ok(Some(stdout)) => parse(&String::from_utf8_lossy(&stdout)),
        _ => Vec::new(),
    }
}

/// Parse `\x1eDATE\x1fSUBJECT\n\nname\n...` records.
fn parse(log: &str) -> Vec<Commit> {
    log.split('\x1e')
        .filter(|r| !r.trim().is_empty())
        .filter_map(|record| {
            let mut lines = record.lines();
            let (date, subject) = lines.next()?.split_once('\x1f')?;
            Some(Commit {
                date: date.trim().to_string(),
                subject: subject.trim().to_string(),
                paths: lines
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

/// The commits as changes of the published pages `order` (in reading
/// order); a commit that touched none of them is left out.
pub fn published(
    history: &[Commit],
    site: &Site,
    order: &[PageId],
    show_subjects: bool,
) -> Vec<super::Change> {
    let by_source: HashMap<&str, PageId> = order
        .iter()
        .filter_map(|&id| site.pages[id].src().map(|rel| (rel, id)))
        .collect();
    let position: HashMap<PageId, usize> = order.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    history
        .iter()
        .filter_map(|c| {
            let mut pages: Vec<PageId> = c
                .paths
                .iter()
                .filter_map(|p| by_source.get(p.as_str()).copied())
                .collect();
            pages.sort_by_key(|p| position[p]);
            pages.dedup();
            (!pages.is_empty()).then(|| super::Change {
                date: c.date.clone(),
                subject: show_subjects.then(|| c.subject.clone()),
                pages,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_parsed() {
        let log = "\x1e2026-11-02\x1f加入 P001\n\n伙伴/P001.md\nimg.png\n\x1e2026-10-01\x1f初稿\n\nREADME.md\n";
        let commits = parse(log);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].subject, "加入 P001");
        assert_eq!(commits[0].paths, ["伙伴/P001.md", "img.png"]);
        assert_eq!(commits[1].date, "2026-10-01");
    }
}
