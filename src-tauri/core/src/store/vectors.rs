//! The archive's stored sentence vectors, held in memory between matches: reading 15,000 rows
//! for every claim cost more than comparing them. Read again whenever the library changed
//! (this connection's count of changes, or another connection's commit: `data_version`).

use super::Library;
use crate::error::Result;
use crate::matching::embed::Model;
use std::sync::Mutex;

#[derive(Default)]
pub(crate) struct VectorCache(Mutex<Option<Held>>);

struct Held {
    stamp: (i64, u64),
    rows: Vec<i64>,
    /// The vectors of `rows` (the stored i8 values, fingerprint off), one after another.
    values: Vec<i8>,
    /// Each row's 1 / length.
    inv_norms: Vec<f32>,
    width: usize,
}

impl Library {
    fn vectors_stamp(&self) -> Result<(i64, u64)> {
        let version: i64 = self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((version, self.conn().total_changes()))
    }

    fn read_vectors(&self, m: &Model, stamp: (i64, u64)) -> Result<Held> {
        let width = m.blob_len();
        let mut held = Held {
            stamp,
            rows: Vec::new(),
            values: Vec::new(),
            inv_norms: Vec::new(),
            width,
        };
        let mut st = self.conn().prepare_cached(
            "SELECT id, embedding FROM archive_reviews WHERE embedding IS NOT NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            // A value of another type, or another model's vector, is left out.
            match r.get_ref(1)?.as_blob() {
                Ok(b) if m.accepts(b) => {
                    let v = &b[4..];
                    let norm: f32 = v.iter().map(|&x| (x as i8 as f32).powi(2)).sum();
                    held.rows.push(r.get(0)?);
                    held.values.extend(v.iter().map(|&x| x as i8));
                    held.inv_norms
                        .push(if norm > 0.0 { norm.sqrt().recip() } else { 0.0 });
                }
                _ => {}
            }
        }
        Ok(held)
    }

    /// For each unit vector of `qs`, the `limit` archived rows whose stored vectors are nearest
    /// it, if their cosine is at least `min`, nearest first.
    pub(crate) fn nearest_archived(
        &self,
        m: &Model,
        qs: &[&[f32]],
        limit: usize,
        min: f32,
    ) -> Result<Vec<Vec<i64>>> {
        let stamp = self.vectors_stamp()?;
        // A poisoned lock only means a panic elsewhere mid-read: the cache is then rebuilt.
        let mut guard = self.vectors.0.lock().unwrap_or_else(|p| p.into_inner());
        if guard
            .as_ref()
            .is_none_or(|h| h.stamp != stamp || h.width != m.blob_len())
        {
            *guard = Some(self.read_vectors(m, stamp)?);
        }
        let Some(held) = guard.as_ref() else {
            return Ok(vec![Vec::new(); qs.len()]);
        };
        let dims = (held.width - 4).max(1);
        let queries: Vec<Quantized> = qs.iter().map(|q| Quantized::of(q)).collect();
        let mut found: Vec<Found> = queries.iter().map(|q| Found::new(q, limit, min)).collect();
        // Rows in blocks that stay in the cache while every query is compared with them: the
        // archive's vectors (~4 MB) are read from memory once per block of queries, not once
        // per query, and widened to i16 once (what the dot product multiplies). Each query
        // still sees the rows in order, so its list is the one a query alone gets.
        let mut wide: Vec<i16> = Vec::with_capacity(dims * ROWS_PER_BLOCK);
        for (b, block) in held.values.chunks(dims * ROWS_PER_BLOCK).enumerate() {
            wide.clear();
            wide.extend(block.iter().map(|&x| x as i16));
            for (q, f) in queries.iter().zip(found.iter_mut()) {
                for (j, v) in wide.chunks_exact(dims).enumerate() {
                    let i = b * ROWS_PER_BLOCK + j;
                    f.consider(q, q.dot(v), held.inv_norms[i], held.rows[i]);
                }
            }
        }
        Ok(found
            .into_iter()
            .map(|f| f.best.into_iter().map(|(_, row)| row).collect())
            .collect())
    }
}

/// One query's nearest rows so far (nearest first), and below what a row is passed over
/// without computing its cosine.
struct Found {
    best: Vec<(f32, i64)>,
    limit: usize,
    min: f32,
    skip_below: f32,
}

impl Found {
    fn new(q: &Quantized, limit: usize, min: f32) -> Found {
        let skip_below = (min - 1e-4) * q.norm;
        Found {
            best: Vec::with_capacity(limit + 1),
            limit,
            min,
            skip_below,
        }
    }

    /// A row whose dot product with the query `q` is `dot` (and 1 / its length `inv_norm`).
    fn consider(&mut self, q: &Quantized, dot: i32, inv_norm: f32, row: i64) {
        let scaled = dot as f32 * inv_norm;
        // The cosine a row must reach is `min` or, once the list is full, its last; a row
        // clearly below (by a margin far above f32's rounding) is passed over before the
        // division, which is then the one a row always had, operation for operation.
        if scaled < self.skip_below {
            return;
        }
        let cos = scaled / q.norm;
        if cos < self.min {
            return;
        }
        if self.best.len() < self.limit || self.best.last().is_some_and(|b| cos > b.0) {
            let at = self.best.partition_point(|b| b.0 >= cos);
            self.best.insert(at, (cos, row));
            self.best.truncate(self.limit);
            let floor = match self.best.last() {
                Some(&(last, _)) if self.best.len() >= self.limit => last.max(self.min),
                _ => self.min,
            };
            self.skip_below = (floor - 1e-4) * q.norm;
        }
    }
}

/// Archived rows compared with every query before the next rows (256 × 256 B = 64 KB).
const ROWS_PER_BLOCK: usize = 256;

/// A query vector as integers (i8's range): an integer dot product vectorises (a float sum, in
/// order, not), and is exact whatever the order of its terms.
struct Quantized {
    values: Vec<i16>,
    norm: f32,
}

impl Quantized {
    fn of(q: &[f32]) -> Quantized {
        let max = q
            .iter()
            .fold(0f32, |a, x| a.max(x.abs()))
            .max(f32::MIN_POSITIVE);
        let values: Vec<i16> = q.iter().map(|x| (x / max * 127.0).round() as i16).collect();
        let norm = values
            .iter()
            .map(|&x| (x as i32 * x as i32) as f32)
            .sum::<f32>()
            .sqrt()
            .max(1.0);
        Quantized { values, norm }
    }

    fn dot(&self, v: &[i16]) -> i32 {
        // Sixteen lanes at a time, each pair multiplied into i32 and added (what SSE2's
        // `pmaddwd` does): exact, so the order of the sum does not matter.
        let mut lanes = [0i32; LANES];
        let (vc, vr) = v.as_chunks::<LANES>();
        let (qc, qr) = self.values.as_chunks::<LANES>();
        for (a, b) in vc.iter().zip(qc) {
            for k in 0..LANES {
                lanes[k] += a[k] as i32 * b[k] as i32;
            }
        }
        let rest: i32 = vr.iter().zip(qr).map(|(&a, &b)| a as i32 * b as i32).sum();
        lanes.iter().sum::<i32>() + rest
    }
}

const LANES: usize = 16;
