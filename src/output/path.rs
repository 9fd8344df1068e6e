//! Where a path really leads: made absolute, then walked component by
//! component as the kernel would walk it, following every symlink of the
//! part that exists. `nothere/../content` is `content`, whatever `nothere`
//! is; a path through a symlink is the folder the symlink points at. Every
//! check on the output folder compares paths resolved this way, and every
//! write goes to the resolved path, so what is checked is what is written.

use std::io;
use std::path::{Component, Path, PathBuf};

/// `path` resolved: absolute, without `.` or `..`, every existing
/// component's symlinks followed. The missing tail (folders a build will
/// create) is kept as written, normalised. A component that is a dangling
/// symlink (or a symlink loop) is an error: nothing can be created there.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut real = PathBuf::new();
    // Once a component is missing, the rest cannot exist either.
    let mut missing = false;
    for component in abs.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `real` has no symlinks in its existing part, so its
                // parent is where `..` leads.
                real.pop();
                if missing && real.exists() {
                    missing = false;
                }
            }
            Component::Normal(name) => {
                real.push(name);
                if missing {
                    continue;
                }
                match std::fs::symlink_metadata(&real) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        real = std::fs::canonicalize(&real).map_err(|e| {
                            io::Error::new(
                                e.kind(),
                                format!(
                                    "`{}` is a symlink that leads nowhere ({e})",
                                    real.display()
                                ),
                            )
                        })?;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => missing = true,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(real)
}

/// [`resolve`], falling back to the absolute path when it cannot be
/// resolved (for comparisons with paths a watcher reports).
pub fn absolute(path: &Path) -> PathBuf {
    resolve(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn parent_steps_and_missing_folders_are_resolved() {
        let tmp = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir_all(root.join("proj/content")).unwrap();
        let r = |p: &str| resolve(&root.join(p)).unwrap();
        assert_eq!(r("nothere/../proj/content"), root.join("proj/content"));
        assert_eq!(r("proj/nothere/../../proj"), root.join("proj"));
        assert_eq!(r("proj/./content/../public"), root.join("proj/public"));
        assert_eq!(r("a/b/../c"), root.join("a/c"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_and_dangling_ones_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir_all(root.join("proj/content")).unwrap();
        std::os::unix::fs::symlink(root.join("proj/content"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join("gone"), root.join("dangling")).unwrap();
        let r = |p: &str| resolve(&root.join(p));
        assert_eq!(r("link").unwrap(), root.join("proj/content"));
        // The kernel reads `link/..` as the parent of the link's target.
        assert_eq!(r("link/..").unwrap(), root.join("proj"));
        assert_eq!(r("link/x/../../public").unwrap(), root.join("proj/public"));
        assert!(r("dangling/out").is_err());
    }
}
