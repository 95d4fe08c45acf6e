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

    /// The `limit` archived rows whose stored vectors are nearest the unit vector `q`, if their
    /// cosine is at least `min`.
    pub(crate) fn nearest_archived(
        &self,
        m: &Model,
        q: &[f32],
        limit: usize,
        min: f32,
    ) -> Result<Vec<i64>> {
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
            return Ok(Vec::new());
        };
        // The query as i8 too: an integer dot product vectorises (a float sum, in order, not).
        let max = q
            .iter()
            .fold(0f32, |a, x| a.max(x.abs()))
            .max(f32::MIN_POSITIVE);
        let qi: Vec<i32> = q.iter().map(|x| (x / max * 127.0).round() as i32).collect();
        let q_norm = qi
            .iter()
            .map(|&x| (x * x) as f32)
            .sum::<f32>()
            .sqrt()
            .max(1.0);
        let dims = held.width - 4;
        let mut best: Vec<(f32, i64)> = Vec::with_capacity(limit + 1);
        for (i, v) in held.values.chunks_exact(dims.max(1)).enumerate() {
            let dot: i32 = v.iter().zip(&qi).map(|(&a, &b)| a as i32 * b).sum();
            let cos = dot as f32 * held.inv_norms[i] / q_norm;
            if cos < min {
                continue;
            }
            if best.len() < limit || best.last().is_some_and(|b| cos > b.0) {
                let at = best.partition_point(|b| b.0 >= cos);
                best.insert(at, (cos, held.rows[i]));
                best.truncate(limit);
            }
        }
        Ok(best.into_iter().map(|(_, row)| row).collect())
    }
}
