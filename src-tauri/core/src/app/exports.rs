//! Export use cases: writing an article's check in any export format, and opening an
//! exported annotated Markdown file as the article with its check restored.

use super::{Desk, ExportRequest, OpenOutcome, Opening};
use crate::anchor::{reanchor, Placement};
use crate::document::{content_hash, Block, Document, Format, PagePlace};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use crate::export::{annotated, export_with, ArticleMeta, Check, ExportFormat, ExportOptions};
use crate::import::{import_bytes, ImportOptions};
use crate::progress::{Reporter, Stage};
use crate::store::{self, parse_article_id, ArticleRow, ClaimPatch, NewClaim, RevisionRow};
use crate::textpos::CharIndex;
use std::path::{Path, PathBuf};

impl Desk {
    /// The Export dialog's request carried out: the file written where it asked, with
    /// progress; answers the path written.
    pub fn export_request(&self, request: &ExportRequest, rep: &mut Reporter) -> Result<PathBuf> {
        let path = PathBuf::from(&request.path);
        self.export_article_to_with(
            &request.article,
            request.format,
            &request.options(),
            &path,
            rep,
        )?;
        Ok(path)
    }

    /// The article's current revision with its check, written in `format`.
    pub fn export_article(
        &self,
        article: &str,
        format: ExportFormat,
        opts: &ExportOptions,
    ) -> Result<String> {
        self.export_article_with(article, format, opts, &mut |_| {})
    }

    /// [`Desk::export_article`], telling `progress` how far it is (0–1) between its steps:
    /// the text, the claims, the writing out (shares measured by the `progress` bench).
    fn export_article_with(
        &self,
        article: &str,
        format: ExportFormat,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(f32),
    ) -> Result<String> {
        let id = parse_article_id(article)?;
        let row = self.lib.article(id)?;
        let rev = self.lib.revision(row.current_revision)?;
        let doc = document_of(&row, &rev);
        progress(PREPARE_TEXT);
        let claims = self.lib.claims(id)?;
        progress(PREPARE_LOADED);
        let statuses = self.lib.statuses()?;
        let checker = self
            .lib
            .setting("checker")?
            .filter(|c| !c.trim().is_empty());
        let meta = ArticleMeta {
            id: Some(store::article_id(id)),
            title: row.title.clone(),
            url: row.url.clone(),
            published: row.published.clone(),
            byline: row.byline.clone(),
        };
        let date = store::now();
        let check = Check {
            doc: &doc,
            claims: &claims,
            statuses: &statuses,
            article: &meta,
            checker: checker.as_deref(),
            date: &date,
        };
        let done = PREPARE_TEXT + PREPARE_CLAIMS;
        export_with(&check, format, opts, &mut |f| {
            progress(done + f * (1.0 - done))
        })
    }

    /// Writes the export to `path`: beside it first, then renamed over it, so a failed export
    /// never leaves half a file (nor clobbers an earlier good one).
    pub fn export_article_to(
        &self,
        article: &str,
        format: ExportFormat,
        opts: &ExportOptions,
        path: &Path,
    ) -> Result<()> {
        self.export_article_to_with(article, format, opts, path, &mut Reporter::silent())
    }

    /// [`Desk::export_article_to`], reporting its progress (stages Preparing and Writing).
    pub fn export_article_to_with(
        &self,
        article: &str,
        format: ExportFormat,
        opts: &ExportOptions,
        path: &Path,
        rep: &mut Reporter,
    ) -> Result<()> {
        rep.report(Stage::Preparing, 0.0);
        let out = self.export_article_with(article, format, opts, &mut |f| {
            rep.report(Stage::Preparing, f)
        })?;
        rep.report(Stage::Preparing, 1.0);
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".factdesk-tmp");
        let tmp = std::path::PathBuf::from(tmp);
        rep.report(Stage::Writing, 0.0);
        write_reporting(&tmp, out.as_bytes(), |f| rep.report(Stage::Writing, f)).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CoreError::io(&tmp, e)
        })?;
        rep.report(Stage::Writing, 1.0);
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CoreError::io(path, e)
        })
    }

    /// Opens an annotated Markdown export: the article without Factdesk's additions, and every
    /// claim with its span, status, note and sources. Claims re-anchor when the file was
    /// edited since export. A file already in the library opens as that article.
    pub(super) fn import_export(&mut self, path: &Path, md: &str) -> Result<Opening> {
        let ann = annotated::read(md)
            .map_err(|e| CoreError::import(path, ErrorCode::ImportExportRecord, e.to_string()))?;
        let doc = import_bytes(path, ann.source.as_bytes(), &ImportOptions::default())?;
        let (key, known) = self.known_article(path, &doc.content_hash)?;
        if let Some(a) = known {
            // The library's check is the living one; the file only brings a newer text.
            if self.lib.revision_hash(a.current_revision)? == doc.content_hash {
                return Ok(Opening::stored(a, OpenOutcome::Unchanged, None));
            }
            let report = self.lib.add_revision(
                a.id,
                &doc,
                ann.source.as_bytes(),
                super::proposed_claims(&doc),
            )?;
            return Ok(Opening::stored(
                self.lib.article(a.id)?,
                OpenOutcome::Revised,
                Some(report),
            ));
        }
        for s in &ann.statuses {
            if !self.lib.statuses()?.iter().any(|k| k.key == s.key) {
                self.lib.put_status(s.clone())?;
            }
        }
        // Stored in the order of their old numbers, so they get the same ids back.
        let mut claims = ann.claims.clone();
        claims.sort_by_key(|c| store::parse_claim_id(&c.id).unwrap_or(i64::MAX));
        let anchors: Vec<_> = claims.iter().map(|c| c.anchor.clone()).collect();
        let placed = reanchor(&doc.text, &anchors);
        let new: Vec<NewClaim> = claims
            .iter()
            .zip(&placed)
            .map(|(c, p)| NewClaim {
                anchor: p.anchor.clone(),
                origin: c.origin,
                kinds: c.kinds.clone(),
                score: c.score,
                reasons: c.reasons.clone(),
                facts: if p.placement == Placement::Exact {
                    c.facts.clone()
                } else {
                    Vec::new()
                },
            })
            .collect();
        let id = self
            .lib
            .import_article(&key, &doc, ann.source.as_bytes(), new)?;
        // Claims were numbered in order from the first new number.
        let stored = self.lib.claims(id)?;
        let first = stored
            .iter()
            .filter_map(|c| store::parse_claim_id(&c.id).ok())
            .min()
            .unwrap_or(1);
        for (k, (c, p)) in claims.iter().zip(&placed).enumerate() {
            let changed = matches!(p.placement, Placement::Changed { .. });
            let orphaned = p.placement == Placement::Orphaned;
            let patch = ClaimPatch {
                status: Some(c.status.clone()),
                note: Some(c.note.clone()),
                dismissed: Some(c.dismissed),
                needs_recheck: Some(c.needs_recheck || changed),
                orphaned: Some(c.orphaned || orphaned),
                sources: (!c.sources.is_empty()).then(|| c.sources.clone()),
                ..ClaimPatch::default()
            };
            self.lib
                .change_claim(id, first + k as i64, "import", patch)?;
        }
        Ok(Opening::stored(
            self.lib.article(id)?,
            OpenOutcome::New,
            None,
        ))
    }
}

/// Shares of preparing an export: loading the text, then the claims; the rest is rendering.
const PREPARE_TEXT: f32 = 0.1;
const PREPARE_CLAIMS: f32 = 0.22;
pub(super) const PREPARE_LOADED: f32 = PREPARE_TEXT + PREPARE_CLAIMS;

/// Writes `bytes` to `path` a megabyte at a time, telling `progress` the share written.
fn write_reporting(
    path: &Path,
    bytes: &[u8],
    mut progress: impl FnMut(f32),
) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    let total = bytes.len().max(1) as f32;
    let mut done = 0;
    for chunk in bytes.chunks(1 << 20) {
        file.write_all(chunk)?;
        done += chunk.len();
        progress(done as f32 / total);
    }
    file.flush()
}

/// The revision as a Document: re-read from its file when that still holds this revision
/// (so Markdown keeps its source and map), else rebuilt from the stored text and blocks.
fn document_of(row: &ArticleRow, rev: &RevisionRow) -> Document {
    let path = Path::new(&row.path);
    if let Ok(bytes) = std::fs::read(path) {
        if content_hash(&bytes) == rev.content_hash {
            if let Ok(doc) = import_bytes(path, &bytes, &ImportOptions::default()) {
                if doc.text == rev.text {
                    return doc;
                }
            }
        }
    }
    let idx = CharIndex::new(&rev.text);
    let format = match row.format.as_str() {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "docx" => Format::Docx,
        "odt" => Format::Odt,
        "pdf" => Format::Pdf,
        _ => Format::Text,
    };
    Document {
        format,
        title: row.title.clone(),
        byline: row.byline.clone(),
        published: row.published.clone(),
        url: row.url.clone(),
        text: rev.text.clone(),
        blocks: rev
            .blocks
            .iter()
            .map(|b| Block {
                kind: b.0,
                level: b.1,
                range: idx.to_byte(&rev.text, b.2 as usize)..idx.to_byte(&rev.text, b.3 as usize),
            })
            .collect(),
        links: Vec::new(),
        source: String::new(),
        source_map: Vec::new(),
        content_hash: rev.content_hash.clone(),
        places: if rev.blocks.iter().all(|b| b.4.is_some()) {
            rev.blocks
                .iter()
                .map(|b| PagePlace {
                    page: b.4.unwrap_or(0),
                    bbox: [0.0; 4],
                })
                .collect()
        } else {
            Vec::new()
        },
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::SourceInput;
    use crate::model::SourceKind;

    #[test]
    fn an_exported_markdown_check_opens_identically_in_a_fresh_library() {
        round_trip("md");
    }

    #[test]
    fn an_exported_text_check_opens_identically_in_a_fresh_library() {
        round_trip("txt");
    }

    fn round_trip(ext: &str) {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join(format!("article.{ext}"));
        std::fs::copy(crate::test_fixtures::sample(ext), &article).unwrap();
        let mut desk = Desk::open(&dir.path().join("one.sqlite3")).unwrap();
        let a = desk.open_article(&article).unwrap().article.id;
        // Three claims made by hand over the first sentences (plus any proposed ones).
        let text = desk.article_view(&a).unwrap().text;
        let mut from = text.find("\n\n").unwrap() + 2;
        for _ in 0..3 {
            let end = from + text[from..].find(". ").unwrap() + 1;
            let (s, e) = (text[..from].chars().count(), text[..end].chars().count());
            desk.add_manual_claim(&a, s as u32, e as u32).unwrap();
            from = end + 1;
        }
        let claims = desk.claims(&a).unwrap();
        let (c1, c2) = (&claims[0].id, &claims[1].id);
        desk.set_status(&a, c1, "disputed").unwrap();
        desk.set_note(&a, c1, "Two accounts differ --> see the `pool` report.")
            .unwrap();
        for (title, loc) in [
            ("Pool report", "https://e.org/pool (1)"),
            ("Jane Doe", "phone"),
        ] {
            let input = SourceInput {
                kind: if loc.starts_with("http") {
                    SourceKind::Web
                } else {
                    SourceKind::Person
                },
                title: title.into(),
                location: loc.into(),
                accessed: Some("2024-11-27".into()),
                excerpt: String::new(),
                file_path: None,
            };
            desk.add_source(&a, c1, input).unwrap();
        }
        desk.set_status(&a, c2, "verified").unwrap();
        desk.dismiss(&a, &claims[2].id).unwrap();
        let before = desk.claims(&a).unwrap();

        let md = desk
            .export_article(&a, ExportFormat::AnnotatedMd, &ExportOptions::default())
            .unwrap();
        let exported = dir.path().join("checked.md");
        std::fs::write(&exported, &md).unwrap();

        let mut fresh = Desk::open(&dir.path().join("two.sqlite3")).unwrap();
        let opened = fresh.open_article(&exported).unwrap();
        assert_eq!(opened.outcome, OpenOutcome::New);
        let after = fresh.claims(&opened.article.id).unwrap();
        assert_eq!(after.len(), before.len());
        let strip = |c: &crate::model::ClaimRecord| {
            let mut c = c.clone();
            c.updated.clear();
            c
        };
        let before: Vec<_> = before.iter().map(strip).collect();
        let after: Vec<_> = after.iter().map(strip).collect();
        let same_text = fresh.article_view(&opened.article.id).unwrap().text
            == desk.article_view(&a).unwrap().text;
        assert!(
            same_text || ext != "md",
            "a Markdown article comes back as itself"
        );
        if same_text {
            assert_eq!(after, before);
        } else {
            // The plain-text article came back as its Markdown rendering: same check,
            // claims found again by their quotes.
            for (x, y) in after.iter().zip(&before) {
                assert_eq!(
                    (&x.anchor.quote, &x.status, &x.note, &x.sources, x.dismissed),
                    (&y.anchor.quote, &y.status, &y.note, &y.sources, y.dismissed)
                );
            }
        }
        // Opening it again is the same article, unchanged.
        let again = fresh.open_article(&exported).unwrap();
        assert_eq!(again.outcome, OpenOutcome::Unchanged);
        assert_eq!(again.article.id, opened.article.id);

        for (f, shows) in [
            (ExportFormat::Json, "Pool report"),
            (ExportFormat::Csv, "Pool report"),
            (ExportFormat::Claimreview, "\"alternateName\": \"Disputed\""),
            (ExportFormat::Critic, "{>>! Disputed — Two accounts differ"),
            (ExportFormat::Pandoc, "{.claim #fd-"),
        ] {
            let out = desk
                .export_article(&a, f, &ExportOptions::default())
                .unwrap();
            assert!(out.contains(shows), "{f:?}: {out}");
        }
    }
}
