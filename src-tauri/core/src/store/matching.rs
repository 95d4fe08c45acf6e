//! The first stage of "checked before" matching: BM25 over the archive's claims, titles and
//! subtitles (`fts_archive`) and over the library's checked claims (`fts_checked`), and the
//! rows the second stage and the window need.

use super::{article_id, claim_id, Library};
use crate::error::Result;
use crate::matching::embed;
use crate::matching::{CandidateOrigin, CandidateText, MatchDetails};
use rusqlite::{params, OptionalExtension, Transaction};

/// Field weights of the first stage's BM25 (claim, title, subtitle).
pub const FIELD_WEIGHTS: [f64; 3] = [1.0, 0.7, 0.4];

/// The first stage's two indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchIndex {
    Archive,
    Checked,
}

impl Library {
    /// In how many documents of the index `word` occurs (as FTS5 matches it: stemmed).
    pub(crate) fn doc_count(&self, index: MatchIndex, word: &str) -> Result<i64> {
        let sql = match index {
            MatchIndex::Archive => "SELECT count(*) FROM fts_archive WHERE fts_archive MATCH ?1",
            MatchIndex::Checked => "SELECT count(*) FROM fts_checked WHERE fts_checked MATCH ?1",
        };
        let q = format!("\"{}\"", word.replace('"', "\"\""));
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([q], |r| r.get(0))?)
    }

    /// How many documents the index holds.
    pub(crate) fn index_size(&self, index: MatchIndex) -> Result<i64> {
        let sql = match index {
            MatchIndex::Archive => "SELECT count(*) FROM archive_reviews",
            // The claims with a status, as the index holds them (its table of sizes, one small
            // row each: counting the claims themselves read every claim, for every claim
            // matched alone).
            MatchIndex::Checked => "SELECT count(*) FROM fts_checked_docsize",
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([], |r| r.get(0))?)
    }

    /// Up to `limit` archived fact-checks matching the FTS5 query, best BM25 first: each one's
    /// row and its BM25 over all fields (weighted), the claim, the title and the subtitle
    /// (higher is better).
    pub(crate) fn archive_ranked(&self, fts: &str, limit: usize) -> Result<Vec<(i64, [f64; 4])>> {
        // FTS5 ranks the matching rows itself (`rank MATCH`, `ORDER BY rank`): one BM25 per
        // row, and the other three only for the `limit` it returns. Ordered by a `bm25(…)`
        // call instead, SQLite computed every column of every matching row (and read its
        // review, when joined) before sorting. The rows are read apart, once per `Matcher`.
        let mut st = self.conn().prepare_cached(
            "SELECT rowid, -rank, -bm25(fts_archive, 1, 0, 0), -bm25(fts_archive, 0, 1, 0),
                    -bm25(fts_archive, 0, 0, 1)
             FROM fts_archive WHERE fts_archive MATCH ?1 AND rank MATCH ?2
             ORDER BY rank LIMIT ?3",
        )?;
        let [w1, w2, w3] = FIELD_WEIGHTS;
        let rank = format!("bm25({w1:?}, {w2:?}, {w3:?})");
        let rows = st.query_map(params![fts, rank, limit as i64], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An archived review as a candidate's text; `None` if there is no such row.
    pub(crate) fn archive_text(&self, row: i64) -> Result<Option<CandidateText>> {
        let mut st = self.conn().prepare_cached(
            "SELECT claim, title, published, identifier, embedding
             FROM archive_reviews WHERE id = ?1",
        )?;
        let found = st
            .query_row([row], |r| {
                let identifier: Option<String> = r.get(3)?;
                Ok(CandidateText {
                    id: identifier.unwrap_or_else(|| format!("k-{row}")),
                    claim: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    embedding: r.get(4)?,
                    article: None,
                    dismissed: false,
                })
            })
            .optional()?;
        Ok(found)
    }

    /// Up to `limit` claims of the library with a status other than unchecked matching the
    /// FTS5 query, best BM25 first: each one's row and BM25.
    pub(crate) fn checked_ranked(&self, fts: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
        // `rank` is `bm25(fts_checked)`; ranked by FTS5 itself (see `archive_ranked`).
        let mut st = self.conn().prepare_cached(
            "SELECT rowid, -rank FROM fts_checked WHERE fts_checked MATCH ?1
             ORDER BY rank LIMIT ?2",
        )?;
        let rows = st.query_map(params![fts, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A claim of the library as a candidate's text (with its article and whether it was
    /// dismissed); `None` if there is no such claim.
    pub(crate) fn checked_text(&self, row: i64) -> Result<Option<CandidateText>> {
        let mut st = self.conn().prepare_cached(
            "SELECT c.quote, a.title, c.updated, a.id, c.num, c.embedding, c.dismissed
             FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?1",
        )?;
        let found = st
            .query_row([row], |r| {
                let a: i64 = r.get(3)?;
                let n: i64 = r.get(4)?;
                Ok(CandidateText {
                    id: format!("{}/{}", article_id(a), claim_id(n)),
                    claim: r.get(0)?,
                    title: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    published: r.get(2)?,
                    embedding: r.get(5)?,
                    article: Some(a),
                    dismissed: r.get(6)?,
                })
            })
            .optional()?;
        Ok(found)
    }

    /// What the window shows of a candidate: an archived record's rating name (else its
    /// value), link, author, date and review body; or a library claim's status label, its
    /// article's link, who set the status and when, its note and its sources.
    pub(crate) fn match_details(&self, origin: CandidateOrigin, row: i64) -> Result<MatchDetails> {
        let conn = self.conn();
        match origin {
            CandidateOrigin::Archive => Ok(conn
                .prepare_cached(
                    "SELECT coalesce(rating_name, rating_value), url, author, published, body
                     FROM archive_reviews WHERE id = ?1",
                )?
                .query_row([row], |r| {
                    Ok(MatchDetails {
                        rating: r.get(0)?,
                        url: r.get(1)?,
                        checked_by: r.get(2)?,
                        checked_on: r.get(3)?,
                        note: r.get(4)?,
                        sources: Vec::new(),
                    })
                })?),
            CandidateOrigin::Library => {
                let (mut d, article, num) = conn
                    .prepare_cached(
                        "SELECT s.label, a.url, c.note, c.updated, c.article_id, c.num
                         FROM claims c JOIN statuses s ON s.key = c.status
                         JOIN articles a ON a.id = c.article_id WHERE c.id = ?1",
                    )?
                    .query_row([row], |r| {
                        Ok((
                            MatchDetails {
                                rating: r.get(0)?,
                                url: r.get(1)?,
                                checked_by: None,
                                checked_on: r.get(3)?,
                                note: r.get(2)?,
                                sources: Vec::new(),
                            },
                            r.get::<_, i64>(4)?,
                            r.get::<_, i64>(5)?,
                        ))
                    })?;
                if let Some((who, at)) = conn
                    .prepare_cached(
                        "SELECT who, at FROM history WHERE article_id = ?1 AND claim_num = ?2
                         AND action IN ('set_status', 'adopt_match') AND state = 'done'
                         ORDER BY id DESC LIMIT 1",
                    )?
                    .query_row([article, num], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })
                    .optional()?
                {
                    d.checked_by = Some(who).filter(|w| !w.is_empty());
                    d.checked_on = Some(at);
                }
                let mut st = conn.prepare_cached(
                    "SELECT CASE WHEN title <> '' THEN title ELSE location END
                     FROM sources WHERE claim_id = ?1 ORDER BY position",
                )?;
                d.sources = st
                    .query_map([row], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(d)
            }
        }
    }
}

/// Computes the sentence vector of every archived review and claim that has none (after the
/// migration that added them; a text without a known word keeps none).
pub(super) fn fill_embeddings(tx: &Transaction) -> Result<()> {
    if embed::model().is_none() {
        return Ok(());
    }
    let reviews: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, claim, title FROM archive_reviews WHERE embedding IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare("UPDATE archive_reviews SET embedding = ?1 WHERE id = ?2")?;
    for (id, claim, title) in reviews {
        st.execute(params![
            embed::blob_for(&embed::review_text(&claim, &title)),
            id
        ])?;
    }
    let claims: Vec<(i64, String)> = tx
        .prepare("SELECT id, quote FROM claims WHERE embedding IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare("UPDATE claims SET embedding = ?1 WHERE id = ?2")?;
    for (id, quote) in claims {
        st.execute(params![embed::blob_for(&quote), id])?;
    }
    Ok(())
}

/// A claim as "Recurring claims" groups them.
pub struct ClaimOccurrenceRow {
    pub article: i64,
    pub article_title: Option<String>,
    pub num: i64,
    pub quote: String,
    pub status: String,
}

impl Library {
    /// Every live claim (not dismissed, not orphaned) of every article, for grouping.
    pub(crate) fn all_live_claims(&self) -> Result<Vec<ClaimOccurrenceRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT c.article_id, a.title, c.num, c.quote, c.status
             FROM claims c JOIN articles a ON a.id = c.article_id
             WHERE NOT c.dismissed AND NOT c.orphaned ORDER BY c.article_id, c.num",
        )?;
        let rows = st.query_map([], |r| {
            Ok(ClaimOccurrenceRow {
                article: r.get(0)?,
                article_title: r.get(1)?,
                num: r.get(2)?,
                quote: r.get(3)?,
                status: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
