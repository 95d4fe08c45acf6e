//! The application layer: every use case of the window and of the command line, once. The
//! Tauri commands and `factdesk <subcommand>` are one-line calls into [`Desk`]; neither holds
//! logic. Ids cross this boundary as short strings (`a3`, `c12`, `s7`); positions as code
//! points of the article's current text.

use crate::analysis::{analyze_with, AnalyzeOptions};
use crate::anchor::anchor_at;
use crate::document::{content_hash, Document};
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, FactSpan, Origin, Source, StatusDef};
use crate::progress::Reporter;
use crate::store::{
    self, parse_article_id, parse_claim_id, ArticleRow, ClaimPatch, Library, NewClaim,
};
use crate::textpos::CharIndex;
use std::path::{Path, PathBuf};

pub use crate::store::{HistoryRow, HistoryState, ReanchorReport, SearchHit};

pub mod api;
mod backups;
mod checked;
mod exports;
mod opening;
mod recent;
mod view;

pub use backups::{
    latest_backup, restore_backup, restore_library, set_aside_files, BackupRestored,
};
pub use checked::{ClaimMatches, ClaimOccurrence, RecurringClaim, SHOWN_PER_CLAIM};
pub use opening::{open_article_via, read_article, DeskAccess, Opening, ReadArticle};
pub use view::{ArticleView, BlockView, Run};

pub use api::{
    ArticleSummary, ExportRequest, OpenOutcome, OpenedArticle, OpenedView, Proposals, Settings,
    SourceInput, StatusCount, UndoOutcome,
};

pub use recent::{
    article_of_menu_id, recent_menu, FileState, LibraryOpened, MenuEntry, RecentArticle,
    CLEAR_RECENT_ID, RECENT_ITEM_PREFIX, RECENT_LIMIT,
};

/// The library file used when neither `--db` nor `FACTDESK_DB` names one:
/// `~/.local/share/factdesk/library.sqlite3` on Linux (the platform's data folder elsewhere).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("FACTDESK_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    dirs::data_dir()
        .map(|d| d.join("factdesk").join("library.sqlite3"))
        .ok_or_else(|| CoreError::Library("no data folder on this system; pass --db FILE".into()))
}

/// The library's key for [`Settings::advance_after_status`]; stored as `on` or `off`.
const ADVANCE_KEY: &str = "advance_after_status";

/// The application: one open library.
pub struct Desk {
    lib: Library,
    backup_error: Option<CoreError>,
}

impl Desk {
    /// Opens the library. A damaged file fails with `library.corrupt` and is left as it was
    /// (offer [`latest_backup`] and [`restore_backup`]); one that cannot be written fails
    /// with `library.readonly`. The first open of a day also makes the day's backup.
    pub fn open(db: &Path) -> Result<Desk> {
        let lib = Library::open(db)?;
        // A failed backup must not keep the user from their work; it is kept for the window
        // to mention (`backup_error`).
        let backup_error = lib.daily_backup().err();
        Ok(Desk { lib, backup_error })
    }

    /// Why today's automatic backup could not be made, if it could not.
    pub fn backup_error(&self) -> Option<&CoreError> {
        self.backup_error.as_ref()
    }

    /// A desk that only reads `db` (see [`Library::open_reader`]): for showing and searching
    /// the library while the writing desk is busy saving. Its changes fail with
    /// `library.readonly`; it makes no backup.
    pub fn open_reader(db: &Path) -> Result<Desk> {
        Ok(Desk {
            lib: Library::open_reader(db)?,
            backup_error: None,
        })
    }

    /// Runs `f` inside one read transaction, so that everything it reads comes from a single
    /// committed state of the library even while another connection commits (a reader's
    /// queries would otherwise each see the latest state, and could mix two).
    pub fn in_snapshot<T>(&mut self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T> {
        self.lib.conn().execute_batch("BEGIN DEFERRED")?;
        let out = f(self);
        // Ending a read transaction loses nothing; its error matters only when `f` succeeded.
        let end = self
            .lib
            .conn()
            .execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        match (out, end) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) => Err(CoreError::from(e).in_library(self.lib.path())),
            (Err(e), _) => Err(e),
        }
    }

    /// Opens `db`, or the default library when `None`.
    pub fn open_or_default(db: Option<&Path>) -> Result<Desk> {
        match db {
            Some(p) => Desk::open(p),
            None => Desk::open(&default_db_path()?),
        }
    }

    pub fn library(&self) -> &Library {
        &self.lib
    }

    pub fn db_path(&self) -> &Path {
        self.lib.path()
    }

    /// Imports a file into the library: a new article, the same one unchanged, or a new
    /// revision of it with every claim carried over. It goes to the top of the recent list.
    pub fn open_article(&mut self, path: &Path) -> Result<OpenedArticle> {
        self.open_article_with(path, &mut Reporter::silent())
    }

    /// [`Desk::open_article`], reporting its progress (see [`open_article_via`] to let go of
    /// the library while the file is read and analysed).
    pub fn open_article_with(&mut self, path: &Path, rep: &mut Reporter) -> Result<OpenedArticle> {
        let read = read_article(path, rep)?;
        let opening = match self.open_if_known(&read)? {
            Some(o) => o,
            None => {
                let claims = read.proposed_claims(rep, &self.analyze_options()?);
                self.save_article(read, claims, rep)?
            }
        };
        self.opened_article(opening)
    }

    /// The library's key for a file (its canonical path) and the article already in the
    /// library for it: by path, else by identical content (the same file moved or copied).
    fn known_article(&self, path: &Path, hash: &str) -> Result<(String, Option<ArticleRow>)> {
        let key = std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .to_string_lossy()
            .into_owned();
        let known = match self.lib.article_by_path(&key)? {
            Some(a) => Some(a),
            None => self.lib.article_by_hash(hash)?,
        };
        Ok((key, known))
    }

    /// Every article with its counts per status, most recently changed first.
    pub fn list_articles(&self) -> Result<Vec<ArticleSummary>> {
        let mut counts = self.lib.status_counts()?;
        self.lib
            .articles()?
            .into_iter()
            .map(|a| {
                let c = counts.remove(&a.id).unwrap_or_default();
                Ok(summary_of(a, c))
            })
            .collect()
    }

    pub fn article(&self, article: &str) -> Result<ArticleSummary> {
        self.summary(self.lib.article(parse_article_id(article)?)?)
    }

    fn summary(&self, a: ArticleRow) -> Result<ArticleSummary> {
        let c = self.lib.article_counts(a.id)?;
        Ok(summary_of(a, c))
    }

    pub fn claims(&self, article: &str) -> Result<Vec<ClaimRecord>> {
        self.lib.claims(parse_article_id(article)?)
    }

    pub fn claim(&self, article: &str, claim: &str) -> Result<ClaimRecord> {
        self.lib
            .claim(parse_article_id(article)?, parse_claim_id(claim)?)
    }

    /// Changes a claim as one user action; `patch` is made from the claim as it is, read once
    /// inside the change's transaction.
    fn change(
        &mut self,
        article: &str,
        claim: &str,
        action: &str,
        patch: impl FnOnce(&ClaimRecord) -> Result<ClaimPatch>,
    ) -> Result<ClaimRecord> {
        self.lib.change_claim_with(
            parse_article_id(article)?,
            parse_claim_id(claim)?,
            action,
            patch,
        )
    }

    /// Sets a claim's status. Checking it again clears "needs re-check".
    pub fn set_status(&mut self, article: &str, claim: &str, status: &str) -> Result<ClaimRecord> {
        self.change(article, claim, "set_status", |current| {
            Ok(ClaimPatch {
                status: Some(status.to_string()),
                needs_recheck: current.needs_recheck.then_some(false),
                ..ClaimPatch::default()
            })
        })
    }

    /// Replaces a claim's note (Markdown).
    pub fn set_note(&mut self, article: &str, claim: &str, note: &str) -> Result<ClaimRecord> {
        let patch = ClaimPatch {
            note: Some(note.to_string()),
            ..ClaimPatch::default()
        };
        self.change(article, claim, "set_note", |_| Ok(patch))
    }

    pub fn add_source(
        &mut self,
        article: &str,
        claim: &str,
        input: SourceInput,
    ) -> Result<ClaimRecord> {
        let source = source_from(input, String::new())?;
        self.change(article, claim, "add_source", |current| {
            let mut sources = current.sources.clone();
            sources.push(source);
            Ok(ClaimPatch {
                sources: Some(sources),
                ..ClaimPatch::default()
            })
        })
    }

    pub fn update_source(
        &mut self,
        article: &str,
        claim: &str,
        source: &str,
        input: SourceInput,
    ) -> Result<ClaimRecord> {
        let id = store::source_id(store::parse_source_id(source)?);
        let new = source_from(input, id.clone())?;
        self.change(article, claim, "update_source", |current| {
            let mut sources = current.sources.clone();
            let at = source_index(&sources, &id, claim)?;
            sources[at] = new;
            Ok(ClaimPatch {
                sources: Some(sources),
                ..ClaimPatch::default()
            })
        })
    }

    pub fn remove_source(
        &mut self,
        article: &str,
        claim: &str,
        source: &str,
    ) -> Result<ClaimRecord> {
        let id = store::source_id(store::parse_source_id(source)?);
        self.change(article, claim, "remove_source", |current| {
            let mut sources = current.sources.clone();
            sources.remove(source_index(&sources, &id, claim)?);
            Ok(ClaimPatch {
                sources: Some(sources),
                ..ClaimPatch::default()
            })
        })
    }

    /// Marks `[start, end)` (code points of the current text) as a claim.
    pub fn add_manual_claim(&mut self, article: &str, start: u32, end: u32) -> Result<ClaimRecord> {
        let id = parse_article_id(article)?;
        let anchor = self.span_anchor(id, start, end)?;
        self.lib.add_claim(
            id,
            NewClaim {
                anchor,
                origin: Origin::Manual,
                kinds: Vec::new(),
                score: 1.0,
                reasons: vec!["marked by hand".into()],
                facts: Vec::new(),
            },
        )
    }

    /// Moves a claim's span to `[start, end)` (code points of the current text).
    pub fn adjust_claim_span(
        &mut self,
        article: &str,
        claim: &str,
        start: u32,
        end: u32,
    ) -> Result<ClaimRecord> {
        let anchor = self.span_anchor(parse_article_id(article)?, start, end)?;
        self.change(article, claim, "adjust_span", |current| {
            Ok(ClaimPatch {
                facts: Some(
                    current
                        .facts
                        .iter()
                        .filter(|f| f.start >= start && f.end <= end)
                        .cloned()
                        .collect(),
                ),
                anchor: Some(anchor),
                orphaned: current.orphaned.then_some(false),
                ..ClaimPatch::default()
            })
        })
    }

    fn span_anchor(&self, article: i64, start: u32, end: u32) -> Result<crate::model::Anchor> {
        let row = self.lib.article(article)?;
        let rev = self.lib.revision(row.current_revision)?;
        let idx = CharIndex::new(&rev.text);
        if start >= end || end as usize > idx.char_len() {
            return Err(CoreError::Invalid(format!(
                "span {start}–{end} is not inside the text (0–{})",
                idx.char_len()
            )));
        }
        let b0 = idx.to_byte(&rev.text, start as usize);
        let b1 = idx.to_byte(&rev.text, end as usize);
        if rev.text[b0..b1].trim().is_empty() {
            return Err(CoreError::Invalid(
                "a claim cannot be only blank space".into(),
            ));
        }
        Ok(anchor_at(&rev.text, &idx, b0, b1))
    }

    pub fn dismiss(&mut self, article: &str, claim: &str) -> Result<ClaimRecord> {
        let patch = ClaimPatch {
            dismissed: Some(true),
            ..ClaimPatch::default()
        };
        self.change(article, claim, "dismiss", |_| Ok(patch))
    }

    pub fn restore(&mut self, article: &str, claim: &str) -> Result<ClaimRecord> {
        let patch = ClaimPatch {
            dismissed: Some(false),
            ..ClaimPatch::default()
        };
        self.change(article, claim, "restore", |_| Ok(patch))
    }

    pub fn undo(&mut self) -> Result<UndoOutcome> {
        let change = self.lib.undo()?;
        self.undo_outcome(change)
    }

    pub fn redo(&mut self) -> Result<UndoOutcome> {
        let change = self.lib.redo()?;
        self.undo_outcome(change)
    }

    fn undo_outcome(&self, change: Option<HistoryRow>) -> Result<UndoOutcome> {
        let (next_undo, next_redo) = self.lib.undo_redo_state()?;
        Ok(UndoOutcome {
            change,
            next_undo,
            next_redo,
        })
    }

    /// History, newest first: of a claim, of an article, or of the whole library.
    pub fn history(
        &self,
        article: Option<&str>,
        claim: Option<&str>,
        limit: usize,
    ) -> Result<Vec<HistoryRow>> {
        let a = article.map(parse_article_id).transpose()?;
        let c = claim.map(parse_claim_id).transpose()?;
        if c.is_some() && a.is_none() {
            return Err(CoreError::Invalid("a claim id needs its article id".into()));
        }
        self.lib.history(a, c, limit)
    }

    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.lib.search(query, limit)
    }

    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.lib.backup_to(dest)
    }

    pub fn statuses(&self) -> Result<Vec<StatusDef>> {
        self.lib.statuses()
    }

    /// Adds a status of the user's own, or changes one's label, colour, mark or rating.
    pub fn put_status(&mut self, def: StatusDef) -> Result<StatusDef> {
        self.lib.put_status(def)
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            checker: self.lib.setting("checker")?.unwrap_or_default(),
            proposals: Proposals::parse(&self.lib.setting("proposals")?.unwrap_or_default()),
            advance_after_status: self.lib.setting(ADVANCE_KEY)?.as_deref() != Some("off"),
        })
    }

    pub fn set_settings(&mut self, s: &Settings) -> Result<Settings> {
        self.lib.set_setting("checker", s.checker.trim())?;
        self.lib.set_setting("proposals", s.proposals.as_str())?;
        let advance = if s.advance_after_status { "on" } else { "off" };
        if self.settings()?.advance_after_status != s.advance_after_status {
            self.lib.set_setting(ADVANCE_KEY, advance)?;
        }
        self.settings()
    }

    /// The analysis options the library's settings ask for.
    pub fn analyze_options(&self) -> Result<AnalyzeOptions> {
        Ok(self.settings()?.proposals.analyze_options())
    }
}

fn summary_of(a: ArticleRow, c: store::ArticleCounts) -> ArticleSummary {
    let mut counts: Vec<StatusCount> = c
        .by_status
        .iter()
        .map(|(s, n)| StatusCount {
            status: s.clone(),
            count: *n as u32,
        })
        .collect();
    counts.sort_by(|x, y| x.status.cmp(&y.status));
    ArticleSummary {
        id: store::article_id(a.id),
        path: a.path,
        title: a.title,
        format: a.format,
        byline: a.byline,
        published: a.published,
        url: a.url,
        revisions: a.revisions as u32,
        created: a.created,
        updated: a.updated,
        claims: counts.iter().map(|s| s.count).sum(),
        counts,
        orphaned: c.orphaned as u32,
        needs_recheck: c.needs_recheck as u32,
        dismissed: c.dismissed as u32,
    }
}

/// The analysis's proposed claims as library claims (positions converted to code points).
pub fn proposed_claims(doc: &Document) -> Vec<NewClaim> {
    proposed_claims_with(doc, &AnalyzeOptions::default(), |_| {})
}

/// [`proposed_claims`] with `opts`, telling `progress` the share of the text analysed (0–1).
pub fn proposed_claims_with(
    doc: &Document,
    opts: &AnalyzeOptions,
    progress: impl FnMut(f32),
) -> Vec<NewClaim> {
    let analysis = analyze_with(doc, opts, progress);
    let idx = CharIndex::new(&doc.text);
    analysis
        .claims
        .into_iter()
        .filter(|c| c.range.start < c.range.end && c.range.end <= doc.text.len())
        .map(|c| NewClaim {
            anchor: anchor_at(&doc.text, &idx, c.range.start, c.range.end),
            origin: Origin::Automatic,
            kinds: c.kinds.to_vec(),
            score: c.score,
            reasons: c.reasons.to_vec(),
            facts: c
                .facts
                .into_iter()
                .map(|(r, kind)| FactSpan {
                    start: idx.to_char(&doc.text, r.start) as u32,
                    end: idx.to_char(&doc.text, r.end) as u32,
                    kind,
                })
                .collect(),
        })
        .collect()
}

/// Where source `id` (`s12`) is among a claim's sources.
fn source_index(sources: &[Source], id: &str, claim: &str) -> Result<usize> {
    sources
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| CoreError::NotFound(format!("claim {claim} has no source {id}")))
}

fn source_from(input: SourceInput, id: String) -> Result<Source> {
    if input.title.trim().is_empty() && input.location.trim().is_empty() {
        return Err(CoreError::Invalid(
            "a source needs a title or a location".into(),
        ));
    }
    if let Some(d) = &input.accessed {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            CoreError::Invalid(format!("date accessed '{d}' is not a date like 2024-11-26"))
        })?;
    }
    let file_sha256 = match &input.file_path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| CoreError::io(p, e))?;
            Some(content_hash(&bytes))
        }
        None => None,
    };
    Ok(Source {
        id,
        kind: input.kind,
        title: input.title,
        location: input.location,
        accessed: input.accessed.filter(|d| !d.is_empty()),
        excerpt: input.excerpt,
        file_path: input.file_path,
        file_sha256,
    })
}
