//! The first stage of "checked before" matching: BM25 over the archive's claims, titles and
//! subtitles (`fts_archive`) and over the library's checked claims (`fts_checked`), and the
//! rows the second stage and the window need.

use super::{article_id, claim_id, Library};
use crate::error::Result;
use crate::matching::embed;
use crate::matching::{Candidate, CandidateOrigin, MatchDetails};
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
    /// For each word, in how many documents of the index it occurs, and the index's size.
    pub(crate) fn doc_counts(
        &self,
        index: MatchIndex,
        words: &[String],
    ) -> Result<(Vec<i64>, i64)> {
        let (count, total) = match index {
            MatchIndex::Archive => (
                "SELECT count(*) FROM fts_archive WHERE fts_archive MATCH ?1",
                "SELECT count(*) FROM archive_reviews",
            ),
            MatchIndex::Checked => (
                "SELECT count(*) FROM fts_checked WHERE fts_checked MATCH ?1",
                "SELECT count(*) FROM claims WHERE status <> 'unchecked'",
            ),
        };
        let mut st = self.conn().prepare_cached(count)?;
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            let q = format!("\"{}\"", w.replace('"', "\"\""));
            out.push(st.query_row([q], |r| r.get(0))?);
        }
        let total = self
            .conn()
            .prepare_cached(total)?
            .query_row([], |r| r.get(0))?;
        Ok((out, total))
    }

    /// Up to `limit` archived fact-checks matching the FTS5 query, best BM25 first, each with
    /// its BM25 per field (higher is better).
    pub(crate) fn archive_candidates(&self, fts: &str, limit: usize) -> Result<Vec<Candidate>> {
        // One query: FTS5 ranks the matching rows, and only the `limit` best are joined and
        // scored per field. (A second query `MATCH … AND rowid IN (…)` ran the search once per
        // row: ten times slower.)
        let mut st = self.conn().prepare_cached(
            "SELECT f.rowid, r.claim, r.title, r.description, r.published, r.identifier,
                    -bm25(fts_archive, ?2, ?3, ?4), -bm25(fts_archive, 1, 0, 0),
                    -bm25(fts_archive, 0, 1, 0), -bm25(fts_archive, 0, 0, 1), r.embedding
             FROM fts_archive f JOIN archive_reviews r ON r.id = f.rowid
             WHERE fts_archive MATCH ?1 ORDER BY bm25(fts_archive, ?2, ?3, ?4) LIMIT ?5",
        )?;
        let [w1, w2, w3] = FIELD_WEIGHTS;
        let rows = st.query_map(params![fts, w1, w2, w3, limit as i64], |r| {
            archive_candidate(r, [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?], 10)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` archived reviews whose stored vectors are nearest the unit vector `q` (cosine
    /// at least `min`), as candidates (no BM25): a paraphrase that shares no word with the claim.
    pub(crate) fn archive_neighbours(
        &self,
        q: &[f32],
        limit: usize,
        min: f32,
    ) -> Result<Vec<Candidate>> {
        let Some(m) = embed::model() else {
            return Ok(Vec::new());
        };
        let best = self.nearest_archived(m, q, limit, min)?;
        let mut st = self.conn().prepare_cached(
            "SELECT id, claim, title, description, published, identifier, embedding
             FROM archive_reviews WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(best.len());
        for row in best {
            out.push(st.query_row([row], |r| archive_candidate(r, [0.0; 4], 6))?);
        }
        Ok(out)
    }

    /// Up to `limit` claims of the library with a status other than unchecked, not dismissed,
    /// outside `exclude_article`, matching the FTS5 query.
    pub(crate) fn checked_candidates(
        &self,
        fts: &str,
        exclude_article: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Candidate>> {
        // Ranked first on the index alone, then the claims are read (and those of the
        // article itself, or dismissed, passed over); a few extra cover what is passed over.
        let top: Vec<(i64, f64)> = self
            .conn()
            .prepare_cached(
                "SELECT rowid, -bm25(fts_checked) FROM fts_checked WHERE fts_checked MATCH ?1
                 ORDER BY bm25(fts_checked) LIMIT ?2",
            )?
            .query_map(params![fts, (limit * 3) as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn().prepare_cached(
            "SELECT c.quote, a.title, c.updated, a.id, c.num, c.embedding
             FROM claims c JOIN articles a ON a.id = c.article_id
             WHERE c.id = ?1 AND c.article_id IS NOT ?2 AND NOT c.dismissed",
        )?;
        let mut out = Vec::new();
        for (row, b) in top {
            if out.len() >= limit {
                break;
            }
            let found = st
                .query_row(params![row, exclude_article], |r| {
                    let a: i64 = r.get(3)?;
                    let n: i64 = r.get(4)?;
                    Ok(Candidate {
                        origin: CandidateOrigin::Library,
                        row,
                        id: format!("{}/{}", article_id(a), claim_id(n)),
                        claim: r.get(0)?,
                        title: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        description: String::new(),
                        published: r.get(2)?,
                        bm25: [b, b, 0.0, 0.0],
                        embedding: r.get(5)?,
                    })
                })
                .optional()?;
            out.extend(found);
        }
        Ok(out)
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

/// An archived review as a candidate, from a row whose first six columns are its id, claim,
/// title, description, date and identifier, with its vector in column `embedding`.
fn archive_candidate(
    r: &rusqlite::Row,
    bm25: [f64; 4],
    embedding: usize,
) -> rusqlite::Result<Candidate> {
    let row: i64 = r.get(0)?;
    let identifier: Option<String> = r.get(5)?;
    Ok(Candidate {
        origin: CandidateOrigin::Archive,
        row,
        id: identifier.unwrap_or_else(|| format!("k-{row}")),
        claim: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        published: r.get(4)?,
        bm25,
        embedding: r.get(embedding)?,
    })
}
