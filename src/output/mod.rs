//! Output: refuse dangerous output folders, build into a sibling staging
//! folder, then swap it in. A failed build leaves the old output as it was.
//! One build at a time writes an output folder (`lock`); paths are compared
//! and written only once resolved (`path`). Where the output folder cannot
//! be replaced (a mount point), it is updated in place instead (`staging`).

pub mod lock;
pub mod path;
mod staging;

use crate::diagnostics::{Code, Diagnostic};
pub use path::{absolute, resolve};
pub use staging::{Staging, Swap};
use std::fs;
use std::path::{Path, PathBuf};

/// Written into every output folder; its presence means folio may replace it.
pub const MARKER: &str = ".folio-build";
const MARKER_TEXT: &str = "This folder is written by folio and replaced on every build.\n";

fn refuse(out: &Path, real: &Path, why: String) -> Box<Diagnostic> {
    let shown = out.display().to_string();
    // Named only when it is not plainly the folder as written.
    let plain = std::path::absolute(out).is_ok_and(|abs| abs == real);
    let resolved = if plain {
        String::new()
    } else {
        format!(" (which is `{}`)", real.display())
    };
    Box::new(
        Diagnostic::error(
            Code::Output,
            format!("refusing to write the site to `{shown}`{resolved}: {why}"),
        )
        .with_path(shown),
    )
}

/// Check that `out` may be replaced by a build of `content`; returns the
/// folder `out` resolves to, where the build must write.
pub fn check_target(out: &Path, content: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    let out_real = resolve(out).map_err(|e| {
        Box::new(
            Diagnostic::error(
                Code::Output,
                format!("cannot use `{}` as the output folder: {e}", out.display()),
            )
            .with_path(out.display().to_string()),
        )
    })?;
    let content_real = absolute(content);
    let refused = |why: String| Err(refuse(out, &out_real, why));
    if out_real == content_real {
        return refused("it is the content folder".into());
    }
    if content_real.starts_with(&out_real) {
        return refused(format!(
            "it contains the content folder `{}`, and folio replaces the output folder on every build",
            content.display()
        ));
    }
    match fs::symlink_metadata(&out_real) {
        Ok(meta) if !meta.is_dir() => refused("it is a file, not a folder".into()),
        Ok(_) => {
            let empty = fs::read_dir(&out_real)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !out_real.join(MARKER).is_file() {
                return refused(format!(
                    "the folder is not empty and was not created by folio (no `{MARKER}` file); move its files away or choose another folder with --out"
                ));
            }
            Ok(out_real)
        }
        Err(_) => Ok(out_real),
    }
}

/// `.NAME.suffix` beside the folder `out`.
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
        let sneaky = tmp.path().join("site/nothere/../content");
        let err = check_target(&sneaky, &content).unwrap_err();
        assert!(
            err.message.contains("it is the content folder"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains(&format!("(which is `{}`)", absolute(&content).display())),
            "{}",
            err.message
        );
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
        assert!(check_target(&tmp.path().join("x/../out"), &content).is_err());
        fs::write(out.join(MARKER), "").unwrap();
        assert!(check_target(&out, &content).is_ok());
    }
}
