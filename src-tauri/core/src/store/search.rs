//! Full-text search (FTS5) across the current text of every article, claims with their notes,
//! and sources. Every hit names its article, and its claim when there is one.

use super::{article_id, claim_id, source_id, Library};
use crate::error::Result;
use rusqlite::params;
use serde::Serialize;
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
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.title, c.start, c.\"end\",
                    snippet(fts_text, 0, '[', ']', '…', 16), bm25(fts_text)
             FROM fts_text JOIN text_chunks c ON c.id = fts_text.rowid
             JOIN revisions r ON r.id = c.revision_id JOIN articles a ON a.id = r.article_id
             WHERE fts_text MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        for r in st.query_map(params![q, limit], |r| {
            Ok(SearchHit {
                kind: SearchKind::Text,
                article_id: article_id(r.get(0)?),
                article_title: r.get(1)?,
                claim_id: None,
                source_id: None,
                start: r.get(2)?,
                end: r.get(3)?,
                snippet: r.get(4)?,
                rank: r.get(5)?,
            })
        })? {
            hits.push(r?);
        }
        let mut st = conn.prepare_cached(
            "SELECT a.id, a.title, c.num, c.start, c.\"end\",
                    snippet(fts_claims, -1, '[', ']', '…', 16), bm25(fts_claims)
             FROM fts_claims JOIN claims c ON c.id = fts_claims.rowid
             JOIN articles a ON a.id = c.article_id
             WHERE fts_claims MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        for r in st.query_map(params![q, limit], |r| {
            Ok(SearchHit {
                kind: SearchKind::Claim,
                article_id: article_id(r.get(0)?),
                article_title: r.get(1)?,
                claim_id: Some(claim_id(r.get(2)?)),
                source_id: None,
                start: r.get(3)?,
                end: r.get(4)?,
                snippet: r.get(5)?,
                rank: r.get(6)?,
            })
        })? {
            hits.push(r?);
        }
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
