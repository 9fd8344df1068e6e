//! Where things are: a folder with `folio.toml` is a site root (content from
//! `content-dir`, output to `output-dir`); any other folder is the content
//! itself, built with defaults into `./public`, unless MkDocs or mdBook
//! files say where the content is (see [`crate::nav::import`]).

use crate::audience::Audience;
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostic};
use crate::nav::explicit::ExplicitNav;
use crate::nav::import::{self, Imported};
use std::path::{Path, PathBuf};

pub struct Project {
    pub config: Config,
    /// The site root: the folder with `folio.toml`, else the content folder.
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub out_dir: PathBuf,
    /// The content folder as shown in diagnostics (relative to the working directory).
    pub display_root: String,
    /// `themes/<name>/` next to `folio.toml`, if the site has one.
    pub theme_dir: Option<PathBuf>,
    /// The navigation a MkDocs or mdBook file gives (only without
    /// `folio.toml`), its `not_in_nav` globs and notes on what it asks for
    /// that folio does not do.
    pub explicit_nav: Option<ExplicitNav>,
    pub not_in_nav: Vec<String>,
    pub import_notes: Vec<Diagnostic>,
    /// The audience the build is made for (`--audience`, else
    /// `default-audience`); `None` builds everything. Whatever shows
    /// content asks it (recent changes hide commit subjects in an
    /// audience build).
    pub audience: Option<Audience>,
    /// MkDocs' `i18n` plugin languages (see [`crate::languages`]).
    pub i18n: Vec<crate::languages::I18nLanguage>,
}

pub fn show(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

impl Project {
    pub fn locate(
        path: &Path,
        out: Option<&Path>,
        audience: Option<&str>,
    ) -> Result<Project, Box<Diagnostic>> {
        if !path.is_dir() {
            return Err(Box::new(Diagnostic::error(
                Code::Config,
                format!("`{}` is not a folder", show(path)),
            )));
        }
        let config_path = path.join(CONFIG_FILE);
        let mut imported = Imported::default();
        let (config, content_dir, default_out, theme_dir) = if config_path.is_file() {
            let config = Config::load(&config_path, &show(&config_path))?;
            let content_dir = path.join(&config.content_dir);
            let out = path.join(&config.output_dir);
            let theme_dir = path.join("themes").join(&config.theme);
            if config.theme != "default" && !theme_dir.is_dir() {
                return Err(Box::new(
                    Diagnostic::error(
                        Code::Config,
                        format!(
                            "theme `{}` not found: no folder `{}`",
                            config.theme,
                            show(&theme_dir)
                        ),
                    )
                    .with_path(show(&config_path)),
                ));
            }
            (config, content_dir, out, Some(theme_dir))
        } else if let Some(found) = import::detect(path, show)? {
            imported = found;
            let config = Config {
                title: imported.title.take().unwrap_or_default(),
                exclude: std::mem::take(&mut imported.exclude),
                ..Config::default()
            };
            let content_dir = imported.content_dir.clone();
            (config, content_dir, PathBuf::from("public"), None)
        } else {
            (
                Config::default(),
                path.to_path_buf(),
                PathBuf::from("public"),
                None,
            )
        };
        if !content_dir.is_dir() {
            return Err(Box::new(
                Diagnostic::error(
                    Code::Config,
                    format!("content folder `{}` does not exist", show(&content_dir)),
                )
                .with_path(if imported.file.as_os_str().is_empty() {
                    show(&config_path)
                } else {
                    show(&imported.file)
                }),
            ));
        }
        let audience = Audience::select(&config, audience, &show(&config_path))?;
        // An audience with its own output folder never overwrites the
        // site built for everyone.
        let default_out = match audience.as_ref().and_then(|a| a.out.as_deref()) {
            Some(own) => path.join(own),
            None => default_out,
        };
        Ok(Project {
            audience,
            root: path.to_path_buf(),
            display_root: show(&content_dir),
            out_dir: out.map_or(default_out, Path::to_path_buf),
            config,
            content_dir,
            theme_dir,
            explicit_nav: imported.nav,
            not_in_nav: imported.not_in_nav,
            import_notes: imported.notes,
            i18n: imported.i18n,
        })
    }
}
