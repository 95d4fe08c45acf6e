//! Sentence vectors from a static embedding model distilled from all-MiniLM-L6-v2
//! (`scripts/distill-embeddings.py`; source and licence in `model/README.md`): each WordPiece
//! token has a vector, a text's vector is the L2-normalised sum of its tokens' vectors (their
//! lengths carry the token's weight). No transformer runs here: a text is embedded in
//! microseconds, so archive import and matching keep their speed.
//!
//! `model/embeddings.bin`, little-endian:
//! `FDEMB001` · u32 tokens · u32 dims · u32 vocabulary bytes · the vocabulary (UTF-8, one token
//! a line, line = id) · f32 scale per token · i8 × dims per token (value = scale × i8).
//!
//! Stored vectors (`to_blob`) are the unit vector as i8 × dims after a u32 model fingerprint:
//! a vector from another model is never compared, it is computed again.

use super::wordpiece::{tokenize, Piece, Vocab};
use std::sync::OnceLock;

static EMBEDDED: &[u8] = include_bytes!("../../model/embeddings.bin");
const MAGIC: &[u8; 8] = b"FDEMB001";

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("embedding model: not a Factdesk embedding file (bad magic)")]
    Magic,
    #[error("embedding model: file ends early or has {0} bytes too many")]
    Length(i64),
    #[error("embedding model: the vocabulary is not UTF-8 or has {0} lines for {1} tokens")]
    Vocabulary(usize, usize),
    #[error("embedding model: a scale is not a finite number")]
    Scale,
}

/// A parsed model; borrows the file's bytes.
pub struct Model<'b> {
    vocab: Vocab<'b>,
    dims: usize,
    scales: Vec<f32>,
    rows: &'b [u8],
    /// Tokens left out of a text's vector: special tokens and lone punctuation.
    skip: Vec<bool>,
    fingerprint: u32,
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl<'b> Model<'b> {
    pub fn parse(bytes: &'b [u8]) -> Result<Model<'b>, ModelError> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(ModelError::Magic);
        }
        let short = ModelError::Length(-1);
        let n = u32_at(bytes, 8).ok_or(short.clone())? as usize;
        let dims = u32_at(bytes, 12).ok_or(short.clone())? as usize;
        let vocab_len = u32_at(bytes, 16).ok_or(short.clone())? as usize;
        let vocab_end = 20usize.checked_add(vocab_len).ok_or(short.clone())?;
        let scales_end = n
            .checked_mul(4)
            .and_then(|s| s.checked_add(vocab_end))
            .ok_or(short.clone())?;
        let end = n
            .checked_mul(dims)
            .and_then(|s| s.checked_add(scales_end))
            .ok_or(short.clone())?;
        if end != bytes.len() || dims == 0 {
            return Err(ModelError::Length(bytes.len() as i64 - end as i64));
        }
        let words =
            std::str::from_utf8(&bytes[20..vocab_end]).map_err(|_| ModelError::Vocabulary(0, n))?;
        let lines: Vec<&str> = words.split('\n').collect();
        if lines.len() != n {
            return Err(ModelError::Vocabulary(lines.len(), n));
        }
        let scales: Vec<f32> = bytes[vocab_end..scales_end]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if scales.iter().any(|s| !s.is_finite()) {
            return Err(ModelError::Scale);
        }
        let skip = lines
            .iter()
            .map(|w| {
                (w.starts_with('[') && w.ends_with(']')) || !w.chars().any(char::is_alphanumeric)
            })
            .collect();
        Ok(Model {
            vocab: lines
                .iter()
                .enumerate()
                .map(|(i, w)| (*w, i as u32))
                .collect(),
            dims,
            scales,
            rows: &bytes[scales_end..],
            skip,
            fingerprint: fnv1a(&bytes[vocab_end..scales_end]) ^ dims as u32,
        })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    pub fn vocab(&self) -> &Vocab<'b> {
        &self.vocab
    }

    /// The text's unit vector; `None` when no token of it has a vector worth counting.
    pub fn embed(&self, text: &str) -> Option<Vec<f32>> {
        let mut sum = vec![0f32; self.dims];
        let mut any = false;
        for p in tokenize(text, &self.vocab) {
            let Piece::Known(id) = p else { continue };
            let id = id as usize;
            if self.skip[id] {
                continue;
            }
            let scale = self.scales[id];
            let row = &self.rows[id * self.dims..(id + 1) * self.dims];
            for (s, &q) in sum.iter_mut().zip(row) {
                *s += scale * (q as i8) as f32;
            }
            any = true;
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        if !any || norm == 0.0 || !norm.is_finite() {
            return None;
        }
        sum.iter_mut().for_each(|x| *x /= norm);
        Some(sum)
    }

    /// A unit vector as stored: fingerprint, then i8 × dims.
    pub fn to_blob(&self, v: &[f32]) -> Vec<u8> {
        let max = v
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(f32::MIN_POSITIVE);
        let mut out = Vec::with_capacity(4 + v.len());
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        out.extend(v.iter().map(|x| ((x / max * 127.0).round() as i8) as u8));
        out
    }

    /// The length of a stored vector.
    pub fn blob_len(&self) -> usize {
        4 + self.dims
    }

    /// Whether a stored vector is this model's.
    pub fn accepts(&self, blob: &[u8]) -> bool {
        blob.len() == self.blob_len() && u32_at(blob, 0) == Some(self.fingerprint)
    }

    /// Cosine of a unit vector and a stored one; `None` if it is not this model's.
    pub fn cosine_blob(&self, q: &[f32], blob: &[u8]) -> Option<f32> {
        if !self.accepts(blob) {
            return None;
        }
        let (mut dot, mut norm) = (0f32, 0f32);
        for (a, &b) in q.iter().zip(&blob[4..]) {
            let b = (b as i8) as f32;
            dot += a * b;
            norm += b * b;
        }
        Some(if norm > 0.0 { dot / norm.sqrt() } else { 0.0 })
    }
}

fn fnv1a(b: &[u8]) -> u32 {
    b.iter().fold(0x811c_9dc5u32, |h, &x| {
        (h ^ x as u32).wrapping_mul(0x0100_0193)
    })
}

/// The model built into the binary, parsed once. `None` (matching stays lexical) if the file
/// is damaged: that is a build fault, reported once on stderr, never a crash.
pub fn model() -> Option<&'static Model<'static>> {
    static MODEL: OnceLock<Option<Model<'static>>> = OnceLock::new();
    MODEL
        .get_or_init(|| match Model::parse(EMBEDDED) {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("factdesk: {e}; matching goes on without it");
                None
            }
        })
        .as_ref()
}

/// The vector to store for a text, if the model is there and the text has known words.
pub fn blob_for(text: &str) -> Option<Vec<u8>> {
    let m = model()?;
    m.embed(text).map(|v| m.to_blob(&v))
}

/// What an archived review's vector is made of: its claim and its title (together they
/// found more on the train queries than either alone, or both apart).
pub fn review_text(claim: &str, title: &str) -> String {
    format!("{claim}\n{title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Vec<u8> {
        let vocab = "[UNK]\n[CLS]\njob\n##less\nrate\nunemployment\n!";
        let rows: [[i8; 2]; 7] = [
            [0, 0],
            [0, 0],
            [100, 10],
            [90, 0],
            [10, 100],
            [127, 20],
            [50, 50],
        ];
        let mut b = MAGIC.to_vec();
        for x in [7u32, 2, vocab.len() as u32] {
            b.extend_from_slice(&x.to_le_bytes());
        }
        b.extend_from_slice(vocab.as_bytes());
        for _ in 0..7 {
            b.extend_from_slice(&0.01f32.to_le_bytes());
        }
        b.extend(rows.iter().flatten().map(|&x| x as u8));
        b
    }

    #[test]
    fn the_built_in_model_parses() {
        let m = model().expect("the committed model file parses");
        assert!(m.dims() >= 64);
        assert!(m.vocab().contains_key("unemployment"));
    }

    #[test]
    fn a_text_is_the_unit_mean_of_its_tokens_punctuation_and_specials_left_out() {
        let bytes = tiny();
        let m = Model::parse(&bytes).expect("tiny model");
        let v = m.embed("Jobless! [CLS]").expect("known words");
        let n = (v[0] * v[0] + v[1] * v[1]).sqrt();
        assert!((n - 1.0).abs() < 1e-5);
        // job (100, 10) + ##less (90, 0), normalised.
        assert!((v[1] / v[0] - 10.0 / 190.0).abs() < 1e-4);
        assert_eq!(m.embed("!!"), None);
        assert_eq!(m.embed("zzz"), None);
        let blob = m.to_blob(&v);
        let c = m.cosine_blob(&v, &blob).expect("same model");
        assert!((c - 1.0).abs() < 1e-3);
        assert_eq!(m.cosine_blob(&v, &blob[..3]), None);
    }

    #[test]
    fn a_damaged_model_file_is_an_error_not_a_panic() {
        let good = tiny();
        assert!(Model::parse(&good).is_ok());
        assert_eq!(Model::parse(b"nonsense").err(), Some(ModelError::Magic));
        assert_eq!(Model::parse(b"FDEMB0").err(), Some(ModelError::Magic));
        for cut in [9, 16, 20, 30, good.len() - 1] {
            assert!(Model::parse(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = good.clone();
        long.push(0);
        assert_eq!(Model::parse(&long).err(), Some(ModelError::Length(1)));
        let mut huge = good.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Model::parse(&huge).is_err());
        let mut nan = good.clone();
        let at = 20 + "[UNK]\n[CLS]\njob\n##less\nrate\nunemployment\n!".len();
        nan[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(Model::parse(&nan).err(), Some(ModelError::Scale));
        let mut bad_utf8 = good;
        bad_utf8[21] = 0xff;
        assert!(matches!(
            Model::parse(&bad_utf8).err(),
            Some(ModelError::Vocabulary(..))
        ));
    }
}
