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
mod session;
pub mod text;
pub mod wordpiece;

use crate::error::Result;
use crate::store::Library;
use serde::Serialize;
use std::sync::Arc;
use ts_rs::TS;

pub use rank::{Weights, SAME_CLAIM, SIMILAR, SIMILAR_COSINE};
pub use session::Matcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CandidateOrigin {
    /// An archived fact-check.
    Archive,
    /// A claim of another article in the library.
    Library,
}

/// A candidate's text, as the library holds it: read once per [`Matcher`], however many claims
/// it is a candidate of.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateText {
    /// The archived record's identifier, or `a3/c12`.
    pub id: String,
    pub claim: String,
    pub title: String,
    /// ISO date the fact-check was published (or the claim last changed).
    pub published: Option<String>,
    /// The stored sentence vector (`embed::Model::to_blob`), if any.
    pub embedding: Option<Vec<u8>>,
    /// A library claim's article (`None` for an archived review).
    pub article: Option<i64>,
    /// A library claim the checker dismissed: never an earlier check.
    pub dismissed: bool,
}

/// A candidate's text with what the re-ranker computes of it whatever the query.
#[derive(Debug)]
pub(crate) struct Doc {
    pub text: CandidateText,
    pub features: rank::Features,
}

/// A first-stage candidate.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub origin: CandidateOrigin,
    /// Row id in `archive_reviews` or `claims`.
    pub row: i64,
    /// BM25 over all fields (weighted), the claim, the title and the subtitle.
    pub bm25: [f64; 4],
    pub doc: Arc<Doc>,
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

/// [`find_matches`] with other weights. Matching several texts, a [`Matcher`] reads less.
pub fn find_matches_with(lib: &Library, q: &MatchQuery, w: &Weights) -> Result<Vec<Match>> {
    Matcher::with_weights(lib, w.clone()).find(q)
}

/// A query longer than this many words loses its most common ones (see `Matcher`).
pub const KEEP_WORDS: usize = 8;
/// A word in more than this share of an index's documents is dropped from a long query.
pub const COMMON_SHARE: f64 = 0.05;

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
