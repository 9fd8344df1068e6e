//! Output: refuse dangerous output folders, build into a sibling staging
//! folder, then swap it in. A failed build leaves the old output as it was.

use crate::diagnostics::{Code, Diagnostic};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Written into every output folder; its presence means folio may replace it.
pub const MARKER: &str = ".folio-build";
const MARKER_TEXT: &str = "This folder is written by folio and replaced on every build.\n";

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

/// Absolute, normalised form of a path that may not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Canonicalise the longest existing ancestor (resolves symlinks), keep the rest.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
    let mut base = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        base.push(name);
    }
    base
}

fn refuse(out: &Path, why: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            Code::Output,
            format!("refusing to write the site to `{}`: {why}", out.display()),
        )
        .with_path(out.display().to_string()),
    )
}

/// Check that `out` may be replaced by a build of `content`.
pub fn check_target(out: &Path, content: &Path) -> Result<(), Box<Diagnostic>> {
    let (out_abs, content_abs) = (absolute(out), absolute(content));
    if out_abs == content_abs {
        return Err(refuse(out, "it is the content folder".into()));
    }
    if content_abs.starts_with(&out_abs) {
        return Err(refuse(
            out,
            format!(
                "it contains the content folder `{}`, and folio replaces the output folder on every build",
                content.display()
            ),
        ));
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(refuse(out, "it is a file, not a folder".into()));
        }
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(refuse(
                out,
                format!(
                    "the folder is not empty and was not created by folio (no `{MARKER}` file); move its files away or choose another folder with --out"
                ),
            ));
        }
    }
    Ok(())
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// The staging folder that `out` will be built in (folio skips it when it
/// walks the content).
pub fn staging_path(out: &Path) -> PathBuf {
    sibling(&absolute(out), "folio-staging")
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let dir = sibling(&out, "folio-staging");
        if dir.exists() {
            // Left over by an interrupted build: it is ours by name.
            fs::remove_dir_all(&dir)?;
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
    pub fn commit(self) -> io::Result<PathBuf> {
        let old = sibling(&self.out, "folio-old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        if had_old {
            fs::remove_dir_all(&old)?;
        }
        Ok(self.out.clone())
    }

    /// Throw the staging folder away (the build failed).
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_content_folder_and_its_ancestors() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("site/content");
        fs::create_dir_all(&content).unwrap();
        assert!(check_target(&content, &content).is_err());
        assert!(check_target(&tmp.path().join("site"), &content).is_err());
        assert!(check_target(&content.join("public"), &content).is_ok());
        assert!(check_target(&tmp.path().join("public"), &content).is_ok());
    }

    #[test]
    fn refuses_foreign_non_empty_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        let out = tmp.path().join("out");
        fs::create_dir_all(&content).unwrap();
        fs::create_dir_all(&out).unwrap();
        assert!(check_target(&out, &content).is_ok(), "empty folder is fine");
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = check_target(&out, &content).unwrap_err();
        assert!(
            err.message.contains("was not created by folio"),
            "{}",
            err.message
        );
        fs::write(out.join(MARKER), "").unwrap();
        assert!(check_target(&out, &content).is_ok());
    }

    #[test]
    fn commit_replaces_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        let staging = Staging::create(&out).unwrap();
        fs::write(staging.path("new.html"), b"new").unwrap();
        staging.commit().unwrap();
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        assert!(out.join(MARKER).is_file());
    }
}
