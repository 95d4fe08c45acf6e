//! The second stage: re-ranks first-stage candidates by reciprocal-rank fusion of several
//! rankings, then lowers candidates whose numbers differ from the query's.

use super::text::{dice, iso_day, numbers_in, trigrams, words_of, Prepared};
use super::{embed, Candidate, CandidateOrigin, CandidateText, MatchLevel};

/// Similarity (0–1) from which a match is "the same claim".
pub const SAME_CLAIM: f64 = 0.65;
/// Similarity from which a match is shown as "similar".
pub const SIMILAR: f64 = 0.40;
/// Cosine of the two texts' static vectors from which a match is "similar" however few
/// characters they share: on the CheckThat! train queries the first match was right for
/// 95.1 % of the 244 at or above it (the precision `SIMILAR` was chosen for). Vectors alone
/// never make "same claim".
pub const SIMILAR_COSINE: f64 = 0.75;
/// A text with fewer content words than this never reaches "same claim".
pub const MIN_WORDS_SAME: usize = 4;

/// Fusion weights (tuned on the train queries; see ARCHITECTURE.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// RRF's k.
    pub k: f64,
    /// BM25 over all fields, the claim, the title, the subtitle.
    pub bm25: [f64; 4],
    /// Character-trigram similarity to the claim, and to the title.
    pub trigram: [f64; 2],
    /// Closeness of the fact-check's date to the day the claim was made.
    pub date: f64,
    /// Cosine of the two texts' sentence vectors (`embed`): finds a paraphrase.
    pub embedding: f64,
    /// Archived reviews nearest the claim's vector added as candidates (beyond BM25's)…
    pub neighbours: usize,
    /// …if their cosine is at least this (a text of unrelated words has no neighbours).
    pub neighbour_min: f64,
    /// Days a fact-check may precede the claim before it counts as far.
    pub before_slack: i32,
    /// Factor on the score when both texts name years and none is shared.
    pub year_penalty: f64,
    /// Factor when both name other numbers and none is shared.
    pub number_penalty: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            k: 3.0,
            bm25: [1.0, 0.0, 0.0, 0.1],
            trigram: [0.5, 0.5],
            date: 1.0,
            embedding: 0.6,
            neighbours: 40,
            neighbour_min: 0.3,
            before_slack: 3,
            year_penalty: 0.8,
            number_penalty: 0.9,
        }
    }
}

pub(super) struct Scored {
    pub cand: Candidate,
    pub score: f64,
    pub similarity: f64,
    /// The cosine of the two texts' vectors (0 without vectors).
    pub cosine: f64,
    pub level: MatchLevel,
}

fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("19") || n.starts_with("20"))
}

/// Ranks (0 = best) of `values`, higher first; ties share the better rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut out = vec![0.0; values.len()];
    let mut last = f64::NAN;
    let mut last_rank = 0.0;
    for (r, &i) in order.iter().enumerate() {
        if values[i] != last {
            last = values[i];
            last_rank = r as f64;
        }
        out[i] = last_rank;
    }
    out
}

/// What the re-ranker needs of a candidate whatever the query: computed once per candidate
/// and matching session (`Matcher`), not once per claim it is a candidate of.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Features {
    /// Content words of the claim.
    words: usize,
    /// Character trigrams of the claim's content words, and of the title's.
    tri_claim: Vec<u32>,
    tri_title: Vec<u32>,
    /// Numbers of the claim, years apart from the others.
    years: Vec<String>,
    other_numbers: Vec<String>,
    /// The day the fact-check was published (or the claim last changed).
    day: Option<i32>,
}

impl Features {
    pub(crate) fn of(t: &CandidateText) -> Features {
        let words = words_of(&t.claim);
        let (years, other_numbers) = numbers_in(&t.claim).into_iter().partition(|n| is_year(n));
        Features {
            words: words.len(),
            tri_claim: trigrams(&words),
            tri_title: if t.title.is_empty() {
                Vec::new()
            } else {
                trigrams(&words_of(&t.title))
            },
            years,
            other_numbers,
            day: t.published.as_deref().and_then(iso_day),
        }
    }
}

/// Each candidate's cosine with the query's vector: the stored vector, else (a row written
/// before the model, or by another one) computed now.
fn cosines(query: Option<&[f32]>, cands: &[Candidate]) -> Vec<f64> {
    let (Some(q), Some(m)) = (query, embed::model()) else {
        return vec![0.0; cands.len()];
    };
    cands
        .iter()
        .map(|c| {
            let t = &c.doc.text;
            let stored = t.embedding.as_deref().and_then(|b| m.cosine_blob(q, b));
            let cos = stored.or_else(|| {
                let text = match c.origin {
                    CandidateOrigin::Archive => embed::review_text(&t.claim, &t.title),
                    CandidateOrigin::Library => t.claim.clone(),
                };
                let v = m.embed(&text)?;
                Some(q.iter().zip(&v).map(|(a, b)| a * b).sum())
            });
            // Shifted so that every candidate with a vector has a value for the fusion.
            cos.map_or(0.0, |c| 1.0 + c as f64)
        })
        .collect()
}

/// The level of a match whose texts share `similarity` of their letters and whose vectors
/// have `cosine`; `short`: either text has too few words; `clash`: their years or numbers
/// differ. A claim about 2019 is not the one about 2021, however alike the words.
fn level(similarity: f64, cosine: f64, short: bool, clash: bool) -> MatchLevel {
    if similarity >= SAME_CLAIM && !short && !clash {
        MatchLevel::Same
    } else if similarity >= SIMILAR || (cosine >= SIMILAR_COSINE && !clash) {
        MatchLevel::Similar
    } else {
        MatchLevel::Weak
    }
}

pub(super) fn rerank(
    q: &Prepared,
    query_vec: Option<&[f32]>,
    said_on: Option<i32>,
    cands: Vec<Candidate>,
    w: &Weights,
) -> Vec<Scored> {
    if cands.is_empty() {
        return Vec::new();
    }
    let qg = trigrams(&q.words);
    let n = cands.len();
    let tri_claim: Vec<f64> = cands
        .iter()
        .map(|c| dice(&qg, &c.doc.features.tri_claim))
        .collect();
    let tri_title: Vec<f64> = cands
        .iter()
        .map(|c| dice(&qg, &c.doc.features.tri_title))
        .collect();
    let date_closeness: Vec<f64> = cands
        .iter()
        .map(|c| match (said_on, c.doc.features.day) {
            (Some(said), Some(published)) => {
                let delta = published - said;
                let days = if delta >= -w.before_slack {
                    delta.abs()
                } else {
                    -delta * 3
                };
                1.0 / (1.0 + days as f64)
            }
            _ => 0.0,
        })
        .collect();
    let mut fused = vec![0.0; n];
    let mut add = |values: &[f64], weight: f64| {
        if weight == 0.0 {
            return;
        }
        for (i, r) in ranks(values).into_iter().enumerate() {
            // A ranking says nothing of a candidate it has no value for.
            if values[i] > 0.0 {
                fused[i] += weight / (w.k + r + 1.0);
            }
        }
    };
    for f in 0..4 {
        let v: Vec<f64> = cands.iter().map(|c| c.bm25[f]).collect();
        add(&v, w.bm25[f]);
    }
    add(&tri_claim, w.trigram[0]);
    add(&tri_title, w.trigram[1]);
    if said_on.is_some() {
        add(&date_closeness, w.date);
    }
    let cos = cosines(query_vec, &cands);
    if w.embedding != 0.0 {
        add(&cos, w.embedding);
    }
    let q_years: Vec<&String> = q.numbers.iter().filter(|n| is_year(n)).collect();
    let q_other: Vec<&String> = q.numbers.iter().filter(|n| !is_year(n)).collect();
    let mut out: Vec<Scored> = Vec::with_capacity(n);
    for (i, cand) in cands.into_iter().enumerate() {
        let f = &cand.doc.features;
        let mut factor = 1.0;
        let mut clash = false;
        if !q_years.is_empty()
            && !f.years.is_empty()
            && !f.years.iter().any(|y| q_years.contains(&y))
        {
            factor *= w.year_penalty;
            clash = true;
        }
        if !q_other.is_empty()
            && !f.other_numbers.is_empty()
            && !f.other_numbers.iter().any(|x| q_other.contains(&x))
        {
            factor *= w.number_penalty;
            clash = true;
        }
        let similarity = (tri_claim[i].max(tri_title[i] * 0.9)) * factor;
        let short = q.words.len() < MIN_WORDS_SAME || f.words < MIN_WORDS_SAME;
        let cosine = (cos[i] - 1.0).max(0.0);
        let level = level(similarity, cosine, short, clash);
        out.push(Scored {
            cand,
            score: fused[i] * factor,
            similarity,
            cosine,
            level,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.cand.doc.text.id.cmp(&b.cand.doc.text.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::ranks;
    use super::{level, MatchLevel};

    #[test]
    fn close_vectors_make_a_match_similar_never_the_same_claim() {
        // Few shared letters, close meaning: shown (not hidden as weak).
        assert_eq!(level(0.2, 0.8, false, false), MatchLevel::Similar);
        // Vectors alone never confirm.
        assert_eq!(level(0.2, 0.99, false, false), MatchLevel::Similar);
        // Different years or numbers: the vectors cannot tell, so they do not lift it.
        assert_eq!(level(0.2, 0.9, false, true), MatchLevel::Weak);
        assert_eq!(level(0.2, 0.6, false, false), MatchLevel::Weak);
        assert_eq!(level(0.7, 0.0, false, false), MatchLevel::Same);
    }

    #[test]
    fn ranks_share_ties_and_put_the_highest_first() {
        assert_eq!(ranks(&[1.0, 3.0, 3.0, 2.0]), vec![3.0, 0.0, 0.0, 2.0]);
    }
}
