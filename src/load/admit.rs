//! What the walk may read: nothing outside the content folder is ever read
//! into the site. A symlink whose target lies inside the content folder is
//! followed (folders too; loops are detected by the walk); one that leaves
//! it or leads nowhere, and anything that is not a regular file or folder
//! (a fifo, a socket, a device), is skipped with a warning that names the
//! link and where it points. `folio build` and `folio serve` both ask here.

use std::fs;
use std::path::{Path, PathBuf};

/// Why an entry of the content folder is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A symlink to somewhere outside the content folder.
    Outside { target: PathBuf },
    /// A symlink to the output folder (or its staging folder).
    IntoOutput { target: PathBuf },
    /// A symlink whose target does not exist (or a chain of links that
    /// never ends).
    Dangling { target: PathBuf },
    /// A symlink to a folder that contains it.
    Loop { target: PathBuf },
    /// Not a regular file or folder.
    Special { kind: &'static str },
    /// A name that is not valid UTF-8 (shown lossily).
    NotUtf8,
}

impl Skip {
    /// The warning's text, for the entry at `shown`.
    pub fn message(&self, shown: &str) -> String {
        match self {
            Skip::Outside { target } => format!(
                "skipped `{shown}`: it is a symlink to `{}`, outside the content folder (nothing outside it is published)",
                target.display()
            ),
            Skip::IntoOutput { target } => format!(
                "skipped `{shown}`: it is a symlink to `{}`, the output folder",
                target.display()
            ),
            Skip::Dangling { target } => format!(
                "skipped `{shown}`: it is a symlink to `{}`, which does not exist",
                target.display()
            ),
            Skip::Loop { target } => format!(
                "skipped `{shown}`: it is a symlink to `{}`, a folder that contains it (a loop)",
                target.display()
            ),
            Skip::Special { kind } => {
                format!("skipped `{shown}`: it is {kind}, not a regular file or folder")
            }
            Skip::NotUtf8 => format!(
                "skipped `{shown}`: its name is not valid UTF-8, so no link can name it; rename it"
            ),
        }
    }
}

/// May the walk read `path` (inside the content folder `root`, which is
/// resolved)? `exclude` are the output and staging folders.
pub fn admit(root: &Path, path: &Path, exclude: &[PathBuf]) -> Result<(), Skip> {
    let meta = fs::symlink_metadata(path).map_err(|_| Skip::Dangling {
        target: path.to_path_buf(),
    })?;
    if meta.file_type().is_symlink() {
        let written = fs::read_link(path).unwrap_or_default();
        let Ok(target) = fs::canonicalize(path) else {
            return Err(Skip::Dangling { target: written });
        };
        if !target.starts_with(root) {
            return Err(Skip::Outside { target: written });
        }
        if exclude.iter().any(|x| target.starts_with(x)) {
            return Err(Skip::IntoOutput { target: written });
        }
        if target.is_dir() && path.starts_with(&target) {
            return Err(Skip::Loop { target: written });
        }
        return kind(&fs::metadata(&target).map_err(|_| Skip::Dangling { target: written })?);
    }
    kind(&meta)
}

fn kind(meta: &fs::Metadata) -> Result<(), Skip> {
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return Ok(());
    }
    Err(Skip::Special {
        kind: special_kind(&t),
    })
}

#[cfg(unix)]
fn special_kind(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "a special file"
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_the_rest_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(tmp.path()).unwrap();
        let root = base.join("content");
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("a.md"), "# a").unwrap();
        fs::write(base.join("secret.txt"), "secret").unwrap();
        symlink(root.join("a.md"), root.join("alias.md")).unwrap();
        symlink(root.join("sub"), root.join("sub-link")).unwrap();
        symlink(base.join("secret.txt"), root.join("secret.txt")).unwrap();
        symlink(base.join("gone"), root.join("gone")).unwrap();
        symlink(&root, root.join("sub/up")).unwrap();
        let ok = |p: &str| admit(&root, &root.join(p), &[]);
        assert_eq!(ok("a.md"), Ok(()));
        assert_eq!(ok("alias.md"), Ok(()));
        assert_eq!(ok("sub-link"), Ok(()));
        assert!(matches!(ok("secret.txt"), Err(Skip::Outside { .. })));
        assert!(matches!(ok("gone"), Err(Skip::Dangling { .. })));
        assert!(matches!(ok("sub/up"), Err(Skip::Loop { .. })));
        assert!(matches!(
            admit(&root, &root.join("sub-link"), &[root.join("sub")]),
            Err(Skip::IntoOutput { .. })
        ));
    }
}
