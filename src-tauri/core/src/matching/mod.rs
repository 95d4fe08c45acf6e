//! "Checked before": for a claim, the earlier checks that already answer it — archived
//! fact-checks (`crate::archive`) and claims of other articles in the library that have a
//! status.
//!
//! Two stages. (1) BM25 candidates from SQLite FTS5 (`store::matching`): the archive's claim,
//! title and subtitle, and the checked claims' quotes; and the archived reviews whose
//! sentence vectors are nearest the claim's (`store::vectors`). (2) A re-ranker (`rank`):
//! reciprocal-rank fusion of BM25 per field, character-trigram similarity, the cosine of
//! sentence vectors (`embed`, a static model distilled from all-MiniLM-L6-v2, which finds a
//! paraphrase BM25 ranks low), a prior for fact-checks published soon after the claim was
//! made, and a penalty when the numbers (years included) of the two claims differ. Weights and thresholds were chosen on the
//! CheckThat! 2022 2A train queries (see ARCHITECTURE.md for the figures).
//!
//! A match is `same` (the same claim: the window offers its verdict), `similar` (shown), or
//! below both (returned to the command line's `--top N` only). Very short texts never reach
//! `same`.

pub mod embed;
mod rank;
pub mod text;
pub mod wordpiece;

use crate::error::Result;
use crate::store::{Library, MatchIndex};
use serde::Serialize;
use ts_rs::TS;

pub use rank::{Weights, SAME_CLAIM, SIMILAR, SIMILAR_COSINE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CandidateOrigin {
    /// An archived fact-check.
    Archive,
    /// A claim of another article in the library.
    Library,
}

/// A first-stage candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub origin: CandidateOrigin,
    /// Row id in `archive_reviews` or `claims`.
    pub row: i64,
    /// The archived record's identifier, or `a3/c12`.
    pub id: String,
    pub claim: String,
    pub title: String,
    pub description: String,
    /// ISO date the fact-check was published (or the claim last changed).
    pub published: Option<String>,
    /// BM25 over all fields (weighted), the claim, the title and the subtitle.
    pub bm25: [f64; 4],
    /// The stored sentence vector (`embed::Model::to_blob`), if any.
    pub embedding: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum MatchLevel {
    /// The same claim: its verdict can be adopted.
    Same,
    /// Close enough to show.
    Similar,
    /// Neither; only listed when asked for the top N.
    Weak,
}

/// One earlier check of a claim, best first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Match {
    /// The archived record's `identifier`, or the library claim as `a3/c12`.
    pub id: String,
    /// Fused score; higher is better. Comparable only within one query.
    pub score: f64,
    pub origin: CandidateOrigin,
    pub claim: String,
    /// The verdict (rating's `alternateName`, or the library status's label).
    pub rating: Option<String>,
    pub url: Option<String>,
    pub level: MatchLevel,
    /// Who checked it: the fact-check's author, or the checker who set the library status.
    pub checked_by: Option<String>,
    /// When: the fact-check's date, or when the status was set (ISO).
    pub checked_on: Option<String>,
    /// The fact-check's title, or the title of the article the claim is in.
    pub title: Option<String>,
    /// The first line of the review's body, or of the claim's note.
    pub note: String,
    /// The earlier check's sources (titles or links); the link of an archived one is `url`.
    pub sources: Vec<String>,
    /// 0–1: how much of the two texts is the same (after the penalties), what levels use.
    pub similarity: f64,
    /// The cosine of the two texts' static vectors (what a paraphrase shares).
    #[serde(skip)]
    #[ts(skip)]
    pub cosine: f64,
    #[serde(skip)]
    #[ts(skip)]
    pub row: i64,
}

/// What the window shows of an earlier check, beside its claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchDetails {
    pub rating: Option<String>,
    pub url: Option<String>,
    pub checked_by: Option<String>,
    pub checked_on: Option<String>,
    pub note: String,
    pub sources: Vec<String>,
}

/// What to match and how many to return.
#[derive(Debug, Clone, Default)]
pub struct MatchQuery<'a> {
    pub text: &'a str,
    /// When the claim was made (day number), if the text does not say.
    pub said_on: Option<i32>,
    /// The article the claim is in: its own claims are not earlier checks.
    pub exclude_article: Option<i64>,
    pub top: usize,
    /// Only the first stage (BM25, no re-ranking): for measuring what the re-ranker adds.
    pub first_stage_only: bool,
}

/// First-stage candidates per source.
pub const CANDIDATES: usize = 60;

/// Matches `q` against the archive and the library's checked claims, best first.
pub fn find_matches(lib: &Library, q: &MatchQuery) -> Result<Vec<Match>> {
    find_matches_with(lib, q, &Weights::default())
}

pub fn find_matches_with(lib: &Library, q: &MatchQuery, w: &Weights) -> Result<Vec<Match>> {
    let prepared = text::prepare(q.text);
    // Only the query is embedded here: the candidates' vectors were stored with them.
    let query_vec = if w.embedding != 0.0 && !q.first_stage_only {
        embed::model().and_then(|m| m.embed(&prepared.text))
    } else {
        None
    };
    let mut cands = Vec::new();
    if let Some(fts) = selective_query(lib, MatchIndex::Archive, &prepared.words)? {
        cands.extend(lib.archive_candidates(&fts, CANDIDATES)?);
    }
    if let Some(fts) = selective_query(lib, MatchIndex::Checked, &prepared.words)? {
        cands.extend(lib.checked_candidates(&fts, q.exclude_article, CANDIDATES)?);
    }
    if let (Some(v), true) = (&query_vec, w.neighbours > 0) {
        for c in lib.archive_neighbours(v, w.neighbours, w.neighbour_min as f32)? {
            if !cands.iter().any(|b| b.origin == c.origin && b.row == c.row) {
                cands.push(c);
            }
        }
    }
    if cands.is_empty() {
        return Ok(Vec::new());
    }
    let said_on = prepared.said_on.or(q.said_on);
    let mut ranked = rank::rerank(&prepared, query_vec.as_deref(), said_on, cands, w);
    if q.first_stage_only {
        // The BM25 order; the levels still come from the re-ranker's similarity.
        for s in ranked.iter_mut() {
            s.score = s.cand.bm25[0];
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.cand.id.cmp(&b.cand.id)));
    }
    ranked.truncate(q.top.max(1));
    ranked
        .into_iter()
        .map(|s| {
            let d = lib.match_details(s.cand.origin, s.cand.row)?;
            Ok(Match {
                id: s.cand.id,
                score: (s.score * 1e4).round() / 1e4,
                origin: s.cand.origin,
                claim: s.cand.claim,
                rating: d.rating,
                url: d.url,
                level: s.level,
                checked_by: d.checked_by,
                checked_on: d.checked_on,
                title: Some(s.cand.title).filter(|t| !t.is_empty()),
                note: d
                    .note
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                sources: d.sources,
                similarity: (s.similarity * 1e3).round() / 1e3,
                cosine: s.cosine,
                row: s.cand.row,
            })
        })
        .collect()
}

/// A query longer than this many words loses its most common ones (see `selective_query`).
pub const KEEP_WORDS: usize = 8;
/// A word in more than this share of an index's documents is dropped from a long query.
pub const COMMON_SHARE: f64 = 0.05;

/// The first stage's query for one index: words found nowhere in it are left out, and in a
/// query of more than [`KEEP_WORDS`] words, those in more than [`COMMON_SHARE`] of its
/// documents too (the rarest [`KEEP_WORDS`] always stay). FTS5 scores every document an OR
/// query matches; a common word made that nearly every document, and matching slow.
fn selective_query(lib: &Library, index: MatchIndex, words: &[String]) -> Result<Option<String>> {
    if words.is_empty() {
        return Ok(None);
    }
    let (df, total) = lib.doc_counts(index, words)?;
    let mut order: Vec<usize> = (0..words.len()).filter(|&i| df[i] > 0).collect();
    order.sort_by_key(|&i| df[i]);
    let limit = (total as f64 * COMMON_SHARE).max(1.0) as i64;
    let keep: Vec<String> = order
        .iter()
        .enumerate()
        .filter(|&(rank, &i)| rank < KEEP_WORDS || df[i] <= limit)
        .map(|(_, &i)| words[i].clone())
        .collect();
    Ok(fts_query(&keep))
}

/// The words as an FTS5 query: any of them (OR), each quoted so that nothing is syntax.
pub fn fts_query(words: &[String]) -> Option<String> {
    let parts: Vec<String> = words
        .iter()
        .take(64)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" OR "))
    }
}
