//! Sentences, check-worthiness and claim candidates: explainable rules, no model download.

mod lexicon;
pub mod sentences;

use crate::document::Document;
use crate::model::{ClaimKind, FactKind};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Sentences scoring below this are not proposed as claims.
    pub min_score: f32,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions { min_score: 0.5 }
    }
}

/// A sentence of the document's text (byte range) and its check-worthiness in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimCandidate {
    pub range: Range<usize>,
    pub score: f32,
    pub kinds: Vec<ClaimKind>,
    pub reasons: Vec<String>,
    /// Checkable facts inside the claim (byte ranges into the document text).
    pub facts: Vec<(Range<usize>, FactKind)>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub claims: Vec<ClaimCandidate>,
}

pub fn analyze(doc: &Document, _opts: &AnalyzeOptions) -> Analysis {
    let sentences = sentences::split(doc)
        .into_iter()
        .map(|range| Sentence { range, score: 0.0 })
        .collect();
    Analysis {
        sentences,
        claims: Vec::new(),
    }
}
