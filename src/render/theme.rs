//! The theme: the default one is embedded in the binary; a file of the same
//! name under `themes/<name>/` (next to `folio.toml`) overrides it, and extra
//! files under `themes/<name>/static/` are published too.

use crate::diagnostics::{Code, Diagnostic};
use include_dir::{include_dir, Dir};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The built-in theme: everything under `themes/default/`, embedded at
/// compile time (templates, CSS, JS, vendored libraries).
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the built-in theme: its path inside the theme folder
/// (`/`-separated) and its bytes, sorted by path.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents(),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&BUILTIN, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

pub struct ThemeFile {
    /// Path inside the theme folder (`templates/page.html`, `static/folio.css`).
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
    /// Where it was read from, for diagnostics (`None`: built in).
    pub origin: Option<PathBuf>,
}

pub struct Theme {
    pub files: Vec<ThemeFile>,
}

impl Theme {
    /// The built-in theme with overrides from `dir` (if it exists).
    pub fn load(dir: Option<&Path>) -> Result<Theme, Box<Diagnostic>> {
        let mut files: Vec<ThemeFile> = builtin_files()
            .into_iter()
            .map(|(name, bytes)| ThemeFile {
                name,
                bytes: Cow::Borrowed(bytes),
                origin: None,
            })
            .collect();
        let Some(dir) = dir.filter(|d| d.is_dir()) else {
            return Ok(Theme { files });
        };
        for file in &mut files {
            let path = dir.join(&file.name);
            if path.is_file() {
                file.bytes = Cow::Owned(read(&path)?);
                file.origin = Some(path);
            }
        }
        let static_dir = dir.join("static");
        if static_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Box::new(Diagnostic::error(
                        Code::Template,
                        format!("cannot read theme: {e}"),
                    ))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let name = rel.to_string_lossy().replace('\\', "/");
                if files.iter().any(|f| f.name == name) {
                    continue;
                }
                files.push(ThemeFile {
                    bytes: Cow::Owned(read(entry.path())?),
                    origin: Some(entry.path().to_path_buf()),
                    name,
                });
            }
        }
        Ok(Theme { files })
    }

    pub fn templates(&self) -> impl Iterator<Item = &ThemeFile> {
        self.files
            .iter()
            .filter(|f| f.name.starts_with("templates/"))
    }

    /// Static files, published under `_folio/`.
    pub fn statics(&self) -> impl Iterator<Item = &ThemeFile> {
        self.files.iter().filter(|f| f.name.starts_with("static/"))
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    std::fs::read(path).map_err(|e| {
        Box::new(
            Diagnostic::error(Code::Template, format!("cannot read theme file: {e}"))
                .with_path(path.display().to_string()),
        )
    })
}
