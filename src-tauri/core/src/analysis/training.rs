//! What the training program (`src-tauri/core/examples/train.rs`, `make train`) needs from the
//! analysis: each sentence's features exactly as the app computes them, and the hash of the
//! inputs the embedded weights were trained from (so a test can tell they are stale).

use super::claims::{self, Scratch};
use super::features::{f, Features};
use super::{article_names, sentences};
use crate::document::Document;
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::Path;

/// One sentence of a document as the scorer sees it.
#[derive(Debug, Clone)]
pub struct Row {
    /// Byte range in the document's text.
    pub range: Range<usize>,
    pub features: Features,
    /// The score the embedded weights give it.
    pub score: f32,
}

/// Every sentence of `doc` with its features; `debate` marks sentences of debate transcripts
/// (a training-only feature: the app always scores news prose).
pub fn sentence_features(doc: &Document, debate: bool) -> Vec<Row> {
    let names = article_names(&doc.text, &[&doc.blocks]);
    let mut scratch = Scratch::default();
    scratch.features.context = std::sync::Arc::new(super::context::DocContext::of(doc));
    let mut out = Vec::new();
    for block in &doc.blocks {
        let base = block.range.start;
        scratch.features.enter_block(base, doc.text.len());
        let mut quote_open = false;
        sentences::split_block_into(doc.block_text(block), block.kind, |r| {
            let range = base + r.start..base + r.end;
            let s = claims::score(
                &doc.text,
                range.clone(),
                block.kind,
                &mut quote_open,
                &mut scratch,
                &names,
            );
            let mut features = scratch.features.clone();
            if debate {
                features.dense[f::DEBATE] = 1.0;
            }
            out.push(Row {
                range,
                features,
                score: s.score,
            });
        });
    }
    out
}

/// The code whose output the weights depend on: the features and how they are computed, and
/// the training program itself.
const CODE: [&str; 9] = [
    include_str!("mod.rs"),
    include_str!("claims.rs"),
    include_str!("context.rs"),
    include_str!("features.rs"),
    include_str!("lexicon.rs"),
    include_str!("sentences.rs"),
    include_str!("training.rs"),
    include_str!("scorer.rs"),
    include_str!("../../examples/train.rs"),
];

/// The files of the training data, in the order they are hashed: the project's labels, the
/// news articles they label and ClaimBuster's training sentences.
pub fn data_files(repo: &Path, shared: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let labels = repo.join("eval/labels/news");
    let mut files: Vec<_> = std::fs::read_dir(&labels)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let articles: Vec<_> = files
        .iter()
        .filter_map(|p| p.file_stem())
        .map(|stem| {
            shared
                .join("eval/data/news")
                .join(format!("{}.txt", stem.to_string_lossy()))
        })
        .collect();
    files.extend(articles);
    files.push(shared.join("eval/data/public/claimbuster/crowdsourced.csv"));
    files.push(repo.join("src-tauri/core/model/embeddings.bin"));
    Ok(files)
}

/// SHA-256 of the training inputs: the code above, then each data file's name and bytes.
pub fn input_hash(repo: &Path, shared: &Path) -> std::io::Result<[u8; 32]> {
    let mut h = Sha256::new();
    for code in CODE {
        h.update((code.len() as u64).to_le_bytes());
        h.update(code.as_bytes());
    }
    for path in data_files(repo, shared)? {
        let bytes = std::fs::read(&path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        h.update(name.unwrap_or_default().as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().into())
}

/// The static word vectors the scorer's "wording" features come from: one unit vector per
/// whole word of `model/embeddings.bin` (the matcher's model, distilled from all-MiniLM-L6-v2;
/// its layout is in `matching::embed`). Word pieces (`##…`) and special tokens are left out:
/// the scorer looks words up whole, by [`word_hash`](super::features::word_hash).
pub struct WordVectors {
    pub dims: usize,
    pub by_hash: std::collections::HashMap<u32, Vec<f32>>,
}

impl WordVectors {
    pub fn parse(b: &[u8]) -> Result<WordVectors, String> {
        let bad = || "not an FDEMB001 embeddings file".to_string();
        let u32_at = |at: usize| -> Result<usize, String> {
            let s = b.get(at..at + 4).ok_or_else(bad)?;
            Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
        };
        if b.get(..8) != Some(b"FDEMB001".as_slice()) {
            return Err(bad());
        }
        let (tokens, dims, vocab_len) = (u32_at(8)?, u32_at(12)?, u32_at(16)?);
        let vocab = b.get(20..20 + vocab_len).ok_or_else(bad)?;
        let vocab = std::str::from_utf8(vocab).map_err(|_| bad())?;
        let scales_at = 20 + vocab_len;
        let rows_at = scales_at + 4 * tokens;
        if b.len() < rows_at + tokens * dims {
            return Err(bad());
        }
        let mut by_hash = std::collections::HashMap::new();
        for (id, token) in vocab.split('\n').enumerate().take(tokens) {
            if token.starts_with("##") || token.starts_with('[') || token.is_empty() {
                continue;
            }
            let row = &b[rows_at + id * dims..rows_at + (id + 1) * dims];
            let v: Vec<f32> = row.iter().map(|&q| f32::from(q as i8)).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                let unit = v.iter().map(|x| x / norm).collect();
                by_hash
                    .entry(super::features::word_hash(token))
                    .or_insert(unit);
            }
        }
        Ok(WordVectors { dims, by_hash })
    }

    /// The mean of the vectors of `words` (a word without one counts as zero).
    pub fn mean(&self, words: &[u32]) -> Vec<f32> {
        let mut out = vec![0.0f32; self.dims];
        for v in words.iter().filter_map(|w| self.by_hash.get(w)) {
            out.iter_mut().zip(v).for_each(|(o, x)| *o += x);
        }
        let n = words.len().max(1) as f32;
        out.iter_mut().for_each(|o| *o /= n);
        out
    }
}
