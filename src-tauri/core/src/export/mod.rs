//! Writers (annotated Markdown and its flavours, W3C Web Annotation JSON, ClaimReview, CSV)
//! and readers (annotated Markdown, W3C JSON) working on plain data: a [`Check`].
//!
//! Invariant: annotated Markdown only ever *inserts* into the article's Markdown source, so
//! [`annotated::read`] can remove Factdesk's additions and give back the source byte for byte.
//! Positions in every output are code points of `Document::text` (see textpos).

pub mod annotated;
pub mod claimreview;
pub mod csv;
#[doc(hidden)]
pub mod fixture;
pub mod flavours;
mod insert;
mod mdscan;
mod render;
pub mod report;
pub mod w3c;

use crate::document::Document;
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, Source, SourceKind, StatusDef};
use serde::{Deserialize, Serialize};

/// What the article is, as far as an export needs to say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// The library's short article id, when the article is in a library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the article is published; ClaimReview's `appearance` needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
}

impl ArticleMeta {
    pub fn from_document(doc: &Document) -> ArticleMeta {
        ArticleMeta {
            id: None,
            title: doc.title.clone(),
            url: doc.url.clone(),
            published: doc.published.clone(),
            byline: doc.byline.clone(),
        }
    }
}

/// Everything an export reads: the document, its claims and how to name their statuses.
#[derive(Debug, Clone, Copy)]
pub struct Check<'a> {
    pub doc: &'a Document,
    pub claims: &'a [ClaimRecord],
    pub statuses: &'a [StatusDef],
    pub article: &'a ArticleMeta,
    /// The checker's name (settings), used as author.
    pub checker: Option<&'a str>,
    /// When the export is made, RFC 3339 (the caller's clock, so output is reproducible).
    pub date: &'a str,
}

impl Check<'_> {
    /// The status definition for a claim's status key; unknown keys get a plain stand-in.
    pub fn status(&self, key: &str) -> StatusDef {
        self.statuses
            .iter()
            .find(|s| s.key == key)
            .cloned()
            .unwrap_or_else(|| StatusDef {
                key: key.to_string(),
                label: key.to_string(),
                colour: "#6e7781".into(),
                mark: String::new(),
                rating: None,
                builtin: false,
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// Markdown with a footnote per claim (the default; re-imports without loss).
    AnnotatedMd,
    /// CriticMarkup highlights and comments.
    Critic,
    /// Pandoc bracketed spans with attributes.
    Pandoc,
    /// W3C Web Annotation collection (JSON-LD).
    Json,
    /// schema.org ClaimReview (JSON-LD).
    Claimreview,
    /// One row per claim.
    Csv,
    /// The verdict report: a self-contained HTML page (no script) that prints to PDF.
    Report,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::AnnotatedMd | ExportFormat::Critic | ExportFormat::Pandoc => "md",
            ExportFormat::Json | ExportFormat::Claimreview => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Report => "html",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Annotated Markdown: a summary (counts per status, checker, date) at the top.
    pub summary: bool,
    /// Only claims with these status keys (all when empty).
    pub statuses: Vec<String>,
    /// Leave out claims the checker dismissed.
    pub skip_dismissed: bool,
    /// CSV: start with a UTF-8 byte order mark (helps spreadsheet programs guess the encoding).
    pub bom: bool,
    /// ClaimReview: one document per claim (a JSON array) instead of one per article.
    pub per_claim: bool,
}

/// Writes `check` in `format`. Claims filtered out by `opts` are left out of every format.
pub fn export(check: &Check, format: ExportFormat, opts: &ExportOptions) -> Result<String> {
    export_with(check, format, opts, &mut |_| {})
}

/// [`export`], telling `progress` the share written (0–1). Annotated Markdown, the window's
/// format and the slowest on a long article (about a second for 100,000 claims), reports as it
/// goes; the others when done.
pub fn export_with(
    check: &Check,
    format: ExportFormat,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<String> {
    let all = check.claims;
    let kept: Vec<ClaimRecord>;
    let check = if opts.statuses.is_empty() && !opts.skip_dismissed {
        *check
    } else {
        kept = check
            .claims
            .iter()
            .filter(|c| opts.statuses.is_empty() || opts.statuses.contains(&c.status))
            .filter(|c| !(opts.skip_dismissed && c.dismissed))
            .cloned()
            .collect();
        Check {
            claims: &kept,
            ..*check
        }
    };
    let out = match format {
        ExportFormat::AnnotatedMd => Ok(annotated::write_with(&check, opts.summary, progress)),
        ExportFormat::Critic => Ok(flavours::write(&check, flavours::Flavour::Critic)),
        ExportFormat::Pandoc => Ok(flavours::write(&check, flavours::Flavour::Pandoc)),
        ExportFormat::Json => w3c::write(&check),
        ExportFormat::Claimreview => claimreview::write(&check, opts.per_claim),
        ExportFormat::Csv => Ok(csv::write(&check, opts.bom)),
        ExportFormat::Report => Ok(report::write(&check, all)),
    };
    progress(1.0);
    out
}

pub(crate) fn json_err(e: serde_json::Error) -> CoreError {
    CoreError::Invalid(format!("export: {e}"))
}

/// A source written for people: a linked title where there is a URL, else title and place.
pub(crate) fn source_line(s: &Source) -> (String, Option<&str>) {
    let url = is_url(&s.location).then_some(s.location.as_str());
    let mut label = if s.title.trim().is_empty() {
        s.location.clone()
    } else {
        s.title.clone()
    };
    if url.is_none() && !s.title.trim().is_empty() && !s.location.trim().is_empty() {
        label = format!("{label}, {}", s.location);
    }
    if s.kind != SourceKind::Web {
        label = format!("{label} ({})", s.kind.as_str());
    }
    if let Some(d) = &s.accessed {
        label = format!("{label}, accessed {d}");
    }
    (label, url)
}

pub(crate) fn is_url(s: &str) -> bool {
    let s = s.trim();
    ["http://", "https://", "ftp://", "mailto:", "file://"]
        .iter()
        .any(|p| s.len() > p.len() && s.get(..p.len()).is_some_and(|x| x.eq_ignore_ascii_case(p)))
}
