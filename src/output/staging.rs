//! The staging folder a full build writes into, and how it takes the
//! output folder's place: renamed in (atomic: readers see the old site or
//! the new one), or, where the output folder cannot be renamed (a mount
//! point, such as a container volume), copied over it in place. The staging
//! folder is removed on every path, success or failure.

use super::{absolute, sibling, MARKER, MARKER_TEXT};
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

/// How the output folder got the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Swap {
    /// The staging folder was renamed into its place.
    Replaced,
    /// The output folder could not be renamed (`reason`): its files were
    /// replaced one by one.
    InPlace { reason: String },
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let dir = sibling(&out, "folio-staging");
        if fs::symlink_metadata(&dir).is_ok() {
            // Left over by an interrupted build: it is ours by name, and
            // the output lock says no other build is using it.
            remove(&dir)?;
        }
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::create_dir(&dir)?;
        fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging { out, dir })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Swap the staging folder in for the output folder.
    pub fn commit(self) -> io::Result<(PathBuf, Swap)> {
        let old = sibling(&self.out, "folio-old");
        if fs::symlink_metadata(&old).is_ok() {
            remove(&old)?;
        }
        let had_old = fs::symlink_metadata(&self.out).is_ok();
        if had_old {
            if let Err(e) = fs::rename(&self.out, &old) {
                update_in_place(&self.dir, &self.out)?;
                return Ok((
                    self.out.clone(),
                    Swap::InPlace {
                        reason: e.to_string(),
                    },
                ));
            }
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        if had_old {
            remove(&old)?;
        }
        Ok((self.out.clone(), Swap::Replaced))
    }
}

impl Drop for Staging {
    /// A build that fails, or whose swap fails, leaves no staging folder
    /// behind (after a successful rename there is nothing left to remove).
    fn drop(&mut self) {
        let _ = remove(&self.dir);
    }
}

fn remove(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Make `out` hold what `staging` holds, file by file: new and changed
/// files copied over, files the new site no longer has removed. Not atomic:
/// a reader (or a failure) in between sees a mix of both sites. The marker
/// is written first if missing, so that a half-updated folder is still one
/// folio may write again.
fn update_in_place(staging: &Path, out: &Path) -> io::Result<()> {
    if !out.join(MARKER).is_file() {
        fs::write(out.join(MARKER), MARKER_TEXT)?;
    }
    let mut keep: HashSet<PathBuf> = HashSet::new();
    keep.insert(PathBuf::from(MARKER));
    for entry in WalkDir::new(staging).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(staging)
            .map_err(io::Error::other)?
            .to_path_buf();
        let dest = out.join(&rel);
        let existing = fs::symlink_metadata(&dest).ok();
        if entry.file_type().is_dir() {
            if existing.as_ref().is_some_and(|m| !m.is_dir()) {
                fs::remove_file(&dest)?;
            }
            if !dest.is_dir() {
                fs::create_dir(&dest)?;
            }
        } else if rel != Path::new(MARKER) {
            if let Some(meta) = existing {
                // Never write through a symlink or into a folder that
                // stands where a file now goes.
                if meta.is_dir() {
                    fs::remove_dir_all(&dest)?;
                } else {
                    fs::remove_file(&dest)?;
                }
            }
            fs::copy(entry.path(), &dest)?;
        }
        keep.insert(rel);
    }
    // Stale files and folders, deepest first.
    let stale: Vec<PathBuf> = WalkDir::new(out)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .strip_prefix(out)
                .is_ok_and(|rel| !keep.contains(rel))
        })
        .map(|e| e.into_path())
        .collect();
    for path in stale {
        remove(&path)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        let staging = Staging::create(&out).unwrap();
        fs::write(staging.path("new.html"), b"new").unwrap();
        let (_, swap) = staging.commit().unwrap();
        assert_eq!(swap, Swap::Replaced);
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_dropped_staging_folder_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::create(&out).unwrap();
        let dir = staging.path("");
        assert!(dir.is_dir());
        drop(staging);
        assert!(!dir.exists());
    }

    #[test]
    fn an_update_in_place_leaves_exactly_the_new_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (staging, out) = (tmp.path().join("s"), tmp.path().join("out"));
        fs::create_dir_all(staging.join("a/b")).unwrap();
        fs::create_dir_all(out.join("gone/deep")).unwrap();
        fs::create_dir_all(out.join("x")).unwrap();
        fs::write(staging.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(staging.join("a/b/page.html"), "new").unwrap();
        fs::write(staging.join("x"), "a file where a folder was").unwrap();
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(out.join("gone/deep/old.html"), "old").unwrap();
        fs::write(out.join("x/inner.html"), "old").unwrap();
        update_in_place(&staging, &out).unwrap();
        let mut files: Vec<String> = WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path().strip_prefix(&out).unwrap().display().to_string()
            })
            .collect();
        files.sort();
        assert_eq!(files, [MARKER, "a", "a/b", "a/b/page.html", "x"]);
        assert_eq!(
            fs::read_to_string(out.join("x")).unwrap(),
            "a file where a folder was"
        );
    }
}
