//! Full-text search (FTS5) across the current text of every article, claims with their notes,
//! and sources. Every hit names its article, and its claim when there is one.
//!
//! A claim's words are the article's words, indexed once in `fts_text`: a claim is found
//! through the passages that match, by running the same query over the quotes (and notes) of
//! the claims in those passages in a small per-connection FTS5 table (`temp.claim_probe`), so
//! matching follows exactly the index's tokenizer. Notes, and quotes of orphaned claims (no
//! longer in any text), are indexed in `fts_claims`.

use super::{article_id, claim_id, source_id, Library};
use crate::error::Result;
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SearchKind {
    /// A passage of an article's text.
    Text,
    /// A claim's text or its note.
    Claim,
    Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub article_id: String,
    pub article_title: Option<String>,
    pub claim_id: Option<String>,
    pub source_id: Option<String>,
    /// Where the passage or claim is, code points of the current text.
    pub start: u32,
    pub end: u32,
    /// The matching words between `[` and `]`.
    pub snippet: String,
    #[serde(skip)]
    #[ts(skip)]
    rank: f64,
}

/// The user's words as an FTS5 query: each word quoted (so punctuation is never syntax), all
/// required, the last one also as a prefix (search as you type).
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    let last = words.last()?.clone();
    let mut out = words.join(" ");
    if !last.is_empty() {
        out.push('*');
    }
    Some(out)
}

impl Library {
    /// Up to `limit` hits, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let limit = limit as i64;
        let conn = self.conn();
        let mut hits: Vec<SearchHit> = Vec::new();
        let mut passages: Vec<Passage> = Vec::new();
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.title, c.start, c.\"end\",
                    snippet(fts_text, 0, '[', ']', '…', 16), bm25(fts_text)
             FROM fts_text JOIN text_chunks c ON c.id = fts_text.rowid
             JOIN revisions r ON r.id = c.revision_id JOIN articles a ON a.id = r.article_id
             WHERE fts_text MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        for r in st.query_map(params![q, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                SearchHit {
                    kind: SearchKind::Text,
                    article_id: article_id(r.get(0)?),
                    article_title: r.get(1)?,
                    claim_id: None,
                    source_id: None,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    snippet: r.get(4)?,
                    rank: r.get(5)?,
                },
            ))
        })? {
            let (article, hit) = r?;
            passages.push(Passage {
                article,
                title: hit.article_title.clone(),
                start: hit.start,
                end: hit.end,
                rank: hit.rank,
            });
            hits.push(hit);
        }
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.title, c.id, c.num, c.start, c.\"end\",
                    snippet(fts_claims, -1, '[', ']', '…', 16), bm25(fts_claims)
             FROM fts_claims JOIN claims c ON c.id = fts_claims.rowid
             JOIN articles a ON a.id = c.article_id
             WHERE fts_claims MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let mut claim_hits: Vec<(i64, SearchHit)> = Vec::new();
        for r in st.query_map(params![q, limit], |r| {
            Ok((
                r.get::<_, i64>(2)?,
                SearchHit {
                    kind: SearchKind::Claim,
                    article_id: article_id(r.get(0)?),
                    article_title: r.get(1)?,
                    claim_id: Some(claim_id(r.get(3)?)),
                    source_id: None,
                    start: r.get(4)?,
                    end: r.get(5)?,
                    snippet: r.get(6)?,
                    rank: r.get(7)?,
                },
            ))
        })? {
            claim_hits.push(r?);
        }
        claim_hits.extend(self.claims_in_passages(&q, &passages)?);
        // A claim found both ways is listed once, at its better rank.
        claim_hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.rank.total_cmp(&b.1.rank)));
        claim_hits.dedup_by_key(|h| h.0);
        hits.extend(claim_hits.into_iter().map(|(_, h)| h));
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.title, c.num, c.start, c.\"end\", s.id,
                    snippet(fts_sources, -1, '[', ']', '…', 16), bm25(fts_sources)
             FROM fts_sources JOIN sources s ON s.id = fts_sources.rowid
             JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id
             WHERE fts_sources MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        for r in st.query_map(params![q, limit], |r| {
            Ok(SearchHit {
                kind: SearchKind::Source,
                article_id: article_id(r.get(0)?),
                article_title: r.get(1)?,
                claim_id: Some(claim_id(r.get(2)?)),
                source_id: Some(source_id(r.get(5)?)),
                start: r.get(3)?,
                end: r.get(4)?,
                snippet: r.get(6)?,
                rank: r.get(7)?,
            })
        })? {
            hits.push(r?);
        }
        hits.sort_by(|a, b| a.rank.total_cmp(&b.rank));
        hits.truncate(limit as usize);
        Ok(hits)
    }

    /// Claims (not orphaned) over the matching passages whose quote and note match `q`, each
    /// ranked as its passage. `(claim row id, hit)`.
    fn claims_in_passages(&self, q: &str, passages: &[Passage]) -> Result<Vec<(i64, SearchHit)>> {
        if passages.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.conn();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.claim_probe
                 USING fts5(quote, note, tokenize = 'unicode61 remove_diacritics 2');
             DELETE FROM temp.claim_probe;",
        )?;
        let mut over = conn.prepare_cached(
            "SELECT id, num, start, \"end\", quote, note FROM claims
             WHERE article_id = ?1 AND start < ?3 AND \"end\" > ?2 AND NOT orphaned",
        )?;
        let mut put = conn.prepare_cached(
            "INSERT INTO temp.claim_probe(rowid, quote, note) VALUES (?1, ?2, ?3)",
        )?;
        let mut found: HashMap<i64, (i64, u32, u32, usize)> = HashMap::new();
        for (i, p) in passages.iter().enumerate() {
            let mut rows = over.query(params![p.article, p.start, p.end])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if found.contains_key(&id) {
                    continue;
                }
                found.insert(id, (r.get(1)?, r.get(2)?, r.get(3)?, i));
                put.execute(params![id, r.get::<_, String>(4)?, r.get::<_, String>(5)?])?;
            }
        }
        let mut st = conn.prepare_cached(
            "SELECT rowid, snippet(claim_probe, -1, '[', ']', '…', 16)
             FROM temp.claim_probe WHERE claim_probe MATCH ?1",
        )?;
        let mut out = Vec::new();
        for r in st.query_map([q], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, snippet) = r?;
            let Some(&(num, start, end, i)) = found.get(&id) else {
                continue;
            };
            let p = &passages[i];
            out.push((
                id,
                SearchHit {
                    kind: SearchKind::Claim,
                    article_id: article_id(p.article),
                    article_title: p.title.clone(),
                    claim_id: Some(claim_id(num)),
                    source_id: None,
                    start,
                    end,
                    snippet,
                    rank: p.rank,
                },
            ));
        }
        conn.execute("DELETE FROM temp.claim_probe", [])?;
        Ok(out)
    }
}

/// A matching passage of an article's text.
struct Passage {
    article: i64,
    title: Option<String>,
    start: u32,
    end: u32,
    rank: f64,
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_words_never_become_query_syntax() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(
            fts_query("Kim \"NEAR( -x"),
            Some("\"Kim\" \"\"\"NEAR(\" \"-x\"*".into())
        );
    }
}
