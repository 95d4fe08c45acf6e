//! The learned claim scorer: two logistic regressions over [`features`](super::features), one
//! for "a central check-worthy claim" and one for "checkable factual content", blended and
//! calibrated on the labelled news set (`make train`, `src-tauri/core/examples/train.rs`).
//!
//! The weights file is built by the training program and embedded in the binary. Its layout
//! (little-endian): magic `FDCS`, format version, lexical bits, dense count, the SHA-256 of
//! the training inputs (labels, data and the feature code: see `training::input_hash`), the
//! default threshold, the calibration `a`, `b`, the blend `β` and the factual threshold, then
//! the dense weights of the two heads, then the lexical weights, the two heads' weights of a
//! bucket side by side (one cache line serves both), all `f32`; then the word table: a `u32`
//! count and, sorted by word hash, `u32` hash + the two heads' `f32` values of each word.
//! A word's value is its static word vector (`model/embeddings.bin`) dotted with a head's
//! word-vector weights, so the mean over a sentence's words is exactly that head's term for
//! the sentence's mean vector: the app adds word values and never holds a vector.
//! score = σ(a · (z_central + β · z_factual) + b); factual = σ(z_factual).

use super::features::{f, Features, LEX_BITS, LEX_SIZE};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

pub const MAGIC: &[u8; 4] = b"FDCS";
pub const VERSION: u32 = 4;
pub const HEADER: usize = 4 + 4 + 4 + 4 + 32 + 5 * 4;

static EMBEDDED: &[u8] = include_bytes!("../../model/claim_scorer.bin");

/// The parsed header; the weights are read from the bytes where they lie.
pub struct Weights<'b> {
    pub input_hash: [u8; 32],
    pub threshold: f32,
    pub calib_a: f32,
    pub calib_b: f32,
    pub blend: f32,
    /// The default least chance of factual content that proposes a sentence anyway.
    pub factual_threshold: f32,
    bytes: &'b [u8],
    /// Word hash → the two heads' values (the word table).
    words: HashMap<u32, (f32, f32), BuildHasherDefault<HashIsKey>>,
}

/// The word table's keys are FNV hashes already: hashing them again would only cost time.
#[derive(Default)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits: the table's buckets are chosen from the high bits too.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The two heads, in the file's order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Head {
    Central = 0,
    Factual = 1,
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0.0, f32::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

impl<'b> Weights<'b> {
    /// The weights in `bytes`, if they are a weights file of this version and shape.
    pub fn parse(bytes: &'b [u8]) -> Option<Self> {
        let table = HEADER + 2 * 4 * (f::COUNT + LEX_SIZE);
        let count = u32_at(bytes, table) as usize;
        if bytes.len() != table + 4 + 12 * count
            || &bytes[..4] != MAGIC
            || u32_at(bytes, 4) != VERSION
            || u32_at(bytes, 8) != LEX_BITS
            || u32_at(bytes, 12) as usize != f::COUNT
        {
            return None;
        }
        let mut input_hash = [0u8; 32];
        input_hash.copy_from_slice(&bytes[16..48]);
        let words = (0..count)
            .map(|i| table + 4 + 12 * i)
            .map(|at| {
                let value = (f32_at(bytes, at + 4), f32_at(bytes, at + 8));
                (u32_at(bytes, at), value)
            })
            .collect();
        Some(Weights {
            input_hash,
            threshold: f32_at(bytes, 48),
            calib_a: f32_at(bytes, 52),
            calib_b: f32_at(bytes, 56),
            blend: f32_at(bytes, 60),
            factual_threshold: f32_at(bytes, 64),
            bytes,
            words,
        })
    }

    pub fn dense(&self, head: Head, i: usize) -> f32 {
        f32_at(self.bytes, HEADER + 4 * (head as usize * f::COUNT + i))
    }

    pub fn lex(&self, head: Head, bucket: u32) -> f32 {
        let base = HEADER + 4 * 2 * f::COUNT;
        f32_at(self.bytes, base + 4 * (2 * bucket as usize + head as usize))
    }

    /// Both heads' linear scores of `x`, in one pass over its features.
    pub fn heads(&self, x: &Features) -> (f32, f32) {
        let (mut c, mut f) = (0.0f32, 0.0f32);
        for (i, v) in x.dense.iter().enumerate().filter(|(_, v)| **v != 0.0) {
            c += self.dense(Head::Central, i) * v;
            f += self.dense(Head::Factual, i) * v;
        }
        let base = HEADER + 4 * 2 * f::COUNT;
        for &b in &x.lex {
            let at = base + 8 * b as usize;
            c += f32_at(self.bytes, at);
            f += f32_at(self.bytes, at + 4);
        }
        let (wc, wf) = self.wording(x);
        (c + wc, f + wf)
    }

    /// The two heads' terms for the sentence's words (the mean of their word values; a word
    /// without a vector counts as zero, as in training).
    pub fn wording(&self, x: &Features) -> (f32, f32) {
        if x.words.is_empty() {
            return (0.0, 0.0);
        }
        let (mut c, mut f) = (0.0f32, 0.0f32);
        for (wc, wf) in x.words.iter().filter_map(|w| self.words.get(w)) {
            c += wc;
            f += wf;
        }
        let n = x.words.len() as f32;
        (c / n, f / n)
    }

    /// The calibrated score and the chance of factual content.
    pub fn score(&self, x: &Features) -> (f32, f32) {
        let (c, f) = self.heads(x);
        (
            sigmoid(self.calib_a * (c + self.blend * f) + self.calib_b),
            sigmoid(f),
        )
    }

    /// What dense feature `i` at value `v` adds to the blended score.
    pub fn dense_contribution(&self, i: usize, v: f32) -> f32 {
        self.calib_a
            * v
            * (self.dense(Head::Central, i) + self.blend * self.dense(Head::Factual, i))
    }

    /// What dense feature `i` at value `v` adds to the chance of checkable content.
    pub fn factual_contribution(&self, i: usize, v: f32) -> f32 {
        v * self.dense(Head::Factual, i)
    }

    /// What word `hash` adds to the blended score of a sentence of `n` words.
    pub fn word_contribution(&self, hash: u32, n: usize) -> f32 {
        self.words.get(&hash).map_or(0.0, |(c, f)| {
            self.calib_a * (c + self.blend * f) / n.max(1) as f32
        })
    }

    /// What one occurrence of lexical bucket `b` adds to the blended score.
    pub fn lex_contribution(&self, b: u32) -> f32 {
        self.calib_a * (self.lex(Head::Central, b) + self.blend * self.lex(Head::Factual, b))
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The embedded weights; `None` only if the file in the build is not a weights file (then
/// the rule score stands in, so a broken file cannot stop the app).
pub fn embedded() -> Option<&'static Weights<'static>> {
    static PARSED: OnceLock<Option<Weights<'static>>> = OnceLock::new();
    PARSED.get_or_init(|| Weights::parse(EMBEDDED)).as_ref()
}

/// The default proposal threshold chosen by cross-validation (see `make eval`).
pub fn default_threshold() -> f32 {
    embedded().map_or(0.2, |w| w.threshold)
}

/// The default factual threshold chosen by cross-validation (see `make eval`).
pub fn default_factual_threshold() -> f32 {
    embedded().map_or(1.0, |w| w.factual_threshold)
}

/// The calibrated score of a sentence's features, and the chance that it holds checkable
/// facts (label 1 or 2).
pub fn score(x: &Features) -> (f32, f32) {
    match embedded() {
        Some(w) => w.score(x),
        None => (x.dense[f::RULE], 0.0),
    }
}
