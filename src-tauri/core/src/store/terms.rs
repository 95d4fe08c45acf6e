//! The first stage's BM25 for many queries at once: FTS5's own `bm25()`, computed here from the
//! index's postings, each term's read once.
//!
//! Through FTS5, each claim of an article scored every row its OR query matched (thousands) by
//! the auxiliary-function interface: a walk over the row's instances and a lookup of its size
//! per row, and the common terms' postings read again for every claim. Here a matching session
//! reads each term's postings once (the `fts5vocab` instance table of the index, on the
//! connection's temporary schema), every row's size once (the index's `docsize` table), and
//! scores a query's rows in a few instructions each. The arithmetic is `bm25()`'s, step for
//! step (`fts5Bm25Function` in SQLite's `fts5_aux.c`), so the scores are the same numbers;
//! tests compare them with FTS5's.

use super::{Library, MatchIndex};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// The tokenizer of both match indexes (schema V4), which query words are stemmed with.
pub(crate) const TOKENIZE: &str = "porter unicode61 remove_diacritics 2";

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One index's rows (their sizes) and the postings of the terms read so far.
pub(crate) struct TermIndex {
    /// Column names, in the index's order.
    columns: &'static [&'static str],
    /// The `fts5vocab` tables of the index: its instances, and its terms' row counts.
    vocab: &'static str,
    vocab_rows: &'static str,
    /// Row ids, ascending, and where each id is among them: a table by id when the ids are
    /// dense enough (they are row ids), else found by search.
    rows: Vec<i64>,
    dense: Option<(i64, Vec<u32>)>,
    postings: HashMap<String, Postings>,
    /// Per row: `K1 * (1 - B + B * size / avgdl)`, BM25's length normalisation.
    norms: Vec<f64>,
    /// Per row: the score being summed and whether the current query reached it; the rows
    /// it reached.
    acc: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

/// The rows holding a term (slots into `TermIndex::rows`, ascending), with its count in each
/// column of each.
#[derive(Default)]
struct Postings {
    slots: Vec<u32>,
    counts: Vec<u32>,
}

/// A query's phrase: a term (a stem) and in how many rows it occurs (FTS5's `nHit`).
pub(crate) struct Phrase {
    pub term: String,
    pub rows: i64,
}

impl Library {
    /// The index's rows and sizes, ready for [`TermIndex::ranked`]; `None` for an empty index.
    pub(crate) fn term_index(&self, index: MatchIndex) -> Result<Option<TermIndex>> {
        let (table, vocab, vocab_rows, columns): (_, _, _, &'static [&'static str]) = match index {
            MatchIndex::Archive => (
                "fts_archive",
                "fd_archive_terms",
                "fd_archive_rows",
                &["claim", "title", "description"],
            ),
            MatchIndex::Checked => (
                "fts_checked",
                "fd_checked_terms",
                "fd_checked_rows",
                &["quote"],
            ),
        };
        // Views of the index's postings, on this connection's temporary schema (the library is
        // not written; a reading connection may do this too).
        self.conn().execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab}
                 USING fts5vocab(main, {table}, instance);
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab_rows}
                 USING fts5vocab(main, {table}, row);"
        ))?;
        let mut rows = Vec::new();
        let mut sizes = Vec::new();
        let mut total: i64 = 0;
        let mut st = self
            .conn()
            .prepare(&format!("SELECT id, sz FROM {table}_docsize ORDER BY id"))?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            // `sz`: one varint per column, its size in tokens (FTS5's record format).
            let size: u32 = match r.get_ref(1)?.as_blob() {
                Ok(b) => varints(b).take(columns.len()).sum(),
                Err(_) => 0,
            };
            rows.push(r.get(0)?);
            sizes.push(size);
            total += size as i64;
        }
        if rows.is_empty() {
            return Ok(None);
        }
        let avgdl = total as f64 / rows.len() as f64;
        let norms = sizes
            .iter()
            .map(|&d| K1 * (1.0 - B + B * d as f64 / avgdl))
            .collect();
        Ok(Some(TermIndex {
            columns,
            vocab,
            vocab_rows,
            acc: vec![0.0; rows.len()],
            seen: vec![false; rows.len()],
            dense: dense_slots(&rows),
            rows,
            norms,
            postings: HashMap::new(),
            touched: Vec::new(),
        }))
    }

    fn read_postings(&self, ix: &TermIndex, term: &str) -> Result<Postings> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT doc, col FROM temp.{} WHERE term = ?1",
            ix.vocab
        ))?;
        let mut q = st.query([term])?;
        let width = ix.columns.len();
        let mut p = Postings::default();
        let mut last: Option<i64> = None;
        while let Some(r) = q.next()? {
            let doc: i64 = r.get(0)?;
            let col = r.get_ref(1)?.as_bytes().unwrap_or_default();
            let Some(c) = ix.columns.iter().position(|n| n.as_bytes() == col) else {
                continue;
            };
            if last != Some(doc) {
                // FTS5 gives a term's rows in ascending order, each row's instances together.
                let Some(slot) = ix.slot(doc) else {
                    continue;
                };
                p.slots.push(slot as u32);
                p.counts.extend(std::iter::repeat_n(0, width));
                last = Some(doc);
            }
            let at = p.counts.len() - width + c;
            p.counts[at] += 1;
        }
        Ok(p)
    }
}

/// A table from row id to slot, if the ids (ascending) span at most four times their number.
fn dense_slots(rows: &[i64]) -> Option<(i64, Vec<u32>)> {
    let (&first, &last) = (rows.first()?, rows.last()?);
    let span = usize::try_from(last.checked_sub(first)?)
        .ok()?
        .checked_add(1)?;
    if span > rows.len().saturating_mul(4).max(1024) {
        return None;
    }
    let mut slots = vec![u32::MAX; span];
    for (i, &r) in rows.iter().enumerate() {
        slots[(r - first) as usize] = i as u32;
    }
    Some((first, slots))
}

/// SQLite's varints (FTS5 writes its sizes with them): 7 bits a byte, high bit set on all
/// but the last, the ninth byte whole.
fn varints(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut v: u64 = 0;
        for i in 0..9 {
            let x = *b.get(at)?;
            at += 1;
            if i == 8 {
                return Some(((v << 8) | x as u64) as u32);
            }
            v = (v << 7) | (x & 0x7f) as u64;
            if x & 0x80 == 0 {
                return Some(v as u32);
            }
        }
        Some(v as u32)
    })
}

impl TermIndex {
    /// Where the row is among `rows`.
    fn slot(&self, row: i64) -> Option<usize> {
        match &self.dense {
            Some((first, slots)) => {
                let at = usize::try_from(row.checked_sub(*first)?).ok()?;
                let s = *slots.get(at)?;
                (s != u32::MAX).then_some(s as usize)
            }
            None => self.rows.binary_search(&row).ok(),
        }
    }

    /// Reads the postings of the terms not read yet.
    pub(crate) fn load(&mut self, lib: &Library, phrases: &[Phrase]) -> Result<()> {
        for ph in phrases {
            if !self.postings.contains_key(&ph.term) {
                let p = lib.read_postings(self, &ph.term)?;
                self.postings.insert(ph.term.clone(), p);
            }
        }
        Ok(())
    }

    /// In how many rows the term (a stem) occurs: what `count(*) … MATCH '"word"'` counts.
    pub(crate) fn rows_with(&self, lib: &Library, term: &str) -> Result<i64> {
        let mut st = lib.conn().prepare_cached(&format!(
            "SELECT doc FROM temp.{} WHERE term = ?1",
            self.vocab_rows
        ))?;
        Ok(st.query_row([term], |r| r.get(0)).optional()?.unwrap_or(0))
    }

    fn idf(&self, rows_with_term: i64) -> f64 {
        let n = self.rows.len() as i64;
        let idf = ((n - rows_with_term) as f64 + 0.5) / (rows_with_term as f64 + 0.5);
        let idf = idf.ln();
        if idf <= 0.0 {
            1e-6
        } else {
            idf
        }
    }

    /// A phrase's weighted frequency in one row: each instance adds its column's weight, in
    /// the order FTS5 visits them (column by column).
    fn frequency(counts: &[u32], weights: &[f64]) -> f64 {
        let mut f = 0.0;
        for (c, &n) in counts.iter().enumerate() {
            let w = weights.get(c).copied().unwrap_or(1.0);
            for _ in 0..n {
                f += w;
            }
        }
        f
    }

    /// One phrase's part of a row's score (`fts5Bm25Function`'s sum, term for term).
    fn term(&self, idf: f64, f: f64, slot: usize) -> f64 {
        idf * ((f * (K1 + 1.0)) / (f + self.norms[slot]))
    }

    /// The `limit` best rows of the OR query of `phrases` by BM25 with column `weights`
    /// (higher first; ties by row id), each with its score: what
    /// `-bm25(index, weights…)` gives, ordered as `ORDER BY rank LIMIT limit`. Every term
    /// must have been [`TermIndex::load`]ed.
    pub(crate) fn ranked(
        &mut self,
        phrases: &[Phrase],
        weights: &[f64],
        limit: usize,
    ) -> Vec<(i64, f64)> {
        let mut acc = std::mem::take(&mut self.acc);
        let mut seen = std::mem::take(&mut self.seen);
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        let width = self.columns.len();
        // Phrase by phrase, in the query's order, as FTS5 sums them.
        for ph in phrases {
            let Some(p) = self.postings.get(&ph.term) else {
                continue;
            };
            let idf = self.idf(ph.rows);
            for (k, &slot) in p.slots.iter().enumerate() {
                let f = Self::frequency(&p.counts[k * width..(k + 1) * width], weights);
                let s = slot as usize;
                if !seen[s] {
                    seen[s] = true;
                    touched.push(slot);
                }
                acc[s] += self.term(idf, f, s);
            }
        }
        let mut out: Vec<(i64, f64)> = Vec::with_capacity(touched.len());
        for &s in &touched {
            let s = s as usize;
            out.push((self.rows[s], acc[s]));
            acc[s] = 0.0;
            seen[s] = false;
        }
        self.acc = acc;
        self.seen = seen;
        self.touched = touched;
        let order = |a: &(i64, f64), b: &(i64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if out.len() > limit {
            out.select_nth_unstable_by(limit, order);
            out.truncate(limit);
        }
        out.sort_by(order);
        out
    }

    /// The BM25 of one row for `phrases` with column `weights` (0 if it holds none of them).
    pub(crate) fn score(&self, row: i64, phrases: &[Phrase], weights: &[f64]) -> f64 {
        let Some(slot) = self.slot(row) else {
            return 0.0;
        };
        let width = self.columns.len();
        let mut score = 0.0;
        for ph in phrases {
            let Some(p) = self.postings.get(&ph.term) else {
                continue;
            };
            if let Ok(k) = p.slots.binary_search(&(slot as u32)) {
                let f = Self::frequency(&p.counts[k * width..(k + 1) * width], weights);
                score += self.term(self.idf(ph.rows), f, slot);
            }
        }
        score
    }
}

/// Query words as the match indexes' tokenizer makes them (FTS5 itself, on an in-memory
/// database): the stem of a word that is one token, `None` for one that is none or several
/// (such a query goes through FTS5).
pub(crate) struct Stemmer {
    conn: Connection,
    known: HashMap<String, Option<String>>,
}

impl Stemmer {
    pub(crate) fn new() -> Result<Stemmer> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE words USING fts5(w, tokenize = '{TOKENIZE}');
             CREATE VIRTUAL TABLE tokens USING fts5vocab(words, instance);"
        ))?;
        Ok(Stemmer {
            conn,
            known: HashMap::new(),
        })
    }

    /// Stems the words not stemmed yet, all in one pass.
    pub(crate) fn learn<'w>(&mut self, words: impl IntoIterator<Item = &'w String>) -> Result<()> {
        let mut new: Vec<&String> = Vec::new();
        for w in words {
            if !self.known.contains_key(w) && !new.contains(&w) {
                new.push(w);
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut ins = tx.prepare_cached("INSERT INTO words(rowid, w) VALUES (?1, ?2)")?;
            for (i, w) in new.iter().enumerate() {
                ins.execute(rusqlite::params![i as i64, w])?;
            }
        }
        let mut found: Vec<Vec<String>> = vec![Vec::new(); new.len()];
        {
            let mut st = tx.prepare_cached("SELECT doc, term FROM tokens")?;
            let mut q = st.query([])?;
            while let Some(r) = q.next()? {
                let doc: i64 = r.get(0)?;
                if let Some(list) = usize::try_from(doc).ok().and_then(|d| found.get_mut(d)) {
                    list.push(r.get(1)?);
                }
            }
        }
        tx.execute("DELETE FROM words", [])?;
        tx.commit()?;
        for (w, mut tokens) in new.into_iter().zip(found) {
            let stem = (tokens.len() == 1).then(|| tokens.remove(0));
            self.known.insert(w.clone(), stem);
        }
        Ok(())
    }

    /// The word's stem, if it is one token and was [`Stemmer::learn`]ed.
    pub(crate) fn stem(&self, word: &str) -> Option<&str> {
        self.known.get(word)?.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive whose records repeat words within and across fields, hold a description
    /// longer than 127 tokens (two-byte sizes), accents, duplicates and digits.
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let words = [
            "vaccine",
            "vaccines",
            "vaccinated",
            "chips",
            "governor",
            "Ohio",
            "unemployment",
            "fell",
            "rose",
            "percent",
            "bridge",
            "painted",
            "blue",
            "café",
            "naïve",
            "Straße",
            "wind",
            "turbines",
            "cancer",
            "2019",
            "2021",
            "running",
            "ran",
            "runs",
            "elections",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut sentence = |n: usize| -> String {
            (0..n)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut body = String::new();
        for i in 0..120 {
            let claim = if i % 17 == 0 {
                "Vaccines contain chips, the governor said of vaccines.".to_string()
            } else {
                sentence(6 + i % 9)
            };
            let description = if i % 10 == 0 {
                sentence(150)
            } else {
                sentence(i % 5)
            };
            let r = serde_json::json!({"@type": "ClaimReview", "identifier": format!("r{i}"),
                "claimReviewed": claim, "name": sentence(3 + i % 4), "description": description,
                "reviewRating": {"alternateName": "False"}});
            body.push_str(&r.to_string());
            body.push('\n');
        }
        let path = dir.path().join("archive.jsonl");
        std::fs::write(&path, body).unwrap();
        let mut lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
        lib.import_archive(&path, &mut |_| {}).unwrap();
        (dir, lib)
    }

    /// FTS5's own `-bm25(…)` of every row the OR query of `words` matches.
    fn fts5_scores(lib: &Library, words: &[&str], weights: &[f64]) -> Vec<(i64, f64)> {
        let query: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        let args: Vec<String> = weights.iter().map(|w| format!("{w:?}")).collect();
        let sql = format!(
            "SELECT rowid, -bm25(fts_archive, {}) FROM fts_archive WHERE fts_archive MATCH ?1",
            args.join(", ")
        );
        let mut st = lib.conn().prepare(&sql).unwrap();
        let mut out: Vec<(i64, f64)> = st
            .query_map([query.join(" OR ")], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    #[test]
    fn bm25_here_is_the_same_number_as_fts5s() {
        let (_dir, lib) = library();
        let mut ix = lib.term_index(MatchIndex::Archive).unwrap().unwrap();
        let mut stemmer = Stemmer::new().unwrap();
        let queries: &[&[&str]] = &[
            &["vaccines"],
            &["vaccine", "vaccinated", "chips"],
            &["café", "naïve", "straße", "2019"],
            &[
                "running",
                "runs",
                "ohio",
                "percent",
                "blue",
                "wind",
                "elections",
            ],
            &["governor", "governor"],
        ];
        for words in queries {
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            stemmer.learn(&owned).unwrap();
            let phrases: Vec<Phrase> = words
                .iter()
                .map(|w| Phrase {
                    term: stemmer.stem(w).unwrap().to_string(),
                    rows: lib.doc_count(MatchIndex::Archive, w).unwrap(),
                })
                .collect();
            ix.load(&lib, &phrases).unwrap();
            for weights in [
                &[1.0, 0.7, 0.4][..],
                &[1.0, 0.0, 0.0],
                &[0.0, 1.0, 0.0],
                &[0.0, 0.0, 1.0],
            ] {
                let want = fts5_scores(&lib, words, weights);
                assert!(!want.is_empty(), "{words:?}");
                let got = ix.ranked(&phrases, weights, usize::MAX);
                // Bit for bit: same rows, same order, same numbers.
                assert_eq!(got, want, "{words:?} {weights:?}");
                for &(row, score) in &want {
                    assert_eq!(ix.score(row, &phrases, weights).to_bits(), score.to_bits());
                }
                let top = ix.ranked(&phrases, weights, 5);
                assert_eq!(top, want[..want.len().min(5)]);
            }
        }
    }

    #[test]
    fn query_words_are_stemmed_as_the_index_stems_them() {
        let mut s = Stemmer::new().unwrap();
        let words: Vec<String> = [
            "running",
            "Vaccines",
            "café",
            "two words",
            "",
            "naïve",
            "हिन्दी",
            "kⓐt",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        s.learn(&words).unwrap();
        s.learn(&words).unwrap();
        assert_eq!(s.stem("running"), Some("run"));
        assert_eq!(s.stem("Vaccines"), Some("vaccin"));
        assert_eq!(s.stem("café"), Some("cafe"));
        assert_eq!(s.stem("naïve"), Some("naiv"));
        // Not one token: such a query is left to FTS5.
        assert_eq!(s.stem("two words"), None);
        // Letters to Rust, separators to FTS5 (a vowel sign, a circled letter).
        assert_eq!(s.stem("हिन्दी"), None);
        assert_eq!(s.stem("kⓐt"), None);
        assert_eq!(s.stem(""), None);
        assert_eq!(s.stem("never learned"), None);
    }

    #[test]
    fn the_match_indexes_use_the_tokenizer_words_are_stemmed_with() {
        let (_dir, lib) = library();
        for table in ["fts_archive", "fts_checked"] {
            let sql: String = lib
                .conn()
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sql.contains(&format!("tokenize = '{TOKENIZE}'")), "{sql}");
        }
    }

    #[test]
    fn sizes_are_read_as_sqlite_writes_varints() {
        let v: Vec<u32> = varints(&[0x05, 0x81, 0x00, 0x83, 0x60, 0x7f]).collect();
        assert_eq!(v, vec![5, 128, 480, 127]);
    }
}
