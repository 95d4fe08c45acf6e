//! What the training program (`src-tauri/core/examples/train.rs`, `make train`) needs from the
//! analysis: each sentence's features exactly as the app computes them, and the hash of the
//! inputs the embedded weights were trained from (so a test can tell they are stale).

use super::claims::{self, Scratch};
use super::features::{f, Features};
use super::{mid_sentence_names, sentences};
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
    let names = mid_sentence_names(&doc.text, 0..doc.text.len());
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    let total = doc.text.len().max(1) as f32;
    for block in &doc.blocks {
        let base = block.range.start;
        scratch.features.position = base as f32 / total;
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
const CODE: [&str; 7] = [
    include_str!("claims.rs"),
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
