//! Render: fill the theme's Tera templates with a typed context.

pub mod context;
pub mod navtree;
pub mod strings;
pub mod theme;

use crate::diagnostics::{Code, Diagnostic, Location};
pub use context::{ContextBuilder, PageContext, SiteInfo};
use std::collections::HashMap;
pub use theme::Theme;

pub struct Renderer {
    tera: tera::Tera,
    /// Template name -> (the path shown in diagnostics, the template text).
    origins: HashMap<String, (String, String)>,
    /// Every template is folio's own (none comes from a theme folder).
    built_in: bool,
}

/// What a page's content is given as when the page is filled around it
/// ([`Renderer::render_around`]): no page holds these bytes.
pub const CONTENT_MARK: &str = "\u{1}folio:content\u{1}";

/// A filled template with its content left out: the page is `before`, the
/// content, then `after`.
pub struct Around {
    html: Vec<u8>,
    at: usize,
}

impl Around {
    pub fn before(&self) -> &[u8] {
        &self.html[..self.at]
    }

    pub fn after(&self) -> &[u8] {
        &self.html[self.at + CONTENT_MARK.len()..]
    }
}

/// Tera's autoescaping: the same five characters and entities as
/// `tera::escape_html`, but a run at a time (Tera writes every byte on its
/// own, 3 % of a build); the one attribute escaper, `markdown::escape_attr`.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), input)
}

impl Renderer {
    /// Compile every template of the theme once.
    pub fn new(theme: &Theme) -> Result<Renderer, Box<Diagnostic>> {
        let mut origins = HashMap::new();
        let mut sources = Vec::new();
        for file in theme.templates() {
            let name = file.name.trim_start_matches("templates/").to_string();
            let shown = file.origin.as_ref().map_or_else(
                || format!("(built-in theme) {}", file.name),
                |p| p.display().to_string(),
            );
            let text = String::from_utf8(file.bytes.to_vec()).map_err(|_| {
                Box::new(
                    Diagnostic::error(Code::Template, "template is not valid UTF-8")
                        .with_path(&shown),
                )
            })?;
            sources.push((name.clone(), text.clone()));
            origins.insert(name, (shown, text));
        }
        let built_in = theme.templates().all(|t| t.origin.is_none());
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(sources)
            .map_err(|e| Box::new(template_diagnostic(&origins, &e)))?;
        Ok(Renderer {
            tera,
            origins,
            built_in,
        })
    }

    /// Fill `template` from a context whose content is [`CONTENT_MARK`],
    /// for a page too large to be copied into Tera's context and out again
    /// (the tasks page of a large site is over 100 MB). Only folio's own
    /// templates, which print the content once as it is, can be filled so:
    /// `None` otherwise, or when the mark is not found once.
    pub fn render_around(
        &self,
        template: &str,
        ctx: &impl serde::Serialize,
    ) -> Result<Option<Around>, Box<Diagnostic>> {
        if !self.built_in {
            return Ok(None);
        }
        let html = self.render_bytes(template, ctx)?;
        let mark = CONTENT_MARK.as_bytes();
        let mut found = memchr::memmem::find_iter(&html, mark);
        Ok(match (found.next(), found.next()) {
            (Some(at), None) => Some(Around { html, at }),
            _ => None,
        })
    }

    /// Render straight into bytes (pages go to disk as they are; no UTF-8
    /// re-validation of the whole page).
    pub fn render_bytes(
        &self,
        template: &str,
        ctx: &impl serde::Serialize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        self.render_context(template, &self.context(ctx)?, 0)
    }

    /// Tera's own copy of a template context (what it holds no longer
    /// needs to be kept by the caller).
    pub fn context(&self, ctx: &impl serde::Serialize) -> Result<tera::Context, Box<Diagnostic>> {
        tera::Context::from_serialize(ctx)
            .map_err(|e| Box::new(template_diagnostic(&self.origins, &e)))
    }

    /// Render a context made by [`Self::context`] into bytes. `content_len`:
    /// the length of the content the page holds, so that a huge page's
    /// buffer is sized once instead of doubled (and copied) on the way.
    pub fn render_context(
        &self,
        template: &str,
        context: &tera::Context,
        content_len: usize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let mut out = Vec::with_capacity(content_len + 32 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| Box::new(template_diagnostic(&self.origins, &e)))?;
        Ok(out)
    }

    pub fn render(
        &self,
        template: &str,
        ctx: &impl serde::Serialize,
    ) -> Result<String, Box<Diagnostic>> {
        let diagnostic = |e: tera::Error| Box::new(template_diagnostic(&self.origins, &e));
        let context = tera::Context::from_serialize(ctx).map_err(diagnostic)?;
        self.tera.render(template, &context).map_err(diagnostic)
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_diagnostic(origins: &HashMap<String, (String, String)>, e: &tera::Error) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let (shown, text) = origins
                .get(r.filename())
                .map_or((r.filename(), ""), |(s, t)| (s.as_str(), t.as_str()));
            let span = r.span();
            let source_line = text
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .unwrap_or("");
            let span_chars = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                source_line.chars().count().saturating_sub(span.start_col)
            };
            Diagnostic::error(Code::Template, r.message().to_string())
                .with_path(shown)
                .at(Location::in_line(
                    span.start_line,
                    source_line,
                    span.start_col + 1,
                    span_chars,
                ))
        }
        _ => Diagnostic::error(Code::Template, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_writes_what_teras_own_escaping_writes() {
        for s in [
            "",
            "plain",
            "<a href=\"x\">Tom & Jerry's</a>",
            "合作伙伴 & 渠道 <2026>",
            "&&''\"\"<<>>",
            "trailing &",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(s, &mut ours).unwrap();
            tera::escape_html(s, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }
}
