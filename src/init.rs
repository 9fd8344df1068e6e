//! `folio init [DIR]`: a `folio.toml` and a `content/README.md` to start
//! from. Never overwrites anything.

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic};
use std::fs;
use std::path::Path;

const CONFIG_TEMPLATE: &str = r#"# folio site configuration. Every key is optional; the values shown are the defaults.
title = ""                # site title (default: the home page's title)
language = "zh-CN"        # interface language: "zh-CN" or "en"
content-dir = "content"   # the Markdown folder
output-dir = "public"     # where the site is written (replaced on every build)
theme = "default"         # files under themes/<name>/ override the built-in theme

[links]
broken = "warn"           # "warn" or "error"
ignore = []               # globs of link targets known to be missing

[search]
enabled = true

[mermaid]
mode = "bundled"          # "bundled", "url" (with url = "...") or "off"
"#;

const README_TEMPLATE: &str = "# 知识库首页\n\n欢迎使用 folio。在 `content/` 中添加 Markdown 文件和文件夹，然后运行 `folio build`。\n";

pub fn init(dir: &Path) -> Result<String, Box<Diagnostic>> {
    let fail = |message: String| Box::new(Diagnostic::error(Code::Config, message));
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(fail(format!(
            "`{}` already exists; nothing was changed",
            config.display()
        )));
    }
    let content = dir.join("content");
    let readme = content.join("README.md");
    fs::create_dir_all(&content)
        .map_err(|e| fail(format!("cannot create `{}`: {e}", content.display())))?;
    fs::write(&config, CONFIG_TEMPLATE)
        .map_err(|e| fail(format!("cannot write `{}`: {e}", config.display())))?;
    let mut made = vec![config.display().to_string()];
    if !readme.exists() {
        fs::write(&readme, README_TEMPLATE)
            .map_err(|e| fail(format!("cannot write `{}`: {e}", readme.display())))?;
        made.push(readme.display().to_string());
    }
    Ok(format!(
        "created {}\nnext: folio build {}",
        made.join(" and "),
        dir.display()
    ))
}
