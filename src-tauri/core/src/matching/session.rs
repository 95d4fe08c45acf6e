//! A matching session ([`Matcher`]): what matching one claim reads of the library — each
//! word's document count, the indexes' sizes, the candidates' rows and what the re-ranker
//! computes of them — is kept for the next claim of the same article or batch, and the
//! archive's vectors are compared with all of an article's claims in one pass. The library
//! must not change while a `Matcher` lives (it borrows it; an article's claims are matched on
//! the reading connection inside one read transaction, a batch only reads).

use super::rank::{self, Features, Weights};
use super::text::{self, Prepared};
use super::{embed, fts_query, Candidate, CandidateOrigin, Doc, Match, MatchQuery};
use super::{CANDIDATES, COMMON_SHARE, KEEP_WORDS};
use crate::error::Result;
use crate::store::{Library, MatchIndex, Phrase, Stemmer, TermIndex, FIELD_WEIGHTS};
use std::collections::HashMap;
use std::sync::Arc;

/// Candidate rows kept: those of the last [`DOCS_KEPT`] to [`DOCS_KEPT`] × 2 rows read or used
/// (each costs about a kilobyte; an article's claims reach thousands, a batch most of the
/// archive).
const DOCS_KEPT: usize = 2_048;

/// Matches texts against one library, reading each thing once (see the module's note).
/// [`Matcher::find`] on a text gives what [`super::find_matches_with`] gives, in any session.
pub struct Matcher<'l> {
    lib: &'l Library,
    w: Weights,
    /// Per index (archive, checked claims): each word's document count, and the index's size.
    df: [HashMap<String, i64>; 2],
    size: [Option<i64>; 2],
    /// Candidate rows read, by origin and row (`None`: no such row): the recent ones, and
    /// those before (moved back to the recent ones when used again).
    docs: HashMap<(CandidateOrigin, i64), Option<Arc<Doc>>>,
    older: HashMap<(CandidateOrigin, i64), Option<Arc<Doc>>>,
    /// From the first [`Matcher::find_all`]: the first stage's BM25 computed here.
    terms: Option<Terms>,
}

/// BM25 computed in Rust (`store::terms`): the query words' stems, and per index (archive,
/// checked claims) its rows and the postings read so far (`None` inside: an empty index).
struct Terms {
    stemmer: Stemmer,
    index: [Option<Option<TermIndex>>; 2],
}

impl Terms {
    /// The index's rows and sizes, read on first use; `None` for an empty index.
    fn index(&mut self, lib: &Library, index: MatchIndex) -> Result<Option<&mut TermIndex>> {
        let held = &mut self.index[slot(index)];
        if held.is_none() {
            *held = Some(lib.term_index(index)?);
        }
        Ok(held.as_mut().and_then(Option::as_mut))
    }
}

/// The words a query keeps for one index (see [`Matcher::kept_words`]), and in how many of
/// its documents each occurs.
struct Kept {
    words: Vec<String>,
    rows: Vec<i64>,
}

/// Rows with their BM25: over all fields (weighted), then the claim, the title and the
/// subtitle (or, for a checked claim, its one field first).
type Ranked = Vec<(i64, [f64; 4])>;

/// FTS5 queries take at most this many words (`fts_query`); BM25 here takes the same.
const QUERY_WORDS: usize = 64;

fn slot(index: MatchIndex) -> usize {
    match index {
        MatchIndex::Archive => 0,
        MatchIndex::Checked => 1,
    }
}

impl<'l> Matcher<'l> {
    pub fn new(lib: &'l Library) -> Matcher<'l> {
        Matcher::with_weights(lib, Weights::default())
    }

    pub fn with_weights(lib: &'l Library, w: Weights) -> Matcher<'l> {
        Matcher {
            lib,
            w,
            df: Default::default(),
            size: [None; 2],
            docs: HashMap::new(),
            older: HashMap::new(),
            terms: None,
        }
    }

    /// The earlier checks of one text, best first.
    pub fn find(&mut self, q: &MatchQuery) -> Result<Vec<Match>> {
        let tx = self.lib.read_transaction()?;
        let prepared = text::prepare(q.text);
        let vector = self.query_vector(q, &prepared);
        let near = self.neighbours(&[vector.as_deref()])?.pop();
        let out = self.find_prepared(q, &prepared, vector.as_deref(), near.unwrap_or_default())?;
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok(out)
    }

    /// The earlier checks of each text, in order: each the same as [`Matcher::find`] gives
    /// it, with the archive's vectors compared with all the texts in one pass.
    pub fn find_all(&mut self, qs: &[MatchQuery]) -> Result<Vec<Vec<Match>>> {
        let tx = self.lib.read_transaction()?;
        let prepared: Vec<Prepared> = qs.iter().map(|q| text::prepare(q.text)).collect();
        // Many queries: BM25 here, from each term's postings read once (`store::terms`).
        let terms = match self.terms.take() {
            Some(t) => t,
            None => Terms {
                stemmer: Stemmer::new()?,
                index: [None, None],
            },
        };
        let terms = self.terms.insert(terms);
        terms
            .stemmer
            .learn(prepared.iter().flat_map(|p| &p.words))?;
        let vectors: Vec<Option<Vec<f32>>> = qs
            .iter()
            .zip(&prepared)
            .map(|(q, p)| self.query_vector(q, p))
            .collect();
        let refs: Vec<Option<&[f32]>> = vectors.iter().map(Option::as_deref).collect();
        let near = self.neighbours(&refs)?;
        let mut out = Vec::with_capacity(qs.len());
        for (((q, p), v), n) in qs.iter().zip(&prepared).zip(&refs).zip(near) {
            out.push(self.find_prepared(q, p, *v, n)?);
        }
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok(out)
    }

    /// The query's sentence vector, when the ranking uses it. Only the query is embedded here:
    /// the candidates' vectors were stored with them.
    fn query_vector(&self, q: &MatchQuery, p: &Prepared) -> Option<Vec<f32>> {
        if self.w.embedding != 0.0 && !q.first_stage_only {
            embed::model().and_then(|m| m.embed(&p.text))
        } else {
            None
        }
    }

    /// For each query vector, the archived rows nearest it (none for a query without one).
    fn neighbours(&self, vectors: &[Option<&[f32]>]) -> Result<Vec<Vec<i64>>> {
        let mut out = vec![Vec::new(); vectors.len()];
        let Some(m) = embed::model().filter(|_| self.w.neighbours > 0) else {
            return Ok(out);
        };
        let (at, qs): (Vec<usize>, Vec<&[f32]>) = vectors
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .unzip();
        if qs.is_empty() {
            return Ok(out);
        }
        let min = self.w.neighbour_min as f32;
        let found = self.lib.nearest_archived(m, &qs, self.w.neighbours, min)?;
        for (i, rows) in at.into_iter().zip(found) {
            out[i] = rows;
        }
        Ok(out)
    }

    fn find_prepared(
        &mut self,
        q: &MatchQuery,
        prepared: &Prepared,
        query_vec: Option<&[f32]>,
        neighbours: Vec<i64>,
    ) -> Result<Vec<Match>> {
        let cands = self.candidates(q, prepared, neighbours)?;
        if cands.is_empty() {
            return Ok(Vec::new());
        }
        let said_on = prepared.said_on.or(q.said_on);
        let mut ranked = rank::rerank(prepared, query_vec, said_on, cands, &self.w);
        if q.first_stage_only {
            // The BM25 order; the levels still come from the re-ranker's similarity.
            for s in ranked.iter_mut() {
                s.score = s.cand.bm25[0];
            }
            ranked.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.cand.doc.text.id.cmp(&b.cand.doc.text.id))
            });
        }
        ranked.truncate(q.top.max(1));
        ranked
            .into_iter()
            .map(|s| {
                let d = self.lib.match_details(s.cand.origin, s.cand.row)?;
                let t = &s.cand.doc.text;
                Ok(Match {
                    id: t.id.clone(),
                    score: (s.score * 1e4).round() / 1e4,
                    origin: s.cand.origin,
                    claim: t.claim.clone(),
                    rating: d.rating,
                    url: d.url,
                    level: s.level,
                    checked_by: d.checked_by,
                    checked_on: d.checked_on,
                    title: Some(t.title.clone()).filter(|t| !t.is_empty()),
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

    /// The first stage: BM25 candidates from the archive and the library's checked claims,
    /// then the nearest archived vectors not among them.
    fn candidates(
        &mut self,
        q: &MatchQuery,
        prepared: &Prepared,
        neighbours: Vec<i64>,
    ) -> Result<Vec<Candidate>> {
        use CandidateOrigin::{Archive, Library};
        let mut cands = Vec::new();
        let kept = self.kept_words(MatchIndex::Archive, &prepared.words)?;
        for (row, bm25) in self.archive_ranked(&kept)? {
            if let Some(doc) = self.doc(Archive, row)? {
                cands.push(Candidate {
                    origin: Archive,
                    row,
                    bm25,
                    doc,
                });
            }
        }
        // Ranked on the index alone, then the claims of the article itself, or dismissed,
        // passed over; a few extra cover what is passed over.
        let kept = self.kept_words(MatchIndex::Checked, &prepared.words)?;
        let mut taken = 0;
        for (row, b) in self.checked_ranked(&kept)? {
            if taken >= CANDIDATES {
                break;
            }
            let Some(doc) = self.doc(Library, row)? else {
                continue;
            };
            if doc.text.dismissed || doc.text.article == q.exclude_article {
                continue;
            }
            cands.push(Candidate {
                origin: Library,
                row,
                bm25: [b, b, 0.0, 0.0],
                doc,
            });
            taken += 1;
        }
        for row in neighbours {
            if cands.iter().any(|b| b.origin == Archive && b.row == row) {
                continue;
            }
            if let Some(doc) = self.doc(Archive, row)? {
                cands.push(Candidate {
                    origin: Archive,
                    row,
                    bm25: [0.0; 4],
                    doc,
                });
            }
        }
        Ok(cands)
    }

    /// A candidate's row and features, read and computed once per session.
    fn doc(&mut self, origin: CandidateOrigin, row: i64) -> Result<Option<Arc<Doc>>> {
        let key = (origin, row);
        if let Some(d) = self.docs.get(&key) {
            return Ok(d.clone());
        }
        let doc = match self.older.remove(&key) {
            Some(d) => d,
            None => {
                let text = match origin {
                    CandidateOrigin::Archive => self.lib.archive_text(row)?,
                    CandidateOrigin::Library => self.lib.checked_text(row)?,
                };
                text.map(|text| {
                    Arc::new(Doc {
                        features: Features::of(&text),
                        text,
                    })
                })
            }
        };
        if self.docs.len() >= DOCS_KEPT {
            self.older = std::mem::take(&mut self.docs);
        }
        self.docs.insert(key, doc.clone());
        Ok(doc)
    }

    /// The first stage's words for one index: those found nowhere in it are left out, and in
    /// a query of more than [`KEEP_WORDS`] words, those in more than [`COMMON_SHARE`] of its
    /// documents too (the rarest [`KEEP_WORDS`] always stay), rarest first. FTS5 scores every
    /// document an OR query matches; a common word made that nearly every document, and
    /// matching slow.
    fn kept_words(&mut self, index: MatchIndex, words: &[String]) -> Result<Kept> {
        let mut kept = Kept {
            words: Vec::new(),
            rows: Vec::new(),
        };
        if words.is_empty() {
            return Ok(kept);
        }
        let s = slot(index);
        let mut df = Vec::with_capacity(words.len());
        for w in words {
            let n = match self.df[s].get(w) {
                Some(&n) => n,
                None => {
                    let n = self.doc_count(index, w)?;
                    self.df[s].insert(w.clone(), n);
                    n
                }
            };
            df.push(n);
        }
        let total = match self.size[s] {
            Some(t) => t,
            None => *self.size[s].insert(self.lib.index_size(index)?),
        };
        let mut order: Vec<usize> = (0..words.len()).filter(|&i| df[i] > 0).collect();
        order.sort_by_key(|&i| df[i]);
        let limit = (total as f64 * COMMON_SHARE).max(1.0) as i64;
        for (rank, &i) in order.iter().enumerate() {
            if rank < KEEP_WORDS || df[i] <= limit {
                kept.words.push(words[i].clone());
                kept.rows.push(df[i]);
            }
        }
        Ok(kept)
    }

    /// In how many documents of the index the word occurs: in a batch, for a word of one
    /// token, from the index's vocabulary (the same count, without running a query).
    fn doc_count(&mut self, index: MatchIndex, word: &str) -> Result<i64> {
        let lib = self.lib;
        if let Some(terms) = self.terms.as_mut() {
            if let Some(stem) = terms.stemmer.stem(word).map(str::to_string) {
                if let Some(ix) = terms.index(lib, index)? {
                    return ix.rows_with(lib, &stem);
                }
            }
        }
        lib.doc_count(index, word)
    }

    /// The archive's best [`CANDIDATES`] for the words, with their BM25 over all fields
    /// (weighted), the claim, the title and the subtitle.
    fn archive_ranked(&mut self, kept: &Kept) -> Result<Ranked> {
        const FIELDS: [&[f64]; 3] = [&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0], &[0.0, 0.0, 1.0]];
        let here = self.ranked_here(MatchIndex::Archive, kept, &FIELD_WEIGHTS, &FIELDS)?;
        match (here, fts_query(&kept.words)) {
            (Some(top), _) => Ok(top),
            (None, Some(fts)) => self.lib.archive_ranked(&fts, CANDIDATES),
            (None, None) => Ok(Vec::new()),
        }
    }

    /// The library's best checked claims for the words (three times [`CANDIDATES`]: some
    /// will be passed over), with their BM25.
    fn checked_ranked(&mut self, kept: &Kept) -> Result<Vec<(i64, f64)>> {
        let here = self.ranked_here(MatchIndex::Checked, kept, &[1.0], &[])?;
        match (here, fts_query(&kept.words)) {
            (Some(top), _) => Ok(top.into_iter().map(|(row, s)| (row, s[0])).collect()),
            (None, Some(fts)) => self.lib.checked_ranked(&fts, CANDIDATES * 3),
            (None, None) => Ok(Vec::new()),
        }
    }

    /// In a batch, when every word is one token: the index's best rows for the words (as many
    /// as FTS5 would be asked for) by BM25 computed here with column `weights`, each with its
    /// score and its BM25 with each of `fields` after it. `None`: ask FTS5.
    fn ranked_here(
        &mut self,
        index: MatchIndex,
        kept: &Kept,
        weights: &[f64],
        fields: &[&[f64]],
    ) -> Result<Option<Ranked>> {
        let lib = self.lib;
        let Some(terms) = self.terms.as_mut() else {
            return Ok(None);
        };
        let mut phrases = Vec::with_capacity(kept.words.len().min(QUERY_WORDS));
        for (w, &rows) in kept.words.iter().zip(&kept.rows).take(QUERY_WORDS) {
            let Some(term) = terms.stemmer.stem(w) else {
                return Ok(None);
            };
            phrases.push(Phrase {
                term: term.to_string(),
                rows,
            });
        }
        if phrases.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let Some(ix) = terms.index(lib, index)? else {
            return Ok(None);
        };
        ix.load(lib, &phrases)?;
        let limit = match index {
            MatchIndex::Archive => CANDIDATES,
            MatchIndex::Checked => CANDIDATES * 3,
        };
        let top = ix.ranked(&phrases, weights, limit);
        Ok(Some(
            top.into_iter()
                .map(|(row, score)| {
                    let mut all = [score, 0.0, 0.0, 0.0];
                    for (k, w) in fields.iter().enumerate().take(3) {
                        all[k + 1] = ix.score(row, &phrases, w);
                    }
                    (row, all)
                })
                .collect(),
        ))
    }
}
