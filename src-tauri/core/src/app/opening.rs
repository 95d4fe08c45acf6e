//! Opening an article file in steps, so a large one neither freezes the window nor holds the
//! library while it is read: reading and parsing ([`read_article`]) and finding its claims
//! ([`ReadArticle::proposed_claims`]) need no library; only looking it up and saving it do.
//! [`open_article_via`] runs the steps with the library taken only for those two, and
//! reports progress throughout.

use super::{proposed_claims_with, Desk, OpenOutcome, OpenedArticle};
use crate::analysis::AnalyzeOptions;
use crate::document::Document;
use crate::error::Result;
use crate::export::annotated;
use crate::import::{import_bytes, read_file, ImportOptions};
use crate::progress::{Reporter, Stage};
use crate::store::NewClaim;
use std::path::{Path, PathBuf};

/// Something that lends the library for one call at a time (the window's shared state;
/// a `Mutex<Desk>`).
pub trait DeskAccess {
    fn with_desk<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T>;
}

impl DeskAccess for std::sync::Mutex<Desk> {
    fn with_desk<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T> {
        let mut desk = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut desk)
    }
}

/// An article file read and parsed; the library not touched yet.
pub struct ReadArticle {
    path: PathBuf,
    bytes: Vec<u8>,
    kind: Kind,
}

enum Kind {
    Article(Box<Document>),
    /// An annotated Markdown export: it brings its check with it.
    Export(String),
}

/// Reads and parses `path` (stages Reading and Parsing).
pub fn read_article(path: &Path, rep: &mut Reporter) -> Result<ReadArticle> {
    let opts = ImportOptions::default();
    rep.report(Stage::Reading, 0.0);
    let bytes = read_file(path, &opts, |f| rep.report(Stage::Reading, f))?;
    rep.report(Stage::Parsing, 0.0);
    let export = std::str::from_utf8(&bytes)
        .ok()
        .filter(|t| annotated::is_annotated(t))
        .map(str::to_string);
    let kind = match export {
        Some(md) => Kind::Export(md),
        None => Kind::Article(Box::new(import_bytes(path, &bytes, &opts)?)),
    };
    rep.report(Stage::Parsing, 1.0);
    Ok(ReadArticle {
        path: path.to_path_buf(),
        bytes,
        kind,
    })
}

impl ReadArticle {
    /// The claims the analysis proposes (stage Analysing); none for an export, whose claims
    /// come with it.
    pub fn proposed_claims(&self, rep: &mut Reporter, opts: &AnalyzeOptions) -> Vec<NewClaim> {
        rep.report(Stage::Analysing, 0.0);
        let claims = match &self.kind {
            Kind::Article(doc) => {
                proposed_claims_with(doc, opts, |f| rep.report(Stage::Analysing, f))
            }
            Kind::Export(_) => Vec::new(),
        };
        rep.report(Stage::Analysing, 1.0);
        claims
    }
}

impl Desk {
    /// The article as it already is in the library, when the file brings nothing new (or it
    /// is an export, imported here whole); `None` when it must be analysed and saved.
    pub fn open_if_known(&mut self, read: &ReadArticle) -> Result<Option<OpenedArticle>> {
        let opened = match &read.kind {
            Kind::Export(md) => Some(self.import_export(&read.path, md)?),
            Kind::Article(doc) => match self.known_article(&read.path, &doc.content_hash)?.1 {
                Some(a)
                    if self.lib.revision(a.current_revision)?.content_hash == doc.content_hash =>
                {
                    Some(OpenedArticle {
                        article: self.summary(a)?,
                        outcome: OpenOutcome::Unchanged,
                        report: None,
                        warnings: doc.warnings.clone(),
                    })
                }
                _ => None,
            },
        };
        if let Some(o) = &opened {
            self.note_opened(crate::store::parse_article_id(&o.article.id)?)?;
        }
        Ok(opened)
    }

    /// Saves a read article (stage Saving): new, or a new revision of the one it belongs to
    /// with every claim carried over. It goes to the top of the recent list.
    pub fn save_article(
        &mut self,
        read: ReadArticle,
        claims: Vec<NewClaim>,
        rep: &mut Reporter,
    ) -> Result<OpenedArticle> {
        // Looked up again: another window or command may have saved it meanwhile.
        if let Some(o) = self.open_if_known(&read)? {
            return Ok(o);
        }
        let Kind::Article(doc) = &read.kind else {
            unreachable_export()?
        };
        rep.report(Stage::Saving, 0.0);
        let (key, existing) = self.known_article(&read.path, &doc.content_hash)?;
        let mut saving = |f: f32| rep.report(Stage::Saving, f);
        let opened = match existing {
            Some(a) => {
                let report =
                    self.lib
                        .add_revision_with(a.id, doc, &read.bytes, claims, &mut saving)?;
                OpenedArticle {
                    article: self.summary(self.lib.article(a.id)?)?,
                    outcome: OpenOutcome::Revised,
                    report: Some(report),
                    warnings: doc.warnings.clone(),
                }
            }
            None => {
                let id =
                    self.lib
                        .import_article_with(&key, doc, &read.bytes, claims, &mut saving)?;
                OpenedArticle {
                    article: self.summary(self.lib.article(id)?)?,
                    outcome: OpenOutcome::New,
                    report: None,
                    warnings: doc.warnings.clone(),
                }
            }
        };
        rep.report(Stage::Saving, 1.0);
        self.note_opened(crate::store::parse_article_id(&opened.article.id)?)?;
        Ok(opened)
    }
}

/// `open_if_known` always takes an export in whole, so `save_article` never sees one.
fn unreachable_export<T>() -> Result<T> {
    Err(crate::error::CoreError::Library(
        "an exported check was not imported".into(),
    ))
}

/// Opens an article file, taking the library only to look it up and to save it: the window
/// can read the library (list, search, other articles) while a large file is read and analysed.
pub fn open_article_via(
    access: &impl DeskAccess,
    path: &Path,
    rep: &mut Reporter,
) -> Result<OpenedArticle> {
    let read = read_article(path, rep)?;
    let (known, opts) =
        access.with_desk(|d| Ok((d.open_if_known(&read)?, d.analyze_options()?)))?;
    if let Some(o) = known {
        return Ok(o);
    }
    let claims = read.proposed_claims(rep, &opts);
    access.with_desk(|d| d.save_article(read, claims, rep))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::export::{ExportFormat, ExportOptions};
    use crate::progress::{Progress, EXPORT_PLAN, OPEN_PLAN};
    use std::sync::Mutex;

    fn big_article(dir: &Path) -> PathBuf {
        let mut text = String::from("Prices Rose Again\n\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "The minister said prices rose by {i} percent in May 2024, the highest since 2019. \
                 Officials in Hanoi met {i} times.\n\n"
            ));
        }
        let p = dir.join("big.txt");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn opening_reports_every_stage_in_order_and_holds_the_library_only_to_save() {
        let dir = tempfile::tempdir().unwrap();
        let file = big_article(dir.path());
        let desk = Mutex::new(Desk::open(&dir.path().join("lib.sqlite3")).unwrap());
        // Each report notes whether the library was free at that moment.
        let mut seen: Vec<(Progress, bool)> = Vec::new();
        let opened = {
            let mut sink = |p: Progress| seen.push((p, desk.try_lock().is_ok()));
            let mut rep = Reporter::every_step(OPEN_PLAN, &mut sink);
            open_article_via(&desk, &file, &mut rep).unwrap()
        };
        assert_eq!(opened.outcome, OpenOutcome::New);
        assert!(opened.article.claims > 1000);
        let stages: Vec<Stage> = seen
            .iter()
            .map(|(p, _)| p.stage)
            .fold(Vec::new(), |mut v, s| {
                if v.last() != Some(&s) {
                    v.push(s);
                }
                v
            });
        assert_eq!(
            stages,
            [
                Stage::Reading,
                Stage::Parsing,
                Stage::Analysing,
                Stage::Saving
            ]
        );
        assert!(seen.windows(2).all(|w| w[0].0.done <= w[1].0.done));
        assert_eq!(seen.last().unwrap().0.done, 1.0);
        // Analysis reports fractions on the way, not only its start and end.
        let analysing = seen
            .iter()
            .filter(|(p, _)| p.stage == Stage::Analysing)
            .count();
        assert!(analysing > 3, "{analysing} analysing reports");
        for (p, free) in &seen {
            let expect_free = p.stage != Stage::Saving;
            assert_eq!(*free, expect_free, "library during {:?}", p.stage);
        }
        // The file opened again: nothing to analyse or save, and the same article.
        let again = {
            let mut stages = Vec::new();
            let mut sink = |p: Progress| stages.push(p.stage);
            let mut rep = Reporter::new(OPEN_PLAN, &mut sink);
            let o = open_article_via(&desk, &file, &mut rep).unwrap();
            assert!(!stages.contains(&Stage::Saving));
            o
        };
        assert_eq!(again.outcome, OpenOutcome::Unchanged);
        assert_eq!(again.article.id, opened.article.id);
    }

    #[test]
    fn the_window_path_and_the_command_line_path_store_the_same_article() {
        let dir = tempfile::tempdir().unwrap();
        let file = big_article(dir.path());
        let shared = Mutex::new(Desk::open(&dir.path().join("a.sqlite3")).unwrap());
        let a = open_article_via(&shared, &file, &mut Reporter::silent()).unwrap();
        let mut direct = Desk::open(&dir.path().join("b.sqlite3")).unwrap();
        let b = direct.open_article(&file).unwrap();
        let shared = shared.into_inner().unwrap();
        assert_eq!(
            shared.article_view(&a.article.id).unwrap().claims.len(),
            direct.article_view(&b.article.id).unwrap().claims.len()
        );
        assert_eq!(
            shared.article_view(&a.article.id).unwrap().text,
            direct.article_view(&b.article.id).unwrap().text
        );
        // A changed file becomes a revision through the window's path too.
        std::fs::write(
            &file,
            std::fs::read_to_string(&file)
                .unwrap()
                .replace("Hanoi", "Hue"),
        )
        .unwrap();
        let shared = Mutex::new(shared);
        let r = open_article_via(&shared, &file, &mut Reporter::silent()).unwrap();
        assert_eq!(r.outcome, OpenOutcome::Revised);
        assert_eq!(r.article.revisions, 2);
    }

    #[test]
    fn a_missing_file_fails_before_the_library_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Mutex::new(Desk::open(&dir.path().join("lib.sqlite3")).unwrap());
        let e = open_article_via(&desk, &dir.path().join("gone.txt"), &mut Reporter::silent())
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportMissing);
        assert!(desk.lock().unwrap().list_articles().unwrap().is_empty());
    }

    #[test]
    fn exporting_reports_preparing_then_writing() {
        let dir = tempfile::tempdir().unwrap();
        let file = big_article(dir.path());
        let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
        let id = desk.open_article(&file).unwrap().article.id;
        let out = dir.path().join("out.md");
        let mut seen = Vec::new();
        {
            let mut sink = |p: Progress| seen.push(p);
            let mut rep = Reporter::new(EXPORT_PLAN, &mut sink);
            desk.export_article_to_with(
                &id,
                ExportFormat::AnnotatedMd,
                &ExportOptions::default(),
                &out,
                &mut rep,
            )
            .unwrap();
        }
        assert_eq!(
            seen.first().map(|p| (p.stage, p.done)),
            Some((Stage::Preparing, 0.0))
        );
        assert_eq!(
            seen.last().map(|p| (p.stage, p.done)),
            Some((Stage::Writing, 1.0))
        );
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .contains("Prices Rose Again"));
    }

    /// Rendering is most of an export of a long article; the bar must move during it, not
    /// sit at the share reached once the claims are loaded.
    #[test]
    fn exporting_reports_progress_while_it_renders() {
        let dir = tempfile::tempdir().unwrap();
        let file = big_article(dir.path());
        let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
        let opened = desk.open_article(&file).unwrap().article;
        assert!(opened.claims > 4096, "{} claims", opened.claims);
        let mut seen = Vec::new();
        {
            let mut sink = |p: Progress| seen.push(p);
            let mut rep = Reporter::every_step(EXPORT_PLAN, &mut sink);
            desk.export_article_to_with(
                &opened.id,
                ExportFormat::AnnotatedMd,
                &ExportOptions::default(),
                &dir.path().join("out.md"),
                &mut rep,
            )
            .unwrap();
        }
        let loaded = super::super::exports::PREPARE_LOADED;
        let rendering: Vec<f32> = seen
            .iter()
            .filter(|p| p.stage == Stage::Preparing && p.stage_done > loaded && p.stage_done < 1.0)
            .map(|p| p.stage_done)
            .collect();
        assert!(
            rendering.len() >= 3,
            "while rendering: {rendering:?} of {seen:?}"
        );
    }
}
