//! Opening an article file in steps, so a large one neither freezes the window nor holds the
//! library while it is read: reading and parsing ([`read_article`]) and finding its claims
//! ([`ReadArticle::proposed_claims`]) need no library; only looking it up and saving it do.
//! [`open_article_via`] runs the steps with the library taken only for those two, reports
//! progress throughout, and answers with the article's view, built from what the steps hold
//! (the window's Open is one call).

use super::view::ViewText;
use super::{proposed_claims_with, Desk, OpenOutcome, OpenedArticle, OpenedView};
use crate::analysis::AnalyzeOptions;
use crate::document::Document;
use crate::error::Result;
use crate::export::annotated;
use crate::import::{import_bytes, read_file, ImportOptions};
use crate::model::ClaimRecord;
use crate::progress::{Reporter, Stage};
use crate::store::{blocks_of, ArticleRow, NewClaim, ReanchorReport};
use crate::textpos::CharIndex;
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

/// An article found or saved by opening, before the answer is made: the command line wants
/// its summary ([`Desk::opened_article`]), the window its view as well ([`Desk::opened_view`]).
pub struct Opening {
    /// The article's row, read once it is where opening leaves it.
    row: ArticleRow,
    outcome: OpenOutcome,
    report: Option<ReanchorReport>,
    warnings: Vec<String>,
    /// What was just saved, which the view is made from; `None` when the library's copy is
    /// read (an article opened unchanged shows the text its claims were anchored on, whatever
    /// today's reader makes of the file).
    saved: Option<Saved>,
}

/// An article just saved: the document that is its current revision, and its claims as
/// stored when they are all new (a revision's carried-over claims are read back).
struct Saved {
    doc: Box<Document>,
    claims: Option<Vec<ClaimRecord>>,
}

impl Opening {
    /// An article the file brings nothing new to: opened as the library holds it.
    fn unchanged(row: ArticleRow, doc: &Document) -> Opening {
        Opening {
            warnings: doc.warnings.clone(),
            ..Opening::stored(row, OpenOutcome::Unchanged, None)
        }
    }

    /// An article opened as the library holds it.
    pub(super) fn stored(
        row: ArticleRow,
        outcome: OpenOutcome,
        report: Option<ReanchorReport>,
    ) -> Opening {
        Opening {
            row,
            outcome,
            report,
            warnings: Vec::new(),
            saved: None,
        }
    }
}

/// What the library holds for a file: its key (the canonical path), and the article it
/// belongs to, if any, with whether that article's current revision has the file's content.
struct Known {
    key: String,
    article: Option<ArticleRow>,
    unchanged: bool,
}

impl Desk {
    /// One lookup of the article a file belongs to; the revision is compared by its hash
    /// alone (its text is not read).
    fn look_up(&self, path: &Path, doc: &Document) -> Result<Known> {
        let (key, article) = self.known_article(path, &doc.content_hash)?;
        let unchanged = match &article {
            Some(a) => self.lib.revision_hash(a.current_revision)? == doc.content_hash,
            None => false,
        };
        Ok(Known {
            key,
            article,
            unchanged,
        })
    }

    /// The article as it already is in the library, when the file brings nothing new (or it
    /// is an export, imported here whole); `None` when it must be analysed and saved. It goes
    /// to the top of the recent list.
    pub fn open_if_known(&mut self, read: &ReadArticle) -> Result<Option<Opening>> {
        let opening = match &read.kind {
            Kind::Export(md) => Some(self.import_export(&read.path, md)?),
            Kind::Article(doc) => match self.look_up(&read.path, doc)? {
                Known {
                    article: Some(row),
                    unchanged: true,
                    ..
                } => Some(Opening::unchanged(row, doc)),
                _ => None,
            },
        };
        if let Some(o) = &opening {
            self.note_opened(o.row.id)?;
        }
        Ok(opening)
    }

    /// Saves a read article (stage Saving): new, or a new revision of the one it belongs to
    /// with every claim carried over. It goes to the top of the recent list.
    pub fn save_article(
        &mut self,
        read: ReadArticle,
        claims: Vec<NewClaim>,
        rep: &mut Reporter,
    ) -> Result<Opening> {
        let ReadArticle {
            path,
            bytes,
            kind: Kind::Article(doc),
        } = read
        else {
            // `open_if_known` always takes an export in whole.
            return self.open_if_known(&read)?.ok_or_else(unreachable_export);
        };
        // Looked up again: another window or command may have saved it meanwhile.
        let known = self.look_up(&path, &doc)?;
        if let (Some(row), true) = (&known.article, known.unchanged) {
            self.note_opened(row.id)?;
            return Ok(Opening::unchanged(row.clone(), &doc));
        }
        rep.report(Stage::Saving, 0.0);
        let mut saving = |f: f32| rep.report(Stage::Saving, f);
        let (id, outcome, report, stored) = match &known.article {
            Some(a) => {
                let report = self
                    .lib
                    .add_revision_with(a.id, &doc, &bytes, claims, &mut saving)?;
                (a.id, OpenOutcome::Revised, Some(report), None)
            }
            None => {
                let (id, stored) =
                    self.lib
                        .import_article_with(&known.key, &doc, &bytes, claims, &mut saving)?;
                (id, OpenOutcome::New, None, Some(stored))
            }
        };
        rep.report(Stage::Saving, 1.0);
        self.note_opened(id)?;
        Ok(Opening {
            row: self.lib.article(id)?,
            outcome,
            report,
            warnings: doc.warnings.clone(),
            saved: Some(Saved {
                doc,
                claims: stored,
            }),
        })
    }

    /// What opening found, for the command line: the article's summary.
    pub fn opened_article(&self, o: Opening) -> Result<OpenedArticle> {
        Ok(OpenedArticle {
            article: self.summary(o.row)?,
            outcome: o.outcome,
            report: o.report,
            warnings: o.warnings,
        })
    }

    /// What opening found with the review screen's data, for the window. An article just
    /// saved is cut from the document in hand (its text is not read back), and a new one's
    /// claims are the ones just stored.
    pub fn opened_view(&self, o: Opening) -> Result<OpenedView> {
        let (current, claims) = match o.saved {
            Some(Saved { doc, claims }) => {
                let doc = *doc;
                let blocks = blocks_of(&doc, &CharIndex::new(&doc.text));
                // Revisions are numbered 1, 2, … and never removed; a save makes the newest
                // current.
                let current = ViewText {
                    number: o.row.revisions,
                    text: doc.text,
                    blocks,
                };
                (current, claims)
            }
            None => {
                let rev = self.lib.revision(o.row.current_revision)?;
                let current = ViewText {
                    number: rev.number,
                    text: rev.text,
                    blocks: rev.blocks,
                };
                (current, None)
            }
        };
        let claims = match claims {
            Some(c) => c,
            None => self.lib.claims(o.row.id)?,
        };
        Ok(OpenedView {
            outcome: o.outcome,
            report: o.report,
            warnings: o.warnings,
            view: self.view_of(o.row, current, claims)?,
        })
    }
}

/// `open_if_known` always takes an export in whole, so `save_article` never sees one.
fn unreachable_export() -> crate::error::CoreError {
    crate::error::CoreError::Library("an exported check was not imported".into())
}

/// Opens an article file for the window, taking the library only to look it up and to save
/// it: the window can read the library (list, search, other articles) while a large file is
/// read and analysed. The answer holds the article's view, so the window needs no second call.
pub fn open_article_via(
    access: &impl DeskAccess,
    path: &Path,
    rep: &mut Reporter,
) -> Result<OpenedView> {
    let read = read_article(path, rep)?;
    let (known, opts) = access.with_desk(|d| {
        let known = match d.open_if_known(&read)? {
            Some(o) => Some(d.opened_view(o)?),
            None => None,
        };
        Ok((known, d.analyze_options()?))
    })?;
    if let Some(o) = known {
        return Ok(o);
    }
    let claims = read.proposed_claims(rep, &opts);
    access.with_desk(|d| {
        let o = d.save_article(read, claims, rep)?;
        d.opened_view(o)
    })
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
        assert!(opened.view.article.claims > 1000);
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
        assert_eq!(again.view.article.id, opened.view.article.id);
    }

    #[test]
    fn the_window_gets_each_claim_with_its_place_and_words_but_not_its_context() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("zurich.txt");
        std::fs::write(
            &file,
            "Zürich café prices rose 12% in May\n\nThe café’s owner said 4,200 people came on \
             Tuesday, the most since 2019. Officials in Zürich said the city spent $3.5 million.\n",
        )
        .unwrap();
        let desk = Mutex::new(Desk::open(&dir.path().join("lib.sqlite3")).unwrap());
        let opened = open_article_via(&desk, &file, &mut Reporter::silent()).unwrap();
        let text: Vec<char> = opened.view.text.chars().collect();
        let json = serde_json::to_value(&opened).unwrap();
        let claims = json["view"]["claims"].as_array().unwrap();
        assert!(claims.len() >= 3, "{claims:?}");
        for c in claims {
            let a = c["anchor"].as_object().unwrap();
            // Only re-anchoring reads the context around a claim: it stays in the library.
            let mut keys: Vec<&str> = a.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["end", "quote", "start"]);
            let (start, end) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
            let words: String = text[start as usize..end as usize].iter().collect();
            assert_eq!(a["quote"], words.as_str());
        }
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
        let b_view = direct.article_view(&b.article.id).unwrap();
        assert_eq!(a.view.claims.len(), b_view.claims.len());
        assert_eq!(a.view.text, b_view.text);
        // The view the window got with the answer is the one the library holds.
        assert_eq!(a.view, shared.article_view(&a.view.article.id).unwrap());
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
        assert_eq!(r.view.article.revisions, 2);
        assert_eq!(r.view.revision, 2);
        let shared = shared.into_inner().unwrap();
        assert_eq!(r.view, shared.article_view(&r.view.article.id).unwrap());
        assert!(r.view.text.contains("Hue") && !r.view.text.contains("Hanoi"));
    }

    /// Each way opening ends (new, unchanged, revised, an exported check) answers with the
    /// view the library holds, and the summary the command line gets.
    #[test]
    fn every_opening_answers_with_the_stored_view() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(
            &file,
            "Council Budget\n\nThe council spent $3.5 million in 2023, the mayor said.\n\n\
             Officials said 4,200 people moved in 2024.\n",
        )
        .unwrap();
        let desk = Mutex::new(Desk::open(&dir.path().join("lib.sqlite3")).unwrap());
        let open = || open_article_via(&desk, &file, &mut Reporter::silent()).unwrap();
        let stored = |o: &OpenedView| {
            let d = desk.lock().unwrap();
            (
                d.article_view(&o.view.article.id).unwrap(),
                d.article(&o.view.article.id).unwrap(),
            )
        };
        let new = open();
        assert_eq!(new.outcome, OpenOutcome::New);
        assert!(!new.view.claims.is_empty());
        assert_eq!(stored(&new), (new.view.clone(), new.view.article.clone()));
        let claim = new.view.claims[0].id.clone();
        desk.lock()
            .unwrap()
            .set_status(&new.view.article.id, &claim, "verified")
            .unwrap();
        let same = open();
        assert_eq!(same.outcome, OpenOutcome::Unchanged);
        assert_eq!(
            stored(&same),
            (same.view.clone(), same.view.article.clone())
        );
        assert!(same
            .view
            .article
            .counts
            .iter()
            .any(|c| c.status == "verified"));
        std::fs::write(
            &file,
            std::fs::read_to_string(&file)
                .unwrap()
                .replace("4,200", "5,100"),
        )
        .unwrap();
        let revised = open();
        assert_eq!(revised.outcome, OpenOutcome::Revised);
        assert_eq!(
            stored(&revised),
            (revised.view.clone(), revised.view.article.clone())
        );
        // An exported check opens as a new article of another library, with its view.
        let export = dir.path().join("a.factdesk.md");
        desk.lock()
            .unwrap()
            .export_article_to(
                &revised.view.article.id,
                ExportFormat::AnnotatedMd,
                &ExportOptions::default(),
                &export,
            )
            .unwrap();
        let other = Mutex::new(Desk::open(&dir.path().join("other.sqlite3")).unwrap());
        let imported = open_article_via(&other, &export, &mut Reporter::silent()).unwrap();
        assert_eq!(imported.outcome, OpenOutcome::New);
        let other = other.into_inner().unwrap();
        assert_eq!(
            imported.view,
            other.article_view(&imported.view.article.id).unwrap()
        );
        assert!(imported.view.claims.iter().any(|c| c.status == "verified"));
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
