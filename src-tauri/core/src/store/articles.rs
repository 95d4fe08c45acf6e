//! Articles and their revisions: importing a new article, adding a revision when its file
//! changed (re-anchoring every claim onto it), and reading them back.

use super::claims::{apply_patch, insert_new_with, read_claims, ClaimPatch, NewClaim};
use super::history::record;
use super::{article_id, now, Library};
use crate::anchor::{reanchor, Placement};
use crate::document::{BlockKind, Document};
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, FactSpan};
use crate::textpos::CharIndex;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    pub id: i64,
    pub path: String,
    pub title: Option<String>,
    pub format: String,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub current_revision: i64,
    pub revisions: i64,
    pub created: String,
    pub updated: String,
}

/// A block of a revision's text, positions in code points: `[kind, level, start, end]`, and
/// for a paged source (PDF) the page it starts on: `[kind, level, start, end, page]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredBlock(pub BlockKind, pub u8, pub u32, pub u32, pub Option<u32>);

impl Serialize for StoredBlock {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(if self.4.is_some() { 5 } else { 4 })?;
        t.serialize_element(&self.0)?;
        t.serialize_element(&self.1)?;
        t.serialize_element(&self.2)?;
        t.serialize_element(&self.3)?;
        if let Some(page) = self.4 {
            t.serialize_element(&page)?;
        }
        t.end()
    }
}

impl<'de> Deserialize<'de> for StoredBlock {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StoredBlock;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[kind, level, start, end] or [kind, level, start, end, page]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<StoredBlock, A::Error> {
                use serde::de::Error;
                let missing = || A::Error::invalid_length(4, &self);
                Ok(StoredBlock(
                    a.next_element()?.ok_or_else(missing)?,
                    a.next_element()?.ok_or_else(missing)?,
                    a.next_element()?.ok_or_else(missing)?,
                    a.next_element()?.ok_or_else(missing)?,
                    a.next_element()?,
                ))
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(Debug, Clone)]
pub struct RevisionRow {
    pub id: i64,
    pub number: i64,
    pub content_hash: String,
    pub text: String,
    pub blocks: Vec<StoredBlock>,
    pub imported: String,
}

/// What re-anchoring did to an article's claims when a new revision came in (claim ids).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReanchorReport {
    /// Same text, now at another place.
    pub moved: Vec<String>,
    /// Their text changed: the status stays but is stale until re-checked.
    pub needs_recheck: Vec<String>,
    /// No place found in the new text; kept and listed, never deleted.
    pub orphaned: Vec<String>,
    /// New proposed claims in text that no claim covered.
    pub added: Vec<String>,
}

/// `updated` is the last change to the article or any of its claims: the newer of the
/// article row's own time (import, new revision) and its newest history row (a status, a
/// note, a source…), so no write to the article row is needed for each change of a claim.
pub(super) const ARTICLE_COLS: &str =
    "a.id, a.path, a.title, a.format, a.byline, a.published, a.url, \
     a.current_revision, (SELECT count(*) FROM revisions r WHERE r.article_id = a.id), \
     a.created, max(a.updated, coalesce((SELECT max(h.at) FROM history h \
     WHERE h.article_id = a.id), ''))";

pub(super) fn article_from_row(r: &Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        path: r.get(1)?,
        title: r.get(2)?,
        format: r.get(3)?,
        byline: r.get(4)?,
        published: r.get(5)?,
        url: r.get(6)?,
        current_revision: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        revisions: r.get(8)?,
        created: r.get(9)?,
        updated: r.get(10)?,
    })
}

/// The blocks of `doc` as the library stores them (code points).
pub(crate) fn blocks_of(doc: &Document, idx: &CharIndex) -> Vec<StoredBlock> {
    doc.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            StoredBlock(
                b.kind,
                b.level,
                idx.to_char(&doc.text, b.range.start) as u32,
                idx.to_char(&doc.text, b.range.end) as u32,
                doc.page_of(i),
            )
        })
        .collect()
}

/// Stores a revision of `doc` (its text indexed for search, block by block), telling
/// `progress` the share of blocks done.
fn insert_revision(
    conn: &Connection,
    article: i64,
    doc: &Document,
    original: &[u8],
    progress: &mut dyn FnMut(f32),
) -> Result<i64> {
    let idx = CharIndex::new(&doc.text);
    let blocks = blocks_of(doc, &idx);
    let number: i64 = conn.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE article_id = ?1",
        [article],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO revisions (article_id, number, content_hash, text, original, blocks, imported)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            article,
            number,
            doc.content_hash,
            doc.text,
            original,
            serde_json::to_string(&blocks).map_err(|e| CoreError::Library(e.to_string()))?,
            now()
        ],
    )?;
    let rev = conn.last_insert_rowid();
    // Only the current revision is searchable.
    conn.execute(
        "DELETE FROM text_chunks WHERE revision_id IN
           (SELECT id FROM revisions WHERE article_id = ?1 AND id <> ?2)",
        params![article, rev],
    )?;
    let mut chunk = conn.prepare_cached(
        "INSERT INTO text_chunks (revision_id, start, \"end\") VALUES (?1, ?2, ?3)",
    )?;
    let mut fts = conn.prepare_cached("INSERT INTO fts_text (rowid, body) VALUES (?1, ?2)")?;
    let total = blocks.len().max(1) as f32;
    for (i, (b, sb)) in doc.blocks.iter().zip(&blocks).enumerate() {
        if i % 64 == 0 {
            progress(i as f32 / total);
        }
        chunk.execute(params![rev, sb.2, sb.3])?;
        fts.execute(params![
            conn.last_insert_rowid(),
            &doc.text[b.range.clone()]
        ])?;
    }
    conn.execute(
        "UPDATE articles SET current_revision = ?2, title = ?3, format = ?4, byline = ?5,
            published = ?6, url = ?7, updated = ?8 WHERE id = ?1",
        params![
            article,
            rev,
            doc.title,
            doc.format.as_str(),
            doc.byline,
            doc.published,
            doc.url,
            now()
        ],
    )?;
    Ok(rev)
}

/// Claims that overlap none of `taken` (code-point spans).
fn not_overlapping(mut taken: Vec<(u32, u32)>, candidates: Vec<NewClaim>) -> Vec<NewClaim> {
    taken.sort_unstable();
    let mut max_end = Vec::with_capacity(taken.len());
    let mut m = 0;
    for &(_, e) in &taken {
        m = m.max(e);
        max_end.push(m);
    }
    candidates
        .into_iter()
        .filter(|c| {
            let k = taken.partition_point(|&(s, _)| s < c.anchor.end);
            k == 0 || max_end[k - 1] <= c.anchor.start
        })
        .collect()
}

impl Library {
    pub fn article(&self, id: i64) -> Result<ArticleRow> {
        self.conn()
            .query_row(
                &format!("SELECT {ARTICLE_COLS} FROM articles a WHERE a.id = ?1"),
                [id],
                article_from_row,
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound(format!("no article {}", article_id(id))))
    }

    pub fn article_by_path(&self, path: &str) -> Result<Option<ArticleRow>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLS} FROM articles a WHERE a.path = ?1 ORDER BY a.id LIMIT 1"
                ),
                [path],
                article_from_row,
            )
            .optional()?)
    }

    /// An article whose current revision has this content hash (an exported or copied file).
    pub fn article_by_hash(&self, hash: &str) -> Result<Option<ArticleRow>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLS} FROM articles a JOIN revisions r
                     ON r.id = a.current_revision WHERE r.content_hash = ?1 ORDER BY a.id LIMIT 1"
                ),
                [hash],
                article_from_row,
            )
            .optional()?)
    }

    /// All articles, most recently changed first.
    pub fn articles(&self) -> Result<Vec<ArticleRow>> {
        let mut st = self.conn().prepare(&format!(
            "SELECT {ARTICLE_COLS} FROM articles a ORDER BY 11 DESC, a.id DESC"
        ))?;
        let rows = st
            .query_map([], article_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Per article: (status, claims) for claims neither dismissed nor orphaned, plus the
    /// number of orphaned and of needs-recheck claims.
    pub fn status_counts(&self) -> Result<HashMap<i64, ArticleCounts>> {
        self.counts_where("1", [])
    }

    /// [`Library::status_counts`] of one article (no other article's claims are read).
    pub fn article_counts(&self, article: i64) -> Result<ArticleCounts> {
        Ok(self
            .counts_where("article_id = ?1", [article])?
            .remove(&article)
            .unwrap_or_default())
    }

    fn counts_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        params: P,
    ) -> Result<HashMap<i64, ArticleCounts>> {
        let mut out: HashMap<i64, ArticleCounts> = HashMap::new();
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT article_id, status, sum(NOT dismissed AND NOT orphaned), sum(orphaned),
                    sum(needs_recheck AND NOT orphaned), sum(dismissed AND NOT orphaned)
             FROM claims WHERE {filter} GROUP BY article_id, status"
        ))?;
        let rows = st.query_map(params, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for row in rows {
            let (article, status, n, orphaned, recheck, dismissed) = row?;
            let c = out.entry(article).or_default();
            if n > 0 {
                c.by_status.push((status, n));
            }
            c.orphaned += orphaned;
            c.needs_recheck += recheck;
            c.dismissed += dismissed;
        }
        Ok(out)
    }

    /// A revision's content hash, without reading its text (enough to tell whether a file
    /// changed).
    pub fn revision_hash(&self, id: i64) -> Result<String> {
        self.conn()
            .prepare_cached("SELECT content_hash FROM revisions WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::NotFound(format!("no revision {id}")))
    }

    pub fn revision(&self, id: i64) -> Result<RevisionRow> {
        self.conn()
            .query_row(
                "SELECT id, number, content_hash, text, blocks, imported FROM revisions WHERE id = ?1",
                [id],
                |r| {
                    let blocks: String = r.get(4)?;
                    Ok(RevisionRow {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        content_hash: r.get(2)?,
                        text: r.get(3)?,
                        blocks: serde_json::from_str(&blocks).map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                4,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })?,
                        imported: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound(format!("no revision {id}")))
    }

    /// Stores a new article with its first revision and proposed claims, in one transaction.
    pub fn import_article(
        &mut self,
        path: &str,
        doc: &Document,
        original: &[u8],
        claims: Vec<NewClaim>,
    ) -> Result<i64> {
        self.import_article_with(path, doc, original, claims, &mut |_| {})
            .map(|(id, _)| id)
    }

    /// [`Library::import_article`], telling `progress` how far it is (0–1). Returns the
    /// article's claims as stored too, in text order (as [`Library::claims`] reads them).
    pub fn import_article_with(
        &mut self,
        path: &str,
        doc: &Document,
        original: &[u8],
        claims: Vec<NewClaim>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<(i64, Vec<ClaimRecord>)> {
        self.write(|tx| {
            let at = now();
            tx.execute(
                "INSERT INTO articles (path, format, created, updated) VALUES (?1, ?2, ?3, ?3)",
                params![path, doc.format.as_str(), at],
            )?;
            let article = tx.last_insert_rowid();
            // The text and its index are about half the work, the claims the other half.
            let rev = insert_revision(tx, article, doc, original, &mut |f| progress(f * 0.5))?;
            let n = claims.len();
            let mut stored =
                insert_new_with(tx, article, claims, &mut |f| progress(0.5 + f * 0.5))?;
            // Numbers follow the order given; ties in text order keep it (the sort is stable).
            stored.sort_by_key(|c| (c.anchor.start, c.anchor.end));
            record(
                tx,
                "import",
                Some(article),
                None,
                Some(rev),
                &format!("imported {path} with {n} proposed claims"),
                None,
                None,
                false,
            )?;
            Ok((article, stored))
        })
    }

    /// Adds a revision of a changed file and carries every claim over to it (see `anchor`).
    /// `candidates` are the new text's proposed claims; those over text no claim covers are
    /// added. One transaction: the article is never seen half re-anchored.
    pub fn add_revision(
        &mut self,
        article: i64,
        doc: &Document,
        original: &[u8],
        candidates: Vec<NewClaim>,
    ) -> Result<ReanchorReport> {
        self.add_revision_with(article, doc, original, candidates, &mut |_| {})
    }

    /// [`Library::add_revision`], telling `progress` how far it is (0–1).
    pub fn add_revision_with(
        &mut self,
        article: i64,
        doc: &Document,
        original: &[u8],
        candidates: Vec<NewClaim>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<ReanchorReport> {
        self.write(|tx| {
            let claims = read_claims(tx, article)?;
            let rev = insert_revision(tx, article, doc, original, &mut |f| progress(f * 0.4))?;
            let anchors: Vec<_> = claims.iter().map(|c| c.anchor.clone()).collect();
            let placed = reanchor(&doc.text, &anchors);
            progress(0.6);
            let mut report = ReanchorReport::default();
            let mut taken = Vec::with_capacity(claims.len());
            let mut row_of: HashMap<String, i64> = HashMap::new();
            {
                let mut st =
                    tx.prepare_cached("SELECT id, num FROM claims WHERE article_id = ?1")?;
                for r in st.query_map([article], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })? {
                    let (id, num) = r?;
                    row_of.insert(super::claim_id(num), id);
                }
            }
            for (c, r) in claims.iter().zip(placed) {
                let row = *row_of
                    .get(&c.id)
                    .ok_or_else(|| CoreError::Library(format!("claim {} vanished", c.id)))?;
                let mut p = ClaimPatch::default();
                match r.placement {
                    Placement::Exact | Placement::Moved => {
                        let delta = r.anchor.start as i64 - c.anchor.start as i64;
                        if delta != 0 {
                            report.moved.push(c.id.clone());
                            p.facts = Some(
                                c.facts
                                    .iter()
                                    .map(|f| FactSpan {
                                        start: (f.start as i64 + delta).max(0) as u32,
                                        end: (f.end as i64 + delta).max(0) as u32,
                                        kind: f.kind,
                                    })
                                    .collect(),
                            );
                        }
                        if c.orphaned {
                            p.orphaned = Some(false);
                        }
                        taken.push((r.anchor.start, r.anchor.end));
                        if r.anchor != c.anchor {
                            p.anchor = Some(r.anchor);
                        }
                    }
                    Placement::Changed { .. } => {
                        report.needs_recheck.push(c.id.clone());
                        taken.push((r.anchor.start, r.anchor.end));
                        p.anchor = Some(r.anchor);
                        // The facts were found in the old wording.
                        p.facts = Some(Vec::new());
                        p.needs_recheck = Some(true);
                        p.orphaned = Some(false);
                    }
                    Placement::Orphaned => {
                        report.orphaned.push(c.id.clone());
                        if !c.orphaned {
                            p.orphaned = Some(true);
                        }
                    }
                }
                if p != ClaimPatch::default() {
                    apply_patch(tx, row, &p)?;
                }
            }
            progress(0.7);
            report.added =
                insert_new_with(tx, article, not_overlapping(taken, candidates), &mut |f| {
                    progress(0.7 + f * 0.3)
                })?
                .into_iter()
                .map(|c| c.id)
                .collect();
            record(
                tx,
                "revision",
                Some(article),
                None,
                Some(rev),
                &format!(
                    "new revision: {} moved, {} need re-check, {} orphaned, {} new claims",
                    report.moved.len(),
                    report.needs_recheck.len(),
                    report.orphaned.len(),
                    report.added.len()
                ),
                None,
                Some(
                    serde_json::to_string(&report)
                        .map_err(|e| CoreError::Library(e.to_string()))?,
                ),
                false,
            )?;
            // Undoing or redoing older span changes across a new text would be guesswork.
            tx.execute(
                "UPDATE history SET state = 'discarded' WHERE state = 'undone'",
                [],
            )?;
            Ok(report)
        })
    }
}

/// Claim counts of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleCounts {
    /// (status key, claims) for claims neither dismissed nor orphaned.
    pub by_status: Vec<(String, i64)>,
    pub orphaned: i64,
    pub needs_recheck: i64,
    pub dismissed: i64,
}

impl ArticleCounts {
    /// The counts of an article's claims already in hand, as [`Library::article_counts`]
    /// counts them in the library (`by_status` in status order).
    pub fn of(claims: &[ClaimRecord]) -> ArticleCounts {
        let mut by_status: std::collections::BTreeMap<&str, i64> = Default::default();
        let mut c = ArticleCounts::default();
        for claim in claims {
            if claim.orphaned {
                c.orphaned += 1;
                continue;
            }
            if claim.needs_recheck {
                c.needs_recheck += 1;
            }
            if claim.dismissed {
                c.dismissed += 1;
            } else {
                *by_status.entry(&claim.status).or_default() += 1;
            }
        }
        c.by_status = by_status
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect();
        c
    }
}

#[cfg(test)]
mod stored_block_tests {
    use super::*;

    #[test]
    fn stored_blocks_keep_a_page_and_read_the_old_four_field_form() {
        let paged = StoredBlock(BlockKind::Paragraph, 0, 3, 9, Some(4));
        let json = serde_json::to_string(&paged).unwrap_or_default();
        assert_eq!(json, r#"["paragraph",0,3,9,4]"#);
        assert_eq!(serde_json::from_str::<StoredBlock>(&json).ok(), Some(paged));
        let old: Option<StoredBlock> = serde_json::from_str(r#"["title",0,0,5]"#).ok();
        assert_eq!(old, Some(StoredBlock(BlockKind::Title, 0, 0, 5, None)));
        assert_eq!(
            serde_json::to_string(&StoredBlock(BlockKind::Title, 0, 0, 5, None))
                .unwrap_or_default(),
            r#"["title",0,0,5]"#
        );
        assert!(serde_json::from_str::<StoredBlock>(r#"["title",0,0]"#).is_err());
    }
}
